import { EmulatorApiError } from './emulator-api-error';
import { TelnyxErrorCodes } from './telnyx-error-codes';

/** An error status answered because a fault rule said so (500, 503, ...). */
export class EmulatorInjectedError extends EmulatorApiError {
  constructor(status: number, detail: string | undefined, headers: Record<string, string>) {
    const title = status === 503 ? 'Service unavailable' : status >= 500 ? TelnyxErrorCodes.unexpected.title : 'Injected fault';
    const code = status >= 500 ? TelnyxErrorCodes.unexpected.code : String(status);
    super('EMULATOR_INJECTED_FAULT', status, [{ code, title, detail: detail ?? `Injected fault: HTTP ${status}` }], { headers });
  }
}
