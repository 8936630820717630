import { isTerminalCallStatus, type CallStatus, type EmulatedCall, type HttpMethod } from '../emulator-models';
import type { CallStatusDetails } from '../state/call-store';
import type { Waiter } from '../virtual-scheduler';
import { CallInterrupt } from './call-interrupt';
import type { CallerAction, CallerActionKind, CallScript } from './call-script';
import type { CallTranscript } from './call-transcript';
import { legacyCallSid } from './legacy-call-sid';
import type { LoadedDocument, PlayCall, ScopeSignal, TexmlSource, VerbContext, WaitScope } from './play-call';
import type { PlayedCallHandle, PlayerServices, QueueBridge } from './player-services';
import { ScopeExit } from './scope-exit';
import { parseTexmlDocument } from './texml-document';
import type { CallbackPurpose, EndedBy, TranscriptEventBody, WebhookPurpose } from './transcript-event';
import { runVerb } from './verbs/run-verb';
import { amdDetection } from './amd-detection';
import { firstCommandTimeoutMs } from './first-command-timeout';
import { RecordOnCreate } from './record-on-create';

type GlobalSignal = 'ended' | 'redirect';
type Signal = GlobalSignal | ScopeSignal;

const STATUS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
type StatusEvent = (typeof STATUS_EVENTS)[number];

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Coarse answered_by for the REST call resource (the SDK types human | machine | not_sure). */
function resourceAnsweredBy(amd: string): EmulatedCall['answeredBy'] {
  if (amd === 'human') return 'human';
  if (amd.startsWith('machine')) return 'machine';
  return 'not_sure';
}

/**
 * Plays one call like Telnyx would: rings, answers (with answering-machine detection when asked),
 * fetches TeXML from the call's URL with Telnyx's parameters, signed, runs the verbs against a
 * script of what the far end does, posts actions and callbacks, and keeps a transcript. Time is
 * simulated (see VirtualScheduler); nothing sleeps for real.
 */
export class CallPlayer implements PlayCall, PlayedCallHandle {
  readonly sid: string;
  private readonly pending = new Set<Signal>();
  /** Async `<HttpRequest>`s still in flight: the call finishes after them. */
  private readonly background: Promise<unknown>[] = [];
  private readonly scopes: WaitScope[] = [];
  private waiter: Waiter | undefined;
  private actionIndex = 0;
  private callerHangupAt: number | undefined;
  private timeLimitAt: number | undefined;
  private answered = false;
  private changingSelf = 0;
  private bridge: QueueBridge | undefined;
  private currentUrl: string | undefined;
  private documents = 0;
  /** Record=true on the create: the leg recorded from answer to end (RecordOnCreate). */
  private readonly recordOnCreate = new RecordOnCreate(this);
  private statusSequence = 0;
  private scopeIds = 0;
  private closed = false;
  private finished = false;
  private amd: { result: string; seconds: number; async: boolean; callback?: string; callbackMethod?: HttpMethod; pending: boolean } | undefined;
  private readonly legacySid: string;

  constructor(
    private readonly initial: EmulatedCall,
    readonly script: CallScript,
    readonly services: PlayerServices,
    private readonly transcript: CallTranscript,
  ) {
    this.sid = initial.sid;
    this.legacySid = legacyCallSid(initial.sid);
  }

  // ------------------------------------------------------------------ outside signals

  /** The call ended from outside (REST update, conference end of a non-played call...). */
  endedFromOutside(): void {
    this.signal('ended');
  }

  /** A REST update gave the call a new Url or Texml. */
  redirectedFromOutside(): void {
    this.signal('redirect');
  }

  /** The call was taken out of its conference by someone else (the conference ended, a REST delete). */
  leftConference(): void {
    this.signal('left-conference');
  }

  conferenceStarted(): void {
    this.signal('conference-started');
  }

  bridgeFromQueue(bridge: QueueBridge): void {
    this.bridge = bridge;
    this.signal('bridged');
  }

  /** The emulator is closing or resetting: stop at the next wait. */
  abort(): void {
    this.closed = true;
    this.waiter?.wake();
  }

