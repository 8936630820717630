import { ServiceUrls } from '../../src/urls/service-urls';
import { ManualClock, type CallScriptInput, type CallTranscriptSnapshot } from '../../src/emulator';
import { isTerminalCallStatus } from '../../src/emulator/emulator-models';
import { baseCampaign, CampaignFixture, contactsCsv } from './support/campaign-fixture';

const MONDAY_NOON_CHICAGO = Date.UTC(2026, 0, 5, 18, 0);

function heard(transcript: CallTranscriptSnapshot | undefined): string[] {
  return (transcript?.events ?? []).flatMap((e) => (e.kind === 'heard' && e.text ? [e.text] : []));
}

describe('campaign outcomes', () => {
  let fx: CampaignFixture;
  afterEach(async () => fx?.close());

  it('when 1,000 contacts answer, are busy, do not answer, fail or are machines, then every contact ends final and the emulator dialed each number exactly as the retry policy says', async () => {
    const clock = new ManualClock(MONDAY_NOON_CHICAGO);
    fx = await CampaignFixture.start({ clock, tickMs: 10 });
    const count = 1000;
    const numberOf = (i: number) => `+1312555${String(1000 + i).padStart(4, '0')}`;
    // Outcome by i % 10: 0-3 a person; 4 busy every time; 5 never answers; 6 fails; 7 a machine
    // every time; 8 busy once, then a person; 9 no answer once, then a person.
    const scripts: Record<number, CallScriptInput> = { 4: { answer: 'busy' }, 5: { answer: 'no-answer' }, 6: { answer: 'failed' }, 7: { answered_by: 'machine_end_beep' }, 8: { answer: 'busy' }, 9: { answer: 'no-answer' } };
    const thenAnswer = new Set<string>();
    for (let i = 0; i < count; i++) {
      const script = scripts[i % 10];
      if (script) fx.emulator.calls.setScript(numberOf(i), script);
      if (i % 10 >= 8) thenAnswer.add(numberOf(i));
    }
    // Count calls up at once (by the emulator's view) and turn the one-off failures into answers.
    let up = 0;
    let maxUp = 0;
    const ended = new Set<string>();
    fx.emulator.state.on('call.created', (call) => {
      up += 1;
      maxUp = Math.max(maxUp, up);
      if (thenAnswer.delete(call.to)) fx.emulator.calls.setScript(call.to, {});
    });
    const heardBySid = new Map<string, string[]>();
    fx.emulator.calls.on('transcript.event', (sid, event) => {
      if (event.kind === 'heard' && event.text) heardBySid.set(sid, [...(heardBySid.get(sid) ?? []), event.text]);
    });
    fx.emulator.state.on('call.updated', (call) => {
      if (isTerminalCallStatus(call.status) && !ended.has(call.sid)) {
        ended.add(call.sid);
        up -= 1;
      }
    });

    const id = await fx.create(
      baseCampaign({
        caller_id: ['+13125550100', '+13125550101'],
        pacing: { dials_per_second: 500, max_concurrent: 40 },
        amd: { mode: 'detect', on_machine: { step: 'voicemail' } },
        retry: { busy: { delay: '10m', max_attempts: 3 }, 'no-answer': { delay: '30m', max_attempts: 2 }, machine: { delay: '1h', max_attempts: 2 } },
        live_call_timeout: '1d',
      }),
      contactsCsv(count),
    );
    await fx.service.transition(id, 'start');
    // A bound, not a pace: on a loaded machine (a full suite beside benchmarks) this took 98 s.
    const done = await fx.finished(id, { timeoutMs: 300_000, advance: fx.advanceWhenIdle(id) });

    expect(done.state).toBe('completed');
    expect(done.contacts).toMatchObject({ total: count, done: count, waiting: 0, scheduled: 0, dialing: 0 });
    expect(done.outcomes).toMatchObject({ answered: 600, busy: 100, 'no-answer': 100, failed: 100, machine: 100, unknown: 0, error: 0 });
    const expectedDials: Record<number, number> = { 0: 1, 1: 1, 2: 1, 3: 1, 4: 3, 5: 2, 6: 1, 7: 2, 8: 2, 9: 2 };
    const dials = fx.dialsByNumber();
    const wrong: string[] = [];
    for (let i = 0; i < count; i++) if (dials.get(numberOf(i)) !== expectedDials[i % 10]) wrong.push(`${numberOf(i)}: ${dials.get(numberOf(i))} dials, expected ${expectedDials[i % 10]}`);
    expect(wrong).toEqual([]);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(1600);
    expect(done.dials).toBe(1600);
    expect(maxUp).toBeLessThanOrEqual(40);
    // Both caller ids were used, round-robin.
    const froms = new Set(fx.emulator.state.dialLog.list().map((e) => e.from));
    expect(froms).toEqual(new Set(['+13125550100', '+13125550101']));

    // Results: one row per contact with its outcome, attempts, last call sid, AMD and duration.
    const csv = (await fx.api('get', `/api/campaigns/${id}/results.csv`).expect(200)).text.trim().split('\n');
    expect(csv[0]).toBe('contact,phone,state,outcome,attempts,history,last_call_sid,answered_by,duration_seconds,last_attempt_at,error,line');
    expect(csv).toHaveLength(count + 1);
    const row = (i: number) => csv[i + 1]!.split(',');
    expect(row(0).slice(0, 6)).toEqual(['1', numberOf(0), 'done', 'answered', '1', 'answered']);
    expect(row(0)[6]).toMatch(/^v3:/);
    expect(row(0)[7]).toBe('human');
    expect(Number(row(0)[8])).toBeGreaterThan(0);
    expect(row(4).slice(3, 6)).toEqual(['busy', '3', 'busy busy busy']);
    expect(row(7).slice(3, 6)).toEqual(['machine', '2', 'machine machine']);
    expect(row(7)[7]).toBe('machine_end_beep');
    expect(row(8).slice(3, 6)).toEqual(['answered', '2', 'busy answered']);
    expect(row(9).slice(3, 6)).toEqual(['answered', '2', 'no-answer answered']);

    // The person heard the flow with their variables; the machine went straight to the voicemail step.
    const toOf = new Map(fx.emulator.state.dialLog.list().map((e) => [e.callSid, e.to]));
    const heardBy = (to: string) => [...heardBySid].filter(([sid]) => toOf.get(sid) === to).flatMap(([, texts]) => texts);
    expect(heardBy(numberOf(0))).toEqual(['Hello Name0, this is a reminder of your appointment Tuesday.']);
    expect(heardBy(numberOf(7))).toEqual(['Sorry we missed you. Please call us back.', 'Sorry we missed you. Please call us back.']);
  }, 360_000);

  it('when machines are to be hung up on, then they hear nothing and people still get the flow', async () => {
    fx = await CampaignFixture.start();
    fx.emulator.calls.setScript('+13125551001', { answered_by: 'machine_start' });
    const id = await fx.create(baseCampaign({ amd: { mode: 'detect-message-end', on_machine: 'hangup' } }), contactsCsv(2));
    await fx.service.transition(id, 'start');
    const done = await fx.finished(id);
    expect(done.outcomes).toMatchObject({ answered: 1, machine: 1 });
    const transcripts = fx.emulator.calls.listTranscripts();
    const machine = transcripts.find((t) => t.to === '+13125551001')!;
    expect(heard(machine)).toEqual([]);
    expect(machine.endedBy).toBe('hangup');
    expect(heard(transcripts.find((t) => t.to === '+13125551000'))).toEqual(['Hello Name0, this is a reminder of your appointment Tuesday.']);
    expect(fx.emulator.state.dialLog.list()[0]).toBeDefined();
    const created = fx.emulator.state.calls.list().find((c) => c.to === '+13125551001')!;
    expect(created.params.MachineDetection).toBe('DetectMessageEnd');
    // The flow rides (sealed) on the status callback, where the synchronous AMD verdict comes.
    const status = new URL(String(created.params.StatusCallback));
    expect(ServiceUrls.fromConfig(fx.config).readCallback('call-status', Object.fromEntries(status.searchParams), {})).toMatchObject({ flow: 'campaign-test', attempt: { contact: 2, attempt: 1 } });
  });

  it('when machines are left to the flow, then the flow sees AnsweredBy and branches itself', async () => {
    fx = await CampaignFixture.start();
    fx.emulator.calls.setScript('+13125551000', { answered_by: 'machine_end_silence' });
    const id = await fx.create(baseCampaign({ amd: { mode: 'detect' } }), contactsCsv(1));
    await fx.service.transition(id, 'start');
    const done = await fx.finished(id);
    expect(done.outcomes).toMatchObject({ machine: 1 });
    expect(heard(fx.emulator.calls.listTranscripts()[0])).toEqual(['The flow itself noticed a machine.', 'Sorry we missed you. Please call us back.']);
  });
});
