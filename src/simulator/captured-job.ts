import type { JobRequest } from '../jobs/job-request';

/** A job the flow handed to the producer, with the simulated time it was handed over. */
export interface CapturedJob extends JobRequest {
  at: number;
}
