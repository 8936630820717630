import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

/** 401 with Telnyx's code 10009. */
export class EmulatorAuthenticationError extends EmulatorApiError {
  constructor() {
    super('EMULATOR_AUTHENTICATION', 401, [
      {
        ...TelnyxErrorCodes.authenticationFailed,
        detail: 'The required authentication headers were either invalid or not included in the request.',
      },
    ]);
  }
}
