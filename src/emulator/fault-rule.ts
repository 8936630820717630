import { z } from 'zod';

/**
 * A fault rule: which requests it hits, what it does to them, how often.
 *
 * Matching: `operation` (an operation name such as `calls.create`, `*` wildcards allowed, e.g.
 * `participants.*`; the emulator's old names in endpointNameAliases still match, as aliases),
 * `method` (HTTP method) and `path` (a path pattern, `:name` or `*` for one segment, `**` for the
 * rest; a `/v2` prefix is implied). Every criterion given must match; a rule with none is global.
 *
 * Frequency: `probability` (0..1, default 1) is drawn from the emulator's seeded RNG for each
 * matching request; `count` limits how many times the rule fires, after which it is removed.
 */
export interface FaultMatch {
  operation?: string;
  method?: string;
  path?: string;
}

export interface FaultFrequency {
  probability?: number;
  count?: number;
}

/** 429 with Telnyx's code 10011. `Retry-After` only when `retryAfterSeconds` is given. */
export interface RateLimitFault extends FaultMatch, FaultFrequency {
  fault: 'rate_limit';
  retryAfterSeconds?: number;
  /** Send x-ratelimit-limit / -remaining / -reset (default true). */
  rateLimitHeaders?: boolean;
  /** x-ratelimit-limit value (default 100). */
  limit?: number;
  /** x-ratelimit-reset value in seconds (default: retryAfterSeconds, else 1). */
  resetSeconds?: number;
  detail?: string;
}

/** An error status, 500 by default (503, 502, 400... any 400-599). */
export interface ErrorFault extends FaultMatch, FaultFrequency {
  fault: 'error';
  status?: number;
  detail?: string;
  retryAfterSeconds?: number;
}

/** Delays the request, then lets it through (or into the next fault). */
export interface LatencyFault extends FaultMatch, FaultFrequency {
  fault: 'latency';
  latencyMs: number;
}

/** Destroys the socket without answering. */
export interface DropFault extends FaultMatch, FaultFrequency {
  fault: 'drop';
}

/** Never answers; the request hangs until the client gives up (or the emulator closes). */
export interface TimeoutFault extends FaultMatch, FaultFrequency {
  fault: 'timeout';
}

export type FaultRuleInput = RateLimitFault | ErrorFault | LatencyFault | DropFault | TimeoutFault;

export type FaultKind = FaultRuleInput['fault'];

/** A rule as installed: with its id and how many more times it may fire (null = unlimited). */
export type FaultRule = FaultRuleInput & { id: string; remaining: number | null; fired: number };

const matchShape = {
  operation: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(1).optional(),
};

export const faultRuleSchema = z.discriminatedUnion('fault', [
  z.strictObject({
    ...matchShape,
    fault: z.literal('rate_limit'),
    retryAfterSeconds: z.number().int().min(0).optional(),
    rateLimitHeaders: z.boolean().optional(),
    limit: z.number().int().min(0).optional(),
    resetSeconds: z.number().int().min(0).optional(),
    detail: z.string().optional(),
  }),
  z.strictObject({
    ...matchShape,
    fault: z.literal('error'),
    status: z.number().int().min(400).max(599).optional(),
    detail: z.string().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
  }),
  z.strictObject({ ...matchShape, fault: z.literal('latency'), latencyMs: z.number().int().min(0).max(600_000) }),
  z.strictObject({ ...matchShape, fault: z.literal('drop') }),
  z.strictObject({ ...matchShape, fault: z.literal('timeout') }),
]);
