import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A connection and a prefix of the test's own; `cleanup` deletes every key under the prefix. */
export async function testRedis(): Promise<{ redis: Redis; prefix: string; cleanup: () => Promise<void> }> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `test-${randomUUID()}`;
  return {
    redis,
    prefix,
    cleanup: async () => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}
