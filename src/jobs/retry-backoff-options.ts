export interface RetryBackoffOptions {
  /** JOB_BACKOFF_BASE_MS: the first delay's ceiling. */
  baseMs: number;
  /** JOB_BACKOFF_CAP_MS: no delay is longer (a Retry-After hint may be). */
  capMs: number;
  /** Jitter source in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}
