import { z } from 'zod';
import type { DialAdmission } from './dial-admission';
import type { DialLogEntry } from './emulator-models';
import type { EmulatorLimits } from './emulator-limits';
import type { EmulatorState } from './emulator-state';
import { EmulatorConfigError } from './errors/emulator-config-error';
import type { FaultInjector } from './fault-injector';
import type { FaultRule, FaultRuleInput } from './fault-rule';

const limitsSchema = z.strictObject({
  dialsPerSecond: z.number().positive().nullable().optional(),
  dialWindowSeconds: z.number().positive().optional(),
  maxConcurrentCalls: z.number().int().min(0).nullable().optional(),
  channelLimitMode: z.enum(['fail-call', 'reject']).optional(),
});

export interface EmulatorStatus {
  activeCalls: number;
  dialsInWindow: number;
  rateLimitedDials: number;
  limits: EmulatorLimits;
  faults: FaultRule[];
}

/**
 * The knobs of a running emulator, shared by the `/_emulator` routes and the handle that
 * startEmulator returns: fault rules, limits, the dial log, reset.
 */
export class EmulatorControl {
  constructor(
    readonly state: EmulatorState,
    private readonly faults: FaultInjector,
    private readonly dials: DialAdmission,
    private readonly calls?: { reset(): void },
  ) {}

  /** Appends one rule or several; returns them as installed (with ids). */
  addFaults(rules: FaultRuleInput | readonly FaultRuleInput[]): FaultRule[] {
    return this.faults.add(rules);
  }

  /** Replaces all rules. */
  setFaults(rules: readonly FaultRuleInput[]): FaultRule[] {
    return this.faults.set(rules);
  }

  removeFault(id: string): boolean {
    return this.faults.remove(id);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  listFaults(): FaultRule[] {
    return this.faults.list();
  }

  /** Restarts the fault RNG's sequence. */
  reseed(seed: number): void {
    this.faults.reseed(seed);
  }

  getLimits(): EmulatorLimits {
    return this.dials.limits();
  }

  /** Changes some limits; the rest stay. Throws EmulatorConfigError on a bad value. */
  setLimits(change: Partial<EmulatorLimits>): EmulatorLimits {
    const parsed = limitsSchema.safeParse(change);
    if (!parsed.success) {
      throw new EmulatorConfigError(
        `Invalid limits: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(limits)'}: ${i.message}`).join('; ')}`,
        parsed.error,
      );
    }
    const next: EmulatorLimits = { ...this.dials.limits() };
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    this.dials.configure(next);
    return this.dials.limits();
  }

  /** Every call leg placed, oldest first. */
  dialLog(): DialLogEntry[] {
    return this.state.dialLog.list();
  }

  status(): EmulatorStatus {
    return {
      activeCalls: this.state.calls.activeCount(),
      dialsInWindow: this.dials.dialsInWindow(),
      rateLimitedDials: this.dials.rateLimitedCount(),
      limits: this.dials.limits(),
      faults: this.faults.list(),
    };
  }

  /** Stops played calls and forgets all resources, transcripts, scripts, the dial log and the dial window. Fault rules and limits stay. */
  reset(): void {
    this.calls?.reset();
    this.state.reset();
    this.dials.reset();
  }
}
