import { Queue } from 'bullmq';
import express from 'express';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import { describeRedisTarget } from '../config/redis-target';
import { HttpServer } from '../http/http-server';
import { DelayedJobPromoter } from '../jobs/delayed-job-promoter';
import type { OperationJobData } from '../jobs/job-data';
import type { JobRoleOptions } from '../jobs/job-role-options';
import type { JobWorker } from '../jobs/job-worker';
import { lanes, queueNames } from '../jobs/queue-names';
import { RedisAvailability } from '../jobs/redis-availability';
import { createProducerRedis } from '../redis/redis-connections';
import { startCampaignDispatcher } from './campaign-services';
import { createJobWorker, createOperationProducer } from './job-services';
import type { ServiceRuntime } from './service-runtime';

/**
 * Starts the job worker in this process: both queues, shutdown on SIGTERM with the deadline.
 * Shared by `texml-router worker` and `serve --role all|worker`.
 */
export function startWorkerRole(runtime: ServiceRuntime, extras: JobRoleOptions = {}): JobWorker {
  const { config, logger } = runtime;
  const availability = extras.availability ?? new RedisAvailability(logger, describeRedisTarget(config.redis));
  const worker = createJobWorker(config, logger, { ...extras, availability, errorHandler: runtime.errorHandler });
  runtime.onShutdown('job worker', () => worker.close(config.shutdownTimeoutMs));
  logger.info(
    {
      concurrency: extras.concurrency ?? config.workerConcurrency,
      dialsPerSecond: config.telnyxDialsPerSecond,
      telnyx: config.telnyxApiBaseUrl,
      attempts: config.jobAttempts,
    },
    'job worker started',
  );
  worker.waitUntilReady().then(
    () => logger.info('job worker connected: taking jobs'),
    () => undefined,
  );
  if (runtime.clock.controlled) {
    // Delayed jobs run when the controlled clock passes their time (it may be moved forward).
    const redis = createProducerRedis(config.redis, { connectionName: 'texml-router:clock' });
    const queues = lanes.map((lane) => new Queue<OperationJobData>(queueNames[lane], { connection: redis, prefix: config.queuePrefix }));
    for (const queue of queues) queue.on('error', (error) => availability.reportError(error));
    const promoter = new DelayedJobPromoter(queues, runtime.clock, logger);
    promoter.start();
    runtime.onShutdown('delayed job promoter', async () => {
      await promoter.stop();
      await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  if (config.campaignDispatch) {
    // Campaign attempts become calls.create jobs through a producer of this process's own.
    const producer = createOperationProducer(config, logger, availability, undefined, runtime.clock);
    const campaigns = startCampaignDispatcher(config, logger, producer, { availability, now: () => runtime.clock.now() });
    runtime.onShutdown('campaign dispatcher', async () => {
      await campaigns.close();
      await producer.close();
    });
    logger.info({ tickMs: config.campaignTickMs }, 'campaign dispatcher started');
  }
  return worker;
}


/** `worker --metrics-port`: /metrics and /healthz of a worker process, which serves nothing else. */
export async function startWorkerMetricsServer(runtime: ServiceRuntime, registry: Registry, port: number): Promise<void> {
  collectDefaultMetrics({ register: registry });
  const app = express();
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/metrics', async (_req, res) => void res.type(registry.contentType).send(await registry.metrics()));
  const server = new HttpServer(app);
  const address = await server.listen(port, runtime.config.host);
  runtime.onShutdown('metrics http', () => server.close(1000));
  runtime.logger.info({ port: address.port }, 'worker metrics listening');
}
