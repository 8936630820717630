import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { FlowDiagnostic } from '../source/flow-diagnostic';
import { SourceFile } from '../source/source-file';
import type { CampaignDefinition, CampaignState } from './campaign-definition';
import { CampaignDefinitionError } from './campaign-definition-error';
import { CampaignNotFoundError } from './campaign-not-found-error';
import { buildProgress, RATE_WINDOW_MS, type CampaignProgress } from './campaign-progress';
import type { CampaignServiceOptions } from './campaign-service-options';
import { CampaignStateError } from './campaign-state-error';
import type { CampaignAction, CampaignStore } from './campaign-store';
import { ContactImporter, type ImportReport } from './contact-importer';
import { loadCampaignDefinition } from './load-campaign-definition';
import { normalisePhone } from './phone-number';
import { writeResultsCsv } from './results-csv';

export interface CreateCampaignInput {
  /** Shown in diagnostics (the file's path, or `request`). */
  path: string;
  /** The campaign as YAML or JSON. */
  text: string;
  /** Where `contacts.file` and `do_not_call.file` are read from; undefined: files are refused (the API). */
  baseDir?: string;
}

export interface CreatedCampaign {
  id: string;
  state: CampaignState;
  definition: CampaignDefinition;
  /** Warnings about the definition (file:line:col). */
  warnings: FlowDiagnostic[];
  /** The contact import, when the campaign named its contacts. */
  contacts?: ImportReport;
  /** Numbers read from do_not_call.file, and the lines that were not numbers. */
  doNotCall?: { added: number; problems: Array<{ line: number; message: string }> };
}

/**
 * What the API and the CLI do with campaigns: create (validate, store, import contacts and the
 * do-not-call file), import more contacts into a draft, move through the lifecycle, report
 * progress and results, keep the do-not-call list.
 */
