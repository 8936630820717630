import { ControlledClock } from '../../src/clock';
import { baseCampaign, CampaignFixture, contactsCsv } from './support/campaign-fixture';

/** Tuesday 8 December 2026, 10:00 in Chicago. */
const TUESDAY_10AM_CHICAGO = Date.parse('2026-12-08T10:00:00-06:00');
const MINUTE = 60_000;

const chicago = (ms: number) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

describe('a campaign on a controlled clock', () => {
  let fx: CampaignFixture;
  afterEach(async () => fx?.close());

  it('when a campaign with 30-minute retries starts on a Tuesday at 10:00 in Chicago with the clock at 600x, then every attempt is made, in its window and 30 clock minutes apart, in under a minute of real time', async () => {
    // What `npm run dev -- --clock 2026-12-08T10:00:00-06:00 --clock-rate 600` gives the service:
    // one clock for the dispatcher, the outcomes, the campaign API and the emulator's calls.
    const clock = new ControlledClock({ startMs: TUESDAY_10AM_CHICAGO, rate: 600 });
    fx = await CampaignFixture.start({ clock, tickMs: 20 });
    const numbers = ['+13125551000', '+13125551001', '+13125551002'];
    for (const number of numbers) fx.emulator.calls.setScript(number, { answer: 'no-answer' });
    const id = await fx.create(
      baseCampaign({
        window: { timezone: 'America/Chicago', hours: { 'mon-fri': '09:00-17:00' } },
        retry: { 'no-answer': { delay: '30m', max_attempts: 3 } },
      }),
      contactsCsv(numbers.length),
    );

    const started = performance.now();
    await fx.service.transition(id, 'start');
    const done = await fx.finished(id, { timeoutMs: 60_000 });
    const realMs = performance.now() - started;

    expect(done.contacts).toMatchObject({ total: 3, done: 3, waiting: 0, scheduled: 0, dialing: 0 });
    expect(done.outcomes).toMatchObject({ 'no-answer': 3 });
    expect(realMs).toBeLessThan(60_000);
    // Each number dialed three times, 30 clock minutes apart at least, all on Tuesday inside 09:00-17:00.
    const log = fx.emulator.state.dialLog.list();
    for (const number of numbers) {
      const times = log.filter((entry) => entry.to === number).map((entry) => entry.at);
      expect(times).toHaveLength(3);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(30 * MINUTE);
      for (const at of times) expect(chicago(at)).toMatch(/^Tue (09|1\d):\d\d$/);
    }
    // An hour of retries passed on the clock.
    expect(clock.now() - TUESDAY_10AM_CHICAGO).toBeGreaterThanOrEqual(60 * MINUTE);
  });
});
