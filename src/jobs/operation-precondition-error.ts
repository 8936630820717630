import { AppError } from '../errors';

/**
 * A job that cannot run as configured (no PUBLIC_BASE_URL for a flow's Url, a secret whose
 * environment variable is unset, no ApplicationSid). Retrying would not help: it fails at once.
 */
export class OperationPreconditionError extends AppError {
  constructor(op: string, message: string) {
    super('OPERATION_PRECONDITION', `${op}: ${message}`, { httpStatus: 422 });
  }
}
