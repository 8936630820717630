import type { BackoffStrategy } from 'bullmq';
import type { RetryBackoffOptions } from './retry-backoff-options';
import { RetryableOperationError } from './retryable-operation-error';

/** The custom backoff type jobs carry; the worker's strategy computes it. */
export const BACKOFF_TYPE = 'telnyx';

/**
 * Exponential delay with "equal jitter": the ceiling doubles per attempt (base, 2x base, ...) up
 * to the cap, and the delay is drawn between half the ceiling and the ceiling, so retries from
 * many jobs spread out instead of arriving together.
 */
export function exponentialDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createBackoffStrategy(options: RetryBackoffOptions): BackoffStrategy {
  return (attemptsMade, _type, error) => {
    const delay = exponentialDelay(attemptsMade, options.baseMs, options.capMs, options.random);
    const hinted = error instanceof RetryableOperationError ? error.retryAfterMs : undefined;
    return hinted !== undefined ? Math.max(delay, hinted) : delay;
  };
}

/**
 * The attempts a job needs so that its retries span at least `windowMs`, however the jitter falls:
 * each retry waits at least half its ceiling (see exponentialDelay), so those halves are summed.
 */
export function attemptsSpanning(windowMs: number, baseMs: number, capMs: number, maxAttempts = 1000): number {
  let waited = 0;
  let attempts = 1;
  while (waited < windowMs && attempts < maxAttempts) {
    waited += Math.min(capMs, baseMs * 2 ** Math.min(attempts - 1, 40)) / 2;
    attempts += 1;
  }
  return attempts;
}
