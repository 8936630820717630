import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { OutboundRequester } from '../../events/outbound-request';
import type { AdvancingClock } from '../advancing-clock';
import type { DialAdmission } from '../dial-admission';
import { isTerminalCallStatus, type EmulatedCall, type HttpMethod } from '../emulator-models';
import type { EmulatorState } from '../emulator-state';
import { EmulatorConfigError } from '../errors/emulator-config-error';
import type { VirtualScheduler } from '../virtual-scheduler';
import type { WebhookSender } from '../webhook-sender';
import { CallPlayer } from './call-player';
import { callScriptSchema, defaultCallScript, type CallScript, type CallScriptInput } from './call-script';
import { CallTranscript, type CallTranscriptSnapshot } from './call-transcript';
import { DEFAULT_PLAYER_LIMITS, type PlayerLimits, type PlayerServices } from './player-services';
import type { TranscriptEvent } from './transcript-event';
import { ApplicationAdmission, type ApplicationRefusal } from '../application-admission';

/** An inbound call to inject, as if someone dialed a number of the account. */
export interface InboundCallInput {
  from: string;
  to: string;
  /** TeXML application (id or friendly name) whose voice_url answers; default: the only one there is. */
  application?: string;
  /** Or a URL to fetch TeXML from directly (with `method`, default POST). */
  url?: string;
  method?: HttpMethod;
  /** Or inline TeXML. */
  texml?: string;
  callerId?: string;
  accountSid?: string;
  /** What the caller does; a parsed script or its wire form. */
  script?: CallScript | CallScriptInput;
}

export interface CallDirectorEvents {
  'transcript.event': [callSid: string, event: TranscriptEvent];
  'call.ended': [transcript: CallTranscriptSnapshot];
}

export interface CallDirectorDependencies {
  state: EmulatorState;
  clock: AdvancingClock;
  scheduler: VirtualScheduler;
  sender: WebhookSender;
  dials: DialAdmission;
  logger: Logger;
  /** Performs played `<HttpRequest>`s. */
  requester: OutboundRequester;
  defaultAccountSid: string;
  /** Play calls created through the REST API (default true). */
  playCalls: boolean;
  limits?: Partial<PlayerLimits>;
}

const MAX_TRANSCRIPTS = 1000;
const PLAYED_ORIGINS: ReadonlySet<EmulatedCall['origin']> = new Set(['rest', 'connection', 'participant']);

function isParsedScript(script: CallScript | CallScriptInput): script is CallScript {
  return Array.isArray((script as CallScript).actions) && typeof (script as CallScript).playSeconds === 'number';
}

/**
 * Plays the emulator's calls: REST-created calls as they are created, inbound calls on request.
 * Keeps every call's transcript, the scripts for numbers the emulator dials, and routes outside
 * changes (REST hangups and redirects, conference ends, queue bridges) to the call they concern.
 */
export class CallDirector extends EventEmitter<CallDirectorEvents> {
  private readonly players = new Map<string, CallPlayer>();
  private readonly runs = new Map<string, Promise<void>>();
  private readonly transcripts = new Map<string, CallTranscript>();
  private readonly scripts = new Map<string, CallScript>();
  private readonly conferenceSequences = new Map<string, number>();
  private readonly startedConferences = new Set<string>();
  private readonly services: PlayerServices;
  private closed = false;
  /** Bumped whenever every call is stopped, so calls scheduled before that are not placed after it. */
  private generation = 0;

  constructor(private readonly deps: CallDirectorDependencies) {
    super();
    this.setMaxListeners(0);
    this.services = {
      state: deps.state,
      clock: deps.clock,
      scheduler: deps.scheduler,
      sender: deps.sender,
      dials: deps.dials,
      logger: deps.logger,
      requester: deps.requester,
      limits: { ...DEFAULT_PLAYER_LIMITS, ...deps.limits },
      playedCall: (sid) => {
        const player = this.players.get(sid);
        return player && !player.isFinished ? player : undefined;
      },
      scriptFor: (number) => this.scripts.get(number) ?? this.scripts.get('*') ?? defaultCallScript(),
      conferenceSequence: (sid) => {
        const next = this.conferenceSequences.get(sid) ?? 0;
        this.conferenceSequences.set(sid, next + 1);
        return next;
      },
    };
    this.listen();
  }

