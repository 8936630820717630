/*
 * Studio traffic over 100,000 stored calls: the hourly counters (EventStore.flowTraffic, one
 * HGETALL per hour of the window) against what a scan of the stored calls would cost (the time
 * index, then every call's summary, pipelined). Real Redis, a prefix of the run's own, deleted at
 * the end. Usage: npx tsx bench/flow-traffic.ts [--calls 100000]
 */
import { randomUUID } from 'node:crypto';
import { EventStore } from '../src/events/event-store';
import { normaliseCallback } from '../src/events/normalise-callback';
import { createEventsRedis } from '../src/redis/redis-connections';

const at = process.argv.indexOf('--calls');
const CALLS = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
const STEPS = ['welcome', 'main_menu', 'sales', 'support', 'voicemail', 'goodbye'];

async function main(): Promise<void> {
  const redis = createEventsRedis({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
  await new Promise((resolve) => redis.once('ready', resolve));
  const prefix = `bench-traffic-${randomUUID().slice(0, 8)}`;
  const store = new EventStore(redis, { prefix, retentionSeconds: 7200 });
  const start = Date.now() - 3_600_000;
  const t0 = Date.now();
  for (let batch = 0; batch < CALLS; batch += 1000) {
    const writes: Promise<boolean>[] = [];
    for (let c = batch; c < Math.min(CALLS, batch + 1000); c++) {
      const sid = `v3:bench-${c}`;
      const when = new Date(start + (c % 3600) * 1000);
      const steps = ['main-line.welcome', `main-line.${STEPS[1 + (c % 5)]}`];
      writes.push(store.recordFlowSteps({ callSid: sid, flow: 'main-line', steps, outcome: 'wait', endpoint: 'voice', at: when }));
      writes.push(store.record(normaliseCallback('call-status', { CallSid: sid, CallStatus: 'completed', SequenceNumber: '4', Timestamp: new Date(when.getTime() + 60_000).toISOString() }, when)));
    }
    await Promise.all(writes);
  }
  const loadSeconds = (Date.now() - t0) / 1000;
  // The studio's default window: the last 24 hours (24 hourly counters to read).
  const until = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const since = new Date(until.getTime() - 24 * 3_600_000);
  // Counters moved just after each store: wait until all are in.
  for (;;) {
    const t = await store.flowTraffic('main-line', since, until);
    if ((t.visits['main-line.welcome'] ?? 0) >= CALLS && Object.values(t.ended).reduce((a, b) => a + b, 0) >= CALLS) break;
    await new Promise((resolve) => setImmediate(resolve));
  }

  const time = async (fn: () => Promise<unknown>, rounds: number): Promise<number> => {
    const runs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = process.hrtime.bigint();
      await fn();
      runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  };
  const counters = await time(() => store.flowTraffic('main-line', since, until), 9);
  const scan = await time(async () => {
    const sids = await redis.zrangebyscore(`${prefix}:calls`, since.getTime(), until.getTime());
    const pipeline = redis.pipeline();
    for (const sid of sids) pipeline.hget(`${prefix}:call:{${sid}}:summary`, 'last_step');
    const ended: Record<string, number> = {};
    for (const [, value] of (await pipeline.exec()) ?? []) if (typeof value === 'string') ended[value] = (ended[value] ?? 0) + 1;
    return ended;
  }, 3);
  console.log(`flow-traffic: ${CALLS.toLocaleString('en-US')} calls stored in ${loadSeconds.toFixed(1)} s (2 events each), window of ${Math.round((until.getTime() - since.getTime()) / 3_600_000)} hours`);
  console.log('| read | median ms | vs counters |\n|---|---:|---:|');
  console.log(`| counters (EventStore.flowTraffic) | ${counters.toFixed(2)} | 1.00x |`);
  console.log(`| scan: time index + every call's summary, pipelined | ${scan.toFixed(1)} | ${(scan / counters).toFixed(0)}x slower |`);

  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

void main();
