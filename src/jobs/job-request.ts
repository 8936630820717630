import type { OperationName } from './operation-names';

/** A Telnyx operation a flow asked for. Rendering returns it as data; the HTTP layer enqueues it. */
export interface JobRequest {
  op: OperationName;
  params: unknown;
  idempotencyKey?: string;
  delayMs?: number;
  /** Where the request came from, for the job's log and the call timeline. */
  origin: { flow: string; step: string; callSid?: string };
}
