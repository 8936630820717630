import Mustache from 'mustache';
import { closestName } from '../source/closest-name';
import { callFields, eventFields, inputFields, queueFields, type EventField, type QueueField, type TemplateContext, type TemplateScope } from './template-scope';
import { TemplateReferenceError } from './template-reference-error';

type Part = string | ((context: TemplateContext, stack: readonly unknown[]) => string);

/** A Mustache template parsed and checked once; rendering is a walk over prepared parts. */
export class CompiledTemplate {
  /** True when the template has no tags: render returns the text without looking at the context. */
  readonly isStatic: boolean;
  private readonly parts: Part[];

  constructor(
    readonly source: string,
    scope: TemplateScope,
  ) {
    let tokens: unknown[];
    try {
      tokens = Mustache.parse(source) as unknown[];
    } catch (error) {
      throw parseProblem(source, (error as Error).message);
    }
    const problems: TemplateReferenceError[] = [];
    const offsets: number[] = [];
    this.parts = compileTokens(tokens as MustacheToken[], scope, 0, problems, offsets);
    checkBraces(this.parts, offsets, problems);
    const [first, ...more] = problems;
    if (first) throw new TemplateReferenceError(first.message, first.hint, more, first.offset);
    this.isStatic = this.parts.every((p) => typeof p === 'string');
  }

  render(context: TemplateContext): string {
    return renderParts(this.parts, context, []);
  }

  /** Static templates' text, known at load. */
  get staticText(): string | undefined {
    return this.isStatic ? this.parts.join('') : undefined;
  }
}

type MustacheToken = [type: string, value: string, start: number, end: number, children?: MustacheToken[], closeIndex?: number];

function renderParts(parts: readonly Part[], context: TemplateContext, stack: readonly unknown[]): string {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : part(context, stack);
  return out;
}

/** Compiles tokens, collecting every bad reference in `problems` (the part then renders empty). */
function compileTokens(tokens: readonly MustacheToken[], scope: TemplateScope, depth: number, problems: TemplateReferenceError[], offsets?: number[]): Part[] {
  const parts: Part[] = [];
  for (const token of tokens) {
    try {
      compileToken(token, scope, depth, problems, parts);
      if (offsets) while (offsets.length < parts.length) offsets.push(token[2]);
    } catch (error) {
      if (!(error instanceof TemplateReferenceError)) throw error;
      problems.push(error.at(token[2]));
    }
  }
  return parts;
}

function compileToken(token: MustacheToken, scope: TemplateScope, depth: number, problems: TemplateReferenceError[], parts: Part[]): void {
  {
    const [type, value] = token;
    switch (type) {
      case 'text':
        parts.push(value);
        break;
      case 'name':
      case '&': {
        const resolved = resolveReference(value, scope, depth);
        if (typeof resolved === 'string') parts.push(resolved);
        else parts.push((context, stack) => toText(resolved(context, stack)));
        break;
      }
      case '#':
      case '^': {
        const lookup = resolveReference(value, scope, depth);
        if (typeof lookup === 'string') throw new TemplateReferenceError(`secret.${value.slice(7)} cannot open a section`);
        const children = compileTokens(token[4] ?? [], scope, depth + 1, problems);
        const inverted = type === '^';
        parts.push((context, stack) => {
          const v = lookup(context, stack);
          const truthy = Array.isArray(v) ? v.length > 0 : Boolean(v) && v !== 'false' && v !== '0';
          if (inverted) return truthy ? '' : renderParts(children, context, stack);
          if (!truthy) return '';
          if (Array.isArray(v)) return v.map((item) => renderParts(children, context, [...stack, item])).join('');
          return renderParts(children, context, [...stack, v]);
        });
        break;
      }
      case '!':
        break;
      case '>':
        throw new TemplateReferenceError(`partials ({{> ${value}}}) are not supported`, 'inline the text instead');
      case '=':
        throw new TemplateReferenceError('changing delimiters ({{= =}}) is not supported');
      default:
        throw new TemplateReferenceError(`unsupported template tag '${type}'`);
    }
  }
}

/**
 * A brace written right next to a tag would pair with a brace on the other side when the value
 * renders empty (`{{{x}}{` gives `{{`), and Telnyx reads `{{` as its own Mustache.
 */
function checkBraces(parts: readonly Part[], offsets: readonly number[], problems: TemplateReferenceError[]): void {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part !== 'string') continue;
    const dynamicBefore = i > 0 && typeof parts[i - 1] !== 'string';
    const dynamicAfter = i < parts.length - 1 && typeof parts[i + 1] !== 'string';
    if ((dynamicBefore && /^[{}]/.test(part)) || (dynamicAfter && /[{}]$/.test(part))) {
      const offset = dynamicBefore && /^[{}]/.test(part) ? offsets[i] : (offsets[i] ?? 0) + part.length - 1;
      problems.push(new TemplateReferenceError('a brace right next to a template tag could form {{ or }} when the value is empty', 'put a space between the brace and the tag', [], offset));
      return;
    }
  }
}

type Lookup = (context: TemplateContext, stack: readonly unknown[]) => unknown;

