import { createHash } from 'node:crypto';
import { CallbackInvalidError } from './callback-invalid-error';
import type { CallbackKind, CallEvent } from './call-event';

export type CallbackParams = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null || v === '') return undefined;
  return String(v).slice(0, 4096);
};

/**
 * Fields kept on the timeline, by the parameter Telnyx sends. Every name is in the contract
 * (src/telnyx/contract/webhook-contract.ts, which cites the Telnyx source of each); a test fails when
 * one is not.
 */
export const keptParameters: Readonly<Record<string, string>> = {
  CallStatus: 'call_status',
  From: 'from',
  To: 'to',
  CallDuration: 'call_duration',
  HangupCause: 'hangup_cause',
  HangupSource: 'hangup_source',
  ErrorCode: 'error_code',
  // TexmlCallCompletedWebhookSchema: why and when the call ended.
  ErrorMessage: 'error_message',
  SipHangupCause: 'sip_hangup_cause',
  CallSessionId: 'call_session_id',
  StartTime: 'start_time',
  AnsweredTime: 'answered_time',
  EndTime: 'end_time',
  ParentCallSid: 'parent_call_sid',
  CallbackSource: 'callback_source',
  AnsweredBy: 'answered_by',
  MachineDetectionDuration: 'machine_detection_duration',
  RecordingSid: 'recording_sid',
  RecordingUrl: 'recording_url',
  RecordingStatus: 'recording_status',
  RecordingDuration: 'recording_duration',
  RecordingChannels: 'recording_channels',
  RecordingSource: 'recording_source',
  TranscriptionSid: 'transcription_sid',
  TranscriptionStatus: 'transcription_status',
  TranscriptionText: 'transcription_text',
  // Real-time <Start><Transcription> (older verb page): no TranscriptionSid.
  Transcript: 'transcript',
  IsFinal: 'is_final',
  Confidence: 'confidence',
  ConferenceSid: 'conference_sid',
  FriendlyName: 'friendly_name',
  StatusCallbackEvent: 'event',
  ParticipantLabel: 'participant_label',
  QueueSid: 'queue_sid',
  // Not documented by Telnyx (TwiML's): kept only when it comes.
  QueueResult: 'queue_result',
  QueueTime: 'queue_time',
  StreamSid: 'stream_sid',
  StreamEvent: 'stream_event',
  StreamName: 'stream_name',
  StreamError: 'stream_error',
  SiprecSid: 'siprec_sid',
  SiprecEvent: 'siprec_event',
  SiprecName: 'siprec_name',
  SiprecError: 'siprec_error',
  Digit: 'digit',
  DialCallStatus: 'dial_status',
  DialCallSid: 'dial_call_sid',
};

/** Our own query parameters on callback URLs the service emits for campaign attempts (not Telnyx's). */
const ownParameters: Readonly<Record<string, string>> = {
  campaign: 'campaign_id',
  contact: 'contact_id',
  attempt: 'attempt',
};

/** Both tables as one list, made once: a callback reads each name (every callback paid for the list otherwise). */
const keptFields: ReadonlyArray<readonly [string, string]> = [...Object.entries(keptParameters), ...Object.entries(ownParameters)];

/**
 * Turns a callback's parameters into an event with its natural identity:
 * call status: CallSid + CallbackSource + SequenceNumber (status when there is no sequence);
 * AMD: CallSid + AnsweredBy (on its own endpoint, or on the status callback without a CallStatus, as
 * synchronous detection sends it); recording: RecordingSid + status; transcription: TranscriptionSid +
 * status, or for a real-time result CallSid + Timestamp + IsFinal + the text's digest; conference:
 * ConferenceSid + event + SequenceNumber (+ participant CallSid); queue: CallSid + QueueSid + result;
 * stream: StreamSid + StreamEvent; siprec: SiprecSid + SiprecEvent.
 */
