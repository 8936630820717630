import type { Socket } from 'node:net';
import type { Cluster, Redis } from 'ioredis';
import { createProducerRedis, type RedisClient } from '../../src/redis/redis-connections';
import { TEST_REDIS } from '../support/redis-target';
import { EventStore } from '../../src/events/event-store';
import { normaliseCallback } from '../../src/events/normalise-callback';
import type { CallbackKind } from '../../src/events/call-event';
import { testRedis } from '../support/redis';

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sid = 'v3:timeline-1';
const base = { CallSid: sid, From: '+13125550199', To: '+13125550100', CallbackSource: 'call-progress-events' };
const callbacks: [CallbackKind, Record<string, string>][] = [
  ['call-status', { ...base, CallStatus: 'initiated', SequenceNumber: '1', Timestamp: '2026-11-26T10:00:00Z' }],
  ['call-status', { ...base, CallStatus: 'ringing', SequenceNumber: '2', Timestamp: '2026-11-26T10:00:01Z' }],
  ['call-status', { ...base, CallStatus: 'in-progress', SequenceNumber: '3', Timestamp: '2026-11-26T10:00:05Z' }],
  ['amd', { CallSid: sid, AnsweredBy: 'human', Timestamp: '2026-11-26T10:00:06Z' }],
  ['recording', { CallSid: sid, RecordingSid: 'rec-1', RecordingStatus: 'completed', RecordingUrl: 'https://media/rec-1.mp3', RecordingDuration: '12', Timestamp: '2026-11-26T10:00:30Z' }],
  ['transcription', { CallSid: sid, TranscriptionSid: 'tr-1', TranscriptionStatus: 'completed', TranscriptionText: 'Call me back', RecordingSid: 'rec-1', Timestamp: '2026-11-26T10:00:40Z' }],
  ['call-status', { ...base, CallStatus: 'completed', SequenceNumber: '4', CallDuration: '35', HangupCause: 'normal_clearing', Timestamp: '2026-11-26T10:00:35Z' }],
];

