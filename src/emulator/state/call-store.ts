import type { Clock } from '../clock';
import { isTerminalCallStatus, type CallOrigin, type CallStatus, type EmulatedCall, type HttpMethod, type RequestValue } from '../emulator-models';
import { EmulatorNotFoundError } from '../errors/emulator-not-found-error';
import type { IdGenerator } from '../id-generator';
import type { DialLog } from './dial-log';
import { snapshot } from './snapshot';
import type { StateEvents } from './state-events';

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

export interface CallFilter {
  accountSid?: string;
  to?: string;
  from?: string;
  status?: CallStatus;
}

/** What a call's status change does to the other resources (EmulatorState wires it). */
export type CallStatusListener = (call: Readonly<EmulatedCall>, previousStatus: CallStatus) => void;

/** The emulated calls. A status change is announced, then handed to the listener for its consequences. */
export class CallStore {
  private readonly calls = new Map<string, EmulatedCall>();
  /** Calls a call player drives: leaving a conference does not hang them up, the player goes on. */
  private readonly controlled = new Set<string>();

  constructor(
    private readonly events: StateEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly dialLog: DialLog,
    private readonly afterStatusChange: CallStatusListener,
  ) {}

  create(input: NewCallInput): EmulatedCall {
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
    if (input.origin !== 'inbound') this.dialLog.record(call);
    this.events.emit('call.created', snapshot(call));
    return snapshot(call);
  }

  get(sid: string): EmulatedCall | undefined {
    const call = this.calls.get(sid);
    return call ? snapshot(call) : undefined;
  }

  /** The call, if it exists in this account; otherwise a 404. */
  require(accountSid: string, sid: string): EmulatedCall {
    const call = this.calls.get(sid);
    if (!call || call.accountSid !== accountSid) throw new EmulatorNotFoundError('call');
    return snapshot(call);
  }

  /** Newest first. */
  list(filter: CallFilter = {}): EmulatedCall[] {
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
  activeCount(): number {
    let count = 0;
    for (const call of this.calls.values()) if (!isTerminalCallStatus(call.status)) count += 1;
    return count;
  }

  /**
   * Moves a call to a new status: answer time, end time, hangup cause. A terminal call never
   * changes. What follows for conferences, queues and media is the status listener's.
   */
  setStatus(sid: string, status: CallStatus, details: CallStatusDetails = {}): EmulatedCall {
    const call = this.mutable(sid);
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
      if (status === 'failed' && previousStatus === 'queued') this.dialLog.markFailed(sid);
    }
    this.events.emit('call.updated', snapshot(call), { reason: 'status', previousStatus });
    this.afterStatusChange(call, previousStatus);
    return snapshot(call);
  }

  /** Replaces the TeXML source of a live call (REST update with Url or Texml). */
  redirect(sid: string, redirect: CallRedirect): EmulatedCall {
    const call = this.mutable(sid);
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
    this.events.emit('call.updated', snapshot(call), { reason: 'redirect', previousStatus: call.status });
    return snapshot(call);
  }

  setCallback(sid: string, change: CallCallbackChange): EmulatedCall {
    const call = this.mutable(sid);
    if (change.statusCallback !== undefined) call.statusCallback = change.statusCallback;
    if (change.statusCallbackMethod !== undefined) call.statusCallbackMethod = change.statusCallbackMethod;
    call.updatedAt = this.clock.now();
    this.events.emit('call.updated', snapshot(call), { reason: 'callback', previousStatus: call.status });
    return snapshot(call);
  }

  /**
   * Marks a call as driven by a call player (or releases it). When a conference ends or a REST
   * delete removes such a participant, the call leaves the conference but is not hung up: like
   * Telnyx, it goes on to the `<Dial>` action. Other calls are hung up, as before.
   */
  setControlled(sid: string, controlled: boolean): void {
    if (controlled) this.controlled.add(sid);
    else this.controlled.delete(sid);
  }

  /** Hangs up a call that left its conference, unless a call player drives it (see setControlled). */
  hangUpUnlessControlled(sid: string): void {
    if (this.calls.has(sid) && !this.controlled.has(sid)) this.setStatus(sid, 'completed');
  }

  /** The call itself, not a copy, for the other stores to read; a 404 when there is none. */
  live(sid: string): Readonly<EmulatedCall> {
    return this.mutable(sid);
  }

  /** The call, not a copy, if it exists. */
  find(sid: string): Readonly<EmulatedCall> | undefined {
    return this.calls.get(sid);
  }

  /** Records which conference the call is in (participants keep it); no event, as a join announces itself. */
  setConference(sid: string, conferenceSid: string | undefined): void {
    const call = this.calls.get(sid);
    if (call) call.conferenceSid = conferenceSid;
  }

  clear(): void {
    this.calls.clear();
    this.controlled.clear();
  }

  private mutable(sid: string): EmulatedCall {
    const call = this.calls.get(sid);
    if (!call) throw new EmulatorNotFoundError('call');
    return call;
  }
}
