import { AppError } from '../errors/app-error';

/** A notify endpoint that answered with an error; 4xx other than 408/429 are not worth retrying. */
export class NotifyFailedError extends AppError {
  constructor(
    readonly status: number,
    readonly retryable: boolean,
    message: string,
  ) {
    super('NOTIFY_FAILED', message, { httpStatus: 502 });
  }
}
