import { ServiceUrls } from '../../../src/urls/service-urls';
import { join } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { closeWorkerConnection, workerConnection, type RedisClient } from '../../../src/redis/redis-connections';
import type { RedisTarget } from '../../../src/config/redis-target';
import { connectTestRedis, deleteTestKeys, TEST_REDIS, testPrefix, testReplicaWait } from '../../support/redis-target';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../src/emulator';
import { BullmqOperationProducer } from '../../../src/jobs/bullmq-operation-producer';
import type { OperationJobData } from '../../../src/jobs/job-data';
import { JobMetrics } from '../../../src/jobs/job-metrics';
import type { FlowSetSource } from '../../../src/flows/flow-set-holder';
import { JobWorker } from '../../../src/jobs/job-worker';
import type { JobWorkerOptions } from '../../../src/jobs/job-worker-options';
import type { OperationSubmission } from '../../../src/jobs/operation-producer-options';
import { queueNames } from '../../../src/jobs/queue-names';
import { loadSecretsManifest } from '../../../src/flows/load-secrets-manifest';
import { createLogger, type Logger } from '../../../src/logging';
import type { TelnyxSettings } from '../../../src/telnyx/telnyx-settings';
import { AnswerLosingProxy } from './answer-losing-proxy';
import { WatchedLog } from './watched-log';

export { REDIS_URL } from '../../support/redis';
export const API_KEY = 'KEY_JOBS_TEST';
export const ACCOUNT = 'acct-jobs';
export const APP_SID = 'app-jobs';
export const PUBLIC_BASE_URL = 'https://router.test';

export interface JobsFixtureOptions {
  emulator?: Partial<EmulatorOptions>;
  worker?: Partial<JobWorkerOptions>;
  telnyxTimeoutMs?: number;
  /** Start no worker (producer-only tests, or a worker in another process). */
  noWorker?: boolean;
  env?: Record<string, string>;
  attempts?: number;
  /** Attempts of notify jobs (NOTIFY_RETRY_WINDOW_SECONDS in the service). */
  notifyAttempts?: number;
  /** Put an answer-losing proxy between the worker and the emulator. */
  proxy?: boolean;
  /** The flow set the producer checks flows and secrets against at enqueue (as the web role's does). */
  flows?: FlowSetSource;
  /** Another Redis than the run's (a failover test's own cluster). */
  redis?: RedisTarget;
}

export interface Finished {
  state: 'completed' | 'failed';
  result?: unknown;
  failedReason?: string;
  job: Job<OperationJobData>;
}

/**
 * A Telnyx emulator, a producer and a worker on a queue prefix of their own, against the real
 * Redis. `close()` removes every key under the prefix.
 */
export class JobsFixture {
  readonly target: RedisTarget;
  readonly prefix: string;
  readonly logs = new WatchedLog();
  readonly logger: Logger;
  readonly metrics = new JobMetrics();
  /** Seals the URLs the worker hands to Telnyx; tests read them back with it. */
  readonly urls = new ServiceUrls({ secret: 'jobs-fixture-secret-0123456789abcdef', ttlSeconds: 3600 });
  readonly redis: RedisClient;
  emulator!: EmulatorHandle;
  producer!: BullmqOperationProducer;
  worker: JobWorker | undefined;
  settings!: TelnyxSettings;
  proxy: AnswerLosingProxy | undefined;
  private readonly events = new Map<string, QueueEvents>();

  private constructor(private readonly options: JobsFixtureOptions) {
    this.logger = createLogger({ level: 'debug', pretty: false, secretValues: [], destination: this.logs });
    this.target = options.redis ?? TEST_REDIS;
    this.prefix = testPrefix(this.target);
    this.redis = connectTestRedis(this.target);
  }

  static async start(options: JobsFixtureOptions = {}): Promise<JobsFixture> {
    const fixture = new JobsFixture(options);
    await fixture.init();
    return fixture;
  }

  private async init(): Promise<void> {
    const { options } = this;
    // REST only: calls stay queued until a test moves them (the call player would fetch router.test).
    this.emulator = await startEmulator({ apiKey: API_KEY, playCalls: false, ...options.emulator });
    if (options.proxy) {
      this.proxy = new AnswerLosingProxy(this.emulator.url);
      await this.proxy.start();
    }
    this.settings = { apiKey: API_KEY, baseUrl: this.proxy ? `${this.proxy.url}/v2` : this.emulator.apiBaseUrl, timeoutMs: options.telnyxTimeoutMs ?? 5000, accountSid: ACCOUNT, applicationSid: APP_SID, local: true };
    this.producer = new BullmqOperationProducer({
      redisTarget: this.target,
      replicaWait: testReplicaWait(this.target),
      prefix: this.prefix,
      attempts: options.attempts ?? 8,
      backoffBaseMs: 20,
      ...(options.notifyAttempts ? { notifyAttempts: options.notifyAttempts } : {}),
      logger: this.logger,
      ...(options.flows ? { flows: options.flows } : {}),
    });
    await this.connected();
    for (const lane of ['ops', 'dials'] as const) {
      // The prefix is new, so reading its event stream from the start misses nothing.
      const events = new QueueEvents(queueNames[lane], { connection: workerConnection(this.target, 'test-events'), prefix: this.prefix, lastEventId: '0-0' });
      await events.waitUntilReady();
      this.events.set(lane, events);
    }
    if (!options.noWorker) await this.startWorker(options.worker);
  }

