import { runCall } from '../../src/cli/commands/call-command';
import { runSecretsSync } from '../../src/cli/commands/secrets-command';
import request from 'supertest';
import { adminApp, fixturesDir } from './support/admin-app';
import { deleteKeys, JobsFixture, PUBLIC_BASE_URL } from './support/jobs-fixture';
import { join } from 'node:path';
import type { RedisClient } from '../../src/redis/redis-connections';
import { testKeys } from '../support/redis-target';

const CRM_KEY = 'crm-secret-value-9a8b7c6d5e';
const MEDIA_TOKEN = 'media-secret-value-1f2e3d4c5b';

/** Captured command output. */
function captureIo() {
  const captured = { out: '', err: '', io: { out: (t: string) => void (captured.out += t), err: (t: string) => void (captured.err += t) } };
  return captured;
}

/** Every value stored under a key prefix, whatever the key's type. */
async function everyValue(redis: RedisClient, prefix: string): Promise<string> {
  const dump: string[] = [];
  {
    for (const key of await testKeys(redis, prefix)) {
      const type = await redis.type(key);
      dump.push(key);
      if (type === 'string') dump.push(String(await redis.get(key)));
      else if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') dump.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') dump.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      else if (type === 'stream') dump.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  }
  return dump.join('\n');
}

