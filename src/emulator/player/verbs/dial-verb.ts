import type { EmulatedCall, EmulatedRecording, HttpMethod } from '../../emulator-models';
import { EmulatorApiError } from '../../errors/emulator-api-error';
import { CHANNEL_LIMIT_FAILURE } from '../../endpoints/call-endpoints';
import { CallInterrupt } from '../call-interrupt';
import { dialOutcomeFor, type DialOutcome } from '../call-script';
import { legacyCallSid } from '../legacy-call-sid';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { runDialConference } from './conference-verb';
import { runDialQueue } from './dial-queue-verb';
import { recordingParams, recordingStatusCallback } from './recording-callbacks';
import { boolAttribute, intAttribute, listAttribute, methodAttribute, oneOfAttribute } from './verb-attributes';

const RECORD_MODES = ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual'] as const;

interface Leg {
  target: TexmlElement;
  address: string;
  outcome: DialOutcome;
  sid: string | undefined;
  sequence: number;
}

/** `<Dial>`: Number/Sip legs ring at once and the first answer wins; Queue and Conference have their own runners. */
export async function runDial(element: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const nouns = element.children;
  for (const noun of nouns) {
    if (!['Number', 'Sip', 'Queue', 'Conference'].includes(noun.name)) {
      throw CallInterrupt.end('error', `invalid TeXML: <Dial> may contain <Number>, <Sip>, <Queue> or <Conference>, not <${noun.name}>`);
    }
  }
  const conference = nouns.find((n) => n.name === 'Conference');
  const queue = nouns.find((n) => n.name === 'Queue');
  if ((conference || queue) && nouns.length > 1) throw CallInterrupt.end('error', 'invalid TeXML: <Queue> and <Conference> must be the only noun in <Dial>');
  if (conference) return runDialConference(element, conference, call);
  if (queue) return runDialQueue(element, queue, call);

  const targets: TexmlElement[] = nouns.length > 0 ? [...nouns] : element.text ? [{ name: 'Number', attributes: {}, text: element.text, children: [] }] : [];
  if (targets.length === 0) throw CallInterrupt.end('error', 'invalid TeXML: <Dial> has nothing to dial');
  const timeout = intAttribute(element, 'timeout', 30, { min: 5, max: 120 });
  const timeLimit = intAttribute(element, 'timeLimit', 14_400, { min: 60, max: 14_400 });
  const record = oneOfAttribute(element, 'record', RECORD_MODES, 'do-not-record');
  boolAttribute(element, 'hangupOnStar', false);
  const parent = call.snapshot();
  const callerId = element.attributes.callerId?.trim() || parent.from;
  const { state, dials } = call.services;

  const legs: Leg[] = [];
  for (const target of targets) {
    const address = target.text;
    if (!address) throw CallInterrupt.end('error', `invalid TeXML: <${target.name}> in <Dial> has no ${target.name === 'Sip' ? 'SIP URI' : 'number'}`);
    const leg: Leg = { target, address, outcome: dialOutcomeFor(call.script, address), sid: undefined, sequence: 0 };
    legs.push(leg);
    let channelLimited = false;
    try {
      channelLimited = dials.admit().channelLimited;
    } catch (error) {
      if (!(error instanceof EmulatorApiError)) throw error;
      call.log({ kind: 'note', message: `the dial to ${address} is refused by the emulator's limits: ${error.message}` });
      leg.outcome = { ...leg.outcome, status: 'failed', ringSeconds: 0 };
      continue;
    }
    const created = state.calls.create({
      accountSid: parent.accountSid,
      applicationSid: parent.applicationSid,
      origin: 'dial',
      from: callerId,
      to: address,
      parentCallSid: parent.sid,
      timeoutSeconds: timeout,
      timeLimitSeconds: timeLimit,
      statusCallback: target.attributes.statusCallback,
      statusCallbackMethod: methodAttribute(target, 'statusCallbackMethod', 'POST'),
      statusCallbackEvents: listAttribute(target, 'statusCallbackEvent'),
    });
    leg.sid = created.sid;
    if (channelLimited) {
      state.calls.setStatus(created.sid, 'failed', CHANNEL_LIMIT_FAILURE);
      leg.outcome = { ...leg.outcome, status: 'failed', ringSeconds: 0 };
      call.log({ kind: 'note', message: `the dial to ${address} fails: the emulator's concurrent-call cap is reached` });
      continue;
    }
    await legCallback(call, leg, 'initiated');
    state.calls.setStatus(created.sid, 'ringing');
    await legCallback(call, leg, 'ringing');
  }
  call.log({ kind: 'verb', verb: 'Dial', detail: `dials ${legs.map((l) => l.address).join(' and ')} (timeout ${timeout} s, caller ID ${callerId})` });

  const winner = legs
    .filter((l) => l.sid !== undefined && l.outcome.status === 'answered' && l.outcome.ringSeconds < timeout)
    .sort((a, b) => a.outcome.ringSeconds - b.outcome.ringSeconds)[0];
  let recording: EmulatedRecording | undefined;
  const startRecording = async () => {
    recording = state.recordings.create({
      accountSid: parent.accountSid,
      callSid: parent.sid,
      source: 'DialVerb',
      channels: record.endsWith('-dual') ? 2 : 1,
      statusCallback: element.attributes.recordingStatusCallback ? call.resolveUrl(element.attributes.recordingStatusCallback) : undefined,
      statusCallbackMethod: methodAttribute(element, 'recordingStatusCallbackMethod', 'POST'),
      statusCallbackEvents: listAttribute(element, 'recordingStatusCallbackEvent').length ? listAttribute(element, 'recordingStatusCallbackEvent') : ['completed'],
    });
    call.log({ kind: 'verb', verb: 'Dial', detail: `recording ${recording.sid} starts (${record})` });
    await recordingStatusCallback(call, recording.sid, 'in-progress');
  };
  const stopRecording = async () => {
    if (!recording) return;
    recording = state.recordings.setStatus(recording.sid, 'stopped');
    await recordingStatusCallback(call, recording.sid, 'completed');
  };
  const endLeg = async (leg: Leg, status: EmulatedCall['status']) => {
    if (!leg.sid) return;
    const before = state.calls.get(leg.sid);
    if (!before || ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(before.status)) return;
    state.calls.setStatus(leg.sid, status, { hangupCause: status === 'canceled' ? 'originator_cancel' : status === 'busy' ? 'user_busy' : status === 'no-answer' ? 'no_answer' : status === 'failed' ? 'call_rejected' : 'normal_clearing' });
    await legCallback(call, leg, 'completed');
  };

  let params: Record<string, string>;
  let callerHangsUp = false;
  let talking = false;
  const connectedAt = { at: 0 };
  try {
    if (record.startsWith('record-from-ringing')) await startRecording();
    if (winner) {
      await call.pass(winner.outcome.ringSeconds);
      for (const leg of legs) if (leg !== winner) await endLeg(leg, 'canceled');
      state.calls.setStatus(winner.sid!, 'in-progress');
      await legCallback(call, winner, 'answered');
      const talk = Math.min(winner.outcome.talkSeconds, timeLimit);
      call.log({ kind: 'verb', verb: 'Dial', detail: `${winner.address} answers after ${winner.outcome.ringSeconds} s; they talk for ${talk} s`, data: { DialCallSid: winner.sid } });
      if (record.startsWith('record-from-answer')) await startRecording();
      talking = true;
      connectedAt.at = call.now();
      await call.pass(talk);
      talking = false;
      callerHangsUp = winner.outcome.hangupBy === 'caller';
      call.log({ kind: 'verb', verb: 'Dial', detail: `${callerHangsUp ? 'the caller' : winner.address} hangs up` });
      await endLeg(winner, 'completed');
      await stopRecording();
      params = { DialCallStatus: 'completed', DialCallSid: winner.sid!, DialCallDuration: String(talk) };
    } else {
      const waits = legs.map((l) => (l.outcome.status === 'no-answer' || l.outcome.status === 'answered' ? timeout : Math.min(l.outcome.ringSeconds, timeout)));
      await call.pass(Math.max(0, ...waits));
      for (const leg of legs) {
        const status = leg.outcome.status === 'answered' ? 'no-answer' : leg.outcome.status;
        await endLeg(leg, status);
      }
      await stopRecording();
      const status = aggregate(legs.map((l) => (l.outcome.status === 'answered' ? 'no-answer' : l.outcome.status)));
      call.log({ kind: 'verb', verb: 'Dial', detail: `nobody answers: ${legs.map((l) => `${l.address} ${l.outcome.status === 'answered' ? 'no-answer' : l.outcome.status}`).join(', ')}` });
      const first = legs.find((l) => l.sid !== undefined);
      params = { DialCallStatus: status, ...(first?.sid ? { DialCallSid: first.sid } : {}), DialCallDuration: '0' };
    }
  } catch (error) {
    // The caller hung up (or the call ended) while ringing or talking: close the legs, post the action.
    if (error instanceof CallInterrupt && error.kind === 'end') {
      for (const leg of legs) await endLeg(leg, talking && leg === winner ? 'completed' : 'canceled');
      await stopRecording();
      if (element.attributes.action && (error.by === 'caller' || error.by === 'time-limit')) {
        const duration = talking ? Math.round((call.now() - connectedAt.at) / 1000) : 0;
        await call.notify('action', call.resolveUrl(element.attributes.action), methodAttribute(element, 'method', 'POST'), {
          DialCallStatus: talking ? 'completed' : 'canceled',
          ...(winner?.sid ? { DialCallSid: winner.sid } : {}),
          DialCallDuration: String(duration),
          ...(recording ? recordingParams(call, recording) : {}),
        });
      }
    }
    throw error;
  }
  if (recording) params = { ...params, ...recordingParams(call, recording) };
  const action = element.attributes.action;
  if (callerHangsUp) {
    if (action) await call.notify('action', call.resolveUrl(action), methodAttribute(element, 'method', 'POST'), params);
    call.log({ kind: 'caller', action: 'hangup', detail: 'hangs up after the conversation' });
    throw CallInterrupt.end('caller', 'normal_clearing');
  }
  if (!action) return undefined;
  return { kind: 'url', url: call.resolveUrl(action), method: methodAttribute(element, 'method', 'POST'), purpose: 'action', params };
}

