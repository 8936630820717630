import { operationCatalogue } from '../../src/jobs/operation-catalogue';
import type { OperationName } from '../../src/jobs/operation-names';
import { APP_SID, JobsFixture, PUBLIC_BASE_URL } from './support/jobs-fixture';

const CUSTOMER = '+13125550111';
const SUPPORT = '+13125550100';
const SECRET_VALUE = 'media-token-value-5f1c2b7e';

/** Every operation of the catalogue, run once against the emulator, in an order that builds what the next one needs. */
describe('operation catalogue against the emulator', () => {
  let fx: JobsFixture;
  const ran = new Set<OperationName>();
  let callSid = '';
  let recordingSid = '';
  let conferenceSid = '';
  let queueSid = '';
  let applicationId = '';

  beforeAll(async () => {
    fx = await JobsFixture.start({ env: { JOBS_TEST_MEDIA_TOKEN: SECRET_VALUE } });
  });
  afterAll(async () => fx.close());

  async function run(op: OperationName, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { jobId } = await fx.submit(op, params);
    const done = await fx.finished(jobId);
    expect({ op, state: done.state, failedReason: done.failedReason }).toEqual({ op, state: 'completed', failedReason: undefined });
    expect(done.job.attemptsMade).toBe(1);
    ran.add(op);
    return (done.result ?? {}) as Record<string, unknown>;
  }

  it('when calls.create names a flow, then the call is placed with the flow URL, variables and status callback', async () => {
    const result = await run('calls.create', { to: CUSTOMER, from: SUPPORT, flow: 'callback-agent', vars: { reason: 'missed call' }, machine_detection: 'Enable' });
    expect(result).toMatchObject({ to: CUSTOMER, from: SUPPORT, status: 'queued', placed: true });
    const [call] = fx.emulator.state.calls.list({ to: CUSTOMER });
    expect(call).toBeDefined();
    callSid = call!.sid;
    expect(call!.params).toMatchObject({
      To: CUSTOMER,
      From: SUPPORT,
      ApplicationSid: APP_SID,
      StatusCallbackEvent: 'initiated ringing answered completed',
      MachineDetection: 'Enable',
    });
    // Both URLs are the service's own, sealed: read back with the module that built them.
    const url = new URL(String(call!.params.Url));
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_BASE_URL}/voice`);
    expect(fx.urls.readVoice(Object.fromEntries(url.searchParams))).toEqual({ kind: 'sealed', flow: 'callback-agent', vars: { reason: 'missed call' } });
    const status = new URL(String(call!.params.StatusCallback));
    expect(`${status.origin}${status.pathname}`).toBe(`${PUBLIC_BASE_URL}/callbacks/call-status`);
    expect(fx.urls.readCallback('call-status', Object.fromEntries(status.searchParams), {})).toEqual({ flow: 'callback-agent', vars: { reason: 'missed call' } });
  });

  it('when the call is read one by one and in a list, then both reads find it', async () => {
    expect(await run('calls.fetch', { call_sid: callSid })).toMatchObject({ sid: callSid, to: CUSTOMER });
    const list = await run('calls.list', { to: CUSTOMER, page_size: '10' });
    expect((list.calls as Array<{ sid: string }>).map((c) => c.sid)).toEqual([callSid]);
  });

  it('when a recording is started, stopped, read, listed and deleted with its transcription, then each step succeeds', async () => {
    fx.emulator.state.calls.setStatus(callSid, 'in-progress');
    const started = await run('calls.recordings.start', { call_sid: callSid, channels: 'dual', play_beep: 'false' });
    recordingSid = String(started.sid);
    expect(fx.emulator.state.recordings.list({ callSid }).map((r) => r.sid)).toEqual([recordingSid]);
    await run('calls.recordings.update', { call_sid: callSid, recording_sid: recordingSid, status: 'stopped' });
    expect(await run('recordings.fetch', { recording_sid: recordingSid })).toMatchObject({ sid: recordingSid });
    expect(JSON.stringify(await run('recordings.list', {}))).toContain(recordingSid);

    const transcription = fx.emulator.state.transcriptions.create({ recordingSid, text: 'call me back tomorrow' });
    expect(await run('transcriptions.fetch', { transcription_sid: transcription.sid })).toMatchObject({ sid: transcription.sid });
    expect(JSON.stringify(await run('transcriptions.list', { page_size: 20 }))).toContain(transcription.sid);
    await run('transcriptions.delete', { transcription_sid: transcription.sid });
    await run('recordings.delete', { recording_sid: recordingSid });
    expect(fx.emulator.state.recordings.list({ callSid })).toEqual([]);
  });

  it('when SIPREC and a media stream are started and stopped, then the emulator saw both, each reporting to its callback route', async () => {
    const siprecCreated = fx.emulator.state.waitFor('siprec.created');
    const siprec = await run('calls.siprec.start', { call_sid: callSid, connector_name: 'recorder', track: 'both_tracks' });
    expect((await siprecCreated)[0]).toMatchObject({ statusCallback: `${PUBLIC_BASE_URL}/callbacks/siprec`, statusCallbackMethod: 'POST' });
    await run('calls.siprec.update', { call_sid: callSid, siprec_sid: String(siprec.sid) });
    const streamCreated = fx.emulator.state.waitFor('stream.created');
    await run('calls.streams.start', { call_sid: callSid, url: 'wss://media.example.test/stream', name: 'quality' });
    expect((await streamCreated)[0]).toMatchObject({ statusCallback: `${PUBLIC_BASE_URL}/callbacks/stream`, statusCallbackMethod: 'POST' });
    await run('calls.streams.update', { call_sid: callSid, stream_sid: 'quality' });
  });

  it('when a participant is dialed into a conference by name, then the conference can be read, announced to, and the participant muted and removed', async () => {
    await run('participants.dial', { conference: 'room-1', to: '+13125550122', from: SUPPORT, label: 'agent', start_conference_on_enter: true });
    const conference = fx.emulator.state.conferences.list().find((c) => c.friendlyName === 'room-1');
    expect(conference).toBeDefined();
    expect(conference).toMatchObject({ statusCallback: `${PUBLIC_BASE_URL}/callbacks/conference`, statusCallbackEvents: ['start', 'end', 'join', 'leave'] });
    conferenceSid = conference!.sid;
    expect(await run('conferences.fetch', { conference_sid: conferenceSid })).toMatchObject({ sid: conferenceSid });
    expect(JSON.stringify(await run('conferences.list', { friendly_name: 'room-1' }))).toContain(conferenceSid);
    await run('participants.update', { conference_sid: conferenceSid, participant: 'agent', muted: 'true' });
    expect(fx.emulator.state.participants.find(conferenceSid, 'agent')?.muted).toBe(true);
    await run('conferences.update', { conference_sid: conferenceSid, announce_url: 'https://router.test/announce' });
    await run('participants.remove', { conference_sid: conferenceSid, participant: 'agent' });
  });

  it('when a queue is created, resized, read, listed and deleted, then the emulator follows', async () => {
    const created = await run('queues.create', { friendly_name: 'support', max_size: '20' });
    queueSid = String(created.sid);
    await run('queues.update', { queue_sid: queueSid, max_size: 50 });
    expect(await run('queues.fetch', { queue_sid: queueSid })).toMatchObject({ sid: queueSid, max_size: 50 });
    expect(JSON.stringify(await run('queues.list', {}))).toContain(queueSid);
    await run('queues.delete', { queue_sid: queueSid });
    expect(fx.emulator.state.queues.get(queueSid)).toBeUndefined();
  });

  it('when a secret is upserted, then Telnyx gets the value the worker read from its environment', async () => {
    expect(await run('secrets.upsert', { name: 'media_stream_token', env: 'JOBS_TEST_MEDIA_TOKEN' })).toEqual({ name: 'media_stream_token', stored: true });
    expect(fx.emulator.state.secrets.valueOf('media_stream_token')).toBe(SECRET_VALUE);
  });

  it('when a TeXML application is created, updated and deleted, then it points at this service until deleted', async () => {
    const created = await run('applications.create', { friendly_name: 'texml-router test', flow: 'main-line' });
    applicationId = String(created.id);
    expect(created).toMatchObject({ voice_url: `${PUBLIC_BASE_URL}/voice?flow=main-line`, status_callback: `${PUBLIC_BASE_URL}/callbacks/call-status` });
    const updated = await run('applications.update', { application_id: applicationId, friendly_name: 'texml-router renamed' });
    expect(updated).toMatchObject({ friendly_name: 'texml-router renamed', voice_url: `${PUBLIC_BASE_URL}/voice` });
    await run('applications.delete', { application_id: applicationId });
    expect(fx.emulator.state.applications.get(applicationId)).toBeUndefined();
  });

  it('when the call is hung up, then it ends', async () => {
    await run('calls.update', { call_sid: callSid, status: 'completed' });
    expect(fx.emulator.state.calls.get(callSid)?.status).toBe('completed');
  });

  it('when the run is over, then every Telnyx operation of the catalogue ran once and succeeded', () => {
    const telnyxOps = (Object.keys(operationCatalogue) as OperationName[]).filter((op) => op !== 'notify');
    expect([...ran].sort()).toEqual(telnyxOps.sort());
  });

  it('when a notify job runs on a worker without a notify sender, then it fails at once saying so (not a Telnyx operation)', async () => {
    const { jobId } = await fx.submit('notify', { event: 'appointment.confirmed', contact: CUSTOMER });
    const done = await fx.finished(jobId);
    expect(done.state).toBe('failed');
    expect(done.job.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/notify: no url in the job and NOTIFY_URL is not set/);
  });
});
