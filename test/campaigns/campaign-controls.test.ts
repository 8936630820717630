import { CampaignDispatcher } from '../../src/campaigns/campaign-dispatcher';
import type { CampaignJobs } from '../../src/campaigns/campaign-dispatcher-options';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import { ManualClock } from '../../src/emulator';
import type { OperationSubmission } from '../../src/jobs/operation-producer-options';
import { baseCampaign, CampaignFixture, contactsCsv } from './support/campaign-fixture';

describe('campaign controls', () => {
  let fx: CampaignFixture;
  afterEach(async () => fx?.close());

  it('when a running campaign is paused, then no new call is placed a second after it, calls already up finish, and resume completes it', async () => {
    fx = await CampaignFixture.start();
    const createdAt: number[] = [];
    fx.emulator.state.on('call.created', () => createdAt.push(Date.now()));
    // Calls that stay up a while (by the emulator's clock) and a pace that leaves most contacts waiting.
    fx.emulator.calls.setScript('*', { ring: 5 });
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 40, max_concurrent: 500 } }), contactsCsv(120));
    await fx.service.transition(id, 'start');
    await fx.until('some calls were placed', () => createdAt.length >= 20);

    const pausedAt = Date.now();
    expect((await fx.api('post', `/api/campaigns/${id}/pause`).expect(200)).body).toEqual({ id, state: 'paused' });
    const ticks = fx.dispatcher!.ticks;
    await fx.until('the live calls ended and the dispatcher looked again many times', async () => (await fx.progress(id)).contacts.dialing === 0 && fx.dispatcher!.ticks >= ticks + 40 && Date.now() > pausedAt + 1200);

    const late = createdAt.filter((at) => at > pausedAt + 1000);
    expect(late).toEqual([]);
    const paused = await fx.progress(id);
    expect(paused.state).toBe('paused');
    expect(paused.contacts.dialing).toBe(0);
    expect(paused.contacts.done).toBe(paused.dials); // every call that was up finished and was recorded
    expect(paused.contacts.waiting).toBe(120 - paused.dials);
    expect(paused.contacts.waiting).toBeGreaterThan(0);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(paused.dials);

    await fx.api('post', `/api/campaigns/${id}/resume`).expect(200, { id, state: 'running' });
    const done = await fx.finished(id);
    expect(done.outcomes.answered).toBe(120);
    expect([...fx.dialsByNumber().values()].every((n) => n === 1)).toBe(true);
    expect(fx.dialsByNumber().size).toBe(120);
  });

  it('when a campaign is cancelled, then waiting contacts are cancelled, calls up keep their real outcome and nothing more is dialed', async () => {
    fx = await CampaignFixture.start();
    fx.emulator.calls.setScript('*', { ring: 5 });
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 40, max_concurrent: 500 }, retry: { busy: { delay: 0, max_attempts: 5 } } }), contactsCsv(100));
    await fx.service.transition(id, 'start');
    await fx.until('some calls were placed', () => fx.emulator.state.dialLog.list().length >= 10);
    await fx.api('post', `/api/campaigns/${id}/cancel`).expect(200, { id, state: 'cancelled' });
    const done = await fx.finished(id);
    await fx.until('the live calls ended', async () => (await fx.progress(id)).contacts.dialing === 0);
    const final = await fx.progress(id);
    expect(final.state).toBe('cancelled');
    expect(final.contacts.done).toBe(100);
    expect(final.outcomes.answered + final.outcomes.cancelled).toBe(100);
    expect(final.outcomes.answered).toBe(fx.emulator.state.dialLog.list().length);
    expect(final.outcomes.cancelled).toBeGreaterThan(0);
    expect(done.state).toBe('cancelled');
    await fx.api('post', `/api/campaigns/${id}/resume`).expect(409);
  });

  it("when numbers are on the do-not-call lists (the campaign's own, the global list, a campaign list through the API, one added while running), then they are never dialed", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 18));
    fx = await CampaignFixture.start({ clock, noDispatcher: true });
    fx.startDispatcher(false);
    const number = (i: number) => `+1312555${1000 + i}`;
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 1, max_concurrent: 5 }, do_not_call: { numbers: ['(312) 555-1001'] } }), contactsCsv(12));
    await fx.api('post', '/api/do-not-call').send({ numbers: [number(3), '312 555 1004'] }).expect(200, { added: 2, invalid: [] });
    await fx.api('post', '/api/do-not-call').send({ numbers: [number(5)], campaign: id }).expect(200);
    await fx.api('post', '/api/do-not-call').send({ numbers: ['not a number'] }).expect(200, { added: 0, invalid: [{ number: 'not a number', problem: "'not a number' is not a phone number" }] });
    await fx.service.transition(id, 'start');
    // One dial per second of the clock: the last contact is still waiting when its number is added.
    await fx.dispatcher!.tick();
    await fx.api('post', '/api/do-not-call').send({ numbers: [number(11)] }).expect(200);
    expect((await fx.api('get', `/api/do-not-call/${encodeURIComponent(number(11))}`).expect(200)).body).toEqual({ number: number(11), global: true, campaign: false });
    await fx.until(
      'every contact is final',
      async () => (await fx.progress(id)).state === 'completed',
      {
        advance: async () => {
          clock.advance(1000);
          await fx.dispatcher!.tick();
        },
      },
    );
    await fx.emulator.calls.idle();
    const dialed = new Set(fx.emulator.state.dialLog.list().map((e) => e.to));
    for (const i of [1, 3, 4, 5, 11]) expect(dialed.has(number(i))).toBe(false);
    expect(dialed.size).toBe(7);
    const progress = await fx.progress(id);
    expect(progress.outcomes).toMatchObject({ dnc: 5, answered: 7 });
    const rows = (await fx.api('get', `/api/campaigns/${id}/results.csv`).expect(200)).text.trim().split('\n').slice(1).map((r) => r.split(','));
    expect(rows.filter((r) => r[3] === 'dnc').map((r) => r[1])).toEqual([1, 3, 4, 5, 11].map(number));
    expect(rows.filter((r) => r[3] === 'dnc').every((r) => r[4] === '0')).toBe(true);
  });

  it('when a completed callback never comes, then the slot is reclaimed after live_call_timeout and the outcome is unknown', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 18));
    // REST only: calls stay queued and nothing calls back.
    fx = await CampaignFixture.start({ clock, noDispatcher: true, emulator: { playCalls: false } });
    fx.startDispatcher(false);
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 10, max_concurrent: 1 }, live_call_timeout: '2m' }), contactsCsv(2));
    await fx.service.transition(id, 'start');
    await fx.dispatcher!.tick();
    await fx.until('the first call was placed', () => fx.emulator.state.dialLog.list().length === 1);
    clock.advance(60_000);
    await fx.dispatcher!.tick();
    // The only slot is still held: the second contact waits.
    expect((await fx.progress(id)).contacts).toMatchObject({ dialing: 1, waiting: 1 });
    expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
    clock.advance(61_000);
    await fx.dispatcher!.tick(); // reclaims the slot (unknown) and dials the second contact
    await fx.until('the second call was placed', () => fx.emulator.state.dialLog.list().length === 2);
    const progress = await fx.progress(id);
    expect(progress.outcomes.unknown).toBe(1);
    expect(progress.contacts).toMatchObject({ dialing: 1, waiting: 0, done: 1 });
    expect(fx.logs.text).toContain('campaign call never reported its end: slot reclaimed, outcome unknown');
  });

  it('when Telnyx refuses a dial, then the attempt ends with outcome error and the reason', async () => {
    fx = await CampaignFixture.start({ recheckMs: 100 });
    fx.emulator.addFaults({ operation: 'calls.create', fault: 'error', status: 422, detail: 'The destination is not allowed', count: 1 });
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 10, max_concurrent: 1 } }), contactsCsv(2));
    await fx.service.transition(id, 'start');
    const done = await fx.finished(id);
    expect(done.outcomes).toMatchObject({ error: 1, answered: 1 });
    const rows = (await fx.api('get', `/api/campaigns/${id}/results.csv`).expect(200)).text.split('\n');
    expect(rows[1]).toContain(',error,1,error,');
    expect(rows[1]).toContain('The destination is not allowed');
  });

  it('when an attempt was claimed but its job never reached the queue (a crash in between), then the recheck submits it under the same id and the number is called once', async () => {
    fx = await CampaignFixture.start({ noDispatcher: true });
    let dropped = 0;
    const jobs: CampaignJobs = {
      submit: async (submission: OperationSubmission) => {
        if (dropped < 3) {
          dropped += 1;
          throw new Error('the worker died before enqueueing');
        }
        return fx.producer.submit(submission);
      },
      status: (jobId) => fx.producer.status(jobId),
    };
    const dispatcher = new CampaignDispatcher({ store: new CampaignStore(fx.redis, fx.prefix), jobs, logger: fx.logger, publicBaseUrl: fx.baseUrl, tickMs: 20, recheckMs: 150 });
    fx.dispatcher = dispatcher;
    const id = await fx.create(baseCampaign({ pacing: { dials_per_second: 100, max_concurrent: 10 } }), contactsCsv(10));
    await fx.service.transition(id, 'start');
    dispatcher.start();
    const done = await fx.finished(id);
    expect(dropped).toBe(3);
    expect(done.outcomes.answered).toBe(10);
    expect(fx.dialsByNumber().size).toBe(10);
    expect([...fx.dialsByNumber().values()].every((n) => n === 1)).toBe(true);
    expect(fx.logs.text.match(/campaign attempt had no dial job: submitting it/g)).toHaveLength(3);
  });
});
