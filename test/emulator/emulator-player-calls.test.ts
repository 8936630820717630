import { createPublicKey, verify } from 'node:crypto';
import type { CallTranscriptSnapshot, TranscriptEvent } from '../../src/emulator';
import { ACCOUNT, APP_SID, http, usePlayerFixture } from './support/emulator-fixture';
import { TexmlServer, type ReceivedRequest } from './support/texml-server';

const START = Date.UTC(2026, 2, 2, 16, 0, 0);
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function signatureValid(publicKeyBase64: string, request: ReceivedRequest): boolean {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyBase64, 'base64')]), format: 'der', type: 'spki' });
  const signed = Buffer.from(`${request.headers['telnyx-timestamp']}|${request.rawBody}`, 'utf8');
  return verify(null, signed, key, Buffer.from(request.headers['telnyx-signature-ed25519'] ?? '', 'base64'));
}

const ended = (t: CallTranscriptSnapshot) => t.events.find((e): e is Extract<TranscriptEvent, { kind: 'ended' }> => e.kind === 'ended')!;

describe('emulator call player: calls', () => {
  const { fx, app, clock } = usePlayerFixture(START);

  async function createApplication(voiceMethod: 'GET' | 'POST' = 'POST', extra: Record<string, unknown> = {}): Promise<string> {
    const created = await fx.client.texmlApplications.create({
      friendly_name: 'router',
      voice_url: `${app.url}/voice?flow=main`,
      voice_method: voiceMethod.toLowerCase() as 'get' | 'post',
      status_callback: `${app.url}/status`,
      ...extra,
    });
    return created.data!.id!;
  }

  describe('inbound calls', () => {
    it("when an inbound call is injected over HTTP, then the application's voice_url gets Telnyx's parameters, form-encoded and signed with the key at /_emulator/public-key", async () => {
      await createApplication();
      app.on('/voice', '<Say>Hello.</Say><Hangup/>');
      const res = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100', application: 'router' });
      expect(res.status).toBe(201);
      const sid = (res.body as { data: { call_sid: string } }).data.call_sid;
      const transcript = await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });

      const key = await fetch(`${fx.emulator.url}/_emulator/public-key`).then((r) => r.text());
      expect(key).toBe(fx.emulator.publicKey);
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      const voice = app.to('/voice')[0]!;
      expect(voice.method).toBe('POST');
      expect(voice.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(voice.query).toEqual({ flow: 'main' });
      expect(voice.params).toMatchObject({
        AccountSid: ACCOUNT,
        CallSid: sid,
        From: '+13125550199',
        To: '+13125550100',
        CallerId: '+13125550199',
        CallingPartyType: 'pstn',
        CallStatus: 'in-progress',
      });
      // Telnyx documents no Direction parameter (texml-instruction-fetching.md, webhook schemas).
      expect(voice.params).not.toHaveProperty('Direction');
      expect(voice.params.CallSid).toMatch(/^v3:/);
      expect(voice.params.CallSidLegacy).toMatch(/^v2:/);
      expect(voice.params.ConnectionId).toMatch(/^\d{19}$/);
      expect(Math.abs(Number(voice.headers['telnyx-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(signatureValid(key, voice)).toBe(true);
      expect(signatureValid(key, { ...voice, rawBody: voice.rawBody.replace('pstn', 'sip') })).toBe(false);
      expect(ended(transcript)).toMatchObject({ by: 'hangup', status: 'completed' });
    });

    it('when the application uses GET, then the parameters travel in the query string and the signature covers an empty body', async () => {
      await createApplication('GET');
      app.on('/voice', '<Hangup/>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100' });
      await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      const voice = app.to('/voice')[0]!;
      expect(voice.method).toBe('GET');
      expect(voice.query).toMatchObject({ flow: 'main', CallSid: call.sid, From: '+13125550199' });
      expect(voice.rawBody).toBe('');
      expect(signatureValid(fx.emulator.publicKey, voice)).toBe(true);
    });

    it("when an inbound call ends, then the application's status_callback gets ringing, in-progress and completed with sequence numbers and the duration", async () => {
      await createApplication();
      app.on('/voice', '<Pause length="12"/><Hangup/>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100' });
      await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      const statuses = app.to('/status').map((r) => r.params);
      expect(statuses.map((p) => [p.CallStatus, p.SequenceNumber])).toEqual([
        ['ringing', '0'],
        ['in-progress', '1'],
        ['completed', '2'],
      ]);
      expect(statuses[2]).toMatchObject({ CallDuration: '12', HangupCause: 'normal_clearing', CallbackSource: 'call-progress-events', Timestamp: new Date(START + 12_000).toISOString() });
    });

    it('when ?wait=true and format=text, then the answer is the finished transcript as text', async () => {
      await createApplication();
      app.on('/voice', '<Say>Goodbye now.</Say>');
      const res = await fetch(`${fx.emulator.url}/_emulator/inbound?wait=true&format=text`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+13125550199', to: '+13125550100' }),
      });
      const text = await res.text();
      expect(text).toContain('hears: "Goodbye now."');
      expect(text).toContain('call ended by end-of-document');
    });

    it('when the inbound request is bad, then it gets 400 and says what is wrong', async () => {
      const noApp = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100' });
      expect(noApp.status).toBe(400);
      expect(JSON.stringify(noApp.body)).toContain('there are 0 TeXML applications');
      const badNumber = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '5550199', to: '+13125550100', url: `${app.url}/voice` });
      expect(JSON.stringify(badNumber.body)).toContain('from must be +E.164');
      const badScript = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100', url: `${app.url}/voice`, script: { caller: [{ press: 'x' }] } });
      expect(badScript.status).toBe(400);
      expect(JSON.stringify(badScript.body)).toContain('invalid call script');
    });

    it('when the transcript is asked for over HTTP, then it lists the events in order, as JSON and as text', async () => {
      app.on('/voice', '<Say>Hi.</Say><Hangup/>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}/voice` });
      await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      const json = await http(fx.emulator, 'GET', `/_emulator/calls/${encodeURIComponent(call.sid)}/transcript`);
      const events = (json.body as { data: { events: { seq: number; kind: string }[]; ended_by?: string; endedBy: string } }).data;
      expect(events.endedBy).toBe('hangup');
      expect(events.events.map((e) => e.kind)).toEqual(['status', 'webhook', 'status', 'heard', 'verb', 'ended']);
      expect(events.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      const text = await fetch(`${fx.emulator.url}/_emulator/calls/${encodeURIComponent(call.sid)}/transcript?format=text`).then((r) => r.text());
      expect(text).toMatch(/0\.0s {2}hears: "Hi\."/);
      expect((await http(fx.emulator, 'GET', '/_emulator/calls/v3:nope/transcript')).status).toBe(404);
      const list = await http(fx.emulator, 'GET', '/_emulator/transcripts');
      expect((list.body as { data: unknown[] }).data).toEqual([expect.objectContaining({ call_sid: call.sid, ended_by: 'hangup', status: 'completed' })]);
    });
  });

  describe('calls created through the REST API', () => {
    it('when the SDK creates a call, then it rings, is answered, fetches its Url and posts the status events it asked for', async () => {
      app.on('/outbound', '<Say>Your appointment is tomorrow.</Say><Hangup/>');
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, {
        body: {
          To: '+13125550199',
          From: '+13125550100',
          ApplicationSid: APP_SID,
          Url: `${app.url}/outbound`,
          StatusCallback: `${app.url}/status`,
          StatusCallbackEvent: 'initiated ringing answered completed',
        },
      });
      const [call] = await created;
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/outbound')[0]!.params).toMatchObject({ To: '+13125550199', CallSid: call.sid });
      expect(app.to('/status').map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
      const fetched = await fx.client.texml.accounts.calls.retrieve(call.sid, { account_sid: ACCOUNT });
      // 3 s of ringing, then a six-word Say (2.3 s at 160 words a minute) before the Hangup.
      expect(fetched).toMatchObject({ status: 'completed', duration: '2' });
      expect(ended(transcript).by).toBe('hangup');
    });

    it('when the callee is busy (scripted by number), then no TeXML is fetched and the call ends busy with a completed callback', async () => {
      fx.emulator.calls.setScript('+13125550199', { answer: 'busy' });
      app.on('/outbound', '<Hangup/>');
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, StatusCallback: `${app.url}/status` } });
      const [call] = await created;
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/outbound')).toHaveLength(0);
      expect(app.to('/status').map((r) => r.params.CallStatus)).toEqual(['busy']);
      expect(ended(transcript)).toMatchObject({ by: 'busy', status: 'busy' });
    });

    it('when a script is set over HTTP for a number, then calls to that number follow it', async () => {
      const put = await http(fx.emulator, 'PUT', `/_emulator/scripts/${encodeURIComponent('+13125550199')}`, { answer: 'no-answer' });
      expect(put.status).toBe(200);
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, { body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, Timeout: 15 } });
      const [call] = await created;
      expect(ended(await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 }))).toMatchObject({ by: 'no-answer', status: 'no-answer' });
      expect(clock.now() - START).toBe(15_000);
    });

    it('when MachineDetection is on (synchronous), then the Url fetch has no AnsweredBy, the TeXML is held and the verdict goes to the status callback, whose TeXML answer replaces it', async () => {
      fx.emulator.calls.setScript('+13125550199', { answered_by: 'machine_end_beep' });
      app.on('/outbound', '<Say>Hello person.</Say><Hangup/>').on('/status', (params) => (params.AnsweredBy ? '<Say>Hello machine.</Say><Hangup/>' : { status: 200, body: '', type: 'text/plain' }));
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, {
        body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, MachineDetection: 'Enable', StatusCallback: `${app.url}/status`, StatusCallbackEvent: 'answered' },
      });
      const [call] = await created;
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/outbound')[0]!.params.AnsweredBy).toBeUndefined();
      const [answered, verdict] = app.to('/status');
      expect(answered!.params).toMatchObject({ CallStatus: 'in-progress' });
      expect(answered!.params.AnsweredBy).toBeUndefined();
      // OpenAPI TexmlCallAmdWebhookSchema: exactly these, no CallStatus.
      expect(Object.keys(verdict!.params).sort()).toEqual(['AccountSid', 'AnsweredBy', 'CallSid', 'CallSidLegacy', 'ConnectionId', 'MachineDetectionDuration']);
      expect(verdict!.params).toMatchObject({ AnsweredBy: 'machine_end_beep', CallSid: call.sid, MachineDetectionDuration: '3500' });
      const heard = transcript.events.flatMap((e) => (e.kind === 'heard' ? [e.text] : []));
      expect(heard).toEqual(['Hello machine.']);
      expect((await fx.client.texml.accounts.calls.retrieve(call.sid, { account_sid: ACCOUNT })).answered_by).toBe('machine');
    });

    it('when the synchronous verdict is answered with an empty body, then the held TeXML plays', async () => {
      fx.emulator.calls.setScript('+13125550199', { answered_by: 'human' });
      app.on('/outbound', '<Say>Hello person.</Say><Hangup/>').on('/status', { status: 200, body: '', type: 'text/plain' });
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, {
        body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, MachineDetection: 'DetectMessageEnd', StatusCallback: `${app.url}/status` },
      });
      const [call] = await created;
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/status').map((r) => r.params.AnsweredBy ?? r.params.CallStatus)).toEqual(['human', 'completed']);
      expect(transcript.events.flatMap((e) => (e.kind === 'heard' ? [e.text] : []))).toEqual(['Hello person.']);
    });

    it('when detection is asynchronous, then the TeXML plays at once and AsyncAmdStatusCallback gets the verdict while it plays', async () => {
      fx.emulator.calls.setScript('+13125550199', { answered_by: 'human' });
      app.on('/outbound', '<Say>Hello there, this is a long enough message to outlast detection.</Say><Hangup/>');
      const created = fx.emulator.state.waitFor('call.created');
      await fx.client.texml.accounts.calls.calls(ACCOUNT, {
        body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, MachineDetection: 'Enable', AsyncAmd: true, AsyncAmdStatusCallback: `${app.url}/amd` },
      });
      const [call] = await created;
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/outbound')[0]!.params.AnsweredBy).toBeUndefined();
      expect(Object.keys(app.to('/amd')[0]!.params).sort()).toEqual(['AccountSid', 'AnsweredBy', 'CallSid', 'CallSidLegacy', 'ConnectionId', 'MachineDetectionDuration']);
      expect(app.to('/amd')[0]!.params).toMatchObject({ AnsweredBy: 'human', CallSid: call.sid });
      // The verdict came while the Say played, detection's time after the answer.
      const kinds = transcript.events.map((e) => e.kind);
      expect(kinds.indexOf('heard')).toBeLessThan(kinds.lastIndexOf('callback'));
    });

    it('when a parked call is redirected through the REST API, then it leaves the queue and plays the new Url', async () => {
      app.on('/voice', '<Enqueue waitUrl="/wait">support</Enqueue>').on('/wait', '<Say>Hold.</Say>').on('/elsewhere', '<Say>Moved.</Say><Hangup/>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}/voice`, script: { caller: [{ queue: 'hold' }] } });
      await fx.emulator.state.waitFor('queue.updated', (q) => q.members.length === 1);
      await new Promise<void>((resolve) => fx.emulator.calls.on('transcript.event', (sid, e) => sid === call.sid && e.kind === 'note' && resolve()));
      await fx.client.texml.accounts.calls.update(call.sid, { account_sid: ACCOUNT, Url: `${app.url}/elsewhere` });
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(transcript.events.some((e) => e.kind === 'heard' && e.text === 'Moved.')).toBe(true);
      expect(fx.emulator.state.queues.findByName(ACCOUNT, 'support')!.members).toEqual([]);
    });

    it('when a parked call is hung up through the REST API, then it ends by api and posts its completed callback', async () => {
      await createApplication();
      app.on('/voice', '<Enqueue waitUrl="/wait">support</Enqueue>').on('/wait', '<Say>Hold.</Say>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', script: { caller: [{ queue: 'hold' }] } });
      await new Promise<void>((resolve) => fx.emulator.calls.on('transcript.event', (sid, e) => sid === call.sid && e.kind === 'note' && resolve()));
      await fx.client.texml.accounts.calls.update(call.sid, { account_sid: ACCOUNT, Status: 'completed' });
      const transcript = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(ended(transcript)).toMatchObject({ by: 'api', status: 'completed' });
      expect(app.to('/status').at(-1)!.params.CallStatus).toBe('completed');
    });
  });

  describe('errors', () => {
    async function play(path: string): Promise<CallTranscriptSnapshot> {
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}${path}` });
      // The redirect loop makes 200 real HTTP round trips: generous on a loaded machine.
      return fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 60_000 });
    }

    it('when the answer is not well-formed XML, then the call ends with an error naming the line and column', async () => {
      app.on('/voice', '<?xml version="1.0"?>\n<Response>\n  <Say>Oops</Response>');
      const t = await play('/voice');
      // Never answered (the first document failed), so the call fails.
      expect(ended(t)).toMatchObject({ by: 'error', status: 'failed' });
      expect(ended(t).cause).toBe('invalid TeXML: </Response> closes <Say> (line 3, column 12)');
      expect(t.events.some((e) => e.kind === 'error')).toBe(true);
    });

    it('when the root is not <Response>, then the call ends with an error', async () => {
      app.on('/voice', { status: 200, body: '<Document><Say>x</Say></Document>' });
      expect(ended(await play('/voice')).cause).toBe('invalid TeXML: the root element is <Document>, not <Response>');
    });

    it.each([
      ['<Client>x</Client>', 'unknown TeXML verb <Client>'],
      ['<Refer><Sip>sip:a@b</Sip></Refer>', '<Refer> is a TeXML verb the emulator does not model'],
      ['<Pause length="500"/>', '<Pause length="500"> must be an integer from 1 to 180'],
    ])('when the document has %s, then the call ends with an error', async (texml, message) => {
      app.on('/voice', texml);
      const t = await play('/voice');
      expect(ended(t).by).toBe('error');
      expect(ended(t).cause).toContain(message);
    });

    it('when <Reject> follows other verbs, then the answered call hangs up there and completes (Telnyx runs it wherever it stands)', async () => {
      app.on('/voice', '<Say>Hi.</Say><Reject reason="busy"/><Say>Never.</Say>');
      const t = await play('/voice');
      expect(ended(t)).toMatchObject({ by: 'reject', status: 'completed' });
      expect(t.events.some((e) => e.kind === 'verb' && e.verb === 'Reject' && e.detail.includes('hangs up the answered call'))).toBe(true);
      expect(t.events.filter((e) => e.kind === 'heard').map((e) => (e.kind === 'heard' ? e.text : ''))).toEqual(['Hi.']);
    });

    it('when the document has <Pay> or <Connect> services, then they end at once and the call goes on to the action URL or the next verb', async () => {
      app
        .on('/voice', '<Pay action="/paid" chargeAmount="5.00"/>')
        .on('/paid', '<Connect action="/after"><AIAssistant id="a1"/></Connect><Say>Not reached.</Say>')
        .on('/after', '<Connect><ConversationRelay url="wss://relay"/></Connect><Say>Bye.</Say>');
      const t = await play('/voice');
      expect(ended(t).by).toBe('end-of-document');
      expect(t.events.filter((e) => e.kind === 'verb').map((e) => (e.kind === 'verb' ? e.verb : ''))).toEqual(['Pay', 'Connect', 'Connect']);
      expect(t.events.filter((e) => e.kind === 'heard').map((e) => (e.kind === 'heard' ? e.text : ''))).toEqual(['Bye.']);
      expect(t.events.filter((e) => e.kind === 'webhook').map((e) => (e.kind === 'webhook' ? e.purpose : ''))).toEqual(['voice', 'action', 'action']);
    });

    it('when the document has <AIGather>, then its greeting is heard, nothing is gathered and the document goes on', async () => {
      app.on('/voice', '<AIGather action="/ai"><Greeting>Your age?</Greeting><Parameters><![CDATA[{"type":"object"}]]></Parameters></AIGather><Say>Next.</Say>');
      const t = await play('/voice');
      expect(ended(t).by).toBe('end-of-document');
      expect(t.events.filter((e) => e.kind === 'heard').map((e) => (e.kind === 'heard' ? e.text : ''))).toEqual(['Your age?', 'Next.']);
      expect(t.events.filter((e) => e.kind === 'webhook').map((e) => (e.kind === 'webhook' ? e.purpose : ''))).toEqual(['voice']);
    });

    it('when the first verb is <Reject reason="busy">, then the call is never answered and ends busy, by reject', async () => {
      app.on('/voice', '<Reject reason="busy"/>');
      const t = await play('/voice');
      expect(ended(t)).toMatchObject({ by: 'reject', status: 'busy', durationSeconds: 0 });
      expect(t.events.some((e) => e.kind === 'status' && e.status === 'in-progress')).toBe(false);
    });

    it('when the voice URL answers 500 and the application has a fallback URL, then the fallback is fetched with the error', async () => {
      await createApplication('POST', { voice_url: `${app.url}/broken`, voice_fallback_url: `${app.url}/fallback` });
      app.on('/broken', { status: 500, body: 'boom', type: 'text/plain' }).on('/fallback', '<Say>Fallback.</Say>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100' });
      const t = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(app.to('/fallback')[0]!.params).toMatchObject({ ErrorCode: '11205', ErrorUrl: `${app.url}/broken` });
      expect(t.events.some((e) => e.kind === 'heard' && e.text === 'Fallback.')).toBe(true);
    });

    it('when the voice URL cannot be reached, then the call ends with an error saying so', async () => {
      const closed = await TexmlServer.start();
      await closed.close();
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${closed.url}/voice` });
      const t = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(ended(t)).toMatchObject({ by: 'error', status: 'failed' });
      expect(ended(t).cause).toBe(`could not fetch TeXML from ${closed.url}/voice: ECONNREFUSED`);
    });

    it('when Redirects loop, then the call ends with an error after the document limit', async () => {
      app.on('/voice', '<Redirect>/voice</Redirect>');
      const t = await play('/voice');
      expect(ended(t).cause).toContain('more than 200 TeXML documents in one call');
    }, 90_000);

    it('when the caller hangs up in the middle of a long Say, then the call ends by the caller at that moment', async () => {
      app.on('/voice', '<Say>This message is long enough to take several seconds to read out loud to the caller.</Say><Say>Never.</Say>');
      const call = fx.emulator.calls.inbound({ from: '+13125550199', to: '+13125550100', url: `${app.url}/voice`, script: { hangup_after: 2 } });
      const t = await fx.emulator.calls.waitForEnd(call.sid, { timeoutMs: 10_000 });
      expect(ended(t)).toMatchObject({ by: 'caller', durationSeconds: 2 });
      expect(t.events.filter((e) => e.kind === 'heard')).toHaveLength(1);
    });
  });
});