  /** Places an inbound call and starts playing it. Throws EmulatorConfigError on bad input. */
  inbound(input: InboundCallInput): EmulatedCall {
    if (this.closed) throw new EmulatorConfigError('the emulator is closed');
    const { state } = this.deps;
    for (const [name, value] of [['from', input.from], ['to', input.to]] as const) {
      if (typeof value !== 'string' || !/^(\+[1-9]\d{1,14}|sip:.+)$/.test(value)) throw new EmulatorConfigError(`${name} must be +E.164 or a sip: URI, got ${JSON.stringify(value)}`);
    }
    let url = input.url;
    let method = input.method;
    let applicationSid: string | undefined;
    let voiceFallbackUrl: string | undefined;
    let refusal: ApplicationRefusal | undefined;
    if (input.texml === undefined && url === undefined) {
      const applications = state.applications.list();
      const application = input.application
        ? applications.find((a) => a.id === input.application || a.friendlyName === input.application)
        : applications.length === 1
          ? applications[0]
          : undefined;
      if (!application) {
        throw new EmulatorConfigError(
          input.application
            ? `no TeXML application '${input.application}' (have: ${applications.map((a) => `${a.id} ${a.friendlyName}`).join(', ') || 'none'})`
            : `name the application (id or friendly name), or give a url: there are ${applications.length} TeXML applications`,
        );
      }
      applicationSid = application.id;
      // An inactive application or one at its inbound.channel_limit takes no call (ApplicationAdmission).
      refusal = new ApplicationAdmission(state).refusal(application, 'inbound');
      url = application.voiceUrl;
      method = application.voiceMethod === 'get' ? 'GET' : 'POST';
      voiceFallbackUrl = application.voiceFallbackUrl;
    }
    const script = input.script === undefined ? defaultCallScript() : isParsedScript(input.script) ? input.script : parseScript(input.script);
    const call = state.calls.create({
      accountSid: input.accountSid ?? this.deps.defaultAccountSid,
      origin: 'inbound',
      from: input.from,
      to: input.to,
      ...(input.callerId ? { callerId: input.callerId } : {}),
      ...(applicationSid ? { applicationSid } : {}),
      ...(input.texml !== undefined ? { texml: input.texml } : { url, method: method ?? 'POST' }),
      ...(voiceFallbackUrl ? { fallbackUrl: voiceFallbackUrl } : {}),
    });
    if (refusal) {
      // Failed before it is played: the player notes why and posts only the completed callback.
      const { sipResponseCode, hangupCause, errorCode } = refusal;
      const failed = state.calls.setStatus(call.sid, 'failed', { sipResponseCode, hangupCause, ...(errorCode ? { errorCode } : {}) });
      this.play(failed, script);
      return failed;
    }
    this.play(call, script);
    return call;
  }

  /**
   * Places an inbound call once `seconds` of simulated time have passed (other calls keep playing
   * meanwhile): a second caller joining a conference, an agent dialing a queue.
   */
  async inboundAfter(seconds: number, input: InboundCallInput): Promise<EmulatedCall> {
    const { scheduler } = this.deps;
    const generation = this.generation;
    scheduler.enter();
    try {
      await scheduler.wait(seconds * 1000).promise;
      if (generation !== this.generation) throw new EmulatorConfigError('the emulator stopped its calls before this one was placed');
      return this.inbound(input);
    } finally {
      scheduler.exit();
    }
  }

  /** The script for calls the emulator places to `number` (`*`: any number); undefined removes it. */
  setScript(number: string, script: CallScript | CallScriptInput | undefined): void {
    if (script === undefined) this.scripts.delete(number);
    else this.scripts.set(number, isParsedScript(script) ? script : parseScript(script));
  }

  listScripts(): Record<string, CallScript> {
    return Object.fromEntries(this.scripts);
  }

  transcript(sid: string): CallTranscriptSnapshot | undefined {
    return this.transcripts.get(sid)?.snapshot();
  }

  /** Every played call's transcript, oldest first. */
  listTranscripts(): CallTranscriptSnapshot[] {
    return [...this.transcripts.values()].map((t) => t.snapshot());
  }

