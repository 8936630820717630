import type { Logger } from 'pino';
import type { JobStatus } from '../jobs/job-status';
import type { OperationSubmission } from '../jobs/operation-producer-options';
import type { RedisAvailability } from '../jobs/redis-availability';
import type { CampaignStore } from './campaign-store';

/** What the dispatcher needs from the job layer (the BullMQ producer in the service). */
export interface CampaignJobs {
  submit(submission: OperationSubmission): Promise<{ jobId: string }>;
  status(jobId: string): Promise<JobStatus | undefined>;
}

export interface CampaignDispatcherOptions {
  store: CampaignStore;
  jobs: CampaignJobs;
  logger: Logger;
  /** PUBLIC_BASE_URL: campaign calls need a URL Telnyx can fetch; without it nothing is dialed. */
  publicBaseUrl: string | undefined;
  /** CAMPAIGN_TICK_MS. */
  tickMs: number;
  /** CAMPAIGN_RECHECK_MS: an attempt with no call sid this long is checked against its job. */
  recheckMs: number;
  /** The campaigns' clock (epoch ms); tests pass the emulator's ManualClock. */
  now?: () => number;
  /** Dials waiting in the dials lane (all producers); the dispatcher holds back while it is at `maxBacklog`. */
  laneBacklog?: () => Promise<number>;
  /** Counts ticks that failed because Redis was away (logged once per outage, not per tick). */
  availability?: RedisAvailability;
  /** Default: half a second of the campaign's rate (at least 5). */
  maxBacklog?: number;
}
