import { ServiceUrls } from '../../src/urls/service-urls';
import type { CallTranscriptSnapshot } from '../../src/emulator';
import { isTerminalCallStatus } from '../../src/emulator/emulator-models';
import { baseCampaign, CampaignFixture, contactsCsv } from '../campaigns/support/campaign-fixture';

/**
 * Campaign `on_machine` and `retry.machine` with answering-machine detection in both of Telnyx's
 * modes, end to end: the dispatcher, the dials worker, the emulator playing calls as Telnyx
 * documents AMD (synchronous: TeXML held, verdict on the status callback, its answer obeyed;
 * asynchronous: TeXML at once, verdict on AsyncAmdStatusCallback), the real web service answering
 * the verdicts, and (asynchronous) the worker running the calls.update that redirects the machine.
 */
function heard(transcript: CallTranscriptSnapshot | undefined): string[] {
  return (transcript?.events ?? []).flatMap((e) => (e.kind === 'heard' && e.text ? [e.text] : []));
}

const VOICEMAIL = 'Sorry we missed you. Please call us back.';
const GREETING = 'Hello Name0, this is a reminder of your appointment Tuesday.';

/**
 * Asynchronous AMD redirects through a job the worker runs outside the emulator's simulated time:
 * once a machine's verdict has been posted, time is held until the call is updated (or ends), so
 * the call does not play on to its end meanwhile, as a real call would not in a few real seconds.
 */
function holdTimeForRedirects(fx: CampaignFixture): void {
  const held = new Map<string, () => void>();
  fx.emulator.calls.on('transcript.event', (sid, event) => {
    if (event.kind === 'callback' && event.purpose === 'amd' && /^(machine|fax)/.test(event.params.AnsweredBy ?? '') && !held.has(sid)) {
      held.set(sid, fx.emulator.calls.holdTime());
    }
  });
  fx.emulator.state.on('call.updated', (call) => {
    const release = held.get(call.sid);
    if (release && (call.texml !== undefined || isTerminalCallStatus(call.status))) release();
  });
}

describe('campaign AMD, both modes', () => {
  let fx: CampaignFixture;
  afterEach(async () => fx?.close());

  describe.each([
    ['synchronous', false],
    ['asynchronous', true],
  ] as const)('%s detection', (_mode, async) => {
    it('when a machine answers twice and a person once, then the machine gets the voicemail step each time, is retried as retry.machine says, and ends as machine', async () => {
      fx = await CampaignFixture.start();
      if (async) holdTimeForRedirects(fx);
      fx.emulator.calls.setScript('+13125551001', { answered_by: 'machine_end_beep' });
      const id = await fx.create(
        baseCampaign({ amd: { mode: 'detect', on_machine: { step: 'voicemail' }, async }, retry: { machine: { delay: '1s', max_attempts: 2 } } }),
        contactsCsv(2),
      );
      await fx.service.transition(id, 'start');
      const done = await fx.finished(id, { timeoutMs: 60000 });

      expect(done.outcomes).toMatchObject({ answered: 1, machine: 1 });
      const transcripts = fx.emulator.calls.listTranscripts();
      const machines = transcripts.filter((t) => t.to === '+13125551001');
      expect(machines).toHaveLength(2);
      for (const machine of machines) {
        // Synchronous: only the voicemail. Asynchronous: the greeting had started when the verdict came.
        expect(heard(machine).at(-1)).toBe(VOICEMAIL);
        if (!async) expect(heard(machine)).toEqual([VOICEMAIL]);
      }
      expect(heard(transcripts.find((t) => t.to === '+13125551000'))).toEqual([GREETING]);

      const created = fx.emulator.state.calls.list().find((c) => c.to === '+13125551001')!;
      expect(created.params.MachineDetection).toBe('Enable');
      expect(String(created.params.AsyncAmd ?? 'false')).toBe(String(async));
      // The flow runs from its own Url; the callbacks carry the flow, its variables and the machine handling.
      expect(new URL(String(created.params.Url)).pathname).toBe('/voice');
      const callback = new URL(String(async ? created.params.AsyncAmdStatusCallback : created.params.StatusCallback));
      // Sealed by the worker (src/urls); read back with the same module.
      expect(ServiceUrls.fromConfig(fx.config).readCallback('call-status', Object.fromEntries(callback.searchParams), {})).toMatchObject({ flow: 'campaign-test', machine: { kind: 'step', step: 'voicemail' } });

      const csv = (await fx.api('get', `/api/campaigns/${id}/results.csv`).expect(200)).text.trim().split('\n');
      const machineRow = csv.find((line) => line.includes('+13125551001'))!.split(',');
      expect(machineRow.slice(3, 5)).toEqual(['machine', '2']);
      expect(machineRow).toContain('machine_end_beep');
    }, 90000);

    it('when machines are hung up on, then a machine hears nothing after the verdict and the call ends', async () => {
      fx = await CampaignFixture.start();
      if (async) holdTimeForRedirects(fx);
      fx.emulator.calls.setScript('+13125551000', { answered_by: 'machine_start' });
      const id = await fx.create(baseCampaign({ amd: { mode: 'detect-message-end', on_machine: 'hangup', async } }), contactsCsv(1));
      await fx.service.transition(id, 'start');
      const done = await fx.finished(id, { timeoutMs: 60000 });
      expect(done.outcomes).toMatchObject({ machine: 1 });
      const [machine] = fx.emulator.calls.listTranscripts();
      if (!async) {
        expect(heard(machine)).toEqual([]);
        expect(machine!.endedBy).toBe('hangup');
      } else {
        expect(machine!.endedBy).toBe('api');
      }
    }, 90000);

    it('when machines are left to the flow, then the flow\'s own machine branch plays', async () => {
      fx = await CampaignFixture.start();
      if (async) holdTimeForRedirects(fx);
      fx.emulator.calls.setScript('+13125551000', { answered_by: 'machine_end_silence' });
      const id = await fx.create(baseCampaign({ amd: { mode: 'detect', async } }), contactsCsv(1));
      await fx.service.transition(id, 'start');
      const done = await fx.finished(id, { timeoutMs: 60000 });
      expect(done.outcomes).toMatchObject({ machine: 1 });
      const said = heard(fx.emulator.calls.listTranscripts()[0]);
      expect(said.slice(-2)).toEqual(['The flow itself noticed a machine.', VOICEMAIL]);
      if (!async) expect(said).toHaveLength(2);
    }, 90000);
  });
});
