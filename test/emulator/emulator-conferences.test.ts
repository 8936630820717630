import Telnyx from 'telnyx';
import { ACCOUNT, APP_SID, useFixture } from './support/emulator-fixture';

describe('emulator: conferences and participants through the official SDK', () => {
  const fx = useFixture();

  const participants = () => fx.client.texml.accounts.conferences.participants;

  /** Dials a participant into a conference named `room` (created on the first dial) and returns its call sid. */
  async function dial(room: string, extra: Record<string, unknown> = {}): Promise<{ callSid: string; conferenceSid: string }> {
    const response = await participants().participants(room, {
      account_sid: ACCOUNT,
      ApplicationSid: APP_SID,
      To: '+13125550100',
      From: '+13125550199',
      ...extra,
    });
    return { callSid: response.call_sid as string, conferenceSid: response.conference_sid as string };
  }

  it('when a participant is dialed into a new room with ApplicationSid, then a conference is created and listed with the participant connecting', async () => {
    const added = fx.emulator.state.waitFor('participant.added');
    const response = await participants().participants('sales-room', {
      account_sid: ACCOUNT,
      ApplicationSid: APP_SID,
      To: '+13125550100',
      From: '+13125550199',
      Label: 'customer',
      Muted: true,
      EndConferenceOnExit: true,
      timeout_seconds: 25,
      StatusCallbackEvent: 'initiated completed',
    });
    expect(response).toMatchObject({ account_sid: ACCOUNT, muted: true, end_conference_on_exit: true, status: 'connecting', hold: false });
    expect(response.call_sid).toMatch(/^v3:/);
    const [participant] = await added;
    expect(participant).toMatchObject({ label: 'customer', muted: true });
    expect(fx.emulator.state.calls.get(response.call_sid as string)).toMatchObject({ origin: 'participant', timeoutSeconds: 25, status: 'queued' });

    const list = await fx.client.texml.accounts.conferences.retrieveConferences(ACCOUNT, { FriendlyName: 'sales-room' });
    expect(list.conferences).toEqual([
      expect.objectContaining({ sid: response.conference_sid, friendly_name: 'sales-room', status: 'init', account_sid: ACCOUNT }),
    ]);
    const fetched = await fx.client.texml.accounts.conferences.retrieve(response.conference_sid as string, { account_sid: ACCOUNT });
    expect(fetched.subresource_uris).toEqual({
      participants: `/v2/texml/Accounts/${ACCOUNT}/Conferences/${response.conference_sid}/Participants.json`,
      recordings: `/v2/texml/Accounts/${ACCOUNT}/Conferences/${response.conference_sid}/Recordings.json`,
    });
  });

  it('when a participant is dialed into an unknown room without ApplicationSid, then 422 points at /ApplicationSid', async () => {
    const error = (await participants()
      .participants('nowhere', { account_sid: ACCOUNT, To: '+13125550100', From: '+13125550199' })
      .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.UnprocessableEntityError>;
    expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    expect(error.error).toEqual({ errors: [expect.objectContaining({ code: '10004', source: { pointer: '/ApplicationSid' } })] });
  });

  it('when a second participant joins by conference sid, then both are listed and the first answer starts the conference', async () => {
    const first = await dial('room-a', { Label: 'agent' });
    const second = await dial(first.conferenceSid);
    expect(second.conferenceSid).toBe(first.conferenceSid);
    fx.emulator.state.calls.setStatus(first.callSid, 'in-progress');
    const listed = await participants().retrieveParticipants(first.conferenceSid, { account_sid: ACCOUNT });
    expect(listed.participants?.map((p) => [p.call_sid, p.status])).toEqual([
      [first.callSid, 'connected'],
      [second.callSid, 'connecting'],
    ]);
    const conference = await fx.client.texml.accounts.conferences.retrieve(first.conferenceSid, { account_sid: ACCOUNT });
    expect(conference.status).toBe('in-progress');
  });

  it('when a participant is updated (mute, hold), then a fetch by call sid and by label shows the change', async () => {
    const { callSid, conferenceSid } = await dial('room-b', { Label: 'caller' });
    const updated = await participants().update(callSid, {
      account_sid: ACCOUNT,
      conference_sid: conferenceSid,
      Muted: true,
      Hold: true,
      HoldUrl: 'https://app.example/hold-music',
    });
    expect(updated).toMatchObject({ muted: true, hold: true });
    const byLabel = await participants().retrieve('caller', { account_sid: ACCOUNT, conference_sid: conferenceSid });
    expect(byLabel).toMatchObject({ call_sid: callSid, muted: true, hold: true });
    const bySid = await participants().retrieve(callSid, { account_sid: ACCOUNT, conference_sid: conferenceSid });
    expect(bySid.muted).toBe(true);
  });

  it('when Coaching is set without CallSidToCoach, then 422; with a participant to coach, then accepted', async () => {
    const agent = await dial('room-c');
    const supervisor = await dial(agent.conferenceSid);
    const refused = await participants()
      .update(supervisor.callSid, { account_sid: ACCOUNT, conference_sid: agent.conferenceSid, Coaching: true })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    const coached = await participants().update(supervisor.callSid, {
      account_sid: ACCOUNT,
      conference_sid: agent.conferenceSid,
      Coaching: true,
      CallSidToCoach: agent.callSid,
    });
    expect(coached).toMatchObject({ coaching: true, coaching_call_sid: agent.callSid });
  });

  it('when a participant is deleted, then fetching it is a 404 and its call is completed', async () => {
    const a = await dial('room-d');
    const b = await dial(a.conferenceSid);
    await participants().delete(a.callSid, { account_sid: ACCOUNT, conference_sid: a.conferenceSid });
    const error = await participants().retrieve(a.callSid, { account_sid: ACCOUNT, conference_sid: a.conferenceSid }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Telnyx.NotFoundError);
    expect(fx.emulator.state.calls.get(a.callSid)?.status).toBe('completed');
    const listed = await participants().retrieveParticipants(a.conferenceSid, { account_sid: ACCOUNT });
    expect(listed.participants?.map((p) => p.call_sid)).toEqual([b.callSid]);
  });

  it('when a participant with EndConferenceOnExit leaves a running conference, then the conference ends and every call completes', async () => {
    const host = await dial('room-e', { EndConferenceOnExit: true });
    const guest = await dial(host.conferenceSid);
    fx.emulator.state.calls.setStatus(host.callSid, 'in-progress');
    fx.emulator.state.calls.setStatus(guest.callSid, 'in-progress');
    await fx.client.texml.accounts.calls.update(host.callSid, { account_sid: ACCOUNT, Status: 'completed' });
    const conference = await fx.client.texml.accounts.conferences.retrieve(host.conferenceSid, { account_sid: ACCOUNT });
    expect(conference).toMatchObject({
      status: 'completed',
      reason_conference_ended: 'participant-with-end-conference-on-exit-left',
      call_sid_ending_conference: host.callSid,
    });
    expect(fx.emulator.state.calls.get(guest.callSid)?.status).toBe('completed');
  });

  it('when a conference is updated with Status=completed, then it ends via API and dialing into it is refused', async () => {
    const a = await dial('room-f');
    const ended = await fx.client.texml.accounts.conferences.update(a.conferenceSid, { account_sid: ACCOUNT, Status: 'completed' });
    expect(ended).toMatchObject({ status: 'completed', reason_conference_ended: 'conference-ended-via-api' });
    expect(fx.emulator.state.calls.get(a.callSid)?.status).toBe('completed');
    const refused = await participants()
      .participants(a.conferenceSid, { account_sid: ACCOUNT, To: '+13125550100', From: '+13125550199' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    const completed = await fx.client.texml.accounts.conferences.retrieveConferences(ACCOUNT, { Status: 'completed' });
    expect(completed.conferences?.map((c) => c.sid)).toEqual([a.conferenceSid]);
  });

  it('when a conference is updated with an AnnounceUrl, then the state keeps it for the interpreter', async () => {
    const a = await dial('room-g');
    await fx.client.texml.accounts.conferences.update(a.conferenceSid, {
      account_sid: ACCOUNT,
      AnnounceUrl: 'https://app.example/announce',
      AnnounceMethod: 'GET',
    });
    expect(fx.emulator.state.conferences.get(a.conferenceSid)).toMatchObject({ announceUrl: 'https://app.example/announce', announceMethod: 'GET' });
  });

  it('when a conference has recordings, then both recording listings return them in their own shapes', async () => {
    const a = await dial('room-h');
    const recording = fx.emulator.state.recordings.create({ accountSid: ACCOUNT, conferenceSid: a.conferenceSid, source: 'Conference', channels: 1 });
    fx.emulator.state.recordings.setStatus(recording.sid, 'stopped');
    const plain = await fx.client.texml.accounts.conferences.retrieveRecordings(a.conferenceSid, { account_sid: ACCOUNT });
    expect(plain.recordings).toEqual([
      expect.objectContaining({ sid: recording.sid, conference_sid: a.conferenceSid, duration: 0, status: 'completed', source: 'Conference' }),
    ]);
    const json = await fx.client.texml.accounts.conferences.retrieveRecordingsJson(a.conferenceSid, { account_sid: ACCOUNT });
    expect(json.recordings).toEqual([expect.objectContaining({ sid: recording.sid, duration: '0', media_url: expect.stringContaining(recording.sid) })]);
  });

  it('when an unknown conference is fetched, then NotFoundError', async () => {
    const error = await fx.client.texml.accounts.conferences.retrieve('00000000-0000-0000-0000-000000000000', { account_sid: ACCOUNT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Telnyx.NotFoundError);
  });
});
