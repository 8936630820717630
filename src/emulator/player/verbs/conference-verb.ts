import type { EmulatedConference, HttpMethod } from '../../emulator-models';
import { CallInterrupt } from '../call-interrupt';
import type { PlayCall, TexmlSource } from '../play-call';
import type { TexmlElement } from '../texml-document';
import { boolAttribute, intAttribute, listAttribute, methodAttribute, oneOfAttribute } from './verb-attributes';

type ConferenceEvent = 'conference-start' | 'conference-end' | 'participant-join' | 'participant-leave';
const SUBSCRIPTION: Record<ConferenceEvent, string> = {
  'conference-start': 'start',
  'conference-end': 'end',
  'participant-join': 'join',
  'participant-leave': 'leave',
};

/** Posts a conference status callback to the URL the conference was created with, if it subscribed. */
export async function conferenceCallback(call: PlayCall, conferenceSid: string, event: ConferenceEvent, participant?: { label?: string | undefined; muted?: boolean }): Promise<void> {
  const conference = call.services.state.conferences.get(conferenceSid);
  if (!conference?.statusCallback) return;
  const subscribed = conference.statusCallbackEvents.length > 0 ? conference.statusCallbackEvents : ['start', 'end', 'join', 'leave'];
  if (!subscribed.includes(SUBSCRIPTION[event])) return;
  // texml-conference-start/-end/-join/-leave: Telnyx documents no Muted, ReasonConferenceEnded or CallSidEndingConference.
  const params: Record<string, string> = {
    ...call.identityParams(),
    AccountSid: conference.accountSid,
    ConnectionId: call.snapshot().applicationSid ?? '',
    ConferenceSid: conference.sid,
    FriendlyName: conference.friendlyName,
    StatusCallbackEvent: event,
    SequenceNumber: String(call.services.conferenceSequence(conference.sid)),
    Timestamp: new Date(call.now()).toISOString(),
  };
  if (participant?.label) params.ParticipantLabel = participant.label;
  await call.callback('conference', conference.statusCallback, conference.statusCallbackMethod as HttpMethod | undefined, params);
}

/** Takes the call out of its conference (it does not hang up) and posts the leave (and end) callbacks. */
export async function leaveConference(call: PlayCall, conferenceSid: string): Promise<void> {
  const left = call.selfChange(() => call.services.state.participants.leaveConference(call.sid));
  if (!left) return;
  const after = call.services.state.conferences.get(conferenceSid);
  call.log({ kind: 'verb', verb: 'Conference', detail: `leaves the conference${after?.status === 'completed' ? `, which ends (${after.endReason ?? 'no reason'})` : ''}` });
  await conferenceCallback(call, conferenceSid, 'participant-leave', { label: left.label });
  if (after?.status === 'completed' && after.callSidEndingConference === call.sid) await conferenceCallback(call, conferenceSid, 'conference-end');
}