  async startWorker(overrides: Partial<JobWorkerOptions> = {}): Promise<JobWorker> {
    const env = this.options.env ?? {};
    this.worker = new JobWorker({
      redisTarget: this.target,
      replicaWait: testReplicaWait(this.target),
      prefix: this.prefix,
      concurrency: 10,
      backoffBaseMs: 20,
      backoffCapMs: 200,
      lockDurationMs: 30000,
      stalledIntervalMs: 30000,
      dialsPerSecond: 1000,
      reconcileDelayMs: 0,
      telnyx: this.settings,
      publicBaseUrl: PUBLIC_BASE_URL,
      urls: this.urls,
      readEnv: (name) => env[name],
      // The jobs fixtures' secrets manifest (crm_api_key, media_stream_token).
      secretsManifest: () => loadSecretsManifest({ flowsDir: join(__dirname, '..', 'fixtures', 'flows'), routesDir: join(__dirname, '..', 'fixtures', 'routes') }),
      logger: this.logger,
      metrics: this.metrics,
      ...overrides,
    });
    await this.worker.waitUntilReady();
    return this.worker;
  }

  /** Waits until the producer's connection is up (enqueue refuses before that). */
  async connected(): Promise<void> {
    const redis = (this.producer as unknown as { redis: RedisClient }).redis;
    if (redis.status !== 'ready') await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  }

  submit(op: string, params: unknown, extra: Partial<OperationSubmission> = {}): Promise<{ jobId: string }> {
    return this.producer.submit({ op, params, origin: { source: 'test' }, ...extra });
  }

  async job(jobId: string): Promise<Job<OperationJobData>> {
    for (const lane of ['ops', 'dials']) {
      const job = await Job.fromId<OperationJobData>(this.queueFor(lane), jobId);
      if (job) return job;
    }
    throw new Error(`no job ${jobId}`);
  }

  /** Waits (on queue events, no polling) until the job completes or fails for good. */
  async finished(jobId: string, timeoutMs = 20000): Promise<Finished> {
    const job = await this.job(jobId);
    const events = this.events.get(job.queueName === queueNames.dials ? 'dials' : 'ops')!;
    try {
      const result = await job.waitUntilFinished(events, timeoutMs);
      return { state: 'completed', result, job: (await this.job(jobId))! };
    } catch (error) {
      const fresh = await this.job(jobId);
      if (!fresh.finishedOn) throw error;
      return { state: 'failed', failedReason: fresh.failedReason, job: fresh };
    }
  }

  /**
   * Resolves when a worker takes the job (queue events, no polling). The event may have gone by
   * before the listener was attached (a quick worker), so the job's state is read once after.
   */
  async active(jobId: string, lane: 'ops' | 'dials' = 'ops'): Promise<void> {
    const events = this.events.get(lane)!;
    let listener: ((args: { jobId: string }) => void) | undefined;
    const seen = new Promise<void>((resolve) => {
      listener = ({ jobId: id }) => {
        if (id === jobId) resolve();
      };
      events.on('active', listener);
    });
    try {
      const state = await (await this.job(jobId)).getState();
      if (!['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state)) return;
      await seen;
    } finally {
      events.off('active', listener!);
    }
  }

  /** A queue handle for reading jobs. */
  queueFor(lane: string): Queue {
    if (!this.queues[lane]) {
      this.queues[lane] = new Queue(lane === 'dials' ? queueNames.dials : queueNames.ops, { connection: this.redis, prefix: this.prefix });
      // Every job waited on adds a 'closing' listener to the queue it was read through.
      this.queues[lane].setMaxListeners(500);
    }
    return this.queues[lane];
  }
  private readonly queues: Record<string, Queue> = {};

  async close(): Promise<void> {
    await this.worker?.close(5000);
    await this.producer.close();
    for (const events of this.events.values()) {
      const connection = events.opts.connection;
      await events.close();
      await closeWorkerConnection(connection);
    }
    for (const queue of Object.values(this.queues)) await queue.close();
    await this.proxy?.close();
    await this.emulator.close();
    await deleteTestKeys(this.redis, this.prefix);
    await this.redis.quit();
  }
}

/** Deletes every key of the prefix (on every master of a cluster). */
export async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  await deleteTestKeys(redis, prefix);
}
