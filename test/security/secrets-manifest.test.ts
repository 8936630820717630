import { join } from 'node:path';
import request from 'supertest';
import { loadFlowSet } from '../../src/flows/load-flow-set';
import type { CompiledFlowSet } from '../../src/flows/compiled-flow';
import { adminApp, fixturesDir } from '../jobs/support/admin-app';
import { JobsFixture } from '../jobs/support/jobs-fixture';

const ADMIN = 'secrets-admin-token-0123456789';
const STATE_SECRET = 'the-service-state-secret-0123456789abcdef';
const CRM_KEY = 'crm-secret-value-9a8b7c6d5e';
const dirs = { flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') };

/**
 * F9 (issue 12): secrets.upsert reads only a variable the secrets manifest declares (the jobs
 * fixtures' routes declare crm_api_key <- JOBS_TEST_CRM_API_KEY and media_stream_token <-
 * JOBS_TEST_MEDIA_TOKEN). The worker's environment here also holds FLOW_STATE_SECRET and an
 * undeclared variable: neither may ever reach Telnyx (the emulator).
 */
describe('secrets.upsert and the secrets manifest', () => {
  let fx: JobsFixture;
  let set: CompiledFlowSet;

  beforeAll(async () => {
    set = (await loadFlowSet(dirs, { readEnv: () => undefined })).set!;
    fx = await JobsFixture.start({
      flows: { current: set },
      env: { JOBS_TEST_CRM_API_KEY: CRM_KEY, FLOW_STATE_SECRET: STATE_SECRET, JOBS_TEST_UNDECLARED: 'undeclared-value-123456' },
    });
  });
  afterAll(async () => fx.close());

  async function api() {
    const { app } = await adminApp({ ADMIN_TOKEN: ADMIN }, { producer: fx.producer, operations: fx.producer });
    return (params: Record<string, unknown>) => request(app).post('/api/ops').set('Authorization', `Bearer ${ADMIN}`).send({ op: 'secrets.upsert', params });
  }

  async function queuedJobs(): Promise<number> {
    const counts = await fx.queueFor('ops').getJobCounts();
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  it.each([
    ['FLOW_STATE_SECRET', { name: 'crm_api_key', env: 'FLOW_STATE_SECRET' }, /FLOW_STATE_SECRET is a configuration variable of this service/],
    ['ADMIN_TOKEN under a declared name', { name: 'media_stream_token', env: 'ADMIN_TOKEN' }, /ADMIN_TOKEN is a configuration variable of this service/],
    ['an undeclared variable', { name: 'crm_api_key', env: 'JOBS_TEST_UNDECLARED' }, /JOBS_TEST_UNDECLARED is not the variable the secrets manifest declares for secret crm_api_key \(it declares JOBS_TEST_CRM_API_KEY\)/],
    ['an undeclared secret', { name: 'stolen', env: 'JOBS_TEST_UNDECLARED' }, /secret stolen \(from JOBS_TEST_UNDECLARED\) is not declared in the secrets manifest .*declared: crm_api_key, media_stream_token/],
  ])('when an admin call names %s, then it is refused with a 422 naming it, nothing is queued and nothing reaches Telnyx', async (_what, params, message) => {
    const post = await api();
    const before = await queuedJobs();
    const res = await post(params).expect(422);
    expect(res.body).toMatchObject({ error: 'OPERATION_INVALID', op: 'secrets.upsert', problems: [{ field: 'params.env', message: expect.stringMatching(message) }] });
    expect(res.body.message).toContain(params.env);
    expect(await queuedJobs()).toBe(before);
    expect(fx.emulator.state.secrets.names()).not.toContain(params.name);
    expect(fx.logs.text).not.toContain(STATE_SECRET);
  });

  it('when a job naming FLOW_STATE_SECRET reaches the worker anyway (written to the queue past the API), then it fails at once naming it, and no value is sent', async () => {
    // A producer without a flow set checks only the service's own variables at enqueue: go past
    // it with a raw BullMQ add, as anything that can write to Redis could.
    const queue = fx.queueFor('ops');
    for (const [name, env, reason] of [
      // The worker reads the manifest: an undeclared variable is refused before it is read.
      ['crm_api_key', 'JOBS_TEST_UNDECLARED', /is not the variable the secrets manifest declares.*nothing was sent/],
      // The service's own variables are refused by the worker's payload check, before the job runs.
      ['stolen', 'FLOW_STATE_SECRET', /FLOW_STATE_SECRET is a configuration variable of this service/],
    ] as const) {
      const job = await queue.add('secrets.upsert', { op: 'secrets.upsert', params: { name, env }, origin: { source: 'test' } }, { attempts: 5 });
      const done = await fx.finished(job.id!);
      expect(done.state).toBe('failed');
      expect(done.failedReason).toMatch(reason);
      expect(done.job.attemptsMade).toBe(1);
    }
    expect(fx.emulator.state.secrets.valueOf('stolen')).toBeUndefined();
    expect(fx.emulator.state.secrets.valueOf('crm_api_key')).not.toBe('undeclared-value-123456');
    expect(fx.logs.text).not.toContain(STATE_SECRET);
    expect(fx.logs.text).not.toContain('undeclared-value-123456');
  });

  it('when the admin call names a declared secret with its declared variable, then the worker stores it', async () => {
    const post = await api();
    const res = await post({ name: 'crm_api_key', env: 'JOBS_TEST_CRM_API_KEY' }).expect(202);
    expect((await fx.finished(res.body.jobId)).state).toBe('completed');
    expect(fx.emulator.state.secrets.valueOf('crm_api_key')).toBe(CRM_KEY);
  });
});
