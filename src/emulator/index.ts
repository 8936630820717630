export { systemClock, type Clock } from './clock';
export { OffsetClock, isAdvancingClock, toAdvancingClock, type AdvancingClock } from './advancing-clock';
export { VirtualScheduler, type WaitEnd, type Waiter } from './virtual-scheduler';
export { WebhookSigner } from './webhook-signer';
export { WebhookSender, type WebhookRequest, type WebhookResponse } from './webhook-sender';
export { CallDirector, type CallDirectorEvents, type InboundCallInput } from './player/call-director';
export {
  AMD_RESULTS,
  ANSWER_OUTCOMES,
  QUEUE_RESULTS,
  RECORD_ENDS,
  callScriptSchema,
  callerActionSchema,
  defaultCallScript,
  dialOutcomeSchema,
  buildCallScript,
  parseCallScript,
  type AmdResult,
  type AnswerOutcome,
  type CallScript,
  type CallScriptInput,
  type CallerAction,
  type CallerActionKind,
  type DialOutcome,
  type QueueScriptResult,
  type RecordEnd,
} from './player/call-script';
export type { CallTranscriptSnapshot } from './player/call-transcript';
export type { CallbackPurpose, EndedBy, TranscriptEvent, TranscriptEventBody, WebhookPurpose } from './player/transcript-event';
export { abbreviateTexml, describeTranscriptEvent, formatTranscript, liveTranscriptLine } from './player/transcript-format';
export { parseTexmlDocument, type TexmlElement } from './player/texml-document';
export { TexmlDocumentError } from './player/texml-document-error';
export { MAX_WAIT_QUEUE_RESULT } from './player/verbs/enqueue-verb';
export { DEFAULT_PLAYER_LIMITS, type PlayerLimits } from './player/player-services';
export { ManualClock } from './manual-clock';
export { SeededRandom, type RandomSource } from './seeded-random';
export { IdGenerator } from './id-generator';
export { createEmulatorApp } from './emulator-app';
export { applicationInput } from './application-defaults';
export { createEmulatorContext, DEFAULT_EMULATOR_ACCOUNT_SID, type EmulatorContext } from './emulator-context';
export { startEmulator, type EmulatorHandle } from './start-emulator';
export { EmulatorControl, type EmulatorStatus } from './emulator-control';
export { EmulatorState } from './emulator-state';
export type { ApplicationInput } from './state/application-store';
export type { CallCallbackChange, CallFilter, CallRedirect, CallStatusDetails, NewCallInput } from './state/call-store';
export type { NewConferenceInput } from './state/conference-store';
export type { NewParticipantInput, ParticipantChange } from './state/participant-store';
export type { NewRecordingInput } from './state/recording-store';
export type { NewSiprecInput } from './state/siprec-store';
export type { NewStreamInput } from './state/stream-store';
export type { NewTranscriptionInput } from './state/transcription-store';
export * from './emulator-models';
export { DEFAULT_EMULATOR_LIMITS, type ChannelLimitMode, type EmulatorLimits } from './emulator-limits';
export type { EmulatorOptions } from './emulator-options';
export type {
  DropFault,
  ErrorFault,
  FaultFrequency,
  FaultKind,
  FaultMatch,
  FaultRule,
  FaultRuleInput,
  LatencyFault,
  RateLimitFault,
  TimeoutFault,
} from './fault-rule';
export { emulatorEndpoints } from './endpoints';
export * from './errors';
