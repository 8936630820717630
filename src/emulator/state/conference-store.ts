import type { Clock } from '../clock';
import type { ConferenceEndReason, EmulatedConference, HttpMethod } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

export interface NewConferenceInput {
  accountSid: string;
  friendlyName: string;
  applicationSid?: string;
  maxParticipants?: number;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvents?: string[];
}

/** The emulated conferences. Ending one hands it to the end listener, which lets its participants go. */
export class ConferenceStore {
  private readonly conferences = new Map<string, EmulatedConference>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly afterEnd: (conferenceSid: string) => void,
  ) {}

  create(input: NewConferenceInput): EmulatedConference {
    const now = this.clock.now();
    const conference: EmulatedConference = {
      sid: this.ids.uuid(),
      accountSid: input.accountSid,
      friendlyName: input.friendlyName,
      applicationSid: input.applicationSid,
      status: 'init',
      region: 'dc2',
      createdAt: now,
      updatedAt: now,
      endReason: undefined,
      callSidEndingConference: undefined,
      maxParticipants: input.maxParticipants ?? 250,
      announceUrl: undefined,
      announceMethod: undefined,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      statusCallbackEvents: input.statusCallbackEvents ?? [],
    };
    this.conferences.set(conference.sid, conference);
    this.events.emit('conference.created', snapshot(conference));
    return snapshot(conference);
  }

  get(sid: string): EmulatedConference | undefined {
    const conference = this.conferences.get(sid);
    return conference ? snapshot(conference) : undefined;
  }

  require(accountSid: string, sid: string): EmulatedConference {
    const conference = this.conferences.get(sid);
    if (!conference || conference.accountSid !== accountSid) throw new EmulatorNotFoundError('conference');
    return snapshot(conference);
  }

  /** The conference not yet completed with this friendly name, as `<Dial><Conference>` would join. */
  findActiveByName(accountSid: string, friendlyName: string): EmulatedConference | undefined {
    for (const conference of this.conferences.values()) {
      if (conference.accountSid === accountSid && conference.friendlyName === friendlyName && conference.status !== 'completed') {
        return snapshot(conference);
      }
    }
    return undefined;
  }

  list(accountSid?: string): EmulatedConference[] {
    return [...this.conferences.values()]
      .filter((c) => accountSid === undefined || c.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  setAnnouncement(sid: string, announceUrl: string, announceMethod: HttpMethod | undefined): EmulatedConference {
    const conference = this.mutable(sid);
    conference.announceUrl = announceUrl;
    conference.announceMethod = announceMethod;
    conference.updatedAt = this.clock.now();
    this.events.emit('conference.updated', snapshot(conference));
    return snapshot(conference);
  }

  /** A waiting conference starts (its first participant that starts it has connected). */
  start(sid: string): void {
    const conference = this.mutable(sid);
    if (conference.status !== 'init') return;
    conference.status = 'in-progress';
    conference.updatedAt = this.clock.now();
    this.events.emit('conference.updated', snapshot(conference));
  }

  /** Ends the conference and hangs up every participant. Ending an ended conference changes nothing. */
  end(sid: string, reason: ConferenceEndReason, endingCallSid?: string): EmulatedConference {
    const conference = this.mutable(sid);
    if (conference.status === 'completed') return snapshot(conference);
    conference.status = 'completed';
    conference.endReason = reason;
    conference.callSidEndingConference = endingCallSid;
    conference.updatedAt = this.clock.now();
    this.events.emit('conference.updated', snapshot(conference));
    this.afterEnd(sid);
    return snapshot(conference);
  }

  /** The conference, not a copy, for the participants to read; a 404 when there is none. */
  live(sid: string): Readonly<EmulatedConference> {
    return this.mutable(sid);
  }

  /** The conference, not a copy, if it exists. */
  find(sid: string): Readonly<EmulatedConference> | undefined {
    return this.conferences.get(sid);
  }

  clear(): void {
    this.conferences.clear();
  }

  private mutable(sid: string): EmulatedConference {
    const conference = this.conferences.get(sid);
    if (!conference) throw new EmulatorNotFoundError('conference');
    return conference;
  }
}
