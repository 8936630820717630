import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** One physical line of the file: its text (without the line break) and its 1-based number. */
export interface CsvLine {
  text: string;
  line: number;
}

/** A record as read: its fields, the line it starts on and the lines it spans. */
export interface CsvRecord {
  kind: 'record';
  fields: string[];
  line: number;
  /** Last line of the record (a quoted value may hold line breaks). */
  endLine: number;
}

/** A line that is not a record, reported at its own number with the reason. */
export interface CsvLineProblem {
  kind: 'problem';
  line: number;
  message: string;
}

/** The input stopped before its end (the client went away, the stream failed). */
export interface CsvCutOff {
  kind: 'cut-off';
  /** The last line read whole; a line the break cut through is not read at all. */
  lastLine: number;
  reason: string;
}

export type CsvItem = CsvRecord | CsvLineProblem | CsvCutOff;

/** How many lines one quoted value may span before its opening quote is taken for a stray one. */
export const MAX_RECORD_LINES = 20;
/** Longest line read (a file with no line breaks is not a contact list). */
export const MAX_LINE_CHARS = 64 * 1024;

interface ParsedText {
  fields: string[];
  /** The text ended inside a quoted value. */
  unclosed: boolean;
  problem?: string;
}

/**
 * Reads CSV (RFC 4180: comma separated, `"` quoted, `""` inside quotes) one record at a time with
 * the true line number of everything it reads or refuses, so a contact import can account for
 * every line of the file:
 *
 * - a quoted value may hold line breaks, up to MAX_RECORD_LINES lines; a quote that is still open
 *   after that, or at the end of the input, is a stray one: its line is reported and the lines
 *   after it are read again as rows of their own (a stray `"` costs one row, not the rest of the
 *   file, and is never reported past the last line);
 * - a value spanning lines whose later lines read as rows of their own (`looksLikeRow`) is taken
 *   for a stray quote too: its first line is reported and the others are read again;
 * - text after a closing quote (`"a"b`) is reported at its line; a quote inside an unquoted value
 *   (`O"Brien`) is kept as it is;
 * - blank lines are skipped; fields are trimmed (around the quotes too);
 * - when the input fails or is cut off, the line the break cut through is dropped (a number cut in
 *   half must not be imported) and a `cut-off` item closes the stream with the last line read whole.
 */
export async function* readCsvRecords(input: Readable, looksLikeRow: (fields: string[]) => boolean = () => false): AsyncGenerator<CsvItem> {
  const pending: ReadLine[] = [];
  const lines = readLines(input);
  let ended = false;
  let cutOff: CsvCutOff | undefined;
  let lastWhole = 0;

  /** Makes sure `pending` holds at least `count` lines, unless the input has ended. */
  const fill = async (count: number): Promise<void> => {
    while (pending.length < count && !ended) {
      const next = await lines.next();
      if (next.done) {
        ended = true;
        return;
      }
      const item = next.value;
      if ('reason' in item) {
        cutOff = { kind: 'cut-off', ...item };
        ended = true;
        return;
      }
      lastWhole = item.line;
      pending.push(item);
    }
  };

  for (;;) {
    await fill(1);
    const first = pending[0];
    if (!first) break;
    if (first.tooLong) {
      pending.shift();
      yield { kind: 'problem', line: first.line, message: `longer than ${MAX_LINE_CHARS} characters: not a contact row` };
      continue;
    }
    if (first.text.trim() === '') {
      pending.shift();
      continue;
    }
    let span = 1;
    let parsed = parseText(first.text);
    while (parsed.unclosed && span < MAX_RECORD_LINES) {
      await fill(span + 1);
      const next = pending[span];
      if (!next || next.tooLong) break;
      span += 1;
      parsed = parseText(pending.slice(0, span).map((l) => l.text).join('\n'));
    }
    const spanned = pending.slice(1, span);
    const stray =
      parsed.unclosed ||
      (span > 1 && (parsed.problem !== undefined || spanned.some((l) => {
        const own = parseText(l.text);
        return !own.unclosed && own.problem === undefined && looksLikeRow(own.fields);
      })));
    if (stray) {
      // Only the line with the opening quote is lost; the lines after it are read again.
      pending.shift();
      yield { kind: 'problem', line: first.line, message: 'a quoted value opens here and does not close (a stray "?): the row is not imported; the lines after it are read as rows of their own' };
      continue;
    }
    pending.splice(0, span);
    if (parsed.problem) {
      yield { kind: 'problem', line: first.line, message: parsed.problem };
      continue;
    }
    yield { kind: 'record', fields: parsed.fields, line: first.line, endLine: first.line + span - 1 };
  }
  if (cutOff) yield { ...cutOff, lastLine: Math.min(cutOff.lastLine, lastWhole) };
}

/** Fields of one record's text (which may span lines); whether it ended inside quotes. */
function parseText(text: string): ParsedText {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i += 1;
    if (text[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= n) return { fields: [...fields, value], unclosed: true };
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += ch;
        i += 1;
      }
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i += 1;
      fields.push(value);
      if (i >= n) return { fields, unclosed: false };
      if (text[i] !== ',') return { fields, unclosed: false, problem: `text after the closing quote of field ${fields.length}: quote the whole value, and write a quote inside it as ""` };
      i += 1;
      continue;
    }
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? n : comma;
    fields.push(text.slice(i, end).trim());
    if (comma < 0) return { fields, unclosed: false };
    i = comma + 1;
  }
}

/** A line, or one too long to read (`tooLong`: its text is dropped). */
type ReadLine = CsvLine & { tooLong?: true };
type LineItem = ReadLine | { reason: string; lastLine: number };

/** Physical lines (LF or CRLF), a BOM dropped; on a failed or cut-off input, a last item saying so. */
async function* readLines(input: Readable): AsyncGenerator<LineItem> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let line = 0;
  let skipping = false;
  const take = (text: string): LineItem => {
    line += 1;
    const clean = text.endsWith('\r') ? text.slice(0, -1) : text;
    return line === 1 && clean.charCodeAt(0) === 0xfeff ? { text: clean.slice(1), line } : { text: clean, line };
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let start = 0;
      let at: number;
      while ((at = buffer.indexOf('\n', start)) >= 0) {
        const text = buffer.slice(start, at);
        start = at + 1;
        if (skipping) {
          skipping = false;
          line += 1;
          yield { text: '', line, tooLong: true };
          continue;
        }
        yield take(text);
      }
      buffer = buffer.slice(start);
      if (buffer.length > MAX_LINE_CHARS) {
        skipping = true;
        buffer = '';
      }
    }
  } catch (error) {
    yield { reason: `the upload stopped: ${error instanceof Error ? error.message : String(error)}`, lastLine: line };
    return;
  }
  // An HTTP request whose client went away can end without an error: its body is then incomplete.
  if ((input as { complete?: boolean }).complete === false) {
    yield { reason: 'the upload stopped: the client closed the connection before the end of the body', lastLine: line };
    return;
  }
  buffer += decoder.end();
  if (skipping) {
    line += 1;
    yield { text: '', line, tooLong: true };
  } else if (buffer.length > 0) {
    yield take(buffer);
  }
}
