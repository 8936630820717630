/*
 * Job throughput and dial pacing against the Telnyx emulator (see docs/benchmarks.md, "jobs"):
 *   (1) N Telnyx operations (calls.fetch) through the job worker, against the same N BullMQ no-op
 *       jobs in the same run: the ratio is what a Telnyx operation costs over BullMQ's own floor.
 *   (2) dial pacing: 30 s worth of calls.create jobs at TELNYX_DIALS_PER_SECOND = 30 against the
 *       emulator's Telnyx dial limit (30/s over a rolling 5 s window): 429s and achieved rate.
 * The emulator runs in a child process, so it and the worker get a core each. Real Redis.
 * Usage: npx tsx bench/jobs.ts [--ops 2000] [--concurrency 50] [--dial-seconds 30] [--rate 30]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import Telnyx from 'telnyx';
import { startEmulator } from '../src/emulator';
import { BullmqOperationProducer } from '../src/jobs/bullmq-operation-producer';
import { dialLimiter } from '../src/jobs/dial-pacing';
import { JobWorker } from '../src/jobs/job-worker';
import type { JobWorkerOptions } from '../src/jobs/job-worker-options';
import { ServiceUrls } from '../src/urls/service-urls';

const REDIS_URL = 'redis://127.0.0.1:6379';
const API_KEY = 'KEY_BENCH';
const ACCOUNT = 'acct-bench';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function emulatorChild(): Promise<void> {
  const emulator = await startEmulator({ apiKey: API_KEY, playCalls: false });
  process.send!({ url: emulator.url });
}

interface DialLog {
  data: Array<{ to: string; at_ms: number }>;
  meta: { total: number; rate_limited_dials: number };
}

async function main(): Promise<void> {
  const ops = arg('ops', 2000);
  const concurrency = arg('concurrency', 50);
  const dialSeconds = arg('dial-seconds', 30);
  const rate = arg('rate', 30);
  const child: ChildProcess = fork(__filename, ['--emulator'], { stdio: 'inherit' });
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
  const control = (path: string, init?: RequestInit) =>
    fetch(`${url}/_emulator${path}`, init)
      .then((r) => r.text())
      .then((text) => (text ? (JSON.parse(text) as unknown) : undefined));
  const prefix = `bench-${randomUUID()}`;
  const logger = pino({ level: 'warn' });
  const redis = new Redis(REDIS_URL);
  const settings = { apiKey: API_KEY, baseUrl: `${url}/v2`, timeoutMs: 10000, accountSid: ACCOUNT, applicationSid: 'app-bench', local: true };
  const workerOptions = (extra: Partial<JobWorkerOptions>): JobWorkerOptions => ({
    redisTarget: { mode: 'standalone', url: REDIS_URL },
    prefix,
    concurrency,
    backoffBaseMs: 200,
    backoffCapMs: 5000,
    lockDurationMs: 30000,
    stalledIntervalMs: 30000,
    dialsPerSecond: rate,
    reconcileDelayMs: 10000,
    telnyx: settings,
    publicBaseUrl: 'https://bench.test',
    // calls.create seals the flow into its Url, as the service's worker does (FLOW_STATE_SECRET).
    urls: ServiceUrls.fromConfig({ flowStateSecret: 'bench-state-secret-0123456789abcdefghijkl', flowStateTtlSeconds: 3600 }),
    readEnv: () => undefined,
    logger,
    ...extra,
  });
  const producer = new BullmqOperationProducer({ redisTarget: { mode: 'standalone', url: REDIS_URL }, prefix, attempts: 8, backoffBaseMs: 200, logger });
  await producer.waitForConnection(5000);

  try {
    // ---- (1) operations vs no-op jobs, same count, same concurrency, queue filled before the worker starts
    const telnyx = new Telnyx({ apiKey: API_KEY, baseURL: settings.baseUrl, maxRetries: 0, logLevel: 'off' });
    await telnyx.texml.accounts.calls.calls(ACCOUNT, { body: { To: '+13125550111', From: '+13125550100', ApplicationSid: 'app-bench' } as never });
    const { data } = (await control('/calls')) as { data: Array<{ call_sid: string }> };
    const sid = data[0]!.call_sid;

    const noopQueue = new Queue('bench-noop', { connection: { url: REDIS_URL }, prefix });
    for (let i = 0; i < ops; i += 500) await noopQueue.addBulk(Array.from({ length: Math.min(500, ops - i) }, (_, k) => ({ name: 'noop', data: { n: i + k } })));
    const noop = await timed(ops, (onDone) => {
      const worker = new Worker('bench-noop', async () => ({ ok: true }), { connection: { url: REDIS_URL }, prefix, concurrency, removeOnComplete: { count: 0 } });
      worker.on('completed', onDone);
      return () => worker.close();
    });
    await noopQueue.obliterate({ force: true });
    await noopQueue.close();

    for (let i = 0; i < ops; i += 200) {
      await Promise.all(Array.from({ length: Math.min(200, ops - i) }, () => producer.submit({ op: 'calls.fetch', params: { call_sid: sid }, origin: { source: 'bench' } })));
    }
    // Warm the emulator (and the SDK's connections) up first, so neither timed contender pays for it.
    for (let i = 0; i < 500; i += concurrency) {
      await Promise.all(Array.from({ length: concurrency }, () => telnyx.texml.accounts.calls.retrieve(sid, { account_sid: ACCOUNT })));
    }
    // The request alone: the same calls.fetch straight through the SDK, `concurrency` at a time, no queue.
    let next = 0;
    const direct = await timed(ops, (onDone) => {
      const loop = async (): Promise<void> => {
        while (next < ops) {
          next += 1;
          await telnyx.texml.accounts.calls.retrieve(sid, { account_sid: ACCOUNT });
          onDone();
        }
      };
      const loops = Promise.all(Array.from({ length: concurrency }, loop));
      return () => loops;
    });
    const telnyxOps = await timed(ops, (onDone) => {
      const worker = new JobWorker(workerOptions({ lanes: ['ops'] }));
      worker.onCompleted(onDone);
      return () => worker.close(5000);
    });

    // ---- (2) dial pacing at `rate`/s against the emulator's limit (rate/s over 5 s)
    await control('/reset', { method: 'POST' });
    await control('/limits', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dialsPerSecond: rate, dialWindowSeconds: 5 }) });
    const dials = rate * dialSeconds;
    for (let i = 0; i < dials; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, dials - i) }, (_, k) =>
          producer.submit({ op: 'calls.create', params: { to: `+1312${String(5000000 + i + k)}`, from: '+13125550100', flow: 'callback-agent' }, origin: { source: 'bench' } }),
        ),
      );
    }
    let rateLimitedJobs = 0;
    const pacing = await timed(dials, (onDone) => {
      const worker = new JobWorker(workerOptions({ lanes: ['dials'] }));
      worker.onCompleted((job) => {
        if (job.data.notes?.rateLimits) rateLimitedJobs += 1;
        onDone();
      });
      return () => worker.close(5000);
    });
    const log = (await control('/calls')) as DialLog;
    const times = log.data.map((e) => e.at_ms).sort((a, b) => a - b);
    const limiterWindow = dialLimiter(rate, 5);
    const span = (times.at(-1)! - times[0]!) / 1000;
    // Dials start in bursts at each limiter window: the run lasts from the first burst to the end of the last window.
    const achieved = times.length / (span + limiterWindow.duration / 1000);
    let busiest = 0;
    for (let lo = 0, hi = 0; hi < times.length; hi += 1) {
      while (times[hi]! - times[lo]! >= 5000) lo += 1;
      busiest = Math.max(busiest, hi - lo + 1);
    }
    const limiter = limiterWindow;

    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`\nRun of ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${process.platform} ${process.arch}, ${cpu}, ${cpus().length} cores\n`);
    console.log(`(1) ${ops} jobs, concurrency ${concurrency}, queue filled before the worker starts\n`);
    console.log('| contender | jobs/s | time per job | vs no-op |');
    console.log('|---|---:|---:|---:|');
    console.log(`| BullMQ no-op job (baseline) | ${fmt(noop.perSecond)} | ${(1000 / noop.perSecond).toFixed(2)} ms | 1.00x |`);
    console.log(`| Telnyx operation job (calls.fetch via the SDK, emulator) | ${fmt(telnyxOps.perSecond)} | ${(1000 / telnyxOps.perSecond).toFixed(2)} ms | ${(noop.perSecond / telnyxOps.perSecond).toFixed(2)}x slower |`);
    console.log(`| the request alone (same SDK call, no queue; reference) | ${fmt(direct.perSecond)} | ${(1000 / direct.perSecond).toFixed(2)} ms | ${(noop.perSecond / direct.perSecond).toFixed(2)}x slower |`);
    console.log(`\n(2) ${dials} calls.create jobs at TELNYX_DIALS_PER_SECOND=${rate} (limiter ${limiter.max} per ${limiter.duration} ms) against the emulator's ${rate}/s over 5 s\n`);
    console.log('| measure | value |');
    console.log('|---|---:|');
    console.log(`| dials placed | ${log.meta.total} |`);
    console.log(`| 429 answers (emulator's count) | ${log.meta.rate_limited_dials} |`);
    console.log(`| jobs that met a 429 | ${rateLimitedJobs} |`);
    console.log(`| first to last dial | ${span.toFixed(2)} s |`);
    console.log(`| achieved rate (dials / (first to last + one window)) | ${achieved.toFixed(2)} dials/s (${((achieved / rate) * 100).toFixed(1)} % of ${rate}) |`);
    console.log(`| rate in the busiest 5 s | ${(busiest / 5).toFixed(1)} dials/s |`);
    console.log(`| most dials in any 5 s | ${busiest} (limit ${rate * 5}) |`);
    console.log(`| wall time, worker start to last completion | ${(pacing.ms / 1000).toFixed(2)} s |`);
  } finally {
    await producer.close();
    await deleteKeys(redis, `${prefix}:*`);
    await redis.quit();
    child.kill();
  }
}

/** Starts a consumer, waits (on its completion events) for `count` jobs, closes it; jobs per second. */
async function timed(count: number, start: (onDone: () => void) => () => Promise<unknown>): Promise<{ ms: number; perSecond: number }> {
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const began = performance.now();
  const stop = start(() => {
    done += 1;
    if (done === count) resolveAll();
  });
  await all;
  const ms = performance.now() - began;
  await stop();
  return { ms, perSecond: (count / ms) * 1000 };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

if (process.argv.includes('--emulator')) void emulatorChild();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
