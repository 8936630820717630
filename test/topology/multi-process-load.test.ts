import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator';
import { EventStore } from '../../src/events/event-store';
import { ServiceProcess } from '../jobs/support/service-process';
import { baseCampaign, campaignYaml, contactsCsv, fixturesDir } from '../campaigns/support/campaign-fixture';
import { connectTestRedis, deleteTestKeys, testPrefix, testRedisEnv } from '../support/redis-target';
import { SigningKey } from '../support/signing-key';

// Issue 16 item 3: `serve --processes 2` (node:cluster) and two `worker` processes on the run's
// Redis topology (a Redis Cluster under `npm run test:cluster`), loaded at once with dials through
// the admin API (each submitted twice, to both web processes), a campaign dispatched by both
// workers, the calls the emulator plays, and a storm of callbacks each delivered three times.
// What must hold: each number is dialed at most once, and each acknowledged event is stored once.

const ADMIN = 'multi-process-admin-token-0123';
const API_KEY = 'KEY-multi-process';
const ACCOUNT = 'AC-multi-process';
const APP_SID = 'app-multi-process';
const SECRET = 'multi-process-state-secret-0123456789abcdef';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `tasks` with at most `width` in flight. */
async function inParallel<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('many processes on one Redis topology', () => {
  const key = new SigningKey();
  const prefix = testPrefix();
  const processes: ServiceProcess[] = [];
  let emulator: EmulatorHandle;
  let base: string;

  afterAll(async () => {
    for (const p of processes.splice(0)) await p.kill('SIGTERM');
    await emulator?.close();
    const redis = connectTestRedis();
    await deleteTestKeys(redis, prefix);
    redis.disconnect();
  });

  it('when 2 web processes and 2 workers take dials, a campaign and repeated callbacks at once, then every number is dialed at most once and every acknowledged event is stored exactly once', async () => {
    emulator = await startEmulator({ apiKey: API_KEY, signingKey: key.privateKey, limits: { dialsPerSecond: null } });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      ...testRedisEnv(),
      QUEUE_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: base,
      TELNYX_PUBLIC_KEY: key.publicKeyBase64,
      FLOW_STATE_SECRET: SECRET,
      ADMIN_TOKEN: ADMIN,
      FLOWS_DIR: join(fixturesDir, 'flows'),
      ROUTES_DIR: join(fixturesDir, 'routes'),
      TELNYX_API_BASE_URL: emulator.apiBaseUrl,
      TELNYX_API_KEY: API_KEY,
      TELNYX_ACCOUNT_SID: ACCOUNT,
      TELNYX_APPLICATION_SID: APP_SID,
      TELNYX_DIALS_PER_SECOND: '300',
      CAMPAIGN_TICK_MS: '50',
      LOG_LEVEL: 'info',
    };
    const web = new ServiceProcess(['serve', '--role', 'web', '--processes', '2'], env);
    processes.push(web);
    await until('both web processes listen', () => web.lines.filter((l) => l.msg === 'texml-router listening').length === 2, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; output:\n${web.raw.join('\n')}`);
    });
    const webPids = new Set(web.lines.filter((l) => l.msg === 'texml-router listening').map((l) => l.pid));
    expect(webPids.size).toBe(2);
    for (let i = 0; i < 2; i++) {
      const worker = new ServiceProcess(['worker'], env);
      processes.push(worker);
      await worker.waitFor((l) => l.msg === 'campaign dispatcher started', `worker ${i + 1} dispatching`, 60_000);
    }

    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, ...(init.headers as Record<string, string> | undefined) } });

    // 1. Dials through the admin API: 60 calls, each submitted twice at once (same idempotency key).
    const dials = Array.from({ length: 60 }, (_, i) => `+1773555${String(i).padStart(4, '0')}`);
    const submitted = await inParallel(
      dials.flatMap((to) =>
        [1, 2].map(() => async () => {
          const res = await admin('/api/ops', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ op: 'calls.create', params: { to, from: '+13125550100', flow: 'campaign-test' }, idempotencyKey: `load-${to}` }),
          });
          return res.status;
        }),
      ),
      20,
    );
    expect(submitted.every((status) => status === 202)).toBe(true);

    // 2. A campaign of 150 contacts, dispatched by both workers.
    const created = await admin('/api/campaigns', { method: 'POST', body: campaignYaml(baseCampaign({ campaign: 'load' })) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const imported = await admin(`/api/campaigns/${id}/contacts`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: contactsCsv(150, 2000) });
    expect(imported.status).toBe(200);
    expect((await admin(`/api/campaigns/${id}/start`, { method: 'POST' })).status).toBe(200);

    // 3. Meanwhile a storm of signed callbacks: 200 calls x 4 statuses, each delivered 3 times.
    const statuses = ['initiated', 'ringing', 'in-progress', 'completed'];
    const deliveries = Array.from({ length: 200 }, (_, c) => c).flatMap((c) =>
      statuses.flatMap((status, s) => {
        const body = new URLSearchParams({
          AccountSid: ACCOUNT,
          CallSid: `v3:storm-${c}`,
          CallSidLegacy: `v3:storm-${c}`,
          ConnectionId: APP_SID,
          CallStatus: status,
          CallbackSource: 'call-progress-events',
          SequenceNumber: String(s + 1),
          Timestamp: new Date(Date.UTC(2026, 11, 7, 10, 0, s)).toISOString(),
          CallInitiatedAt: new Date(Date.UTC(2026, 11, 7, 10, 0, 0)).toISOString(),
          From: '+13125550100',
          To: `+1872555${String(c).padStart(4, '0')}`,
        }).toString();
        return [1, 2, 3].map(() => async () => {
          // Like Telnyx: a delivery that is not acknowledged is delivered again.
          for (;;) {
            const res = await fetch(`${base}/callbacks/call-status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...key.headers(body) }, body });
            if (res.ok) return res.status;
            if (res.status !== 503) return res.status;
          }
        });
      }),
    );
    // Shuffled, so the three deliveries of an event race on different processes.
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const acknowledged = await inParallel(deliveries, 30);
    expect(acknowledged.filter((status) => status !== 200)).toEqual([]);

    await until('the campaign is completed', async () => {
      const progress = (await (await admin(`/api/campaigns/${id}`)).json()) as { state: string };
      return progress.state === 'completed';
    });
    await until('all 210 calls were dialed', () => emulator.state.dialLog.list().length >= 210);
    await emulator.calls.idle();

    // At most once: every number dialed once, nothing extra.
    const byNumber = new Map<string, number>();
    for (const entry of emulator.state.dialLog.list()) byNumber.set(entry.to, (byNumber.get(entry.to) ?? 0) + 1);
    expect([...byNumber].filter(([, n]) => n !== 1)).toEqual([]);
    expect(byNumber.size).toBe(210);

    // Exactly once: each storm call has its four events, once each.
    const redis = connectTestRedis();
    try {
      const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
      const wrong: string[] = [];
      for (let c = 0; c < 200; c++) {
        const timeline = await store.timeline(`v3:storm-${c}`);
        const types = (timeline?.events ?? []).map((e) => e.type);
        if (types.join(' ') !== 'call.initiated call.ringing call.in-progress call.completed') wrong.push(`v3:storm-${c}: ${types.join(' ')}`);
      }
      expect(wrong).toEqual([]);
      // And the calls the emulator played: each ended once on its timeline.
      const played = emulator.state.calls.list();
      expect(played.length).toBe(210);
      for (const call of played) {
        const timeline = await store.timeline(call.sid);
        expect((timeline?.events ?? []).filter((e) => e.type === 'call.completed')).toHaveLength(1);
      }
    } finally {
      redis.disconnect();
    }
    // Both web processes answered.
    const answeredBy = new Set(web.lines.filter((l) => l.msg === 'webhook' || l.msg === 'callback').map((l) => l.pid));
    expect(answeredBy.size).toBe(2);

    // /metrics adds up every process's counters, whichever process the scrape reaches.
    for (let i = 0; i < 10; i++) expect((await fetch(`${base}/voice`, { method: 'POST', body: 'CallSid=v3:unsigned' })).status).toBe(403);
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`${base}/metrics`)).text();
      const refused = [...text.matchAll(/^texml_signature_failures_total\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
      expect(refused).toBe(10);
    }

    // A web process that dies is replaced; SIGTERM to the primary stops them all gracefully.
    const victim = [...webPids][0] as number;
    process.kill(victim, 'SIGKILL');
    await web.waitFor((l) => l.msg === 'web process died: started another' && l.died === victim, 'the replacement', 60_000);
    await until('three processes have listened', () => web.lines.filter((l) => l.msg === 'texml-router listening').length === 3, 60_000);
    const body = new URLSearchParams({ AccountSid: ACCOUNT, CallSid: 'v3:after-restart', From: '+13125550199', To: '+13125550100', CallStatus: 'ringing' }).toString();
    const answers = await Promise.all([1, 2, 3, 4].map(() => fetch(`${base}/voice`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...key.headers(body) }, body })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(await web.kill('SIGTERM')).toBe(0);
    expect(web.lines.filter((l) => l.msg === 'stopped')).toHaveLength(3);
  }, 600_000);
});
