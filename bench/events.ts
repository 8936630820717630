/*
 * Callback ingestion: durable, deduplicated events per second through the real app and the real
 * Redis, against a no-op endpoint of the same app (body parsing and routing only) in the same run.
 * Half of the deliveries repeat an earlier event (Telnyx redelivers), half are new.
 * The serving child runs the service compiled by tsc (--source: from TypeScript through tsx).
 * Usage: npx tsx bench/events.ts [--duration 10] [--connections 20] [--source]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ErrorHandler } from '../src/errors';
import { CallbackIngestor } from '../src/events/callback-ingestor';
import { EventStore } from '../src/events/event-store';
import { createEventsRedis } from '../src/redis/redis-connections';
import type { AppDependencies } from '../src/http/app-dependencies';
import { createApp, createCallbackReceiver } from '../src/http/create-app';
import { HttpServer } from '../src/http/http-server';
import type { RequestTaker } from '../src/http/http-server-options';
import { readRequestBody } from '../src/http/read-request-body';
import { ServiceMetrics } from '../src/http/metrics/service-metrics';
import { compileForBench } from './support/compile-for-bench';
import { deleteRunKeys } from './support/delete-run-keys';

const prefix = process.argv[process.argv.indexOf('--serve') + 1] ?? 'bench-events';

async function serve(): Promise<void> {
  const logger = pino({ level: 'warn' }, pino.destination({ dest: '/dev/null', sync: false }));
  // The connection the web role uses for events and timelines (src/cli/web-role.ts).
  const redis = createEventsRedis({ mode: 'standalone', url: 'redis://127.0.0.1:6379' });
  await new Promise((resolve) => redis.once('ready', resolve));
  const store = new EventStore(redis, { prefix, retentionSeconds: 3600 });
  const ingestor = new CallbackIngestor(store, logger);
  const config = loadConfig({ NODE_ENV: 'production', FLOW_STATE_SECRET: 'bench-state-secret-0123456789abcdefghijkl', ADMIN_TOKEN: 'bench-admin-token-123', WEBHOOK_VERIFY: 'off' }, false);
  const metrics = new ServiceMetrics();
  const deps: AppDependencies = { config, logger, errorHandler: new ErrorHandler(logger), flows: { current: undefined }, metrics, events: { store, ingestor } };
  // Wired as the web role wires it: the callback receiver is offered each request before Express.
  const callbacks = createCallbackReceiver(deps, metrics);
  const app = createApp({ ...deps, callbacks });
  // For reference: what any Express route of the same app costs.
  app.post('/express-noop', (_req, res) => {
    res.status(200).type('text/plain').send('OK');
  });
  // The baseline: a no-op endpoint in the receiver's place, ahead of Express: it reads the body
  // and answers; nothing parsed, nothing stored.
  const noop: RequestTaker = {
    take(req, res) {
      if (req.url !== '/callbacks/noop') return false;
      void readRequestBody(req, 64 * 1024).then(() => {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '2' });
        res.end('OK');
      });
      return true;
    },
  };
  const ahead = await new HttpServer(app, { ahead: { take: (req, res) => noop.take(req, res) || callbacks.take(req, res) } }).listen(0, '127.0.0.1');
  // For reference: the same receiver reached through Express (createApp mounts it first).
  const throughExpress = await new HttpServer(app).listen(0, '127.0.0.1');
  process.send!({ port: ahead.port, expressPort: throughExpress.port });
}

async function run(url: string, duration: number, connections: number): Promise<{ rps: number; p99: number; errors: number }> {
  let n = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        setupRequest: (req) => {
          // Every other delivery repeats the previous event: the dedupe path is half the load.
          const seq = n % 2 === 0 ? n : n - 1;
          n++;
          const sid = `v3:bench-${Math.floor(seq / 8)}`;
          return { ...req, body: `CallSid=${encodeURIComponent(sid)}&CallStatus=ringing&SequenceNumber=${seq}&CallbackSource=call-progress-events&Timestamp=2026-11-26T10:00:00Z` };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);
  const duration = arg('--duration', 10);
  const connections = arg('--connections', 20);
  const runPrefix = `bench-events-${randomUUID()}`;
  // The serving child runs tsc's output, as production does (bench/support/compile-for-bench.ts); --source: through tsx.
  const fromSource = args.includes('--source');
  const compiled = fromSource ? undefined : compileForBench(__filename);
  const child: ChildProcess = fork(compiled?.file ?? __filename, ['--serve', runPrefix], { stdio: 'inherit', ...(compiled ? { execArgv: [] } : {}) });
  child.once('exit', () => compiled?.remove());
  const { port, expressPort } = await new Promise<{ port: number; expressPort: number }>((resolve) => child.once('message', (m) => resolve(m as { port: number; expressPort: number })));
  const base = `http://127.0.0.1:${port}`;
  const viaExpress = `http://127.0.0.1:${expressPort}`;
  await run(`${base}/callbacks/noop`, 2, connections);
  await run(`${base}/callbacks/call-status`, 2, connections);
  const noop = await run(`${base}/callbacks/noop`, duration, connections);
  const ingest = await run(`${base}/callbacks/call-status`, duration, connections);
  const ingestViaExpress = await run(`${viaExpress}/callbacks/call-status`, duration, connections);
  const expressNoop = await run(`${viaExpress}/express-noop`, duration, connections);
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  await deleteRunKeys(runPrefix);
  console.log(`\nevents: ${duration} s per case, ${connections} connections, half the deliveries duplicates, ${fromSource ? 'service from TypeScript (tsx)' : 'service compiled (tsc)'}, node ${process.version}\n`);
  console.log('| case | events/s | ratio to no-op | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  const row = (name: string, r: { rps: number; p99: number; errors: number }) =>
    console.log(`| ${name} | ${r.rps.toFixed(0)} | ${(r.rps / noop.rps).toFixed(2)} | ${r.p99} | ${r.errors} |`);
  row('no-op endpoint of the same server, ahead of Express (baseline)', noop);
  row('`/callbacks/call-status` as served (dedupe + store, durable before 200)', ingest);
  row('reference: the same receiver reached through Express', ingestViaExpress);
  row('reference: a no-op Express route of the same app', expressNoop);
}

if (process.argv.includes('--serve')) void serve();
else main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
