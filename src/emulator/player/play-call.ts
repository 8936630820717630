import type { EmulatedCall, HttpMethod } from '../emulator-models';
import type { CallerAction, CallerActionKind, CallScript } from './call-script';
import type { PlayerServices, QueueBridge } from './player-services';
import type { TexmlElement } from './texml-document';
import type { CallbackPurpose, TranscriptEventBody, WebhookPurpose } from './transcript-event';

/** Where the next TeXML document comes from. */
export type TexmlSource =
  /** `paramsOnly`: send `params` as they are, not added to the instruction-fetch parameters (an HttpRequest action). */
  | { kind: 'url'; url: string; method: HttpMethod; purpose: WebhookPurpose; params?: Record<string, string>; paramsOnly?: true }
  | { kind: 'inline'; texml: string }
  /** `<Leave>` in a queue's wait document: the call leaves the queue. */
  | { kind: 'leave' };

/** A fetched, parsed document and the URL it came from (relative URLs in it resolve against that). */
export interface LoadedDocument {
  root: TexmlElement;
  url: string | undefined;
}

/** A wait that ends early on a deadline or a signal (see ScopeExit). */
export interface WaitScope {
  readonly id: number;
  readonly deadlines: readonly { at: number; reason: string }[];
  readonly signals: readonly ScopeSignal[];
}

export type ScopeSignal = 'bridged' | 'left-conference' | 'conference-started';

/** Where verbs run: the main document, or a queue's waitUrl document (fewer verbs allowed). */
export type VerbContext = 'call' | 'queue-wait' | 'conference-wait';

/** What verb runners use of the player that plays the call. */
export interface PlayCall {
  readonly sid: string;
  readonly services: PlayerServices;
  readonly script: CallScript;
  /** A fresh snapshot of the call. */
  snapshot(): EmulatedCall;
  now(): number;
  log(body: TranscriptEventBody): void;
  /**
   * Lets simulated time pass (undefined: until a signal). Throws CallInterrupt when the call ends
   * or is redirected meanwhile, ScopeExit when an enclosing scope's deadline or signal fires.
   * `parked`: the call waits for something from outside the simulation (a REST request, another
   * call); simulated time would otherwise rush to the next deadline, so only the scripted hang-up
   * (hangup_after) applies, not the time limit or the scope's deadlines.
   */
  pass(seconds: number | undefined, options?: { parked?: boolean }): Promise<void>;
  /**
   * The caller's next scripted action if it is one of `kinds`. A `hangup` ends the call here. Any
   * other kind is a script mismatch that ends the call with an error, unless `optional`, when it
   * stays for a later verb. Undefined when the script has nothing left.
   */
  takeAction(kinds: readonly CallerActionKind[], verb: string, options?: { optional?: boolean }): CallerAction | undefined;
  /** How many scripted actions the caller has taken so far. */
  scriptPosition(): number;
  /** The parameters every request about this call carries, plus `extra`. */
  params(extra?: Record<string, string>): Record<string, string>;
  /** The fields of a call-progress callback (initiated, ringing, answered, completed, dtmf), plus `extra`. */
  progressParams(extra?: Record<string, string>): Record<string, string>;
  /** Work the call does not wait for (an async `<HttpRequest>`); the player waits for it before it finishes. */
  inBackground(task: Promise<unknown>): void;
  /** AccountSid, CallSid and CallSidLegacy. */
  identityParams(): Record<string, string>;
  /** An absolute URL for a (possibly relative) URL in the current document. */
  resolveUrl(url: string): string;
  /** The URL of the document being played (the default action of Gather and Record). */
  documentUrl(): string | undefined;
  /** The method for actions without one of their own: the call's voice method. */
  voiceMethod(): HttpMethod;
  /** Requests an action whose answer does not matter any more (the call has ended). */
  notify(purpose: WebhookPurpose, url: string, method: HttpMethod, params: Record<string, string>): Promise<void>;
  /** Posts a callback (status, recording, transcription, conference...) when `url` is set. */
  callback(purpose: CallbackPurpose, url: string | undefined, method: HttpMethod | undefined, params: Record<string, string>): Promise<void>;
  fetchDocument(source: TexmlSource): Promise<LoadedDocument>;
  /** Plays a document's verbs in a waiting context; returns where to go next, if a verb says so. */
  runDocument(document: LoadedDocument, context: VerbContext): Promise<TexmlSource | undefined>;
  /** Runs `body` inside a scope; ScopeExit for this scope comes out as the returned reason. */
  withScope<T>(deadlines: readonly { at: number; reason: string }[], signals: readonly ScopeSignal[], body: () => Promise<T>): Promise<{ value: T } | { exit: string }>;
  /** The bridge an agent offered this queued call, once (see PlayedCallHandle). */
  takeBridge(): QueueBridge | undefined;
  /** Answers an inbound call that is still ringing (the first verb that is not `<Reject>`). */
  ensureAnswered(): Promise<void>;
  /** Replaces `{{#secret}}NAME{{/secret}}` as Telnyx would. */
  substituteSecrets(text: string): string;
  /** Changes the call's own state without taking it for an outside change. */
  selfChange<T>(change: () => T): T;
}
