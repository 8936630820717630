import type { RedisOptions as BullRedisOptions, ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/redis-target';

/** Any client the service uses: one server (also behind Sentinel) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** Reconnect every 0.5-5 s, forever: an outage ends when Redis is back, not after N tries. */
const retryStrategy = (times: number): number => Math.min(500 * times, 5000);

/**
 * Builds a client for the target with the given per-connection options. On a cluster the options
 * apply to every node connection; commands follow MOVED/ASK redirects and a failover (the cluster
 * refreshes its slot map and the client retries on the new master).
 */
export function createRedisClient(target: RedisTarget, options: RedisOptions): RedisClient {
  switch (target.mode) {
    case 'standalone':
      return new Redis(target.url, options);
    case 'sentinel':
      return new Redis({
        ...options,
        sentinels: target.sentinels,
        name: target.masterName,
        db: target.db,
        ...(target.username !== undefined ? { username: target.username } : {}),
        ...(target.password !== undefined ? { password: target.password } : {}),
        ...(target.sentinelPassword !== undefined ? { sentinelPassword: target.sentinelPassword } : {}),
        ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        // Reconnecting after a failover asks the sentinels again, so the new master is found.
        sentinelRetryStrategy: retryStrategy,
      });
    case 'cluster': {
      const { enableOfflineQueue, maxRetriesPerRequest, connectionName, ...nodeOptions } = options;
      const clusterOptions: ClusterOptions = {
        ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
        clusterRetryStrategy: retryStrategy,
        // A failover moves slots: retry a command that met CLUSTERDOWN or TRYAGAIN a few times.
        retryDelayOnClusterDown: 200,
        retryDelayOnTryAgain: 200,
        retryDelayOnFailover: 200,
        slotsRefreshTimeout: 2000,
        redisOptions: {
          ...nodeOptions,
          ...(maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest } : {}),
          ...(connectionName !== undefined ? { connectionName } : {}),
          ...(target.username !== undefined ? { username: target.username } : {}),
          ...(target.password !== undefined ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
        },
      };
      return new Cluster(target.nodes, clusterOptions);
    }
  }
}

/**
 * The web side's connection: commands fail at once while Redis is down (no offline queue, no
 * per-command retries), so a webhook never waits on Redis.
 */
export function createProducerRedis(target: RedisTarget, options: RedisOptions = {}): RedisClient {
  return createRedisClient(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy,
    connectionName: 'texml-router:producer',
    ...options,
  });
}

/**
 * The web side's connection for call events and timelines (the benchmarks use it too, so they
 * measure what the web role runs). ioredis auto-pipelining was tried here and measured no gain on
 * the voice webhook bench (docs/benchmarks.md), so it is off.
 */
export function createEventsRedis(target: RedisTarget): RedisClient {
  return createProducerRedis(target, { connectionName: 'texml-router:events' });
}

/**
 * What a BullMQ Worker or QueueEvents connects with. A single server: options, so BullMQ builds and
 * closes its own connections. A cluster or Sentinel group: a client of its own (BullMQ duplicates it
 * for blocking commands), which the caller must close after the worker.
 */
export function workerConnection(target: RedisTarget, connectionName = 'texml-router:worker'): ConnectionOptions {
  if (target.mode === 'standalone') {
    const options: BullRedisOptions = { url: target.url, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy, connectionName };
    return options;
  }
  return createRedisClient(target, { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy, connectionName });
}

/** A worker's plain connection for its own bookkeeping (dial markers, queue rate limits). */
export function createWorkerRedis(target: RedisTarget): RedisClient {
  return createRedisClient(target, { maxRetriesPerRequest: 3, retryStrategy, connectionName: 'texml-router:worker-guard' });
}

/** Closes a connection workerConnection built (a no-op for plain options). */
export async function closeWorkerConnection(connection: ConnectionOptions): Promise<void> {
  if (connection instanceof Redis || connection instanceof Cluster) await connection.quit().catch(() => connection.disconnect());
}
