import type { AnswerMachine } from '../../src/urls/link-sealer';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CampaignService } from '../../src/campaigns/campaign-service';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import { createLogger } from '../../src/logging';
import { createTestApp, type TestApp } from '../support/test-app';
import { LogCapture } from '../support/log-capture';
import { baseCampaign, campaignYaml, CampaignFixture, contactsCsv, fixturesDir } from './support/campaign-fixture';

describe('campaign API', () => {
  let fx: CampaignFixture;
  beforeAll(async () => {
    fx = await CampaignFixture.start({ noWorker: true, noDispatcher: true });
  });
  afterAll(async () => fx.close());

  it('when a request has no admin token, then every campaign route answers 401', async () => {
    for (const [method, path] of [['get', '/api/campaigns'], ['post', '/api/campaigns'], ['get', '/api/campaigns/x'], ['post', '/api/campaigns/x/start'], ['get', '/api/campaigns/x/results.csv'], ['post', '/api/do-not-call']] as const) {
      const res = await (method === 'get' ? fx.api('get', path) : fx.api('post', path)).set('Authorization', 'Bearer wrong-token-0123456789');
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });

  it('when a campaign is posted as YAML with inline contacts, then it is created as a draft with its import report, and the lifecycle moves through the API', async () => {
    const yaml = campaignYaml({ ...baseCampaign({ campaign: 'api-yaml' }), contacts: { csv: `${contactsCsv(3)}not-a-number,X,Y,\n` } });
    const created = await fx.api('post', '/api/campaigns').set('Content-Type', 'application/yaml').send(yaml).expect(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^api-yaml-[0-9a-f]{6}$/);
    expect(created.headers.location).toBe(`/api/campaigns/${id}`);
    expect(created.body).toMatchObject({ state: 'draft', warnings: [], contacts: { rows: 4, imported: 3, invalid: 1, problems: [{ line: 5, message: "'not-a-number' is not a phone number" }] } });

    const more = await fx.api('post', `/api/campaigns/${id}/contacts`).set('Content-Type', 'text/csv').send('phone,first_name\n+13125559000,Late\n+13125551000,Dup\n').expect(200);
    expect(more.body).toMatchObject({ rows: 2, imported: 1, duplicates: 1 });

    const progress = (await fx.api('get', `/api/campaigns/${id}`).expect(200)).body;
    expect(progress).toMatchObject({ id, name: 'api-yaml', flow: 'campaign-test', state: 'draft', contacts: { total: 4, waiting: 4, dialing: 0, done: 0 }, import: { rows: 6, imported: 4, duplicates: 1, invalid: 1 } });
    expect((await fx.api('get', '/api/campaigns').expect(200)).body.campaigns).toEqual(expect.arrayContaining([expect.objectContaining({ id, state: 'draft', total: 4 })]));

    await fx.api('post', `/api/campaigns/${id}/resume`).expect(409);
    await fx.api('post', `/api/campaigns/${id}/start`).expect(200, { id, state: 'running' });
    expect((await fx.api('post', `/api/campaigns/${id}/start`).expect(409)).body.error).toEqual({ code: 'CAMPAIGN_STATE', message: `cannot start campaign '${id}': it is running` });
    await fx.api('post', `/api/campaigns/${id}/contacts`).set('Content-Type', 'text/csv').send('phone\n+13125559001\n').expect(409);
    await fx.api('post', `/api/campaigns/${id}/pause`).expect(200, { id, state: 'paused' });
    await fx.api('post', `/api/campaigns/${id}/resume`).expect(200, { id, state: 'running' });
    await fx.api('post', `/api/campaigns/${id}/cancel`).expect(200, { id, state: 'cancelled' });
    const cancelled = (await fx.api('get', `/api/campaigns/${id}`).expect(200)).body;
    expect(cancelled).toMatchObject({ state: 'cancelled', contacts: { done: 4 }, outcomes: { cancelled: 4 }, eta: { seconds: 0 } });

    const csv = await fx.api('get', `/api/campaigns/${id}/results.csv`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${id}-results.csv"`);
    expect(csv.text.split('\n').slice(0, 2)).toEqual(['contact,phone,state,outcome,attempts,history,last_call_sid,answered_by,duration_seconds,last_attempt_at,error,line', '1,+13125551000,done,cancelled,0,,,,,,,2']);
  });

  it('when a campaign is posted as JSON, then it is read like YAML; an invalid one gets 422 with every problem and its position', async () => {
    const json = JSON.stringify({ ...baseCampaign({ campaign: 'api-json' }), contacts: { csv: contactsCsv(1) } });
    expect((await fx.api('post', '/api/campaigns').set('Content-Type', 'application/json').send(json).expect(201)).body.contacts.imported).toBe(1);

    const bad = stringify({ ...baseCampaign({ flow: 'nope', pacing: { dials_per_second: 0, max_concurrent: 1 } }), contacts: { file: '/etc/passwd' } });
    const res = await fx.api('post', '/api/campaigns').set('Content-Type', 'application/yaml').send(bad).expect(422);
    expect(res.body.error).toBe('CAMPAIGN_INVALID');
    expect(res.body.diagnostics).toEqual([expect.objectContaining({ file: 'request', line: 9, column: 21, severity: 'error', message: "'pacing.dials_per_second' must be at least 0.1" })]);
    const noFlow = await fx.api('post', '/api/campaigns').send(stringify({ ...baseCampaign({ flow: 'nope' }), contacts: { file: '/etc/passwd' } })).expect(422);
    expect(noFlow.body.diagnostics).toEqual([
      expect.objectContaining({ file: 'request', line: 2, severity: 'error', message: "unknown flow 'nope'" }),
      expect.objectContaining({ file: 'request', severity: 'error', message: 'contacts.file: files are not read through the API', hint: 'send the CSV as contacts.csv, or POST it to /api/campaigns/:id/contacts' }),
    ]);
    await fx.api('post', '/api/campaigns').send('').expect(422);
  });

  it('when a campaign cannot start or does not exist, then the API says why', async () => {
    const empty = (await fx.api('post', '/api/campaigns').send(campaignYaml(baseCampaign({ campaign: 'empty' }))).expect(201)).body.id as string;
    expect((await fx.api('post', `/api/campaigns/${empty}/start`).expect(409)).body.error.message).toBe(`cannot start campaign '${empty}': it has no contacts`);
    await fx.api('get', '/api/campaigns/nothing-here').expect(404);
    await fx.api('get', '/api/campaigns/nothing-here/results.csv').expect(404);
    await fx.api('post', '/api/campaigns/nothing-here/pause').expect(404);
    await fx.api('get', '/api/campaigns/bad%20id!').expect(404);
    await fx.api('post', '/api/do-not-call').send({ numbers: [] }).expect(422);
    expect((await fx.api('delete', '/api/do-not-call/+13125550000').expect(200)).body).toEqual({ removed: false });
  });

  it('when the app has no campaign service, then the routes answer 503', async () => {
    const t = await createTestApp({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes'), env: { ADMIN_TOKEN: 'campaign-admin-token-0123456789' } });
    const { default: request } = await import('supertest');
    await request(t.app).get('/api/campaigns').set('Authorization', 'Bearer campaign-admin-token-0123456789').expect(503);
  });
});

describe('campaign answer endpoint', () => {
  const start = async () => createTestApp({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes') });
  // The answer URL the dispatcher hands to Telnyx, built by the same module (sealed).
  const answer = (t: TestApp, machine: AnswerMachine) =>
    t.urls.campaignAnswer('', { flow: 'campaign-test', machine, attempt: { campaign: 'c-1', contact: 4, attempt: 1 }, vars: { first_name: 'Ada', appointment: 'Friday' } });
  const call = { CallSid: 'v3:answer-test', From: '+13125550100', To: '+13125551000', CallStatus: 'in-progress', AccountSid: 'acct' };

  it('when a person answers, then the flow runs with the contact’s variables', async () => {
    const t = await start();
    const res = await t.post(answer(t, { kind: 'hangup' }), { ...call, AnsweredBy: 'human' }).expect(200);
    expect(res.text).toContain('<Say>Hello Ada, this is a reminder of your appointment Friday.</Say>');
  });

  it('when a machine answers and the campaign hangs up on machines, then the answer is a bare Hangup', async () => {
    const t = await start();
    const res = await t.post(answer(t, { kind: 'hangup' }), { ...call, AnsweredBy: 'machine_end_beep' }).expect(200);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  });

  it('when a machine answers and the campaign names a voicemail step, then that step plays', async () => {
    const t = await start();
    const res = await t.post(answer(t, { kind: 'step', step: 'voicemail' }), { ...call, AnsweredBy: 'fax' }).expect(200);
    expect(res.text).toContain('<Say>Sorry we missed you. Please call us back.</Say>');
    expect(res.text).not.toContain('Hello Ada');
  });

  it('when the request is not signed, then it is refused like any webhook', async () => {
    const t = await start();
    const { default: request } = await import('supertest');
    await request(t.app).post(answer(t, { kind: 'hangup' })).type('form').send({ ...call, AnsweredBy: 'human' }).expect(403);
  });
});

describe('campaign service without a flow check', () => {
  it('when the service has no flow set, then any flow name is accepted (checked when the flows load)', async () => {
    const { testRedis } = await import('../support/redis');
    const t = await testRedis();
    try {
      const service = new CampaignService({ store: new CampaignStore(t.redis, t.prefix), flows: { current: undefined }, defaultRegion: 'US', dialsPerSecondCap: 30, logger: createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() }) });
      const created = await service.create({ path: 'request', text: campaignYaml(baseCampaign({ flow: 'anything' })) });
      expect(created.definition.flow).toBe('anything');
    } finally {
      await t.cleanup();
    }
  });
});
