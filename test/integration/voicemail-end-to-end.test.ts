import { ServiceUrls } from '../../src/urls/service-urls';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RedisClient } from '../../src/redis/redis-connections';
import { applicationInput } from '../../src/emulator/application-defaults';
import { startEmulator, type EmulatorHandle } from '../../src/emulator';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import { FlowHookDispatcher } from '../../src/flows/flow-hook-dispatcher';
import { NotifySender } from '../../src/events/notify-sender';
import { HttpServer } from '../../src/http/http-server';
import { BullmqOperationProducer } from '../../src/jobs/bullmq-operation-producer';
import { JobWorker } from '../../src/jobs/job-worker';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';
import { TEST_REDIS } from '../support/redis-target';
import { createTestApp, repoRoot } from '../support/test-app';

describe('a voicemail, end to end', () => {
  let emulator: EmulatorHandle;
  let server: HttpServer;
  let receiver: Server;
  let worker: JobWorker;
  let producer: BullmqOperationProducer;
  let cleanup: () => Promise<void>;
  let redis: RedisClient;
  let prefix: string;
  afterAll(async () => {
    await worker?.close(2000);
    await producer?.close();
    await server?.close(1000);
    await emulator?.close();
    receiver?.close();
    await cleanup?.();
  });

  it('when a caller leaves a message in the emulator, then recording and transcription are on the timeline and the notify hook reaches its receiver once', async () => {
    const r = await testRedis();
    ({ redis, prefix, cleanup } = r);
    const logger = createLogger({ level: 'warn', pretty: false, secretValues: [], destination: new LogCapture() });

    // The system that wants to hear about voicemails.
    const notified: Record<string, unknown>[] = [];
    let heard: () => void = () => undefined;
    const notifiedOnce = new Promise<void>((resolve) => (heard = resolve));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        notified.push(JSON.parse(body) as Record<string, unknown>);
        res.end();
        heard();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/voicemails`;

    emulator = await startEmulator({ apiKey: 'KEY_E2E' });
    producer = new BullmqOperationProducer({ redisTarget: TEST_REDIS, prefix, attempts: 3, backoffBaseMs: 20, logger });
    const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
    const t = await createTestApp({
      flowsDir: join(repoRoot, 'test/fixtures/e2e-voicemail/flows'),
      routesDir: join(repoRoot, 'test/fixtures/e2e-voicemail/routes'),
      // The service checks the emulator's signatures, as it would Telnyx's.
      env: { TELNYX_PUBLIC_KEY: emulator.publicKey, PUBLIC_BASE_URL: '' },
      producer,
      events: (flows) => ({ store, ingestor: new CallbackIngestor(store, logger, new FlowHookDispatcher(flows, producer)) }),
    });
    server = new HttpServer(t.app);
    const { port } = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    const sender = new NotifySender('e2e-notify-secret-0123');
    worker = new JobWorker({
      redisTarget: TEST_REDIS, prefix, concurrency: 4, backoffBaseMs: 20, backoffCapMs: 200, lockDurationMs: 30000, stalledIntervalMs: 30000,
      dialsPerSecond: 30, reconcileDelayMs: 0,
      telnyx: { apiKey: 'KEY_E2E', baseUrl: emulator.apiBaseUrl, timeoutMs: 5000, accountSid: 'acc', applicationSid: 'app', local: true },
      publicBaseUrl: base, urls: ServiceUrls.fromConfig(t.config), readEnv: () => undefined, logger,
      notify: { send: (request) => sender.send(request), defaultUrl: notifyUrl, eventRetentionSeconds: 3600 },
    });
    await worker.waitUntilReady();

    const app = emulator.state.applications.create(applicationInput('e2e', `${base}/voice`, { statusCallback: `${base}/callbacks/call-status` }));
    const call = emulator.calls.inbound({
      from: '+13125550199',
      to: '+13125550100',
      application: app.id,
      script: { caller: [{ record: { seconds: 14, transcript: 'Please call me back about my order', end: 'key' } }] },
    });
    const transcript = await emulator.calls.waitForEnd(call.sid, { timeoutMs: 20_000 });
    expect(transcript.endedBy).toBe('hangup');
    await notifiedOnce;

    const timeline = (await store.timeline(call.sid))!;
    const types = timeline.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['flow.wait', 'recording.completed', 'transcription.completed', 'call.completed']));
    expect(timeline.summary).toMatchObject({ status: 'completed', flow: 'voicemail', transcription: 'Please call me back about my order' });
    expect(timeline.summary.recordings).toHaveLength(1);
    expect(notified).toEqual([expect.objectContaining({ event: 'transcription.completed', call_sid: call.sid, flow: 'voicemail', text: 'Please call me back about my order' })]);
  });
});
