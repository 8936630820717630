import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

/**
 * 403 for a dial past the concurrent-call cap, used only in `channelLimitMode: 'reject'`. Telnyx
 * itself accepts the request and fails the call with SIP 403 "User channel limit exceeded" (D1);
 * the HTTP form is an emulator choice, documented in docs/emulator.md.
 */
export class EmulatorChannelLimitError extends EmulatorApiError {
  constructor(limit: number) {
    super('EMULATOR_CHANNEL_LIMIT', 403, [
      { ...TelnyxErrorCodes.authorizationFailed, detail: `User channel limit exceeded (D1): ${limit} concurrent calls` },
    ]);
  }
}
