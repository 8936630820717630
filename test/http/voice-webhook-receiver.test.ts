import { wellFormed } from '../support/well-formed-xml';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '../../src/config';
import { ErrorHandler } from '../../src/errors';
import { FlowSetHolder } from '../../src/flows/flow-set-holder';
import type { AppDependencies } from '../../src/http/app-dependencies';
import { createApp, createVoiceWebhookReceiver } from '../../src/http/create-app';
import { HttpServer } from '../../src/http/http-server';
import { ServiceMetrics } from '../../src/http/metrics/service-metrics';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { SigningKey } from '../support/signing-key';
import { repoRoot } from '../support/test-app';

const fixtures = join(repoRoot, 'test/fixtures/http-flows');
const call = new URLSearchParams({ CallSid: 'v3:fast-1', AccountSid: 'acc', From: '+13125550199', To: '+13125550100', CallStatus: 'in-progress' }).toString();

interface Served {
  base: string;
  key: SigningKey;
  logs: LogCapture;
  fallback: string;
  expressCalls: () => number;
  close: () => Promise<void>;
}

/** Wired as the web role wires it: the voice webhook receiver is offered each request before Express. */
async function serve(): Promise<Served> {
  const key = new SigningKey();
  const logs = new LogCapture();
  const logger = createLogger({ level: 'debug', pretty: false, secretValues: [], destination: logs });
  const config = loadConfig({ FLOW_STATE_SECRET: 'test-state-secret-0123456789abcdefghij', PUBLIC_BASE_URL: 'https://router.test', TELNYX_PUBLIC_KEY: key.publicKeyBase64 }, false);
  const flows = new FlowSetHolder({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), baseDir: repoRoot }, { readEnv: () => undefined }, logger);
  await flows.load();
  const metrics = new ServiceMetrics({ defaultMetrics: false });
  const deps: AppDependencies = { config, logger, errorHandler: new ErrorHandler(logger), flows, metrics };
  const voice = createVoiceWebhookReceiver(deps, metrics);
  const app = createApp({ ...deps, voice });
  let expressCalls = 0;
  const counted = (req: IncomingMessage, res: ServerResponse) => {
    expressCalls++;
    app(req, res);
  };
  const server = new HttpServer(counted, { ahead: voice });
  const address = await server.listen(0, '127.0.0.1');
  return { base: `http://127.0.0.1:${address.port}`, key, logs, fallback: flows.current!.fallback, expressCalls: () => expressCalls, close: () => server.close(1000) };
}

describe('voice webhook receiver, ahead of Express', () => {
  let s: Served;
  beforeEach(async () => {
    s = await serve();
  });
  afterEach(() => s.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${s.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('when a signed webhook reaches the server, then the receiver answers it and Express never sees it; other requests go on to Express', async () => {
    const res = await post('/voice', call, s.key.headers(call));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await res.text()).toContain('<Say>Enter your PIN.</Say>');
    expect(s.expressCalls()).toBe(0);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    expect(s.expressCalls()).toBe(1);
  });

  it('when a webhook is unsigned, then it gets 403 from the receiver and one log line', async () => {
    const res = await post('/Voice/Step/', call);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Forbidden');
    expect(s.expressCalls()).toBe(0);
    expect(s.logs.records().filter((r) => r.msg === 'webhook signature refused')).toHaveLength(1);
  });

  it('when a signed GET arrives, then it is refused with 405 and /readyz warns about it', async () => {
    const res = await fetch(`${s.base}/voice?${call}`, { headers: s.key.headers('') });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const ready = (await (await fetch(`${s.base}/readyz`)).json()) as { warnings?: string[] };
    expect(ready.warnings?.[0]).toContain('1 GET webhook(s) refused (last /voice');
  });

  it('when the body cannot be read (over 64 KiB), then it keeps its 413 and the answer is still the fallback TeXML', async () => {
    const body = `${call}&Padding=${'x'.repeat(70 * 1024)}`;
    const res = await post('/voice', body, s.key.headers(body));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const text = await res.text();
    expect(text).toBe(s.fallback);
    expect(wellFormed(text)).toBe(true);
  });

  it('when the body has a charset other than UTF-8, then it gets 415 with the fallback TeXML', async () => {
    const res = await post('/voice', call, { ...s.key.headers(call), 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' });
    expect(res.status).toBe(415);
    expect(await res.text()).toBe(s.fallback);
  });
});
