import type { CallStatus, HttpMethod } from '../emulator-models';
import type { CallerActionKind } from './call-script';

/** How a played call ended. */
export type EndedBy =
  /** the caller (or the called person) hung up: scripted hangup, or hangup_after */
  | 'caller'
  /** a `<Hangup>` verb */
  | 'hangup'
  /** the document ran out of verbs */
  | 'end-of-document'
  /** a `<Reject>` verb */
  | 'reject'
  /** the TeXML could not be fetched or played (bad XML, unknown verb, HTTP error...) */
  | 'error'
  /** the other side: the conference ended, a REST participant delete */
  | 'remote'
  /** a REST update with Status=completed or canceled */
  | 'api'
  /** the call's time limit */
  | 'time-limit'
  /** an outbound call that was not answered */
  | 'busy'
  | 'no-answer'
  | 'failed'
  /** the emulator closed or was reset */
  | 'emulator';

/** `amd`: the synchronous AMD verdict on the status callback, whose answer may be TeXML. */
export type WebhookPurpose = 'voice' | 'action' | 'redirect' | 'wait' | 'fallback' | 'amd';
export type CallbackPurpose = 'status' | 'amd' | 'recording' | 'transcription' | 'conference' | 'leg-status';

export interface TranscriptEventBase {
  /** 1, 2, 3... within the call. */
  seq: number;
  /** Epoch ms by the emulator's (simulated) clock. */
  at: number;
  /** Seconds since the call was created, by the simulated clock. */
  elapsedSeconds: number;
}

export type TranscriptEventBody =
  | { kind: 'status'; status: CallStatus; answeredBy?: string }
  | {
      kind: 'webhook';
      purpose: WebhookPurpose;
      method: HttpMethod;
      url: string;
      params: Record<string, string>;
      status?: number;
      error?: string;
      /** The answer as received (after Telnyx-side secret substitution it is not changed here). */
      texml?: string;
      /** Sent after the call ended (an action Telnyx still reports): nobody hears the answer. */
      afterEnd?: true;
    }
  | { kind: 'callback'; purpose: CallbackPurpose; method: HttpMethod; url: string; params: Record<string, string>; status?: number; error?: string }
  | {
      kind: 'heard';
      verb: 'Say' | 'Play' | 'Pause' | 'beep' | 'music';
      text?: string;
      url?: string;
      digits?: string;
      voice?: string;
      language?: string;
      seconds: number;
    }
  | { kind: 'caller'; action: CallerActionKind | 'timeout'; value?: string; detail: string }
  | { kind: 'verb'; verb: string; detail: string; data?: Record<string, string | number | boolean | undefined> }
  | { kind: 'note'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ended'; by: EndedBy; status: CallStatus; cause: string; durationSeconds: number };

export type TranscriptEvent = TranscriptEventBase & TranscriptEventBody;

/** Distributes a union over `Omit`, so each event kind keeps its own fields. */
export type TranscriptEventKind = TranscriptEvent['kind'];
