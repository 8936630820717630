import type { ServiceClock } from '../clock';
import type { RedisTarget } from '../config/redis-target';
import type { Logger } from 'pino';
import type { RedisAvailability } from './redis-availability';
import type { RedisClient } from '../redis/redis-connections';
import type { ReplicaWait } from '../redis/replica-wait';
import type { EnqueueCatalogue } from './validate-operation';

export interface OperationProducerOptions {
  redisTarget: RedisTarget;
  /** QUEUE_PREFIX. */
  prefix: string;
  /** JOB_ATTEMPTS: attempts of a retryable failure (429s do not use them up). */
  attempts: number;
  /** JOB_BACKOFF_BASE_MS: recorded on each job; the worker's strategy computes the delays. */
  backoffBaseMs: number;
  /** Attempts of a notify job (from NOTIFY_RETRY_WINDOW_SECONDS); default `attempts`. */
  notifyAttempts?: number;
  logger: Logger;
  /** Shared per process so an outage is logged once; built here when absent. */
  availability?: RedisAvailability;
  /**
   * The flow set jobs are checked against at enqueue: a flow a job names must be one of its flows,
   * a secrets.upsert one its secrets manifest declares (422 naming it otherwise). Absent (the
   * worker's campaign producer), those checks are left to the worker.
   */
  flows?: { readonly current: EnqueueCatalogue | undefined };
  /** A connection to use instead of building one (tests). It must have enableOfflineQueue: false. */
  redis?: RedisClient;
  /** Holds an enqueue's answer until replicas have the job (REDIS_WAIT_REPLICAS). */
  replicaWait?: ReplicaWait;
  /** How long finished jobs, and so their idempotency keys, are kept (seconds). */
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
  /**
   * The service clock. Under a controlled clock (development) a job's delay is clock time: it is
   * due when the clock reads enqueue time + delay, so at CLOCK_RATE 60 a 10-minute delay takes 10
   * real seconds (and DelayedJobPromoter runs it early when the clock is moved forward).
   */
  clock?: ServiceClock;
}

/** A job to enqueue from any entry point (flow, admin API, CLI). */
export interface OperationSubmission {
  op: unknown;
  params: unknown;
  idempotencyKey?: string;
  delayMs?: number;
  origin: { source: string; flow?: string; step?: string; callSid?: string };
}
