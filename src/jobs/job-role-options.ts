import type { ErrorHandler } from '../errors';
import type { JobMetrics } from './job-metrics';
import type { RedisAvailability } from './redis-availability';

/** What a process adds when it runs the worker role next to other parts. */
export interface JobRoleOptions {
  /** Job metrics on the process's registry (the web app's, or the worker's own). */
  metrics?: JobMetrics;
  /** The process's Redis outage reporter, shared so an outage is logged once. */
  availability?: RedisAvailability;
  /** Overrides WORKER_CONCURRENCY (the CLI's --concurrency). */
  concurrency?: number;
  /** The process's error handler: a job that finally fails is reported through it. */
  errorHandler?: ErrorHandler;
}
