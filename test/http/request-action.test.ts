import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequester } from '../../src/events/http-requester';
import { VoiceResponder } from '../../src/flows/voice-responder';
import { answerJson, LocalBackend } from '../support/local-backend';
import { createTestApp, type TestApp } from '../support/test-app';

/*
 * The `request` action end to end: Telnyx's /voice reaches the service, the service asks a real
 * backend on 127.0.0.1 while answering, and the TeXML carries the outcome.
 */

const SIGNING_SECRET = 'request-signing-secret-0123456789';
const call = { CallSid: 'v3:req-call', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' };

/** A flow that asks `path` and says what it learnt, or which branch it took. */
function flowAsking(name: string, port: number, path: string, extra = ''): string {
  return `flow: ${name}
start: ask
entry: true
request: { allow: [127.0.0.1] }
steps:
  ask:
    - request:
        url: "http://127.0.0.1:${port}${path}/{{call.from}}"
        method: POST
        body: { caller: "{{call.from}}" }
        into: { tier: $.account.tier, name: $.account.name }
        on: { ok: known, timeout: slow, error: broken }
${extra}  known:
    - say: "Hello {{vars.name}}, tier {{vars.tier}}."
  slow:
    - say: "Too slow."
  broken:
    - say: "Something broke."
`;
}

describe('request action over HTTP', () => {
  let backend: LocalBackend;
  let other: LocalBackend;
  let dir: string;
  let t: TestApp;
  /** The requester's clock (circuit cool-downs, cache TTLs). */
  let clock = 0;

  const flows = (port: number): Record<string, string> => ({
    lookup: flowAsking('lookup', port, '/account'),
    failing: flowAsking('failing', port, '/fail'),
    slow: flowAsking('slow', port, '/slow').replace('method: POST', 'method: POST\n        timeout: 0.2'),
    hostile: flowAsking('hostile', port, '/hostile'),
    big: flowAsking('big', port, '/big'),
    moved: flowAsking('moved', port, '/moved'),
    cached: `flow: cached
start: ask
entry: true
request: { allow: [127.0.0.1] }
steps:
  ask:
    - request: { url: "http://127.0.0.1:${port}/account/{{call.from}}", cache: 60, into: { tier: $.account.tier }, on: { error: broken } }
    - say: "Tier {{vars.tier}}."
  broken:
    - say: "Something broke."
`,
    budget: `flow: budget
start: a
entry: true
request: { allow: [127.0.0.1] }
steps:
${['a', 'b', 'c'].map((step, i) => `  ${step}:\n    - request: { url: "http://127.0.0.1:${port}/slow/${step}", timeout: 0.2, on: { timeout: ${['b', 'c', 'd'][i]} } }\n`).join('')}  d:
    - say: "Out of time."
`,
    chain: `flow: chain
start: ask
entry: true
request: { allow: [127.0.0.1] }
steps:
  ask:
${[1, 2, 3, 4].map((n) => `    - request: { url: "http://127.0.0.1:${port}/account/${n}",${n === 1 || n === 4 ? ` into: { t${n}: $.account.tier },` : ''} on: { error: broken } }\n`).join('')}    - say: "All four: {{vars.t1}} {{vars.t4}}."
  broken:
    - say: "Something broke."
`,
  });

  const app = async (requester: HttpRequester) => {
    t = await createTestApp({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes'), requester });
    if (!t.flows.current) throw new Error(`flows did not load: ${JSON.stringify(t.flows.lastLoad)}`);
  };
  const voice = (flow: string) => t.post(t.urls.voice('', flow), call).expect(200);

  beforeAll(async () => {
    other = new LocalBackend((_path, res) => answerJson(res, 200, { account: { tier: 'stolen', name: 'Other' } }));
    await other.start();
    backend = new LocalBackend((path, res, self) => {
      if (path.startsWith('/account')) return answerJson(res, 200, { account: { tier: 'gold', name: 'Ada' } });
      if (path.startsWith('/fail')) return answerJson(res, 500, { error: 'down' });
      if (path.startsWith('/slow')) return self.hold(res);
      if (path.startsWith('/hostile')) return answerJson(res, 200, { account: { tier: '{{#secret}}api_token{{/secret}}', name: '<b>{{call.from}}</b>' } });
      if (path.startsWith('/big')) return answerJson(res, 200, { account: { tier: 'x'.repeat(70 * 1024), name: 'Big' } });
      if (path.startsWith('/moved')) return void res.writeHead(302, { location: `http://localhost:${other.port}/account` }).end();
      answerJson(res, 404, {});
    });
    await backend.start();
    dir = await mkdtemp(join(tmpdir(), 'request-action-'));
    await mkdir(join(dir, 'flows'));
    await mkdir(join(dir, 'routes'));
    for (const [name, text] of Object.entries(flows(backend.port))) await writeFile(join(dir, 'flows', `${name}.yaml`), text);
    await writeFile(join(dir, 'routes', 'routes.yaml'), 'default: { flow: lookup }\n');
  });

  afterAll(async () => {
    await backend.stop();
    await other.stop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    backend.seen.length = 0;
    other.seen.length = 0;
    clock = Date.parse('2026-12-07T09:00:00Z');
    await app(new HttpRequester({ allowPrivate: true, signingSecret: SIGNING_SECRET, failureThreshold: 2, cooldownMs: 60_000, now: () => clock }));
  });

  it('when the backend answers 200, then into: values reach a later say in the same answer, and the request was signed', async () => {
    const res = await voice('lookup');
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello Ada, tier gold.</Say><Hangup/></Response>');
    expect(backend.seen).toHaveLength(1);
    const seen = backend.seen[0]!;
    expect(seen).toMatchObject({ method: 'POST', url: '/account/%2B13125550199', body: '{"caller":"+13125550199"}' });
    expect(seen.headers['content-type']).toBe('application/json');
    // The notify scheme: t=<unix seconds>,v1=HMAC-SHA256(secret, `${t}.${METHOD} ${path}\n${body}`).
    const [, stamp, digest] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(seen.headers['x-texml-router-signature']))!;
    expect(digest).toBe(createHmac('sha256', SIGNING_SECRET).update(`${stamp}.POST ${seen.url}\n${seen.body}`).digest('hex'));
    expect(t.logs.records().find((l) => l.msg === 'webhook')?.requests).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+ 200 \d+ms$/)]);
  });

  it('when the backend answers 500, then the error branch plays and the request is counted by host and outcome', async () => {
    expect((await voice('failing')).text).toContain('<Say>Something broke.</Say>');
    const counted = await t.metrics.flowRequests.get();
    expect(counted.values).toEqual([{ labels: { host: `127.0.0.1:${backend.port}`, outcome: '5xx' }, value: 1 }]);
  });

  it('when the backend is slower than the timeout, then the timeout branch plays', async () => {
    expect((await voice('slow')).text).toContain('<Say>Too slow.</Say>');
    expect(backend.hits('/slow')).toBe(1);
  });

  it('when a host keeps failing, then its circuit opens and the next call takes the error branch without asking it', async () => {
    await voice('failing');
    await voice('failing');
    expect(backend.hits('/fail')).toBe(2);
    // Open: every path of that host answers at once, even one that would succeed.
    expect((await voice('lookup')).text).toContain('<Say>Something broke.</Say>');
    expect(backend.seen).toHaveLength(2);
  });

  it('when a response value holds Mustache tags or markup, then it reaches the TeXML neutralised and escaped, never as a tag', async () => {
    const res = await voice('hostile');
    expect(res.text).not.toContain('{{');
    expect(res.text).not.toContain('<b>');
    expect(res.text).toContain('<Say>Hello &lt;b&gt;\uFF5B\uFF5Bcall.from\uFF5D\uFF5D&lt;/b&gt;, tier \uFF5B\uFF5B#secret\uFF5D\uFF5Dapi_token\uFF5B\uFF5B/secret\uFF5D\uFF5D.</Say>');
  });

  it('when the response is larger than 64 KiB, then it is not read and the error branch plays', async () => {
    expect((await voice('big')).text).toContain('<Say>Something broke.</Say>');
  });

  it('when the backend redirects to another host, then the redirect is not followed and the error branch plays', async () => {
    expect((await voice('moved')).text).toContain('<Say>Something broke.</Say>');
    expect(other.seen).toHaveLength(0);
  });

  it('when a document asks more than three times, then the fourth request takes its error branch without being sent', async () => {
    expect((await voice('chain')).text).toContain('<Say>Something broke.</Say>');
    expect(backend.seen.map((s) => s.url)).toEqual(['/account/1', '/account/2', '/account/3']);
  });

  it('when a request asks for cache: 60, then the same lookup within a minute is answered from the cache, another caller is not, and it expires', async () => {
    expect((await voice('cached')).text).toContain('<Say>Tier gold.</Say>');
    expect((await voice('cached')).text).toContain('<Say>Tier gold.</Say>');
    expect(backend.hits('/account')).toBe(1);
    expect(t.logs.records().filter((l) => l.msg === 'webhook').map((l) => l.requests)).toEqual([
      [expect.stringMatching(/ 200 \d+ms$/)],
      [expect.stringMatching(/ 200 cached \d+ms$/)],
    ]);
    await t.post(t.urls.voice('', 'cached'), { ...call, From: '+13125550111' }).expect(200);
    expect(backend.hits('/account')).toBe(2);
    clock += 60_000;
    await voice('cached');
    expect(backend.hits('/account')).toBe(3);
  });

  it('when the requests of one document use up its budget, then the next one times out without being sent', async () => {
    const responder = new VoiceResponder({ flows: t.flows, urls: t.urls, requester: new HttpRequester({ allowPrivate: true }), requestBudgetMs: 300 });
    const answer = await responder.settle(responder.inbound(call, 'https://router.test', t.urls.readVoice({ link: new URL(t.urls.voice('https://router.test', 'budget')).searchParams.get('link')! })));
    expect(answer.texml).toContain('<Say>Out of time.</Say>');
    expect(backend.seen.map((s) => s.url)).toEqual(['/slow/a', '/slow/b']);
    const [first, second, third] = answer.requests!;
    expect([first!.outcome, second!.outcome, third!.outcome]).toEqual(['timeout', 'timeout', 'timeout']);
    // The second had only what the first left of the 300 ms, the third nothing.
    expect(second!.ms).toBeLessThan(190);
    expect(third!.ms).toBeLessThan(50);
  });

  it('when private addresses are not allowed, then the request to 127.0.0.1 is refused at run time and never sent', async () => {
    await app(new HttpRequester({ signingSecret: SIGNING_SECRET }));
    expect((await voice('lookup')).text).toContain('<Say>Something broke.</Say>');
    expect(backend.seen).toHaveLength(0);
  });
});
