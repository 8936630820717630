import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

/** 404 `{"errors":[{"code":"10005","title":"Resource not found","detail":"Resource not found"}]}`. */
export class EmulatorNotFoundError extends EmulatorApiError {
  constructor(what?: string) {
    super('EMULATOR_NOT_FOUND', 404, [
      { ...TelnyxErrorCodes.notFound, detail: 'Resource not found', ...(what ? { meta: { resource: what } } : {}) },
    ]);
  }
}
