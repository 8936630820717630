import { join } from 'node:path';
import request from 'supertest';
import { CampaignOutcomeObserver } from '../../src/campaigns/campaign-outcome-observer';
import { campaignDefinitionForTests } from '../campaigns/support/campaign-definition-for-tests';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';

// Issue 12 items 2-4: what Telnyx signs (the body, and for a GET only the timestamp) is all a
// webhook believes; tokens speak only for the call they were issued to. docs/security.md.
const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const dirs = { flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes') };
const callA = { CallSid: 'v3:call-a', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };

describe('GET webhooks, with only their timestamp signed', () => {
  it('when verification is on and a correctly signed GET arrives, then it is refused 405 with the reason, and /readyz warns', async () => {
    const t = await createTestApp(dirs);
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body.webhookGet).toMatch(/^refused/);
    expect(ready.body.warnings).toBeUndefined();

    const res = await request(t.app).get('/voice?CallSid=v3:call-a&From=%2B13125550199&To=%2B13125550100').set(t.key.headers('')).expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.text).toContain("Telnyx signs only a GET's timestamp");
    expect(t.logs.text).toContain('GET webhooks are refused');

    const after = await request(t.app).get('/readyz').expect(200);
    expect(after.body.warnings).toEqual([expect.stringContaining('1 GET webhook(s) refused (last /voice')]);
  });

  it('when verification is on and the GET is not signed at all, then it gets 403 like any unsigned request', async () => {
    const t = await createTestApp(dirs);
    await request(t.app).get('/voice?CallSid=v3:call-a').expect(403);
    expect((await request(t.app).get('/readyz')).body.warnings).toBeUndefined();
  });

  it('when verification is off, then /readyz says GET is accepted because nothing is verified', async () => {
    const t = await createTestApp({ ...dirs, signed: false, env: { WEBHOOK_VERIFY: 'off' } });
    expect((await request(t.app).get('/readyz').expect(200)).body.webhookGet).toMatch(/^accepted/);
  });
});

describe('state tokens are bound to the call they were issued for', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dirs);
  });

  it('when call A presents its own token, then the flow goes on', async () => {
    const first = await t.post('/voice', callA).expect(200);
    const next = await t.post(actionPath(first.text), { ...callA, Digits: '1234' }).expect(200);
    expect(next.text).not.toContain("We're sorry, something went wrong.");
  });

  it('when call B presents call A\'s token, then it is refused, and a token with one character changed is refused too', async () => {
    const first = await t.post('/voice', callA).expect(200);
    const path = actionPath(first.text);
    const stolen = await t.post(path, { ...callA, CallSid: 'v3:call-b', Digits: '1234' }).expect(200);
    expect(stolen.text).toContain("We're sorry, something went wrong.");
    expect(t.logs.text).toContain('issued for another call');

    const token = /state=([\w-]+)/.exec(path)![1]!;
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    const forged = await t.post(path.replace(token, flipped), { ...callA, Digits: '1234' }).expect(200);
    expect(forged.text).toContain("We're sorry, something went wrong.");
  });

  it('when a token arrives without its state parameter but with a plain ?step=, then the step is not entered', async () => {
    const res = await t.post('/voice/step?flow=desk&step=start', { ...callA, Digits: '1' }).expect(200);
    expect(res.text).toContain("We're sorry, something went wrong.");
  });
});

describe('F4: callbacks under query tampering', () => {
  let t: TestApp;
  let events: EventStore;
  let campaigns: CampaignStore;
  let cleanup: () => Promise<void>;
  let logs: LogCapture;
  const now = Date.UTC(2026, 0, 5, 18);

  beforeEach(async () => {
    const r = await testRedis();
    cleanup = r.cleanup;
    events = new EventStore(r.redis, { prefix: r.prefix, retentionSeconds: 3600 });
    campaigns = new CampaignStore(r.redis, r.prefix);
    logs = new LogCapture();
    const logger = createLogger({ level: 'debug', pretty: false, secretValues: [], destination: logs });
    const observer = new CampaignOutcomeObserver(campaigns, logger, () => now);
    t = await createTestApp({ ...dirs, events: () => ({ store: events, ingestor: new CallbackIngestor(events, logger, undefined, () => new Date(now), [observer]) }) });
  });
  afterEach(() => cleanup());

  const completed = (sid: string, to: string) => ({ ...callA, CallSid: sid, To: to, CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '4', Timestamp: '2026-01-05T18:00:40Z', CallDuration: '35' });

  it('when a signed callback is replayed with ?SequenceNumber= and ?CallbackSource= added, then nothing new is stored', async () => {
    const body = completed('v3:replayed', '+13125550100');
    await t.post('/callbacks/call-status', body).expect(200);
    await t.post('/callbacks/call-status?SequenceNumber=99&CallbackSource=call-cost-events&CallStatus=busy', body).expect(200);
    await t.post('/callbacks/call-status?Timestamp=2026-01-05T19:00:00Z&flow=desk', body).expect(200);
    const timeline = await events.timeline('v3:replayed');
    expect(timeline?.events).toHaveLength(1);
    expect(timeline?.events[0]).toMatchObject({ sequence: 4, flow: null, data: expect.objectContaining({ call_status: 'completed' }) });
  });

  it("when an unrelated call's signed body is posted to a campaign attempt's sealed callback URL, then it settles nothing; the attempt's own call does", async () => {
    const definition = campaignDefinitionForTests({ name: 'bound', flow: 'desk' });
    const id = `bound-${Math.random().toString(16).slice(2, 8)}`;
    await campaigns.create(id, definition, now, 1000);
    await campaigns.importRows(id, [{ phone: '+13125552000', line: 2 }]);
    await campaigns.transition(id, 'start', now);
    expect((await campaigns.claim(id, now, ['1'])).dials).toHaveLength(1);

    // The URL the dial job hands Telnyx for this attempt (sealed: ?campaign=&contact= would be ignored).
    const url = new URL(t.urls.callback('https://router.test', 'call-status', { flow: 'desk', attempt: { campaign: id, contact: 1, attempt: 1 } }));
    const path = url.pathname + url.search;

    // Another call, to someone else, captured and replayed against the attempt's URL.
    await t.post(path, completed('v3:unrelated', '+13125559999')).expect(200);
    expect((await campaigns.contact(id, 1))?.state).toBe('dialing');
    expect(logs.text).toContain('from a call that attempt did not place');
    // The plain query form of the same attempt is not read at all.
    await t.post(`/callbacks/call-status?campaign=${id}&contact=1&attempt=1`, completed('v3:plain', '+13125552000')).expect(200);
    expect((await campaigns.contact(id, 1))?.state).toBe('dialing');

    // The attempt's own call (To: the contact) binds the attempt to its sid and settles it.
    await t.post(path, { ...completed('v3:attempt-call', '+13125552000'), CallStatus: 'in-progress', SequenceNumber: '3' }).expect(200);
    expect(await campaigns.contact(id, 1)).toMatchObject({ state: 'dialing', sid: 'v3:attempt-call' });
    // From then on, even a call to the same number is not the attempt's call.
    await t.post(path, completed('v3:same-number', '+13125552000')).expect(200);
    expect((await campaigns.contact(id, 1))?.state).toBe('dialing');
    await t.post(path, completed('v3:attempt-call', '+13125552000')).expect(200);
    expect(await campaigns.contact(id, 1)).toMatchObject({ state: 'done', outcome: 'answered', sid: 'v3:attempt-call', duration: '35' });
  });
});
