import { AppError } from '../errors';

/** Redis is not reachable: the job was not enqueued. Raised at once, never after a wait. */
export class JobsUnavailableError extends AppError {
  /** True when the refusal was counted in a Redis outage's closing log line: log nothing more. */
  counted = false;

  constructor(detail: string) {
    super('JOBS_UNAVAILABLE', `Jobs are unavailable: ${detail}`, { httpStatus: 503 });
  }
}
