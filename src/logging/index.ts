export { createLogger, redactedPaths } from './create-logger';
export { createLogDestination } from './log-destination';
export type { LoggerOptions } from './logger-options';
export type { Logger } from 'pino';
