import { Queue } from 'bullmq';
import type { RedisTarget } from '../config/redis-target';
import { createRedisClient, type RedisClient } from '../redis/redis-connections';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { FlowSetSource } from '../flows/flow-set-holder';
import { queueNames } from '../jobs/queue-names';
import { CampaignDispatcher } from '../campaigns/campaign-dispatcher';
import type { CampaignJobs } from '../campaigns/campaign-dispatcher-options';
import { CampaignOutcomeObserver } from '../campaigns/campaign-outcome-observer';
import { CampaignService } from '../campaigns/campaign-service';
import { CampaignStore } from '../campaigns/campaign-store';
import type { RedisAvailability } from '../jobs/redis-availability';

/** Campaigns' own connection: commands wait for a reconnect a little (API, CLI, dispatcher), never forever. */
export function createCampaignRedis(target: RedisTarget): RedisClient {
  return createRedisClient(target, {
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(500 * times, 5000),
    connectionName: 'texml-router:campaigns',
  });
}

export function createCampaignStore(config: Config, redis: RedisClient): CampaignStore {
  return new CampaignStore(redis, config.queuePrefix);
}

/** The service behind the API and the CLI. */
export function createCampaignService(config: Config, logger: Logger, flows: FlowSetSource, redis: RedisClient, now?: () => number): CampaignService {
  return new CampaignService({
    ...(now ? { now } : {}),
    store: createCampaignStore(config, redis),
    flows,
    defaultRegion: config.campaignDefaultRegion,
    dialsPerSecondCap: config.telnyxDialsPerSecond,
    logger,
  });
}

/** The CallEventObserver to hand to the CallbackIngestor (web role): campaign outcomes from callbacks. */
export function createCampaignObserver(config: Config, logger: Logger, redis: RedisClient, now?: () => number): CampaignOutcomeObserver {
  return new CampaignOutcomeObserver(createCampaignStore(config, redis), logger, now);
}

export interface RunningDispatcher {
  dispatcher: CampaignDispatcher;
  close(): Promise<void>;
}

/**
 * Starts the campaign dispatcher of a worker process (when CAMPAIGN_DISPATCH is on): its own Redis
 * connection, the dials lane's backlog as a brake, attempts submitted through `jobs` (the BullMQ
 * producer). `close()` stops it after the tick in progress.
 */
export function startCampaignDispatcher(config: Config, logger: Logger, jobs: CampaignJobs, options: { now?: () => number; availability?: RedisAvailability } = {}): RunningDispatcher {
  const redis = createCampaignRedis(config.redis);
  options.availability?.watch(redis);
  const dials = new Queue(queueNames.dials, { connection: redis, prefix: config.queuePrefix });
  dials.on('error', (error) => logger.debug({ err: error }, 'campaign dispatcher: dials queue connection error'));
  const dispatcher = new CampaignDispatcher({
    store: createCampaignStore(config, redis),
    jobs,
    logger: logger.child({ component: 'campaigns' }),
    publicBaseUrl: config.publicBaseUrl,
    tickMs: config.campaignTickMs,
    recheckMs: config.campaignRecheckMs,
    laneBacklog: async () => {
      const counts = await dials.getJobCounts('waiting', 'prioritized');
      return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    },
    ...(options.now ? { now: options.now } : {}),
    ...(options.availability ? { availability: options.availability } : {}),
  });
  dispatcher.start();
  return {
    dispatcher,
    close: async () => {
      await dispatcher.stop();
      await dials.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
