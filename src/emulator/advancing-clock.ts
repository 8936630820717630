import type { Clock } from './clock';

/** A clock that played calls can move forward: simulated time, never real sleeping. */
export interface AdvancingClock extends Clock {
  /** Moves time forward by `ms` (>= 0); returns the new time. */
  advance(ms: number): number;
}

export function isAdvancingClock(clock: Clock): clock is AdvancingClock {
  return typeof (clock as Partial<AdvancingClock>).advance === 'function';
}

/**
 * Another clock plus the time played calls have skipped ahead: with the wall clock underneath, the
 * emulator's time runs ahead of real time by the simulated speech, music and waits.
 */
export class OffsetClock implements AdvancingClock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`OffsetClock.advance needs a finite non-negative number, got ${ms}`);
    this.offsetMs += ms;
    return this.now();
  }
}

/** The clock as given when it can advance; otherwise wrapped so it can. */
export function toAdvancingClock(clock: Clock): AdvancingClock {
  return isAdvancingClock(clock) ? clock : new OffsetClock(clock);
}
