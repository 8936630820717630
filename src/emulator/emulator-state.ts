import { EventEmitter } from 'node:events';
import type { Clock } from './clock';
import { EmulatorNotFoundError } from './errors/emulator-not-found-error';
import { IdGenerator } from './id-generator';
import {
  isTerminalCallStatus,
  type CallOrigin,
  type CallStatus,
  type ConferenceEndReason,
  type DialLogEntry,
  type EmulatedApplication,
  type EmulatedCall,
  type EmulatedConference,
  type EmulatedParticipant,
  type EmulatedQueue,
  type EmulatedRecording,
  type EmulatedSecret,
  type EmulatedSiprecSession,
  type EmulatedStream,
  type EmulatedTranscription,
  type EmulatorEventName,
  type EmulatorEvents,
  type HttpMethod,
  type RecordingSource,
  type RequestValue,
  type TrackName,
} from './emulator-models';

export interface NewCallInput {
  accountSid: string;
  applicationSid?: string;
  origin: CallOrigin;
  from: string;
  to: string;
  callerId?: string;
  url?: string;
  method?: HttpMethod;
  texml?: string;
  fallbackUrl?: string;
  fallbackMethod?: HttpMethod;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvents?: string[];
  timeoutSeconds?: number;
  timeLimitSeconds?: number;
  machineDetection?: string;
  record?: boolean;
  parentCallSid?: string;
  params?: Record<string, RequestValue>;
}

export interface CallStatusDetails {
  answeredBy?: EmulatedCall['answeredBy'];
  hangupCause?: string;
  sipResponseCode?: number;
  errorCode?: string;
}

export interface CallRedirect {
  url?: string;
  method?: HttpMethod;
  texml?: string;
  fallbackUrl?: string;
  fallbackMethod?: HttpMethod;
}

export interface CallCallbackChange {
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

export interface NewConferenceInput {
  accountSid: string;
  friendlyName: string;
  applicationSid?: string;
  maxParticipants?: number;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvents?: string[];
}

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

export interface NewRecordingInput {
  accountSid: string;
  callSid?: string;
  conferenceSid?: string;
  source: RecordingSource;
  channels?: 1 | 2;
  track?: EmulatedRecording['track'];
  playBeep?: boolean;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
  statusCallbackEvents?: string[];
}

export interface NewTranscriptionInput {
  recordingSid: string;
  text: string;
  status?: EmulatedTranscription['status'];
}

export interface NewSiprecInput {
  callSid: string;
  name?: string;
  connectorName?: string;
  track?: TrackName;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

export interface NewStreamInput {
  callSid: string;
  url: string | undefined;
  name?: string;
  track?: TrackName;
  bidirectionalMode?: string;
  bidirectionalCodec?: string;
  statusCallback?: string;
  statusCallbackMethod?: HttpMethod;
}

export type ApplicationInput = Omit<EmulatedApplication, 'id' | 'createdAt' | 'updatedAt'>;

export interface CallFilter {
  accountSid?: string;
  to?: string;
  from?: string;
  status?: CallStatus;
}

const snapshot = <T>(value: T): T => structuredClone(value);

/**
 * All emulated Telnyx state, and the only place it changes. REST handlers and (later) the TeXML
 * interpreter drive it through these methods; every change is announced as an event carrying a
 * snapshot, so tests and the interpreter can wait on "call created" instead of polling.
 *
 * Getters return snapshots: mutate through the methods, never through a returned object.
 */
export class EmulatorState extends EventEmitter<EmulatorEvents> {
  private readonly calls = new Map<string, EmulatedCall>();
  private readonly conferences = new Map<string, EmulatedConference>();
  /** conferenceSid -> (callSid -> participant) */
  private readonly participants = new Map<string, Map<string, EmulatedParticipant>>();
  private readonly queues = new Map<string, EmulatedQueue>();
  private readonly recordings = new Map<string, EmulatedRecording>();
  private readonly transcriptions = new Map<string, EmulatedTranscription>();
  private readonly siprecSessions = new Map<string, EmulatedSiprecSession>();
  private readonly streams = new Map<string, EmulatedStream>();
  private readonly applications = new Map<string, EmulatedApplication>();
  private readonly secrets = new Map<string, EmulatedSecret>();
  private readonly dialLog: DialLogEntry[] = [];
  private dialSequence = 0;
  /** Calls a call player drives: leaving a conference does not hang them up, the player goes on. */
  private readonly controlledCalls = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator = new IdGenerator(),
    private readonly mediaBaseUrl: string = 'https://media.emulator.invalid/recordings',
  ) {
    super();
    // Many concurrent waitFor() calls in a test are normal, not a leak.
    this.setMaxListeners(0);
  }

