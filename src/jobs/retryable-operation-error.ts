/**
 * A failed attempt worth retrying (5xx, timeout, connection). Thrown to BullMQ, which retries with
 * the exponential backoff; `retryAfterMs` (a 503's Retry-After) stretches that delay.
 */
export class RetryableOperationError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'RetryableOperationError';
    this.retryAfterMs = retryAfterMs;
  }
}
