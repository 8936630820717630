import cluster from 'node:cluster';
import { describeRedisTarget } from '../../config/redis-target';
import type { Command } from 'commander';
import { ServiceMetrics } from '../../http/metrics/service-metrics';
import { JobMetrics } from '../../jobs/job-metrics';
import { RedisAvailability } from '../../jobs/redis-availability';
import { startRuntime } from '../service-runtime';
import { WebProcessCluster } from '../web-process-cluster';
import { startWebRole } from '../web-role';
import { startWorkerRole } from '../worker-role';

const roles = ['all', 'web', 'worker'] as const;
type Role = (typeof roles)[number];

export function registerServeCommand(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('serve the voice webhooks (and run the job worker unless --role web)')
    .option('--role <role>', 'all | web | worker (default: ROLE or all)')
    .option('--processes <n>', 'web processes on this machine, or auto (default: WEB_PROCESSES or 1)')
    .action(async (options: { role?: string; processes?: string }) => {
      if (options.role !== undefined && !(roles as readonly string[]).includes(options.role)) {
        throw new Error(`--role must be one of ${roles.join(', ')}; got ${JSON.stringify(options.role)}`);
      }
      const environment = options.processes !== undefined ? { WEB_PROCESSES: options.processes } : {};
      const runtime = startRuntime(options.role ?? 'all', {}, { environment, clusterPrimary: cluster.isPrimary });
      const { config, logger } = runtime;
      const role: Role = (options.role as Role | undefined) ?? config.role;
      if (cluster.isPrimary && config.webProcesses > 1 && role !== 'worker') {
        // This process only supervises; each forked one runs this same command as a single process.
        const processes = new WebProcessCluster({ processes: config.webProcesses, logger });
        runtime.onShutdown('web processes', () => processes.stop());
        await processes.run();
        // Only a crash loop ends run(): stop what is left and exit non-zero for the supervisor.
        await processes.stop();
        process.exit(1);
      }
      // One reporter per process: a Redis outage is logged once, whichever connection notices it.
      const availability = new RedisAvailability(logger, describeRedisTarget(config.redis));
      const metrics = new ServiceMetrics();
      const jobMetrics = new JobMetrics(metrics.registry);
      if (role === 'worker') {
        startWorkerRole(runtime, { availability, metrics: jobMetrics });
        return;
      }

      if (role === 'all') startWorkerRole(runtime, { availability, metrics: jobMetrics });
      const web = await startWebRole(runtime, { availability, metrics, jobMetrics });
      logger.info({ port: web.port, host: config.host, runs: role, flowSet: web.flows.current?.version ?? null }, 'texml-router listening');
    });
}
