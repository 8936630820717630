import { Queue } from 'bullmq';
import type { RedisClient } from '../../src/redis/redis-connections';
import pino from 'pino';
import { ControlledClock } from '../../src/clock';
import { BullmqOperationProducer } from '../../src/jobs/bullmq-operation-producer';
import { DelayedJobPromoter } from '../../src/jobs/delayed-job-promoter';
import type { OperationJobData } from '../../src/jobs/job-data';
import { queueNames } from '../../src/jobs/queue-names';
import { testRedis } from '../support/redis';
import { TEST_REDIS } from '../support/redis-target';

const START = Date.parse('2026-12-08T10:00:00-06:00');

describe('delayed jobs on a controlled clock', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let producer: BullmqOperationProducer;
  let queue: Queue<OperationJobData>;
  let connection: RedisClient | undefined;
  const logger = pino({ level: 'silent' });
  afterEach(async () => {
    await producer?.close();
    await queue?.close();
    await connection?.quit();
    connection = undefined;
    await t?.cleanup();
  });

  it('when a 10-minute delayed job is enqueued at 600x, then it waits a real second, carries its due time, and runs as soon as the clock is moved past it', async () => {
    t = await testRedis();
    // Real time held still underneath, so only the test moves this clock.
    const clock = new ControlledClock({ startMs: START, rate: 600, realNow: () => 0 });
    producer = new BullmqOperationProducer({ redisTarget: TEST_REDIS, prefix: t.prefix, attempts: 1, backoffBaseMs: 100, logger, clock });
    await producer.waitForConnection(5000);
    const { jobId } = await producer.submit({ op: 'notify', params: { url: 'https://hooks.example/x', event: 'later' }, delayMs: 10 * 60_000, origin: { source: 'test' } });

    queue = new Queue<OperationJobData>(queueNames.ops, { connection: (connection = t.redis.duplicate()), prefix: t.prefix });
    const job = (await queue.getJob(jobId))!;
    expect(await job.getState()).toBe('delayed');
    expect(job.opts.delay).toBe(1000);
    expect(job.data.dueAt).toBe(START + 10 * 60_000);

    const promoter = new DelayedJobPromoter([queue], clock, logger);
    expect(await promoter.pass()).toBe(0);
    clock.advance(10 * 60_000);
    expect(await promoter.pass()).toBe(1);
    expect(await (await queue.getJob(jobId))!.getState()).toBe('waiting');
  });

  it('when the clock is the wall clock, then a delay stays as given and no due time is written', async () => {
    t = await testRedis();
    producer = new BullmqOperationProducer({ redisTarget: TEST_REDIS, prefix: t.prefix, attempts: 1, backoffBaseMs: 100, logger });
    await producer.waitForConnection(5000);
    const { jobId } = await producer.submit({ op: 'notify', params: { url: 'https://hooks.example/x', event: 'later' }, delayMs: 60_000, origin: { source: 'test' } });
    queue = new Queue<OperationJobData>(queueNames.ops, { connection: (connection = t.redis.duplicate()), prefix: t.prefix });
    const job = (await queue.getJob(jobId))!;
    expect(job.opts.delay).toBe(60_000);
    expect(job.data.dueAt).toBeUndefined();
  });
});
