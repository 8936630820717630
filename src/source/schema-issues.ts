import type { z } from 'zod';
import { closestName } from './closest-name';
import type { FlowDiagnostic } from './flow-diagnostic';
import type { SourceFile, SourcePath } from './source-file';

type Issue = z.core.$ZodIssue;

/** The keys the map at a path accepts, when the caller can tell (listed with an unknown key). */
export type AllowedKeys = (path: SourcePath) => readonly string[] | undefined;

/** Turns zod issues into diagnostics an author can act on: what, where, and a likely fix. */
export function issuesToDiagnostics(source: SourceFile, issues: readonly Issue[], knownKeys: ReadonlySet<string>, allowedKeys?: AllowedKeys): FlowDiagnostic[] {
  const out: FlowDiagnostic[] = [];
  for (const issue of issues) collect(source, issue, [], { knownKeys, allowedKeys }, out);
  // The same place can be reported by two union options; keep the first.
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface KeyVocabulary {
  knownKeys: ReadonlySet<string>;
  allowedKeys: AllowedKeys | undefined;
}

function collect(source: SourceFile, issue: Issue, prefix: SourcePath, keys: KeyVocabulary, out: FlowDiagnostic[]): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const params = ((issue as { params?: Record<string, unknown> }).params ?? {}) as { hint?: string; key?: boolean };
  const subject = describePath(path);
  switch (issue.code) {
    case 'invalid_union': {
      const best = pickUnionBranch(issue.errors);
      if (best) {
        for (const inner of best) collect(source, inner, path, keys, out);
      } else {
        // No option fits at all: say which types would (a number, a map...), when the options say.
        const expected = [...new Set(issue.errors.flatMap((options) => options.filter((i) => i.path.length === 0 && i.code === 'invalid_type').map((i) => article((i as { expected: string }).expected))))];
        const received = issue.errors.flat().map((i) => /received (\w+)/.exec(i.message)?.[1]).find((r) => r !== undefined);
        const message = expected.length === issue.errors.length ? `${subject} must be ${expected.join(' or ')}${received ? ` (got ${received})` : ''}` : `${subject} has an unexpected form`;
        out.push(source.diagnostic(path, 'error', message, 'see docs/flows.md for the accepted forms'));
      }
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        // Suggest only a key this map accepts when that is known; else any key of the language.
        const allowed = keys.allowedKeys?.(path);
        const suggestion = closestName(key, allowed ?? keys.knownKeys);
        const hints = [suggestion && suggestion !== key ? `did you mean '${suggestion}'?` : undefined, allowed?.length ? `allowed: ${allowed.join(', ')}` : undefined].filter(Boolean);
        out.push(source.diagnostic([...path, key], 'error', `unknown key '${key}'${path.length ? ` in ${subject}` : ''}`, hints.length ? hints.join(' ') : undefined, true));
      }
      return;
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      const message = received === 'undefined' ? `${subject} is required` : `${subject} must be ${article(issue.expected)}${received ? ` (got ${received})` : ''}`;
      out.push(source.diagnostic(received === 'undefined' ? path.slice(0, -1) : path, 'error', message));
      return;
    }
    case 'too_big':
      out.push(source.diagnostic(path, 'error', `${subject} must be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : ''}`));
      return;
    case 'too_small':
      out.push(source.diagnostic(path, 'error', `${subject} must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : ''}`));
      return;
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      out.push(source.diagnostic(path, 'error', `${subject} must be one of ${allowed.join(', ')}`));
      return;
    }
    case 'invalid_key': {
      // A map key that does not fit (a step name, a menu key, a day range...): point at the key.
      const key = String(path[path.length - 1]);
      const why = issue.issues.map((inner) => inner.message).join('; ');
      out.push(source.diagnostic(path, 'error', `${describePath(path.slice(0, -1))} has an invalid key '${key}': ${why}`, undefined, true));
      return;
    }
    case 'invalid_format':
      out.push(source.diagnostic(path, 'error', `${subject} ${issue.message}`));
      return;
    default: {
      // Our own messages (with a hint or about a key) already name what they are about.
      const standalone = path.length === 0 || params.hint !== undefined || params.key === true;
      out.push(source.diagnostic(path, 'error', standalone ? issue.message : `${subject}: ${issue.message}`, params.hint, params.key === true));
    }
  }
}

/** The option an author most likely meant: the one that got past the shape check at the union. */
function pickUnionBranch(options: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const rootMismatch = (issues: readonly Issue[]) =>
    issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys')) ||
    issues.some((i) => i.code === 'invalid_type' && i.path.length === 1 && /received undefined/.test(i.message));
  const plausible = options.filter((issues) => !rootMismatch(issues));
  if (plausible.length === 0) return undefined;
  return [...plausible].sort((a, b) => a.length - b.length)[0];
}

function describePath(path: SourcePath): string {
  // steps.NAME.INDEX.ACTION.key... reads best as "dial.timeout"; top-level keys read as themselves.
  const names = path.filter((p): p is string => typeof p === 'string');
  if (path[0] === 'steps' && names.length >= 3) return `'${names.slice(2).join('.')}'`;
  return names.length ? `'${names.join('.')}'` : 'the file';
}

function article(expected: string): string {
  const word = expected === 'record' || expected === 'object' ? 'map' : expected === 'array' ? 'list' : expected;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
