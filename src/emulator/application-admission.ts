import type { EmulatedApplication } from './emulator-models';
import type { EmulatorState } from './emulator-state';
import { isTerminalCallStatus } from './emulator-models';

/** Why a TeXML application turns a call away, and how the call ends. */
export interface ApplicationRefusal {
  reason: 'inactive' | 'channel-limit';
  detail: string;
  sipResponseCode: number;
  hangupCause: string;
  errorCode?: string;
}

/**
 * What a TeXML application's own settings (Telnyx "TeXML Applications" API, TexmlApplication
 * schema) do to a call, beside the account's limits:
 * - `active`: "Specifies whether the connection can be used." An inactive application takes no
 *   calls. Telnyx does not document the error; the emulator refuses a REST create naming it with
 *   422 on /ApplicationSid and fails an inbound call at once (SIP 480, nobody answers it).
 * - `inbound.channel_limit` / `outbound.channel_limit`: "The maximum number of simultaneous
 *   inbound/outbound calls allowed for this application." A call past the limit fails at once the
 *   way an account past its channel limit does (SIP 403 "User channel limit exceeded").
 */
export class ApplicationAdmission {
  constructor(private readonly state: EmulatorState) {}

  /** The refusal for a new call of `application` in `direction`, counted before the call exists. */
  refusal(application: EmulatedApplication | undefined, direction: 'inbound' | 'outbound'): ApplicationRefusal | undefined {
    if (!application) return undefined;
    if (!application.active) {
      return {
        reason: 'inactive',
        detail: `TeXML application ${application.id} is not active (active=false): it takes no calls.`,
        sipResponseCode: 480,
        hangupCause: 'Temporarily Unavailable',
      };
    }
    const limit = direction === 'inbound' ? application.inbound.channelLimit : application.outbound.channelLimit;
    if (limit === undefined || limit === null) return undefined;
    const active = this.activeCalls(application.id, direction);
    if (active < limit) return undefined;
    return {
      reason: 'channel-limit',
      detail: `TeXML application ${application.id} has ${active} ${direction} calls up (${direction}.channel_limit ${limit}).`,
      sipResponseCode: 403,
      hangupCause: 'User channel limit exceeded',
      errorCode: 'D1',
    };
  }

  /** Calls of this application that are up, inbound ones or the ones it placed. */
  private activeCalls(applicationSid: string, direction: 'inbound' | 'outbound'): number {
    return this.state
      .calls.list()
      .filter((c) => c.applicationSid === applicationSid && !isTerminalCallStatus(c.status) && (c.origin === 'inbound') === (direction === 'inbound'))
      .length;
  }
}