  /** True while the player itself changes the call (so its own changes are not taken for outside ones). */
  get isChangingItself(): boolean {
    return this.changingSelf > 0;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /**
   * Records a signal and wakes the current wait. A scope signal that arrives before its scope is
   * entered (the call was still busy posting a callback) stays pending until that scope takes it.
   */
  private signal(kind: Signal): void {
    if (this.finished) return;
    this.pending.add(kind);
    this.waiter?.wake();
  }

  // ------------------------------------------------------------------ the call's life

  inBackground(task: Promise<unknown>): void {
    this.background.push(task);
  }

  /** Plays the call to its end. Never throws. */
  async run(): Promise<void> {
    try {
      await this.lifecycle();
    } catch (error) {
      try {
        if (error instanceof CallInterrupt && error.kind === 'end') {
          await this.finish(error.by, error.cause);
        } else if (error instanceof ScopeExit) {
          await this.finish('error', `emulator bug: a wait scope was left outside its verb (${error.reason})`);
        } else {
          this.services.logger.error({ err: error, callSid: this.sid }, 'call player failed');
          await this.finish('error', `emulator error: ${(error as Error).message}`);
        }
      } catch (failure) {
        this.services.logger.error({ err: failure, callSid: this.sid }, 'call player could not end the call');
      }
    } finally {
      this.finished = true;
      this.services.state.calls.setControlled(this.sid, false);
      // Telnyx does not wait for an async request; the emulator's run ends after it, so closing waits for it.
      await Promise.allSettled(this.background);
    }
  }

  private async lifecycle(): Promise<void> {
    const call = this.snapshot();
    if (isTerminalCallStatus(call.status)) {
      this.log({ kind: 'note', message: `the call was ${call.status} before it could be played (${call.hangupCause ?? 'no cause'})` });
      const by: EndedBy = call.status === 'busy' || call.status === 'no-answer' || call.status === 'failed' ? call.status : 'api';
      throw CallInterrupt.end(by, call.hangupCause ?? call.status);
    }
    if (call.origin === 'inbound') {
      this.setStatus('ringing');
      await this.statusCallback('ringing');
    } else {
      await this.statusCallback('initiated');
      this.setStatus('ringing');
      await this.statusCallback('ringing');
      const outcome = this.script.answer;
      if (outcome !== 'answered') {
        await this.pass(outcome === 'no-answer' ? call.timeoutSeconds : Math.min(this.script.ringSeconds, call.timeoutSeconds));
        throw CallInterrupt.end(outcome, outcome === 'busy' ? 'user_busy' : outcome === 'no-answer' ? 'no_answer' : 'call_rejected');
      }
      if (this.script.ringSeconds >= call.timeoutSeconds) {
        await this.pass(call.timeoutSeconds);
        throw CallInterrupt.end('no-answer', 'no_answer');
      }
      await this.pass(this.script.ringSeconds);
      await this.answer();
    }
    await this.recordOnCreate.start();
    if (call.origin === 'participant') {
      await this.stayInConference();
      return;
    }
    const source = this.sourceFromCall();
    if (!source) throw CallInterrupt.end('error', 'the call has no Url, Texml or application voice_url to fetch TeXML from');
    if (this.amd && !this.amd.async) {
      await this.play(source, await this.holdForSyncAmd(source));
      return;
    }
    await this.play(source);
  }

  /**
   * Synchronous AMD as Telnyx documents it (texml-answering-machine-detection-support.md): "the
   * TeXML instructions are not executed until the results of AMD process are provided in the
   * status callback. The new instructions can be sent back as response to be processed by the
   * TeXML engine." So: fetch the Url's document (no AnsweredBy on that request), hold it while
   * detection listens, post the verdict to the call's StatusCallback (whatever its
   * StatusCallbackEvent: the verdict is not one of those events), and play the TeXML the answer
   * carries, or the held document when the answer carries none (an empty body).
   */
  private async holdForSyncAmd(source: TexmlSource): Promise<LoadedDocument> {
    const held = await this.fetchDocument(source);
    await this.pass(this.amdSeconds());
    const result = this.amd!.result;
    this.log({ kind: 'verb', verb: 'AMD', detail: `answering-machine detection: ${result}`, data: { AnsweredBy: result } });
    const call = this.snapshot();
    if (!call.statusCallback) return held;
    const url = call.statusCallback;
    const method = call.statusCallbackMethod ?? 'POST';
    const params = this.amdParams();
    const response = await this.services.sender.send({ url, method, params });
    const ok = response.status !== undefined && response.status >= 200 && response.status < 300;
    const body = ok ? (response.body ?? '') : '';
    this.log({
      kind: 'webhook',
      purpose: 'amd',
      method,
      url,
      params,
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
      ...(ok ? { texml: body } : {}),
    });
    this.checkpoint();
    if (body.trim() === '') return held;
    // Telnyx does not say what an answer that is not TeXML (a plain "OK") does: the emulator takes
    // it as no new instructions rather than end the call.
    let root: LoadedDocument['root'];
    try {
      root = parseTexmlDocument(this.substituteSecrets(body));
    } catch (error) {
      this.log({ kind: 'note', message: `the AMD verdict's answer is not TeXML (${(error as Error).message}): the held document plays` });
      return held;
    }
    this.log({ kind: 'note', message: 'the AMD verdict was answered with TeXML: it replaces the held document' });
    return { root, url };
  }

  /**
   * The AMD webhook's parameters (OpenAPI TexmlCallAmdWebhookSchema: AccountSid, AnsweredBy,
   * CallSid, CallSidLegacy, ConnectionId, MachineDetectionDuration, all required; no CallStatus).
   */
  private amdParams(): Record<string, string> {
    const call = this.snapshot();
    return {
      AccountSid: call.accountSid,
      AnsweredBy: this.amd!.result,
      CallSid: call.sid,
      CallSidLegacy: this.legacySid,
      ConnectionId: call.applicationSid ?? '',
      MachineDetectionDuration: String(this.amdSeconds() * 1000),
    };
  }

  private async answer(): Promise<void> {
    if (this.answered) return;
    const call = this.snapshot();
    const detection = call.origin !== 'inbound' && (call.machineDetection === 'Enable' || call.machineDetection === 'DetectMessageEnd');
    if (detection) {
      const asyncAmd = String(call.params.AsyncAmd ?? '').toLowerCase() === 'true';
      const callback = typeof call.params.AsyncAmdStatusCallback === 'string' ? call.params.AsyncAmdStatusCallback : undefined;
      const method = String(call.params.AsyncAmdStatusCallbackMethod ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST';
      // MachineDetectionTimeout bounds detection (amdDetection): past it the verdict is `unknown`.
      this.amd = { ...amdDetection(this.script.answeredBy, call.params), async: asyncAmd, callback, callbackMethod: method, pending: asyncAmd };
    }
    this.answered = true;
    const now = this.now();
    if (this.script.hangupAfterSeconds !== undefined) this.callerHangupAt = now + this.script.hangupAfterSeconds * 1000;
    this.timeLimitAt = now + call.timeLimitSeconds * 1000;
    this.setStatus('in-progress', this.amd && !this.amd.async ? { answeredBy: resourceAnsweredBy(this.amd.result) } : {});
    await this.statusCallback('answered');
    this.startAsyncAmd();
  }

  private amdSeconds(): number {
    return this.amd?.seconds ?? 3.5;
  }

  async ensureAnswered(): Promise<void> {
    if (!this.answered) await this.answer();
  }

  private sourceFromCall(): TexmlSource | undefined {
    const call = this.snapshot();
    if (call.texml !== undefined) return { kind: 'inline', texml: call.texml };
    if (call.url !== undefined) return { kind: 'url', url: call.url, method: call.method ?? 'POST', purpose: 'voice' };
    return undefined;
  }

  /** Fetches and runs documents until the call ends. */
  private async play(first: TexmlSource, loaded?: LoadedDocument): Promise<void> {
    let next: TexmlSource | undefined = first;
    let ready = loaded;
    while (next) {
      try {
        const document = ready ?? (await this.fetchDocument(next));
        ready = undefined;
        next = await this.runDocument(document, 'call');
        if (!next || next.kind === 'leave') throw CallInterrupt.end('end-of-document', 'normal_clearing');
      } catch (error) {
        if (!(error instanceof CallInterrupt) || error.kind !== 'redirect') throw error;
        next = this.sourceFromCall();
        this.log({ kind: 'note', message: `redirected through the REST API to ${next?.kind === 'inline' ? 'inline TeXML' : next?.kind === 'url' ? next.url : 'nothing'}` });
        if (!next) throw CallInterrupt.end('error', 'redirected to nothing');
      }
    }
  }

  async runDocument(document: LoadedDocument, context: VerbContext): Promise<TexmlSource | undefined> {
    const previousUrl = this.currentUrl;
    this.currentUrl = document.url;
    try {
      const verbs = document.root.children;
      for (let index = 0; index < verbs.length; index++) {
        this.checkpoint();
        const next = await runVerb(verbs[index]!, this, { index, context, answered: this.answered });
        if (next) return next;
      }
      return undefined;
    } finally {
      if (context !== 'call') this.currentUrl = previousUrl;
    }
  }

  async fetchDocument(source: TexmlSource): Promise<LoadedDocument> {
    this.checkpoint();
    if (source.kind === 'leave') throw CallInterrupt.end('error', 'emulator bug: <Leave> reached the document loader');
    if (source.kind === 'inline') {
      this.log({ kind: 'note', message: 'plays inline TeXML given with the call' });
      return { root: this.parse(source.texml), url: undefined };
    }
    if (source.purpose !== 'wait') {
      this.documents += 1;
      if (this.documents > this.services.limits.maxDocuments) {
        throw CallInterrupt.end('error', `more than ${this.services.limits.maxDocuments} TeXML documents in one call (a redirect loop?)`);
      }
    }
    const params = source.paramsOnly ? { ...source.params } : this.params(source.params);
    const timeoutMs = firstCommandTimeoutMs(this.services.state, () => this.snapshot(), source.purpose, this.documents);
    const response = await this.services.sender.send({ url: source.url, method: source.method, params, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    const ok = response.status !== undefined && response.status >= 200 && response.status < 300;
    this.log({
      kind: 'webhook',
      purpose: source.purpose,
      method: source.method,
      url: source.url,
      params,
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
      ...(ok ? { texml: response.body } : {}),
    });
    this.checkpoint();
    if (!ok) {
      const problem = response.error ?? `HTTP ${response.status}`;
      const call = this.snapshot();
      if (source.purpose === 'voice' && call.fallbackUrl) {
        this.log({ kind: 'note', message: `${source.url} failed (${problem}); trying the fallback URL` });
        return this.fetchDocument({
          kind: 'url',
          url: call.fallbackUrl,
          method: call.fallbackMethod ?? 'POST',
          purpose: 'fallback',
          params: { ...source.params, ErrorUrl: source.url, ErrorCode: response.status === undefined ? '11200' : '11205' },
        });
      }
      throw CallInterrupt.end('error', `could not fetch TeXML from ${source.url}: ${problem}`);
    }
    return { root: this.parse(response.body), url: source.url };
  }

  private parse(texml: string): LoadedDocument['root'] {
    try {
      return parseTexmlDocument(this.substituteSecrets(texml));
    } catch (error) {
      throw CallInterrupt.end('error', `invalid TeXML: ${(error as Error).message}`);
    }
  }

  substituteSecrets(text: string): string {
    return text.replace(/\{\{#secret\}\}([^{}]+)\{\{\/secret\}\}/g, (_all, name: string) => {
      const value = this.services.state.secrets.valueOf(name.trim());
      if (value === undefined) {
        this.log({ kind: 'note', message: `TeXML secret '${name.trim()}' is not set: Telnyx would insert nothing` });
        return '';
      }
      return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
    });
  }

  /** Participant calls placed through REST: once answered, they stay in their conference. */
  private async stayInConference(): Promise<void> {
    const call = this.snapshot();
    const action = this.takeAction(['conference'], 'conference (REST participant)');
    const stay = action?.kind === 'conference' ? action.staySeconds : 60;
    this.log({ kind: 'verb', verb: 'Conference', detail: `joined conference ${call.conferenceSid ?? '(none)'} as a REST participant${stay === undefined ? ' until it ends' : ` for ${stay} s`}` });
    const result = await this.withScope([], ['left-conference'], () => this.pass(stay, { parked: stay === undefined }));
    if ('exit' in result) throw CallInterrupt.end('remote', 'the conference ended');
    throw CallInterrupt.end('caller', 'normal_clearing');
  }

  // ------------------------------------------------------------------ ending

  private async finish(by: EndedBy, cause: string): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.services.state.calls.get(this.sid)) {
      // The emulator was reset under the call: nothing left to change or tell.
      this.log({ kind: 'ended', by, status: 'completed', cause, durationSeconds: 0 });
      return;
    }
    const before = this.snapshot();
    let status: CallStatus = before.status;
    if (!isTerminalCallStatus(before.status)) {
      status = this.endStatus(by, cause);
      const hangupCause = by === 'caller' || by === 'hangup' || by === 'end-of-document' ? 'normal_clearing' : cause;
      this.services.state.participants.leaveConference(this.sid);
      this.selfChange(() => this.services.state.calls.setStatus(this.sid, status, { hangupCause: hangupCause.slice(0, 120) }));
    }
    if (by === 'error') this.log({ kind: 'error', message: cause });
    await this.statusCallback('completed', { by });
    await this.recordOnCreate.finish();
    const after = this.snapshot();
    this.log({
      kind: 'ended',
      by,
      status: after.status,
      cause,
      durationSeconds: after.answeredAt === undefined ? 0 : Math.round(((after.endedAt ?? this.now()) - after.answeredAt) / 1000),
    });
  }

  private endStatus(by: EndedBy, cause: string): CallStatus {
    if (by === 'busy' || by === 'no-answer' || by === 'failed') return by;
    if (by === 'reject' && !this.answered) return cause === 'user_busy' ? 'busy' : 'failed';
    if (!this.answered) return 'failed';
    return 'completed';
  }

  // ------------------------------------------------------------------ time and signals

  async pass(seconds: number | undefined, options: { parked?: boolean } = {}): Promise<void> {
    this.checkpoint();
    const now = this.now();
    const target = seconds === undefined ? undefined : now + Math.max(0, seconds) * 1000;
    const deadline = this.nearestDeadline(options.parked === true);
    const until = deadline && (target === undefined || deadline.at <= target) ? deadline.at : target;
    const hit = deadline && until === deadline.at ? deadline : undefined;
    this.waiter = this.services.scheduler.wait(until === undefined ? undefined : Math.max(0, until - now));
    try {
      await this.waiter.promise;
    } finally {
      this.waiter = undefined;
    }
    this.checkpoint();
    if (hit && this.now() >= hit.at) hit.fire();
  }

  /** The earliest deadline; a parked wait only heeds the scripted hang-up (see PlayCall.pass). */
  private nearestDeadline(parked: boolean): { at: number; fire: () => never } | undefined {
    const candidates: { at: number; fire: () => never }[] = [];
    if (this.callerHangupAt !== undefined) {
      candidates.push({
        at: this.callerHangupAt,
        fire: () => {
          this.log({ kind: 'caller', action: 'hangup', detail: `hangs up (${this.script.hangupAfterSeconds} s after the answer)` });
          throw CallInterrupt.end('caller', 'normal_clearing');
        },
      });
    }
    if (parked) return candidates[0];
    if (this.timeLimitAt !== undefined) {
      candidates.push({ at: this.timeLimitAt, fire: () => { throw CallInterrupt.end('time-limit', 'time_limit'); } });
    }
    for (const scope of this.scopes) {
      for (const deadline of scope.deadlines) {
        candidates.push({ at: deadline.at, fire: () => { throw new ScopeExit(scope.id, deadline.reason); } });
      }
    }
    return candidates.sort((a, b) => a.at - b.at)[0];
  }

  /** Throws for anything that arrived meanwhile: an outside end, a redirect, a scope signal. */
  private checkpoint(): void {
    if (this.closed) throw CallInterrupt.end('emulator', 'the emulator stopped playing calls');
    if (this.pending.delete('ended')) {
      const call = this.snapshot();
      throw CallInterrupt.end('api', `ended through the REST API (${call.status}, ${call.hangupCause ?? 'no cause'})`);
    }
    if (this.pending.delete('redirect')) throw new CallInterrupt('redirect', 'api', 'redirected');
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      for (const signal of scope.signals) {
        if (this.pending.delete(signal)) throw new ScopeExit(scope.id, signal);
      }
    }
  }

  async withScope<T>(
    deadlines: readonly { at: number; reason: string }[],
    signals: readonly ScopeSignal[],
    body: () => Promise<T>,
  ): Promise<{ value: T } | { exit: string }> {
    const scope: WaitScope = { id: (this.scopeIds += 1), deadlines, signals };
    this.scopes.push(scope);
    try {
      return { value: await body() };
    } catch (error) {
      if (error instanceof ScopeExit && error.scopeId === scope.id) return { exit: error.reason };
      throw error;
    } finally {
      this.scopes.splice(this.scopes.indexOf(scope), 1);
      for (const signal of signals) if (!this.scopes.some((s) => s.signals.includes(signal))) this.pending.delete(signal);
    }
  }

  takeBridge(): QueueBridge | undefined {
    const bridge = this.bridge;
    this.bridge = undefined;
    return bridge;
  }

  // ------------------------------------------------------------------ the script

  scriptPosition(): number {
    return this.actionIndex;
  }

  takeAction(kinds: readonly CallerActionKind[], verb: string, options: { optional?: boolean } = {}): CallerAction | undefined {
    const action = this.script.actions[this.actionIndex];
    if (!action) return undefined;
    if (action.kind === 'hangup') {
      this.actionIndex += 1;
      this.log({ kind: 'caller', action: 'hangup', detail: `hangs up at ${verb}` });
      throw CallInterrupt.end('caller', 'normal_clearing');
    }
    if (kinds.includes(action.kind)) {
      this.actionIndex += 1;
      return action;
    }
    if (options.optional) return undefined;
    throw CallInterrupt.end(
      'error',
      `script mismatch: the call reached ${verb}, but the caller's next scripted action (#${this.actionIndex + 1}) is '${action.kind}', which ${verb} does not take (it takes ${kinds.join(', ')})`,
    );
  }

  // ------------------------------------------------------------------ requests

  params(extra: Record<string, string> = {}): Record<string, string> {
    const call = this.snapshot();
    const sip = (address: string) => address.startsWith('sip:');
    const status = isTerminalCallStatus(call.status) ? call.status : 'in-progress';
    const params: Record<string, string> = {
      AccountSid: call.accountSid,
      CallSid: call.sid,
      CallSidLegacy: this.legacySid,
      From: call.from,
      To: call.to,
      CallerId: call.callerId ?? call.from,
      CallingPartyType: sip(call.from) ? 'sip' : 'pstn',
      ConnectionId: call.applicationSid ?? '',
      CallStatus: status,
    };
    if (sip(call.from)) params.FromSipUri = call.from;
    if (sip(call.to)) params.ToSipUri = call.to;
    if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
    return { ...params, ...extra };
  }

  /**
   * The fields every call-progress callback carries (TexmlCall{Initiated,Ringing,Answered,Completed,Dtmf}WebhookSchema):
   * unlike an instruction fetch, no CallingPartyType or SIP URIs, and no Direction anywhere.
   */
  progressParams(extra: Record<string, string> = {}): Record<string, string> {
    const call = this.snapshot();
    const params: Record<string, string> = {
      ...this.identityParams(),
      From: call.from,
      To: call.to,
      CallerId: call.callerId ?? call.from,
      ConnectionId: call.applicationSid ?? '',
      CallInitiatedAt: new Date(call.createdAt).toISOString(),
    };
    if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
    return { ...params, ...extra };
  }

  /** AccountSid, CallSid, CallSidLegacy: what recording, transcription and conference callbacks open with. */
  identityParams(): Record<string, string> {
    const call = this.snapshot();
    return { AccountSid: call.accountSid, CallSid: call.sid, CallSidLegacy: this.legacySid };
  }

  resolveUrl(url: string): string {
    const trimmed = url.trim();
    try {
      return new URL(trimmed, this.currentUrl).toString();
    } catch {
      throw CallInterrupt.end('error', `'${trimmed}' is not a URL${this.currentUrl ? '' : ' (relative URLs need a document fetched from a URL)'}`);
    }
  }

  documentUrl(): string | undefined {
    return this.currentUrl;
  }

  voiceMethod(): HttpMethod {
    return this.snapshot().method ?? 'POST';
  }

  async notify(purpose: WebhookPurpose, url: string, method: HttpMethod, params: Record<string, string>): Promise<void> {
    const all = this.params(params);
    const response = await this.services.sender.send({ url, method, params: all });
    this.log({
      kind: 'webhook',
      purpose,
      method,
      url,
      params: all,
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
      ...(response.status !== undefined && response.status < 300 ? { texml: response.body } : {}),
      afterEnd: true,
    });
    this.log({ kind: 'note', message: 'the call has ended: the answer to that request is not played' });
  }

  async callback(purpose: CallbackPurpose, url: string | undefined, method: HttpMethod | undefined, params: Record<string, string>): Promise<void> {
    if (!url) return;
    const verb = method ?? 'POST';
    const response = await this.services.sender.send({ url, method: verb, params });
    this.log({
      kind: 'callback',
      purpose,
      method: verb,
      url,
      params,
      ...(response.status !== undefined ? { status: response.status } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
    });
  }

  /** Posts this call's status callback for `event`, when the call (or its application) asks for it. */
  private async statusCallback(event: StatusEvent, ending: { by?: EndedBy } = {}): Promise<void> {
    const call = this.snapshot();
    const application = call.applicationSid ? this.services.state.applications.get(call.applicationSid) : undefined;
    const fromCall = call.origin !== 'inbound' && call.statusCallback !== undefined;
    const url = fromCall ? call.statusCallback : call.origin === 'inbound' ? application?.statusCallback : call.statusCallback;
    if (!url) return;
    // A call's StatusCallbackEvent picks events (default: completed only); an application's callback gets them all.
    const events: readonly string[] = fromCall ? (call.statusCallbackEvents.length > 0 ? call.statusCallbackEvents : ['completed']) : STATUS_EVENTS;
    const terminal = isTerminalCallStatus(call.status);
    const wanted = events.includes(event) || (terminal && events.includes(call.status)) || (event === 'answered' && events.includes('in-progress'));
    if (!wanted) return;
    const method = fromCall ? call.statusCallbackMethod : application?.statusCallbackMethod === 'get' ? 'GET' : 'POST';
    const status: string = event === 'initiated' ? 'initiated' : event === 'ringing' ? 'ringing' : event === 'answered' ? 'in-progress' : call.status;
    const params = this.progressParams({
      CallStatus: status,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.statusSequence),
      Timestamp: new Date(this.now()).toISOString(),
    });
    this.statusSequence += 1;
    if (event === 'completed') {
      params.CallDuration = String(call.answeredAt === undefined ? 0 : Math.round(((call.endedAt ?? this.now()) - call.answeredAt) / 1000));
      params.HangupCause = call.hangupCause ?? 'normal_clearing';
      params.HangupSource = ending.by === 'caller' ? 'caller' : ending.by === 'api' ? 'api' : 'callee';
      // TexmlCallCompletedWebhookSchema: SipHangupCause (there is no SipResponseCode), and when the call started, was answered and ended.
      if (call.sipResponseCode !== undefined) params.SipHangupCause = String(call.sipResponseCode);
      params.StartTime = new Date(call.createdAt).toISOString();
      if (call.answeredAt !== undefined) params.AnsweredTime = new Date(call.answeredAt).toISOString();
      params.EndTime = new Date(call.endedAt ?? this.now()).toISOString();
      if (call.errorCode !== undefined) params.ErrorCode = call.errorCode;
    }
    await this.callback('status', url, method ?? 'POST', params);
  }

  /**
   * Asynchronous AMD (AsyncAmd=true): the TeXML runs at once and the verdict goes to
   * AsyncAmdStatusCallback once detection decides (texml-answering-machine-detection-support.md),
   * so it is posted by a task of its own, detection's time after the answer, while the call plays.
   * Nothing is posted for a call that ended before detection decided.
   */
  private startAsyncAmd(): void {
    if (!this.amd?.async || !this.amd.pending) return;
    this.amd.pending = false;
    const { scheduler } = this.services;
    scheduler.enter();
    void (async () => {
      try {
        await scheduler.wait(this.amdSeconds() * 1000).promise;
        if (this.finished || this.closed) return;
        this.log({ kind: 'verb', verb: 'AMD', detail: `answering-machine detection (async): ${this.amd!.result}`, data: { AnsweredBy: this.amd!.result } });
        await this.callback('amd', this.amd!.callback, this.amd!.callbackMethod, this.amdParams());
      } catch (error) {
        this.services.logger.warn({ err: error, callSid: this.sid }, 'async AMD callback not posted');
      } finally {
        scheduler.exit();
      }
    })();
  }

  // ------------------------------------------------------------------ small helpers

  snapshot(): EmulatedCall {
    return this.services.state.calls.get(this.sid) ?? this.initial;
  }

  now(): number {
    return this.services.clock.now();
  }

  log(body: TranscriptEventBody): void {
    this.transcript.add(body, this.now());
  }

  selfChange<T>(change: () => T): T {
    this.changingSelf += 1;
    try {
      return change();
    } finally {
      this.changingSelf -= 1;
    }
  }

  private setStatus(status: CallStatus, details: CallStatusDetails = {}): void {
    const before = this.snapshot().status;
    if (isTerminalCallStatus(before) || before === status) return;
    this.selfChange(() => this.services.state.calls.setStatus(this.sid, status, details));
    this.log({ kind: 'status', status, ...(details.answeredBy ? { answeredBy: this.amd?.result ?? details.answeredBy } : {}) });
  }
}
