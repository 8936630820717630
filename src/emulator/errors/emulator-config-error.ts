import { AppError } from '../../errors/app-error';

/** Invalid emulator options, fault rules or limits (thrown at start, or a 400 from /_emulator). */
export class EmulatorConfigError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('EMULATOR_CONFIG', message, { httpStatus: 400, isOperational: true, cause });
  }
}
