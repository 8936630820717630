import type { EmulatedCall } from '../emulator-models';
import type { EmulatorState } from '../emulator-state';

/**
 * The deadline of a call's first TeXML fetch under its application's `first_command_timeout`
 * (TexmlApplication: "Specifies whether calls to phone numbers associated with this connection
 * should hangup after timing out") and `first_command_timeout_secs` ("how many seconds to wait
 * before timing out"). Only the first voice fetch is bounded; a fetch past the deadline fails like
 * any unanswered fetch (the fallback URL, else the call ends). Undefined: the sender's own timeout.
 */
export function firstCommandTimeoutMs(state: EmulatorState, call: () => EmulatedCall, purpose: string, documentsFetched: number): number | undefined {
  if (purpose !== 'voice' || documentsFetched !== 1) return undefined;
  const { applicationSid } = call();
  if (applicationSid === undefined) return undefined;
  const application = state.applications.get(applicationSid);
  if (!application?.firstCommandTimeout) return undefined;
  return application.firstCommandTimeoutSecs * 1000;
}