  /** Resolves with the transcript once the call has ended. */
  waitForEnd(sid: string, options: { timeoutMs?: number } = {}): Promise<CallTranscriptSnapshot> {
    const known = this.transcripts.get(sid);
    if (known?.ended) return Promise.resolve(known.snapshot());
    if (!known && !this.deps.state.calls.get(sid)) return Promise.reject(new Error(`no call ${sid}`));
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const listener = (transcript: CallTranscriptSnapshot) => {
        if (transcript.callSid !== sid) return;
        this.off('call.ended', listener);
        if (timer) clearTimeout(timer);
        resolve(transcript);
      };
      this.on('call.ended', listener);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.off('call.ended', listener);
          reject(new Error(`call ${sid} did not end within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
        timer.unref();
      }
    });
  }

  /**
   * Keeps simulated time still until the returned function is called: a test that waits on work
   * outside the emulator (a job a callback started, which then updates the call through REST)
   * holds time so the calls do not play on meanwhile. Call it while a call is busy (from a
   * transcript listener, for instance), never from a call that is waiting, or time never moves.
   */
  holdTime(): () => void {
    const { scheduler } = this.deps;
    scheduler.enter();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      scheduler.exit();
    };
  }

  /** Resolves when every call being played has ended. */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs.values()]);
  }

  /** Ends every call being played (they end by 'emulator'); transcripts and scripts stay. Resolves when they have ended. */
  async hangUpAll(): Promise<void> {
    this.stopAll();
    await Promise.all([...this.runs.values()]);
    this.deps.scheduler.restart();
  }

  /** Stops every call being played and forgets transcripts and scripts (the calls end by 'emulator'). */
  reset(): void {
    this.stopAll();
    this.deps.scheduler.restart();
    this.transcripts.clear();
    this.scripts.clear();
    this.conferenceSequences.clear();
    this.startedConferences.clear();
  }

  /** Stops every call for good and waits for their players to finish (the emulator is closing). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopAll();
    await Promise.all([...this.runs.values()]);
  }

  private stopAll(): void {
    this.generation += 1;
    for (const player of this.players.values()) player.abort();
    this.deps.scheduler.stop();
    this.deps.sender.abortAll();
  }

  private play(call: EmulatedCall, script: CallScript): void {
    const transcript = new CallTranscript(
      call.sid,
      { from: call.from, to: call.to, direction: call.direction, startedAt: call.createdAt },
      (event) => this.emit('transcript.event', call.sid, event),
    );
    this.transcripts.set(call.sid, transcript);
    // A long dev session keeps the last MAX_TRANSCRIPTS calls.
    for (const [sid, kept] of this.transcripts) {
      if (this.transcripts.size <= MAX_TRANSCRIPTS) break;
      if (kept.ended) this.transcripts.delete(sid);
    }
    const player = new CallPlayer(call, script, this.services, transcript);
    this.players.set(call.sid, player);
    this.deps.state.calls.setControlled(call.sid, true);
    // Counted as busy from now, so simulated time waits for it to start.
    this.deps.scheduler.enter();
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => player.run())
      .catch((error: unknown) => this.deps.logger.error({ err: error, callSid: call.sid }, 'call player crashed'))
      .finally(() => {
        this.deps.scheduler.exit();
        this.players.delete(call.sid);
        this.runs.delete(call.sid);
        this.emit('call.ended', transcript.snapshot());
      });
    this.runs.set(call.sid, run);
  }

  private listen(): void {
    const { state } = this.deps;
    state.on('call.created', (call) => {
      if (!this.deps.playCalls || this.closed || !PLAYED_ORIGINS.has(call.origin) || this.players.has(call.sid)) return;
      this.play(call, this.services.scriptFor(call.to));
    });
    state.on('call.updated', (call, change) => {
      const player = this.players.get(call.sid);
      if (!player || player.isChangingItself) return;
      if (change.reason === 'redirect') player.redirectedFromOutside();
      else if (change.reason === 'status' && isTerminalCallStatus(call.status)) player.endedFromOutside();
    });
    state.on('participant.removed', (participant) => {
      const player = this.players.get(participant.callSid);
      if (player && !player.isChangingItself) player.leftConference();
    });
    state.on('conference.updated', (conference) => {
      if (conference.status !== 'in-progress' || this.startedConferences.has(conference.sid)) return;
      this.startedConferences.add(conference.sid);
      for (const participant of state.participants.list(conference.sid)) this.players.get(participant.callSid)?.conferenceStarted();
    });
  }
}

function parseScript(input: CallScriptInput): CallScript {
  const parsed = callScriptSchema.safeParse(input);
  if (!parsed.success) {
    throw new EmulatorConfigError(`invalid call script: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(script)'}: ${i.message}`).join('; ')}`, parsed.error);
  }
  return parsed.data;
}
