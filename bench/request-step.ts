/*
 * The `request` action on the webhook path (docs/benchmarks.md, "request-step"):
 *   (a) /voice for a flow that says one line (no request): the service's own cost
 *   (b) /voice for the same flow after a request to a local backend answering in 5 ms, whose
 *       answer fills the line (into:): (b) - (a) - 5 ms is what a request step adds
 *   (c) /voice while that backend never answers (timeout 2 s, error branch), circuit breaker on
 *       (the defaults: opens after 5 failures, 30 s cool-down)
 *   (d) (c) with the breaker off: every call waits out its timeout (the budget still holds)
 * The backend's 5 ms is a timer: its own time is measured in the backend. Latency of (a) and (b)
 * is measured one request at a time with hrtime (--sequential, default 2000; autocannon's
 * latencies are whole milliseconds) as well as at full load; (c) and (d) at full load, each on a fresh service (a breaker that starts closed). The
 * service and both backends run in a child process, autocannon here, so each gets a core.
 * Usage: npx tsx bench/request-step.ts [--duration 5] [--rounds 3] [--connections 10] [--sequential 2000]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ErrorHandler } from '../src/errors';
import { HttpRequester } from '../src/events/http-requester';
import { FlowSetHolder } from '../src/flows/flow-set-holder';
import type { AppDependencies } from '../src/http/app-dependencies';
import { createApp, createVoiceWebhookReceiver } from '../src/http/create-app';
import { HttpServer } from '../src/http/http-server';
import { ServiceMetrics } from '../src/http/metrics/service-metrics';
import { listenLocal } from './support/listen-local';

const call = 'AccountSid=acc&CallSid=v3%3Abench&From=%2B13125550199&To=%2B13125550100&CallStatus=in-progress';
const BACKEND_MS = 5;

function flows(backend: number, dead: number): Record<string, string> {
  const flow = (name: string, steps: string) => `flow: ${name}\nstart: a\nentry: true\nrequest: { allow: [127.0.0.1] }\nsteps:\n${steps}`;
  const ask = (port: number) => `    - request: { url: "http://127.0.0.1:${port}/callers/{{call.from}}", timeout: 2, into: { tier: $.caller.tier }, on: { error: broken } }\n`;
  return {
    plain: flow('plain', `  a:\n    - say: "Your tier is gold."\n`),
    ask: flow('ask', `  a:\n${ask(backend)}    - say: "Your tier is {{vars.tier}}."\n  broken:\n    - say: "Sorry."\n`),
    dead: flow('dead', `  a:\n${ask(dead)}    - say: "Your tier is {{vars.tier}}."\n  broken:\n    - say: "Sorry."\n`),
  };
}

async function serve(): Promise<void> {
  const held: ServerResponse[] = [];
  // The backend's own time per request, measured (a 5 ms timer fires after 4-6 ms of real time).
  let backendNs = 0n;
  let backendCount = 0;
  const backend = await listenLocal(
    createServer((_req, res) => {
      const received = process.hrtime.bigint();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"caller":{"tier":"gold"}}');
        backendNs += process.hrtime.bigint() - received;
        backendCount += 1;
      }, BACKEND_MS);
    }),
  );
  // Never answers: every request to it times out.
  const dead = await listenLocal(createServer((_req, res) => void held.push(res)));
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-request-'));
  mkdirSync(join(dir, 'flows'));
  mkdirSync(join(dir, 'routes'));
  for (const [name, text] of Object.entries(flows(backend, dead))) writeFileSync(join(dir, 'flows', `${name}.yaml`), text);
  writeFileSync(join(dir, 'routes', 'routes.yaml'), 'default: { flow: plain }\n');
  // A real logger at info level writing to /dev/null: the per-webhook log line is part of the cost.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const holder = new FlowSetHolder({ flowsDir: join(dir, 'flows'), routesDir: join(dir, 'routes') }, { readEnv: () => undefined }, logger);
  await holder.load();
  if (!holder.current) throw new Error('bench flows do not load');
  const config = loadConfig({ NODE_ENV: 'production', FLOW_STATE_SECRET: 'bench-state-secret-0123456789abcdefghijkl', ADMIN_TOKEN: 'bench-admin-token-123', WEBHOOK_VERIFY: 'off', PUBLIC_BASE_URL: 'https://bench.test' }, false);
  const start = async (requester: HttpRequester) => {
    const metrics = new ServiceMetrics();
    const deps: AppDependencies = { config, logger, errorHandler: new ErrorHandler(logger), flows: holder, metrics, requester };
    const voice = createVoiceWebhookReceiver(deps, metrics);
    return (await new HttpServer(createApp({ ...deps, voice }), { ahead: { take: (req, res) => voice.take(req, res) } }).listen(0, '127.0.0.1')).port;
  };
  process.on('message', (message: { start?: 'breaker' | 'no-breaker'; backendStats?: true }) => {
    if (message.backendStats) {
      process.send!({ backendMs: backendCount ? Number(backendNs / BigInt(backendCount)) / 1e6 : 0 });
      backendNs = 0n;
      backendCount = 0;
      return;
    }
    const requester = new HttpRequester({ allowPrivate: true, ...(message.start === 'no-breaker' ? { failureThreshold: Number.MAX_SAFE_INTEGER } : {}) });
    void start(requester).then((port) => process.send!({ port }));
  });
  process.send!({ ready: true });
}

interface Row {
  rps: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

async function run(url: string, options: { duration: number; connections: number; rate?: number }): Promise<Row> {
  const result = await autocannon({
    url,
    method: 'POST',
    body: call,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    connections: options.connections,
    duration: options.duration,
    timeout: 10,
    ...(options.rate ? { overallRate: options.rate } : {}),
  });
  return { rps: result.requests.average, mean: result.latency.average, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, errors: result.errors + result.non2xx };
}

/** One request at a time, timed here with hrtime (autocannon's latencies are whole milliseconds). */
async function sequential(url: string, count: number): Promise<Row> {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const at = process.hrtime.bigint();
    const res = await fetch(url, { method: 'POST', body: call, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await res.text();
    samples.push(Number(process.hrtime.bigint() - at) / 1e6);
  }
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((n, v) => n + v, 0) / samples.length;
  return { rps: count / seconds, mean, p50: samples[Math.floor(samples.length / 2)]!, p99: samples[Math.floor(samples.length * 0.99)]!, max: samples.at(-1)!, errors: 0 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const duration = arg('--duration', 5);
  const connections = arg('--connections', 10);
  const rounds = arg('--rounds', 3);
  const sequentialCount = arg('--sequential', 2000);
  const loadBefore = os.loadavg();

  const child: ChildProcess = fork(__filename, ['--serve'], { stdio: 'inherit' });
  const next = () => new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
  await next();
  const service = async (kind: 'breaker' | 'no-breaker') => {
    const answer = next();
    child.send({ start: kind });
    return `http://127.0.0.1:${(await answer).port as number}`;
  };
  const base = await service('breaker');
  const plain = `${base}/voice?flow=plain`;
  const ask = `${base}/voice?flow=ask`;
  for (const [url, expected] of [[plain, 'Your tier is gold.'], [ask, 'Your tier is gold.']] as const) {
    const text = await (await fetch(url, { method: 'POST', body: call, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).text();
    if (!text.includes(expected)) throw new Error(`${url} answered ${text}`);
    await run(url, { duration: 2, connections });
  }

  const backendTime = async () => {
    const answer = next();
    child.send({ backendStats: true });
    return (await answer).backendMs as number;
  };
  await backendTime();
  const rows: Record<string, Row[]> = { plainLoad: [], askLoad: [], plainRate: [], askRate: [], dead: [], deadNoBreaker: [] };
  const backendMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    rows.plainLoad!.push(await run(plain, { duration, connections }));
    rows.askLoad!.push(await run(ask, { duration, connections }));
    rows.plainRate!.push(await sequential(plain, sequentialCount));
    await backendTime();
    rows.askRate!.push(await sequential(ask, sequentialCount));
    backendMs.push(await backendTime());
    // A fresh service each time: its breaker starts closed, as after a deploy.
    rows.dead!.push(await run(`${await service('breaker')}/voice?flow=dead`, { duration, connections }));
    rows.deadNoBreaker!.push(await run(`${await service('no-breaker')}/voice?flow=dead`, { duration, connections }));
  }
  child.kill();

  const median = (list: Row[], key: keyof Row) => [...list.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const line = (name: string, list: Row[]) =>
    `| ${name} | ${median(list, 'rps').toFixed(0)} | ${median(list, 'mean').toFixed(2)} | ${median(list, 'p50').toFixed(1)} | ${median(list, 'p99').toFixed(1)} | ${median(list, 'max').toFixed(0)} | ${list.reduce((n, r) => n + r.errors, 0)} |`;
  console.log(`\nrequest-step: ${rounds} rounds x ${duration} s per case (medians), ${connections} connections, backend ${BACKEND_MS} ms, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'})`);
  console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| case | req/s | mean ms | p50 ms | p99 ms | max ms | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(line('(a) say, no request, full load', rows.plainLoad!));
  console.log(line('(b) request (backend 5 ms) + say, full load', rows.askLoad!));
  console.log(line(`(a) one at a time (${sequentialCount} requests, fetch)`, rows.plainRate!));
  console.log(line(`(b) one at a time (${sequentialCount} requests, fetch)`, rows.askRate!));
  console.log(line('(c) backend never answers (timeout 2 s), breaker on', rows.dead!));
  console.log(line('(d) (c) with the breaker off', rows.deadNoBreaker!));
  const backend = [...backendMs].sort((a, b) => a - b)[Math.floor(backendMs.length / 2)]!;
  const added = median(rows.askRate!, 'mean') - median(rows.plainRate!, 'mean') - backend;
  console.log(`\nbackend's own time, mean one at a time: ${backend.toFixed(2)} ms; request step beyond it (mean (b) - mean (a) - backend): ${added.toFixed(2)} ms`);
}

if (process.argv.includes('--serve')) void serve();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
