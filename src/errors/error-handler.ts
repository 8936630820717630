import type { Logger } from 'pino';
import { AppError } from './app-error';

export interface HandledError {
  /** Safe to show a client: no stack, no internals. */
  code: string;
  message: string;
  httpStatus: number;
  isOperational: boolean;
}

/**
 * The one place errors are classified and logged. HTTP routes, job workers and the process-level
 * `unhandledRejection` / `uncaughtException` hooks all come through here, so an error is logged
 * once, with the same shape, whatever raised it.
 */
export class ErrorHandler {
  constructor(
    private readonly logger: Logger,
    private readonly onFatal: (error: unknown) => void = () => undefined,
  ) {}

  /** `level` overrides the default (error for bugs, warn for 5xx-class failures, info otherwise). */
  handle(error: unknown, context: Record<string, unknown> = {}, level?: 'error' | 'warn' | 'info'): HandledError {
    const handled = ErrorHandler.classify(error);
    level ??= !handled.isOperational ? 'error' : handled.httpStatus >= 500 ? 'warn' : 'info';
    // A known, operational failure (Telnyx unreachable, a job out of attempts) is one readable line:
    // its message and its causes' under `error`, no stack. A bug keeps its stack under `err`.
    const detail = handled.isOperational && error instanceof Error ? { error: operationalSummary(error) } : { err: error };
    this.logger[level]({ ...detail, code: handled.code, ...context }, handled.message);
    if (!handled.isOperational && context.source === 'process') this.onFatal(error);
    return handled;
  }

  static classify(error: unknown): HandledError {
    if (error instanceof AppError) {
      return { code: error.code, message: error.message, httpStatus: error.httpStatus, isOperational: error.isOperational };
    }
    // Errors thrown by body parsers and other http-errors producers carry a status and `expose`.
    const httpish = error as Error & { status?: unknown; expose?: unknown; type?: unknown };
    if (error instanceof Error && typeof httpish.status === 'number') {
      const status = httpish.status;
      const expose = httpish.expose === true;
      return {
        code: typeof httpish.type === 'string' ? httpish.type.toUpperCase().replace(/\W+/g, '_') : `HTTP_${status}`,
        message: expose ? error.message : 'Internal error',
        httpStatus: status,
        isOperational: status < 500,
      };
    }
    return { code: 'INTERNAL', message: 'Internal error', httpStatus: 500, isOperational: false };
  }

  /** Route process-level failures through the handler. Returns a function that removes the hooks. */
  installProcessHooks(): () => void {
    const onRejection = (reason: unknown) => this.handle(reason, { source: 'process', event: 'unhandledRejection' });
    const onException = (error: unknown) => this.handle(error, { source: 'process', event: 'uncaughtException' });
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    return () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    };
  }
}

/** An operational error as logged: type, message and the chain of causes, without stacks. */
function operationalSummary(error: Error): { type: string; message: string; causes?: string[] } {
  const causes: string[] = [];
  for (let cause: unknown = error.cause; cause instanceof Error && causes.length < 5; cause = cause.cause) causes.push(`${cause.name}: ${cause.message}`);
  return { type: error.name, message: error.message, ...(causes.length > 0 ? { causes } : {}) };
}
