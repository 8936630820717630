import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import type { RedisTarget } from '../../src/config/redis-target';
import { createRedisClient, type RedisClient } from '../../src/redis/redis-connections';
import { ReplicaWait } from '../../src/redis/replica-wait';
import { SlotPipeline } from '../../src/redis/slot-pipeline';

/**
 * The Redis the integration tests run against. `npm test` uses the shared server on 6379;
 * `npm run test:cluster` and `test:sentinel` start a local Redis Cluster or Sentinel group (see
 * jest.redis-topology.config.js) and name it in TEXML_TEST_REDIS, so the same suites run there.
 */
// eslint-disable-next-line no-restricted-properties -- set by the topology run's global setup, not service config
const named = process.env.TEXML_TEST_REDIS;
export const TEST_REDIS: RedisTarget = named ? (JSON.parse(named) as RedisTarget) : { mode: 'standalone', url: 'redis://127.0.0.1:6379' };

/** A fresh key prefix; on a cluster it is a hash tag, so a queue's keys share one slot. */
export function testPrefix(target: RedisTarget = TEST_REDIS): string {
  const id = `test-${randomUUID()}`;
  return target.mode === 'cluster' ? `{${id}}` : id;
}

/** The environment loadConfig needs to reach TEST_REDIS (for service processes and CLI runs). */
export function testRedisEnv(target: RedisTarget = TEST_REDIS): Record<string, string> {
  switch (target.mode) {
    case 'standalone':
      return { REDIS_URL: target.url };
    case 'cluster':
      return { REDIS_CLUSTER_NODES: target.nodes.map((n) => `${n.host}:${n.port}`).join(',') };
    case 'sentinel':
      return { REDIS_SENTINELS: target.sentinels.map((n) => `${n.host}:${n.port}`).join(','), REDIS_SENTINEL_MASTER: target.masterName };
  }
}

/** A plain client for test bookkeeping (reads, cleanup): retries a little through a failover. */
export function connectTestRedis(target: RedisTarget = TEST_REDIS): RedisClient {
  return createRedisClient(target, { maxRetriesPerRequest: 3 });
}

/** Every key whose name contains `marker` (a test prefix; braces ignored), from every master. */
export async function testKeys(redis: RedisClient, marker: string): Promise<string[]> {
  const bare = marker.replace(/[{}]/g, '');
  const nodes = redis.isCluster ? (redis as Cluster).nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `*${bare}*`, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

/** Deletes every key whose name contains `marker`. */
export async function deleteTestKeys(redis: RedisClient, marker: string): Promise<void> {
  // On a cluster the keys of one test live in several slots: one pipeline per slot group.
  const pipelines = new SlotPipeline(redis);
  const deleted = (await testKeys(redis, marker)).map((key) => pipelines.add(key, (p) => p.del(key)));
  await pipelines.exec();
  await Promise.all(deleted);
}

/** What the service would use on TEST_REDIS: WAIT for one replica on a cluster or Sentinel group. */
export function testReplicaWait(target: RedisTarget = TEST_REDIS): ReplicaWait {
  return new ReplicaWait({ replicas: target.mode === 'standalone' ? 0 : 1, timeoutMs: 2000 });
}