export class CampaignService {
  readonly store: CampaignStore;
  private readonly importer: ContactImporter;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: CampaignServiceOptions) {
    this.store = options.store;
    this.importer = new ContactImporter(options.store);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** Checks a campaign without storing anything: the definition and its diagnostics. */
  validate(path: string, text: string): { definition?: CampaignDefinition; diagnostics: FlowDiagnostic[] } {
    const outcome = loadCampaignDefinition(path, text, {
      flows: this.options.flows.current,
      defaultRegion: this.options.defaultRegion,
      dialsPerSecondCap: this.options.dialsPerSecondCap,
    });
    return { ...(outcome.definition ? { definition: outcome.definition } : {}), diagnostics: outcome.diagnostics };
  }

  async create(input: CreateCampaignInput): Promise<CreatedCampaign> {
    const outcome = loadCampaignDefinition(input.path, input.text, {
      flows: this.options.flows.current,
      defaultRegion: this.options.defaultRegion,
      dialsPerSecondCap: this.options.dialsPerSecondCap,
    });
    const diagnostics = [...outcome.diagnostics];
    const definition = outcome.definition;
    const source = new SourceFile(input.path, input.text);
    const files: Array<{ at: (string | number)[]; file: string | undefined }> = [
      { at: ['contacts', 'file'], file: outcome.document?.contacts?.file },
      { at: ['do_not_call', 'file'], file: outcome.document?.do_not_call?.file },
    ];
    for (const { at, file } of files) {
      if (!file) continue;
      if (input.baseDir === undefined) {
        diagnostics.push(source.diagnostic(at, 'error', `${at.join('.')}: files are not read through the API`, at[0] === 'contacts' ? 'send the CSV as contacts.csv, or POST it to /api/campaigns/:id/contacts' : 'list the numbers under do_not_call.numbers, or POST them to /api/do-not-call'));
      } else if (!(await access(resolve(input.baseDir, file)).then(() => true, () => false))) {
        diagnostics.push(source.diagnostic(at, 'error', `no such file: ${file}`, `paths are relative to ${input.path === 'request' ? 'the campaign' : dirname(input.path)}`));
      }
    }
    if (!definition || diagnostics.some((d) => d.severity === 'error')) throw new CampaignDefinitionError(diagnostics);

    const id = `${definition.name}-${randomBytes(3).toString('hex')}`;
    await this.store.create(id, definition, this.now(), this.options.dialsPerSecondCap);
    const created: CreatedCampaign = { id, state: 'draft', definition, warnings: diagnostics };
    try {
      if (definition.doNotCall.file && input.baseDir !== undefined) {
        created.doNotCall = await this.importDoNotCallFile(id, resolve(input.baseDir, definition.doNotCall.file), definition.contacts.defaultRegion);
      }
      const inline = outcome.document?.contacts?.csv;
      if (definition.contacts.file && input.baseDir !== undefined) {
        created.contacts = await this.importContacts(id, createReadStream(resolve(input.baseDir, definition.contacts.file)));
      } else if (inline !== undefined) {
        created.contacts = await this.importContacts(id, inline);
      }
    } catch (error) {
      // Nothing half-made is left behind: a draft whose contacts could not be read is removed.
      await this.store.removeDraft(id).catch(() => undefined);
      throw error;
    }
    this.logger.info({ campaign: id, flow: definition.flow, contacts: created.contacts?.imported ?? 0 }, 'campaign created');
    return created;
  }

  /** Streams a CSV into a draft campaign. */
  async importContacts(id: string, input: Readable | string): Promise<ImportReport> {
    const definition = await this.store.definition(id);
    if (!definition) throw new CampaignNotFoundError(id);
    const meta = await this.store.meta(id);
    if (meta?.state !== 'draft') throw new CampaignStateError(id, 'import contacts into', meta?.state ?? 'unknown', `contacts can only be added to a draft campaign; '${id}' is ${meta?.state}`);
    const flow = this.options.flows.current?.flows.get(definition.flow);
    try {
      return await this.importer.import(id, input, { contacts: definition.contacts, ...(flow ? { declaredVars: flow.declaredVars } : {}) });
    } catch (error) {
      if (error instanceof Error && error.message.includes('NOTDRAFT')) throw new CampaignStateError(id, 'import contacts into', 'not a draft');
      throw error;
    }
  }

  async transition(id: string, action: CampaignAction): Promise<CampaignState> {
    const now = this.now();
    const result = await this.store.transition(id, action, now);
    if (result.result === 'missing') throw new CampaignNotFoundError(id);
    if (result.result === 'empty') throw new CampaignStateError(id, action, result.state, `cannot start campaign '${id}': it has no contacts`);
    if (result.result === 'refused') throw new CampaignStateError(id, action, result.state);
    if (action === 'cancel') {
      // The waiting contacts become cancelled now; dispatchers finish it if this process stops.
      while ((await this.store.cancelBatch(id, now, 1000)) > 0);
    }
    this.logger.info({ campaign: id, action, state: result.state }, 'campaign state changed');
    return (await this.store.meta(id))?.state as CampaignState;
  }

  async progress(id: string): Promise<CampaignProgress> {
    const now = this.now();
    const figures = await this.store.figures(id, now, RATE_WINDOW_MS);
    if (!figures) throw new CampaignNotFoundError(id);
    return buildProgress(id, figures, now, await this.store.importProblems(id, 20));
  }

  async list(): Promise<Array<{ id: string; name: string; state: string; total: number; done: number; createdAt: string | null }>> {
    const ids = await this.store.list();
    const out = [];
    for (const id of ids) {
      const meta = await this.store.meta(id);
      if (!meta) continue;
      out.push({ id, name: meta.name ?? id, state: meta.state ?? '', total: Number(meta.total ?? 0), done: Number(meta.done ?? 0), createdAt: meta.created_at ? new Date(Number(meta.created_at)).toISOString() : null });
    }
    return out;
  }

  /** One CSV row per contact. Throws CampaignNotFoundError before writing anything. */
  async writeResults(id: string, out: Writable): Promise<void> {
    const meta = await this.store.meta(id);
    if (!meta) throw new CampaignNotFoundError(id);
    await writeResultsCsv(this.store, id, Number(meta.total ?? 0), out);
  }

  /** Normalises and adds numbers to the global list (or one campaign's); returns the invalid ones too. */
  async addDoNotCall(numbers: readonly string[], campaignId?: string): Promise<{ added: number; invalid: Array<{ number: string; problem: string }> }> {
    if (campaignId && !(await this.store.exists(campaignId))) throw new CampaignNotFoundError(campaignId);
    const valid: string[] = [];
    const invalid: Array<{ number: string; problem: string }> = [];
    for (const number of numbers) {
      const checked = normalisePhone(number, this.options.defaultRegion);
      if (checked.ok) valid.push(checked.e164);
      else invalid.push({ number, problem: checked.problem });
    }
    return { added: await this.store.addDoNotCall(valid, campaignId), invalid };
  }

  async removeDoNotCall(number: string, campaignId?: string): Promise<boolean> {
    const checked = normalisePhone(number, this.options.defaultRegion);
    return checked.ok ? this.store.removeDoNotCall(checked.e164, campaignId) : false;
  }

  async isDoNotCall(number: string, campaignId?: string): Promise<{ number: string; global: boolean; campaign: boolean } | undefined> {
    const checked = normalisePhone(number, this.options.defaultRegion);
    if (!checked.ok) return undefined;
    return { number: checked.e164, ...(await this.store.isDoNotCall(checked.e164, campaignId)) };
  }

  private async importDoNotCallFile(id: string, path: string, region: string): Promise<{ added: number; problems: Array<{ line: number; message: string }> }> {
    const numbers: string[] = [];
    const problems: Array<{ line: number; message: string }> = [];
    (await readFile(path, 'utf8')).split(/\r?\n/).forEach((text, i) => {
      const value = text.split(',')[0]!.trim().replace(/^"|"$/g, '');
      if (value === '' || value.startsWith('#') || /^[A-Za-z_ ]+$/.test(value)) return; // blank, comment, header
      const checked = normalisePhone(value, region);
      if (checked.ok) numbers.push(checked.e164);
      else problems.push({ line: i + 1, message: checked.problem });
    });
    for (let i = 0; i < numbers.length; i += 1000) await this.store.addDoNotCall(numbers.slice(i, i + 1000), id);
    return { added: numbers.length, problems };
  }
}
