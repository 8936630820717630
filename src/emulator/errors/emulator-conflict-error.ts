import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes, type TelnyxErrorKind } from './telnyx-error-codes';

/**
 * 422 for a request that is well-formed but does not fit the resource's current state (redirecting
 * an ended call, deleting a queue that still holds calls).
 */
export class EmulatorConflictError extends EmulatorApiError {
  constructor(detail: string, kind: TelnyxErrorKind = 'badRequest', pointer?: string) {
    super('EMULATOR_CONFLICT', 422, [
      { ...TelnyxErrorCodes[kind], detail, ...(pointer !== undefined ? { source: { pointer } } : {}) },
    ]);
  }
}
