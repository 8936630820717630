import { EmulatorChannelLimitError } from './errors/emulator-channel-limit-error';
import { EmulatorRateLimitError } from './errors/emulator-rate-limit-error';
import { DialRateLimiter } from './dial-rate-limiter';
import type { Clock } from './clock';
import type { EmulatorLimits } from './emulator-limits';
import type { EmulatorState } from './emulator-state';

export interface DialTicket {
  /** x-ratelimit-* headers to send with the answer. */
  headers: Record<string, string>;
  /** True when the concurrent-call cap is reached and the call must be failed at once. */
  channelLimited: boolean;
}

/**
 * Decides whether a dial (call create, participant dial) may go ahead: the dials-per-second window
 * first (429 / 90103), then the concurrent-call cap.
 */
export class DialAdmission {
  private readonly limiter: DialRateLimiter;
  private current: EmulatorLimits;
  private rejectedByRate = 0;

  constructor(
    clock: Clock,
    private readonly state: EmulatorState,
    limits: EmulatorLimits,
  ) {
    this.current = { ...limits };
    this.limiter = new DialRateLimiter(clock, { dialsPerSecond: limits.dialsPerSecond, windowSeconds: limits.dialWindowSeconds });
  }

  limits(): EmulatorLimits {
    return { ...this.current };
  }

  configure(limits: EmulatorLimits): void {
    this.current = { ...limits };
    this.limiter.configure({ dialsPerSecond: limits.dialsPerSecond, windowSeconds: limits.dialWindowSeconds });
  }

  reset(): void {
    this.limiter.reset();
    this.rejectedByRate = 0;
  }

  /** Dials turned away by the rate limit since the last reset. */
  rateLimitedCount(): number {
    return this.rejectedByRate;
  }

  /** Dials counted in the current window. */
  dialsInWindow(): number {
    return this.limiter.inWindow();
  }

  /** Throws the 429 or (in reject mode) 403; otherwise says whether the call must fail on the cap. */
  admit(): DialTicket {
    const verdict = this.limiter.tryAcquire();
    const headers: Record<string, string> = Number.isFinite(verdict.limit)
      ? {
          'x-ratelimit-limit': String(verdict.limit),
          'x-ratelimit-remaining': String(verdict.remaining),
          'x-ratelimit-reset': String(verdict.resetSeconds),
        }
      : {};
    if (!verdict.allowed) {
      this.rejectedByRate += 1;
      throw new EmulatorRateLimitError(
        'dials',
        `Dial rate limit exceeded: more than ${verdict.limit} dials in ${this.current.dialWindowSeconds} s ` +
          `(${this.current.dialsPerSecond} per second). Retry in ${verdict.resetSeconds} s.`,
        headers,
      );
    }
    const cap = this.current.maxConcurrentCalls;
    const channelLimited = cap !== null && this.state.calls.activeCount() >= cap;
    if (channelLimited && this.current.channelLimitMode === 'reject') throw new EmulatorChannelLimitError(cap);
    return { headers, channelLimited };
  }
}
