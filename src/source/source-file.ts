import { CST, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Parser, type Document, type Node } from 'yaml';
import type { FlowDiagnostic } from './flow-diagnostic';
import { findIndentationProblems } from './indentation-check';

/** Parser errors that follow from a wrongly indented line (reported by the indentation check instead). */
const indentationCodes: ReadonlySet<string> = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'MISSING_CHAR', 'TAB_AS_INDENT', 'UNEXPECTED_TOKEN']);

export type SourcePath = readonly (string | number)[];

export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed YAML file that can say where any value in it came from. */
export class SourceFile {
  readonly data: unknown;
  readonly syntaxErrors: FlowDiagnostic[];
  private readonly document: Document;
  private readonly lineCounter: LineCounter;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lineCounter = new LineCounter();
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true, merge: false });
    // A wrongly indented line: say which line and how, instead of the parser's follow-on errors.
    const indentation = this.document.errors.length > 0 ? findIndentationProblems(text) : [];
    const firstIndentLine = Math.min(...indentation.map((p) => p.line));
    const problems = [...this.document.errors, ...this.document.warnings].filter(
      (problem) => !(indentationCodes.has(problem.code) && this.positionAt(problem.pos[0]).line >= firstIndentLine - 1),
    );
    this.syntaxErrors = [
      ...indentation.map((p) => ({ file: path, line: p.line, column: p.column, severity: 'error', message: p.message, hint: p.hint }) satisfies FlowDiagnostic),
      ...problems.map((problem) => {
        const severity = problem.name === 'YAMLWarning' ? 'warning' : 'error';
        if (problem.code === 'DUPLICATE_KEY') {
          const node = this.keyNodeAt(problem.pos[0]);
          const key = node && isScalar(node) ? ` '${String(node.value)}'` : '';
          return { file: path, ...this.positionAt(problem.pos[0]), severity, message: `duplicate key${key}: each name may appear once in a map`, hint: 'rename or merge the two entries' } satisfies FlowDiagnostic;
        }
        // The parser notices an unclosed quote or bracket at the end of the file; point at where it opens.
        const unclosed = problem.pos[0] >= text.trimEnd().length ? unclosedOffset(text) : undefined;
        if (unclosed !== undefined) {
          return { file: path, ...this.positionAt(unclosed.offset), severity, message: `YAML: this ${unclosed.what} is never closed`, hint: `add the closing ${unclosed.closer}` } satisfies FlowDiagnostic;
        }
        return { file: path, ...this.positionAt(problem.pos[0]), severity, message: `YAML: ${firstLine(problem.message)}` } satisfies FlowDiagnostic;
      }),
    ].filter((d, i, all) => all.findIndex((o) => o.line === d.line && o.column === d.column && o.message === d.message) === i);
    this.data = this.document.errors.length === 0 ? this.document.toJS({ maxAliasCount: 100 }) : undefined;
  }

  /** Where the value at `path` starts; with `key`, where its key starts (better for unknown keys). */
  positionOf(path: SourcePath, key = false): SourcePosition {
    return this.positionAt(this.offsetOf(path, key));
  }

  /**
   * Where character `index` of the string value at `path` stands in the file (a template tag in a
   * say, say). Exact for plain and literal (|) scalars; for quoted and folded ones the quotes,
   * escapes and folds are stepped over, which is right for the common cases.
   */
  positionInValue(path: SourcePath, index: number): SourcePosition {
    const node = this.nodeAt(path);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range || index < 0 || index > node.value.length) return this.positionOf(path);
    return this.positionAt(scalarOffset(this.text, node.range[0], node.range[1], node.type, node.value, index));
  }

  private nodeAt(path: SourcePath): unknown {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return undefined;
      }
    }
    return node;
  }

  private offsetOf(path: SourcePath, key: boolean): number {
    let node: unknown = this.document.contents;
    let best = 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        const isLast = i === path.length - 1;
        const keyNode = pair.key as Node;
        if (isLast && key && keyNode.range) return keyNode.range[0];
        node = pair.value;
        const range = (pair.value as Node | null)?.range ?? keyNode.range;
        if (range) best = range[0];
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        node = item;
        if (item.range) best = item.range[0];
      } else {
        break;
      }
    }
    if (path.length === 0 && (node as Node | null)?.range) best = (node as Node).range![0];
    return best;
  }

  diagnostic(path: SourcePath, severity: FlowDiagnostic['severity'], message: string, hint?: string, key = false): FlowDiagnostic {
    return { file: this.path, ...this.positionOf(path, key), severity, message, ...(hint ? { hint } : {}) };
  }

  /** The key node that starts at `offset`, if any (for naming a duplicate key). */
  private keyNodeAt(offset: number): Node | undefined {
    let found: Node | undefined;
    const visit = (node: unknown): void => {
      if (found) return;
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = pair.key as Node | null;
          if (key?.range?.[0] === offset) found = key;
          visit(pair.value);
        }
      } else if (isSeq(node)) {
        node.items.forEach(visit);
      }
    };
    visit(this.document.contents);
    return found;
  }

  private positionAt(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }
}

