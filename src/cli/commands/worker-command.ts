import type { Command } from 'commander';
import { Registry } from 'prom-client';
import { JobMetrics } from '../../jobs/job-metrics';
import { startRuntime } from '../service-runtime';
import { startWorkerMetricsServer, startWorkerRole } from '../worker-role';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the job worker: Telnyx operations from the BullMQ queues (no webhooks)')
    .option('--concurrency <n>', 'jobs at once per queue (default WORKER_CONCURRENCY)', (v) => Number.parseInt(v, 10))
    .option('--metrics-port <port>', 'serve /metrics and /healthz on this port', (v) => Number.parseInt(v, 10))
    .action(async (options: { concurrency?: number; metricsPort?: number }) => {
      const runtime = startRuntime('worker');
      const registry = new Registry();
      startWorkerRole(runtime, { metrics: new JobMetrics(registry), ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
      if (options.metricsPort !== undefined && Number.isFinite(options.metricsPort)) await startWorkerMetricsServer(runtime, registry, options.metricsPort);
    });
}
