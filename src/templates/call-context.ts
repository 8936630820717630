import { neutralise } from './neutralise';
import type { TemplateContext } from './template-scope';

/** Telnyx's request parameter -> the `call.*` field templates read (each named in src/telnyx/contract). */
export const callParameters = {
  CallSid: 'call_sid',
  CallSidLegacy: 'call_sid_legacy',
  AccountSid: 'account_sid',
  From: 'from',
  To: 'to',
  CallerId: 'caller_id',
  CallingPartyType: 'calling_party_type',
  FromSipUri: 'from_sip_uri',
  ToSipUri: 'to_sip_uri',
  ConnectionId: 'connection_id',
  CallStatus: 'call_status',
  // No Direction: Telnyx sends none (no webhook schema, not the instruction-fetching page).
  AnsweredBy: 'answered_by',
} as const satisfies Record<string, keyof TemplateContext['call']>;

/** Telnyx's result parameter -> the `input.*` field. */
export const inputParameters = {
  Digits: 'digits',
  SpeechResult: 'speech',
  Confidence: 'confidence',
  DialCallStatus: 'dial_status',
  DialCallSid: 'dial_call_sid',
  DialCallDuration: 'dial_duration',
  RecordingSid: 'recording_sid',
  RecordingUrl: 'recording_url',
  RecordingDuration: 'recording_duration',
  QueueResult: 'queue_result',
  QueueTime: 'queue_time',
  // Pay page: the action request carries a normalised PayResult.
  PayResult: 'pay_result',
  // TexmlAiGatherWebhookSchema: the AIGather action's Status.
  Status: 'ai_status',
} as const satisfies Record<string, keyof TemplateContext['input']>;

export type RequestParameters = Record<string, unknown>;

// Listed once: every webhook reads them.
const CALL_PARAMETER_ENTRIES = Object.entries(callParameters);
const INPUT_PARAMETER_ENTRIES = Object.entries(inputParameters);

/** The `call.*` scope from a webhook's parameters; every value neutralised. */
export function callFromParameters(params: RequestParameters): TemplateContext['call'] {
  const call: TemplateContext['call'] = {};
  for (const [param, field] of CALL_PARAMETER_ENTRIES) {
    const value = params[param];
    if (value !== undefined && value !== null && value !== '') call[field] = neutralise(value);
  }
  if (call.from !== undefined) call.from_formatted = formatPhoneNumber(call.from);
  if (call.to !== undefined) call.to_formatted = formatPhoneNumber(call.to);
  return call;
}

/** The `input.*` scope: the result of the action the call waited on. */
export function inputFromParameters(params: RequestParameters): TemplateContext['input'] {
  const input: TemplateContext['input'] = {};
  for (const [param, field] of INPUT_PARAMETER_ENTRIES) {
    const value = params[param];
    if (value !== undefined && value !== null && value !== '') input[field] = neutralise(value);
  }
  // TexmlAiGatherWebhookSchema: Base64Result is the gathered values as base64-encoded JSON.
  const base64Result = params.Base64Result;
  if (typeof base64Result === 'string' && base64Result !== '') input.ai_result = neutralise(Buffer.from(base64Result, 'base64').toString('utf8'));
  return input;
}

/**
 * The `queue.*` scope of a queue's wait step, from the queue webhook Telnyx sends to the waitUrl
 * (api-reference/callbacks/texml-queue, TexmlQueueWebhook: QueuePosition, CurrentQueueSize,
 * QueueTime, AvgQueueTime, all strings; the times in seconds). Values neutralised.
 */
export function queueFromParameters(params: RequestParameters): NonNullable<TemplateContext['queue']> {
  const queue: NonNullable<TemplateContext['queue']> = {};
  const take = (param: string): string | undefined => {
    const value = params[param];
    return value === undefined || value === null || value === '' ? undefined : neutralise(value);
  };
  const minutes = (seconds: string | undefined) => (seconds !== undefined && /^\d+(\.\d+)?$/.test(seconds) ? String(Math.ceil(Number(seconds) / 60)) : undefined);
  const position = take('QueuePosition');
  const size = take('CurrentQueueSize');
  const time = take('QueueTime');
  const average = take('AvgQueueTime');
  if (position !== undefined) queue.position = position;
  if (size !== undefined) queue.size = size;
  if (time !== undefined) queue.time = time;
  if (average !== undefined) queue.average_time = average;
  const timeMinutes = minutes(time);
  const averageMinutes = minutes(average);
  if (timeMinutes !== undefined) queue.time_minutes = timeMinutes;
  if (averageMinutes !== undefined) queue.average_minutes = averageMinutes;
  return queue;
}

/** A number as a person would read it: NANP as (312) 555-0100, other E.164 numbers spaced. */
export function formatPhoneNumber(value: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(value);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  const e164 = /^\+(\d{1,3})(\d+)$/.exec(value);
  if (e164) return `+${e164[1]} ${e164[2]!.replace(/(\d{3})(?=\d)/g, '$1 ')}`;
  return value;
}
