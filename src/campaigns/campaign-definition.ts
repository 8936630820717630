/** Outcomes an attempt can end with; the ones listed in RETRY_OUTCOMES may be retried by policy. */
export const ATTEMPT_OUTCOMES = ['answered', 'machine', 'busy', 'no-answer', 'failed', 'unknown', 'error'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const RETRY_OUTCOMES = ['busy', 'no-answer', 'failed', 'machine'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

/** Final outcomes of a contact: an attempt's, or dnc (never dialed: on a do-not-call list) or cancelled. */
export const CONTACT_OUTCOMES = [...ATTEMPT_OUTCOMES, 'dnc', 'cancelled'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export interface RetryRule {
  delayMs: number;
  maxAttempts: number;
}

export type MachineHandling = { kind: 'flow' } | { kind: 'hangup' } | { kind: 'step'; step: string };

export interface WindowSpec {
  timezone: string;
  hours: Record<string, string | string[]>;
  exclude: string[];
}

/** A validated campaign, as the service runs it (stored as JSON with the campaign). */
export interface CampaignDefinition {
  name: string;
  description?: string;
  flow: string;
  callerIds: { numbers: string[]; pick: 'round-robin' | 'area-code' };
  contacts: {
    file?: string;
    phoneColumn: string;
    /** Undefined: use the column named `timezone` when the file has one. */
    timezoneColumn?: string;
    defaultRegion: string;
    /** Undefined: every column but the phone and time zone ones. */
    variables?: string[];
  };
  window: WindowSpec;
  pacing: { dialsPerSecond: number; maxConcurrent: number };
  amd: { mode: 'off' | 'detect' | 'detect-message-end'; onMachine: MachineHandling; timeoutMs?: number; async?: boolean };
  retry: Partial<Record<RetryOutcome, RetryRule>>;
  doNotCall: { file?: string; numbers: string[] };
  ringTimeoutSeconds: number;
  liveCallTimeoutMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Seconds, or `1h30m` and friends, in milliseconds. */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(match[1]) * UNIT_MS[match[2]!]!;
  return total;
}
