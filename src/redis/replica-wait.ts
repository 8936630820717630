import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connections';
import { isSlotMoved, refreshSlots } from './cluster-slots';

export interface ReplicaWaitOptions {
  /** REDIS_WAIT_REPLICAS: replicas that must hold a write before it is acknowledged (0: none). */
  replicas: number;
  /** REDIS_WAIT_TIMEOUT_MS: how long to wait for them before acknowledging anyway. */
  timeoutMs: number;
}

/**
 * Redis replicates asynchronously: a master that dies right after answering can take an
 * acknowledged write with it, and the replica promoted in its place never saw it. Where a write
 * is a promise to someone (an event answered 200, a job accepted, a dial marker written before
 * dialing), WAIT holds the answer until that many replicas have the write, or the timeout passes.
 * WAIT covers the writes of its own connection, so it must go on the connection (and, on a
 * cluster, the node) that made them.
 */
export class ReplicaWait {
  static readonly none = new ReplicaWait({ replicas: 0, timeoutMs: 0 });

  constructor(private readonly options: ReplicaWaitOptions) {}

  /** Replicas a write must reach. */
  get replicas(): number {
    return this.options.replicas;
  }

  get enabled(): boolean {
    return this.options.replicas > 0;
  }

  /** Adds WAIT to a pipeline that carries the writes (its answer is the count of replicas). */
  appendTo(pipeline: ChainableCommander): void {
    if (this.enabled) pipeline.wait(this.options.replicas, this.options.timeoutMs);
  }

  /** After a write on `key` made through `redis`: resolves with the replicas that have it. */
  async after(redis: RedisClient, key: string): Promise<number> {
    if (!this.enabled) return 0;
    if (!redis.isCluster) return redis.wait(this.options.replicas, this.options.timeoutMs);
    // A keyless command goes to any node of a cluster: a read of the same key routes the
    // pipeline to the node (and connection) that took the write.
    const results = await redis.pipeline().exists(key).wait(this.options.replicas, this.options.timeoutMs).exec();
    const [moved] = results?.[0] ?? [];
    if (isSlotMoved(moved)) {
      refreshSlots(redis);
      throw moved;
    }
    const [error, count] = results?.[1] ?? [new Error('Redis gave no answer to WAIT')];
    if (error) throw error;
    return Number(count);
  }
}
