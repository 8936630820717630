/** One entry of Telnyx's `{"errors":[...]}` body. */
export interface TelnyxErrorDetail {
  code?: string;
  title?: string;
  detail?: string;
  pointer?: string;
}

/**
 * - `rate-limited`: 429; the queue pauses for `retryAfterMs` (or backs off) and the job is tried again.
 * - `retryable`: 5xx, 408, timeouts, connection failures; retried with exponential backoff.
 * - `permanent`: any other 4xx (400 401 403 404 409 422 ...); fails at once, Telnyx's detail kept.
 */
export type TelnyxFailureKind = 'rate-limited' | 'retryable' | 'permanent';

/** A failed Telnyx REST call, classified for the retry policy. */
export interface TelnyxFailure {
  kind: TelnyxFailureKind;
  /** HTTP status; undefined when no answer came (timeout, connection). */
  status: number | undefined;
  /** Low-cardinality label for metrics: the status ('429', '503'), 'timeout' or 'connection'. */
  statusLabel: string;
  /** The first Telnyx error entry (code, title, detail). */
  code: string | undefined;
  title: string | undefined;
  detail: string | undefined;
  errors: TelnyxErrorDetail[];
  /** From Retry-After or x-ratelimit-reset, when the answer carried one. */
  retryAfterMs: number | undefined;
  /**
   * The request may have reached Telnyx and been acted on although we have no answer (a timeout,
   * a connection reset after sending, a 5xx from a gateway). A dial must reconcile before posting again.
   */
  ambiguous: boolean;
  /** One line for logs and the job's failedReason, e.g. `422 10016 Invalid value: 'To' must be E.164`. */
  summary: string;
}
