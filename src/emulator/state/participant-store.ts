import type { Clock } from '../clock';
import { isTerminalCallStatus, type CallStatus, type EmulatedCall, type EmulatedParticipant } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { CallStore } from './call-store';
import type { ConferenceStore } from './conference-store';
import type { DialLog } from './dial-log';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewParticipantInput {
  callSid: string;
  label?: string;
  muted?: boolean;
  hold?: boolean;
  coaching?: boolean;
  callSidToCoach?: string;
  startConferenceOnEnter?: boolean;
  endConferenceOnExit?: boolean;
  beep?: string;
  waitUrl?: string;
}

export type ParticipantChange = Partial<
  Pick<
    EmulatedParticipant,
    | 'muted'
    | 'hold'
    | 'holdUrl'
    | 'holdMethod'
    | 'coaching'
    | 'callSidToCoach'
    | 'endConferenceOnExit'
    | 'beepOnExit'
    | 'waitUrl'
    | 'announceUrl'
    | 'announceMethod'
  >
>;

/**
 * Who is in which conference, and the conference rules that follow from joining and leaving:
 * the first participant that starts a conference starts it; one that ends it on exit, or the
 * last one, ends it.
 */
export class ParticipantStore {
  /** conferenceSid -> (callSid -> participant) */
  private readonly rosters = new Map<string, Map<string, EmulatedParticipant>>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly calls: CallStore,
    private readonly conferences: ConferenceStore,
    private readonly dialLog: DialLog,
  ) {}

  add(conferenceSid: string, input: NewParticipantInput): EmulatedParticipant {
    const conference = this.conferences.live(conferenceSid);
    const call = this.calls.live(input.callSid);
    const now = this.clock.now();
    const participant: EmulatedParticipant = {
      callSid: call.sid,
      conferenceSid: conference.sid,
      accountSid: conference.accountSid,
      label: input.label,
      status: call.status === 'in-progress' ? 'connected' : 'connecting',
      muted: input.muted ?? false,
      hold: input.hold ?? false,
      holdUrl: undefined,
      holdMethod: undefined,
      coaching: input.coaching ?? false,
      callSidToCoach: input.callSidToCoach,
      startConferenceOnEnter: input.startConferenceOnEnter ?? true,
      endConferenceOnExit: input.endConferenceOnExit ?? false,
      beep: input.beep ?? 'true',
      beepOnExit: undefined,
      waitUrl: input.waitUrl,
      announceUrl: undefined,
      announceMethod: undefined,
      createdAt: now,
      updatedAt: now,
    };
    this.calls.setConference(call.sid, conference.sid);
    this.dialLog.setConference(call.sid, conference.sid);
    this.rosterOf(conference.sid).set(call.sid, participant);
    this.events.emit('participant.added', snapshot(participant));
    if (participant.status === 'connected') this.onConnected(participant);
    return snapshot(participant);
  }

  /** By call sid or by label, as the REST API addresses participants. */
  find(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant | undefined {
    const found = this.findMutable(conferenceSid, callSidOrLabel);
    return found ? snapshot(found) : undefined;
  }

  require(accountSid: string, conferenceSid: string, callSidOrLabel: string): EmulatedParticipant {
    this.conferences.require(accountSid, conferenceSid);
    const participant = this.findMutable(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    return snapshot(participant);
  }

  list(conferenceSid: string): EmulatedParticipant[] {
    return [...(this.rosters.get(conferenceSid)?.values() ?? [])].map(snapshot);
  }

  update(conferenceSid: string, callSidOrLabel: string, change: ParticipantChange): EmulatedParticipant {
    const participant = this.findMutable(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    for (const [key, value] of Object.entries(change) as [keyof ParticipantChange, unknown][]) {
      if (value !== undefined) (participant as unknown as Record<string, unknown>)[key] = value;
    }
    participant.updatedAt = this.clock.now();
    this.events.emit('participant.updated', snapshot(participant));
    return snapshot(participant);
  }

  /** Removes the participant and hangs up its call leg (REST DELETE, or <Hangup> in the conference). */
  remove(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant {
    const participant = this.findMutable(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    const removed = snapshot(participant);
    this.leaveAndApplyRules(participant);
    this.calls.hangUpUnlessControlled(participant.callSid);
    return { ...removed, status: 'completed' };
  }

  /**
   * Takes a call out of its conference without hanging it up (a played call whose `<Dial>`
   * ends), applying the conference's end rules. Returns the participant as it was, if any.
   */
  leaveConference(callSid: string): EmulatedParticipant | undefined {
    const call = this.calls.find(callSid);
    if (!call?.conferenceSid) return undefined;
    const participant = this.rosters.get(call.conferenceSid)?.get(callSid);
    if (!participant) return undefined;
    const left = snapshot(participant);
    this.leaveAndApplyRules(participant);
    return left;
  }

  /** A call's status changed: its participant connects, or leaves when the call ended. */
  afterCallStatusChange(call: Readonly<EmulatedCall>, previousStatus: CallStatus): void {
    if (call.conferenceSid === undefined) return;
    const participant = this.rosters.get(call.conferenceSid)?.get(call.sid);
    if (!participant || !this.conferences.find(call.conferenceSid)) return;
    if (call.status === 'in-progress' && previousStatus !== 'in-progress') {
      participant.status = 'connected';
      participant.updatedAt = call.updatedAt;
      this.events.emit('participant.updated', snapshot(participant));
      this.onConnected(participant);
    } else if (isTerminalCallStatus(call.status)) {
      this.leaveAndApplyRules(participant);
    }
  }

  /** The conference ended: every participant leaves, and calls no player drives are hung up. */
  releaseAll(conferenceSid: string): void {
    for (const participant of [...(this.rosters.get(conferenceSid)?.values() ?? [])]) {
      this.detach(participant);
      this.calls.hangUpUnlessControlled(participant.callSid);
    }
  }

  clear(): void {
    this.rosters.clear();
  }

  private onConnected(participant: EmulatedParticipant): void {
    if (participant.startConferenceOnEnter) this.conferences.start(participant.conferenceSid);
  }

  /** Takes the participant out and ends the conference when its rules say so. */
  private leaveAndApplyRules(participant: EmulatedParticipant): void {
    const conference = this.conferences.find(participant.conferenceSid);
    this.detach(participant);
    if (!conference || conference.status === 'completed') return;
    if (participant.endConferenceOnExit) {
      this.conferences.end(conference.sid, 'participant-with-end-conference-on-exit-left', participant.callSid);
    } else if (this.rosterOf(conference.sid).size === 0 && conference.status === 'in-progress') {
      this.conferences.end(conference.sid, 'last-participant-left', participant.callSid);
    }
  }

  private detach(participant: EmulatedParticipant): void {
    const roster = this.rosters.get(participant.conferenceSid);
    if (!roster?.delete(participant.callSid)) return;
    participant.status = 'completed';
    participant.updatedAt = this.clock.now();
    this.calls.setConference(participant.callSid, undefined);
    this.events.emit('participant.removed', snapshot(participant));
  }

  private rosterOf(conferenceSid: string): Map<string, EmulatedParticipant> {
    let roster = this.rosters.get(conferenceSid);
    if (!roster) {
      roster = new Map();
      this.rosters.set(conferenceSid, roster);
    }
    return roster;
  }

  private findMutable(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant | undefined {
    const roster = this.rosters.get(conferenceSid);
    if (!roster) return undefined;
    return roster.get(callSidOrLabel) ?? [...roster.values()].find((p) => p.label !== undefined && p.label === callSidOrLabel);
  }
}
