import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** Reconnect every 0.5-5 s, forever: an outage ends when Redis is back, not after N tries. */
const retryStrategy = (times: number): number => Math.min(500 * times, 5000);

/**
 * The web side's connection: commands fail at once while Redis is down (no offline queue, no
 * per-command retries), so a webhook never waits on Redis.
 */
export function createProducerRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy,
    connectionName: 'texml-router:producer',
    ...options,
  });
}

/** Options BullMQ workers build their (blocking) connections from. */
export function workerRedisOptions(url: string): BullRedisOptions {
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy, connectionName: 'texml-router:worker' };
}

/** A worker's plain connection for its own bookkeeping (dial markers, queue rate limits). */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, retryStrategy, connectionName: 'texml-router:worker-guard' });
}
