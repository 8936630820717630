import { Queue } from 'bullmq';
import { describeRedisTarget } from '../../config/redis-target';
import type { Command } from 'commander';
import express from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HttpServer } from '../../http/http-server';
import { JobMetrics } from '../../jobs/job-metrics';
import { startCampaignDispatcher } from '../../campaigns/campaign-services';
import type { JobRoleOptions } from '../../jobs/job-role-options';
import { createJobWorker, createOperationProducer } from '../job-services';
import type { JobWorker } from '../../jobs/job-worker';
import { RedisAvailability } from '../../jobs/redis-availability';
import { DelayedJobPromoter } from '../../jobs/delayed-job-promoter';
import type { OperationJobData } from '../../jobs/job-data';
import { lanes, queueNames } from '../../jobs/queue-names';
import { createProducerRedis } from '../../redis/redis-connections';
import { startRuntime, type ServiceRuntime } from '../service-runtime';

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

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the job worker: Telnyx operations from the BullMQ queues (no webhooks)')
    .option('--concurrency <n>', 'jobs at once per queue (default WORKER_CONCURRENCY)', (v) => Number.parseInt(v, 10))
    .option('--metrics-port <port>', 'serve /metrics and /healthz on this port', (v) => Number.parseInt(v, 10))
    .action(async (options: { concurrency?: number; metricsPort?: number }) => {
      const runtime = startRuntime('worker');
      const { config, logger } = runtime;
      const registry = new Registry();
      const metrics = new JobMetrics(registry);
      startWorkerRole(runtime, { metrics, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
      if (options.metricsPort !== undefined && Number.isFinite(options.metricsPort)) {
        collectDefaultMetrics({ register: registry });
        const app = express();
        app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
        app.get('/metrics', async (_req, res) => void res.type(registry.contentType).send(await registry.metrics()));
        const server = new HttpServer(app);
        const address = await server.listen(options.metricsPort, config.host);
        runtime.onShutdown('metrics http', () => server.close(1000));
        logger.info({ port: address.port }, 'worker metrics listening');
      }
    });
}
