/**
 * The in-memory resources the emulator keeps. Field names are camelCase; the serializers turn them
 * into Telnyx's wire shapes. Everything a later TeXML interpreter needs to play a call (URLs,
 * methods, callbacks, the raw create parameters) is kept on the resource.
 */

export type HttpMethod = 'GET' | 'POST';

/** Twilio/TeXML call statuses. `queued` is where every REST-created call starts. */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

export function isTerminalCallStatus(status: CallStatus): boolean {
  return TERMINAL_CALL_STATUSES.includes(status);
}

/** How a call came to exist. */
export type CallOrigin = 'rest' | 'connection' | 'ai' | 'participant' | 'inbound' | 'dial';

/** A scalar or structured request value as received (form bodies give strings, JSON gives anything). */
export type RequestValue = string | number | boolean | null | RequestValue[] | { [key: string]: RequestValue };

export interface EmulatedCall {
  sid: string;
  accountSid: string;
  /** ApplicationSid / connection id the call runs under. */
  applicationSid: string | undefined;
  origin: CallOrigin;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  callerId: string | undefined;
  status: CallStatus;
  createdAt: number;
  updatedAt: number;
  /** When the call was answered (status went to in-progress). */
  answeredAt: number | undefined;
  endedAt: number | undefined;
  answeredBy: 'human' | 'machine' | 'not_sure' | undefined;
  /** Where TeXML comes from: `url` (+ method), or inline `texml`. Both unset: the application's voice_url. */
  url: string | undefined;
  method: HttpMethod | undefined;
  texml: string | undefined;
  fallbackUrl: string | undefined;
  fallbackMethod: HttpMethod | undefined;
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod | undefined;
  statusCallbackEvents: string[];
  timeoutSeconds: number;
  timeLimitSeconds: number;
  machineDetection: string | undefined;
  record: boolean;
  parentCallSid: string | undefined;
  conferenceSid: string | undefined;
  hangupCause: string | undefined;
  sipResponseCode: number | undefined;
  errorCode: string | undefined;
  /** Number of times the call was redirected through the REST API (Url/Texml update). */
  redirects: number;
  /** The create request's parameters as received, for the interpreter. */
  params: Record<string, RequestValue>;
}

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ConferenceEndReason =
  | 'participant-with-end-conference-on-exit-left'
  | 'last-participant-left'
  | 'conference-ended-via-api'
  | 'time-exceeded';

export interface EmulatedConference {
  sid: string;
  accountSid: string;
  friendlyName: string;
  applicationSid: string | undefined;
  status: ConferenceStatus;
  region: string;
  createdAt: number;
  updatedAt: number;
  endReason: ConferenceEndReason | undefined;
  callSidEndingConference: string | undefined;
  maxParticipants: number;
  announceUrl: string | undefined;
  announceMethod: HttpMethod | undefined;
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod | undefined;
  statusCallbackEvents: string[];
}

export type ParticipantStatus = 'connecting' | 'connected' | 'completed';

