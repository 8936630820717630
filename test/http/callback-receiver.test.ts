import { connect } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from '../../src/config';
import { ErrorHandler } from '../../src/errors';
import { CallbackIngestor } from '../../src/events/callback-ingestor';
import { EventStore } from '../../src/events/event-store';
import type { AppDependencies } from '../../src/http/app-dependencies';
import { createApp, createCallbackReceiver } from '../../src/http/create-app';
import { HttpServer } from '../../src/http/http-server';
import { ServiceMetrics } from '../../src/http/metrics/service-metrics';
import { createLogger } from '../../src/logging';
import { LogCapture } from '../support/log-capture';
import { testRedis } from '../support/redis';

interface Served {
  ahead: string;
  throughExpress: string;
  store: EventStore;
  expressCalls: () => number;
  close: () => Promise<void>;
}

/** Wired as the web role wires it, plus the same app served without the receiver ahead of Express. */
async function serve(): Promise<Served> {
  const { redis, prefix, cleanup } = await testRedis();
  const logger = createLogger({ level: 'silent', pretty: false, secretValues: [], destination: new LogCapture() });
  const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
  const config = loadConfig({ FLOW_STATE_SECRET: 'test-state-secret-0123456789abcdefghij', WEBHOOK_VERIFY: 'off' }, false);
  const metrics = new ServiceMetrics({ defaultMetrics: false });
  const deps: AppDependencies = { config, logger, errorHandler: new ErrorHandler(logger), flows: { current: undefined }, metrics, events: { store, ingestor: new CallbackIngestor(store, logger) } };
  const callbacks = createCallbackReceiver(deps, metrics);
  const app = createApp({ ...deps, callbacks });
  let expressCalls = 0;
  const counted = (req: IncomingMessage, res: ServerResponse) => {
    expressCalls++;
    app(req, res);
  };
  const servers = [new HttpServer(counted, { ahead: callbacks }), new HttpServer(app)];
  const [ahead, throughExpress] = await Promise.all(servers.map((s) => s.listen(0, '127.0.0.1')));
  return {
    ahead: `http://127.0.0.1:${ahead!.port}`,
    throughExpress: `http://127.0.0.1:${throughExpress!.port}`,
    store,
    expressCalls: () => expressCalls,
    close: async () => {
      await Promise.all(servers.map((s) => s.close(1000)));
      await cleanup();
    },
  };
}

async function post(base: string, path: string, body: string, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; text: string; connection: string | null }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, text: await res.text(), connection: res.headers.get('connection') };
}

describe('callback receiver', () => {
  let s: Served;
  beforeEach(async () => {
    s = await serve();
  });
  afterEach(() => s.close());

  it('when a callback reaches the server, then the receiver answers it and Express never sees it; other requests go on to Express', async () => {
    const res = await post(s.ahead, '/callbacks/call-status', 'CallSid=v3:rx-1&CallStatus=ringing&SequenceNumber=1');
    expect(res).toMatchObject({ status: 200, text: 'OK' });
    expect(s.expressCalls()).toBe(0);
    expect((await s.store.summary('v3:rx-1'))?.status).toBe('ringing');
    expect((await fetch(`${s.ahead}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.ahead}/callbacks/call-status`)).status).toBe(404);
    expect(s.expressCalls()).toBe(2);
  });

  // Each request goes to both servers (with its own CallSid per server), so the answers must match.
  const cases: Array<{ name: string; path: string; body: (sid: string) => string; type?: string; twice?: boolean; status: number; text?: RegExp }> = [
    { name: 'a form body', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}&CallStatus=initiated&SequenceNumber=0`, status: 200, text: /^OK$/ },
    { name: 'a JSON body', path: '/callbacks/call-status', body: (sid) => JSON.stringify({ CallSid: sid, CallStatus: 'ringing', SequenceNumber: '1' }), type: 'application/json', status: 200, text: /^OK$/ },
    { name: 'an event delivered twice', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}&CallStatus=ringing&SequenceNumber=1`, twice: true, status: 200, text: /^OK \(duplicate\)$/ },
    { name: 'a trailing slash and capitals in the path', path: '/Callbacks/Call-Status/', body: (sid) => `CallSid=${sid}&CallStatus=in-progress&SequenceNumber=2`, status: 200, text: /^OK$/ },
    { name: 'the flow in the query string', path: '/callbacks/amd?flow=desk', body: (sid) => `CallSid=${sid}&AnsweredBy=human`, status: 200, text: /^OK$/ },
    { name: 'a recording callback without a RecordingSid', path: '/callbacks/recording', body: (sid) => `CallSid=${sid}&RecordingStatus=completed`, status: 400, text: /^recording callback without RecordingSid$/ },
    { name: 'a body of another type', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}&CallStatus=ringing`, type: 'text/plain', status: 400, text: /without/ },
    { name: 'broken JSON', path: '/callbacks/call-status', body: () => '{"CallSid": ', type: 'application/json', status: 400 },
    { name: 'a JSON array', path: '/callbacks/call-status', body: () => '[1,2]', type: 'application/json', status: 400 },
    { name: 'a charset other than UTF-8', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}`, type: 'application/x-www-form-urlencoded; charset=iso-8859-1', status: 415 },
    { name: 'a body over 64 KiB', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}&Padding=${'x'.repeat(70 * 1024)}`, status: 413 },
    { name: 'more than 1,000 fields', path: '/callbacks/call-status', body: (sid) => `CallSid=${sid}&${Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&')}`, status: 413 },
  ];

  it.each(cases)('when a callback comes with $name, then it is answered $status, served ahead of Express or through it alike', async ({ path, body, type, twice, status, text }) => {
    if (twice) {
      await post(s.ahead, path, body('v3:rx-ahead'), type);
      await post(s.throughExpress, path, body('v3:rx-express'), type);
    }
    const ahead = await post(s.ahead, path, body('v3:rx-ahead'), type);
    const viaExpress = await post(s.throughExpress, path, body('v3:rx-express'), type);
    expect(ahead.status).toBe(status);
    expect(viaExpress.status).toBe(status);
    if (text) {
      expect(ahead.text).toMatch(text);
      expect(viaExpress.text).toMatch(text);
    }
    expect(s.expressCalls()).toBe(0);
  });

  it('when a field is repeated, then the first value counts, as with Express’s parser', async () => {
    await post(s.ahead, '/callbacks/call-status', 'CallSid=v3:rx-rep&CallStatus=ringing&CallStatus=completed&SequenceNumber=1');
    expect((await s.store.summary('v3:rx-rep'))?.status).toBe('ringing');
  });

  it('when a body is refused as too large, then the connection is closed and the next request on a new one is answered', async () => {
    const refused = await post(s.ahead, '/callbacks/call-status', `CallSid=v3:rx-big&Padding=${'x'.repeat(70 * 1024)}`);
    expect(refused.status).toBe(413);
    expect(refused.text).toMatch(/over 64 KiB/);
    expect((await post(s.ahead, '/callbacks/call-status', 'CallSid=v3:rx-after&CallStatus=ringing')).status).toBe(200);
  });

  it('when the client goes away in the middle of its body, then nothing is stored and the server goes on answering', async () => {
    const url = new URL(s.ahead);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('POST /callbacks/call-status HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nCallSid=v3:rx-cut&Call');
    socket.destroy();
    await closed;
    expect((await post(s.ahead, '/callbacks/call-status', 'CallSid=v3:rx-next&CallStatus=ringing')).status).toBe(200);
    expect(await s.store.summary('v3:rx-cut')).toBeUndefined();
  });
});
