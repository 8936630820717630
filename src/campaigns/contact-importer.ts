import { Readable } from 'node:stream';
import { URL_VARIABLE_MAX_LENGTH } from '../templates/neutralise';
import { isKnownTimeZone } from './calling-window';
import type { CampaignStore, ContactRow, ImportProblem } from './campaign-store';
import { ContactImportError } from './contact-import-error';
import { readCsvRecords } from './csv-record-reader';
import type { ContactImportOptions } from './contact-import-options';
import { normalisePhone } from './phone-number';

/** What an import did. */
export interface ImportReport {
  /** Data rows read (the header not counted). */
  rows: number;
  imported: number;
  duplicates: number;
  invalid: number;
  /** The first invalid rows, by line (1 = the header). */
  problems: ImportProblem[];
  /** Things that are not wrong but probably not meant (columns the flow will not see). */
  warnings: string[];
  /** False when the input stopped before its end (the client went away, the stream failed). */
  complete: boolean;
  /** The last line read whole: every line up to it is imported or in the problems. */
  lastLine: number;
  /** Why the input stopped, when it did. */
  cutOff?: string;
}

const VAR_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const IMPLICIT_TIMEZONE_COLUMN = 'timezone';

/**
 * Streams a CSV contact list into a draft campaign: each number normalised to E.164 (with the
 * campaign's default region), numbers the campaign already has dropped, invalid rows counted and
 * reported with their line numbers while the import goes on. Every line of the file is imported,
 * a duplicate, blank, or reported with its true line number and the reason (a stray quote, too few
 * or too many fields...); an input cut off part-way is recorded as incomplete with the last line
 * read, and a retry of the same file imports only what is missing (numbers are unique per campaign). Rows go to Redis in batches, one
 * script call each; the stream is read only as fast as Redis takes them, so memory stays flat
 * whatever the file's size.
 */
export class ContactImporter {
  constructor(private readonly store: CampaignStore) {}

  async import(campaignId: string, input: Readable | string, options: ContactImportOptions): Promise<ImportReport> {
    const batchSize = options.batchSize ?? 500;
    const keep = options.reportProblems ?? 100;
    const report: ImportReport = { rows: 0, imported: 0, duplicates: 0, invalid: 0, problems: [], warnings: [], complete: true, lastLine: 0 };
    const problems: ImportProblem[] = [];
    const invalid = (line: number, message: string) => {
      report.invalid += 1;
      if (problems.length < 1000) problems.push({ line, message });
    };
    const source = typeof input === 'string' ? Readable.from([input]) : input;

    let layout: Layout | undefined;
    let batch: ContactRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      const duplicates = await this.store.importRows(campaignId, rows);
      report.duplicates += duplicates.length;
      report.imported += rows.length - duplicates.length;
    };
    // A line the stray-quote check may read as a row of its own: the header's width and a phone number.
    const looksLikeRow = (fields: string[]) => layout !== undefined && fields.length === layout.width && normalisePhone(fields[layout.phone] ?? '', options.contacts.defaultRegion).ok;
    for await (const item of readCsvRecords(source, looksLikeRow)) {
      if (item.kind === 'cut-off') {
        report.complete = false;
        report.cutOff = item.reason;
        report.lastLine = item.lastLine;
        break;
      }
      report.lastLine = item.kind === 'record' ? item.endLine : item.line;
      if (item.kind === 'problem') {
        // Before the header, a line that is not a record still counts as a row of the file.
        report.rows += 1;
        invalid(item.line, item.message);
        continue;
      }
      const { fields: record, line } = item;
      if (!layout) {
        layout = headerLayout(record, line, options);
        report.warnings.push(...layout.warnings);
        continue;
      }
      report.rows += 1;
      if (record.length !== layout.width) {
        invalid(line, `${record.length} field${record.length === 1 ? '' : 's'}, the header has ${layout.width}`);
        continue;
      }
      const phone = normalisePhone(record[layout.phone] ?? '', options.contacts.defaultRegion);
      if (!phone.ok) {
        invalid(line, phone.problem);
        continue;
      }
      let timezone: string | undefined;
      if (layout.timezone !== undefined) {
        const zone = record[layout.timezone] ?? '';
        if (zone !== '') {
          if (!isKnownTimeZone(zone)) {
            invalid(line, `unknown time zone '${zone.slice(0, 60)}'`);
            continue;
          }
          timezone = zone;
        }
      }
      const vars: Record<string, string> = {};
      let tooLong: string | undefined;
      for (const [name, index] of layout.vars) {
        const value = record[index] ?? '';
        if (value.length > URL_VARIABLE_MAX_LENGTH) tooLong = name;
        if (value !== '') vars[name] = value;
      }
      if (tooLong) {
        invalid(line, `'${tooLong}' is longer than ${URL_VARIABLE_MAX_LENGTH} characters`);
        continue;
      }
      batch.push({ phone: phone.e164, line, ...(timezone ? { timezone } : {}), ...(Object.keys(vars).length > 0 ? { vars } : {}) });
      // Duplicates (within the batch too) are found by the script, in row order.
      if (batch.length >= batchSize) await flush();
    }
    if (!layout && report.complete) throw new ContactImportError('the contact list is empty (it needs a header row naming the columns)', 1);
    // Rows read whole before a cut are kept: a retry of the same file finds them as duplicates.
    await flush();
    problems.sort((a, b) => a.line - b.line);
    report.problems = problems.slice(0, keep);
    await this.store.recordImport(
      campaignId,
      { rows: report.rows, invalid: report.invalid, duplicates: report.duplicates },
      problems,
      report.complete ? { complete: true, lastLine: report.lastLine } : { complete: false, lastLine: report.lastLine, reason: report.cutOff ?? 'the upload stopped' },
    );
    return report;
  }
}

