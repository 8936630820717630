import type { ParamSpec, ParamType } from './contract-types';
import { openVocabularies, webhookContract, type WebhookKind } from './webhook-contract';

/** Form values as they arrive: text, or several texts for a repeated name. */
export type WebhookParams = Readonly<Record<string, unknown>>;

export interface ValidateWebhookOptions {
  /**
   * Parameters that are not part of the webhook but of the URL the service itself emitted (sealed
   * state and the like). They are skipped, never reported.
   */
  ignore?: ReadonlySet<string>;
}

/** Names Telnyx is known not to send: TwiML's, tolerated somewhere in the contract, and Direction (no schema has it). */
const neverSent: ReadonlySet<string> = new Set([
  'Direction',
  ...Object.values(webhookContract).flatMap((spec) => Object.entries(spec.params as Readonly<Record<string, ParamSpec>>).filter(([, p]) => p.documented === false).map(([name]) => name)),
]);

const checks: Record<ParamType, (value: string) => boolean> = {
  string: () => true,
  integer: (v) => /^-?\d+$/.test(v),
  number: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  boolean: (v) => v === 'true' || v === 'false' || v === 'True' || v === 'False',
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
};

/**
 * What is wrong with a request claiming to be `kind`, as Telnyx documents it: a required parameter
 * missing, a value of the wrong type or outside the documented values, or a parameter Telnyx does not
 * document for this kind (tolerated ones included: Telnyx would not send them). Empty when it fits.
 */
export function validateWebhook(kind: WebhookKind, params: WebhookParams, options: ValidateWebhookOptions = {}): string[] {
  const spec = webhookContract[kind];
  const specParams: Readonly<Record<string, ParamSpec>> = spec.params;
  const problems: string[] = [];
  for (const [name, param] of Object.entries(specParams)) {
    const raw = params[name];
    if (raw === undefined || raw === null) {
      if (param.required) problems.push(`${kind}: required parameter ${name} is missing`);
      continue;
    }
    const value = Array.isArray(raw) ? raw : [raw];
    for (const item of value) {
      const text = String(item);
      if (param.documented === false) problems.push(`${kind}: ${name} is not documented by Telnyx (tolerated when received, never sent)`);
      else if (!checks[param.type](text)) problems.push(`${kind}: ${name}=${JSON.stringify(text)} is not a ${param.type}`);
      else if (param.enum && !param.enum.includes(text) && !openVocabularies.has(`${kind}.${name}`)) {
        problems.push(`${kind}: ${name}=${JSON.stringify(text)} is not one of ${param.enum.join(', ')}`);
      }
    }
  }
  const openEnded = 'openEnded' in spec && spec.openEnded === true;
  for (const name of Object.keys(params)) {
    if (name in specParams || options.ignore?.has(name)) continue;
    // An open-ended request (HttpRequest's mapped fields) may carry any name, but not one Telnyx is known not to send.
    if (!openEnded || neverSent.has(name)) problems.push(`${kind}: ${name} is not a parameter Telnyx documents for this request`);
  }
  return problems;
}

/**
 * The kind among `candidates` a request fits, or the problems of the closest one. Used where the
 * sender knows the URL but not the verb (an action URL serves Gather, Dial, Record and the rest).
 */
export function matchWebhook(candidates: readonly WebhookKind[], params: WebhookParams, options: ValidateWebhookOptions = {}): { kind: WebhookKind; problems: string[] } {
  let best: { kind: WebhookKind; problems: string[] } | undefined;
  for (const kind of candidates) {
    const problems = validateWebhook(kind, params, options);
    if (problems.length === 0) return { kind, problems };
    if (!best || problems.length < best.problems.length) best = { kind, problems };
  }
  if (!best) throw new Error('matchWebhook needs at least one candidate kind');
  return best;
}

/** Every parameter name the contract knows, in any kind (what service code may read). */
export function contractParameterNames(): Set<string> {
  const names = new Set<string>();
  for (const spec of Object.values(webhookContract)) for (const name of Object.keys(spec.params)) names.add(name);
  return names;
}