export interface EmulatedParticipant {
  callSid: string;
  conferenceSid: string;
  accountSid: string;
  label: string | undefined;
  status: ParticipantStatus;
  muted: boolean;
  hold: boolean;
  holdUrl: string | undefined;
  holdMethod: HttpMethod | undefined;
  coaching: boolean;
  callSidToCoach: string | undefined;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  beep: string;
  beepOnExit: boolean | undefined;
  waitUrl: string | undefined;
  announceUrl: string | undefined;
  announceMethod: HttpMethod | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface QueueMember {
  callSid: string;
  enqueuedAt: number;
}

export interface EmulatedQueue {
  sid: string;
  accountSid: string;
  friendlyName: string;
  maxSize: number;
  members: QueueMember[];
  createdAt: number;
  updatedAt: number;
  /** Sum of the waits of members that have left, for average_wait_time. */
  completedWaitMs: number;
  completedMembers: number;
}

export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'completed';
export type RecordingSource =
  | 'StartCallRecordingAPI'
  | 'StartConferenceRecordingAPI'
  | 'OutboundAPI'
  | 'DialVerb'
  | 'Conference'
  | 'RecordVerb'
  | 'Trunking';

export interface EmulatedRecording {
  sid: string;
  accountSid: string;
  callSid: string | undefined;
  conferenceSid: string | undefined;
  status: RecordingStatus;
  source: RecordingSource;
  channels: 1 | 2;
  track: 'inbound' | 'outbound' | 'both';
  playBeep: boolean;
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod | undefined;
  statusCallbackEvents: string[];
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  endedAt: number | undefined;
  /** Milliseconds recorded before the current run (pauses excluded). */
  accumulatedMs: number;
  /** When the current in-progress run started; undefined while paused or ended. */
  runningSince: number | undefined;
  errorCode: string | undefined;
  mediaUrl: string;
}

export interface EmulatedTranscription {
  sid: string;
  accountSid: string;
  callSid: string | undefined;
  recordingSid: string;
  status: 'in-progress' | 'completed';
  text: string;
  durationSeconds: number | undefined;
  createdAt: number;
  updatedAt: number;
}

export type TrackName = 'both_tracks' | 'inbound_track' | 'outbound_track';

export interface EmulatedSiprecSession {
  sid: string;
  accountSid: string;
  callSid: string;
  name: string | undefined;
  connectorName: string | undefined;
  track: TrackName;
  status: 'in-progress' | 'stopped';
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface EmulatedStream {
  sid: string;
  accountSid: string;
  callSid: string;
  name: string | undefined;
  /** Optional on the REST start (telnyx-node CallStreamsJsonParams.Url); `<Stream>` always has one. */
  url: string | undefined;
  track: TrackName;
  status: 'in-progress' | 'stopped';
  bidirectionalMode: string | undefined;
  bidirectionalCodec: string | undefined;
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod | undefined;
  createdAt: number;
  updatedAt: number;
}

export interface EmulatedApplication {
  id: string;
  friendlyName: string;
  active: boolean;
  anchorsiteOverride: string;
  callCostInWebhooks: boolean;
  dtmfType: string;
  firstCommandTimeout: boolean;
  firstCommandTimeoutSecs: number;
  inbound: {
    channelLimit: number | undefined;
    shakenStirEnabled: boolean;
    sipSubdomain: string | undefined;
    sipSubdomainReceiveSettings: 'only_my_connections' | 'from_anyone';
  };
  outbound: { channelLimit: number | undefined; outboundVoiceProfileId: string | undefined };
  statusCallback: string | undefined;
  statusCallbackMethod: 'get' | 'post';
  tags: string[];
  voiceFallbackUrl: string | undefined;
  voiceMethod: 'get' | 'post';
  voiceUrl: string;
  createdAt: number;
  updatedAt: number;
}

export interface EmulatedSecret {
  name: string;
  /** Kept for the interpreter, which substitutes `{{#secret}}NAME{{/secret}}`; never served. */
  value: string;
  createdAt: number;
  updatedAt: number;
}

/** One entry of the dial log: every call leg the REST API created, with when. */
export interface DialLogEntry {
  sequence: number;
  callSid: string;
  accountSid: string;
  origin: CallOrigin;
  from: string;
  to: string;
  conferenceSid: string | undefined;
  /** Epoch milliseconds by the emulator's clock. */
  at: number;
  /** `queued` normally; `failed` when the concurrent-call cap failed it at once. */
  outcome: 'queued' | 'failed';
}

/** What changed in a call update, for listeners. */
export interface CallChange {
  reason: 'status' | 'redirect' | 'callback' | 'participant';
  previousStatus: CallStatus;
}

/** Events the state emits; payloads are snapshots taken when the event fired. */
export interface EmulatorEvents {
  'call.created': [call: EmulatedCall];
  'call.updated': [call: EmulatedCall, change: CallChange];
  'conference.created': [conference: EmulatedConference];
  'conference.updated': [conference: EmulatedConference];
  'participant.added': [participant: EmulatedParticipant];
  'participant.updated': [participant: EmulatedParticipant];
  'participant.removed': [participant: EmulatedParticipant];
  'queue.created': [queue: EmulatedQueue];
  'queue.updated': [queue: EmulatedQueue];
  'queue.deleted': [queue: EmulatedQueue];
  'recording.created': [recording: EmulatedRecording];
  'recording.updated': [recording: EmulatedRecording];
  'recording.deleted': [recording: EmulatedRecording];
  'transcription.created': [transcription: EmulatedTranscription];
  'transcription.deleted': [transcription: EmulatedTranscription];
  'siprec.created': [session: EmulatedSiprecSession];
  'siprec.updated': [session: EmulatedSiprecSession];
  'stream.created': [stream: EmulatedStream];
  'stream.updated': [stream: EmulatedStream];
  'application.created': [application: EmulatedApplication];
  'application.updated': [application: EmulatedApplication];
  'application.deleted': [application: EmulatedApplication];
  'secret.saved': [name: string];
}

export type EmulatorEventName = keyof EmulatorEvents;
