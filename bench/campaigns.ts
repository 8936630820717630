/*
 * Campaigns.
 * 1. Contact import: N generated rows (default 100,000; national and international formats, a
 *    time zone and two variables per row, 1 % duplicates, 0.4 % invalid) streamed through
 *    csv-parse, libphonenumber and the Redis import script into a draft campaign. Baseline: the
 *    same rows through the same importer with Redis replaced by a no-op (parse and normalise
 *    only). Each case runs in a fresh child process: wall time, rows/s, peak RSS.
 * 2. Dial pacing: a campaign set to R dials/s (default 30) with the dials lane at
 *    TELNYX_DIALS_PER_SECOND=R, against the emulator (Telnyx's 30/s over 5 s limit on), for S
 *    seconds (default 60): calls placed per second as the emulator saw them (wall clock), over the
 *    whole run and per second / per 5 s, and dials the emulator refused (429).
 * Usage: npx tsx bench/campaigns.ts [--rows 100000] [--seconds 60] [--rate 30] [--skip-import] [--skip-dials]
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { CampaignDefinition } from '../src/campaigns/campaign-definition';
import { CampaignOutcomeObserver } from '../src/campaigns/campaign-outcome-observer';
import { CampaignService } from '../src/campaigns/campaign-service';
import { startCampaignDispatcher } from '../src/cli/campaign-services';
import { CampaignStore } from '../src/campaigns/campaign-store';
import { ContactImporter } from '../src/campaigns/contact-importer';
import { loadConfig } from '../src/config';
import { startEmulator } from '../src/emulator';
import { ErrorHandler } from '../src/errors';
import { CallbackIngestor } from '../src/events/callback-ingestor';
import { EventStore } from '../src/events/event-store';
import { FlowSetHolder } from '../src/flows/flow-set-holder';
import { createApp } from '../src/http/create-app';
import { ServiceMetrics } from '../src/http/metrics/service-metrics';
import { BullmqOperationProducer } from '../src/jobs/bullmq-operation-producer';
import { JobWorker } from '../src/jobs/job-worker';
import { deleteRunKeys } from './support/delete-run-keys';

const REDIS_URL = 'redis://127.0.0.1:6379';
const args = process.argv.slice(2);
const arg = (flag: string, fallback: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback);

const definition: CampaignDefinition = {
  name: 'bench',
  flow: 'campaign-test',
  callerIds: { numbers: ['+13125550100'], pick: 'round-robin' },
  contacts: { phoneColumn: 'phone', timezoneColumn: 'timezone', defaultRegion: 'US' },
  window: { timezone: 'America/Chicago', hours: { 'mon-sun': '00:00-24:00' }, exclude: [] },
  pacing: { dialsPerSecond: 30, maxConcurrent: 500 },
  amd: { mode: 'off', onMachine: { kind: 'flow' } },
  retry: {},
  doNotCall: { numbers: [] },
  ringTimeoutSeconds: 30,
  liveCallTimeoutMs: 3_600_000,
};

const AREAS = ['312', '212', '415', '617', '305', '713', '206', '303', '404', '602'];
const ZONES = ['America/Chicago', 'America/New_York', 'America/Los_Angeles', 'America/New_York', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Denver', 'America/New_York', 'America/Phoenix'];

/** Row i of the generated list, as a contact list exported from a CRM might write it. */
function row(i: number): string {
  if (i % 250 === 249) return `call me,Nobody,x,America/Chicago`;
  const n = i % 100 === 99 ? i - 1 : i; // a duplicate of the row before
  const area = AREAS[Math.floor(n / 10000) % 10]!;
  const exchange = String(200 + (n % 700));
  const line = String(n % 10000).padStart(4, '0');
  const phone = n % 3 === 0 ? `(${area}) ${exchange}-${line}` : n % 3 === 1 ? `+1 ${area} ${exchange} ${line}` : `${area}.${exchange}.${line}`;
  return `"${phone}",Name ${n},"Tuesday, ${9 + (n % 8)}:00",${ZONES[Math.floor(n / 10000) % 10]}`;
}

/** The CSV, generated as it is read (never held whole). */
function generated(rows: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i === 0) this.push('phone,first_name,appointment,timezone\n');
      const end = Math.min(rows, i + 2000);
      const chunk: string[] = [];
      for (; i < end; i++) chunk.push(row(i));
      this.push(chunk.length ? `${chunk.join('\n')}\n` : null);
      if (i >= rows && chunk.length) this.push(null);
    },
  });
}

