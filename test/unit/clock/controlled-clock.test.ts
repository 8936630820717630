import { ControlledClock, parseClockStart, wallClock } from '../../../src/clock';
import { serviceClockFrom } from '../../../src/config';
import { ConfigError, loadConfig } from '../../../src/config';

describe('ControlledClock', () => {
  let real = 1_000_000;
  const realNow = () => real;

  it('when real time passes, then the clock runs from its start at its rate', () => {
    real = 1_000_000;
    const clock = new ControlledClock({ startMs: Date.parse('2026-12-08T10:00:00-06:00'), rate: 60, realNow });
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-08T16:00:00.000Z');
    real += 1000; // a real second is a clock minute
    expect(new Date(clock.now()).toISOString()).toBe('2026-12-08T16:01:00.000Z');
    expect(clock.realDelayUntil(clock.now() + 30 * 60_000)).toBe(30_000);
    expect(clock.realDelayUntil(clock.now() - 1)).toBe(0);
  });

  it('when it is advanced or set, then it runs on from there', () => {
    real = 5_000;
    const clock = new ControlledClock({ startMs: 0, rate: 2, realNow });
    expect(clock.advance(10_000)).toBe(10_000);
    real += 500;
    expect(clock.now()).toBe(11_000);
    clock.set(100);
    expect(clock.now()).toBe(100);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('when the rate is not a positive number up to 100000, then it is refused', () => {
    expect(() => new ControlledClock({ rate: 0 })).toThrow('clock rate must be a number above 0 and at most 100000; got 0');
    expect(() => new ControlledClock({ rate: 1e6 })).toThrow(RangeError);
  });
});

describe('parseClockStart', () => {
  it('when a time has an offset, then it is read; without one it is refused (the hour would depend on the machine)', () => {
    expect(parseClockStart('2026-12-08T10:00:00-06:00')).toEqual({ ms: Date.parse('2026-12-08T16:00:00Z') });
    expect(parseClockStart('2026-12-08T16:00Z')).toEqual({ ms: Date.parse('2026-12-08T16:00:00Z') });
    expect(parseClockStart('2026-12-08T10:00:00')).toEqual({ error: 'must be an ISO date and time with an offset, e.g. 2026-12-08T10:00:00-06:00 (10:00 in Chicago); got "2026-12-08T10:00:00"' });
    expect(parseClockStart('2026-13-45T10:00:00Z')).toHaveProperty('error');
  });
});

describe('the service clock from config', () => {
  it('when nothing is chosen, then it is the wall clock', () => {
    expect(serviceClockFrom(loadConfig({}, false))).toBe(wallClock);
  });

  it('when CLOCK_START and CLOCK_RATE are set in development, then the clock starts there and runs that fast', () => {
    const config = loadConfig({ CLOCK_START: '2026-12-08T10:00:00-06:00', CLOCK_RATE: '60' }, false);
    expect(config).toMatchObject({ clockStartMs: Date.parse('2026-12-08T16:00:00Z'), clockRate: 60 });
    const clock = serviceClockFrom(config);
    expect(clock.controlled).toBe(true);
    expect(clock.rate).toBe(60);
    expect(clock.now()).toBeGreaterThanOrEqual(Date.parse('2026-12-08T16:00:00Z'));
  });

  it('when a controlled clock is asked for in production, then the config is refused with the reason', () => {
    const production = { NODE_ENV: 'production', FLOW_STATE_SECRET: 'x'.repeat(32), ADMIN_TOKEN: 'y'.repeat(16), WEBHOOK_VERIFY: 'off' };
    expect(() => loadConfig({ ...production, CLOCK_START: '2026-12-08T10:00:00-06:00' }, false)).toThrow(
      'CLOCK_START: is for development only and is refused when NODE_ENV=production; expected unset in production',
    );
    expect(() => loadConfig({ ...production, CLOCK_RATE: '60' }, false)).toThrow(ConfigError);
    // Flags (--clock) reach the same check when the clock is made.
    expect(() => serviceClockFrom({ ...loadConfig(production, false), clockStartMs: 0 })).toThrow(ConfigError);
  });

  it('when CLOCK_START has no offset, then the config names the variable and the form', () => {
    expect(() => loadConfig({ CLOCK_START: '2026-12-08 10:00' }, false)).toThrow(/CLOCK_START: got "2026-12-08 10:00": must be an ISO date and time with an offset/);
  });
});
