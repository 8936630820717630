import { CallbackInvalidError } from './callback-invalid-error';
import type { CallbackKind, CallEvent } from './call-event';

export type CallbackParams = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null || v === '') return undefined;
  return String(v).slice(0, 4096);
};

/** Fields kept on the timeline, by the parameter Telnyx sends. */
const kept: Record<string, string> = {
  CallStatus: 'call_status',
  From: 'from',
  To: 'to',
  Direction: 'direction',
  CallDuration: 'call_duration',
  HangupCause: 'hangup_cause',
  HangupSource: 'hangup_source',
  ErrorCode: 'error_code',
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
  ConferenceSid: 'conference_sid',
  FriendlyName: 'friendly_name',
  StatusCallbackEvent: 'event',
  ParticipantLabel: 'participant_label',
  QueueSid: 'queue_sid',
  QueueResult: 'queue_result',
  QueueTime: 'queue_time',
  StreamSid: 'stream_sid',
  StreamEvent: 'stream_event',
  StreamName: 'stream_name',
  SiprecSid: 'siprec_sid',
  SiprecStatus: 'siprec_status',
  Digit: 'digit',
  DialCallStatus: 'dial_status',
  DialCallSid: 'dial_call_sid',
  // Our own query parameters on callback URLs the service emits for campaign attempts.
  campaign: 'campaign_id',
  contact: 'contact_id',
  attempt: 'attempt',
};

/**
 * Turns a callback's parameters into an event with its natural identity:
 * call status: CallSid + CallbackSource + SequenceNumber (status when there is no sequence);
 * AMD: CallSid + AnsweredBy; recording: RecordingSid + status; transcription: TranscriptionSid + status;
 * conference: ConferenceSid + event + SequenceNumber (+ participant CallSid); queue: CallSid + QueueSid + result;
 * stream / siprec: their sid + event.
 */
export function normaliseCallback(kind: CallbackKind, params: CallbackParams, receivedAt: Date): CallEvent {
  const p = (name: string) => text(params[name]);
  const callSid = p('CallSid');
  const sequenceText = p('SequenceNumber');
  const sequence = sequenceText !== undefined && /^\d+$/.test(sequenceText) ? Number(sequenceText) : null;
  const data: Record<string, string> = {};
  for (const [param, field] of Object.entries(kept)) {
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
  switch (kind) {
    case 'call-status': {
      const status = need(p('CallStatus'), 'CallStatus');
      const source = p('CallbackSource') ?? 'call';
      id = `call:${need(callSid, 'CallSid')}:${source}:${sequence ?? status}`;
      type = `call.${status === 'answered' ? 'in-progress' : status}`;
      break;
    }
    case 'amd': {
      const answeredBy = need(p('AnsweredBy'), 'AnsweredBy');
      id = `amd:${need(callSid, 'CallSid')}:${answeredBy}`;
      type = `amd.${answeredBy.startsWith('machine') ? 'machine' : answeredBy}`;
      break;
    }
    case 'recording': {
      const status = p('RecordingStatus') ?? 'completed';
      id = `recording:${need(p('RecordingSid'), 'RecordingSid')}:${status}`;
      type = `recording.${status}`;
      break;
    }
    case 'transcription': {
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
      const status = p('SiprecStatus') ?? p('Status') ?? 'event';
      id = `siprec:${need(p('SiprecSid'), 'SiprecSid')}:${status}`;
      type = `siprec.${status}`;
      break;
    }
  }
  return {
    id,
    kind,
    type,
    callSid: callSid ?? p('ConferenceSid') ?? 'unknown',
    occurredAt,
    receivedAt: receivedAt.toISOString(),
    sequence,
    flow,
    data,
  };
}

function parseTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
