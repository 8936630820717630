export { createLogger, redactedPaths } from './create-logger';
export type { LoggerOptions } from './logger-options';
export type { Logger } from 'pino';