/** Child: one import case; reports wall time, figures and peak RSS to the parent. */
async function importChild(mode: 'redis' | 'parse', rows: number, prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const store = new CampaignStore(redis, prefix);
  const id = `bench-${mode}`;
  if (mode === 'redis') await store.create(id, definition, Date.now(), 30);
  const target =
    mode === 'redis'
      ? store
      : ({ importRows: async () => [], recordImport: async () => undefined } as unknown as CampaignStore);
  const rssBeforeMb = process.memoryUsage().rss / 1048576;
  const started = process.hrtime.bigint();
  const report = await new ContactImporter(target).import(id, generated(rows), { contacts: definition.contacts });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stored = mode === 'redis' ? Number(await redis.hget(store.keys.campaign(id).meta, 'total')) : report.imported;
  await redis.quit();
  process.send!({ seconds, report: { ...report, problems: report.problems.length }, stored, rssBeforeMb, maxRssMb: process.resourceUsage().maxRSS / 1024 });
}

interface ImportResult {
  seconds: number;
  report: { rows: number; imported: number; duplicates: number; invalid: number };
  stored: number;
  /** RSS once the modules are loaded, before the import. */
  rssBeforeMb: number;
  maxRssMb: number;
}

function runImport(mode: 'redis' | 'parse', rows: number, prefix: string): Promise<ImportResult> {
  const child = fork(__filename, ['--import-child', mode, String(rows), prefix], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as ImportResult));
    child.once('exit', (code) => (code ? reject(new Error(`import child exited ${code}`)) : undefined));
  });
}

async function dials(rate: number, seconds: number, prefix: string): Promise<{ placed: number[]; refused: number; outcomes: Record<string, number> }> {
  const logger = pino({ level: 'warn' }, pino.destination({ dest: '/dev/null', sync: false }));
  const emulator = await startEmulator({ apiKey: 'KEY_BENCH' }); // Telnyx's limit: 30 dials/s over 5 s
  const placed: number[] = [];
  emulator.state.on('call.created', () => placed.push(Date.now()));
  emulator.calls.setScript('*', { ring: 4 });
  const target: { app?: ReturnType<typeof createApp> } = {};
  const server = createServer((req, res) => target.app!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig(
    { FLOW_STATE_SECRET: 'bench-state-secret-0123456789abcdefghij', PUBLIC_BASE_URL: baseUrl, TELNYX_PUBLIC_KEY: emulator.publicKey, QUEUE_PREFIX: prefix, TELNYX_DIALS_PER_SECOND: String(rate) },
    false,
  );
  const fixtures = join(__dirname, '..', 'test', 'campaigns', 'fixtures');
  const flows = new FlowSetHolder({ flowsDir: join(fixtures, 'flows'), routesDir: join(fixtures, 'routes'), baseDir: fixtures }, { readEnv: () => undefined }, logger);
  await flows.load();
  const redis = new Redis(REDIS_URL);
  const store = new CampaignStore(redis, prefix);
  const eventStore = new EventStore(new Redis(REDIS_URL), { prefix, retentionSeconds: 3600 });
  const producer = new BullmqOperationProducer({ redisTarget: { mode: 'standalone', url: REDIS_URL }, prefix, attempts: 8, backoffBaseMs: 100, logger });
  await producer.waitForConnection(5000);
  const service = new CampaignService({ store, flows, defaultRegion: 'US', dialsPerSecondCap: rate, logger });
  target.app = createApp({
    config,
    logger,
    errorHandler: new ErrorHandler(logger),
    flows,
    metrics: new ServiceMetrics({ defaultMetrics: false }),
    producer,
    events: { store: eventStore, ingestor: new CallbackIngestor(eventStore, logger, undefined, undefined, [new CampaignOutcomeObserver(store, logger)]) },
    campaigns: service,
  });
  const worker = new JobWorker({
    redisTarget: { mode: 'standalone', url: REDIS_URL },
    prefix,
    concurrency: 50,
    backoffBaseMs: 100,
    backoffCapMs: 2000,
    lockDurationMs: 30000,
    stalledIntervalMs: 30000,
    dialsPerSecond: rate,
    reconcileDelayMs: 1000,
    telnyx: { apiKey: 'KEY_BENCH', baseUrl: emulator.apiBaseUrl, timeoutMs: 5000, accountSid: 'bench', applicationSid: 'bench-app', local: true },
    publicBaseUrl: baseUrl,
    readEnv: () => undefined,
    logger,
  });
  await worker.waitUntilReady();

  const contacts = Math.ceil(rate * (seconds + 10));
  const rowsCsv = ['phone'];
  for (let i = 0; i < contacts; i++) rowsCsv.push(`+1${AREAS[i % 10]}${200 + (Math.floor(i / 10) % 700)}${String(Math.floor(i / 7000) * 1000 + (i % 1000)).padStart(4, '0')}`);
  const created = await service.create({
    path: 'bench.yaml',
    text: JSON.stringify({
      campaign: 'bench-dials',
      flow: 'campaign-test',
      caller_id: '+13125550100',
      window: { timezone: 'America/Chicago', hours: { 'mon-sun': '00:00-24:00' } },
      pacing: { dials_per_second: rate, max_concurrent: 1000 },
      contacts: { csv: `${rowsCsv.join('\n')}\n` },
    }),
  });
  if (created.contacts?.imported !== contacts) throw new Error(`bench contacts: ${JSON.stringify(created.contacts)}`);
  // The worker role's dispatcher, as `texml-router worker` starts it (CAMPAIGN_TICK_MS, the dials lane's backlog as a brake).
  const dispatcher = startCampaignDispatcher(config, logger, producer);
  await service.transition(created.id, 'start');
  const startedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, (seconds + 3) * 1000));
  await service.transition(created.id, 'pause');
  await dispatcher.close();
  const progress = await service.progress(created.id);
  const refused = (await fetch(`${emulator.url}/_emulator/status`).then((r) => r.json())) as { rate_limited_dials?: number; data?: { rate_limited_dials?: number } };
  await worker.close(5000);
  await emulator.close();
  await producer.close();
  server.closeAllConnections();
  server.close();
  await redis.quit();
  return {
    placed: placed.map((at) => at - startedAt),
    refused: refused.rate_limited_dials ?? refused.data?.rate_limited_dials ?? 0,
    outcomes: Object.fromEntries(Object.entries(progress.outcomes).filter(([, n]) => n > 0)),
  };
}