/** A string for references known at load (secrets), else a lookup function. */
function resolveReference(name: string, scope: TemplateScope, depth: number): string | Lookup {
  if (name === '.') {
    if (depth === 0) throw new TemplateReferenceError("'{{.}}' is only meaningful inside a section");
    return (_context, stack) => stack[stack.length - 1];
  }
  const [root, field, ...rest] = name.split('.');
  const known = scope.event ? ['call', 'vars', 'input', 'env', 'secret', 'queue', 'event'] : ['call', 'vars', 'input', 'env', 'secret', 'queue'];
  if (root === 'event' && !scope.event) {
    throw new TemplateReferenceError(`'{{${name}}}': event.* is only available in on: hooks`, 'read the call with call.* and input.* in steps');
  }
  if (!root || !known.includes(root) || field === undefined) {
    const suggestion = root ? closestName(root, known) : undefined;
    // Suggest a field only when it exists under the suggested scope.
    const fields: readonly string[] =
      suggestion === 'call' ? callFields : suggestion === 'input' ? inputFields : suggestion === 'queue' ? queueFields : suggestion === 'vars' ? [...scope.vars] : suggestion === 'env' ? [...scope.env] : suggestion === 'secret' ? [...scope.secrets] : [];
    const joined = `${root}_${field}`; // {{caller.id}} -> call.caller_id
    const fieldSuggestion = field === undefined ? undefined : fields.includes(joined) ? joined : fields.includes(field) ? field : closestName(field, fields);
    throw new TemplateReferenceError(
      `unknown template reference '{{${name}}}': templates may read call.*, vars.*, input.*, env.*, secret.* and (in a queue's wait step) queue.*`,
      suggestion && suggestion !== root ? `did you mean '${suggestion}.${fieldSuggestion ?? '…'}'?` : undefined,
    );
  }
  if (rest.length > 0) throw new TemplateReferenceError(`template reference '{{${name}}}' is nested too deeply: use ${root}.${field}`);
  switch (root) {
    case 'secret':
      if (!scope.secrets.has(field)) {
        const suggestion = closestName(field, [...scope.secrets]);
        throw new TemplateReferenceError(
          `secret '${field}' is not declared in the secrets manifest`,
          suggestion ? `did you mean '${suggestion}'? Otherwise add it under secrets: in routes/` : 'declare it under secrets: in routes/ with the environment variable holding its value',
        );
      }
      // Telnyx replaces this placeholder; the value never passes through the service.
      return `{{#secret}}${field}{{/secret}}`;
    case 'call':
      checkField(name, field, callFields, 'call');
      return (context) => context.call[field as keyof TemplateContext['call']];
    case 'input':
      checkField(name, field, inputFields, 'input');
      return (context) => context.input[field as keyof TemplateContext['input']];
    case 'vars':
      checkField(name, field, [...scope.vars], 'vars', 'declare it under vars: in the flow, or assign it with set: or gather into:');
      return (context) => context.vars[field];
    case 'env':
      checkField(name, field, [...scope.env], 'env', 'list it under env: in the flow');
      return (context) => context.env[field];
    case 'queue':
      checkField(name, field, queueFields, 'queue');
      return (context) => context.queue?.[field as QueueField];
    case 'event':
      checkField(name, field, eventFields, 'event');
      return (context) => context.event?.[field as EventField];
    default:
      throw new TemplateReferenceError(`unknown template reference '{{${name}}}'`);
  }
}

function checkField(name: string, field: string, allowed: readonly string[], root: string, fix?: string): void {
  if (allowed.includes(field)) return;
  const suggestion = closestName(field, allowed);
  throw new TemplateReferenceError(
    `unknown template reference '{{${name}}}'`,
    suggestion ? `did you mean '${root}.${suggestion}'?` : fix,
  );
}

/**
 * A Mustache parse error reworded to say what is wrong, placed at the tag (Mustache gives an
 * offset, and for an unclosed tag the end of the text).
 */
function parseProblem(source: string, message: string): TemplateReferenceError {
  const tagAt = (offset: number) => {
    const rest = source.slice(offset);
    const close = rest.indexOf('}}');
    const text = close >= 0 ? rest.slice(0, close + 2) : (rest.split('\n')[0] ?? rest).trimEnd();
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  };
  if (/^Unclosed tag/.test(message)) {
    // The first {{ with no }} after it.
    let at = source.indexOf('{{');
    while (at >= 0) {
      const close = source.indexOf('}}', at + 2);
      if (close < 0) break;
      at = source.indexOf('{{', close + 2);
    }
    const offset = at >= 0 ? at : 0;
    const tag = /^\{\{[^\s}]*\}?/.exec(source.slice(offset))?.[0] ?? '{{';
    return new TemplateReferenceError(`unclosed tag '${tag}': a tag opened with {{ needs }}`, 'close it with }}', [], offset);
  }
  const section = /^(Unopened|Unclosed) section "([^"]*)" at (\d+)/.exec(message);
  if (section) {
    const [, kind, name, where] = section;
    const offset = Number(where);
    if (kind === 'Unopened') return new TemplateReferenceError(`'${tagAt(offset)}' closes a section that was never opened`, `open it first with {{#${name}}}`, [], offset);
    // Mustache names the open section; it points at the closing tag that does not match, or at the end.
    const opening = [...source.matchAll(/\{\{\s*[#^]\s*([^}]*?)\s*\}\}/g)].filter((m) => m[1] === name).at(-1);
    if (offset < source.length) return new TemplateReferenceError(`'${tagAt(offset)}' closes another section than the open '{{#${name}}}'`, `close {{#${name}}} with {{/${name}}} first`, [], offset);
    return new TemplateReferenceError(`section '${opening ? opening[0] : `{{#${name}}}`}' is never closed`, `end it with {{/${name}}}`, [], opening?.index ?? 0);
  }
  return new TemplateReferenceError(`template does not parse: ${message}`);
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
