import type { CallEvent } from './call-event';

/** What is known about a call, folded from its events. */
export interface CallSummary {
  callSid: string;
  status: string | null;
  flow: string | null;
  from: string | null;
  to: string | null;
  firstSeenAt: string | null;
  lastEventAt: string | null;
  durationSeconds: number | null;
  answeredBy: string | null;
  hangupCause: string | null;
  recordings: string[];
  transcription: string | null;
  dialOutcomes: string[];
}

/** A step the flow rendered for the call (recorded by the web tier, best effort). */
export interface FlowStepEntry {
  flow: string;
  steps: string[];
  outcome: string;
}

export interface CallTimeline {
  summary: CallSummary;
  /** Every event, oldest first, by time then sequence. */
  events: CallEvent[];
}
