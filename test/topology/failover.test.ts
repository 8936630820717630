import type { RedisTarget } from '../../src/config/redis-target';
import type { CallEvent } from '../../src/events/call-event';
import { EventStore } from '../../src/events/event-store';
import { createProducerRedis } from '../../src/redis/redis-connections';
import { ReplicaWait } from '../../src/redis/replica-wait';
import { JobsFixture } from '../jobs/support/jobs-fixture';
import { connectTestRedis, deleteTestKeys, TEST_REDIS, testPrefix } from '../support/redis-target';
import { LocalRedisCluster, LocalRedisSentinelGroup, until } from './local-redis-topology';

const FROM = '+13125550100';

interface Topology {
  target: RedisTarget;
  /**
   * Kills the master that serves `key`; resolves once a replica has taken over and the dead node
   * is back as the new master's replica (as an operator's restart would do: until then the new
   * master has no replica, and dials wait for one).
   */
  killMaster(key: string): Promise<void>;
  stop(): Promise<void>;
}

async function startTopology(kind: 'cluster' | 'sentinel'): Promise<Topology> {
  if (kind === 'cluster') {
    const cluster = await LocalRedisCluster.start();
    return { target: cluster.target, killMaster: async (key) => cluster.restart(await cluster.killMasterOf(key)), stop: () => cluster.stop() };
  }
  const group = await LocalRedisSentinelGroup.start();
  return { target: group.target, killMaster: async () => group.restart(await group.killMaster()), stop: () => group.stop() };
}

/** Delivers like Telnyx: an answer that is not a success is delivered again, until it is one. */
async function deliverUntilAcknowledged<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
    }
  }
}

function statusEvent(callSid: string, n: number, status: string): CallEvent {
  const at = new Date(Date.UTC(2026, 11, 7, 10, 0, n)).toISOString();
  return { id: `status:${callSid}:${n}`, kind: 'call-status', type: `call.${status}`, callSid, occurredAt: at, receivedAt: at, sequence: n, flow: null, data: { call_status: status } };
}

// A private topology of the run's kind (test:cluster or test:sentinel): the shared one must not lose nodes.
const kind = TEST_REDIS.mode === 'sentinel' ? 'sentinel' : 'cluster';

describe(`on a Redis ${kind} whose master is killed mid-run`, () => {
  let topology: Topology;
  beforeAll(async () => {
    topology = await startTopology(kind);
  }, 120000);
  afterAll(async () => topology?.stop(), 60000);

  it('when callbacks keep arriving through the failover, then every event that was answered is on its timeline afterwards', async () => {
    const prefix = testPrefix(topology.target);
    // The web role's events connection: no offline queue, commands fail fast while the master is gone.
    const connection = createProducerRedis(topology.target, { commandTimeout: 5000 });
    const store = new EventStore(connection, { prefix, retentionSeconds: 3600, replicaWait: new ReplicaWait({ replicas: 1, timeoutMs: 2000 }) });
    const calls = Array.from({ length: 60 }, (_, i) => `v3:failover-${kind}-${i}`);
    const events = calls.flatMap((sid) => ['initiated', 'ringing', 'in-progress', 'completed'].map((status, n) => statusEvent(sid, n + 1, status)));
    const acknowledged: CallEvent[] = [];
    let killed: Promise<void> | undefined;
    // Ten deliveries at a time, as a burst of callbacks would come; the master dies after a third.
    for (let i = 0; i < events.length; i += 10) {
      if (i >= events.length / 3 && !killed) killed = topology.killMaster(`${prefix.replace(/[{}]/g, '')}:call:{${calls[0]}}:events`);
      const burst = events.slice(i, i + 10);
      await Promise.all(burst.map((event) => deliverUntilAcknowledged(() => store.record(event)).then(() => acknowledged.push(event))));
    }
    await killed;
    expect(acknowledged).toHaveLength(events.length);

    const reader = connectTestRedis(topology.target);
    try {
      const readStore = new EventStore(reader, { prefix, retentionSeconds: 3600 });
      for (const sid of calls) {
        const timeline = await readStore.timeline(sid);
        expect({ sid, events: timeline?.events.map((e) => e.id) }).toEqual({ sid, events: events.filter((e) => e.callSid === sid).map((e) => e.id) });
        expect(timeline?.summary.status).toBe('completed');
      }
    } finally {
      await deleteTestKeys(reader, prefix);
      await reader.quit();
      connection.disconnect();
    }
  }, 180000);

  it('when dial jobs are submitted and worked through the failover, then every accepted job completes and each number is dialed exactly once', async () => {
    const fx = await JobsFixture.start({ redis: topology.target, attempts: 30, worker: { reconcileDelayMs: 1000 } });
    try {
      const numbers = Array.from({ length: 40 }, (_, i) => `+1312555${String(3000 + i)}`);
      const jobIds: string[] = [];
      let killed: Promise<void> | undefined;
      for (const [i, to] of numbers.entries()) {
        if (i === 12) killed = topology.killMaster(`${fx.prefix}:dials:id`);
        // The same idempotency key on every retry: a repeated submission is the same job.
        const { jobId } = await deliverUntilAcknowledged(() => fx.submit('calls.create', { to, from: FROM }, { idempotencyKey: `failover:${to}` }));
        jobIds.push(jobId);
      }
      await killed;
      await until('every accepted job has finished', async () => {
        const states = await Promise.all(jobIds.map(async (id) => (await fx.job(id)).getState()));
        return states.every((state) => state === 'completed' || state === 'failed');
      }, 1200, 100);
      const states = await Promise.all(jobIds.map(async (id) => (await fx.job(id)).getState()));
      expect(states).toEqual(numbers.map(() => 'completed'));
      for (const to of numbers) {
        expect({ to, dials: fx.emulator.state.dialLog.list().filter((entry) => entry.to === to).length }).toEqual({ to, dials: 1 });
      }
    } finally {
      await fx.close();
    }
  }, 240000);
});
