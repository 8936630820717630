export { createLogger } from './create-logger';
export { redactedKeys } from './redact-log-fields';
export { createLogDestination } from './log-destination';
export type { LoggerOptions } from './logger-options';
export type { Logger } from 'pino';
