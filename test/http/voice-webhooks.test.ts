import { wellFormed } from '../support/well-formed-xml';
import { join } from 'node:path';
import { actionPath, createTestApp, repoRoot, type TestApp } from '../support/test-app';
import type { JobRequest } from '../../src/jobs/job-request';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const call = { CallSid: 'v3:call-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };

describe('voice webhooks', () => {
  let t: TestApp;
  const jobs: JobRequest[] = [];
  beforeEach(async () => {
    jobs.length = 0;
    t = await createTestApp({
      flowsDir: join(fixtures, 'flows'),
      routesDir: join(fixtures, 'routes'),
      producer: { enqueue: async (job) => (jobs.push(job), { jobId: String(jobs.length) }) },
    });
  });

  it('when Telnyx fetches /voice, then the routed flow renders with absolute action URLs, as uncached XML', async () => {
    const res = await t.post('/voice', call).expect(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')).toBe(true);
    expect(res.text).toContain('<Gather action="https://router.test/voice/step?state=');
    expect(res.text).toContain('<Say>Enter your PIN.</Say>');
    expect(res.text).toMatch(/<Redirect>https:\/\/router\.test\/voice\/step\?state=[\w-]+<\/Redirect>/);
    // One sealed token for both: the Redirect's request has no Digits, which is no input whichever
    // URL it reaches (one seal per document, not two); the token is bound to the call.
    const redirect = new URL(`https://x${actionPath(res.text, 'redirect')}`).searchParams.get('state');
    expect(redirect).toBe(new URL(`https://x${actionPath(res.text, 'action')}`).searchParams.get('state'));
    expect(t.urls.states.openBound(redirect).binding).toEqual({ callSid: 'v3:call-1' });
  });

  it('when a GET carries the parameters in the query string, then it is answered the same way', async () => {
    const unsigned = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), signed: false });
    const { default: request } = await import('supertest');
    const res = await request(unsigned.app).get('/voice').query(call).expect(200);
    expect(res.text).toContain('Enter your PIN.');
  });

  it('when the caller enters a valid PIN, then the next step renders with it and the flow job is handed off', async () => {
    const first = await t.post('/voice', call);
    const res = await t.post(actionPath(first.text), { ...call, Digits: '1234' }).expect(200);
    expect(res.text).toContain('<Say>Thanks, 1234. standard line.</Say>');
    expect(res.text).toContain('<Dial action="https://router.test/voice/step?state=');
    expect(jobs).toEqual([{ op: 'calls.fetch', params: { call_sid: 'v3:call-1' }, origin: { flow: 'desk', step: 'thanks', callSid: 'v3:call-1' } }]);
  });

  it('when FLOW_STATE_TOKEN_FORMAT=2, then tokens are written in format 2, and a process still writing format 1 (the same secret) goes on with them, and the other way round', async () => {
    const formatTwo = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { FLOW_STATE_TOKEN_FORMAT: '2' } });
    const first = await formatTwo.post('/voice', call).expect(200);
    const state = new URL(`https://x${actionPath(first.text)}`).searchParams.get('state')!;
    expect(Buffer.from(state, 'base64url')[0]).toBe(2);
    const next = await t.post(actionPath(first.text), { ...call, Digits: '1234' }).expect(200);
    expect(next.text).toContain('<Say>Thanks, 1234. standard line.</Say>');
    const back = await t.post('/voice', call).expect(200);
    expect(Buffer.from(new URL(`https://x${actionPath(back.text)}`).searchParams.get('state')!, 'base64url')[0]).toBe(1);
    const onTwo = await formatTwo.post(actionPath(back.text), { ...call, Digits: '1234' }).expect(200);
    expect(onTwo.text).toContain('<Say>Thanks, 1234. standard line.</Say>');
  });

  it('when the PIN is invalid twice, then the invalid prompt plays once and on_fail follows', async () => {
    const first = await t.post('/voice', call);
    const retry = await t.post(actionPath(first.text), { ...call, Digits: '12' }).expect(200);
    expect(retry.text).toContain('<Gather');
    expect(retry.text).toContain('<Say>That PIN is not valid.</Say><Say>Enter your PIN.</Say>');
    const failed = await t.post(actionPath(retry.text), { ...call, Digits: '99999' }).expect(200);
    expect(failed.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say><Hangup/></Response>');
  });

  it('when the gather times out and our Redirect fires, then the no-input prompt plays', async () => {
    const first = await t.post('/voice', call);
    const res = await t.post(actionPath(first.text, 'redirect'), call).expect(200);
    expect(res.text).toContain('<Say>Nothing entered.</Say><Say>Enter your PIN.</Say>');
  });

  describe('a menu in a queue wait step with no on_fail', () => {
    const waitUrl = async () => {
      const enqueue = await t.post(t.urls.voice('', 'waiting'), call).expect(200);
      const url = new URL(/waitUrl="([^"]+)"/.exec(enqueue.text)![1]!.replace(/&amp;/g, '&'));
      return url.pathname + url.search;
    };
    const queued = { ...call, QueueSid: 'QU1', QueuePosition: '1', CurrentQueueSize: '1', QueueTime: '5', AvgQueueTime: '0' };

    it('when the caller presses nothing, then they keep waiting: the wait step goes on and nothing hangs up', async () => {
      const offer = await t.post(await waitUrl(), queued).expect(200);
      expect(offer.text).toContain('<Say>Press 1 to be called back.</Say>');
      const after = await t.post(actionPath(offer.text, 'redirect'), queued).expect(200);
      expect(after.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Play>https://media.example.com/hold.mp3</Play></Response>');
    });

    it('when the caller presses a key the menu does not offer, then they keep waiting too', async () => {
      const offer = await t.post(await waitUrl(), queued).expect(200);
      const after = await t.post(actionPath(offer.text), { ...queued, Digits: '7' }).expect(200);
      expect(after.text).not.toContain('Hangup');
      expect(after.text).toContain('<Play>https://media.example.com/hold.mp3</Play>');
    });

    it('when the caller presses 1, then the option plays inside the wait (and leaves the queue)', async () => {
      const offer = await t.post(await waitUrl(), queued).expect(200);
      const after = await t.post(actionPath(offer.text), { ...queued, Digits: '1' }).expect(200);
      expect(after.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>We will call you back.</Say><Leave/></Response>');
    });
  });

  it('when the dial comes back busy, then the on.busy step renders', async () => {
    const first = await t.post('/voice', call);
    const dial = await t.post(actionPath(first.text), { ...call, Digits: '1234' });
    const res = await t.post(actionPath(dial.text), { ...call, DialCallStatus: 'busy' }).expect(200);
    expect(res.text).toContain('<Say>Goodbye.</Say><Hangup/>');
  });

  it('when /voice carries a sealed link to a flow and variables, then that flow runs with declared variables only', async () => {
    const res = await t.post(t.urls.voice('', 'desk', { tier: 'gold', evil: 'x' }), call).expect(200);
    expect(res.text).toContain('Enter your PIN.');
    const next = await t.post(actionPath(res.text), { ...call, Digits: '1234' }).expect(200);
    expect(next.text).toContain('<Say>Thanks, 1234. gold line.</Say>');
    expect(next.text).not.toContain('evil');
  });

  it('when /voice names an unknown flow, then the fallback document answers with 200', async () => {
    const res = await t.post('/voice?flow=nope', call).expect(200);
    expect(res.text).toContain("We're sorry, something went wrong.");
    expect(t.logs.text).toContain("unknown flow 'nope'");
    expect(t.logs.text).toContain('"callSid":"v3:call-1"');
  });

  describe('state tokens', () => {
    async function stepPath(): Promise<string> {
      const first = await t.post('/voice', call);
      return actionPath(first.text);
    }

    it.each([
      ['tampered', (token: string) => token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21)],
      ['truncated', (token: string) => token.slice(0, token.length - 10)],
      ['garbage', () => 'not*a*token'],
      ['missing', () => ''],
    ])('when the token is %s, then the fallback answers 200 and a warning is logged', async (_name, mangle) => {
      const path = await stepPath();
      const token = new URL(`https://x${path}`).searchParams.get('state')!;
      const res = await t.post(`/voice/step?state=${mangle(token)}`, { ...call, Digits: '1234' }).expect(200);
      expect(res.text).toContain("We're sorry, something went wrong.");
      expect(wellFormed(res.text)).toBe(true);
      expect(t.logs.records().some((r) => r.level === 40 && r.msg === 'webhook answered with fallback')).toBe(true);
    });

    it('when the token was sealed with another secret, then it is refused', async () => {
      const other = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { FLOW_STATE_SECRET: 'another-secret-another-secret-another' } });
      const foreign = actionPath((await other.post('/voice', call)).text);
      const res = await t.post(foreign, { ...call, Digits: '1234' }).expect(200);
      expect(res.text).toContain("We're sorry, something went wrong.");
    });

    it('when the token is older than its time to live, then it is refused as expired', async () => {
      let now = new Date('2026-11-26T12:00:00Z');
      const clocked = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { FLOW_STATE_TTL_SECONDS: '60' }, now: () => now, signed: false });
      const path = actionPath((await clocked.post('/voice', call)).text);
      now = new Date('2026-11-26T12:01:30Z');
      const res = await clocked.post(path, { ...call, Digits: '1234' }).expect(200);
      expect(res.text).toContain("We're sorry, something went wrong.");
      expect(clocked.logs.text).toContain('expired');
      expect(await clocked.metrics.registry.getSingleMetricAsString('texml_fallbacks_total')).toContain('reason="token-expired"');
    });
  });

  describe('signatures', () => {
    const body = new URLSearchParams(call).toString();

    it('when a request is unsigned, then it gets 403 and no TeXML', async () => {
      const { default: request } = await import('supertest');
      const res = await request(t.app).post('/voice').type('form').send(body).expect(403);
      expect(res.text).toBe('Forbidden');
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
    });

    it('when it is signed with another key, then it gets 403', async () => {
      const other = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes') });
      const { default: request } = await import('supertest');
      await request(t.app).post('/voice').type('form').set(other.key.headers(body)).send(body).expect(403);
    });

    it('when the timestamp is more than 300 s off, then it gets 403 even with a valid signature', async () => {
      const { default: request } = await import('supertest');
      const stale = Math.floor(Date.now() / 1000) - 301;
      await request(t.app).post('/voice').type('form').set(t.key.headers(body, stale)).send(body).expect(403);
      const fine = Math.floor(Date.now() / 1000) - 299;
      await request(t.app).post('/voice').type('form').set(t.key.headers(body, fine)).send(body).expect(200);
    });

    it('when the body is modified after signing, then it gets 403', async () => {
      const { default: request } = await import('supertest');
      const headers = t.key.headers(body);
      await request(t.app).post('/voice').type('form').set(headers).send(body.replace('%2B13125550199', '%2B13125550666')).expect(403);
      const failures = await t.metrics.registry.getSingleMetricAsString('texml_signature_failures_total');
      expect(failures).toContain('problem="invalid"');
    });

    it.each(['libsodium', 'node'])('when WEBHOOK_VERIFY_ENGINE=%s, then a signed request is answered and the same body changed after signing gets 403', async (engine) => {
      const withEngine = await createTestApp({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), env: { WEBHOOK_VERIFY_ENGINE: engine } });
      const { default: request } = await import('supertest');
      const headers = withEngine.key.headers(body);
      const res = await request(withEngine.app).post('/voice').type('form').set(headers).send(body).expect(200);
      expect(res.text).toContain('<Response>');
      await request(withEngine.app).post('/voice').type('form').set(headers).send(body.replace('%2B13125550199', '%2B13125550666')).expect(403);
    });
  });

  it.each([
    { trustProxy: 'true', source: 'the X-Forwarded-Proto and X-Forwarded-Host headers', expected: 'https://voice.example.com/voice/step?state=' },
    { trustProxy: 'false', source: 'the request itself (forwarded headers ignored)', expected: 'http://internal:3000/voice/step?state=' },
  ])('when PUBLIC_BASE_URL is unset and TRUST_PROXY is $trustProxy, then action URLs come from $source', async ({ trustProxy, expected }) => {
    const behind = await createTestApp({
      flowsDir: join(fixtures, 'flows'),
      routesDir: join(fixtures, 'routes'),
      env: { PUBLIC_BASE_URL: '', TRUST_PROXY: trustProxy },
    });
    const res = await behind.post('/voice', call, { Host: 'internal:3000', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'voice.example.com' }).expect(200);
    expect(res.text).toContain(`action="${expected}`);
  });

  it('when the body is over 64 KiB, then it gets 413', async () => {
    const res = await t.post('/voice', { ...call, Padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('when /metrics is scraped, then webhook latency by endpoint and flow is there', async () => {
    await t.post('/voice', call);
    const { default: request } = await import('supertest');
    const res = await request(t.app).get('/metrics').expect(200);
    expect(res.text).toContain('texml_webhook_duration_seconds_bucket{le="0.0005",endpoint="voice",flow="desk",outcome="wait"}');
  });

  it('when /readyz is asked, then it reports the flow set and that Redis is not needed', async () => {
    const { default: request } = await import('supertest');
    const res = await request(t.app).get('/readyz').expect(200);
    expect(res.body).toMatchObject({ ready: true, flowSetVersion: t.flows.current!.version, redis: 'not-configured' });
  });
});
