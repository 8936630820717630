import type { TelnyxErrorDetail } from '../telnyx/telnyx-failure';
import type { OperationName } from './operation-names';

/** Who asked for a job. */
export interface JobOrigin {
  /** flow, api, cli, secrets-sync, campaign, bench, test... */
  source: string;
  flow?: string;
  step?: string;
  callSid?: string;
}

/** The last failure of a job, kept on the job (and shown by GET /api/ops/:id). */
export interface JobFailureNote {
  at: number;
  /** rate-limited | retryable | permanent | precondition | invalid | error */
  kind: string;
  message: string;
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: TelnyxErrorDetail[];
}

/** Bookkeeping the processor writes on a job while it runs. */
export interface JobNotes {
  /** 429s answered so far (they do not use up attempts). */
  rateLimits?: number;
  /** When the last 429 came, and how long the queue was paused for it. */
  rateLimitedAt?: number;
  rateLimitDelayMs?: number;
  lastError?: JobFailureNote;
}

/** What a BullMQ job carries. The job's name is the op too. */
export interface OperationJobData {
  op: OperationName;
  /** The payload as validated at enqueue time (snake_case keys). Never a secret value. */
  params: unknown;
  origin: JobOrigin;
  idempotencyKey?: string;
  /** A delayed job under a controlled clock (development): when it is due by that clock (epoch ms). */
  dueAt?: number;
  notes?: JobNotes;
}
