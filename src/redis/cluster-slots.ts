import type { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connections';

/** A cluster answered for a slot that moved (a failover, a reshard). */
export function isSlotMoved(error: unknown): boolean {
  return error instanceof Error && /^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN) /.test(error.message);
}

/**
 * ioredis follows a MOVED for a single command, but a pipeline whose answers are mixed (a WAIT
 * answers anywhere) comes back with the errors: refresh the slot map so the caller's retry (Telnyx
 * delivering again, a job retrying) reaches the new master.
 */
export function refreshSlots(redis: RedisClient): void {
  if (redis.isCluster) (redis as Cluster).refreshSlotsCache();
}
