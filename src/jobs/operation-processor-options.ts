import type { Logger } from 'pino';
import type { DialGuard } from './dial-guard';
import type { JobMetrics } from './job-metrics';
import type { OperationContext, OperationLane } from './operation-definition';

export interface OperationProcessorOptions {
  /** Everything but the job id: the SDK client, Telnyx settings, PUBLIC_BASE_URL, env reader. */
  context: Omit<OperationContext, 'jobId'>;
  guard: DialGuard;
  logger: Logger;
  metrics?: JobMetrics;
  /** Pauses a whole queue (every worker) for that long: BullMQ's queue rate limit. */
  pauseLane(lane: OperationLane, ms: number): Promise<void>;
  /** Delay for the n-th 429 that said nothing about when to come back. */
  rateLimitBackoff(count: number): number;
  /** 429s a job may meet before a further one counts as a failed attempt (default 50). */
  maxRateLimits?: number;
  /** DIAL_RECONCILE_DELAY_MS: wait after an unconfirmed dial before listing calls. */
  reconcileDelayMs: number;
  /** Our clock vs Telnyx's, allowed for when looking for a dial's call (default 2 s). */
  clockSkewMs?: number;
  now?: () => number;
}
