/** Fields of `call.*`: the request parameters Telnyx sends, in snake_case, plus derived ones. */
export const callFields = [
  'call_sid',
  'call_sid_legacy',
  'account_sid',
  'from',
  'to',
  'from_formatted',
  'to_formatted',
  'caller_id',
  'calling_party_type',
  'from_sip_uri',
  'to_sip_uri',
  'connection_id',
  'call_status',
  'answered_by',
] as const;

/** Fields of `input.*`: the result of the last waiting action. */
export const inputFields = [
  'digits',
  'speech',
  'confidence',
  'value',
  'dial_status',
  'dial_call_sid',
  'dial_duration',
  'recording_sid',
  'recording_url',
  'recording_duration',
  'queue_result',
  'queue_time',
  'pay_result',
  'ai_status',
  'ai_result',
] as const;

/**
 * Fields of `queue.*`: what Telnyx's queue webhook (the Enqueue waitUrl request) says about the
 * wait, filled in a queue's wait step: QueuePosition, CurrentQueueSize, QueueTime and AvgQueueTime
 * (developers.telnyx.com api-reference/callbacks/texml-queue, TexmlQueueWebhook; strings, seconds
 * for the times), plus the times in whole minutes (rounded up) for saying them.
 */
export const queueFields = ['position', 'size', 'time', 'average_time', 'time_minutes', 'average_minutes'] as const;

/** Fields of `event.*`, readable in `on:` hooks only: the callback that fired the hook. */
export const eventFields = [
  'type',
  'id',
  'call_sid',
  'flow',
  'occurred_at',
  'call_status',
  'from',
  'to',
  'call_duration',
  'hangup_cause',
  'hangup_source',
  // TexmlCallCompletedWebhookSchema
  'error_code',
  'error_message',
  'sip_hangup_cause',
  'call_session_id',
  'start_time',
  'answered_time',
  'end_time',
  'answered_by',
  'machine_detection_duration',
  'digit',
  'recording_sid',
  'recording_url',
  'recording_duration',
  'transcription_sid',
  'transcription_text',
  // Real-time <Start><Transcription> results
  'transcript',
  'is_final',
  'confidence',
  'conference_sid',
  'friendly_name',
  'participant_label',
  'queue_result',
  'queue_time',
  'stream_sid',
  'stream_event',
  'stream_error',
  'siprec_sid',
  'siprec_event',
  'siprec_name',
  'siprec_error',
] as const;

export type EventField = (typeof eventFields)[number];
export type CallField = (typeof callFields)[number];
export type InputField = (typeof inputFields)[number];
export type QueueField = (typeof queueFields)[number];

/** What a template sees. Values that came from a request are already neutralised. */
export interface TemplateContext {
  call: Partial<Record<CallField, string>>;
  vars: Record<string, string | number | boolean>;
  input: Partial<Record<InputField, string>>;
  env: Record<string, string>;
  /** Set in a queue's wait step (the waitUrl request): the caller's place and the queue's times. */
  queue?: Partial<Record<QueueField, string>>;
  /** Set in `on:` hooks: the event that fired the hook. */
  event?: Partial<Record<EventField, string>>;
}

/** What a flow declares, against which every reference is checked at load. */
export interface TemplateScope {
  vars: ReadonlySet<string>;
  env: ReadonlySet<string>;
  secrets: ReadonlySet<string>;
  /** True for `on:` hook templates, which may read event.*. */
  event?: boolean;
}
