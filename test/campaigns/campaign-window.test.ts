import { ManualClock } from '../../src/emulator';
import { baseCampaign, CampaignFixture, contactsCsv } from './support/campaign-fixture';

// Saturday 2026-01-03 10:00 in Chicago (16:00 UTC).
const SATURDAY = Date.UTC(2026, 0, 3, 16, 0);
const MONDAY = (hourUtc: number, minute = 0, second = 0) => Date.UTC(2026, 0, 5, hourUtc, minute, second);

describe('calling windows', () => {
  let fx: CampaignFixture;
  afterEach(async () => fx?.close());

  /** One dispatcher pass, then every call it started has played out and been recorded. */
  async function tickAndSettle(id: string): Promise<void> {
    await fx.dispatcher!.tick();
    await fx.until('the dials of this tick were placed and ended', async () => {
      const progress = await fx.progress(id);
      return progress.contacts.dialing === 0 && fx.emulator.state.dialLog.list().length === progress.dials;
    });
    await fx.emulator.calls.idle();
  }

  it("when a campaign starts with the window closed, then nothing is dialed until each contact's own window opens (simulated clock)", async () => {
    const clock = new ManualClock(SATURDAY);
    fx = await CampaignFixture.start({ clock, noDispatcher: true });
    fx.startDispatcher(false);
    // Three contacts in the campaign's zone (Chicago), one in London, two in Los Angeles.
    const zones = ['', '', '', 'Europe/London', 'America/Los_Angeles', 'America/Los_Angeles'];
    const id = await fx.create(baseCampaign({ window: { timezone: 'America/Chicago', hours: { 'mon-fri': '09:00-17:00' } } }), contactsCsv(6, 1000, (i) => zones[i]!));
    await fx.service.transition(id, 'start');

    await tickAndSettle(id);
    let progress = await fx.progress(id);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(0);
    expect(progress.contacts).toMatchObject({ waiting: 0, scheduled: 6, dialing: 0, done: 0 });
    expect(progress.nextDueAt).toBe(new Date(MONDAY(9)).toISOString()); // 09:00 in London

    const dialedAt = (hour: number, minute = 0, second = 0) => {
      clock.set(Math.max(clock.now(), MONDAY(hour, minute, second)));
      return tickAndSettle(id);
    };
    await dialedAt(8, 59, 59);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(0);
    await dialedAt(9);
    expect(fx.emulator.state.dialLog.list().map((e) => e.to)).toEqual(['+13125551003']);

    await dialedAt(14, 59, 59); // 08:59:59 in Chicago
    expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
    await dialedAt(15); // 09:00 in Chicago
    expect(fx.emulator.state.dialLog.list().map((e) => e.to).sort()).toEqual(['+13125551000', '+13125551001', '+13125551002', '+13125551003']);

    await dialedAt(16, 59, 59); // 08:59:59 in Los Angeles
    expect(fx.emulator.state.dialLog.list()).toHaveLength(4);
    await dialedAt(17); // 09:00 in Los Angeles
    expect(fx.emulator.state.dialLog.list()).toHaveLength(6);
    // Every dial happened inside its contact's window, by the emulator's (simulated) clock.
    for (const entry of fx.emulator.state.dialLog.list()) {
      const zone = zones[Number(entry.to.slice(-4)) - 1000] || 'America/Chicago';
      const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(entry.at));
      expect({ to: entry.to, hour }).toEqual({ to: entry.to, hour: 9 });
    }
    progress = await fx.progress(id);
    expect(progress.state).toBe('completed');
    expect(progress.outcomes.answered).toBe(6);
  });

  it('when a retry falls after closing time, then it waits for the next opening (and skips an excluded date)', async () => {
    const clock = new ManualClock(MONDAY(22, 50)); // 16:50 in Chicago, ten minutes before closing
    fx = await CampaignFixture.start({ clock, noDispatcher: true });
    fx.startDispatcher(false);
    fx.emulator.calls.setScript('+13125551000', { answer: 'busy' });
    const id = await fx.create(
      baseCampaign({
        window: { timezone: 'America/Chicago', hours: { 'mon-fri': '09:00-17:00' }, exclude: ['2026-01-06'] },
        retry: { busy: { delay: '15m', max_attempts: 2 } },
      }),
      contactsCsv(1),
    );
    await fx.service.transition(id, 'start');
    await tickAndSettle(id);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
    // Busy: due at 17:05 (closed); the dispatcher moves it to Wednesday 09:00 (Tuesday is excluded).
    clock.set(MONDAY(23, 10));
    await tickAndSettle(id);
    const progress = await fx.progress(id);
    expect(progress.contacts).toMatchObject({ scheduled: 1, waiting: 0 });
    expect(progress.nextDueAt).toBe(new Date(Date.UTC(2026, 0, 7, 15, 0)).toISOString());
    clock.set(Date.UTC(2026, 0, 7, 14, 59));
    await tickAndSettle(id);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(1);
    clock.set(Date.UTC(2026, 0, 7, 15, 0));
    await tickAndSettle(id);
    expect(fx.emulator.state.dialLog.list()).toHaveLength(2);
    expect((await fx.progress(id)).outcomes.busy).toBe(1);
  });
});
