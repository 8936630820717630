import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { createTelnyxClient } from '../telnyx/create-telnyx-client';
import { createBackoffStrategy, exponentialDelay } from './backoff-strategy';
import { dialLimiter, OPEN_LIMITER } from './dial-pacing';
import { EventStore } from '../events/event-store';
import { JobFailedError } from './job-failed-error';
import { DialGuard } from './dial-guard';
import type { OperationJobData } from './job-data';
import type { JobWorkerOptions } from './job-worker-options';
import type { NotifyService, OperationLane } from './operation-definition';
import { OperationProcessor } from './operation-processor';
import { lanes as allLanes, queueNames } from './queue-names';
import { RedisAvailability } from './redis-availability';
import { closeWorkerConnection, createWorkerRedis, workerConnection, type RedisClient } from '../redis/redis-connections';
import { describeRedisTarget } from '../config/redis-target';

/**
 * The worker role: one BullMQ Worker per queue (`ops`, and `dials` behind the shared dial
 * limiter), the Telnyx SDK client built once, stalled-job recovery, metrics, and a shutdown that
 * lets running jobs finish until a deadline.
 */
export class JobWorker {
  private readonly logger: Logger;
  private readonly availability: RedisAvailability;
  private readonly redis: RedisClient;
  /** Connections built for the Workers (cluster and Sentinel): closed after them. */
  private readonly workerConnections: ConnectionOptions[] = [];
  private readonly queues = new Map<OperationLane, Queue<OperationJobData>>();
  private readonly workers = new Map<OperationLane, Worker<OperationJobData>>();
  private readonly processor: OperationProcessor;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: JobWorkerOptions) {
    this.logger = options.logger;
    this.availability = options.availability ?? new RedisAvailability(options.logger, describeRedisTarget(options.redisTarget));
    this.redis = createWorkerRedis(options.redisTarget);
    this.availability.watch(this.redis);
    const lanes = options.lanes ?? allLanes;
    for (const lane of allLanes) {
      const queue = new Queue<OperationJobData>(queueNames[lane], { connection: this.redis, prefix: options.prefix });
      queue.on('error', (error) => this.availability.reportError(error));
      this.queues.set(lane, queue);
    }
    this.processor = new OperationProcessor({
      context: {
        telnyx: createTelnyxClient(options.telnyx),
        settings: options.telnyx,
        publicBaseUrl: options.publicBaseUrl,
        ...(options.urls ? { urls: options.urls } : {}),
        readEnv: options.readEnv,
        ...(options.secretsManifest ? { secretsManifest: options.secretsManifest } : {}),
        ...(options.notify ? { notify: this.notifyService(options.notify) } : {}),
      },
      guard: new DialGuard(this.redis, { prefix: options.prefix, ...(options.replicaWait ? { replicaWait: options.replicaWait } : {}) }),
      logger: options.logger,
      ...(options.metrics ? { metrics: options.metrics } : {}),
      pauseLane: async (lane, ms) => this.queues.get(lane)!.rateLimit(ms),
      rateLimitBackoff: (count) => exponentialDelay(count, options.backoffBaseMs, options.backoffCapMs),
      reconcileDelayMs: options.reconcileDelayMs,
    });
    options.metrics?.addDepthSource(() => this.depths());
    for (const lane of lanes) this.workers.set(lane, this.createWorker(lane));
  }

  private createWorker(lane: OperationLane): Worker<OperationJobData> {
    const { options } = this;
    const limiter = lane === 'dials' ? dialLimiter(options.dialsPerSecond, options.dialWindowSeconds ?? 5, options.dialJitterMs) : OPEN_LIMITER;
    const connection = workerConnection(options.redisTarget);
    this.workerConnections.push(connection);
    const worker = new Worker<OperationJobData>(queueNames[lane], (job, token) => this.processor.process(job, token, lane), {
      connection,
      prefix: options.prefix,
      name: `${hostname()}:${process.pid}`,
      // A dial window's jobs start together, so the dials worker can run a whole window at once.
      concurrency: lane === 'dials' ? Math.max(options.concurrency, limiter.max) : options.concurrency,
      limiter,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      // A job whose worker died twice is recovered twice (create-call jobs reconcile), then fails.
      maxStalledCount: 2,
      settings: { backoffStrategy: createBackoffStrategy({ baseMs: options.backoffBaseMs, capMs: options.backoffCapMs }) },
    });
    worker.on('error', (error) => this.availability.reportError(error));
    worker.on('ready', () => this.availability.reportReady());
    worker.on('completed', (job) => options.metrics?.completed.inc({ op: job.name }));
    worker.on('failed', (job, error) => this.onFailed(job, error));
    worker.on('stalled', (jobId) => this.logger.warn({ jobId, queue: queueNames[lane] }, 'job stalled (its worker stopped): back in the queue'));
    return worker;
  }

  private onFailed(job: Job<OperationJobData> | undefined, error: Error): void {
    if (!job) return;
    const metrics = this.options.metrics;
    const final = job.finishedOn !== undefined || error instanceof UnrecoverableError || error.name === 'UnrecoverableError';
    if (!final) {
      metrics?.retried.inc({ op: job.name, reason: 'error' });
      return;
    }
    const reason = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' ? 'permanent' : 'exhausted';
    metrics?.failed.inc({ op: job.name, reason });
    // Failed because Redis went away: counted in the outage's closing line, not logged per job.
    if (this.availability.count('jobsFailed', error)) return;
    const context = { source: 'worker', op: job.name, jobId: job.id, attempts: job.attemptsMade, reason, failedReason: job.failedReason };
    if (this.options.errorHandler) this.options.errorHandler.handle(new JobFailedError(job.name, job.id ?? '', reason, job.failedReason ?? error.message, error), context, 'error');
    else this.logger.error(context, 'job failed');
  }

  /** Calls `listener` for every job this process completes (benchmarks, the CLI's progress). */
  onCompleted(listener: (job: Job<OperationJobData>, result: unknown) => void): void {
    for (const worker of this.workers.values()) worker.on('completed', listener);
  }

  /** Resolves when every worker is connected (tests, the CLI's "worker ready" line). */
  async waitUntilReady(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.waitUntilReady()));
  }

  async depths(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    if (this.redis.status !== 'ready') return [];
    return Promise.all(
      [...this.queues.entries()].map(async ([lane, queue]) => ({ queue: queueNames[lane], counts: await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'failed') })),
    );
  }

  private notifyService(notify: NonNullable<JobWorkerOptions['notify']>): NotifyService {
    const store = new EventStore(this.redis, { prefix: this.options.prefix, retentionSeconds: notify.eventRetentionSeconds, ...(this.options.replicaWait ? { replicaWait: this.options.replicaWait } : {}) });
    return {
      send: (request) => notify.send(request),
      defaultUrl: notify.defaultUrl,
      recordDelivery: async (delivery) => void (await store.recordNotification(delivery)),
    };
  }

  /**
   * Stops taking jobs and lets the running ones finish, up to the deadline; then closes the
   * workers by force (their jobs' locks lapse and another worker recovers them) and quits Redis.
   */
  close(deadlineMs: number): Promise<void> {
    this.closing ??= this.shutdown(deadlineMs);
    return this.closing;
  }

  private async shutdown(deadlineMs: number): Promise<void> {
    const workers = [...this.workers.values()];
    if (this.redis.status !== 'ready') {
      // Without Redis no running job can be finished or recorded: stop at once.
      await within(Promise.all(workers.map((w) => w.close(true).catch(() => undefined))), 1000);
    } else {
      const drained = await within(
        Promise.all(workers.map((w) => w.close())).then(() => true),
        deadlineMs,
      );
      if (!drained) {
        this.logger.warn({ deadlineMs }, 'jobs still running at the shutdown deadline: leaving them to be recovered by another worker');
        // close() is already under way and waits for those jobs; cutting the connections ends it.
        await within(Promise.all(workers.map((w) => w.disconnect().catch(() => undefined))), 1000);
      }
    }
    await within(Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined))), 1000);
    await within(Promise.all(this.workerConnections.map((c) => closeWorkerConnection(c))), 1000);
    if (this.redis.status === 'ready') await within(this.redis.quit().catch(() => undefined), 1000);
    this.redis.disconnect();
  }
}

/** Resolves with the promise's value, or undefined once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
