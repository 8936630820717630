export { AppError, type AppErrorOptions } from './app-error';
export { ErrorHandler, type HandledError } from './error-handler';
