import type { CallbackKind } from '../../src/events/call-event';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import { FlowHookDispatcher } from '../../src/flows/flow-hook-dispatcher';
import type { JobRequest } from '../../src/jobs/job-request';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { PrivateRedis } from '../support/private-redis';
import { testRedis } from '../support/redis';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const ADMIN = 'admin-token-for-tests-0123456789';
const silentLogger = () => createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });

/** Seeded Fisher-Yates, so a failing order can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('callbacks', () => {
  let t: TestApp;
  let store: EventStore;
  let cleanup: () => Promise<void>;
  const hooked: JobRequest[] = [];
  const seenJobIds = new Set<string>();

  beforeEach(async () => {
    hooked.length = 0;
    seenJobIds.clear();
    const r = await testRedis();
    cleanup = r.cleanup;
    store = new EventStore(r.redis, { prefix: r.prefix, retentionSeconds: 3600 });
    // A producer that keeps one job per id, as BullMQ does: what reaches it twice runs once.
    // (The real BullMQ producer is exercised by the end-to-end voicemail test.)
    const producer = {
      enqueue: async (job: JobRequest) => {
        const id = job.idempotencyKey ?? String(hooked.length);
        if (!seenJobIds.has(id)) {
          seenJobIds.add(id);
          hooked.push(job);
        }
        return { jobId: id };
      },
    };
    t = await createTestApp({
      flowsDir: join(fixtures, 'flows'),
      routesDir: join(fixtures, 'routes'),
      env: { ADMIN_TOKEN: ADMIN },
      events: (flows) => ({ store, ingestor: new CallbackIngestor(store, silentLogger(), new FlowHookDispatcher(flows, producer)) }),
    });
  });
  afterEach(() => cleanup());

  const sid = 'v3:cb-1';
  const events: [CallbackKind, Record<string, string>][] = [
    ['call-status', { CallSid: sid, CallStatus: 'initiated', SequenceNumber: '1', Timestamp: '2026-11-26T10:00:00Z', From: '+13125550199', To: '+13125550100' }],
    ['call-status', { CallSid: sid, CallStatus: 'ringing', SequenceNumber: '2', Timestamp: '2026-11-26T10:00:01Z' }],
    ['call-status', { CallSid: sid, CallStatus: 'in-progress', SequenceNumber: '3', Timestamp: '2026-11-26T10:00:03Z' }],
    ['amd', { CallSid: sid, AnsweredBy: 'machine_end_beep', MachineDetectionDuration: '2300', Timestamp: '2026-11-26T10:00:04Z' }],
    ['recording', { CallSid: sid, RecordingSid: 'rec-1', RecordingStatus: 'completed', RecordingUrl: 'https://media/rec-1.mp3', Timestamp: '2026-11-26T10:00:20Z' }],
    ['transcription', { CallSid: sid, TranscriptionSid: 'tr-1', TranscriptionStatus: 'completed', TranscriptionText: 'Please call back', Timestamp: '2026-11-26T10:00:40Z' }],
    ['conference', { CallSid: sid, ConferenceSid: 'conf-1', StatusCallbackEvent: 'participant-join', SequenceNumber: '1', FriendlyName: 'room', Timestamp: '2026-11-26T10:00:05Z' }],
    ['queue', { CallSid: sid, QueueSid: 'q-1', QueueResult: 'bridged', QueueTime: '30', Timestamp: '2026-11-26T10:00:06Z' }],
    ['stream', { CallSid: sid, StreamSid: 'st-1', StreamEvent: 'stream-started', Timestamp: '2026-11-26T10:00:07Z' }],
    ['siprec', { CallSid: sid, SiprecSid: 'sr-1', SiprecEvent: 'siprec-started', Timestamp: '2026-11-26T10:00:08Z' }],
    ['call-status', { CallSid: sid, CallStatus: 'completed', SequenceNumber: '4', CallDuration: '38', Timestamp: '2026-11-26T10:00:38Z' }],
  ];

  it('when every kind of callback arrives signed, then each answers 200 and lands on the timeline', async () => {
    for (const [kind, params] of events) await t.post(t.urls.callback('', kind, { flow: 'desk' }), params).expect(200);
    const res = await request(t.app).get(`/api/calls/${encodeURIComponent(sid)}`).set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
      'call.initiated', 'call.ringing', 'call.in-progress', 'amd.machine', 'conference.participant-join', 'queue.left',
      'stream.stream-started', 'siprec.started', 'recording.completed', 'call.completed', 'transcription.completed',
    ]);
    expect(res.body.summary).toMatchObject({ status: 'completed', flow: 'desk', answeredBy: 'machine_end_beep', durationSeconds: 38, transcription: 'Please call back' });
  });

  it.each([11, 23, 37])('when each callback is delivered ten times in shuffled order (seed %i), then the timeline is exact and each hook runs once', async (seed) => {
    const deliveries = shuffle(events.flatMap((e) => Array.from({ length: 10 }, () => e)), seed);
    for (const [kind, params] of deliveries) await t.post(t.urls.callback('', kind, { flow: 'desk' }), params).expect(200);
    const timeline = (await store.timeline(sid))!;
    expect(timeline.events).toHaveLength(events.length);
    expect(timeline.summary.status).toBe('completed');
    // desk.yaml hooks: call.completed -> notify; recording.completed -> job; amd.machine -> job.
    expect(hooked.map((j) => j.op).sort()).toEqual(['calls.fetch', 'notify', 'recordings.fetch']);
    expect(hooked.find((j) => j.op === 'recordings.fetch')!.params).toEqual({ recording_sid: 'rec-1' });
    expect(hooked.find((j) => j.op === 'notify')!.params).toMatchObject({ url: 'https://crm.example.com/hooks/calls', event: 'call.completed', call_sid: sid, call_duration: '38' });
  });

  it('when a caller leaves a queue, then the Enqueue action becomes a queue.left event with its hook', async () => {
    const pending: Promise<unknown>[] = [];
    const ingestor = new CallbackIngestor(store, silentLogger(), new FlowHookDispatcher(t.flows, { enqueue: async (job) => (hooked.push(job), { jobId: 'x' }) }));
    const watched = await createTestApp({
      flowsDir: join(fixtures, 'flows'),
      routesDir: join(fixtures, 'routes'),
      events: () => ({ store, ingestor: { ingest: (...args: Parameters<CallbackIngestor['ingest']>) => { const p = ingestor.ingest(...args); pending.push(p); return p; } } as CallbackIngestor }),
    });
    const first = await watched.post(watched.urls.voice('', 'queued'), { CallSid: 'v3:q1', From: '+13125550199', To: '+13125550100' }).expect(200);
    await watched.post(actionPath(first.text), { CallSid: 'v3:q1', QueueResult: 'bridged', QueueTime: '42' }).expect(200);
    await Promise.all(pending);
    const timeline = (await store.timeline('v3:q1'))!;
    expect(timeline.events.find((e) => e.type === 'queue.left')!.data).toMatchObject({ queue_result: 'bridged', queue_time: '42' });
    expect(hooked.map((j) => j.op)).toEqual(['queues.list']);
  });

  it('when a callback is unsigned, then it gets 403, nothing is stored, and the refusal is logged and counted with where it came from', async () => {
    await request(t.app).post('/callbacks/call-status').type('form').set('X-Forwarded-For', '203.0.113.9').send(`CallSid=${sid}&CallStatus=completed`).expect(403);
    expect(await store.timeline(sid)).toBeUndefined();
    const refused = t.logs.records().find((l) => l.msg === 'webhook signature refused');
    expect(refused).toMatchObject({ path: '/callbacks/call-status', problem: 'missing', forwardedFor: '203.0.113.9' });
    expect(refused!.ip).toEqual(expect.any(String));
    expect(await t.metrics.registry.getSingleMetricAsString('texml_signature_failures_total')).toContain('problem="missing"');
  });

  it('when a callback lacks what identifies it, then it gets 400', async () => {
    await t.post('/callbacks/recording', { CallSid: sid }).expect(400);
  });

  it('when calls are listed with the admin token, then filters apply; without it, 401', async () => {
    for (const [kind, params] of events) await t.post(t.urls.callback('', kind, { flow: 'desk' }), params).expect(200);
    await request(t.app).get('/api/calls').expect(401);
    const res = await request(t.app).get('/api/calls?status=completed&flow=desk').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(res.body.calls.map((c: { callSid: string }) => c.callSid)).toEqual([sid]);
    const none = await request(t.app).get('/api/calls?flow=other').set('Authorization', `Bearer ${ADMIN}`).expect(200);
    expect(none.body.calls).toEqual([]);
  });
});

describe('callbacks when Redis stops', () => {
  it('when Redis is down, then callbacks get 503, and after it restarts the redelivered events are all there', async () => {
    const server = await PrivateRedis.start();
    const redis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    const ready = () => new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
    // Without an offline queue, commands sent before the connection is up fail at once.
    await ready();
    const store = new EventStore(redis, { prefix: 'outage', retentionSeconds: 3600 });
    const t = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), events: () => ({ store, ingestor: new CallbackIngestor(store, silentLogger()) }) });
    const acknowledged: Record<string, string>[] = [];
    const deliver = async (params: Record<string, string>) => {
      const res = await t.post('/callbacks/call-status', params);
      if (res.status === 200) acknowledged.push(params);
      return res.status;
    };
    try {
      expect(await deliver({ CallSid: 'v3:o', CallStatus: 'initiated', SequenceNumber: '1' })).toBe(200);
      await server.stop();
      expect(await deliver({ CallSid: 'v3:o', CallStatus: 'ringing', SequenceNumber: '2' })).toBe(503);
      await server.start();
      await ready();
      // Telnyx delivers the refused event again once we answer.
      expect(await deliver({ CallSid: 'v3:o', CallStatus: 'ringing', SequenceNumber: '2' })).toBe(200);
      const timeline = (await store.timeline('v3:o'))!;
      // Every acknowledged event survived the kill (Redis persists each write before we answer).
      expect(timeline.events.map((e) => e.type)).toEqual(acknowledged.map((a) => `call.${a.CallStatus}`));
      expect(acknowledged.map((a) => a.CallStatus)).toEqual(['initiated', 'ringing']);
    } finally {
      redis.disconnect();
      await server.destroy();
    }
  });
});
