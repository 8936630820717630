import type { JobFailureNote, JobOrigin } from './job-data';

/** What GET /api/ops/:id answers. */
export interface JobStatus {
  id: string;
  op: string;
  queue: string;
  /** waiting | delayed | active | completed | failed | prioritized | waiting-children | unknown */
  state: string;
  attemptsMade: number;
  attempts: number;
  /** 429s answered (they do not use up attempts). */
  rateLimits: number;
  createdAt: string;
  processedAt: string | null;
  finishedAt: string | null;
  /** When a delayed job is due. */
  runAt: string | null;
  params: unknown;
  origin: JobOrigin | null;
  result: unknown;
  lastError: (JobFailureNote & { failedReason?: string }) | null;
}
