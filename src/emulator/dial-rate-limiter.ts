import type { Clock } from './clock';

export interface DialRateLimit {
  /** Dials per second averaged over the window; null turns the limit off. */
  dialsPerSecond: number | null;
  windowSeconds: number;
}

export interface DialRateVerdict {
  allowed: boolean;
  /** Dials allowed per window. */
  limit: number;
  remaining: number;
  /** Seconds until the oldest dial in the window drops out. */
  resetSeconds: number;
}

/**
 * Telnyx's dials-per-second limit: the dials of the trailing window (5 s) are summed and compared
 * with rate x window (30 x 5 = 150). A dial that would push the sum over is rejected and does not
 * count. Time comes from the injected clock, so tests move it instead of sleeping.
 */
export class DialRateLimiter {
  private timestamps: number[] = [];

  constructor(
    private readonly clock: Clock,
    private config: DialRateLimit,
  ) {}

  configure(config: DialRateLimit): void {
    this.config = config;
  }

  reset(): void {
    this.timestamps = [];
  }

  /** Counts the dial when allowed. */
  tryAcquire(): DialRateVerdict {
    const { dialsPerSecond, windowSeconds } = this.config;
    if (dialsPerSecond === null) return { allowed: true, limit: Number.POSITIVE_INFINITY, remaining: Number.POSITIVE_INFINITY, resetSeconds: 0 };
    const now = this.clock.now();
    const windowMs = windowSeconds * 1000;
    const limit = Math.floor(dialsPerSecond * windowSeconds);
    this.prune(now, windowMs);
    if (this.timestamps.length >= limit) {
      return { allowed: false, limit, remaining: 0, resetSeconds: this.resetSeconds(now, windowMs) };
    }
    this.timestamps.push(now);
    return { allowed: true, limit, remaining: limit - this.timestamps.length, resetSeconds: this.resetSeconds(now, windowMs) };
  }

  /** Dials counted in the current window. */
  inWindow(): number {
    this.prune(this.clock.now(), this.config.windowSeconds * 1000);
    return this.timestamps.length;
  }

  private prune(now: number, windowMs: number): void {
    let drop = 0;
    while (drop < this.timestamps.length && (this.timestamps[drop] as number) <= now - windowMs) drop += 1;
    if (drop > 0) this.timestamps = this.timestamps.slice(drop);
  }

  private resetSeconds(now: number, windowMs: number): number {
    const oldest = this.timestamps[0];
    if (oldest === undefined) return 0;
    return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  }
}
