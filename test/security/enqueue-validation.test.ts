import { join } from 'node:path';
import request from 'supertest';
import { runCall } from '../../src/cli/commands/call-command';
import { loadFlowSet } from '../../src/flows/load-flow-set';
import { adminApp, fixturesDir } from '../jobs/support/admin-app';
import { JobsFixture } from '../jobs/support/jobs-fixture';

const ADMIN = 'enqueue-admin-token-0123456789';

/**
 * F10 (issue 12): a job naming a flow the service does not have is refused at enqueue (it would
 * dial someone into the fallback), and prototype keys anywhere in a payload are refused, each with
 * a 422 naming the flow or the key's path. The jobs fixtures hold one flow: `hello`.
 */
describe('enqueue validation: unknown flows and prototype keys', () => {
  let fx: JobsFixture;

  beforeAll(async () => {
    const { set } = await loadFlowSet({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') }, { readEnv: () => undefined });
    fx = await JobsFixture.start({ flows: { current: set }, noWorker: true });
  });
  afterAll(async () => fx.close());

  /** POSTs the JSON text as is: an object literal's `__proto__` would set a prototype, not send a key. */
  let app: Awaited<ReturnType<typeof adminApp>>['app'];
  beforeAll(async () => {
    app = (await adminApp({ ADMIN_TOKEN: ADMIN }, { producer: fx.producer, operations: fx.producer })).app;
  });
  function postRaw(body: string) {
    return request(app).post('/api/ops').set('Authorization', `Bearer ${ADMIN}`).set('Content-Type', 'application/json').send(body);
  }

  async function queued(): Promise<number> {
    let total = 0;
    for (const lane of ['ops', 'dials']) total += Object.values(await fx.queueFor(lane).getJobCounts()).reduce((a, b) => a + b, 0);
    return total;
  }

  it.each([
    ['calls.create', { to: '+13125550100', from: '+13125550199', flow: 'no-such-flow' }],
    ['calls.create', { to: '+13125550100', from: '+13125550199', flow: 'no-such-flow', vars: { k: 'v' } }],
    ['calls.update', { call_sid: 'v3:abc', flow: 'no-such-flow' }],
    ['applications.create', { friendly_name: 'x', flow: 'no-such-flow' }],
  ])('when %s names an unknown flow, then it is refused with a 422 naming the flow, and nothing is queued', async (op, params) => {
    const before = await queued();
    const res = await postRaw(JSON.stringify({ op, params })).expect(422);
    expect(res.body).toMatchObject({ error: 'OPERATION_INVALID', op, problems: [{ field: 'params.flow', message: 'unknown flow "no-such-flow"; known flows: hello' }] });
    expect(res.body.message).toContain('no-such-flow');
    expect(await queued()).toBe(before);
  });

  it('when calls.create names a known flow, then it is accepted', async () => {
    const res = await postRaw(JSON.stringify({ op: 'calls.create', params: { to: '+13125550100', from: '+13125550199', flow: 'hello' } })).expect(202);
    expect(res.body.jobId).toEqual(expect.any(String));
  });

  it('when `texml-router call --flow` names an unknown flow, then it exits 2 naming it and nothing is queued', async () => {
    const before = await queued();
    let err = '';
    const code = await runCall({ to: '+13125550100', from: '+13125550199', flow: 'no-such-flow', var: {} }, fx.producer, { out: () => undefined, err: (text) => void (err += text) });
    expect(code).toBe(2);
    expect(err).toContain('params.flow: unknown flow "no-such-flow"');
    expect(await queued()).toBe(before);
  });

  it.each([
    ['__proto__ at the top', '{"op":"calls.create","params":{"to":"+13125550100","from":"+13125550199","flow":"hello","__proto__":{"polluted":true}}}', 'params.__proto__'],
    ['__proto__ in vars', '{"op":"calls.create","params":{"to":"+13125550100","from":"+13125550199","flow":"hello","vars":{"__proto__":{"polluted":true}}}}', 'params.vars.__proto__'],
    ['constructor in vars', '{"op":"calls.create","params":{"to":"+13125550100","from":"+13125550199","flow":"hello","vars":{"constructor":"x"}}}', 'params.vars.constructor'],
    ['prototype deep in a notify payload', '{"op":"notify","params":{"event":"e","data":{"list":[{"prototype":{"x":1}}]}}}', 'params.data.list.0.prototype'],
    ['constructor.prototype', '{"op":"notify","params":{"event":"e","constructor":{"prototype":{"polluted":true}}}}', 'params.constructor'],
  ])('when a payload carries %s, then it is refused with a 422 naming the path, and nothing is queued or polluted', async (_what, body, path) => {
    const before = await queued();
    const res = await postRaw(body).expect(422);
    expect(res.body).toMatchObject({ error: 'OPERATION_INVALID' });
    expect(res.body.problems).toContainEqual({ field: path, message: 'is not allowed (a prototype key)' });
    expect(res.body.message).toContain(path);
    expect(await queued()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
