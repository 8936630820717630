/*
 * Voice webhook throughput and latency against a bare Express app, all in one run (see
 * docs/benchmarks.md, "voice-webhook"):
 *   (a) a separate, minimal Express app answering a constant string (the baseline)
 *   (b) unsigned POST /voice for the main example flow
 *   (c) (b) signed: Ed25519 verification on, by the engine auto picks (the precomputed addon when built)
 *   (d) a menu result on POST /voice/step with a state token, unsigned
 *   (e) (d) signed
 *   (f) POST /callbacks/call-status, half of them redeliveries (dedupe), stored in the real Redis
 *   (g) (c) verified by node's crypto on its thread pool (WEBHOOK_VERIFY_ENGINE=node)
 *   (h) (b) sealing its token in format 2, ChaCha20-Poly1305 by libsodium (FLOW_STATE_TOKEN_FORMAT=2)
 *   (i) (c) sealing its token in format 2
 *   (j) (c) verified by libsodium (WEBHOOK_VERIFY_ENGINE=libsodium, what auto picked before the addon)
 * The service is wired as the web role wires it: callbacks and voice webhooks are offered to their
 * receivers ahead of Express, events and timelines go to Redis (under a prefix of this run's own,
 * deleted at the end). The baseline and the service each run in a child process of their own, so
 * neither's garbage is collected on the other's time (bare Express promotes far more to the old
 * generation than the service does), and only one of them is loaded at a time: autocannon (here)
 * and the server under load get a core each. Each case runs right after a run of the baseline and
 * its ratio is to that run; figures are medians over the rounds, with the range of the ratios.
 * Latency is measured in separate runs at 1,000 requests/s, twice: sent steadily, one request a
 * millisecond, with latency counted from when each was due after a second unmeasured
 * (bench/support/paced-load.ts), and by autocannon, whose rate limit sends each connection's share
 * of a second in one burst (the figure of earlier runs). Each run also reads the CPU time the
 * serving process and Redis used per request answered: on two shared cores Redis and the load
 * generator share one, so req/s mixes the service's cost with that contention, and CPU per request
 * is the service's own.
 * Callbacks use 20 connections (as bench/events.ts does: Telnyx posts them from many at once).
 * The serving children run the service compiled by tsc, as `npm start` runs it (--source: from
 * TypeScript through tsx, which adds esbuild's __name() wrappers to our code only).
 * Usage: npx tsx bench/voice-webhook.ts [--duration 3] [--rounds 5] [--connections 10] [--callback-connections 20] [--cases b,c,f] [--source] [--profile DIR]
 * (--cases: only these of (b) to (i), each still paired with (a); all by default)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { openSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/create-logger';
import { createLogDestination } from '../src/logging/log-destination';
import { ErrorHandler } from '../src/errors';
import { CallbackIngestor } from '../src/events/callback-ingestor';
import { EventStore } from '../src/events/event-store';
import { createEventsRedis } from '../src/redis/redis-connections';
import { chooseEd25519Engine } from '../src/telnyx/create-ed25519-engine';
import { FlowSetHolder } from '../src/flows/flow-set-holder';
import type { AppDependencies } from '../src/http/app-dependencies';
import { createApp, createCallbackReceiver, createVoiceWebhookReceiver } from '../src/http/create-app';
import { HttpServer } from '../src/http/http-server';
import { ServiceMetrics } from '../src/http/metrics/service-metrics';
import { deleteRunKeys } from './support/delete-run-keys';
import { compileForBench } from './support/compile-for-bench';
import { listenLocal } from './support/listen-local';
import { median } from './support/measure';
import { runPacedLoad, type PacedLoadResult } from './support/paced-load';

// The examples as shipped (their copy: flows/ is the user's), on a clock pinned inside the
// example business hours, so the bench measures the same menu at any hour of the day. The serving
// child runs from a compiled copy elsewhere, so it is given this path.
const EXAMPLES = join(__dirname, '..', 'test', 'fixtures', 'examples');
/** Tuesday 8 December 2026, 10:00 in Chicago: main-line's business_hours calendar is open. */
const OPEN_HOURS = new Date('2026-12-08T10:00:00-06:00');
const call = 'AccountSid=acc&CallSid=v3%3Abench&From=%2B13125550199&To=%2B13125550100&CallStatus=in-progress&CallerId=%2B13125550199';
const STATE_SECRET = 'bench-state-secret-0123456789abcdefghijkl';
const ADMIN_TOKEN = 'bench-admin-token-123';

