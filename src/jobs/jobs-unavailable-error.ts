import { AppError } from '../errors';

/** Redis is not reachable: the job was not enqueued. Raised at once, never after a wait. */
export class JobsUnavailableError extends AppError {
  constructor(detail: string) {
    super('JOBS_UNAVAILABLE', `Jobs are unavailable: ${detail}`, { httpStatus: 503 });
  }
}
