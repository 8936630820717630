/**
 * Finds the line whose indentation breaks a YAML file, for the common mistakes: a key or list item
 * one or two spaces off its siblings, a line indented under a key that already has a value, a tab.
 * The YAML parser notices these late (often on the next line, at column 1); this reads the lines
 * the way an author does: each line lines up with its siblings or sits under the key it belongs to.
 * Only run on files the parser rejected, so a quirk here never flags a valid file.
 */

export interface IndentationProblem {
  line: number;
  column: number;
  message: string;
  hint: string;
}

type Kind = 'map' | 'seq';

/** A run of sibling keys or list items at one column. */
interface Block {
  indent: number;
  kind: Kind;
  /** The last sibling seen: what a misplaced line is compared with. */
  last: { name: string; line: number };
  /** Lines in the run so far. */
  count: number;
  /** The indentation of the key or '- ' the run sits under, when it started right below one. */
  openedAt?: number;
}

interface LineShape {
  kind: Kind | 'scalar';
  /** The key (for a map line, or the compact map after '- '). */
  key?: string;
  /** How far the compact map after '- ' stands from the dash, when the item holds one. */
  compactOffset?: number;
  /** The text after the key's colon (or after '- '), without comment. */
  value: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},|>&*!%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+|$)/;

export function findIndentationProblems(text: string): IndentationProblem[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const problems: IndentationProblem[] = [];
  const stack: Block[] = [];
  /** The previous line opened a node (a key or '- ' with nothing after it): the next line may go deeper. */
  let opener: { indent: number; kind: 'key' | 'item' } | undefined;
  /** Lines to step over: a block scalar's text (deeper than `indent`), or a quote or bracket left open. */
  let skip: { blockAbove: number } | { closer: RegExp } | undefined;

  const say = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  const unit = indentUnit(lines);
  /** How well a run's indentation fits below its opener: one step (or a list at the key's column), whole steps, or neither. */
  const fit = (block: Block, at: number) => {
    if (block.openedAt === undefined) return 0;
    const depth = at - block.openedAt;
    if (depth === unit || (block.kind === 'seq' && depth === 0)) return 2;
    return depth > 0 && depth % unit === 0 ? 1 : 0;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    const lead = /^[ \t]*/.exec(raw)![0];
    const content = raw.slice(lead.length);
    if (skip) {
      if ('blockAbove' in skip) {
        if (content === '' || lead.length > skip.blockAbove) continue;
        skip = undefined;
      } else {
        if (skip.closer.test(raw)) skip = undefined;
        continue;
      }
    }
    if (content === '' || content.startsWith('#')) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(content) && lead === '') {
      stack.length = 0;
      opener = undefined;
      continue;
    }
    if (content.startsWith('%')) continue;
    const shape = shapeOf(content);

    let indent = lead.length;
    if (lead.includes('\t')) {
      // Where the line would stand with spaces: under its opener (like the next line), else with its siblings.
      const guess = opener ? nextIndent(lines, i, opener.indent) : siblingIndent(stack, shape.kind);
      problems.push({
        line: lineNo,
        column: lead.indexOf('\t') + 1,
        message: 'a tab indents this line: YAML indentation must be spaces',
        hint: `indent it with ${say(guess)}, like the lines around it`,
      });
      indent = guess;
    }

    const name = shape.kind === 'seq' ? '-' : (shape.key ?? content.slice(0, 20));
    let placed = false;
    if (opener) {
      const deeper = indent > opener.indent || (indent === opener.indent && opener.kind === 'key' && shape.kind === 'seq');
      const openedAt = opener.indent;
      opener = undefined;
      if (deeper) {
        if (shape.kind !== 'scalar') stack.push({ indent, kind: shape.kind, last: { name, line: lineNo }, count: 1, openedAt });
        placed = true;
      }
    }
    if (!placed) {
      const popped: Block[] = [];
      while (stack.length && stack[stack.length - 1]!.indent > indent) popped.push(stack.pop()!);
      // `key:` followed by `- item` at the key's own column: the next key ends that list.
      const under = stack[stack.length - 2];
      if (shape.kind === 'map' && stack[stack.length - 1]?.indent === indent && stack[stack.length - 1]!.kind === 'seq' && under?.indent === indent && under.kind === 'map') stack.pop();
      const top = stack[stack.length - 1];
      const what = shape.kind === 'seq' ? 'this list item' : `'${name}'`;
      if (top && top.indent === indent && (top.kind === shape.kind || shape.kind === 'scalar')) {
        top.last = { name, line: lineNo };
        top.count++;
      } else if (shape.kind === 'scalar' && popped.length === 0) {
        // A plain scalar going on over several lines.
      } else if (top && top.indent === indent) {
        // A list item where keys stand, or a key where list items stand.
        const list = shape.kind === 'seq' ? [...stack].reverse().find((b) => b.kind === 'seq' && b.indent < indent) : undefined;
        if (list) {
          problems.push({ line: lineNo, column: indent + 1, message: `bad indentation: ${what} does not line up with the list item on line ${list.last.line}`, hint: `the item is indented ${say(indent)}; its siblings use ${list.indent}` });
          while (stack[stack.length - 1] !== list) stack.pop();
          list.last = { name, line: lineNo };
        } else {
          problems.push({
            line: lineNo,
            column: indent + 1,
            message: shape.kind === 'seq' ? `bad indentation: ${what} stands among the keys of line ${top.last.line}` : `bad indentation: '${name}' stands at the column of the list item on line ${top.last.line} but is not a list item`,
            hint: shape.kind === 'seq' ? `indent it under the key it belongs to` : `write '- ${name}: ...' to make it an item of that list, or indent it under the item`,
          });
        }
      } else {
        // Deeper than its siblings without a key to sit under, or between two levels.
        const candidates = [...popped, ...(top ? [top] : [])].filter((b) => shape.kind === 'scalar' || b.kind === shape.kind);
        const pool = candidates.length ? candidates : [...popped, ...(top ? [top] : [])];
        const sibling = pool.reduce<Block | undefined>((best, b) => (!best || Math.abs(b.indent - indent) < Math.abs(best.indent - indent) ? b : best), undefined);
        const describe = (block: Block) => (block.kind === 'seq' ? 'this list item' : `'${block.last.name}'`);
        if (sibling && sibling.count === 1 && sibling.kind === shape.kind && fit(sibling, indent) > fit(sibling, sibling.indent)) {
          // The run's first line is the odd one out: this line is where the indentation steps put it.
          problems.push({
            line: sibling.last.line,
            column: sibling.indent + 1,
            message: `bad indentation: ${describe(sibling)} does not line up with ${shape.kind === 'seq' ? 'the list item' : what} on line ${lineNo}`,
            hint: `${sibling.kind === 'seq' ? 'the item' : describe(sibling)} is indented ${say(sibling.indent)}; its siblings use ${indent}`,
          });
          const at = popped.indexOf(sibling);
          if (at >= 0) for (const b of popped.slice(at).reverse()) stack.push(b);
          sibling.indent = indent;
          sibling.count++;
          sibling.last = { name, line: lineNo };
        } else if (sibling) {
          const like = sibling.kind === 'seq' ? `the list item on line ${sibling.last.line}` : `'${sibling.last.name}' on line ${sibling.last.line}`;
          problems.push({
            line: lineNo,
            column: indent + 1,
            message: top && popped.length === 0 && indent > top.indent ? `bad indentation: ${what} is indented deeper than ${like}, which already has a value` : `bad indentation: ${what} does not line up with ${like}`,
            hint: `${shape.kind === 'seq' ? 'the item' : what} is indented ${say(indent)}; its siblings use ${sibling.indent}`,
          });
          // Carry on as if it were where it belongs.
          for (const b of [...popped].reverse()) if (b.indent <= sibling.indent) stack.push(b);
          indent = sibling.indent;
          const home = stack[stack.length - 1];
          if (home && home.indent === indent && home.kind === shape.kind) home.last = { name, line: lineNo };
          else if (shape.kind !== 'scalar') stack.push({ indent, kind: shape.kind, last: { name, line: lineNo }, count: 1 });
        } else if (shape.kind !== 'scalar') {
          stack.push({ indent, kind: shape.kind, last: { name, line: lineNo }, count: 1 });
        }
      }
    }

    // What this line opens for the next ones.
    let keyIndent = indent;
    if (shape.kind === 'seq') {
      if (shape.compactOffset !== undefined && shape.key !== undefined) {
        keyIndent = indent + shape.compactOffset;
        stack.push({ indent: keyIndent, kind: 'map', last: { name: shape.key, line: lineNo }, count: 1 });
      } else if (shape.value === '') {
        opener = { indent, kind: 'item' };
        continue;
      }
    }
    if (shape.kind === 'scalar') continue;
    const value = shape.value;
    if (value === '' || /^[&!][^\s]*$/.test(value)) opener = { indent: keyIndent, kind: 'key' };
    else if (/^[|>][-+0-9]*$/.test(value)) skip = { blockAbove: keyIndent };
    else if (value.startsWith('"') && !/^"(?:[^"\\]|\\.)*"/.test(value)) skip = { closer: /(^|[^\\])(\\\\)*"/ };
    else if (value.startsWith("'") && !/^'(?:[^']|'')*'/.test(value)) skip = { closer: /'/ };
    else if (/^[[{]/.test(value) && unbalanced(value) > 0) {
      let depth = unbalanced(value);
      let j = i + 1;
      for (; j < lines.length && depth > 0; j++) depth += unbalanced(lines[j]!);
      i = j - 1;
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** The file's usual indentation step (how much deeper a line goes than the one it is under). */
function indentUnit(lines: readonly string[]): number {
  const steps = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines) {
    if (line.trim() === '' || line.trim().startsWith('#') || /^\s*\t/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (previous !== undefined && indent > previous) steps.set(indent - previous, (steps.get(indent - previous) ?? 0) + 1);
    previous = indent;
  }
  let best = 2;
  for (const [step, count] of steps) if (count > (steps.get(best) ?? 0)) best = step;
  return best;
}

function shapeOf(content: string): LineShape {
  const item = /^-(?:([ \t]+)|$)/.exec(content);
  if (item) {
    const rest = content.slice(item[0].length);
    const key = KEY.exec(rest);
    if (key) return { kind: 'seq', key: unquote(key[1]!), compactOffset: item[0].length, value: stripComment(rest.slice(key[0].length)) };
    return { kind: 'seq', value: stripComment(rest) };
  }
  const key = KEY.exec(content);
  if (key) return { kind: 'map', key: unquote(key[1]!), value: stripComment(content.slice(key[0].length)) };
  return { kind: 'scalar', value: content };
}

const unquote = (key: string) => key.replace(/^(["'])(.*)\1$/, '$2');
const stripComment = (value: string) => value.replace(/(^|\s+)#.*$/, '').trim();

/** Open minus closed brackets on a line, outside quotes (roughly). */
function unbalanced(line: string): number {
  const bare = line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '');
  return (bare.match(/[[{]/g)?.length ?? 0) - (bare.match(/[\]}]/g)?.length ?? 0);
}

/** The indentation of the next line written with spaces, if deeper than `above`; else above + 2. */
function nextIndent(lines: readonly string[], from: number, above: number): number {
  for (let j = from + 1; j < lines.length; j++) {
    const lead = /^[ \t]*/.exec(lines[j]!)![0];
    if (lines[j]!.trim() === '' || lines[j]!.trim().startsWith('#')) continue;
    if (!lead.includes('\t') && lead.length > above) return lead.length;
    break;
  }
  return above + 2;
}

function siblingIndent(stack: readonly Block[], kind: Kind | 'scalar'): number {
  const same = [...stack].reverse().find((b) => kind === 'scalar' || b.kind === kind);
  return (same ?? stack[stack.length - 1])?.indent ?? 0;
}
