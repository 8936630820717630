import type { DialLogEntry, EmulatedCall } from '../emulator-models';
import { snapshot } from './snapshot';

/** Every call leg the emulator was asked to place (REST creates and dials), oldest first. */
export class DialLog {
  private readonly entries: DialLogEntry[] = [];
  private sequence = 0;

  record(call: EmulatedCall): void {
    this.sequence += 1;
    this.entries.push({
      sequence: this.sequence,
      callSid: call.sid,
      accountSid: call.accountSid,
      origin: call.origin,
      from: call.from,
      to: call.to,
      conferenceSid: undefined,
      at: call.createdAt,
      outcome: 'queued',
    });
  }

  /** The leg failed before it left `queued` (the concurrent-call cap). */
  markFailed(callSid: string): void {
    const entry = this.entries.find((e) => e.callSid === callSid);
    if (entry) entry.outcome = 'failed';
  }

  setConference(callSid: string, conferenceSid: string): void {
    const entry = this.entries.find((e) => e.callSid === callSid);
    if (entry) entry.conferenceSid = conferenceSid;
  }

  list(): DialLogEntry[] {
    return this.entries.map(snapshot);
  }

  clear(): void {
    this.entries.length = 0;
    this.sequence = 0;
  }
}
