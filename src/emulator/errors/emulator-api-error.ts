import { AppError } from '../../errors/app-error';

/** One entry of Telnyx's `errors` array. */
export interface TelnyxErrorObject {
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, string>;
}

export interface EmulatorApiErrorOptions {
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error the emulator answers with, in Telnyx's `{"errors":[...]}` body format. */
export class EmulatorApiError extends AppError {
  readonly errors: readonly TelnyxErrorObject[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, httpStatus: number, errors: readonly TelnyxErrorObject[], options: EmulatorApiErrorOptions = {}) {
    super(code, errors.map((e) => e.detail).join('; ') || `HTTP ${httpStatus}`, { httpStatus, isOperational: true, cause: options.cause });
    this.errors = errors;
    this.headers = options.headers ?? {};
  }

  toBody(): { errors: TelnyxErrorObject[] } {
    return { errors: this.errors.map((e) => ({ ...e })) };
  }
}