describe('EventStore', () => {
  let redis: RedisClient;
  let store: EventStore;
  let cleanup: () => Promise<void>;
  let prefix: string;
  beforeEach(async () => {
    const t = await testRedis();
    redis = t.redis;
    prefix = t.prefix;
    cleanup = t.cleanup;
    store = new EventStore(redis, { prefix: t.prefix, retentionSeconds: 3600 });
  });
  afterEach(() => cleanup());

  it.each([1, 2, 3, 4, 5])('when every callback arrives ten times in shuffled order (seed %i), then the timeline is exact and ordered', async (seed) => {
    const deliveries = shuffle(callbacks.flatMap((c) => Array.from({ length: 10 }, () => c)), seed);
    let stored = 0;
    for (const [kind, params] of deliveries) if (await store.record(normaliseCallback(kind, params, new Date('2026-11-26T10:01:00Z')))) stored++;
    expect(stored).toBe(callbacks.length);
    const timeline = (await store.timeline(sid))!;
    expect(timeline.events.map((e) => e.type)).toEqual([
      'call.initiated',
      'call.ringing',
      'call.in-progress',
      'amd.human',
      'recording.completed',
      'call.completed',
      'transcription.completed',
    ]);
    expect(timeline.summary).toMatchObject({
      status: 'completed',
      from: '+13125550199',
      durationSeconds: 35,
      answeredBy: 'human',
      hangupCause: 'normal_clearing',
      recordings: ['https://media/rec-1.mp3'],
      transcription: 'Call me back',
      firstSeenAt: '2026-11-26T10:00:00.000Z',
    });
  });

  it('when a late ringing arrives after completed, then the call stays completed', async () => {
    const [initiated, ringing, , , , , completed] = callbacks;
    for (const [kind, params] of [initiated!, completed!, ringing!]) await store.record(normaliseCallback(kind, params, new Date()));
    expect((await store.summary(sid))!.status).toBe('completed');
  });

  it('when calls are listed, then filters by status and flow apply', async () => {
    await store.record(normaliseCallback('call-status', { CallSid: 'v3:a', CallStatus: 'completed', flow: 'main-line' }, new Date()));
    await store.record(normaliseCallback('call-status', { CallSid: 'v3:b', CallStatus: 'ringing', flow: 'support-queue' }, new Date()));
    expect((await store.list({ status: 'completed' })).map((c) => c.callSid)).toEqual(['v3:a']);
    expect((await store.list({ flow: 'support-queue' })).map((c) => c.callSid)).toEqual(['v3:b']);
    expect((await store.list({ since: new Date(Date.now() + 60_000) })).length).toBe(0);
  });

  it('when many events are recorded in the same turn of the event loop, then they go to Redis together and each answers for itself', async () => {
    // Each callback twice, all at once: the first of each pair is stored, its repeat is not.
    const deliveries = callbacks.flatMap(([kind, params]) => [normaliseCallback(kind, params, new Date()), normaliseCallback(kind, params, new Date())]);
    await redis.ping();
    // Observed, not replaced: count what ioredis writes to its sockets (one per node of a cluster).
    const clients = redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
    await Promise.all(clients.map((client) => client.ping()));
    const restores: Array<() => void> = [];
    let writes = 0;
    for (const client of clients) {
      const socket = (client as unknown as { stream: Socket }).stream;
      const write = socket.write;
      socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
        writes++;
        return write.apply(this, args);
      } as Socket['write'];
      restores.push(() => (socket.write = write));
    }
    const stored = await Promise.all(deliveries.map((event) => store.record(event))).finally(() => restores.forEach((restore) => restore()));
    // One pipeline; on a cluster one per slot group: this call's keys, and the index.
    expect(writes).toBe(redis.isCluster ? 2 : 1);
    expect(stored).toEqual(deliveries.map((_, i) => i % 2 === 0));
    const timeline = (await store.timeline(sid))!;
    expect(timeline.events).toHaveLength(callbacks.length);
    expect(timeline.summary.status).toBe('completed');
  });

  it('when flow steps are recorded, then they wait for company and leave with the next callback event (nobody waits on them)', async () => {
    // A delay no test reaches: only the callback's batch can take them.
    const patient = new EventStore(redis, { prefix, retentionSeconds: 3600, flowStepsDelayMs: 600_000 });
    const steps: Promise<boolean>[] = [];
    for (const callSid of ['v3:steps-1', 'v3:steps-2', 'v3:steps-3']) {
      steps.push(patient.recordFlowSteps({ callSid, flow: 'desk', steps: ['desk.welcome', 'desk.menu'], outcome: 'wait', endpoint: 'voice', at: new Date() }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await patient.summary('v3:steps-1')).toBeUndefined();
    const [kind, params] = callbacks[0]!;
    await patient.record(normaliseCallback(kind, { ...params, CallSid: 'v3:steps-1' }, new Date()));
    expect(await Promise.all(steps)).toEqual([true, true, true]);
    for (const callSid of ['v3:steps-1', 'v3:steps-2', 'v3:steps-3']) expect((await patient.timeline(callSid))?.events.map((e) => e.type)).toContain('flow.wait');
    expect((await patient.summary('v3:steps-1'))?.status).toBe('initiated');
    await patient.close();
  });

  it('when a full batch of flow steps waits, then it leaves without waiting for the delay or a callback', async () => {
    const patient = new EventStore(redis, { prefix, retentionSeconds: 3600, flowStepsDelayMs: 600_000 });
    const steps = Array.from({ length: 100 }, (_, i) => patient.recordFlowSteps({ callSid: `v3:full-${i}`, flow: 'desk', steps: ['desk.welcome'], outcome: 'wait', endpoint: 'voice', at: new Date() }));
    expect(await Promise.all(steps)).toEqual(steps.map(() => true));
    expect((await patient.timeline('v3:full-99'))?.events.map((e) => e.type)).toEqual(['flow.wait']);
    await patient.close();
  });

  it('when a call ends while its last steps still wait, then the steps are stored first and its end is counted at its last step', async () => {
    const patient = new EventStore(redis, { prefix, retentionSeconds: 3600, flowStepsDelayMs: 600_000 });
    const steps = patient.recordFlowSteps({ callSid: 'v3:ends', flow: 'desk', steps: ['desk.welcome', 'desk.goodbye'], outcome: 'hangup', endpoint: 'voice', at: new Date() });
    const completed = callbacks.find(([, params]) => params.CallStatus === 'completed')!;
    await patient.record(normaliseCallback(completed[0], { ...completed[1], CallSid: 'v3:ends', Timestamp: new Date().toISOString() }, new Date()));
    expect(await steps).toBe(true);
    await patient.close();
    const traffic = await patient.flowTraffic('desk', new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000));
    expect(traffic).toMatchObject({ visits: { 'desk.welcome': 1, 'desk.goodbye': 1 }, ended: { 'desk.goodbye': 1 } });
  });

  it('when the store closes (shutdown), then the flow-step records still waiting are written before it resolves', async () => {
    const patient = new EventStore(redis, { prefix, retentionSeconds: 3600, flowStepsDelayMs: 600_000 });
    const steps = ['v3:close-1', 'v3:close-2'].map((callSid) => patient.recordFlowSteps({ callSid, flow: 'desk', steps: ['desk.welcome'], outcome: 'wait', endpoint: 'voice', at: new Date() }));
    await patient.close();
    expect(await Promise.all(steps)).toEqual([true, true]);
    expect((await patient.flowTraffic('desk', new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000))).visits).toEqual({ 'desk.welcome': 2 });
  });

  it('when one event of a batch cannot be stored, then it alone fails and the others are stored', async () => {
    // A summary key of the wrong type: Redis refuses to fold an event into it.
    await redis.set(`${prefix.replace(/[{}]/g, '')}:call:{v3:broken}:summary`, 'not a hash');
    const [initiated] = callbacks;
    const results = await Promise.allSettled(['v3:fine-1', 'v3:broken', 'v3:fine-2'].map((CallSid) => store.record(normaliseCallback(initiated![0], { ...initiated![1], CallSid }, new Date()))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
    expect((await store.summary('v3:fine-1'))?.status).toBe('initiated');
    expect((await store.summary('v3:fine-2'))?.status).toBe('initiated');
    expect((await store.list({})).map((c) => c.callSid).sort()).toEqual(['v3:fine-1', 'v3:fine-2']);
  });

  it('when Redis refuses a batch, then every event in it fails (so each callback answers 503) and none is lost silently', async () => {
    // The web role's events connection: no offline queue, so a lost connection refuses at once.
    const connection = createProducerRedis(TEST_REDIS);
    await new Promise((resolve) => connection.once('ready', resolve));
    const closed = new EventStore(connection, { prefix: 'unused', retentionSeconds: 60 });
    connection.disconnect();
    const results = await Promise.allSettled(callbacks.map(([kind, params]) => closed.record(normaliseCallback(kind, params, new Date()))));
    expect(results.map((r) => r.status)).toEqual(callbacks.map(() => 'rejected'));
  });
});