async function serve(): Promise<void> {
  const at = (flag: string) => process.argv[process.argv.indexOf(flag) + 1]!;
  const publicKey = at('--serve');
  const prefix = at('--prefix');
  const examples = at('--examples');
  const role = at('--role');
  // The service's own logger (redaction, secret scrubbing) at info level, writing to /dev/null
  // through the service's destination: the per-webhook log line is part of the cost.
  const logger = createLogger({ level: 'info', pretty: false, secretValues: [STATE_SECRET, ADMIN_TOKEN], destination: createLogDestination(openSync('/dev/null', 'w')) });
  const flows = new FlowSetHolder({ flowsDir: join(examples, 'flows'), routesDir: join(examples, 'routes') }, { readEnv: () => undefined }, logger);
  await flows.load();
  const ports: Record<string, number> = {};
  // The CPU this process has used, asked for before and after each run (see `cpu` in run()).
  process.on('message', (message) => {
    if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
    // An orderly exit, so that --cpu-prof writes its profile.
    if (message === 'exit') process.exit(0);
  });

  if (role === 'baseline') {
    // The baseline: a separate Express app, nothing but a route answering a constant string
    // (x-powered-by and etag off, as the service's own app has them).
    const constant = flows.current!.fallback;
    const bare = express();
    bare.disable('x-powered-by');
    bare.disable('etag');
    bare.post('/', (_req, res) => {
      res.status(200).type('application/xml; charset=utf-8').send(constant);
    });
    ports.bare = await listenLocal(createServer(bare));
    process.send!({ ports });
    return;
  }

  // The connection the web role uses for events and timelines (src/cli/web-role.ts).
  const redis = createEventsRedis({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
  await new Promise((resolve) => redis.once('ready', resolve));
  const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
  const ingestor = new CallbackIngestor(store, logger);

  // signed: the engine WEBHOOK_VERIFY_ENGINE=auto picks (the addon when built); signedNode, signedLibsodium: as named.
  // plainFormat2, signedFormat2: tokens sealed in format 2 (ChaCha20-Poly1305), FLOW_STATE_TOKEN_FORMAT=2.
  const servers = {
    plain: {},
    signed: { TELNYX_PUBLIC_KEY: publicKey },
    signedNode: { TELNYX_PUBLIC_KEY: publicKey, WEBHOOK_VERIFY_ENGINE: 'node' },
    signedLibsodium: { TELNYX_PUBLIC_KEY: publicKey, WEBHOOK_VERIFY_ENGINE: 'libsodium' },
    plainFormat2: { FLOW_STATE_TOKEN_FORMAT: '2' },
    signedFormat2: { TELNYX_PUBLIC_KEY: publicKey, FLOW_STATE_TOKEN_FORMAT: '2' },
  };
  for (const [name, env] of Object.entries(servers)) {
    const config = loadConfig({ NODE_ENV: 'production', FLOW_STATE_SECRET: STATE_SECRET, ADMIN_TOKEN, WEBHOOK_VERIFY: name.startsWith('plain') ? 'off' : 'on', PUBLIC_BASE_URL: 'https://bench.test', ...env }, false);
    const metrics = new ServiceMetrics();
    const deps: AppDependencies = { config, logger, errorHandler: new ErrorHandler(logger), flows, metrics, events: { store, ingestor }, now: () => OPEN_HOURS };
    // As the web role wires it (src/cli/web-role.ts).
    const callbacks = createCallbackReceiver(deps, metrics);
    const voice = createVoiceWebhookReceiver(deps, metrics);
    const app = createApp({ ...deps, callbacks, voice });
    ports[name] = (await new HttpServer(app, { ahead: { take: (req, res) => callbacks.take(req, res) || voice.take(req, res) } }).listen(0, '127.0.0.1')).port;
  }
  // Which Ed25519 the signed cases (c), (e) and (i) use, said in the table's heading.
  process.send!({ ports, engine: chooseEd25519Engine('auto').name });
}

interface Row {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the serving process per request answered, µs (user + system). */
  serverCpu: number;
  /** Redis's CPU time per request answered, µs (INFO cpu): it runs on the load generator's core. */
  redisCpu: number;
}

/**
 * CPU meters read around each run: the serving child's (over IPC) and Redis's. Both machines'
 * cores are shared with the load generator, so req/s mixes the service's cost with the machine's
 * contention; CPU per request is the service's own.
 */
interface Meters {
  server(child: ChildProcess): Promise<number>;
  redis(): Promise<number>;
}

interface Case {
  name: string;
  /** The child process serving it (the baseline's or the service's). */
  server: ChildProcess;
  url: string;
  body: string;
  /** Signs with a fresh timestamp for each run (a run outlasts the 300 s window otherwise). */
  signed?: KeyObject;
  /** Callbacks: every other delivery repeats the previous event. */
  callbacks?: boolean;
  /** Also measured at a fixed 1,000 requests/s. */
  latency?: boolean;
  /** Connections for this case instead of --connections. */
  connections?: number;
}

let deliveries = 0;
const runId = randomUUID().slice(0, 8);

function headersFor(c: Case): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (c.signed) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['telnyx-timestamp'] = String(timestamp);
    headers['telnyx-signature-ed25519'] = sign(null, Buffer.from(`${timestamp}|${c.body}`), c.signed).toString('base64');
  }
  return headers;
}

