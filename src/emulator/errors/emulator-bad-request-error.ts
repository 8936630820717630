import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

/** 400 for a body that cannot be parsed at all. */
export class EmulatorBadRequestError extends EmulatorApiError {
  constructor(detail: string, cause?: unknown) {
    super('EMULATOR_BAD_REQUEST', 400, [{ ...TelnyxErrorCodes.badRequest, detail }], { cause });
  }
}
