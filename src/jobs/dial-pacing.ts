import type { RateLimiterOptions } from 'bullmq';

/**
 * The BullMQ limiter of the `dials` queue. Telnyx counts dials over a rolling window (30/s over
 * 5 s: at most 150 in any 5 s); BullMQ's limiter counts fixed windows that start with the first
 * job after the previous one expired. With `max` = the per-second rate and windows slightly
 * longer than a second, no span of (window + jitterMs) can hold more than the allowance, so dials
 * whose requests arrive up to jitterMs apart from when they were started (event loop, network,
 * TLS) still never exceed it. The jitter allowance is paid in throughput: for 30/s with 200 ms,
 * 30 per 1040 ms, 28.8 dials/s at most (96 %).
 */
export const DEFAULT_DIAL_JITTER_MS = 200;

export function dialLimiter(dialsPerSecond: number, windowSeconds = 5, jitterMs = DEFAULT_DIAL_JITTER_MS): RateLimiterOptions {
  const windows = windowSeconds;
  const duration = Math.floor((windowSeconds * 1000 - 1 + jitterMs) / windows) + 1;
  return { max: dialsPerSecond, duration };
}

/**
 * The `ops` queue has no rate of its own, but BullMQ only honours a manual rate limit (a 429's
 * Retry-After) on a worker that has a limiter, so it gets one that never binds.
 */
export const OPEN_LIMITER: RateLimiterOptions = { max: 1_000_000, duration: 1000 };