async function run(c: Case, meters: Meters, options: { duration: number; connections: number; rate?: number }): Promise<Row> {
  const headers = headersFor(c);
  const [server0, redis0] = [await meters.server(c.server), await meters.redis()];
  const result = await autocannon({
    url: c.url,
    method: 'POST',
    body: c.body,
    headers,
    connections: c.connections ?? options.connections,
    duration: options.duration,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(c.callbacks
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                // Every other delivery repeats the previous event: the dedupe path is half the load.
                const seq = deliveries % 2 === 0 ? deliveries : deliveries - 1;
                deliveries++;
                const sid = `v3:bench-${runId}-${Math.floor(seq / 8)}`;
                return { ...req, body: `CallSid=${encodeURIComponent(sid)}&CallStatus=ringing&SequenceNumber=${seq}&CallbackSource=call-progress-events&Timestamp=2026-11-26T10:00:00Z` };
              },
            },
          ],
        }
      : {}),
  });
  const answered = Math.max(1, result.requests.total);
  const [server1, redis1] = [await meters.server(c.server), await meters.redis()];
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    serverCpu: (server1 - server0) / answered,
    redisCpu: (redis1 - redis0) / answered,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const duration = arg('--duration', 3);
  const connections = arg('--connections', 10);
  const rounds = arg('--rounds', 5);
  const callbackConnections = arg('--callback-connections', 20);
  const only = args.includes('--cases') ? args[args.indexOf('--cases') + 1]!.split(',') : undefined;
  const loadBefore = os.loadavg();

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const rawPublic = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  const prefix = `bench-voice-${runId}`;
  // The serving child runs tsc's output, as production does (bench/support/compile-for-bench.ts);
  // --source runs it from TypeScript through tsx instead, as runs before 2026-12-07 (fourth session) did.
  const fromSource = args.includes('--source');
  // --profile DIR: the serving children (compiled) write V8 CPU profiles of the whole run there.
  const profileDir = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : undefined;
  const compiled = fromSource ? undefined : compileForBench(__filename);
  const children: ChildProcess[] = [];
  const start = async (role: 'baseline' | 'service') => {
    const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const child = fork(compiled?.file ?? __filename, ['--serve', rawPublic, '--prefix', prefix, '--examples', EXAMPLES, '--role', role], { stdio: 'inherit', ...(compiled ? { execArgv } : {}) });
    children.push(child);
    // A child that fails ends the bench (and the compiled tree goes).
    child.once('exit', (code) => {
      if (code === 0 || code === null) return;
      compiled?.remove();
      process.exit(1);
    });
    const { ports, engine } = await new Promise<{ ports: Record<string, number>; engine?: string }>((resolve) => child.once('message', (m) => resolve(m as { ports: Record<string, number>; engine?: string })));
    return { child, ports, engine };
  };
  const baseline = await start('baseline');
  const service = await start('service');
  const ports = { ...baseline.ports, ...service.ports };
  const bare = `http://127.0.0.1:${ports.bare}`;
  const plain = `http://127.0.0.1:${ports.plain}`;
  const signed = `http://127.0.0.1:${ports.signed}`;
  const signedNode = `http://127.0.0.1:${ports.signedNode}`;
  const signedLibsodium = `http://127.0.0.1:${ports.signedLibsodium}`;
  const plainFormat2 = `http://127.0.0.1:${ports.plainFormat2}`;
  const signedFormat2 = `http://127.0.0.1:${ports.signedFormat2}`;
  const redisInfo = new Redis('redis://127.0.0.1:6379');
  const meters: Meters = {
    server: (child) =>
      new Promise((resolve) => {
        child.once('message', (m) => {
          const { cpu } = m as { cpu: NodeJS.CpuUsage };
          resolve(cpu.user + cpu.system);
        });
        child.send('cpu');
      }),
    redis: async () => {
      const info = await redisInfo.info('cpu');
      const seconds = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? Number.NaN);
      return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
    },
  };

  // A real menu state token: ask /voice once and take the Gather action URL.
  const first = await fetch(`${plain}/voice`, { method: 'POST', body: call, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const texml = await first.text();
  const action = /<Gather action="([^"]+)"/.exec(texml)?.[1]?.replace(/&amp;/g, '&');
  if (!action) throw new Error(`main example did not render a menu: ${texml}`);
  const stepPath = new URL(action).pathname + new URL(action).search;
  const stepBody = `${call}&Digits=2`;

  const all: Case[] = [
    { name: '(a) bare Express, constant string (baseline)', server: baseline.child, url: `${bare}/`, body: call, latency: true },
    { name: '(b) unsigned `/voice` main-line', server: service.child, url: `${plain}/voice`, body: call, latency: true },
    { name: '(c) signed `/voice` main-line', server: service.child, url: `${signed}/voice`, body: call, signed: privateKey, latency: true },
    { name: '(d) unsigned `/voice/step` menu result', server: service.child, url: `${plain}${stepPath}`, body: stepBody },
    { name: '(e) signed `/voice/step` menu result', server: service.child, url: `${signed}${stepPath}`, body: stepBody, signed: privateKey, latency: true },
    { name: '(f) `/callbacks/call-status`, half redeliveries (dedupe, durable in Redis)', server: service.child, url: `${plain}/callbacks/call-status`, body: '', callbacks: true, connections: callbackConnections },
    { name: "(g) (c) with node's crypto (`WEBHOOK_VERIFY_ENGINE=node`, its thread pool)", server: service.child, url: `${signedNode}/voice`, body: call, signed: privateKey },
    { name: '(h) (b) with tokens in format 2 (`FLOW_STATE_TOKEN_FORMAT=2`, ChaCha20-Poly1305)', server: service.child, url: `${plainFormat2}/voice`, body: call },
    { name: '(i) (c) with tokens in format 2', server: service.child, url: `${signedFormat2}/voice`, body: call, signed: privateKey },
    { name: '(j) (c) verified by libsodium (`WEBHOOK_VERIFY_ENGINE=libsodium`)', server: service.child, url: `${signedLibsodium}/voice`, body: call, signed: privateKey },
  ];
  // The baseline always runs; --cases picks among the others by their letter.
  const cases = all.filter((c, i) => i === 0 || !only || only.includes(c.name[1]!));
  // Every case answers 200 before anything is timed.
  for (const c of cases) {
    const row = await run(c, meters, { duration: 2, connections });
    // A signed case's signature is made for each run: a refused one would show here as errors.
    if (row.errors > 0) throw new Error(`${c.name}: ${row.errors} errors in the warm-up`);
  }
  // Every case is paired with a baseline run just before it, and its ratio is taken to that run:
  // on a shared machine the load moves within seconds, and a pair sees nearly the same load.
  // The order of the cases rotates from round to round. Figures are medians over the rounds.
  const samples: Row[][] = cases.map(() => []);
  const ratios: number[][] = cases.map(() => []);
  const latencySamples: Row[][] = cases.map(() => []);
  const pacedSamples: PacedLoadResult[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length - 1; k++) {
      const i = 1 + ((k + round) % (cases.length - 1));
      const base = await run(cases[0]!, meters, { duration, connections });
      const row = await run(cases[i]!, meters, { duration, connections });
      samples[0]!.push(base);
      samples[i]!.push(row);
      ratios[i]!.push(row.rps / base.rps);
    }
    // Latency runs rotate too: whichever runs first after the throughput runs catches their wake.
    const timed = [...cases.entries()].filter(([, c]) => c.latency);
    for (let k = 0; k < timed.length; k++) {
      const [i, c] = timed[(k + round) % timed.length]!;
      pacedSamples[i]!.push(await runPacedLoad({ url: c.url, body: c.body, headers: headersFor(c), rate: 1000, durationSeconds: duration, warmupSeconds: 1 }));
      latencySamples[i]!.push(await run(c, meters, { duration, connections, rate: 1000 }));
    }
  }
  await Promise.all(
    children.map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('exit');
      return exited;
    }),
  );
  compiled?.remove();
  await redisInfo.quit();
  await deleteRunKeys(prefix);

  const pick = (rows: Row[], key: keyof Row) => [...rows.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
  console.log(`\nvoice-webhook: ${rounds} rounds x ${duration} s per case, each after a baseline run (medians), ${connections} connections (callbacks ${callbackConnections}), ${fromSource ? 'service from TypeScript (tsx)' : 'service compiled (tsc)'}, signed cases verified by ${service.engine ?? '?'}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
  console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| case | req/s (max) | ratio to (a) run just before, median | range over rounds | server CPU µs/req | Redis CPU µs/req | p50 / p99 ms, steady 1,000/s, from due (p99 range) | p99 ms from sent; generator late p99 | p50 / p99 ms, autocannon 1,000/s in 1-s bursts (p99 range) | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  cases.forEach((c, i) => {
    const rows = samples[i]!;
    const paired = i === 0 ? [1] : [...ratios[i]!].sort((a, b) => a - b);
    const lat = latencySamples[i]!;
    const paced = pacedSamples[i]!;
    const errors = [...rows, ...lat, ...paced].reduce((n, r) => n + r.errors, 0);
    const steady = paced.length
      ? `${median(paced.map((r) => r.p50)).toFixed(1)} / ${median(paced.map((r) => r.p99)).toFixed(1)} (${Math.min(...paced.map((r) => r.p99)).toFixed(1)}–${Math.max(...paced.map((r) => r.p99)).toFixed(1)})`
      : '–';
    const sent = paced.length ? `${median(paced.map((r) => r.sentP99)).toFixed(1)}; ${median(paced.map((r) => r.lateP99)).toFixed(1)}` : '–';
    const bursts = lat.length ? `${pick(lat, 'p50').toFixed(0)} / ${pick(lat, 'p99').toFixed(0)} (${Math.min(...lat.map((r) => r.p99))}–${Math.max(...lat.map((r) => r.p99))})` : '–';
    console.log(`| ${c.name} | ${pick(rows, 'rps').toFixed(0)} | ${paired[Math.floor(paired.length / 2)]!.toFixed(2)} | ${paired[0]!.toFixed(2)}–${paired.at(-1)!.toFixed(2)} | ${pick(rows, 'serverCpu').toFixed(0)} | ${pick(rows, 'redisCpu').toFixed(1)} | ${steady} | ${sent} | ${bursts} | ${errors} |`);
  });
}


if (process.argv.includes('--serve')) void serve();
else main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
