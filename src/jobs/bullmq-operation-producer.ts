import { Queue, QueueEvents, type Job, type JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { JobRequest } from './job-request';
import { BACKOFF_TYPE } from './backoff-strategy';
import type { OperationJobData } from './job-data';
import { jobIdFor } from './job-ids';
import type { JobStatus } from './job-status';
import { JobsUnavailableError } from './jobs-unavailable-error';
import { laneOf } from './operation-catalogue';
import type { OperationLane } from './operation-definition';
import type { OperationName } from './operation-names';
import type { OperationProducer } from './operation-producer';
import type { OperationProducerOptions, OperationSubmission } from './operation-producer-options';
import { lanes, queueNames } from './queue-names';
import { isRedisConnectionError, RedisAvailability } from './redis-availability';
import { closeWorkerConnection, createProducerRedis, workerConnection, type RedisClient } from '../redis/redis-connections';
import { describeRedisTarget } from '../config/redis-target';
import { validateOperation } from './validate-operation';

const DAY = 24 * 3600;

/**
 * Puts operations on the BullMQ queues: validates the payload (OperationValidationError naming the
 * op and field), turns an idempotency key into the job id, and picks the queue (dials or ops).
 * Never waits for Redis: while it is down, enqueue fails at once with JobsUnavailableError.
 */
export class BullmqOperationProducer implements OperationProducer {
  private readonly redis: RedisClient;
  private readonly ownsRedis: boolean;
  private readonly queues: { readonly [L in OperationLane]: Queue<OperationJobData> };
  private readonly logger: Logger;
  readonly availability: RedisAvailability;

  constructor(private readonly options: OperationProducerOptions) {
    this.logger = options.logger;
    this.availability = options.availability ?? new RedisAvailability(options.logger, describeRedisTarget(options.redisTarget));
    this.ownsRedis = options.redis === undefined;
    this.redis = options.redis ?? createProducerRedis(options.redisTarget);
    this.availability.watch(this.redis);
    if (this.redis.status === 'ready') this.availability.reportReady();
    const queue = (lane: OperationLane) => {
      const q = new Queue<OperationJobData>(queueNames[lane], { connection: this.redis, prefix: options.prefix });
      // Connection errors reach the availability reporter through the client; a Queue with no
      // 'error' listener would throw them instead.
      q.on('error', (error) => this.availability.reportError(error));
      return q;
    };
    this.queues = { ops: queue('ops'), dials: queue('dials') };
  }

  /** The flow `job:` action. The web layer does not wait for it and counts its failures. */
  async enqueue(request: JobRequest): Promise<{ jobId: string }> {
    return this.submit({
      op: request.op,
      params: request.params,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      ...(request.delayMs ? { delayMs: request.delayMs } : {}),
      origin: { source: 'flow', ...request.origin },
    });
  }

  /** Validates and enqueues; the same idempotency key twice is one job (the second gets its id). */
  async submit(submission: OperationSubmission): Promise<{ jobId: string }> {
    const { op, params } = validateOperation(submission.op, submission.params, this.options.flows?.current);
    if (this.redis.status !== 'ready') throw this.refused(new JobsUnavailableError(`Redis is not connected (${this.redis.status}); the job was not enqueued`));
    const jobId = jobIdFor(submission.idempotencyKey);
    const delayMs = submission.delayMs && submission.delayMs > 0 ? Math.round(submission.delayMs) : 0;
    const clock = this.options.clock?.controlled ? this.options.clock : undefined;
    // Under a controlled clock the delay is clock time: due at clock now + delay, real delay scaled.
    const dueAt = clock && delayMs > 0 ? clock.now() + delayMs : undefined;
    const realDelayMs = clock && dueAt !== undefined ? clock.realDelayUntil(dueAt) : delayMs;
    const data: OperationJobData = {
      op,
      params,
      origin: submission.origin,
      ...(submission.idempotencyKey ? { idempotencyKey: submission.idempotencyKey } : {}),
      ...(dueAt !== undefined ? { dueAt } : {}),
    };
    const job = await this.add(op, data, {
      jobId,
      ...(realDelayMs > 0 ? { delay: realDelayMs } : {}),
      // A notify waits out a receiver's downtime for NOTIFY_RETRY_WINDOW_SECONDS, not JOB_ATTEMPTS.
      attempts: op === 'notify' ? (this.options.notifyAttempts ?? this.options.attempts) : this.options.attempts,
      backoff: { type: BACKOFF_TYPE, delay: this.options.backoffBaseMs },
      removeOnComplete: { age: this.options.keepCompletedSeconds ?? DAY },
      removeOnFail: { age: this.options.keepFailedSeconds ?? 7 * DAY },
    });
    // Accepted means kept: a failover right after this answer must not lose the job. Past the
    // timeout the job is acknowledged anyway (it is on the master; only a failover now loses it).
    if (this.options.replicaWait?.enabled) await this.options.replicaWait.after(this.redis, `${this.options.prefix}:${queueNames[laneOf(op)]}:${job.id ?? jobId}`);
    this.logger.debug({ op, jobId: job.id, origin: submission.origin, delayMs: submission.delayMs }, 'job enqueued');
    return { jobId: job.id ?? jobId };
  }

  /** Queue.add, with a connection lost mid-command reported as JobsUnavailableError (503), not an internal error. */
  private async add(op: OperationName, data: OperationJobData, options: JobsOptions): Promise<Job<OperationJobData>> {
    try {
      return await this.queues[laneOf(op)].add(op, data, options);
    } catch (error) {
      if (!isRedisConnectionError(error)) throw error;
      throw this.refused(new JobsUnavailableError(`Redis connection lost (${(error as Error).message}); the job was not enqueued`));
    }
  }

  /** Counts the refusal in the outage report (so callers need not log it) and returns the error to throw. */
  private refused(error: JobsUnavailableError): JobsUnavailableError {
    error.counted = this.availability.count('jobsRefused', error);
    return error;
  }

  /** A job's state, attempts, result and last error; undefined when no queue holds that id. */
  /**
   * A job by its id or by the idempotency key it was submitted with: a key BullMQ cannot take as
   * an id as it is (one with ':', as every call sid has, or all digits) was made into another id.
   */
  async status(idOrKey: string): Promise<JobStatus | undefined> {
    this.assertConnected();
    for (const jobId of new Set([idOrKey, jobIdFor(idOrKey)])) {
      for (const lane of lanes) {
        const job = await this.queues[lane].getJob(jobId);
        if (job) return describeJob(job, queueNames[lane], await job.getState());
      }
    }
    return undefined;
  }

  /** Resolves once connected, or rejects with JobsUnavailableError after the timeout (the CLI waits a little; the web side never). */
  async waitForConnection(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new JobsUnavailableError(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  /** Waits until the job completes or fails for good (CLI --wait); its status then. */
  async waitUntilFinished(jobId: string, timeoutMs: number): Promise<JobStatus | undefined> {
    for (const lane of lanes) {
      const job = await this.queues[lane].getJob(jobId);
      if (!job) continue;
      // Read the event stream from just before the job was created: an event that lands while
      // the listener is starting is replayed instead of missed.
      const connection = workerConnection(this.options.redisTarget, 'texml-router:job-wait');
      const events = new QueueEvents(queueNames[lane], {
        connection,
        prefix: this.options.prefix,
        lastEventId: `${Math.max(0, job.timestamp - 5000)}-0`,
      });
      events.on('error', (error) => this.availability.reportError(error));
      try {
        await events.waitUntilReady();
        await job.waitUntilFinished(events, timeoutMs).catch(() => undefined);
      } finally {
        await events.close();
        await closeWorkerConnection(connection);
      }
      return this.status(jobId);
    }
    return undefined;
  }

  /** For /readyz: true when Redis answers a PING within its command timeout. */
  async ping(): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    return this.redis.ping().then(
      (answer) => answer === 'PONG',
      () => false,
    );
  }

  /** Counts per state, for the queue-depth gauge. */
  async depths(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    if (this.redis.status !== 'ready') return [];
    return Promise.all(
      lanes.map(async (lane) => ({ queue: queueNames[lane], counts: await this.queues[lane].getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'failed') })),
    );
  }

  /** The BullMQ queues, for Bull Board. */
  bullQueues(): Queue[] {
    return lanes.map((lane) => this.queues[lane] as unknown as Queue);
  }

  async close(): Promise<void> {
    await Promise.all(lanes.map((lane) => this.queues[lane].close().catch(() => undefined)));
    if (this.ownsRedis) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private assertConnected(): void {
    if (this.redis.status !== 'ready') throw new JobsUnavailableError(`Redis is not connected (${this.redis.status})`);
  }
}

function iso(ms: number | undefined | null): string | null {
  return typeof ms === 'number' && ms > 0 ? new Date(ms).toISOString() : null;
}

export function describeJob(job: Job<OperationJobData>, queue: string, state: string): JobStatus {
  const notes = job.data.notes ?? {};
  const lastError = notes.lastError ?? (job.failedReason ? { at: job.finishedOn ?? 0, kind: 'error', message: job.failedReason } : undefined);
  return {
    id: job.id ?? '',
    op: job.name,
    queue,
    state,
    attemptsMade: job.attemptsMade,
    attempts: job.opts.attempts ?? 1,
    rateLimits: notes.rateLimits ?? 0,
    createdAt: iso(job.timestamp) ?? '',
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
    runAt: state === 'delayed' ? iso(job.timestamp + (job.delay ?? 0)) : null,
    params: job.data.params,
    origin: job.data.origin ?? null,
    result: job.returnvalue ?? null,
    lastError: lastError ? { ...lastError, ...(job.failedReason ? { failedReason: job.failedReason } : {}) } : null,
  };
}
