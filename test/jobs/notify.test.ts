import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStore } from '../../src/events/event-store';
import { NOTIFY_SIGNATURE_HEADER, NotifySender } from '../../src/events/notify-sender';
import { ErrorHandler } from '../../src/errors';
import { JobsFixture } from './support/jobs-fixture';

const SECRET = 'notify-secret-for-tests-42';

interface Receiver {
  url: string;
  server: Server;
  bodies: { signature: string; body: string }[];
  /** Status codes to answer, in order; 200 after they run out. */
  answers: number[];
  received: Promise<void>;
}

async function receiver(answers: number[], expected: number): Promise<Receiver> {
  let done: () => void = () => undefined;
  const r: Receiver = { url: '', server: undefined as unknown as Server, bodies: [], answers, received: new Promise((resolve) => (done = resolve)) };
  r.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      r.bodies.push({ signature: String(req.headers[NOTIFY_SIGNATURE_HEADER]), body });
      res.statusCode = r.answers.shift() ?? 200;
      res.end();
      if (r.bodies.length === expected) done();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  return r;
}

describe('notify jobs', () => {
  let fx: JobsFixture;
  afterEach(async () => fx.close());

  const start = async (defaultUrl?: string) => {
    fx = await JobsFixture.start({ noWorker: true });
    const sender = new NotifySender(SECRET, 2000);
    await fx.startWorker({ notify: { send: (request) => sender.send(request), defaultUrl, eventRetentionSeconds: 3600 }, errorHandler: new ErrorHandler(fx.logger) });
  };

  it('when a notify job runs, then the receiver gets a signed JSON body and the delivery is on the call timeline', async () => {
    const r = await receiver([], 1);
    await start();
    const { jobId } = await fx.submit('notify', { url: r.url, event: 'call.completed', call_sid: 'v3:n1', flow: 'main-line', call_duration: '38' });
    const done = await fx.finished(jobId);
    await r.received;
    r.server.close();
    expect(done.state).toBe('completed');
    const [{ signature, body }] = r.bodies as [{ signature: string; body: string }];
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')).toBe(v1);
    expect(JSON.parse(body)).toEqual({ event: 'call.completed', call_sid: 'v3:n1', flow: 'main-line', call_duration: '38' });
    const timeline = await new EventStore(fx.redis, { prefix: fx.prefix, retentionSeconds: 3600 }).timeline('v3:n1');
    expect(timeline!.events.map((e) => [e.type, e.data.event, e.data.status])).toEqual([['notify.delivered', 'call.completed', '200']]);
  });

  it('when the receiver fails with 503 twice, then the job retries with backoff and delivers once', async () => {
    const r = await receiver([503, 503], 3);
    await start(r.url);
    const { jobId } = await fx.submit('notify', { event: 'recording.completed', call_sid: 'v3:n2' });
    const done = await fx.finished(jobId);
    await r.received;
    r.server.close();
    expect(done.state).toBe('completed');
    expect(done.job.attemptsMade).toBe(3);
    expect(r.bodies).toHaveLength(3);
    // Each retry is one readable line: the receiver being down is expected, not a bug with a stack.
    const retry = await fx.logs.waitFor((line) => line.msg === 'operation failed: will retry with backoff');
    expect(retry).toMatchObject({ level: 40, op: 'notify', problem: expect.stringContaining('503') });
    expect(JSON.stringify(retry)).not.toContain('stack');
  });

  it('when notify has its own attempts (NOTIFY_RETRY_WINDOW_SECONDS), then notify jobs carry them and other jobs JOB_ATTEMPTS', async () => {
    fx = await JobsFixture.start({ noWorker: true, attempts: 8, notifyAttempts: 22 });
    const notify = await fx.submit('notify', { event: 'call.completed', call_sid: 'v3:n4' });
    const other = await fx.submit('queues.list', {});
    expect((await fx.queueFor('ops').getJob(notify.jobId))!.opts.attempts).toBe(22);
    expect((await fx.queueFor('ops').getJob(other.jobId))!.opts.attempts).toBe(8);
  });

  it('when the receiver answers 400, then the job fails at once', async () => {
    const r = await receiver([400], 1);
    await start(r.url);
    const { jobId } = await fx.submit('notify', { event: 'amd.machine', call_sid: 'v3:n3' });
    const done = await fx.finished(jobId);
    r.server.close();
    expect(done.state).toBe('failed');
    expect(done.job.attemptsMade).toBe(1);
    expect(done.failedReason).toMatch(/answered 400/);
    // Reported through the process's one error handler, at error level, with the job's identity.
    const line = await fx.logs.waitFor((r) => r.code === 'JOB_FAILED');
    expect(line).toMatchObject({ level: 50, source: 'worker', op: 'notify', jobId, reason: 'permanent' });
  });
});
