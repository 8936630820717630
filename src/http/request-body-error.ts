import { AppError } from '../errors/app-error';

/** A request body that cannot be read as sent: too large (413), badly formed (400), an unsupported charset (415). */
export class RequestBodyError extends AppError {
  constructor(httpStatus: 413 | 400 | 415, message: string) {
    super(httpStatus === 413 ? 'BODY_TOO_LARGE' : httpStatus === 415 ? 'BODY_CHARSET_UNSUPPORTED' : 'BODY_MALFORMED', message, { httpStatus });
  }
}
