import type { ReplicaWait } from '../redis/replica-wait';

export interface EventStoreOptions {
  /** Key prefix (QUEUE_PREFIX); per-call keys add a hash tag so a call's keys share a Cluster slot. */
  prefix: string;
  /** How long a call's timeline is kept (EVENT_RETENTION_DAYS). */
  retentionSeconds: number;
  /** Holds each acknowledgement until replicas have the event (REDIS_WAIT_REPLICAS). */
  replicaWait?: ReplicaWait;
  /**
   * How long a flow-step record (which nobody waits on) may wait for others to share its write to
   * Redis; default FLOW_STEPS_DELAY_MS. A callback's event never waits: it leaves in its own turn
   * of the event loop and takes the waiting records with it.
   */
  flowStepsDelayMs?: number;
}
