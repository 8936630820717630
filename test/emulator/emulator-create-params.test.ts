import { createServer, type Server, type Socket } from 'node:net';
import Telnyx from 'telnyx';
import type { CallTranscriptSnapshot, TranscriptEvent } from '../../src/emulator';
import { ACCOUNT, APP_SID, http, usePlayerFixture } from './support/emulator-fixture';

const START = Date.UTC(2026, 2, 2, 16, 0, 0);
const ended = (t: CallTranscriptSnapshot) => t.events.find((e): e is Extract<TranscriptEvent, { kind: 'ended' }> => e.kind === 'ended')!;
type Unprocessable = InstanceType<typeof Telnyx.UnprocessableEntityError>;

/** A TCP server that accepts connections and never answers: a voice URL that hangs. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/voice`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('emulator: call create parameters are validated and act as Telnyx documents them', () => {
  const { fx, app } = usePlayerFixture(START);

  async function create(body: Record<string, unknown>): Promise<string> {
    const created = fx.emulator.state.waitFor('call.created');
    await fx.client.texml.accounts.calls.calls(ACCOUNT, {
      body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, ...body } as never,
    });
    const [call] = await created;
    return call.sid;
  }

  async function refused(body: Record<string, unknown>): Promise<Unprocessable> {
    const error = await fx.client.texml.accounts.calls
      .calls(ACCOUNT, { body: { To: '+13125550199', From: '+13125550100', ApplicationSid: APP_SID, Url: `${app.url}/outbound`, ...body } as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Telnyx.UnprocessableEntityError);
    return error as Unprocessable;
  }

  describe('validation (InitiateCallRequest), with the error codes of its 422 examples', () => {
    it.each([
      ['MachineDetectionTimeout', 499, '10015'],
      ['MachineDetectionTimeout', 60_001, '10015'],
      ['MachineDetectionTimeout', 'soon', '10026'],
      ['MachineDetectionPromptEndTimeout', 999, '10015'],
      ['MachineDetectionSpeechThreshold', -1, '10015'],
      ['MachineDetectionSpeechEndThreshold', 'x', '10026'],
      ['MachineDetectionSilenceTimeout', 1.5, '10026'],
      ['CancelPlaybackOnMachineDetection', 'maybe', '10026'],
      ['CancelPlaybackOnDetectMessageEnd', 3, '10026'],
      ['MachineDetectionBeepProfile', 'loud', '10032'],
      ['MachineDetectionBeepSpectralMinPurity', 1.5, '10015'],
      ['MachineDetectionBeepMinFrequency', 'high', '10026'],
      ['DeepfakeDetection', 'Disable', '10032'],
      ['MachineDetection', 'enable', '10032'],
      ['RecordingChannels', 'stereo', '10032'],
      ['PreferredCodecs', 'PCMA;PCMU', '10015'],
      ['SipAuthUsername', { user: 'x' }, '10026'],
      ['CustomHeaders', 'X-Foo: bar', '10026'],
    ])('when %s is %p, then 422 with code %s points at it', async (field, value, code) => {
      const error = await refused({ [field]: value });
      expect(error.error).toEqual({ errors: [expect.objectContaining({ code, source: { pointer: `/${field}` } })] });
    });

    it('when a CustomHeaders entry lacks its value, then the pointer names the entry', async () => {
      const error = await refused({ CustomHeaders: [{ name: 'X-Ok', value: '1' }, { name: 'X-Bad' }] });
      expect(error.error).toEqual({ errors: [expect.objectContaining({ code: '10004', source: { pointer: '/CustomHeaders/1/value' } })] });
    });

    it('when every documented option is given a valid value, then the call is placed', async () => {
      app.on('/outbound', '<Hangup/>');
      const sid = await create({
        MachineDetection: 'Enable',
        MachineDetectionTimeout: 5000,
        MachineDetectionSpeechThreshold: 2000,
        MachineDetectionSpeechEndThreshold: 800,
        MachineDetectionSilenceTimeout: 3500,
        MachineDetectionBeepProfile: 'freq_only',
        MachineDetectionBeepSpectralMinPurity: 0.8,
        CancelPlaybackOnMachineDetection: false,
        CancelPlaybackOnDetectMessageEnd: true,
        CustomHeaders: [{ name: 'X-Campaign', value: 'spring' }],
        SipAuthUsername: 'user',
        SipAuthPassword: 'secret',
        PreferredCodecs: 'PCMA,PCMU',
        SipRegion: 'Europe',
      });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(fx.emulator.state.calls.get(sid)?.params).toMatchObject({ CustomHeaders: [{ name: 'X-Campaign', value: 'spring' }] });
    });
  });

  describe('MachineDetectionTimeout', () => {
    it('when detection would take longer than MachineDetectionTimeout, then it gives up at the timeout with AnsweredBy=unknown', async () => {
      fx.emulator.calls.setScript('+13125550199', { answered_by: 'machine_end_beep' });
      app.on('/outbound', '<Say>Hello.</Say><Pause length="5"/><Hangup/>');
      const sid = await create({ MachineDetection: 'Enable', AsyncAmd: true, AsyncAmdStatusCallback: `${app.url}/amd`, MachineDetectionTimeout: 1000 });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(app.to('/amd')[0]!.params).toMatchObject({ AnsweredBy: 'unknown', MachineDetectionDuration: '1000' });
    });

    it('when detection decides within MachineDetectionTimeout, then the scripted verdict comes', async () => {
      fx.emulator.calls.setScript('+13125550199', { answered_by: 'machine_end_beep' });
      app.on('/outbound', '<Say>Hello.</Say><Pause length="5"/><Hangup/>');
      const sid = await create({ MachineDetection: 'Enable', AsyncAmd: true, AsyncAmdStatusCallback: `${app.url}/amd`, MachineDetectionTimeout: 5000 });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(app.to('/amd')[0]!.params).toMatchObject({ AnsweredBy: 'machine_end_beep', MachineDetectionDuration: '3500' });
    });
  });

  describe('Record=true', () => {
    it('when a call is created with Record and its recording options, then the leg is recorded from answer to end with the callbacks asked for', async () => {
      app.on('/outbound', '<Say>Hello there.</Say><Pause length="4"/><Hangup/>');
      const sid = await create({
        Record: true,
        RecordingChannels: 'dual',
        RecordingTrack: 'inbound',
        RecordingStatusCallback: `${app.url}/recording`,
        RecordingStatusCallbackEvent: 'in-progress completed',
        RecordingStatusCallbackMethod: 'POST',
      });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      const recordings = await fx.client.texml.accounts.calls.recordingsJson.retrieveRecordingsJson(sid, { account_sid: ACCOUNT });
      expect(recordings.recordings).toEqual([expect.objectContaining({ call_sid: sid, source: 'OutboundAPI', channels: 2, status: 'completed' })]);
      const recordingSid = recordings.recordings?.[0]?.sid as string;
      expect(Number(recordings.recordings?.[0]?.duration)).toBeGreaterThanOrEqual(4);
      expect(app.to('/recording').map((r) => r.params.RecordingStatus)).toEqual(['in-progress', 'completed']);
      expect(app.to('/recording')[1]!.params).toMatchObject({ CallSid: sid, RecordingSid: recordingSid, RecordingChannels: '2', RecordingSource: 'OutboundAPI' });
    });

    it('when Record is given without events, then only the completed callback comes (the documented default)', async () => {
      app.on('/outbound', '<Pause length="2"/><Hangup/>');
      const sid = await create({ Record: true, RecordingStatusCallback: `${app.url}/recording` });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(app.to('/recording').map((r) => r.params.RecordingStatus)).toEqual(['completed']);
      expect(fx.emulator.state.recordings.list({ callSid: sid })).toEqual([expect.objectContaining({ channels: 1, track: 'both' })]);
    });

    it('when Record is false or absent, then nothing is recorded', async () => {
      app.on('/outbound', '<Pause length="1"/><Hangup/>');
      const sid = await create({ Record: false, RecordingStatusCallback: `${app.url}/recording` });
      await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(fx.emulator.state.recordings.list({ callSid: sid })).toEqual([]);
      expect(app.to('/recording')).toEqual([]);
    });
  });

  describe('TeXML application settings', () => {
    async function application(extra: Record<string, unknown>): Promise<string> {
      const created = await fx.client.texmlApplications.create({ friendly_name: 'router', voice_url: `${app.url}/voice`, ...extra } as never);
      return created.data!.id!;
    }

    it('when the application is inactive, then a create naming it is refused and an inbound call to it fails unanswered', async () => {
      const id = await application({ active: false });
      app.on('/voice', '<Say>Hi.</Say>');
      const error = await refused({ ApplicationSid: id, Url: undefined });
      expect(error.error).toEqual({ errors: [expect.objectContaining({ source: { pointer: '/ApplicationSid' }, detail: expect.stringContaining('not active') })] });
      const res = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100', application: id });
      const sid = (res.body as { data: { call_sid: string } }).data.call_sid;
      const transcript = await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 10_000 });
      expect(ended(transcript)).toMatchObject({ status: 'failed' });
      expect(app.to('/voice')).toEqual([]);
      expect(fx.emulator.state.calls.get(sid)).toMatchObject({ status: 'failed', sipResponseCode: 480 });
    });

    it('when the outbound channel limit is reached, then the next call fails at once with the channel-limit cause', async () => {
      const id = await application({ outbound: { channel_limit: 1 } });
      app.on('/voice', '<Pause length="30"/><Hangup/>');
      fx.emulator.calls.setScript('+13125550199', { ring: 10 });
      const first = await create({ ApplicationSid: id, Url: undefined });
      const second = await create({ ApplicationSid: id, Url: undefined });
      expect(fx.emulator.state.calls.get(second)).toMatchObject({ status: 'failed', sipResponseCode: 403, hangupCause: 'User channel limit exceeded' });
      expect(fx.emulator.state.calls.get(first)?.status).not.toBe('failed');
      await fx.client.texml.accounts.calls.update(first, { account_sid: ACCOUNT, Status: 'canceled' });
    });

    it('when the inbound channel limit is reached, then the next inbound call fails at once', async () => {
      const id = await application({ inbound: { channel_limit: 1 } });
      app.on('/voice', '<Pause length="60"/><Hangup/>');
      const first = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100', application: id });
      const second = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550198', to: '+13125550100', application: id });
      const secondSid = (second.body as { data: { call_sid: string } }).data.call_sid;
      expect(fx.emulator.state.calls.get(secondSid)).toMatchObject({ status: 'failed', sipResponseCode: 403 });
      const firstSid = (first.body as { data: { call_sid: string } }).data.call_sid;
      await fx.client.texml.accounts.calls.update(firstSid, { account_sid: ACCOUNT, Status: 'completed' });
    });

    it('when first_command_timeout is on and the voice URL does not answer in first_command_timeout_secs, then the call ends', async () => {
      const silent = await silentServer();
      try {
        const created = await fx.client.texmlApplications.create({
          friendly_name: 'slow',
          voice_url: silent.url,
          first_command_timeout: true,
          first_command_timeout_secs: 1,
        });
        const res = await http(fx.emulator, 'POST', '/_emulator/inbound', { from: '+13125550199', to: '+13125550100', application: created.data!.id });
        const sid = (res.body as { data: { call_sid: string } }).data.call_sid;
        const transcript = await fx.emulator.calls.waitForEnd(sid, { timeoutMs: 8_000 });
        expect(ended(transcript)).toMatchObject({ by: 'error', cause: expect.stringContaining('no answer within 1000 ms') });
      } finally {
        await silent.close();
      }
    });
  });
});