function aggregate(statuses: readonly string[]): string {
  if (statuses.length > 0 && statuses.every((s) => s === statuses[0])) return statuses[0]!;
  if (statuses.includes('no-answer')) return 'no-answer';
  if (statuses.includes('busy')) return 'busy';
  return 'failed';
}

async function legCallback(call: PlayCall, leg: Leg, event: 'initiated' | 'ringing' | 'answered' | 'completed'): Promise<void> {
  const url = leg.target.attributes.statusCallback;
  if (!url || !leg.sid) return;
  const events = listAttribute(leg.target, 'statusCallbackEvent');
  if (!(events.length ? events : ['completed']).includes(event)) return;
  const legCall = call.services.state.calls.get(leg.sid);
  if (!legCall) return;
  const status = event === 'answered' ? 'in-progress' : event === 'initiated' ? 'initiated' : legCall.status;
  // TexmlCall*WebhookSchema: the leg's identity, its parent and when it was initiated.
  const params: Record<string, string> = {
    AccountSid: legCall.accountSid,
    CallSid: legCall.sid,
    CallSidLegacy: legacyCallSid(legCall.sid),
    ParentCallSid: call.sid,
    From: legCall.from,
    To: legCall.to,
    ConnectionId: legCall.applicationSid ?? call.snapshot().applicationSid ?? '',
    CallInitiatedAt: new Date(legCall.createdAt).toISOString(),
    CallStatus: status,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(leg.sequence),
    Timestamp: new Date(call.now()).toISOString(),
  };
  leg.sequence += 1;
  if (event === 'completed') {
    params.CallDuration = String(legCall.answeredAt === undefined ? 0 : Math.round(((legCall.endedAt ?? call.now()) - legCall.answeredAt) / 1000));
    params.HangupCause = legCall.hangupCause ?? 'normal_clearing';
  }
  const method: HttpMethod = methodAttribute(leg.target, 'statusCallbackMethod', 'POST');
  await call.callback('leg-status', call.resolveUrl(url), method, params);
}
