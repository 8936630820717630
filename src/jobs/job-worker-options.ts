import type { ServiceUrls } from '../urls/service-urls';
import type { ErrorHandler } from '../errors';
import type { RedisTarget } from '../config/redis-target';
import type { ReplicaWait } from '../redis/replica-wait';
import type { Logger } from 'pino';
import type { TelnyxSettings } from '../telnyx/telnyx-settings';
import type { JobMetrics } from './job-metrics';
import type { NotifyService } from './operation-definition';
import type { RedisAvailability } from './redis-availability';
import type { SecretsManifest } from './secrets-manifest';

export interface JobWorkerOptions {
  redisTarget: RedisTarget;
  /** REDIS_WAIT_REPLICAS: dial markers reach replicas before a dial goes out. */
  replicaWait?: ReplicaWait;
  /** QUEUE_PREFIX. */
  prefix: string;
  /** WORKER_CONCURRENCY: jobs run at once per queue by this process. */
  concurrency: number;
  /** JOB_BACKOFF_BASE_MS / JOB_BACKOFF_CAP_MS. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** JOB_LOCK_DURATION_MS / JOB_STALLED_INTERVAL_MS: how soon a dead worker's job is recovered. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** TELNYX_DIALS_PER_SECOND, shared by every worker through the dials queue's limiter. */
  dialsPerSecond: number;
  /** Telnyx's rolling window (5 s). */
  dialWindowSeconds?: number;
  /** How far apart a dial's start and its arrival at Telnyx may drift without risking a 429 (default 200 ms). */
  dialJitterMs?: number;
  /** DIAL_RECONCILE_DELAY_MS. */
  reconcileDelayMs: number;
  telnyx: TelnyxSettings;
  publicBaseUrl: string | undefined;
  /** Seals the flow and callback URLs handed to Telnyx (same FLOW_STATE_SECRET as the web processes). */
  urls?: ServiceUrls;
  /** Reads secret values at processing time (config's readEnvironmentValue). */
  readEnv(name: string): string | undefined;
  /** The secrets manifest a secrets.upsert is checked against before any variable is read; without it those jobs fail. */
  secretsManifest?: () => Promise<SecretsManifest>;
  logger: Logger;
  /** Reports a job that finally failed (the same handler as HTTP and process errors); else logged. */
  errorHandler?: ErrorHandler;
  /** Delivers notify jobs (the worker records deliveries on the call timeline); without it they fail at once. */
  notify?: Omit<NotifyService, 'recordDelivery'> & { eventRetentionSeconds: number };
  metrics?: JobMetrics;
  availability?: RedisAvailability;
  /** Which queues this process works (default both). */
  lanes?: ReadonlyArray<'ops' | 'dials'>;
}
