import { CallerIdPicker, areaOf } from '../../src/campaigns/caller-id-picker';
import { CallingWindow } from '../../src/campaigns/calling-window';
import { durationMs } from '../../src/campaigns/campaign-definition';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('calling window', () => {
  const window = new CallingWindow({ timezone: 'America/Chicago', hours: { 'mon-fri': ['09:00-12:00', '13:00-17:00'], sat: '10:00-14:00' }, exclude: ['2026-12-25'] });

  it("when it is open in the campaign's zone, then a contact in another zone may still be outside theirs", () => {
    const mondayNineChicago = Date.UTC(2026, 0, 5, 15, 0);
    expect(window.isOpen(mondayNineChicago)).toBe(true);
    expect(window.isOpen(mondayNineChicago, 'America/Los_Angeles')).toBe(false); // 07:00 there
    expect(window.isOpen(mondayNineChicago, 'America/New_York')).toBe(true); // 10:00 there
    expect(window.isOpen(Date.UTC(2026, 0, 5, 14, 59))).toBe(false);
    expect(window.isOpen(Date.UTC(2026, 0, 5, 18, 30))).toBe(false); // 12:30, the lunch gap
  });

  it('when it is closed, then the next opening is the next range start in that zone, skipping lunch, Sundays and excluded dates', () => {
    expect(iso(window.nextOpening(Date.UTC(2026, 0, 5, 18, 30)))).toBe('2026-01-05T19:00:00.000Z'); // 13:00 Chicago
    expect(iso(window.nextOpening(Date.UTC(2026, 0, 5, 23, 30)))).toBe('2026-01-06T15:00:00.000Z'); // after 17:00 -> Tuesday 09:00
    expect(iso(window.nextOpening(Date.UTC(2026, 0, 3, 21, 0)))).toBe('2026-01-05T15:00:00.000Z'); // Saturday 15:00 -> Monday
    expect(iso(window.nextOpening(Date.UTC(2026, 0, 5, 13, 0), 'Europe/Berlin'))).toBe('2026-01-05T13:00:00.000Z'); // open there already
    expect(iso(window.nextOpening(Date.UTC(2026, 11, 24, 23, 30)))).toBe('2026-12-26T16:00:00.000Z'); // Christmas excluded -> Saturday 10:00
  });

  it('when the clocks change (DST), then the opening follows local time', () => {
    // US DST starts Sunday 2026-03-08: Monday 09:00 Chicago is 14:00 UTC (it was 15:00 the week before).
    expect(iso(window.nextOpening(Date.UTC(2026, 2, 7, 21, 0)))).toBe('2026-03-09T14:00:00.000Z');
    expect(iso(window.nextOpening(Date.UTC(2026, 2, 1, 0, 0)))).toBe('2026-03-02T15:00:00.000Z');
  });

  it('when a window never opens within a year, then there is no next opening', () => {
    expect(new CallingWindow({ timezone: 'UTC', hours: { mon: '09:00-10:00' }, exclude: [] }).nextOpening(Date.UTC(2026, 0, 6))).toBe(Date.UTC(2026, 0, 12, 9));
    expect(new CallingWindow({ timezone: 'UTC', hours: {}, exclude: [] }).nextOpening(Date.UTC(2026, 0, 6))).toBeUndefined();
  });

  it('when durations are written with units, then they are read in milliseconds', () => {
    expect([durationMs(90), durationMs('90s'), durationMs('15m'), durationMs('1h30m'), durationMs('2d'), durationMs('250ms')]).toEqual([90_000, 90_000, 900_000, 5_400_000, 172_800_000, 250]);
  });
});

describe('caller ids', () => {
  it('when a list is given, then attempts take them round-robin by their dial sequence', () => {
    const picker = new CallerIdPicker({ numbers: ['+13125550100', '+13125550101', '+13125550102'], pick: 'round-robin' });
    expect([0, 1, 2, 3, 4].map((seq) => picker.pick('+14155550123', seq))).toEqual(['+13125550100', '+13125550101', '+13125550102', '+13125550100', '+13125550101']);
  });

  it("when picking by area code, then a number sharing the contact's area code is used, and any when none does", () => {
    const picker = new CallerIdPicker({ numbers: ['+13125550100', '+12125550100', '+12125550101', '+442079460000'], pick: 'area-code' });
    expect(picker.pick('+13125550142', 7)).toBe('+13125550100');
    expect([0, 1].map((seq) => picker.pick('+12125550187', seq))).toEqual(['+12125550100', '+12125550101']);
    expect(picker.pick('+442079460958', 3)).toBe('+442079460000');
    expect(picker.pick('+14155550123', 1)).toBe('+12125550100');
    expect([areaOf('+13125550142'), areaOf('+442079460958'), areaOf('nonsense')]).toEqual(['1-312', '44-20', undefined]);
  });
});