describe('entry points: secrets sync and the call command', () => {
  let fx: JobsFixture;
  afterEach(async () => fx.close());

  it('when a flow’s job: action runs with Redis up, then the operation reaches Telnyx once, even if Telnyx sends the webhook twice', async () => {
    fx = await JobsFixture.start();
    const { app } = await adminApp({}, { producer: fx.producer, operations: fx.producer });
    const call = { CallSid: 'v3:flow-job-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };
    const created = fx.emulator.state.waitFor('queue.created');
    for (let i = 0; i < 2; i += 1) {
      const res = await request(app).post('/voice').type('form').send(call).expect(200);
      expect(res.text).toContain('<Say>Hello.</Say><Hangup/>');
    }
    const [queue] = await created;
    expect(queue).toMatchObject({ friendlyName: 'callers-+13125550100', maxSize: 25 });
    const [job] = await fx.queueFor('ops').getJobs(['completed', 'active', 'waiting', 'delayed']);
    expect(job!.data).toMatchObject({ op: 'queues.create', idempotencyKey: 'hello-v3:flow-job-1', origin: { source: 'flow', flow: 'hello', step: 'greet', callSid: 'v3:flow-job-1' } });
    expect((await fx.finished(job!.id!)).state).toBe('completed');
    const counts = await fx.queueFor('ops').getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('when secrets are synced, then Telnyx gets each value from the worker’s environment and no value is in Redis, the logs or the output', async () => {
    fx = await JobsFixture.start({ env: { JOBS_TEST_CRM_API_KEY: CRM_KEY, JOBS_TEST_MEDIA_TOKEN: MEDIA_TOKEN } });
    const out = captureIo();
    const code = await runSecretsSync({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') }, fx.producer, out.io, { wait: true }, () => undefined);
    expect({ code, err: out.err }).toEqual({ code: 0, err: '' });
    expect(out.out).toMatch(/secret crm_api_key <- \$JOBS_TEST_CRM_API_KEY: job \S+ \(note: JOBS_TEST_CRM_API_KEY is not set here; the worker reads it/);
    expect(out.out).toContain('secret media_stream_token: stored');
    expect(fx.emulator.state.secrets.valueOf('crm_api_key')).toBe(CRM_KEY);
    expect(fx.emulator.state.secrets.valueOf('media_stream_token')).toBe(MEDIA_TOKEN);

    const stored = await everyValue(fx.redis, fx.prefix);
    expect(stored).toContain('secrets.upsert');
    expect(stored).toContain('JOBS_TEST_MEDIA_TOKEN');
    for (const value of [CRM_KEY, MEDIA_TOKEN]) {
      expect(stored).not.toContain(value);
      expect(fx.logs.text).not.toContain(value);
      expect(out.out).not.toContain(value);
    }
  });

  it('when a secret’s variable is not set in the worker, then its job fails at once naming the variable, and sync exits 1', async () => {
    fx = await JobsFixture.start({ env: { JOBS_TEST_CRM_API_KEY: CRM_KEY } });
    const out = captureIo();
    const code = await runSecretsSync({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') }, fx.producer, out.io, { wait: true }, () => undefined);
    expect(code).toBe(1);
    expect(out.out).toContain('secret crm_api_key: stored');
    expect(out.out).toMatch(/secret media_stream_token: failed: secrets\.upsert: environment variable JOBS_TEST_MEDIA_TOKEN \(for secret media_stream_token\) is not set in the worker/);
    expect(fx.emulator.state.secrets.valueOf('media_stream_token')).toBeUndefined();
    expect(fx.emulator.state.secrets.valueOf('crm_api_key')).toBe(CRM_KEY);
    expect(out.err).toMatch(/^texml-router secrets sync: 1 of 2 secret\(s\) not synced:\n {2}media_stream_token \(\$JOBS_TEST_MEDIA_TOKEN\): failed: .*not set in the worker\n/);
    expect(out.err).toContain('--only media_stream_token');
  });

  it('when --only names a secret, then only that one is synced; an unknown name exits 2 listing the manifest', async () => {
    fx = await JobsFixture.start({ env: { JOBS_TEST_CRM_API_KEY: CRM_KEY, JOBS_TEST_MEDIA_TOKEN: MEDIA_TOKEN } });
    const dirs = { flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') };
    const out = captureIo();
    expect(await runSecretsSync(dirs, fx.producer, out.io, { wait: true, only: ['media_stream_token'] }, () => undefined)).toBe(0);
    expect(out.out).toContain('secret media_stream_token: stored');
    expect(out.out).not.toContain('crm_api_key');
    expect(fx.emulator.state.secrets.valueOf('crm_api_key')).toBeUndefined();
    const unknown = captureIo();
    expect(await runSecretsSync(dirs, fx.producer, unknown.io, { only: ['nope'] }, () => undefined)).toBe(2);
    expect(unknown.err).toBe("texml-router secrets sync: --only names 'nope', not in the manifest (secrets: crm_api_key, media_stream_token)\n");
  });

  it('when `call --to --from --flow --var` runs with --wait, then a calls.create job places the call with the flow and variables', async () => {
    fx = await JobsFixture.start();
    const out = captureIo();
    const code = await runCall({ to: '+13125553000', from: '+13125550100', flow: 'callback-agent', var: { reason: 'demo' }, wait: true, waitSeconds: 20 }, fx.producer, out.io);
    expect({ code, err: out.err }).toEqual({ code: 0, err: '' });
    expect(out.out).toMatch(/^enqueued calls\.create \+13125550100 -> \+13125553000 \(flow callback-agent\): job \S+\n/);
    expect(out.out).toContain('"state": "completed"');
    const [call] = fx.emulator.state.calls.list({ to: '+13125553000' });
    const url = new URL(String(call?.params.Url));
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_BASE_URL}/voice`);
    expect(fx.urls.readVoice(Object.fromEntries(url.searchParams))).toEqual({ kind: 'sealed', flow: 'callback-agent', vars: { reason: 'demo' } });
  });

  it('when `call` is given a number that is not E.164, then it exits 2 naming the field and enqueues nothing', async () => {
    fx = await JobsFixture.start({ noWorker: true });
    const out = captureIo();
    const code = await runCall({ to: '555-0100', from: '+13125550100', flow: 'callback-agent', var: {} }, fx.producer, out.io);
    expect(code).toBe(2);
    expect(out.err).toMatch(/calls\.create: params\.to: must be an E\.164 number/);
    expect(await fx.queueFor('dials').getJobCountByTypes('waiting', 'delayed', 'active')).toBe(0);
    await deleteKeys(fx.redis, fx.prefix);
  });
});
