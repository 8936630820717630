import type { TemplateContext } from '../templates/template-scope';
import type { FlowLinks, FlowState } from '../state/flow-state';
import type { JobRequest } from '../jobs/job-request';
import type { OutboundRequest, RequestOutcome } from '../events/outbound-request';

/* What rendering a flow takes and gives: shared by the interpreter and the action definitions. */

export interface RenderInputs {
  call: TemplateContext['call'];
  /** The result Telnyx sent for the action the call was waiting on (neutralised). */
  input: TemplateContext['input'];
  now: Date;
  links: FlowLinks;
  /**
   * Every parameter of the signed action request, for a result that arrives under names the flow
   * chose (an HttpRequest's mapped fields). Raw: whoever reads one neutralises it.
   */
  parameters?: Readonly<Record<string, unknown>>;
  /** Why Telnyx came back, when our own URL says so: 'no-input' after a Gather timed out. */
  event?: string;
  /**
   * Rendering an Enqueue's wait step (its waitUrl), or resuming an action that waited in one:
   * Telnyx plays the document again and again while the caller waits, so the end of the step adds
   * no Hangup (which would drop the caller), and a gather or menu without on_fail keeps the caller
   * waiting instead of hanging up.
   */
  queueWait?: boolean;
  /**
   * Rendering the wait step for the waitUrl: the URL that plays the wait step again with these
   * variables. A wait step with `every` ends with a Redirect to it, so the time of the last offer
   * comes back with the next round.
   */
  waitLoop?: (vars: Record<string, string | number | boolean>) => string;
  /** What the service knows about an Enqueue the call left: it issued the `<Leave>` (see queueOutcome). */
  queue?: { leaveIssued?: boolean };
  /** A queue's wait step: `queue.*` (the queue webhook's position, size and times). */
  queueWebhook?: TemplateContext['queue'];
}

/** `request`: the document is not finished; it goes on once `pendingRequest` is resolved. */
export type RenderEnding = 'wait' | 'hangup' | 'reject' | 'redirect' | 'end-of-step' | 'fallback' | 'request';

/**
 * A `request` action the document stopped at: the caller performs the request (the interpreter
 * does no I/O) and resumes the render with its outcome, which gives the rest of the document.
 */
export interface PendingRequest {
  request: OutboundRequest;
  resume(outcome: RequestOutcome): RenderResult;
}

export interface RenderResult {
  texml: string;
  jobs: JobRequest[];
  /** `flow.step` for every step the document passed through. */
  trail: string[];
  ending: RenderEnding;
  /** Set when the call waits on an action: the state its action URL carries. */
  waitingAt?: FlowState;
  /** Why the fallback document was served. */
  fallbackReason?: string;
  /** Set when ending is 'request': `texml` is not a document yet. */
  pendingRequest?: PendingRequest;
  /** An Enqueue's action: how the caller left the queue (see queueOutcome). */
  queueResult?: string;
  flow?: string;
}

