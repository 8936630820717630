/**
 * Where a call is in its flow between two webhooks. It travels sealed in the action URL, so any
 * web process can answer the next request without Redis.
 */
export interface FlowState {
  flow: string;
  /** The flow's version when the state was issued. */
  version: string;
  step: string;
  /** Index of the waiting action in the step. */
  action: number;
  /** The waiting action's kind: a changed flow resumes only when the action there is still of this kind. */
  kind?: string;
  /** Replays used by the current gather or menu. */
  retries: number;
  /** Current leg of a sequential dial. */
  leg: number;
  /**
   * The call is in a queue's wait step (its waitUrl document or one it led to): the end of a step
   * adds no Hangup and a gather or menu without on_fail keeps the caller waiting.
   */
  queueWait?: true;
  /** When the call was put in the queue (epoch seconds), on an Enqueue's state: see queueOutcome. */
  queuedAt?: number;
  vars: Record<string, string | number | boolean>;
}

/** Builds the absolute URLs a rendered document points Telnyx at. Supplied by the HTTP layer. */
export interface FlowLinks {
  /** The action URL for a waiting action; `event` marks why Telnyx came back (e.g. no-input). */
  action(state: FlowState, event?: string): string;
  /** The Enqueue waitUrl for the Enqueue the state points at (its wait step is found from it). */
  queueWait(state: FlowState, wait: { flow: string; step: string }): string;
  /** Where Telnyx posts events of this kind for a call in this flow (the flow is on the URL). */
  callback(kind: 'call-status' | 'recording' | 'transcription' | 'conference' | 'stream' | 'siprec', flow: string): string;
}
