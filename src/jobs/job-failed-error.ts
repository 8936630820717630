import { AppError } from '../errors/app-error';

/** A job that will not run again: refused by Telnyx, invalid, or out of attempts. Operational. */
export class JobFailedError extends AppError {
  constructor(
    readonly op: string,
    readonly jobId: string,
    readonly reason: 'permanent' | 'exhausted',
    detail: string,
    cause: unknown,
  ) {
    super('JOB_FAILED', `job ${jobId} (${op}) failed (${reason}): ${detail}`, { httpStatus: 502, cause });
  }
}
