import type { Clock } from '../clock';
import type { EmulatedSiprecSession, HttpMethod, TrackName } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import type { CallStore } from './call-store';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewSiprecInput {
  callSid: string;
  name?: string;
  connectorName?: string;
  track?: TrackName;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

/** SIPREC sessions of live calls. */
export class SiprecStore {
  private readonly sessions = new Map<string, EmulatedSiprecSession>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly calls: CallStore,
  ) {}

  start(input: NewSiprecInput): EmulatedSiprecSession {
    const call = this.calls.live(input.callSid);
    const now = this.clock.now();
    const session: EmulatedSiprecSession = {
      sid: this.ids.uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      name: input.name,
      connectorName: input.connectorName,
      track: input.track ?? 'both_tracks',
      status: 'in-progress',
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      createdAt: now,
      updatedAt: now,
    };
    this.sessions.set(session.sid, session);
    this.events.emit('siprec.created', snapshot(session));
    return snapshot(session);
  }

  require(accountSid: string, callSid: string, sid: string): EmulatedSiprecSession {
    const session = this.sessions.get(sid);
    if (!session || session.accountSid !== accountSid || session.callSid !== callSid) throw new EmulatorNotFoundError('siprec');
    return snapshot(session);
  }

  stop(sid: string): EmulatedSiprecSession {
    const session = this.sessions.get(sid);
    if (!session) throw new EmulatorNotFoundError('siprec');
    if (session.status !== 'stopped') {
      session.status = 'stopped';
      session.updatedAt = this.clock.now();
      this.events.emit('siprec.updated', snapshot(session));
    }
    return snapshot(session);
  }

  /** An ended call stops its sessions. */
  stopForCall(callSid: string): void {
    for (const session of this.sessions.values()) {
      if (session.callSid === callSid && session.status !== 'stopped') this.stop(session.sid);
    }
  }

  clear(): void {
    this.sessions.clear();
  }
}
