import Telnyx from 'telnyx';
import { ACCOUNT, API_KEY, http, placeCall, useFixture } from './support/emulator-fixture';

describe('emulator: queues, recordings, transcriptions, secrets and TeXML applications through the official SDK', () => {
  const fx = useFixture();

  describe('queues', () => {
    it('when a queue is created, fetched, updated and deleted, then each step is visible and the deleted queue is gone', async () => {
      const created = await fx.client.texml.accounts.queues.create(ACCOUNT, { FriendlyName: 'support', MaxSize: 10 });
      expect(created).toMatchObject({ account_sid: ACCOUNT, max_size: 10, current_size: 0, average_wait_time: 0 });
      const sid = created.sid as string;
      expect(created.uri).toBe(`/v2/texml/Accounts/${ACCOUNT}/Queues/${sid}.json`);
      const updated = await fx.client.texml.accounts.queues.update(sid, { account_sid: ACCOUNT, MaxSize: 25 });
      expect(updated.max_size).toBe(25);
      expect((await fx.client.texml.accounts.queues.retrieve(sid, { account_sid: ACCOUNT })).max_size).toBe(25);
      await fx.client.texml.accounts.queues.delete(sid, { account_sid: ACCOUNT });
      const error = await fx.client.texml.accounts.queues.retrieve(sid, { account_sid: ACCOUNT }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Telnyx.NotFoundError);
      const again = await fx.client.texml.accounts.queues.delete(sid, { account_sid: ACCOUNT }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(Telnyx.NotFoundError);
    });

    it('when a queue is created with no body, then it gets the default size and its sid as name', async () => {
      const created = await fx.client.texml.accounts.queues.create(ACCOUNT, {});
      expect(created).toMatchObject({ max_size: 100 });
      expect(fx.emulator.state.queues.findByName(ACCOUNT, created.sid as string)?.sid).toBe(created.sid);
    });

    it('when MaxSize is out of range or the name is taken, then 422 names the field', async () => {
      await fx.client.texml.accounts.queues.create(ACCOUNT, { FriendlyName: 'dup' });
      const tooBig = (await fx.client.texml.accounts.queues
        .create(ACCOUNT, { FriendlyName: 'x', MaxSize: 999999 })
        .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.UnprocessableEntityError>;
      expect(tooBig.error).toEqual({ errors: [expect.objectContaining({ source: { pointer: '/MaxSize' } })] });
      const duplicate = (await fx.client.texml.accounts.queues
        .create(ACCOUNT, { FriendlyName: 'dup' })
        .catch((e: unknown) => e)) as InstanceType<typeof Telnyx.UnprocessableEntityError>;
      expect(duplicate.error).toEqual({ errors: [expect.objectContaining({ code: '10012', source: { pointer: '/FriendlyName' } })] });
    });

    it('when a queue holds a call, then current_size counts it and deleting the queue is refused', async () => {
      const queue = await fx.client.texml.accounts.queues.create(ACCOUNT, { FriendlyName: 'busy' });
      const callSid = await placeCall(fx);
      expect(fx.emulator.state.queues.enqueue(queue.sid as string, callSid)).toBe(true);
      expect((await fx.client.texml.accounts.queues.retrieve(queue.sid as string, { account_sid: ACCOUNT })).current_size).toBe(1);
      const refused = await fx.client.texml.accounts.queues.delete(queue.sid as string, { account_sid: ACCOUNT }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      await fx.client.texml.accounts.calls.update(callSid, { account_sid: ACCOUNT, Status: 'completed' });
      expect((await fx.client.texml.accounts.queues.retrieve(queue.sid as string, { account_sid: ACCOUNT })).current_size).toBe(0);
    });

    it('when the SDK auto-paginates queues without a Page, then it yields every queue once', async () => {
      const names = ['q1', 'q2', 'q3', 'q4', 'q5'];
      for (const name of names) await fx.client.texml.accounts.queues.create(ACCOUNT, { FriendlyName: name });
      const seen: string[] = [];
      for await (const queue of fx.client.texml.accounts.queues.list(ACCOUNT, { PageSize: 2 })) {
        seen.push(fx.emulator.state.queues.list(ACCOUNT).find((q) => q.sid === queue.sid)!.friendlyName);
      }
      expect(seen.sort()).toEqual(names);
      const page = await fx.client.texml.accounts.queues.list(ACCOUNT, { PageSize: 2 });
      expect(page.queues).toHaveLength(2);
      expect(page.hasNextPage()).toBe(true);
      const raw = await http(fx.emulator, 'GET', `/v2/texml/Accounts/${ACCOUNT}/Queues?PageSize=2`, undefined, { authorization: `Bearer ${API_KEY}` });
      expect(raw.body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, next_page_uri: expect.stringContaining('Page=1') });
    });
  });

  describe('account recordings and transcriptions', () => {
    async function finishedRecording(): Promise<{ callSid: string; recordingSid: string }> {
      const callSid = await placeCall(fx);
      const started = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(callSid, { account_sid: ACCOUNT });
      await fx.client.texml.accounts.calls.recordings.recordingSidJson(started.sid as string, {
        account_sid: ACCOUNT,
        call_sid: callSid,
        Status: 'stopped',
      });
      return { callSid, recordingSid: started.sid as string };
    }

    it('when recordings exist, then the account list and fetch return them and a delete removes them', async () => {
      const { callSid, recordingSid } = await finishedRecording();
      const list = await fx.client.texml.accounts.retrieveRecordingsJson(ACCOUNT, { PageSize: 10 });
      expect(list.recordings).toEqual([expect.objectContaining({ sid: recordingSid, call_sid: callSid, status: 'completed' })]);
      const fetched = await fx.client.texml.accounts.recordings.json.retrieveRecordingSidJson(recordingSid, { account_sid: ACCOUNT });
      expect(fetched).toMatchObject({ sid: recordingSid, uri: `/v2/texml/Accounts/${ACCOUNT}/Recordings/${recordingSid}.json` });
      await fx.client.texml.accounts.recordings.json.deleteRecordingSidJson(recordingSid, { account_sid: ACCOUNT });
      const gone = await fx.client.texml.accounts.recordings.json
        .retrieveRecordingSidJson(recordingSid, { account_sid: ACCOUNT })
        .catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(Telnyx.NotFoundError);
      expect((await fx.client.texml.accounts.retrieveRecordingsJson(ACCOUNT)).recordings).toEqual([]);
    });

    it('when a recording is still in progress, then deleting it is refused', async () => {
      const callSid = await placeCall(fx);
      const started = await fx.client.texml.accounts.calls.recordingsJson.recordingsJson(callSid, { account_sid: ACCOUNT });
      const refused = await fx.client.texml.accounts.recordings.json
        .deleteRecordingSidJson(started.sid as string, { account_sid: ACCOUNT })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    });

    it('when a transcription exists, then list, fetch and delete agree and the recording links to it', async () => {
      const { recordingSid } = await finishedRecording();
      const transcription = fx.emulator.state.transcriptions.create({ recordingSid, text: 'Please call me back.' });
      const list = await fx.client.texml.accounts.retrieveTranscriptionsJson(ACCOUNT, { PageSize: 5 });
      expect(list.transcriptions).toEqual([
        expect.objectContaining({ sid: transcription.sid, recording_sid: recordingSid, transcription_text: 'Please call me back.', status: 'completed' }),
      ]);
      const recording = await fx.client.texml.accounts.recordings.json.retrieveRecordingSidJson(recordingSid, { account_sid: ACCOUNT });
      expect(recording.subresources_uris?.transcriptions).toContain(`/Recordings/${recordingSid}/Transcriptions.json`);
      const fetched = await fx.client.texml.accounts.transcriptions.json.retrieveRecordingTranscriptionSidJson(transcription.sid, {
        account_sid: ACCOUNT,
      });
      expect(fetched.transcription_text).toBe('Please call me back.');
      await fx.client.texml.accounts.transcriptions.json.deleteRecordingTranscriptionSidJson(transcription.sid, { account_sid: ACCOUNT });
      const gone = await fx.client.texml.accounts.transcriptions.json
        .retrieveRecordingTranscriptionSidJson(transcription.sid, { account_sid: ACCOUNT })
        .catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(Telnyx.NotFoundError);
    });
  });

  describe('secrets', () => {
    it('when a secret is created, then the answer says REDACTED and the state keeps the value for the interpreter', async () => {
      const response = await fx.client.texml.secrets({ name: 'PIN', value: 's3cr3t-value' });
      expect(response).toEqual({ data: { name: 'PIN', value: 'REDACTED' } });
      expect(fx.emulator.state.secrets.valueOf('PIN')).toBe('s3cr3t-value');
      await fx.client.texml.secrets({ name: 'PIN', value: 'replaced' });
      expect(fx.emulator.state.secrets.valueOf('PIN')).toBe('replaced');
    });

    it('when the secret has no value, then 422 points at /value', async () => {
      const error = (await fx.client.texml.secrets({ name: 'PIN' } as never).catch((e: unknown) => e)) as InstanceType<
        typeof Telnyx.UnprocessableEntityError
      >;
      expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
      expect(error.error).toEqual({ errors: [expect.objectContaining({ source: { pointer: '/value' } })] });
    });
  });

  describe('TeXML applications', () => {
    it('when an application is created, retrieved, updated and deleted, then every answer is a data-wrapped application', async () => {
      const created = await fx.client.texmlApplications.create({
        friendly_name: 'call-router',
        voice_url: 'https://app.example/voice',
        voice_method: 'post',
        status_callback: 'https://app.example/status',
        tags: ['prod'],
        outbound: { outbound_voice_profile_id: 'ovp-1' },
      });
      const id = created.data?.id as string;
      expect(id).toMatch(/^\d{19}$/);
      expect(created.data).toMatchObject({ record_type: 'texml_application', active: true, voice_method: 'post', tags: ['prod'] });
      expect((await fx.client.texmlApplications.retrieve(id)).data?.friendly_name).toBe('call-router');
      const updated = await fx.client.texmlApplications.update(id, { friendly_name: 'call-router-2', voice_url: 'https://app.example/v2' });
      expect(updated.data).toMatchObject({ friendly_name: 'call-router-2', voice_url: 'https://app.example/v2', tags: ['prod'] });
      expect(updated.data?.status_callback).toBe('https://app.example/status');
      const deleted = await fx.client.texmlApplications.delete(id);
      expect(deleted.data?.id).toBe(id);
      expect(await fx.client.texmlApplications.retrieve(id).catch((e: unknown) => e)).toBeInstanceOf(Telnyx.NotFoundError);
    });

    it('when voice_url is missing or not a URL, then 422 with code 10004 or 10003', async () => {
      const missing = (await fx.client.texmlApplications.create({ friendly_name: 'x' } as never).catch((e: unknown) => e)) as InstanceType<
        typeof Telnyx.UnprocessableEntityError
      >;
      expect(missing.error).toEqual({ errors: [expect.objectContaining({ code: '10004', source: { pointer: '/voice_url' } })] });
      const bad = (await fx.client.texmlApplications.create({ friendly_name: 'x', voice_url: 'not a url' }).catch((e: unknown) => e)) as InstanceType<
        typeof Telnyx.UnprocessableEntityError
      >;
      expect(bad.error).toEqual({ errors: [expect.objectContaining({ code: '10003' })] });
    });

    it('when applications are listed with a filter and page size, then the SDK pages through the flat pagination', async () => {
      for (const name of ['alpha-one', 'alpha-two', 'alpha-three', 'beta']) {
        await fx.client.texmlApplications.create({ friendly_name: name, voice_url: 'https://app.example/voice' });
      }
      const names: string[] = [];
      for await (const app of fx.client.texmlApplications.list({ filter: { friendly_name: 'ALPHA' }, 'page[size]': 2, sort: 'friendly_name' })) {
        names.push(app.friendly_name as string);
      }
      expect(names).toEqual(['alpha-one', 'alpha-three', 'alpha-two']);
      const first = await fx.client.texmlApplications.list({ 'page[size]': 3 });
      expect(first.meta).toEqual({ page_number: 1, page_size: 3, total_pages: 2, total_results: 4 });
    });

    it('when a call names a known application and gives no Url, then the call uses the application voice_url', async () => {
      const app = await fx.client.texmlApplications.create({ friendly_name: 'router', voice_url: 'https://app.example/answer', voice_method: 'get' });
      const callSid = await placeCall(fx, { ApplicationSid: app.data?.id, Url: undefined });
      expect(fx.emulator.state.calls.get(callSid)).toMatchObject({ url: 'https://app.example/answer', method: 'GET' });
    });
  });
});