/** `<Dial><Conference>`: joins (or creates) the named conference and stays as the script says. */
export async function runDialConference(dial: TexmlElement, noun: TexmlElement, call: PlayCall): Promise<TexmlSource | undefined> {
  const name = noun.text;
  if (!name) throw CallInterrupt.end('error', 'invalid TeXML: <Conference> needs a room name');
  const { state } = call.services;
  const parent = call.snapshot();
  const maxParticipants = intAttribute(noun, 'maxParticipants', 250, { min: 2, max: 250 });
  const muted = boolAttribute(noun, 'muted', false);
  const startConferenceOnEnter = boolAttribute(noun, 'startConferenceOnEnter', true);
  const endConferenceOnExit = boolAttribute(noun, 'endConferenceOnExit', false);
  const beep = oneOfAttribute(noun, 'beep', ['true', 'false', 'onEnter', 'onExit'], 'true');
  const label = noun.attributes.participantLabel;
  let conference: EmulatedConference | undefined = state.conferences.findActiveByName(parent.accountSid, name);
  if (!conference) {
    conference = state.conferences.create({
      accountSid: parent.accountSid,
      friendlyName: name,
      applicationSid: parent.applicationSid,
      maxParticipants,
      statusCallback: noun.attributes.statusCallback ? call.resolveUrl(noun.attributes.statusCallback) : undefined,
      statusCallbackMethod: methodAttribute(noun, 'statusCallbackMethod', 'POST'),
      statusCallbackEvents: listAttribute(noun, 'statusCallbackEvent'),
    });
  }
  const action = dial.attributes.action;
  const method = methodAttribute(dial, 'method', 'POST');
  const finish = (params: Record<string, string>): TexmlSource | undefined => (action ? { kind: 'url', url: call.resolveUrl(action), method, purpose: 'action', params } : undefined);
  if (state.participants.list(conference.sid).length >= conference.maxParticipants) {
    call.log({ kind: 'verb', verb: 'Conference', detail: `conference "${name}" is full (${conference.maxParticipants} participants)` });
    return finish({ DialCallStatus: 'failed', DialCallDuration: '0', ConferenceSid: conference.sid });
  }
  const statusBefore = conference.status;
  const participant = state.participants.add(conference.sid, { callSid: call.sid, label, muted, startConferenceOnEnter, endConferenceOnExit, beep, waitUrl: noun.attributes.waitUrl });
  const joined = state.conferences.get(conference.sid)!;
  const others = state.participants.list(conference.sid).length - 1;
  const traits = [label ? `as ${label}` : '', muted ? 'muted' : '', startConferenceOnEnter ? 'starts it on entering' : 'waits for a moderator', endConferenceOnExit ? 'ends it on leaving' : '']
    .filter(Boolean)
    .join(', ');
  call.log({
    kind: 'verb',
    verb: 'Conference',
    detail: `joins conference "${name}" (${traits}); ${others} other participant(s); the conference is ${joined.status}`,
    data: { ConferenceSid: conference.sid },
  });
  if (statusBefore !== 'in-progress' && joined.status === 'in-progress') await conferenceCallback(call, conference.sid, 'conference-start');
  await conferenceCallback(call, conference.sid, 'participant-join', { label: participant.label, muted });
  if (joined.status === 'init') {
    call.log({ kind: 'heard', verb: 'music', url: noun.attributes.waitUrl ?? 'default hold music', seconds: 0 });
  }

  const scripted = call.takeAction(['conference'], '<Dial><Conference>');
  const stay = scripted?.kind === 'conference' ? scripted.staySeconds : 60;
  const joinedAt = call.now();
  const duration = () => String(Math.round((call.now() - joinedAt) / 1000));
  let status = joined.status;
  try {
    for (;;) {
      // The conference may have started while this call was busy (the signal only wakes a wait).
      const current = state.conferences.get(conference.sid)?.status;
      if (status === 'init' && current === 'in-progress') call.log({ kind: 'verb', verb: 'Conference', detail: `the conference starts (${duration()} s after joining)` });
      status = current ?? status;
      const deadlines = stay === undefined ? [] : [{ at: joinedAt + stay * 1000, reason: 'stay-over' }];
      // A removal while this call was busy left a pending signal: the wait ends at once.
      const result = await call.withScope(deadlines, ['left-conference', 'conference-started'], () => call.pass(undefined, { parked: stay === undefined }));
      const reason = 'exit' in result ? result.exit : 'stay-over';
      if (reason === 'conference-started') continue;
      if (reason === 'left-conference') {
        const now = state.conferences.get(conference.sid);
        call.log({ kind: 'verb', verb: 'Conference', detail: `leaves the conference: ${now?.status === 'completed' ? `it ended (${now.endReason ?? 'no reason'})` : 'removed'}` });
        await conferenceCallback(call, conference.sid, 'participant-leave', { label: participant.label });
        return finish({ DialCallStatus: 'completed', DialCallDuration: duration(), ConferenceSid: conference.sid });
      }
      call.log({ kind: 'caller', action: 'hangup', detail: `hangs up after ${duration()} s in the conference` });
      await leaveConference(call, conference.sid);
      if (action) await call.notify('action', call.resolveUrl(action), method, { DialCallStatus: 'completed', DialCallDuration: duration(), ConferenceSid: conference.sid });
      throw CallInterrupt.end('caller', 'normal_clearing');
    }
  } catch (error) {
    // Ended or redirected while in the conference: leave it (callbacks), and tell the action about a hang-up.
    if (error instanceof CallInterrupt && state.calls.get(call.sid)?.conferenceSid === conference.sid) {
      await leaveConference(call, conference.sid);
      if (error.kind === 'end' && (error.by === 'caller' || error.by === 'time-limit') && action) {
        await call.notify('action', call.resolveUrl(action), method, { DialCallStatus: 'completed', DialCallDuration: duration(), ConferenceSid: conference.sid });
      }
    }
    throw error;
  }
}
