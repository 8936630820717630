import type { ServiceClock } from './service-clock';

export interface ControlledClockOptions {
  /** What the clock reads when it is made (epoch ms); default: now. */
  startMs?: number;
  /** Clock milliseconds per real millisecond (60: a minute per second); default 1. */
  rate?: number;
  /** The real time underneath (tests pass a fake); default Date.now. */
  realNow?: () => number;
}

/** Largest rate accepted: a day in under a second. */
export const MAX_CLOCK_RATE = 100_000;

/**
 * A development clock: it starts at a chosen time and runs `rate` times as fast as real time, and
 * it can be moved forward (`advance`, `set`): the emulator moves it by the simulated time its
 * played calls spend, so the service and the emulator keep one time line. Never for production
 * (the config refuses CLOCK_START / CLOCK_RATE when NODE_ENV=production).
 */
export class ControlledClock implements ServiceClock {
  readonly controlled = true;
  readonly rate: number;
  private readonly realNow: () => number;
  private anchorReal: number;
  private anchorClock: number;

  constructor(options: ControlledClockOptions = {}) {
    const rate = options.rate ?? 1;
    if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_CLOCK_RATE) throw new RangeError(`clock rate must be a number above 0 and at most ${MAX_CLOCK_RATE}; got ${rate}`);
    this.rate = rate;
    this.realNow = options.realNow ?? Date.now;
    this.anchorReal = this.realNow();
    this.anchorClock = options.startMs ?? this.anchorReal;
    if (!Number.isFinite(this.anchorClock)) throw new RangeError(`clock start must be a time; got ${options.startMs}`);
  }

  now(): number {
    return Math.floor(this.anchorClock + (this.realNow() - this.anchorReal) * this.rate);
  }

  /** Moves the clock forward by `ms` (>= 0); returns the new time. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ControlledClock.advance needs a finite non-negative number, got ${ms}`);
    this.set(this.now() + ms);
    return this.now();
  }

  /** Sets the clock to `ms`; it runs on from there at its rate. */
  set(ms: number): void {
    this.anchorReal = this.realNow();
    this.anchorClock = ms;
  }

  realDelayUntil(clockMs: number): number {
    return Math.max(0, Math.ceil((clockMs - this.now()) / this.rate));
  }

  describe(): string {
    return `a controlled clock (now ${new Date(this.now()).toISOString()}) running ${this.rate === 1 ? 'at real speed' : `${this.rate}x real speed`}`;
  }
}
