import Mustache from 'mustache';
import { BOUND_CALL_SID_MAX_LENGTH, FlowStateCodec } from '../state/flow-state-codec';
import { UNTRUSTED_VALUE_MAX_LENGTH, URL_VARIABLE_MAX_LENGTH } from '../templates/neutralise';
import type { FlowFileInput } from './schema/flow-schema';
import type { ActionInput } from './schema/action-schemas';
import { variablesAssignedBy, waitingKinds } from './actions/action-registry';

/**
 * The largest state token a flow could put in an action URL. Variables are the only part that
 * grows, so each gets an upper bound on its length (from its default, the gather that fills it,
 * or the template that sets it), and a state holding every variable at its bound, in characters
 * that take the most bytes, is sealed for real and measured.
 */
export interface StateSizeReport {
  worstTokenLength: number;
  maxTokenLength: number;
  /** Variables by bound, largest first. */
  bounds: [name: string, maxLength: number][];
}

export function checkStateSize(input: FlowFileInput, env: Record<string, string>, maxTokenLength: number): StateSizeReport {
  const bounds = new Map<string, number>();
  // Every declared variable can also arrive on the URL (?var.NAME=), so none is below that cap.
  const grow = (name: string, bound: number) => bounds.set(name, Math.max(bounds.get(name) ?? URL_VARIABLE_MAX_LENGTH, bound));
  for (const [name, value] of Object.entries(input.vars ?? {})) grow(name, String(value).length);
  const sets: [name: string, template: string][] = [];
  const visit = (action: ActionInput) => {
    for (const { name, maxLength, template } of variablesAssignedBy(action)) {
      grow(name, maxLength);
      if (template !== undefined) sets.push([name, template]);
    }
  };
  for (const actions of Object.values(input.steps)) actions.forEach(visit);
  // `set` may copy variables into each other: iterate to a fixed point (bounded passes, capped).
  for (let pass = 0; pass < 8; pass++) {
    let changed = false;
    for (const [name, template] of sets) {
      const bound = Math.min(templateBound(template, (root, field) => (root === 'vars' ? bounds.get(field) ?? 0 : root === 'env' ? (env[field] ?? '').length : root === 'secret' ? field.length + 23 : UNTRUSTED_VALUE_MAX_LENGTH)), 1_000_000);
      if (bound > (bounds.get(name) ?? -1)) {
        bounds.set(name, bound);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // U+2603 is 3 bytes in UTF-8: the worst case per character that JSON leaves unescaped.
  const vars = Object.fromEntries([...bounds].map(([name, bound]) => [name, '\u2603'.repeat(bound)]));
  const longestStep = Object.keys(input.steps).reduce((a, b) => (b.length > a.length ? b : a), '');
  // The token names the kind of the action it waits on.
  const longestKind = waitingKinds.reduce<string>((a, b) => (b.length > a.length ? b : a), '');
  const codec = new FlowStateCodec({ secret: 'measure-only-measure-only-measure-only', ttlSeconds: 60, maxTokenLength: Number.MAX_SAFE_INTEGER });
  // Sealed as the service seals it, with every optional part present (a queue wait and its enqueue
  // time) and the binding every token carries (the CallSid at its longest, the no-input event, the leg).
  const token = codec.seal(
    { flow: input.flow, version: 'xxxxxxxxxxxx', step: longestStep, action: 999, kind: longestKind, retries: 10, leg: 10, queueWait: true, queuedAt: 9_999_999_999_999, vars },
    { callSid: 'x'.repeat(BOUND_CALL_SID_MAX_LENGTH), event: 'no-input', leg: true },
  );
  return { worstTokenLength: token.length, maxTokenLength, bounds: [...bounds].sort((a, b) => b[1] - a[1]) };
}

type MustacheToken = [type: string, value: string, start: number, end: number, children?: MustacheToken[]];

/** Upper bound of a template's rendered length: its text plus every reference at its bound. */
function templateBound(source: string, refBound: (root: string, field: string) => number): number {
  let tokens: MustacheToken[];
  try {
    tokens = Mustache.parse(source) as MustacheToken[];
  } catch {
    return source.length;
  }
  const walk = (list: MustacheToken[]): number =>
    list.reduce((sum, [type, value, , , children]) => {
      if (type === 'text') return sum + value.length;
      if (type === 'name' || type === '&') {
        const [root = '', field = ''] = value.split('.');
        return sum + refBound(root, field);
      }
      // Sections may repeat for lists; variables are scalars, so a section renders at most once.
      if ((type === '#' || type === '^') && children) return sum + walk(children);
      return sum;
    }, 0);
  return walk(tokens);
}
