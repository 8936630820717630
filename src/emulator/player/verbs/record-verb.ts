import type { EmulatedRecording } from '../../emulator-models';
import { CallInterrupt } from '../call-interrupt';
import type { CallerAction } from '../call-script';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { recordingParams, recordingStatusCallback } from './recording-callbacks';
import { boolAttribute, intAttribute, listAttribute, methodAttribute, oneOfAttribute } from './verb-attributes';

type RecordAction = Extract<CallerAction, { kind: 'record' }>;

/**
 * `<Record>`: beeps, takes the caller's scripted message (its length, how it ends, the words a
 * transcription would find), creates a real recording (and transcription) resource, posts the
 * recording and transcription callbacks, then the action. Silence records nothing and the
 * document goes on with the next verb. A caller who hangs up while recording still gets the
 * action posted (Digits=hangup), as Telnyx does.
 */
export async function runRecord(element: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const { state } = call.services;
  const parent = call.snapshot();
  const finishOnKey = element.attributes.finishOnKey ?? '1234567890*#';
  const timeout = intAttribute(element, 'timeout', 5, { min: 0 });
  const maxLength = intAttribute(element, 'maxLength', 3600, { min: 1, max: 14_400 });
  const playBeep = boolAttribute(element, 'playBeep', true);
  const transcribe = boolAttribute(element, 'transcription', false);
  const channels = oneOfAttribute(element, 'channels', ['single', 'dual', 'mono'], 'single');
  const method = methodAttribute(element, 'method', 'POST');
  const target = element.attributes.action ? call.resolveUrl(element.attributes.action) : call.documentUrl();

  if (playBeep) {
    call.log({ kind: 'heard', verb: 'beep', seconds: 0.5 });
    await call.pass(0.5);
  }
  const action = call.takeAction(['record', 'silence'], '<Record>');
  if (action?.kind === 'silence') {
    call.log({ kind: 'caller', action: 'silence', detail: `says nothing; the recording stops after ${Math.max(timeout, 1)} s of silence` });
    await call.pass(Math.max(timeout, 1));
    call.log({ kind: 'verb', verb: 'Record', detail: 'nothing was recorded: the document goes on with the next verb' });
    return undefined;
  }
  const message: RecordAction = (action as RecordAction | undefined) ?? { kind: 'record', seconds: 5, transcript: undefined, end: undefined };
  const end = message.seconds > maxLength ? 'max' : (message.end ?? (finishOnKey ? 'key' : 'silence'));
  const seconds = Math.min(message.seconds, maxLength);
  const events = listAttribute(element, 'recordingStatusCallbackEvent');
  let recording: EmulatedRecording = state.recordings.create({
    accountSid: parent.accountSid,
    callSid: call.sid,
    source: 'RecordVerb',
    channels: channels === 'dual' ? 2 : 1,
    playBeep,
    statusCallback: element.attributes.recordingStatusCallback ? call.resolveUrl(element.attributes.recordingStatusCallback) : undefined,
    statusCallbackMethod: methodAttribute(element, 'recordingStatusCallbackMethod', 'POST'),
    statusCallbackEvents: events.length ? events : ['completed'],
  });
  await recordingStatusCallback(call, recording.sid, 'in-progress');
  const how = { key: `presses ${finishOnKey[0] ?? '#'}`, silence: 'stops talking', hangup: 'hangs up', max: `reaches the maximum length (${maxLength} s)` }[end];
  call.log({ kind: 'caller', action: 'record', value: message.transcript, detail: `leaves a ${seconds} s message and ${how}${message.transcript ? `: "${message.transcript}"` : ''}` });

  const complete = async (digits: string): Promise<Record<string, string>> => {
    recording = state.recordings.setStatus(recording.sid, 'stopped');
    call.log({ kind: 'verb', verb: 'Record', detail: `recording ${recording.sid} completed (${state.recordings.durationSeconds(recording)} s)`, data: { RecordingSid: recording.sid } });
    await recordingStatusCallback(call, recording.sid, 'completed');
    if (transcribe) await transcription(call, element, recording, message.transcript);
    return { ...recordingParams(call, recording), Digits: digits };
  };

  try {
    await call.pass(seconds);
  } catch (error) {
    if (error instanceof CallInterrupt && error.kind === 'end' && error.by === 'caller') {
      const params = await complete('hangup');
      if (target) await call.notify('action', target, method, params);
    }
    throw error;
  }
  if (end === 'key') await call.pass(0.4);
  const params = await complete(end === 'key' ? (finishOnKey[0] ?? '#') : end === 'hangup' ? 'hangup' : '');
  if (end === 'hangup') {
    if (target) await call.notify('action', target, method, params);
    throw CallInterrupt.end('caller', 'normal_clearing');
  }
  if (end === 'silence') await call.pass(timeout);
  if (!target) return undefined;
  return { kind: 'url', url: target, method, purpose: 'action', params };
}

async function transcription(call: PlayCall, element: TexmlElement, recording: EmulatedRecording, text: string | undefined): Promise<void> {
  const created = call.services.state.transcriptions.create({ recordingSid: recording.sid, text: text ?? '' });
  call.log({ kind: 'verb', verb: 'Record', detail: `transcription ${created.sid}: "${created.text}"`, data: { TranscriptionSid: created.sid } });
  const url = element.attributes.transcriptionCallback;
  if (!url) return;
  await call.callback(
    'transcription',
    call.resolveUrl(url),
    'POST',
    // texml-transcription: the call's identity, CallStatus, From, To, the recording and the transcription.
    {
      ...call.identityParams(),
      CallStatus: call.params().CallStatus!,
      From: call.snapshot().from,
      To: call.snapshot().to,
      TranscriptionSid: created.sid,
      TranscriptionStatus: created.status,
      TranscriptionText: created.text,
      RecordingSid: recording.sid,
      RecordingUrl: recording.mediaUrl,
    },
  );
}
