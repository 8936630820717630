import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-connections';
import type { ReplicaWait } from './replica-wait';
import { isSlotMoved, refreshSlots } from './cluster-slots';

interface SlotGroup {
  pipeline: ChainableCommander;
  answers: Array<{ resolve(value: unknown): void; reject(error: unknown): void }>;
}

/**
 * One Redis pipeline per hash slot group. A Redis Cluster runs a pipeline only when all its keys
 * share one slot, so commands are grouped by the key's hash tag (what Redis hashes: the text of
 * the first non-empty `{...}`, else the whole key). On a single server there is one pipeline, one
 * socket write, as before.
 */
export class SlotPipeline {
  private readonly groups = new Map<string, SlotGroup>();

  constructor(private readonly redis: RedisClient) {}

  /** Queues a command on `key`; the promise settles with that command's own answer. */
  add(key: string, command: (pipeline: ChainableCommander) => unknown): Promise<unknown> {
    const name = this.redis.isCluster ? hashTagOf(key) : '';
    let group = this.groups.get(name);
    if (!group) {
      group = { pipeline: this.redis.pipeline(), answers: [] };
      this.groups.set(name, group);
    }
    command(group.pipeline);
    const answers = group.answers;
    return new Promise((resolve, reject) => answers.push({ resolve, reject }));
  }

  /**
   * Sends every pipeline. Each command's promise settles; this one never rejects. `wait` adds
   * WAIT at the end of each group, so each command settles once replicas have its write.
   */
  async exec(wait?: ReplicaWait): Promise<void> {
    await Promise.all(
      [...this.groups.values()].map(({ pipeline, answers }) => {
        wait?.appendTo(pipeline);
        return pipeline.exec().then(
          (results) => {
            answers.forEach((answer, i) => {
              const [error, value] = results?.[i] ?? [new Error('Redis gave no answer for the command')];
              if (error) answer.reject(error);
              else answer.resolve(value);
            });
            if (results?.some(([error]) => isSlotMoved(error))) refreshSlots(this.redis);
          },
          (error: unknown) => answers.forEach((answer) => answer.reject(error)),
        );
      }),
    );
  }
}

/** What Redis Cluster hashes for a key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
