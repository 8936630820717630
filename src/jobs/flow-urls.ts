import type { CallbackKind } from '../events/call-event';
import type { AnswerMachine, CampaignAttemptRef, LinkVars } from '../urls/link-sealer';
import { callbackPaths } from '../urls/service-paths';
import type { OperationContext } from './operation-definition';
import { OperationPreconditionError } from './operation-precondition-error';

/** The public base URL, or a clear failure naming the operation that needed it. */
export function requirePublicBaseUrl(op: string, context: OperationContext): string {
  if (!context.publicBaseUrl) throw new OperationPreconditionError(op, 'PUBLIC_BASE_URL is not set, so there is no URL Telnyx could fetch the flow from');
  return context.publicBaseUrl;
}

/** The voice URL that runs `flow` with `vars`, sealed by src/urls (the voice endpoint reads nothing else from it). */
export function flowUrl(op: string, context: OperationContext, flow: string, vars: LinkVars = {}): string {
  const base = requirePublicBaseUrl(op, context);
  if (!context.urls) throw new OperationPreconditionError(op, 'this worker has no FLOW_STATE_SECRET to seal the flow URL with');
  return context.urls.voice(base, flow, vars);
}

/**
 * Where Telnyx posts callbacks of this kind (siprec, stream, conference, ...); undefined without
 * PUBLIC_BASE_URL. The flow and a campaign attempt ride sealed on it (src/urls).
 */
export function callbackUrl(context: OperationContext, kind: CallbackKind, link: { flow?: string; vars?: LinkVars; attempt?: CampaignAttemptRef; machine?: AnswerMachine } = {}): string | undefined {
  const base = context.publicBaseUrl;
  if (!base) return undefined;
  if (!context.urls) {
    if (link.flow || link.attempt || link.machine) throw new OperationPreconditionError('callback', 'this worker has no FLOW_STATE_SECRET to seal the callback URL with');
    return `${base}${callbackPaths[kind]}`;
  }
  return context.urls.callback(base, kind, link);
}

/**
 * A status callback of `kind`: the job's own URL and method, or the service's callback URL (when
 * PUBLIC_BASE_URL is set) by POST. Telnyx's default method is POST too (texml-calls.openapi.yml).
 */
export function statusCallbackOf<M extends string = 'POST'>(context: OperationContext, kind: CallbackKind, given: { url?: string | undefined; method?: M | undefined } = {}): { url: string | undefined; method: M | 'POST' | undefined } {
  const url = given.url ?? callbackUrl(context, kind);
  return { url, method: given.method ?? (url ? 'POST' : undefined) };
}