  /** Forget everything (not fault rules or limits, which live elsewhere). */
  reset(): void {
    this.calls.clear();
    this.conferences.clear();
    this.participants.clear();
    this.queues.clear();
    this.recordings.clear();
    this.transcriptions.clear();
    this.siprecSessions.clear();
    this.streams.clear();
    this.applications.clear();
    this.secrets.clear();
    this.dialLog.length = 0;
    this.dialSequence = 0;
    this.controlledCalls.clear();
  }

  /**
   * Marks a call as driven by a call player (or releases it). When a conference ends or a REST
   * delete removes such a participant, the call leaves the conference but is not hung up: like
   * Telnyx, it goes on to the `<Dial>` action. Other calls are hung up, as before.
   */
  setCallControlled(sid: string, controlled: boolean): void {
    if (controlled) this.controlledCalls.add(sid);
    else this.controlledCalls.delete(sid);
  }

  /** Resolves with the first event of this name whose payload passes `predicate`. */
  waitFor<K extends EmulatorEventName>(
    event: K,
    predicate: (...args: EmulatorEvents[K]) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<EmulatorEvents[K]> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      // The generic EventEmitter types listeners per event; a local alias keeps this one readable.
      const emitter = this as unknown as EventEmitter<Record<string, unknown[]>>;
      const name: string = event;
      const listener = (...args: unknown[]): void => {
        const typed = args as EmulatorEvents[K];
        if (!predicate(...typed)) return;
        emitter.off(name, listener);
        if (timer) clearTimeout(timer);
        resolve(typed);
      };
      emitter.on(name, listener);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          emitter.off(name, listener);
          reject(new Error(`Timed out after ${options.timeoutMs} ms waiting for emulator event ${event}`));
        }, options.timeoutMs);
        timer.unref();
      }
    });
  }

  // ---------------------------------------------------------------- calls

  createCall(input: NewCallInput): EmulatedCall {
    const now = this.clock.now();
    const call: EmulatedCall = {
      sid: this.ids.callSid(),
      accountSid: input.accountSid,
      applicationSid: input.applicationSid,
      origin: input.origin,
      direction: input.origin === 'inbound' ? 'inbound' : 'outbound',
      from: input.from,
      to: input.to,
      callerId: input.callerId,
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      answeredAt: undefined,
      endedAt: undefined,
      answeredBy: undefined,
      url: input.url,
      method: input.method,
      texml: input.texml,
      fallbackUrl: input.fallbackUrl,
      fallbackMethod: input.fallbackMethod,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      statusCallbackEvents: input.statusCallbackEvents ?? [],
      timeoutSeconds: input.timeoutSeconds ?? 30,
      timeLimitSeconds: input.timeLimitSeconds ?? 14400,
      machineDetection: input.machineDetection,
      record: input.record ?? false,
      parentCallSid: input.parentCallSid,
      conferenceSid: undefined,
      hangupCause: undefined,
      sipResponseCode: undefined,
      errorCode: undefined,
      redirects: 0,
      params: input.params ?? {},
    };
    this.calls.set(call.sid, call);
    if (input.origin !== 'inbound') {
      this.dialSequence += 1;
      this.dialLog.push({
        sequence: this.dialSequence,
        callSid: call.sid,
        accountSid: call.accountSid,
        origin: call.origin,
        from: call.from,
        to: call.to,
        conferenceSid: undefined,
        at: now,
        outcome: 'queued',
      });
    }
    this.emit('call.created', snapshot(call));
    return snapshot(call);
  }

  getCall(sid: string): EmulatedCall | undefined {
    const call = this.calls.get(sid);
    return call ? snapshot(call) : undefined;
  }

  /** The call, if it exists in this account; otherwise a 404. */
  requireCall(accountSid: string, sid: string): EmulatedCall {
    const call = this.calls.get(sid);
    if (!call || call.accountSid !== accountSid) throw new EmulatorNotFoundError('call');
    return snapshot(call);
  }

  /** Newest first. */
  listCalls(filter: CallFilter = {}): EmulatedCall[] {
    return [...this.calls.values()]
      .filter(
        (c) =>
          (filter.accountSid === undefined || c.accountSid === filter.accountSid) &&
          (filter.to === undefined || c.to === filter.to) &&
          (filter.from === undefined || c.from === filter.from) &&
          (filter.status === undefined || c.status === filter.status),
      )
      .reverse()
      .map(snapshot);
  }

  /** Calls not yet in a terminal status: what the concurrent-call cap counts. */
  activeCallCount(): number {
    let count = 0;
    for (const call of this.calls.values()) if (!isTerminalCallStatus(call.status)) count += 1;
    return count;
  }

  /**
   * Moves a call to a new status and applies the consequences: answer time, end time, leaving a
   * conference or queue, stopping recordings, streams and SIPREC. A terminal call never changes.
   */
  setCallStatus(sid: string, status: CallStatus, details: CallStatusDetails = {}): EmulatedCall {
    const call = this.mutableCall(sid);
    if (isTerminalCallStatus(call.status) || call.status === status) return snapshot(call);
    const previousStatus = call.status;
    const now = this.clock.now();
    call.status = status;
    call.updatedAt = now;
    if (details.answeredBy !== undefined) call.answeredBy = details.answeredBy;
    if (details.hangupCause !== undefined) call.hangupCause = details.hangupCause;
    if (details.sipResponseCode !== undefined) call.sipResponseCode = details.sipResponseCode;
    if (details.errorCode !== undefined) call.errorCode = details.errorCode;
    if (status === 'in-progress' && call.answeredAt === undefined) call.answeredAt = now;
    if (isTerminalCallStatus(status)) {
      call.endedAt = now;
      if (call.hangupCause === undefined) call.hangupCause = status === 'completed' ? 'normal_clearing' : status;
      const logEntry = this.dialLog.find((e) => e.callSid === sid);
      if (logEntry && status === 'failed' && previousStatus === 'queued') logEntry.outcome = 'failed';
    }
    this.emit('call.updated', snapshot(call), { reason: 'status', previousStatus });
    this.afterCallStatusChange(call, previousStatus);
    return snapshot(call);
  }

  /** Replaces the TeXML source of a live call (REST update with Url or Texml). */
  redirectCall(sid: string, redirect: CallRedirect): EmulatedCall {
    const call = this.mutableCall(sid);
    if (redirect.texml !== undefined) {
      call.texml = redirect.texml;
      call.url = undefined;
    } else if (redirect.url !== undefined) {
      call.url = redirect.url;
      call.texml = undefined;
    }
    if (redirect.method !== undefined) call.method = redirect.method;
    if (redirect.fallbackUrl !== undefined) call.fallbackUrl = redirect.fallbackUrl;
    if (redirect.fallbackMethod !== undefined) call.fallbackMethod = redirect.fallbackMethod;
    call.redirects += 1;
    call.updatedAt = this.clock.now();
    this.emit('call.updated', snapshot(call), { reason: 'redirect', previousStatus: call.status });
    return snapshot(call);
  }

  setCallCallback(sid: string, change: CallCallbackChange): EmulatedCall {
    const call = this.mutableCall(sid);
    if (change.statusCallback !== undefined) call.statusCallback = change.statusCallback;
    if (change.statusCallbackMethod !== undefined) call.statusCallbackMethod = change.statusCallbackMethod;
    call.updatedAt = this.clock.now();
    this.emit('call.updated', snapshot(call), { reason: 'callback', previousStatus: call.status });
    return snapshot(call);
  }

  /** Every call leg created through the REST API (and, later, by dialing), oldest first. */
  getDialLog(): DialLogEntry[] {
    return this.dialLog.map(snapshot);
  }

  // ---------------------------------------------------------------- conferences

  createConference(input: NewConferenceInput): EmulatedConference {
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
    this.participants.set(conference.sid, new Map());
    this.emit('conference.created', snapshot(conference));
    return snapshot(conference);
  }

  getConference(sid: string): EmulatedConference | undefined {
    const conference = this.conferences.get(sid);
    return conference ? snapshot(conference) : undefined;
  }

  requireConference(accountSid: string, sid: string): EmulatedConference {
    const conference = this.conferences.get(sid);
    if (!conference || conference.accountSid !== accountSid) throw new EmulatorNotFoundError('conference');
    return snapshot(conference);
  }

  /** The conference not yet completed with this friendly name, as `<Dial><Conference>` would join. */
  findActiveConferenceByName(accountSid: string, friendlyName: string): EmulatedConference | undefined {
    for (const conference of this.conferences.values()) {
      if (conference.accountSid === accountSid && conference.friendlyName === friendlyName && conference.status !== 'completed') {
        return snapshot(conference);
      }
    }
    return undefined;
  }

  listConferences(accountSid?: string): EmulatedConference[] {
    return [...this.conferences.values()]
      .filter((c) => accountSid === undefined || c.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  setConferenceAnnouncement(sid: string, announceUrl: string, announceMethod: HttpMethod | undefined): EmulatedConference {
    const conference = this.mutableConference(sid);
    conference.announceUrl = announceUrl;
    conference.announceMethod = announceMethod;
    conference.updatedAt = this.clock.now();
    this.emit('conference.updated', snapshot(conference));
    return snapshot(conference);
  }

  /** Ends the conference and hangs up every participant. Ending an ended conference changes nothing. */
  endConference(sid: string, reason: ConferenceEndReason, endingCallSid?: string): EmulatedConference {
    const conference = this.mutableConference(sid);
    if (conference.status === 'completed') return snapshot(conference);
    conference.status = 'completed';
    conference.endReason = reason;
    conference.callSidEndingConference = endingCallSid;
    conference.updatedAt = this.clock.now();
    this.emit('conference.updated', snapshot(conference));
    for (const participant of [...(this.participants.get(sid)?.values() ?? [])]) {
      this.detachParticipant(participant);
      if (this.calls.has(participant.callSid) && !this.controlledCalls.has(participant.callSid)) this.setCallStatus(participant.callSid, 'completed');
    }
    return snapshot(conference);
  }

  // ---------------------------------------------------------------- participants

  addParticipant(conferenceSid: string, input: NewParticipantInput): EmulatedParticipant {
    const conference = this.mutableConference(conferenceSid);
    const call = this.mutableCall(input.callSid);
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
    call.conferenceSid = conference.sid;
    const dialEntry = this.dialLog.find((e) => e.callSid === call.sid);
    if (dialEntry) dialEntry.conferenceSid = conference.sid;
    this.participantsOf(conference.sid).set(call.sid, participant);
    this.emit('participant.added', snapshot(participant));
    if (participant.status === 'connected') this.onParticipantConnected(conference, participant);
    return snapshot(participant);
  }

  /** By call sid or by label, as the REST API addresses participants. */
  findParticipant(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant | undefined {
    const found = this.findMutableParticipant(conferenceSid, callSidOrLabel);
    return found ? snapshot(found) : undefined;
  }

  requireParticipant(accountSid: string, conferenceSid: string, callSidOrLabel: string): EmulatedParticipant {
    this.requireConference(accountSid, conferenceSid);
    const participant = this.findMutableParticipant(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    return snapshot(participant);
  }

  listParticipants(conferenceSid: string): EmulatedParticipant[] {
    return [...(this.participants.get(conferenceSid)?.values() ?? [])].map(snapshot);
  }

  updateParticipant(conferenceSid: string, callSidOrLabel: string, change: ParticipantChange): EmulatedParticipant {
    const participant = this.findMutableParticipant(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    for (const [key, value] of Object.entries(change) as [keyof ParticipantChange, unknown][]) {
      if (value !== undefined) (participant as unknown as Record<string, unknown>)[key] = value;
    }
    participant.updatedAt = this.clock.now();
    this.emit('participant.updated', snapshot(participant));
    return snapshot(participant);
  }

  /** Removes the participant and hangs up its call leg (REST DELETE, or <Hangup> in the conference). */
  removeParticipant(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant {
    const participant = this.findMutableParticipant(conferenceSid, callSidOrLabel);
    if (!participant) throw new EmulatorNotFoundError('participant');
    const removed = snapshot(participant);
    this.leaveConferenceAndApplyRules(participant);
    if (this.calls.has(participant.callSid) && !this.controlledCalls.has(participant.callSid)) this.setCallStatus(participant.callSid, 'completed');
    return { ...removed, status: 'completed' };
  }

  /**
   * Takes a call out of its conference without hanging it up (a played call whose `<Dial>`
   * ends), applying the conference's end rules. Returns the participant as it was, if any.
   */
  leaveConference(callSid: string): EmulatedParticipant | undefined {
    const call = this.calls.get(callSid);
    if (!call?.conferenceSid) return undefined;
    const participant = this.participants.get(call.conferenceSid)?.get(callSid);
    if (!participant) return undefined;
    const left = snapshot(participant);
    this.leaveConferenceAndApplyRules(participant);
    return left;
  }

  // ---------------------------------------------------------------- queues

  /** A queue without a name is known by its sid, which is how `<Enqueue>` would then address it. */
  createQueue(accountSid: string, options: { friendlyName?: string; maxSize: number }): EmulatedQueue {
    const now = this.clock.now();
    const sid = this.ids.uuid();
    const queue: EmulatedQueue = {
      sid,
      accountSid,
      friendlyName: options.friendlyName ?? sid,
      maxSize: options.maxSize,
      members: [],
      createdAt: now,
      updatedAt: now,
      completedWaitMs: 0,
      completedMembers: 0,
    };
    this.queues.set(queue.sid, queue);
    this.emit('queue.created', snapshot(queue));
    return snapshot(queue);
  }

  requireQueue(accountSid: string, sid: string): EmulatedQueue {
    const queue = this.queues.get(sid);
    if (!queue || queue.accountSid !== accountSid) throw new EmulatorNotFoundError('queue');
    return snapshot(queue);
  }

  getQueue(sid: string): EmulatedQueue | undefined {
    const queue = this.queues.get(sid);
    return queue ? snapshot(queue) : undefined;
  }

  findQueueByName(accountSid: string, friendlyName: string): EmulatedQueue | undefined {
    for (const queue of this.queues.values()) {
      if (queue.accountSid === accountSid && queue.friendlyName === friendlyName) return snapshot(queue);
    }
    return undefined;
  }

  listQueues(accountSid?: string): EmulatedQueue[] {
    return [...this.queues.values()]
      .filter((q) => accountSid === undefined || q.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  updateQueue(sid: string, change: { maxSize?: number }): EmulatedQueue {
    const queue = this.mutableQueue(sid);
    if (change.maxSize !== undefined) queue.maxSize = change.maxSize;
    queue.updatedAt = this.clock.now();
    this.emit('queue.updated', snapshot(queue));
    return snapshot(queue);
  }

  deleteQueue(sid: string): EmulatedQueue {
    const queue = this.mutableQueue(sid);
    this.queues.delete(sid);
    this.emit('queue.deleted', snapshot(queue));
    return snapshot(queue);
  }

  /** Adds a call to the back of the queue. Returns false when the queue is full. */
  enqueue(queueSid: string, callSid: string): boolean {
    const queue = this.mutableQueue(queueSid);
    this.mutableCall(callSid);
    if (queue.members.length >= queue.maxSize) return false;
    queue.members.push({ callSid, enqueuedAt: this.clock.now() });
    queue.updatedAt = this.clock.now();
    this.emit('queue.updated', snapshot(queue));
    return true;
  }

  /** Removes a call (or the front member when no call sid is given) and returns its call sid. */
  dequeue(queueSid: string, callSid?: string): string | undefined {
    const queue = this.mutableQueue(queueSid);
    const index = callSid === undefined ? 0 : queue.members.findIndex((m) => m.callSid === callSid);
    const member = index >= 0 ? queue.members[index] : undefined;
    if (!member) return undefined;
    queue.members.splice(index, 1);
    const now = this.clock.now();
    queue.completedWaitMs += now - member.enqueuedAt;
    queue.completedMembers += 1;
    queue.updatedAt = now;
    this.emit('queue.updated', snapshot(queue));
    return member.callSid;
  }

  // ---------------------------------------------------------------- recordings

  createRecording(input: NewRecordingInput): EmulatedRecording {
    const now = this.clock.now();
    const sid = this.ids.uuid();
    const recording: EmulatedRecording = {
      sid,
      accountSid: input.accountSid,
      callSid: input.callSid,
      conferenceSid: input.conferenceSid,
      status: 'in-progress',
      source: input.source,
      channels: input.channels ?? 1,
      track: input.track ?? 'both',
      playBeep: input.playBeep ?? true,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      statusCallbackEvents: input.statusCallbackEvents ?? ['completed'],
      createdAt: now,
      updatedAt: now,
      startedAt: now,
      endedAt: undefined,
      accumulatedMs: 0,
      runningSince: now,
      errorCode: undefined,
      mediaUrl: `${this.mediaBaseUrl}/${sid}.mp3`,
    };
    this.recordings.set(sid, recording);
    this.emit('recording.created', snapshot(recording));
    return snapshot(recording);
  }

  requireRecording(accountSid: string, sid: string): EmulatedRecording {
    const recording = this.recordings.get(sid);
    if (!recording || recording.accountSid !== accountSid) throw new EmulatorNotFoundError('recording');
    return snapshot(recording);
  }

  listRecordings(filter: { accountSid?: string; callSid?: string; conferenceSid?: string } = {}): EmulatedRecording[] {
    return [...this.recordings.values()]
      .filter(
        (r) =>
          (filter.accountSid === undefined || r.accountSid === filter.accountSid) &&
          (filter.callSid === undefined || r.callSid === filter.callSid) &&
          (filter.conferenceSid === undefined || r.conferenceSid === filter.conferenceSid),
      )
      .reverse()
      .map(snapshot);
  }

  /** in-progress / paused / stopped. Stopping completes the recording; an ended one never changes. */
  setRecordingStatus(sid: string, status: 'in-progress' | 'paused' | 'stopped'): EmulatedRecording {
    const recording = this.mutableRecording(sid);
    if (recording.status === 'completed' || recording.status === 'stopped') return snapshot(recording);
    const now = this.clock.now();
    if (recording.runningSince !== undefined && status !== 'in-progress') {
      recording.accumulatedMs += now - recording.runningSince;
      recording.runningSince = undefined;
    }
    if (status === 'in-progress' && recording.runningSince === undefined) recording.runningSince = now;
    if (status === 'stopped') {
      recording.status = 'completed';
      recording.endedAt = now;
    } else {
      recording.status = status;
    }
    recording.updatedAt = now;
    this.emit('recording.updated', snapshot(recording));
    return snapshot(recording);
  }

  /** Seconds recorded so far (pauses excluded), by the emulator's clock. */
  recordingDurationSeconds(recording: EmulatedRecording): number {
    const running = recording.runningSince === undefined ? 0 : this.clock.now() - recording.runningSince;
    return Math.round((recording.accumulatedMs + running) / 1000);
  }

  deleteRecording(sid: string): EmulatedRecording {
    const recording = this.mutableRecording(sid);
    this.recordings.delete(sid);
    this.emit('recording.deleted', snapshot(recording));
    return snapshot(recording);
  }

  // ---------------------------------------------------------------- transcriptions

  createTranscription(input: NewTranscriptionInput): EmulatedTranscription {
    const recording = this.mutableRecording(input.recordingSid);
    const now = this.clock.now();
    const transcription: EmulatedTranscription = {
      sid: this.ids.uuid(),
      accountSid: recording.accountSid,
      callSid: recording.callSid,
      recordingSid: recording.sid,
      status: input.status ?? 'completed',
      text: input.text,
      durationSeconds: this.recordingDurationSeconds(recording),
      createdAt: now,
      updatedAt: now,
    };
    this.transcriptions.set(transcription.sid, transcription);
    this.emit('transcription.created', snapshot(transcription));
    return snapshot(transcription);
  }

  requireTranscription(accountSid: string, sid: string): EmulatedTranscription {
    const transcription = this.transcriptions.get(sid);
    if (!transcription || transcription.accountSid !== accountSid) throw new EmulatorNotFoundError('transcription');
    return snapshot(transcription);
  }

  listTranscriptions(accountSid?: string): EmulatedTranscription[] {
    return [...this.transcriptions.values()]
      .filter((t) => accountSid === undefined || t.accountSid === accountSid)
      .reverse()
      .map(snapshot);
  }

  deleteTranscription(sid: string): EmulatedTranscription {
    const transcription = this.transcriptions.get(sid);
    if (!transcription) throw new EmulatorNotFoundError('transcription');
    this.transcriptions.delete(sid);
    this.emit('transcription.deleted', snapshot(transcription));
    return snapshot(transcription);
  }

  // ---------------------------------------------------------------- siprec and streams

  startSiprec(input: NewSiprecInput): EmulatedSiprecSession {
    const call = this.mutableCall(input.callSid);
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
    this.siprecSessions.set(session.sid, session);
    this.emit('siprec.created', snapshot(session));
    return snapshot(session);
  }

  requireSiprec(accountSid: string, callSid: string, sid: string): EmulatedSiprecSession {
    const session = this.siprecSessions.get(sid);
    if (!session || session.accountSid !== accountSid || session.callSid !== callSid) throw new EmulatorNotFoundError('siprec');
    return snapshot(session);
  }

  stopSiprec(sid: string): EmulatedSiprecSession {
    const session = this.siprecSessions.get(sid);
    if (!session) throw new EmulatorNotFoundError('siprec');
    if (session.status !== 'stopped') {
      session.status = 'stopped';
      session.updatedAt = this.clock.now();
      this.emit('siprec.updated', snapshot(session));
    }
    return snapshot(session);
  }

  startStream(input: NewStreamInput): EmulatedStream {
    const call = this.mutableCall(input.callSid);
    const now = this.clock.now();
    const stream: EmulatedStream = {
      sid: this.ids.uuid(),
      accountSid: call.accountSid,
      callSid: call.sid,
      name: input.name,
      url: input.url,
      track: input.track ?? 'inbound_track',
      status: 'in-progress',
      bidirectionalMode: input.bidirectionalMode,
      bidirectionalCodec: input.bidirectionalCodec,
      statusCallback: input.statusCallback,
      statusCallbackMethod: input.statusCallbackMethod,
      createdAt: now,
      updatedAt: now,
    };
    this.streams.set(stream.sid, stream);
    this.emit('stream.created', snapshot(stream));
    return snapshot(stream);
  }

  /** By sid, or by the user-given Name within the call (TeXML's `<Stop><Stream name>` addresses it so). */
  requireStream(accountSid: string, callSid: string, sidOrName: string): EmulatedStream {
    const stream =
      this.streams.get(sidOrName) ??
      [...this.streams.values()].find((s) => s.callSid === callSid && s.name !== undefined && s.name === sidOrName);
    if (!stream || stream.accountSid !== accountSid || stream.callSid !== callSid) throw new EmulatorNotFoundError('stream');
    return snapshot(stream);
  }

  stopStream(sid: string): EmulatedStream {
    const stream = this.streams.get(sid);
    if (!stream) throw new EmulatorNotFoundError('stream');
    if (stream.status !== 'stopped') {
      stream.status = 'stopped';
      stream.updatedAt = this.clock.now();
      this.emit('stream.updated', snapshot(stream));
    }
    return snapshot(stream);
  }

  // ---------------------------------------------------------------- applications and secrets

  createApplication(input: ApplicationInput): EmulatedApplication {
    const now = this.clock.now();
    const application: EmulatedApplication = { ...snapshot(input), id: this.ids.applicationId(), createdAt: now, updatedAt: now };
    this.applications.set(application.id, application);
    this.emit('application.created', snapshot(application));
    return snapshot(application);
  }

  getApplication(id: string): EmulatedApplication | undefined {
    const application = this.applications.get(id);
    return application ? snapshot(application) : undefined;
  }

  requireApplication(id: string): EmulatedApplication {
    const application = this.applications.get(id);
    if (!application) throw new EmulatorNotFoundError('texml_application');
    return snapshot(application);
  }

  listApplications(): EmulatedApplication[] {
    return [...this.applications.values()].map(snapshot);
  }

  updateApplication(id: string, input: ApplicationInput): EmulatedApplication {
    const existing = this.applications.get(id);
    if (!existing) throw new EmulatorNotFoundError('texml_application');
    const updated: EmulatedApplication = { ...snapshot(input), id, createdAt: existing.createdAt, updatedAt: this.clock.now() };
    this.applications.set(id, updated);
    this.emit('application.updated', snapshot(updated));
    return snapshot(updated);
  }

  deleteApplication(id: string): EmulatedApplication {
    const existing = this.applications.get(id);
    if (!existing) throw new EmulatorNotFoundError('texml_application');
    this.applications.delete(id);
    this.emit('application.deleted', snapshot(existing));
    return snapshot(existing);
  }

  /** Creates or replaces a secret (Telnyx replaces the value when the name exists). */
  saveSecret(name: string, value: string): void {
    const now = this.clock.now();
    const existing = this.secrets.get(name);
    this.secrets.set(name, { name, value, createdAt: existing?.createdAt ?? now, updatedAt: now });
    this.emit('secret.saved', name);
  }

  /** The secret's value, for the interpreter's `{{#secret}}NAME{{/secret}}` substitution. */
  getSecretValue(name: string): string | undefined {
    return this.secrets.get(name)?.value;
  }

  listSecretNames(): string[] {
    return [...this.secrets.keys()];
  }

  // ---------------------------------------------------------------- internals

  private mutableCall(sid: string): EmulatedCall {
    const call = this.calls.get(sid);
    if (!call) throw new EmulatorNotFoundError('call');
    return call;
  }

  private mutableConference(sid: string): EmulatedConference {
    const conference = this.conferences.get(sid);
    if (!conference) throw new EmulatorNotFoundError('conference');
    return conference;
  }

  private mutableQueue(sid: string): EmulatedQueue {
    const queue = this.queues.get(sid);
    if (!queue) throw new EmulatorNotFoundError('queue');
    return queue;
  }

  private mutableRecording(sid: string): EmulatedRecording {
    const recording = this.recordings.get(sid);
    if (!recording) throw new EmulatorNotFoundError('recording');
    return recording;
  }

  private participantsOf(conferenceSid: string): Map<string, EmulatedParticipant> {
    let map = this.participants.get(conferenceSid);
    if (!map) {
      map = new Map();
      this.participants.set(conferenceSid, map);
    }
    return map;
  }

  private findMutableParticipant(conferenceSid: string, callSidOrLabel: string): EmulatedParticipant | undefined {
    const map = this.participants.get(conferenceSid);
    if (!map) return undefined;
    return map.get(callSidOrLabel) ?? [...map.values()].find((p) => p.label !== undefined && p.label === callSidOrLabel);
  }

  private afterCallStatusChange(call: EmulatedCall, previousStatus: CallStatus): void {
    if (call.conferenceSid !== undefined) {
      const participant = this.participants.get(call.conferenceSid)?.get(call.sid);
      const conference = this.conferences.get(call.conferenceSid);
      if (participant && conference) {
        if (call.status === 'in-progress' && previousStatus !== 'in-progress') {
          participant.status = 'connected';
          participant.updatedAt = call.updatedAt;
          this.emit('participant.updated', snapshot(participant));
          this.onParticipantConnected(conference, participant);
        } else if (isTerminalCallStatus(call.status)) {
          this.leaveConferenceAndApplyRules(participant);
        }
      }
    }
    if (isTerminalCallStatus(call.status)) {
      for (const queue of this.queues.values()) {
        if (queue.members.some((m) => m.callSid === call.sid)) this.dequeue(queue.sid, call.sid);
      }
      for (const recording of this.recordings.values()) {
        if (recording.callSid === call.sid && recording.status !== 'completed') this.setRecordingStatus(recording.sid, 'stopped');
      }
      for (const stream of this.streams.values()) {
        if (stream.callSid === call.sid && stream.status !== 'stopped') this.stopStream(stream.sid);
      }
      for (const session of this.siprecSessions.values()) {
        if (session.callSid === call.sid && session.status !== 'stopped') this.stopSiprec(session.sid);
      }
    }
  }

  private onParticipantConnected(conference: EmulatedConference, participant: EmulatedParticipant): void {
    if (conference.status === 'init' && participant.startConferenceOnEnter) {
      conference.status = 'in-progress';
      conference.updatedAt = this.clock.now();
      this.emit('conference.updated', snapshot(conference));
    }
  }

  /** Takes the participant out and ends the conference when its rules say so. */
  private leaveConferenceAndApplyRules(participant: EmulatedParticipant): void {
    const conference = this.conferences.get(participant.conferenceSid);
    this.detachParticipant(participant);
    if (!conference || conference.status === 'completed') return;
    if (participant.endConferenceOnExit) {
      this.endConference(conference.sid, 'participant-with-end-conference-on-exit-left', participant.callSid);
    } else if (this.participantsOf(conference.sid).size === 0 && conference.status === 'in-progress') {
      this.endConference(conference.sid, 'last-participant-left', participant.callSid);
    }
  }

  private detachParticipant(participant: EmulatedParticipant): void {
    const map = this.participants.get(participant.conferenceSid);
    if (!map?.delete(participant.callSid)) return;
    participant.status = 'completed';
    participant.updatedAt = this.clock.now();
    const call = this.calls.get(participant.callSid);
    if (call) call.conferenceSid = undefined;
    this.emit('participant.removed', snapshot(participant));
  }
}
