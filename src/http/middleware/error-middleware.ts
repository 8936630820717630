import type { ErrorRequestHandler } from 'express';
import type { ErrorHandler } from '../../errors';

/** The one Express error handler: classify through ErrorHandler, answer JSON. */
export function errorMiddleware(errorHandler: ErrorHandler): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const handled = errorHandler.handle(error, { source: 'http', method: req.method, path: req.path });
    res.status(handled.httpStatus).json({ error: { code: handled.code, message: handled.message } });
  };
}
