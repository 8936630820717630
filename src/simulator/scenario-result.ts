import type { CallTranscriptSnapshot } from '../emulator';
import type { JobRequest } from '../jobs/job-request';
import type { RequestInsight } from './flow-tracer';
import type { NotifyDelivery } from './notify-delivery';
import type { StubbedRequest } from './request-stubs';

/** The outcome of one scenario: the call as played, what the service did, and what did not hold. */
export interface ScenarioResult {
  name: string;
  flow: string;
  passed: boolean;
  /** One line per expectation that failed (empty when it passed). */
  failures: string[];
  /** The scenario's call. */
  transcript: CallTranscriptSnapshot;
  /** The scenario's other calls (`others:`). */
  others: CallTranscriptSnapshot[];
  /** Per call sid, per transcript event seq: what the service did with that webhook. */
  insights: Record<string, Record<number, RequestInsight>>;
  /** `flow.step` in the order the scenario's call passed through them. */
  steps: string[];
  /** Jobs the flows enqueued for the scenario's call (captured in process; traced with --url). */
  jobs: JobRequest[];
  /** Notify jobs of the scenario's call (flow actions and `on:` hooks), as the local receiver got them (in process only). */
  notifications: NotifyDelivery[];
  /** The flows' `request` actions and the stubs' answers (in process only). */
  requests?: StubbedRequest[];
  /** Lines the service logged at warn or above, and the simulator's own remarks. */
  warnings: string[];
  /** Real milliseconds the scenario took. */
  elapsedMs: number;
}