/** The file offset of character `index` of a scalar's value, given the scalar's source range. */
function scalarOffset(text: string, start: number, end: number, type: string | undefined, value: string, index: number): number {
  const source = text.slice(start, end);
  if (type === 'PLAIN' && !source.includes('\n')) return start + index;
  if (type === 'BLOCK_LITERAL') {
    // Header line, then content lines sharing one indentation, joined by newlines in the value.
    const lines = source.split('\n');
    const header = lines.shift() ?? '';
    // The indentation stripped from every line: the first content line's, less what the value keeps (|2).
    const firstContent = lines.find((l) => l.trim() !== '') ?? '';
    const firstValueLine = value.split('\n').find((l) => l.trim() !== '') ?? '';
    const indent = firstContent.length - firstContent.trimStart().length - (firstValueLine.length - firstValueLine.trimStart().length);
    let lineStart = start + header.length + 1;
    let consumed = 0;
    for (const line of lines) {
      const length = Math.max(0, line.length - indent);
      if (index <= consumed + length) return lineStart + Math.min(indent, line.length) + (index - consumed);
      consumed += length + 1;
      lineStart += line.length + 1;
    }
    return start;
  }
  // Quoted and folded: walk the value and the source together, stepping over what the value lacks.
  let at = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : type === 'BLOCK_FOLDED' ? source.indexOf('\n') + 1 : 0;
  const step = (char: string | undefined) => {
    const found = char === undefined ? -1 : source.indexOf(char, at);
    return found >= 0 && found - at <= 8 ? found : -1;
  };
  for (let k = 0; k < index && at < source.length; k++) {
    const found = step(value[k]);
    at = found >= 0 ? found + 1 : at + 1;
  }
  // Over a fold (newline and indentation) to the character itself.
  const here = step(value[index]);
  return start + Math.min(here >= 0 ? here : at, source.length);
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** Where the first quoted string or [ ] / { } collection without its closing character starts. */
function unclosedOffset(text: string): { offset: number; what: string; closer: string } | undefined {
  let found: { offset: number; what: string; closer: string } | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (found || !node) continue;
        if (node.type === 'double-quoted-scalar' || node.type === 'single-quoted-scalar') {
          const quote = node.type === 'double-quoted-scalar' ? '"' : "'";
          const body = node.source.trimEnd();
          const closed = body.length > 1 && body.endsWith(quote) && (quote === "'" || !/(^|[^\\])(\\\\)*\\"$/.test(body));
          if (!closed) found = { offset: node.offset, what: 'quoted string', closer: quote };
        } else if (node.type === 'flow-collection') {
          const closer = node.start.source === '[' ? ']' : '}';
          if (!node.end.some((t) => t.source === closer)) found = { offset: node.offset, what: closer === ']' ? 'list' : 'map', closer };
        }
      }
      return found ? CST.visit.BREAK : undefined;
    });
    if (found) break;
  }
  return found;
}
