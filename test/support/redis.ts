import { TEST_REDIS, connectTestRedis, deleteTestKeys, testPrefix } from './redis-target';
import type { RedisClient } from '../../src/redis/redis-connections';

/** The shared server's URL (tests that only ever run against one server, e.g. a CLI child process). */
export const REDIS_URL = TEST_REDIS.mode === 'standalone' ? TEST_REDIS.url : 'redis://127.0.0.1:6379';

/** A connection and a prefix of the test's own; `cleanup` deletes every key under the prefix. */
export async function testRedis(): Promise<{ redis: RedisClient; prefix: string; cleanup: () => Promise<void> }> {
  const redis = connectTestRedis();
  const prefix = testPrefix();
  return {
    redis,
    prefix,
    cleanup: async () => {
      await deleteTestKeys(redis, prefix);
      await redis.quit();
    },
  };
}