interface Layout {
  width: number;
  phone: number;
  timezone: number | undefined;
  vars: Array<[string, number]>;
  warnings: string[];
}

function headerLayout(header: string[], line: number, options: ContactImportOptions): Layout {
  const { contacts, declaredVars } = options;
  const index = (name: string) => header.findIndex((h) => h === name);
  const phone = index(contacts.phoneColumn);
  if (phone < 0) {
    throw new ContactImportError(`no '${contacts.phoneColumn}' column (the columns are: ${header.join(', ')})`, line);
  }
  let timezone: number | undefined;
  if (contacts.timezoneColumn) {
    timezone = index(contacts.timezoneColumn);
    if (timezone < 0) throw new ContactImportError(`no '${contacts.timezoneColumn}' column for time zones (the columns are: ${header.join(', ')})`, line);
  } else if (index(IMPLICIT_TIMEZONE_COLUMN) >= 0) {
    timezone = index(IMPLICIT_TIMEZONE_COLUMN);
  }
  const warnings: string[] = [];
  const vars: Array<[string, number]> = [];
  if (contacts.variables) {
    for (const name of contacts.variables) {
      const at = index(name);
      if (at < 0) throw new ContactImportError(`no '${name}' column for the variable contacts.variables names (the columns are: ${header.join(', ')})`, line);
      vars.push([name, at]);
    }
  } else {
    header.forEach((name, at) => {
      if (at === phone || at === timezone || name === '') return;
      if (!VAR_NAME.test(name)) {
        warnings.push(`column '${name}' is not passed to the flow: variable names start with a letter and use letters, digits and _`);
        return;
      }
      vars.push([name, at]);
    });
  }
  if (declaredVars) {
    const unseen = vars.map(([name]) => name).filter((name) => !declaredVars.has(name));
    if (unseen.length > 0) warnings.push(`the flow does not declare ${unseen.map((n) => `'${n}'`).join(', ')}: it will not see ${unseen.length === 1 ? 'that column' : 'those columns'} (declare them under vars: in the flow)`);
  }
  return { width: header.length, phone, timezone, vars, warnings };
}
