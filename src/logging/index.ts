export { createLogger, redactedPaths } from './create-logger';
export { createLogDestination, LOG_BUFFER_BYTES, LOG_FLUSH_INTERVAL_MS } from './log-destination';
export type { LoggerOptions } from './logger-options';
export type { Logger } from 'pino';
