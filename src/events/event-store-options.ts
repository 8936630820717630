import type { ReplicaWait } from '../redis/replica-wait';

export interface EventStoreOptions {
  /** Key prefix (QUEUE_PREFIX); per-call keys add a hash tag so a call's keys share a Cluster slot. */
  prefix: string;
  /** How long a call's timeline is kept (EVENT_RETENTION_DAYS). */
  retentionSeconds: number;
  /** Holds each acknowledgement until replicas have the event (REDIS_WAIT_REPLICAS). */
  replicaWait?: ReplicaWait;
}
