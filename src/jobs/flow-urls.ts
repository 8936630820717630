import type { CallbackKind } from '../events/call-event';
import { callbackPaths } from '../events/callback-paths';
import type { OperationContext } from './operation-definition';
import { OperationPreconditionError } from './operation-precondition-error';

/** The public base URL, or a clear failure naming the operation that needed it. */
export function requirePublicBaseUrl(op: string, context: OperationContext): string {
  if (!context.publicBaseUrl) throw new OperationPreconditionError(op, 'PUBLIC_BASE_URL is not set, so there is no URL Telnyx could fetch the flow from');
  return context.publicBaseUrl;
}

/** `${PUBLIC_BASE_URL}/voice?flow=NAME&var.KEY=VALUE...`: the voice endpoint runs that flow with those variables. */
export function flowUrl(base: string, flow: string, vars: Record<string, string | number | boolean> = {}): string {
  const query = new URLSearchParams({ flow });
  for (const [name, value] of Object.entries(vars)) query.append(`var.${name}`, String(value));
  return `${base}/voice?${query.toString()}`;
}

/** Where Telnyx posts callbacks of this kind (siprec, stream, conference, ...). */
export function callbackUrl(base: string, kind: CallbackKind): string {
  return `${base}${callbackPaths[kind]}`;
}
