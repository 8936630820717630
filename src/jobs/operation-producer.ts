import type { JobRequest } from './job-request';

/** Hands a flow's job requests to the queue. The web tier never waits on it to answer a call. */
export interface OperationProducer {
  enqueue(request: JobRequest): Promise<{ jobId: string }>;
}