export function normaliseCallback(kind: CallbackKind, params: CallbackParams, receivedAt: Date): CallEvent {
  const p = (name: string) => text(params[name]);
  const callSid = p('CallSid');
  const sequenceText = p('SequenceNumber');
  const sequence = sequenceText !== undefined && /^\d+$/.test(sequenceText) ? Number(sequenceText) : null;
  const data: Record<string, string> = {};
  for (const [param, field] of keptFields) {
    const value = p(param);
    if (value !== undefined) data[field] = value;
  }
  const occurredAt = parseTime(p('Timestamp')) ?? receivedAt.toISOString();
  const flow = p('flow') ?? null;
  const need = (value: string | undefined, name: string): string => {
    if (value === undefined) throw new CallbackInvalidError(`${kind} callback without ${name}`);
    return value;
  };

  let id: string;
  let type: string;
  let eventKind: CallbackKind = kind;
  switch (kind) {
    case 'call-status': {
      const status = p('CallStatus');
      if (status === undefined && p('AnsweredBy') !== undefined) {
        // The AMD webhook (TexmlCallAmdWebhookSchema) has no CallStatus; synchronous detection posts it to StatusCallback.
        ({ id, type } = amdIdentity(need(callSid, 'CallSid'), p('AnsweredBy')!));
        eventKind = 'amd';
        break;
      }
      need(status, 'CallStatus (or AnsweredBy)');
      const source = p('CallbackSource') ?? 'call';
      id = `call:${need(callSid, 'CallSid')}:${source}:${sequence ?? status}`;
      type = `call.${status === 'answered' ? 'in-progress' : status!}`;
      break;
    }
    case 'amd': {
      ({ id, type } = amdIdentity(need(callSid, 'CallSid'), need(p('AnsweredBy'), 'AnsweredBy')));
      break;
    }
    case 'recording': {
      const status = p('RecordingStatus') ?? 'completed';
      id = `recording:${need(p('RecordingSid'), 'RecordingSid')}:${status}`;
      type = `recording.${status}`;
      break;
    }
    case 'transcription': {
      const transcript = p('Transcript');
      if (p('TranscriptionSid') === undefined && transcript !== undefined) {
        // A real-time <Start><Transcription> result: no sid, so its identity is the call, the time and the text.
        const final = /^true$/i.test(p('IsFinal') ?? '');
        const digest = createHash('sha256').update(transcript).digest('hex').slice(0, 16);
        id = `transcription:${need(callSid, 'CallSid')}:realtime:${p('Timestamp') ?? ''}:${final ? 'final' : 'partial'}:${digest}`;
        type = `transcription.${final ? 'final' : 'partial'}`;
        break;
      }
      const status = p('TranscriptionStatus') ?? 'completed';
      id = `transcription:${need(p('TranscriptionSid'), 'TranscriptionSid')}:${status}`;
      type = `transcription.${status}`;
      break;
    }
    case 'conference': {
      const event = need(p('StatusCallbackEvent'), 'StatusCallbackEvent');
      id = `conference:${need(p('ConferenceSid'), 'ConferenceSid')}:${event}:${sequence ?? ''}:${callSid ?? ''}`;
      type = `conference.${event}`;
      break;
    }
    case 'queue': {
      const result = p('QueueResult') ?? 'left';
      id = `queue:${need(callSid, 'CallSid')}:${p('QueueSid') ?? ''}:${result}`;
      // One type whatever the result (bridged, hangup, leave, timeout...): it is in data.queue_result.
      type = 'queue.left';
      break;
    }
    case 'stream': {
      const event = p('StreamEvent') ?? 'event';
      id = `stream:${need(p('StreamSid'), 'StreamSid')}:${event}`;
      type = `stream.${event}`;
      break;
    }
    case 'siprec': {
      // SiprecEvent: siprec-started, siprec-stopped, siprec-failed (siprec.md, "Expected callbacks").
      const event = need(p('SiprecEvent'), 'SiprecEvent');
      id = `siprec:${need(p('SiprecSid'), 'SiprecSid')}:${event}`;
      type = `siprec.${event.replace(/^siprec-/, '')}`;
      break;
    }
  }
  return {
    id,
    kind: eventKind,
    type,
    callSid: callSid ?? p('ConferenceSid') ?? 'unknown',
    occurredAt,
    receivedAt: receivedAt.toISOString(),
    sequence,
    flow,
    data,
  };
}

function amdIdentity(callSid: string, answeredBy: string): { id: string; type: string } {
  // Both vocabularies: machine_start, machine_end_* (OpenAPI) and machine (AMD guide) are all a machine.
  return { id: `amd:${callSid}:${answeredBy}`, type: `amd.${answeredBy.startsWith('machine') ? 'machine' : answeredBy}` };
}

function parseTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
