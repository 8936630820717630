import Telnyx from 'telnyx';
import { ACCOUNT, APP_SID, clientFor, placeCall, useFixture } from './support/emulator-fixture';

describe('emulator: TeXML calls through the official SDK', () => {
  const fx = useFixture();

  describe('create', () => {
    it('when a call is created with To, From, ApplicationSid and Url, then the SDK gets {from,to,status:queued} and the state holds a queued v3 call', async () => {
      const created = fx.emulator.state.waitFor('call.created');
      const response = await fx.client.texml.accounts.calls.calls(ACCOUNT, {
        body: {
          To: '+13125550100',
          From: '+13125550199',
          ApplicationSid: APP_SID,
          Url: 'https://app.example/voice?flow=a',
          StatusCallback: 'https://app.example/status',
          StatusCallbackEvent: 'initiated ringing answered completed',
          Timeout: 20,
          MachineDetection: 'Enable',
        },
      });
      expect(response).toEqual({ from: '+13125550199', to: '+13125550100', status: 'queued' });
      const [call] = await created;
      expect(call.sid).toMatch(/^v3:[\w-]+$/);
      expect(call).toMatchObject({
        accountSid: ACCOUNT,
        status: 'queued',
        url: 'https://app.example/voice?flow=a',
        statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
        timeoutSeconds: 20,
        machineDetection: 'Enable',
        origin: 'rest',
      });
    });

    it('when the call is created with inline Texml, then the call keeps the TeXML and no Url', async () => {
      const sid = await placeCall(fx, { Url: undefined, Texml: '<Response><Say>Hi</Say></Response>' });
      expect(fx.emulator.state.calls.get(sid)).toMatchObject({ texml: '<Response><Say>Hi</Say></Response>', url: undefined });
    });

    it('when required fields are missing, then the SDK throws UnprocessableEntityError listing each with a source pointer', async () => {
      const error = await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: { Url: 'https://app.example/voice' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      const apiError = error as InstanceType<typeof Telnyx.UnprocessableEntityError>;
      expect(apiError.status).toBe(422);
      const body = apiError.error as { errors: Array<{ code: string; title: string; detail: string; source: { pointer: string } }> };
      expect(body.errors.map((e) => e.source.pointer).sort()).toEqual(['/ApplicationSid', '/From', '/To']);
      expect(body.errors[0]).toMatchObject({ code: '10004', title: 'Missing required parameter' });
      expect(apiError.message).toContain("The 'To' parameter is required.");
    });

    it('when To is not E.164 and Timeout is out of range, then the 422 names both fields', async () => {
      const error = (await fx.client.texml.accounts.calls
        .calls(ACCOUNT, { body: { To: '3125550100', From: '+13125550199', ApplicationSid: APP_SID, Url: 'https://a.example', Timeout: 500 } })
        .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.UnprocessableEntityError>;
      expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      const body = error.error as { errors: Array<{ code: string; source: { pointer: string } }> };
      expect(body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: '10016', source: { pointer: '/To' } }),
          expect.objectContaining({ code: '10015', source: { pointer: '/Timeout' } }),
        ]),
      );
    });

    it('when a connection-scoped call is created, then the SDK gets call_sid and the call runs on the connection', async () => {
      const response = await fx.client.texml.calls.create('conn-42', {
        From: '+13125550199',
        To: 'sip:alice@example.com',
        Texml: '<Response><Hangup/></Response>',
      });
      expect(response).toMatchObject({ from: '+13125550199', to: 'sip:alice@example.com', status: 'queued' });
      expect(response.call_sid).toMatch(/^v3:/);
      expect(fx.emulator.state.calls.get(response.call_sid)).toMatchObject({ applicationSid: 'conn-42', origin: 'connection' });
    });

    it('when an AI call carries Texml, then it is refused with 422; without, it is queued', async () => {
      const refused = await fx.client.texml
        .initiateAICall('conn-42', { AIAssistantId: 'assistant-1', From: '+13125550199', To: '+13125550100', Texml: '<Response/>' } as never)
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      const ok = await fx.client.texml.initiateAICall('conn-42', { AIAssistantId: 'assistant-1', From: '+13125550199', To: '+13125550100' });
      expect(ok.status).toBe('queued');
      expect(fx.emulator.state.calls.get(ok.call_sid as string)?.origin).toBe('ai');
    });
  });

  describe('list, fetch, update', () => {
    it('when calls exist, then list pages through them newest first with Twilio-style page fields', async () => {
      const sids: string[] = [];
      for (let i = 0; i < 3; i += 1) sids.push(await placeCall(fx, { To: `+1312555010${i}` }));
      const first = await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT, { PageSize: 2 });
      expect(first.calls?.map((c) => c.sid)).toEqual([sids[2], sids[1]]);
      expect(first).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1 });
      expect(first.uri).toBe(`/v2/texml/Accounts/${ACCOUNT}/Calls.json?Page=0&PageSize=2`);
      expect(first.next_page_uri).toContain('Page=1');
      const second = await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT, { PageSize: 2, Page: 1 });
      expect(second.calls?.map((c) => c.sid)).toEqual([sids[0]]);
      expect(second.next_page_uri).toBeNull();
      const filtered = await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT, { To: '+13125550101', StartTime_gt: '2000-01-01' });
      expect(filtered.calls?.map((c) => c.sid)).toEqual([sids[1]]);
    });

    it('when a call is fetched, then the SDK gets the documented call resource', async () => {
      const sid = await placeCall(fx);
      const call = await fx.client.texml.accounts.calls.retrieve(sid, { account_sid: ACCOUNT });
      expect(call).toMatchObject({
        account_sid: ACCOUNT,
        sid,
        status: 'queued',
        direction: 'outbound',
        from: '+13125550199',
        from_formatted: '(312) 555-0199',
        to: '+13125550100',
        duration: '0',
        uri: `/v2/texml/Accounts/${ACCOUNT}/Calls/${sid}.json`,
      });
      expect(call.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    });

    it('when a call is hung up with Status=completed (form-encoded), then it is completed on fetch, has an end_time and is no longer active', async () => {
      const sid = await placeCall(fx);
      fx.emulator.state.calls.setStatus(sid, 'in-progress');
      expect(fx.emulator.state.calls.activeCount()).toBe(1);
      const updated = await fx.client.texml.accounts.calls.update(sid, { account_sid: ACCOUNT, Status: 'completed' });
      expect(updated.status).toBe('completed');
      const fetched = await fx.client.texml.accounts.calls.retrieve(sid, { account_sid: ACCOUNT });
      expect(fetched.status).toBe('completed');
      expect(fetched.end_time).toBeDefined();
      expect(fx.emulator.state.calls.activeCount()).toBe(0);
      const completed = await fx.client.texml.accounts.calls.retrieveCalls(ACCOUNT, { Status: 'completed' });
      expect(completed.calls?.map((c) => c.sid)).toEqual([sid]);
    });

    it('when a live call is updated with a new Url, then the state records the redirect and emits call.updated', async () => {
      const sid = await placeCall(fx);
      const updated = fx.emulator.state.waitFor('call.updated', (_call, change) => change.reason === 'redirect');
      await fx.client.texml.accounts.calls.update(sid, { account_sid: ACCOUNT, Url: 'https://app.example/next', Method: 'GET' });
      const [call] = await updated;
      expect(call).toMatchObject({ url: 'https://app.example/next', method: 'GET', redirects: 1, texml: undefined });
    });

    it('when an ended call is redirected, then the SDK gets a 422 with code 90018', async () => {
      const sid = await placeCall(fx);
      await fx.client.texml.accounts.calls.update(sid, { account_sid: ACCOUNT, Status: 'completed' });
      const error = (await fx.client.texml.accounts.calls
        .update(sid, { account_sid: ACCOUNT, Url: 'https://app.example/next' })
        .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.UnprocessableEntityError>;
      expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      expect((error.error as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('90018');
    });

    it('when a call sid is unknown or belongs to another account, then the SDK throws NotFoundError with "Resource not found"', async () => {
      const sid = await placeCall(fx);
      for (const promise of [
        fx.client.texml.accounts.calls.retrieve('v3:nope', { account_sid: ACCOUNT }),
        fx.client.texml.accounts.calls.retrieve(sid, { account_sid: 'another-account' }),
      ]) {
        const error = (await promise.catch((e: unknown) => e)) as InstanceType<typeof Telnyx.NotFoundError>;
        expect(error).toBeInstanceOf(Telnyx.NotFoundError);
        expect(error.error).toEqual({ errors: [expect.objectContaining({ code: '10005', detail: 'Resource not found' })] });
      }
    });
  });

  describe('authentication', () => {
    it('when the key is wrong, then the SDK throws AuthenticationError with Telnyx code 10009', async () => {
      const wrong = clientFor(fx.emulator, { apiKey: 'KEY_WRONG' });
      const error = (await wrong.texml.accounts.calls.retrieveCalls(ACCOUNT).catch((e: unknown) => e)) as InstanceType<
        typeof Telnyx.AuthenticationError
      >;
      expect(error).toBeInstanceOf(Telnyx.AuthenticationError);
      expect(error.status).toBe(401);
      expect(error.error).toEqual({
        errors: [{ code: '10009', title: 'Authentication failed', detail: expect.stringContaining('authentication') }],
      });
    });
  });

  describe('recordings, SIPREC and streams of a call', () => {
    it('when a recording is started, paused and stopped, then each answer and the call recording list agree', async () => {
      const sid = await placeCall(fx);
      const started = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(sid, {
        account_sid: ACCOUNT,
        RecordingChannels: 'dual',
        RecordingStatusCallback: 'https://app.example/rec',
        RecordingStatusCallbackEvent: 'in-progress completed',
        PlayBeep: false,
      });
      expect(started).toMatchObject({ account_sid: ACCOUNT, call_sid: sid, channels: 2, source: 'StartCallRecordingAPI', track: 'both' });
      const recordingSid = started.sid as string;
      const paused = await fx.client.texml.accounts.calls.recordings.recordingSidJson(recordingSid, {
        account_sid: ACCOUNT,
        call_sid: sid,
        Status: 'paused',
      });
      expect(paused.sid).toBe(recordingSid);
      expect(fx.emulator.state.recordings.require(ACCOUNT, recordingSid).status).toBe('paused');
      await fx.client.texml.accounts.calls.recordings.recordingSidJson(recordingSid, { account_sid: ACCOUNT, call_sid: sid, Status: 'stopped' });
      const listed = await fx.client.texml.accounts.calls.recordingsJson.retrieveRecordingsJson(sid, { account_sid: ACCOUNT });
      expect(listed.recordings).toEqual([expect.objectContaining({ sid: recordingSid, status: 'completed', call_sid: sid, duration: '0' })]);
      expect(listed.page_size).toBe(20);
    });

    it('when a recording update has no Status (optional in the Telnyx schema), then the recording is returned unchanged', async () => {
      const sid = await placeCall(fx);
      const started = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(sid, { account_sid: ACCOUNT });
      const same = await fx.client.texml.accounts.calls.recordings.recordingSidJson(started.sid as string, { account_sid: ACCOUNT, call_sid: sid });
      expect(same).toMatchObject({ sid: started.sid, call_sid: sid });
      expect(fx.emulator.state.recordings.require(ACCOUNT, started.sid as string).status).toBe('in-progress');
    });

    it('when a SIPREC session is started and stopped, then its status follows', async () => {
      const sid = await placeCall(fx);
      const session = await fx.client.texml.accounts.calls.siprecJson(sid, {
        account_sid: ACCOUNT,
        ConnectorName: 'recorder',
        Track: 'inbound_track',
        SessionTimeoutSecs: 120,
        Secure: true,
      });
      expect(session).toMatchObject({ account_sid: ACCOUNT, call_sid: sid, status: 'in-progress', track: 'inbound_track' });
      const stopped = await fx.client.texml.accounts.calls.siprec.siprecSidJson(session.sid as string, {
        account_sid: ACCOUNT,
        call_sid: sid,
        Status: 'stopped',
      });
      expect(stopped).toMatchObject({ sid: session.sid, status: 'stopped' });
    });

    it('when a stream is started without a WebSocket Url, then 422; with one, it starts and stops', async () => {
      const sid = await placeCall(fx);
      const refused = await fx.client.texml.accounts.calls
        .streamsJson(sid, { account_sid: ACCOUNT, Url: 'https://not-a-socket.example' })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      const stream = await fx.client.texml.accounts.calls.streamsJson(sid, {
        account_sid: ACCOUNT,
        Url: 'wss://media.example/stream',
        Name: 'agent-assist',
        Track: 'both_tracks',
        BidirectionalMode: 'rtp',
        BidirectionalCodec: 'PCMU',
      });
      expect(stream).toMatchObject({ call_sid: sid, name: 'agent-assist', status: 'in-progress' });
      const stopped = await fx.client.texml.accounts.calls.streams.streamingSidJson(stream.sid as string, {
        account_sid: ACCOUNT,
        call_sid: sid,
        Status: 'stopped',
      });
      expect(stopped.status).toBe('stopped');
    });

    it('when the call ends, then its recording completes and its stream and SIPREC session stop', async () => {
      const sid = await placeCall(fx);
      const recording = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(sid, { account_sid: ACCOUNT });
      const stream = await fx.client.texml.accounts.calls.streamsJson(sid, { account_sid: ACCOUNT, Url: 'wss://media.example/s' });
      const session = await fx.client.texml.accounts.calls.siprecJson(sid, { account_sid: ACCOUNT });
      await fx.client.texml.accounts.calls.update(sid, { account_sid: ACCOUNT, Status: 'completed' });
      expect(fx.emulator.state.recordings.require(ACCOUNT, recording.sid as string).status).toBe('completed');
      expect(fx.emulator.state.streams.require(ACCOUNT, sid, stream.sid as string).status).toBe('stopped');
      expect(fx.emulator.state.siprec.require(ACCOUNT, sid, session.sid as string).status).toBe('stopped');
      const late = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(sid, { account_sid: ACCOUNT }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    });
  });
});
