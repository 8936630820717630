import { join } from 'node:path';
import request from 'supertest';
import { BullmqOperationProducer } from '../../src/jobs/bullmq-operation-producer';
import { createLogger } from '../../src/logging';
import { adminApp } from './support/admin-app';
import { ServiceProcess } from './support/service-process';
import { WatchedLog } from './support/watched-log';
import { actionPath } from '../support/test-app';

const CLOSED = 'redis://127.0.0.1:1';
const httpFlows = join(__dirname, '..', 'fixtures', 'http-flows');
const call = { CallSid: 'v3:no-redis-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };
const UNREACHABLE = /^Redis is unreachable: webhooks are still answered; jobs wait for Redis/;


describe('without Redis', () => {
  it('when REDIS_URL points at a closed port, then a whole call with a job action is answered with TeXML, and the job is refused at once and counted, not logged one by one', async () => {
    const producerLogs = new WatchedLog();
    const producer = new BullmqOperationProducer({
      redisTarget: { mode: 'standalone', url: CLOSED },
      prefix: 'never-used',
      attempts: 8,
      backoffBaseMs: 1000,
      logger: createLogger({ level: 'debug', pretty: false, secretValues: [], destination: producerLogs }),
    });
    try {
      const redis = (producer as unknown as { redis: import('ioredis').Redis }).redis;
      let reconnects = 0;
      const reconnected = new Promise<void>((resolve) => redis.on('reconnecting', () => ++reconnects >= 3 && resolve()));
      const { app, logs, metrics } = await adminApp(
        { REDIS_URL: CLOSED },
        { producer, operations: producer, redisProbe: () => producer.ping(), flowsDir: join(httpFlows, 'flows'), routesDir: join(httpFlows, 'routes') },
      );
      const post = (path: string, form: Record<string, string>) => request(app).post(path).type('form').send(form);

      const started = Date.now();
      const first = await post('/voice', call).expect(200).expect('content-type', /xml/);
      expect(first.text).toContain('<Gather');
      const thanks = await post(actionPath(first.text), { ...call, Digits: '1234' }).expect(200);
      expect(thanks.text).toContain('<Say>Thanks, 1234. standard line.</Say>');
      expect(thanks.text).toContain('<Dial');
      const bye = await post(actionPath(thanks.text), { ...call, DialCallStatus: 'busy' }).expect(200);
      expect(bye.text).toContain('<Say>Goodbye.</Say><Hangup/>');
      expect(Date.now() - started).toBeLessThan(2000);

      // Refused at once and counted: in the metric, and in the outage's closing line (F8: no line per job).
      const enqueueFailures = async () => (await metrics.registry.getSingleMetric('texml_job_enqueue_failures_total')!.get()).values;
      while ((await enqueueFailures()).length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(await enqueueFailures()).toEqual([{ labels: { op: 'calls.fetch' }, value: 1 }]);
      expect(producer.availability.inOutage).toBe(true);
      expect(logs.records().filter((l) => l.msg === 'job not enqueued (the call continues)')).toEqual([]);
      await expect(producer.submit({ op: 'queues.list', params: {}, origin: { source: 'test' } })).rejects.toMatchObject({ code: 'JOBS_UNAVAILABLE', counted: true });

      const ready = await request(app).get('/readyz').expect(200);
      expect(ready.body).toMatchObject({ ready: true, redis: 'down' });

      // Several reconnect attempts later, the outage is still one line, without a stack trace.
      await reconnected;
      expect(producerLogs.records().filter((l) => UNREACHABLE.test(String(l.msg)))).toHaveLength(1);
      expect(producerLogs.text).not.toMatch(/\n\s+at /);
      expect(producerLogs.records().filter((l) => l.level === 50)).toEqual([]);
    } finally {
      await producer.close();
    }
  });

  it('when `texml-router serve` starts without Redis, then it serves webhooks, says once that jobs wait for Redis, and stops within the deadline on SIGTERM', async () => {
    const service = new ServiceProcess(['serve'], {
      REDIS_URL: CLOSED,
      PORT: '0',
      HOST: '127.0.0.1',
      FLOWS_DIR: join(httpFlows, 'flows'),
      ROUTES_DIR: join(httpFlows, 'routes'),
      FLOWS_WATCH: 'false',
      SHUTDOWN_TIMEOUT_MS: '2000',
      LOG_LEVEL: 'info',
    });
    try {
      const listening = await service.waitFor((l) => l.msg === 'texml-router listening', 'the listening line');
      expect(listening.runs).toBe('all');
      await service.waitFor((l) => UNREACHABLE.test(String(l.msg)), 'the Redis line');
      const port = await portOf(service);
      const res = await fetch(`http://127.0.0.1:${port}/voice`, { method: 'POST', body: new URLSearchParams(call) });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Gather');

      const stoppedAt = Date.now();
      const code = await service.kill('SIGTERM');
      expect(code).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(4500);
      expect(service.lines.filter((l) => UNREACHABLE.test(String(l.msg)))).toHaveLength(1);
      expect(service.raw.join('\n')).not.toMatch(/\n\s+at /);
    } finally {
      await service.kill();
    }
  });
});

/** The port the service chose (PORT=0): asked from the OS through /proc would be brittle, so read it from the log line. */
async function portOf(service: ServiceProcess): Promise<number> {
  const line = await service.waitFor((l) => l.msg === 'texml-router listening');
  return Number(line.port);
}
