import { LocalRedisCluster, LocalRedisSentinelGroup } from './local-redis-topology';

/**
 * Starts the topology TEXML_TEST_TOPOLOGY names (cluster or sentinel) for the whole run and tells
 * the test workers where it is through TEXML_TEST_REDIS (read by test/support/redis-target.ts).
 */
export default async function globalSetup(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- the test run's own switch, not service config
  const env = process.env;
  const topology = env.TEXML_TEST_TOPOLOGY;
  if (topology !== 'cluster' && topology !== 'sentinel') throw new Error(`TEXML_TEST_TOPOLOGY must be cluster or sentinel (got ${topology ?? 'nothing'})`);
  const started = topology === 'cluster' ? await LocalRedisCluster.start() : await LocalRedisSentinelGroup.start();
  (globalThis as { texmlTopology?: { stop(): Promise<void> } }).texmlTopology = started;
  env.TEXML_TEST_REDIS = JSON.stringify(started.target);
}