async function main(): Promise<void> {
  const rows = arg('--rows', 100_000);
  const seconds = arg('--seconds', 60);
  const rate = arg('--rate', 30);
  const prefix = `bench-campaigns-${randomUUID()}`;
  console.log(`campaigns bench, node ${process.version}, ${new Date().toISOString()}`);
  try {
    if (!args.includes('--skip-import')) {
      const baseline = await runImport('parse', rows, prefix);
      const full = await runImport('redis', rows, prefix);
      console.log(`\nimport: ${rows.toLocaleString('en-US')} generated rows, streamed; each case in a fresh process\n`);
      console.log('| case | seconds | rows/s | contacts | duplicates | invalid | RSS before MB | peak RSS MB |');
      console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
      for (const [name, r] of [['baseline: csv-parse + libphonenumber, no Redis', baseline], ['import into Redis (ContactImporter)', full]] as const) {
        console.log(`| ${name} | ${r.seconds.toFixed(2)} | ${Math.round(rows / r.seconds).toLocaleString('en-US')} | ${r.stored.toLocaleString('en-US')} | ${r.report.duplicates} | ${r.report.invalid} | ${r.rssBeforeMb.toFixed(0)} | ${r.maxRssMb.toFixed(0)} |`);
      }
      console.log(`\nRedis cost: ${(full.seconds / baseline.seconds).toFixed(2)}x the parse-only time; target: under 15 s and 300 MB -> ${full.seconds < 15 && full.maxRssMb < 300 ? 'met' : 'NOT met'}`);
    }
    if (!args.includes('--skip-dials')) {
      const run = await dials(rate, seconds, prefix);
      const inRun = run.placed.filter((t) => t >= 0 && t < seconds * 1000);
      const perSecond = Array.from({ length: seconds }, (_, s) => inRun.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length);
      const perFive = Array.from({ length: Math.floor(seconds / 5) }, (_, w) => perSecond.slice(w * 5, w * 5 + 5).reduce((a, b) => a + b, 0) / 5);
      const steady = inRun.filter((t) => t >= 5000).length / (seconds - 5);
      const overall = inRun.length / seconds;
      const sorted = [...perSecond].sort((a, b) => a - b);
      console.log(`\ndial pacing: campaign and dials lane at ${rate}/s, ${seconds} s, emulator limit 30/s over 5 s\n`);
      console.log('| figure | value |');
      console.log('|---|---:|');
      console.log(`| target | ${rate.toFixed(1)}/s |`);
      console.log(`| calls placed in ${seconds} s | ${inRun.length} |`);
      console.log(`| rate over the run | ${overall.toFixed(2)}/s (${((overall / rate - 1) * 100).toFixed(1)} %) |`);
      console.log(`| rate after the first 5 s | ${steady.toFixed(2)}/s (${((steady / rate - 1) * 100).toFixed(1)} %) |`);
      console.log(`| per second: min / median / max | ${sorted[0]} / ${sorted[Math.floor(sorted.length / 2)]} / ${sorted[sorted.length - 1]} |`);
      console.log(`| per 5 s window (mean/s): min / max | ${Math.min(...perFive).toFixed(1)} / ${Math.max(...perFive).toFixed(1)} |`);
      console.log(`| dials refused by the emulator (429) | ${run.refused} |`);
      console.log(`| outcomes recorded | ${Object.entries(run.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')} |`);
      console.log(`\nper second: ${perSecond.join(' ')}`);
      console.log(`\nwithin 5 % of ${rate}/s over the run: ${Math.abs(overall / rate - 1) <= 0.05 ? 'yes' : 'NO'}`);
    }
  } finally {
    await deleteRunKeys(prefix, REDIS_URL);
  }
}

if (args[0] === '--import-child') {
  importChild(args[1] as 'redis' | 'parse', Number(args[2]), args[3]!).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
