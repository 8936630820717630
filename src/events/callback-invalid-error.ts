import { AppError } from '../errors/app-error';

/** A callback that cannot be attributed to anything (no CallSid, no resource id). */
export class CallbackInvalidError extends AppError {
  constructor(message: string) {
    super('CALLBACK_INVALID', message, { httpStatus: 400 });
  }
}
