/*
 * Voice webhook throughput and latency, all in one run (see docs/benchmarks.md):
 *   (a) the same Express app answering a precomputed constant TeXML string (the ceiling)
 *   (b) POST /voice for the main example flow
 *   (c) a menu result on POST /voice/step with a state token
 *   (d) (c) with Ed25519 signature verification on
 * The server runs in a child process so autocannon (here) and the app get a core each.
 * Usage: npx tsx bench/voice-webhook.ts [--duration 5] [--rounds 3] [--connections 10]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ErrorHandler } from '../src/errors';
import { FlowSetHolder } from '../src/flows/flow-set-holder';
import { createApp } from '../src/http/create-app';
import { HttpServer } from '../src/http/http-server';
import { ServiceMetrics } from '../src/http/metrics/service-metrics';

// The examples as shipped (their copy: flows/ is the user's), on a clock pinned inside the
// example business hours, so the bench measures the same menu at any hour of the day.
const examples = join(__dirname, '..', 'test', 'fixtures', 'examples');
/** Tuesday 8 December 2026, 10:00 in Chicago: main-line's business_hours calendar is open. */
const OPEN_HOURS = new Date('2026-12-08T10:00:00-06:00');
const call = 'AccountSid=acc&CallSid=v3%3Abench&From=%2B13125550199&To=%2B13125550100&CallStatus=in-progress&CallerId=%2B13125550199';
const STATE_SECRET = 'bench-state-secret-0123456789abcdefghijkl';

async function serve(): Promise<void> {
  const publicKey = process.argv[process.argv.indexOf('--serve') + 1]!;
  // A real logger at info level writing to /dev/null: the per-webhook log line is part of the cost.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const flows = new FlowSetHolder({ flowsDir: join(examples, 'flows'), routesDir: join(examples, 'routes') }, { readEnv: () => undefined }, logger);
  await flows.load();
  const ports: Record<string, number> = {};
  for (const [name, env] of Object.entries({ plain: {}, signed: { TELNYX_PUBLIC_KEY: publicKey } })) {
    const config = loadConfig({ NODE_ENV: 'production', FLOW_STATE_SECRET: STATE_SECRET, ADMIN_TOKEN: 'bench-admin-token-123', WEBHOOK_VERIFY: name === 'plain' ? 'off' : 'on', PUBLIC_BASE_URL: 'https://bench.test', ...env }, false);
    const app = createApp({ config, logger, errorHandler: new ErrorHandler(logger), flows, metrics: new ServiceMetrics(), now: () => OPEN_HOURS });
    const ceiling = flows.current!.fallback;
    app.post('/ceiling', (_req, res) => {
      res.status(200).type('application/xml; charset=utf-8').set('Cache-Control', 'no-store').send(ceiling);
    });
    ports[name] = (await new HttpServer(app).listen(0, '127.0.0.1')).port;
  }
  process.send!({ ports });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(name: string, url: string, body: string, headers: Record<string, string>, options: { duration: number; connections: number; rate?: number }): Promise<Row> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    connections: options.connections,
    duration: options.duration,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const duration = arg('--duration', 5);
  const connections = arg('--connections', 10);

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const rawPublic = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  const child: ChildProcess = fork(__filename, ['--serve', rawPublic], { stdio: 'inherit' });
  const { ports } = await new Promise<{ ports: Record<string, number> }>((resolve) => child.once('message', (m) => resolve(m as { ports: Record<string, number> })));
  const plain = `http://127.0.0.1:${ports.plain}`;
  const signed = `http://127.0.0.1:${ports.signed}`;

  // A real menu state token: ask /voice once and take the Gather action URL.
  const first = await fetch(`${plain}/voice`, { method: 'POST', body: call, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const texml = await first.text();
  const action = /<Gather action="([^"]+)"/.exec(texml)?.[1]?.replace(/&amp;/g, '&');
  if (!action) throw new Error(`main example did not render a menu: ${texml}`);
  const stepPath = new URL(action).pathname + new URL(action).search;
  const stepBody = `${call}&Digits=2`;
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = sign(null, Buffer.from(`${timestamp}|${stepBody}`), privateKey).toString('base64');
  const signedHeaders = { 'telnyx-timestamp': String(timestamp), 'telnyx-signature-ed25519': signature };

  const cases: [string, string, string, Record<string, string>][] = [
    ['(a) constant TeXML (ceiling)', `${plain}/ceiling`, call, {}],
    ['(b) /voice main-line', `${plain}/voice`, call, {}],
    ['(c) /voice/step menu result', `${plain}${stepPath}`, stepBody, {}],
    ['(d) (c) + signature check', `${signed}${stepPath}`, stepBody, signedHeaders],
  ];
  // Warm up every path, then measure throughput, then latency at a fixed 1,000 requests/s.
  for (const [name, url, body, headers] of cases) await run(name, url, body, headers, { duration: 2, connections });
  // Rounds interleave the cases, so a burst of load from elsewhere on a shared machine hits all of
  // them alike; each figure is the median over the rounds.
  const rounds = arg('--rounds', 3);
  const samples: Row[][] = cases.map(() => []);
  const latencySamples: Row[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, [name, url, body, headers]] of cases.entries()) samples[i]!.push(await run(name, url, body, headers, { duration, connections }));
    for (const [i, [name, url, body, headers]] of cases.entries()) latencySamples[i]!.push(await run(name, url, body, headers, { duration, connections, rate: 1000 }));
  }
  const median = (rows: Row[]): Row => {
    const pick = (key: 'rps' | 'p50' | 'p99') => [...rows.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
    return { name: rows[0]!.name, rps: pick('rps'), p50: pick('p50'), p99: pick('p99'), errors: rows.reduce((n, r) => n + r.errors, 0) };
  };
  const throughput = samples.map(median);
  const latency = latencySamples.map(median);
  child.kill();

  const ceiling = throughput[0]!.rps;
  console.log(`\nvoice-webhook: ${rounds} rounds x ${duration} s per case (medians), ${connections} connections, node ${process.version}\n`);
  console.log('| case | req/s (max) | ratio to (a) | p50 ms @1000/s | p99 ms @1000/s | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  throughput.forEach((row, i) => {
    const at = latency[i]!;
    console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${(row.rps / ceiling).toFixed(2)} | ${at.p50.toFixed(2)} | ${at.p99.toFixed(2)} | ${row.errors + at.errors} |`);
  });
}

if (process.argv.includes('--serve')) void serve();
else main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
