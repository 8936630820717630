export interface AppErrorOptions {
  /** HTTP status a route answers with when this error reaches the error handler. */
  httpStatus?: number;
  /**
   * Operational errors are expected failures (bad input, a peer that is down). Anything else is a
   * bug: the process logs it at fatal level and, outside request handling, exits.
   */
  isOperational?: boolean;
  cause?: unknown;
}

/** The base of every error the service throws on purpose. */
export class AppError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly isOperational: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.httpStatus = options.httpStatus ?? 500;
    this.isOperational = options.isOperational ?? true;
  }
}
