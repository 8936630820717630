import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

export type RateLimitKind = 'requests' | 'dials';

/** 429: code 10011 for a request rate limit, 90103 for the dials-per-second limit. */
export class EmulatorRateLimitError extends EmulatorApiError {
  constructor(kind: RateLimitKind, detail: string, headers: Record<string, string>) {
    const entry = kind === 'dials' ? TelnyxErrorCodes.dialRateLimited : TelnyxErrorCodes.tooManyRequests;
    super('EMULATOR_RATE_LIMIT', 429, [{ ...entry, detail }], { headers });
  }
}
