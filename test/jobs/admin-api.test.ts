import request from 'supertest';
import { ServiceMetrics } from '../../src/http/metrics/service-metrics';
import { JobMetrics } from '../../src/jobs/job-metrics';
import { adminApp } from './support/admin-app';
import { JobsFixture } from './support/jobs-fixture';

const TOKEN = 'admin-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('admin API and Bull Board', () => {
  let fx: JobsFixture;
  beforeAll(async () => {
    fx = await JobsFixture.start();
  });
  afterAll(async () => fx.close());

  async function app(env: Record<string, string> = { ADMIN_TOKEN: TOKEN }) {
    return adminApp(env, { producer: fx.producer, operations: fx.producer });
  }

  it('when an operation is posted with the admin token, then it answers 202 with the job id and GET shows it completed with its result', async () => {
    const { app: server } = await app();
    const call = fx.emulator.state.calls.create({ accountSid: 'acct-jobs', origin: 'rest', from: '+13125550100', to: '+13125550101' });
    const posted = await request(server).post('/api/ops').set(auth).send({ op: 'calls.fetch', params: { call_sid: call.sid }, idempotencyKey: 'fetch-1' }).expect(202);
    expect(posted.body).toEqual({ jobId: 'fetch-1' });
    expect(posted.headers.location).toBe('/api/ops/fetch-1');
    await fx.finished('fetch-1');
    const status = await request(server).get('/api/ops/fetch-1').set(auth).expect(200);
    expect(status.body).toMatchObject({
      id: 'fetch-1',
      op: 'calls.fetch',
      queue: 'ops',
      state: 'completed',
      attemptsMade: 1,
      attempts: 8,
      params: { call_sid: call.sid },
      origin: { source: 'api' },
      result: { sid: call.sid },
      lastError: null,
    });
  });

  it('when the same idempotency key is posted twice, then both answers name one job', async () => {
    const { app: server } = await app();
    const body = { op: 'queues.create', params: { friendly_name: 'twice' }, idempotencyKey: 'queue:twice' };
    const a = await request(server).post('/api/ops').set(auth).send(body).expect(202);
    const b = await request(server).post('/api/ops').set(auth).send(body).expect(202);
    expect(b.body.jobId).toBe(a.body.jobId);
    await fx.finished(a.body.jobId);
    expect(fx.emulator.state.queues.list().filter((q) => q.friendlyName === 'twice')).toHaveLength(1);
  });

  it('when GET names the idempotency key instead of the job id (a key with ":", as call sids have), then it finds the job', async () => {
    const { app: server } = await app();
    const key = 'callback-v3:abc/def:1';
    const a = await request(server).post('/api/ops').set(auth).send({ op: 'queues.create', params: { friendly_name: 'by-key' }, idempotencyKey: key }).expect(202);
    expect(a.body.jobId).not.toBe(key);
    await fx.finished(a.body.jobId);
    const byKey = await request(server).get(`/api/ops/${encodeURIComponent(key)}`).set(auth).expect(200);
    expect(byKey.body).toMatchObject({ id: a.body.jobId, op: 'queues.create' });
    const raw = await request(server).get('/api/ops/callback-v3:abc%2Fdef:1').set(auth).expect(200);
    expect(raw.body.id).toBe(a.body.jobId);
    const digits = await request(server).post('/api/ops').set(auth).send({ op: 'queues.create', params: { friendly_name: 'digits' }, idempotencyKey: '12345' }).expect(202);
    await fx.finished(digits.body.jobId);
    expect((await request(server).get('/api/ops/12345').set(auth).expect(200)).body.id).toBe(digits.body.jobId);
  });

  it('when a job fails, then GET shows its last error with Telnyx’s code and detail', async () => {
    const { app: server } = await app();
    const { body } = await request(server).post('/api/ops').set(auth).send({ op: 'calls.fetch', params: { call_sid: 'v3:missing' } }).expect(202);
    await fx.finished(body.jobId);
    const status = await request(server).get(`/api/ops/${body.jobId}`).set(auth).expect(200);
    expect(status.body).toMatchObject({ state: 'failed', attemptsMade: 1, lastError: { kind: 'permanent', status: 404, code: '10005', detail: 'Resource not found' } });
    expect(status.body.lastError.failedReason).toMatch(/^calls\.fetch: 404/);
  });

  it('when a delay is given, then the job waits that many seconds (delayed state)', async () => {
    const { app: server } = await app();
    const { body } = await request(server).post('/api/ops').set(auth).send({ op: 'queues.list', params: {}, delay: 3600 }).expect(202);
    const status = await request(server).get(`/api/ops/${body.jobId}`).set(auth).expect(200);
    expect(status.body.state).toBe('delayed');
    await fx.queueFor('ops').remove(body.jobId);
  });

  it('when the params are wrong, then it answers 422 naming the op and field, and queues nothing', async () => {
    const { app: server } = await app();
    const res = await request(server).post('/api/ops').set(auth).send({ op: 'calls.create', params: { to: 'nope', from: '+13125550100' } }).expect(422);
    expect(res.body).toMatchObject({ error: 'OPERATION_INVALID', op: 'calls.create', problems: [{ field: 'params.to', message: expect.stringMatching(/E\.164/) }] });
    const unknown = await request(server).post('/api/ops').set(auth).send({ op: 'calls.explode' }).expect(422);
    expect(unknown.body.problems[0]).toMatchObject({ field: 'op' });
    const shape = await request(server).post('/api/ops').set(auth).send({ params: {} }).expect(422);
    expect(shape.body.error).toBe('REQUEST_INVALID');
  });

  it('when no job has that id, then GET answers 404', async () => {
    const { app: server } = await app();
    await request(server).get('/api/ops/no-such-job').set(auth).expect(404);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { Authorization: 'Bearer admin-token-0123456789abcdeX' }],
    ['a token of another length', { Authorization: 'Bearer short' }],
    ['another scheme', { Authorization: `Token ${TOKEN}` }],
  ])('when the request carries %s, then the admin API answers 401', async (_what, headers) => {
    const { app: server } = await app();
    await request(server).post('/api/ops').set(headers).send({ op: 'queues.list' }).expect(401);
    await request(server).get('/api/ops/x').set(headers).expect(401);
    await request(server).get('/admin/queues').set(headers).expect(401);
  });

  it('when ADMIN_TOKEN is not set, then every admin request is refused and the log says so once', async () => {
    const { app: server, logs } = await app({});
    await request(server).post('/api/ops').send({ op: 'queues.list' }).expect(401);
    await request(server).get('/api/ops/x').set(auth).expect(401);
    const res = await request(server).get('/admin/queues').expect(401);
    expect(res.body.error).toBe('ADMIN_DISABLED');
    expect(logs.records().filter((l) => String(l.msg).startsWith('ADMIN_TOKEN is not set'))).toHaveLength(1);
  });

  it('when Bull Board is opened with the token (bearer, or Basic from a browser), then it serves its page and lists both queues', async () => {
    const { app: server } = await app();
    const page = await request(server).get('/admin/queues').set(auth).expect(200);
    expect(page.text).toContain('<html');
    const basic = `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`;
    const api = await request(server).get('/admin/queues/api/queues').set('Authorization', basic).expect(200);
    expect(JSON.stringify(api.body)).toContain('"name":"ops"');
    expect(JSON.stringify(api.body)).toContain('"name":"dials"');
    const challenge = await request(server).get('/admin/queues').expect(401);
    expect(challenge.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('when /metrics is scraped, then job counters and queue depths are on the service registry', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    const jobMetrics = new JobMetrics(metrics.registry);
    jobMetrics.addDepthSource(() => fx.producer.depths());
    jobMetrics.completed.inc({ op: 'calls.create' });
    const { app: server } = await adminApp({ ADMIN_TOKEN: TOKEN }, { producer: fx.producer, operations: fx.producer, metrics });
    const text = (await request(server).get('/metrics').expect(200)).text;
    expect(text).toContain('texml_jobs_completed_total{op="calls.create"} 1');
    expect(text).toMatch(/texml_queue_depth\{queue="dials",state="waiting"\} \d+/);
    expect(text).toContain('texml_telnyx_errors_total');
    expect(text).toContain('texml_job_enqueue_failures_total');
  });
});
