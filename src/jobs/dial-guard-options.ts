import type { ReplicaWait } from '../redis/replica-wait';

export interface DialGuardOptions {
  /** QUEUE_PREFIX: keys live next to the queues'. */
  prefix: string;
  /** How long markers are kept (default 7 days, longer than any retry schedule). */
  markerTtlSeconds?: number;
  /** How far back confirmed dials to the same number are remembered (default 1 hour). */
  ledgerSeconds?: number;
  /** A marker must reach this many replicas before the dial goes out (REDIS_WAIT_REPLICAS). */
  replicaWait?: ReplicaWait;
}
