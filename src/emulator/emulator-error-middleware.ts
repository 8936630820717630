import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';
import { EmulatorApiError } from './errors/emulator-api-error';
import { TelnyxErrorCodes } from './errors/telnyx-error-codes';

/** Answers every error in Telnyx's `{"errors":[...]}` format. */
export function emulatorErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof EmulatorApiError) {
      logger.debug({ status: error.httpStatus, code: error.code, method: req.method, path: req.path }, error.message);
      res.status(error.httpStatus).set(error.headers).json(error.toBody());
      return;
    }
    const httpish = error as { status?: unknown; type?: unknown; message?: unknown };
    if (error instanceof AppError && error.httpStatus < 500) {
      res.status(error.httpStatus).json({ errors: [{ ...TelnyxErrorCodes.badRequest, detail: error.message }] });
      return;
    }
    if (typeof httpish.status === 'number' && httpish.status >= 400 && httpish.status < 500) {
      // body-parser: malformed JSON, body too large, unsupported charset.
      const detail = httpish.type === 'entity.parse.failed' ? 'The request body is not valid JSON.' : String(httpish.message);
      res.status(httpish.status).json({ errors: [{ ...TelnyxErrorCodes.badRequest, detail }] });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'emulator request failed');
    res.status(500).json({ errors: [{ ...TelnyxErrorCodes.unexpected, detail: 'An unexpected error occured.' }] });
  };
}
