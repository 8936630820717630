import { ServiceUrls } from '../../../src/urls/service-urls';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import request from 'supertest';
import { stringify } from 'yaml';
import { CampaignDispatcher } from '../../../src/campaigns/campaign-dispatcher';
import { CampaignOutcomeObserver } from '../../../src/campaigns/campaign-outcome-observer';
import type { CampaignProgress } from '../../../src/campaigns/campaign-progress';
import { CampaignService } from '../../../src/campaigns/campaign-service';
import { CampaignStore } from '../../../src/campaigns/campaign-store';
import type { ControlledClock } from '../../../src/clock';
import { loadConfig, type Config } from '../../../src/config';
import { startEmulator, type EmulatorHandle, type EmulatorOptions, type ManualClock } from '../../../src/emulator';
import { ErrorHandler } from '../../../src/errors';
import { CallbackIngestor } from '../../../src/events/callback-ingestor';
import { EventStore } from '../../../src/events/event-store';
import { FlowSetHolder } from '../../../src/flows/flow-set-holder';
import { createApp } from '../../../src/http/create-app';
import { ServiceMetrics } from '../../../src/http/metrics/service-metrics';
import { BullmqOperationProducer } from '../../../src/jobs/bullmq-operation-producer';
import { JobWorker } from '../../../src/jobs/job-worker';
import { queueNames } from '../../../src/jobs/queue-names';
import { createLogger, type Logger } from '../../../src/logging';
import { LogCapture } from '../../support/log-capture';
import type { RedisClient } from '../../../src/redis/redis-connections';
import { connectTestRedis, deleteTestKeys, TEST_REDIS, testPrefix, testRedisEnv, testReplicaWait } from '../../support/redis-target';

export { REDIS_URL } from '../../support/redis';
export const API_KEY = 'KEY_CAMPAIGN_TEST';
export const ACCOUNT = 'acct-campaigns';
export const APP_SID = 'app-campaigns';
export const ADMIN_TOKEN = 'campaign-admin-token-0123456789';
export const fixturesDir = join(__dirname, '..', 'fixtures');

export interface CampaignFixtureOptions {
  /** Shared by the emulator (played calls move it) and the campaigns (windows, delays, timeouts). */
  clock?: ManualClock | ControlledClock;
  emulator?: Partial<EmulatorOptions>;
  /** The dials lane's limit (TELNYX_DIALS_PER_SECOND); high by default so tests run fast. */
  dialsPerSecond?: number;
  /** No in-process job worker / dispatcher (they run in another process, or the test drives them). */
  noWorker?: boolean;
  noDispatcher?: boolean;
  tickMs?: number;
  recheckMs?: number;
}

/** A campaign as a test writes it: the YAML keys, serialised for the loader. */
export type CampaignSpec = Record<string, unknown>;

export function campaignYaml(spec: CampaignSpec): string {
  return stringify(spec);
}

/** A campaign that calls at any time, fast, with nothing retried unless the test says so. */
export function baseCampaign(overrides: CampaignSpec = {}): CampaignSpec {
  return {
    campaign: 'test-campaign',
    flow: 'campaign-test',
    caller_id: '+13125550100',
    window: { timezone: 'America/Chicago', hours: { 'mon-sun': '00:00-24:00' } },
    pacing: { dials_per_second: 200, max_concurrent: 200 },
    ...overrides,
  };
}

/** `phone,first_name` rows for numbers +1312555NNNN from `start`. */
export function contactsCsv(count: number, start = 1000, extra: (i: number) => string = () => ''): string {
  const rows = ['phone,first_name,appointment,timezone'];
  for (let i = 0; i < count; i++) rows.push(`+1312555${String(start + i).padStart(4, '0')},Name${i},Tuesday,${extra(i)}`);
  return `${rows.join('\n')}\n`;
}

/**
 * The whole campaign path against the real Redis, on a key prefix of its own: the Telnyx emulator
 * playing calls, the web app (voice webhooks, signed callbacks into the CallbackIngestor with the
 * campaign observer, the campaign API) listening on an ephemeral port, a job worker (dials lane)
 * and a campaign dispatcher. `close()` removes every key under the prefix.
 */
export class CampaignFixture {
  readonly prefix = testPrefix();
  readonly logs = new LogCapture();
  readonly logger: Logger;
  readonly redis = connectTestRedis();
  emulator!: EmulatorHandle;
  config!: Config;
  producer!: BullmqOperationProducer;
  worker: JobWorker | undefined;
  dispatcher: CampaignDispatcher | undefined;
  store!: CampaignStore;
  service!: CampaignService;
  app!: Express;
  baseUrl!: string;
  private server: Server | undefined;
  private readonly connections: RedisClient[] = [];
  private dialsQueue: Queue | undefined;

  private constructor(readonly options: CampaignFixtureOptions) {
    this.logger = createLogger({ level: 'debug', pretty: false, secretValues: [], destination: this.logs });
  }

  static async start(options: CampaignFixtureOptions = {}): Promise<CampaignFixture> {
    const fixture = new CampaignFixture(options);
    await fixture.init();
    return fixture;
  }

  /** The campaigns' clock. */
  now(): number {
    return this.options.clock ? this.options.clock.now() : Date.now();
  }

  private connection(): RedisClient {
    const redis = connectTestRedis();
    this.connections.push(redis);
    return redis;
  }

  private async init(): Promise<void> {
    const { options } = this;
    this.emulator = await startEmulator({ apiKey: API_KEY, limits: { dialsPerSecond: null }, ...(options.clock ? { clock: options.clock } : {}), ...options.emulator });
    // The app needs its own URL (PUBLIC_BASE_URL) before it exists: listen first, then attach it.
    const target: { app?: Express } = {};
    this.server = createServer((req, res) => target.app!(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.config = loadConfig(
      {
        NODE_ENV: 'test',
        FLOW_STATE_SECRET: 'campaign-test-state-secret-0123456789',
        ADMIN_TOKEN,
        PUBLIC_BASE_URL: this.baseUrl,
        TELNYX_PUBLIC_KEY: this.emulator.publicKey,
        QUEUE_PREFIX: this.prefix,
        ...testRedisEnv(),
        TELNYX_DIALS_PER_SECOND: String(options.dialsPerSecond ?? 1000),
      },
      false,
    );
    const flows = new FlowSetHolder({ flowsDir: join(fixturesDir, 'flows'), routesDir: join(fixturesDir, 'routes'), baseDir: fixturesDir }, { readEnv: () => undefined }, this.logger);
    await flows.load();
    if (!flows.current) throw new Error(`test flows do not load: ${flows.lastLoad?.errors.join('; ')}`);

    const campaignRedis = this.connection();
    this.store = new CampaignStore(campaignRedis, this.prefix);
    const now = () => this.now();
    this.service = new CampaignService({ store: this.store, flows, defaultRegion: 'US', dialsPerSecondCap: this.config.telnyxDialsPerSecond, logger: this.logger, now });
    const eventStore = new EventStore(this.connection(), { prefix: this.prefix, retentionSeconds: 3600, replicaWait: testReplicaWait() });
    const ingestor = new CallbackIngestor(eventStore, this.logger, undefined, undefined, [new CampaignOutcomeObserver(new CampaignStore(campaignRedis, this.prefix), this.logger, now)]);
    this.producer = new BullmqOperationProducer({ redisTarget: TEST_REDIS, replicaWait: testReplicaWait(), prefix: this.prefix, attempts: 5, backoffBaseMs: 20, logger: this.logger });
    await this.producer.waitForConnection(5000);
    this.app = createApp({
      config: this.config,
      logger: this.logger,
      errorHandler: new ErrorHandler(this.logger),
      flows,
      metrics: new ServiceMetrics({ defaultMetrics: false }),
      producer: this.producer,
      operations: this.producer,
      events: { ingestor, store: eventStore },
      campaigns: this.service,
    });
    target.app = this.app;
    if (!options.noWorker) await this.startWorker();
    if (!options.noDispatcher) this.startDispatcher();
  }

  async startWorker(): Promise<JobWorker> {
    this.worker = new JobWorker({
      redisTarget: TEST_REDIS,
      replicaWait: testReplicaWait(),
      prefix: this.prefix,
      concurrency: 50,
      backoffBaseMs: 20,
      backoffCapMs: 200,
      lockDurationMs: 30000,
      stalledIntervalMs: 30000,
      dialsPerSecond: this.config.telnyxDialsPerSecond,
      reconcileDelayMs: 0,
      telnyx: { apiKey: API_KEY, baseUrl: this.emulator.apiBaseUrl, timeoutMs: 5000, accountSid: ACCOUNT, applicationSid: APP_SID, local: true },
      publicBaseUrl: this.baseUrl,
      urls: ServiceUrls.fromConfig(this.config),
      readEnv: () => undefined,
      logger: this.logger,
    });
    await this.worker.waitUntilReady();
    return this.worker;
  }

  /** A dispatcher on the fixture's clock; started unless `started` is false (the test ticks it). */
  startDispatcher(started = true): CampaignDispatcher {
    // The dials lane's backlog brakes the dispatcher, as in the worker role.
    this.dialsQueue ??= new Queue(queueNames.dials, { connection: this.connection(), prefix: this.prefix });
    const dials = this.dialsQueue;
    this.dispatcher = new CampaignDispatcher({
      laneBacklog: async () => {
        const counts = await dials.getJobCounts('waiting', 'prioritized');
        return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
      },
      store: new CampaignStore(this.connection(), this.prefix),
      jobs: this.producer,
      logger: this.logger,
      publicBaseUrl: this.baseUrl,
      tickMs: this.options.tickMs ?? 20,
      recheckMs: this.options.recheckMs ?? 5000,
      now: () => this.now(),
    });
    if (started) this.dispatcher.start();
    return this.dispatcher;
  }

  /** Creates a campaign with inline contacts; returns its id. */
  async create(spec: CampaignSpec, csv?: string): Promise<string> {
    const withContacts = csv === undefined ? spec : { ...spec, contacts: { ...(spec.contacts as object | undefined), csv } };
    return (await this.service.create({ path: 'test.yaml', text: campaignYaml(withContacts) })).id;
  }

  progress(id: string): Promise<CampaignProgress> {
    return this.service.progress(id);
  }

  /** Admin API requests with the token. */
  api(method: 'get' | 'post' | 'delete', path: string): request.Test {
    return request(this.app)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  }

  /** Numbers the emulator was asked to dial, with how often. */
  dialsByNumber(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const entry of this.emulator.state.dialLog.list()) counts.set(entry.to, (counts.get(entry.to) ?? 0) + 1);
    return counts;
  }

  /**
   * Polls `check` until it holds, at most `timeoutMs` of real time. `advance` runs each round that
   * finds it false (a test moves the shared ManualClock there, so delays and windows pass without sleeping).
   */
  async until(what: string, check: () => Promise<boolean> | boolean, options: { timeoutMs?: number; advance?: () => Promise<void> | void } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 30000);
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await options.advance?.();
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  /** Resolves when the campaign is completed (or cancelled) and every call the emulator plays has ended. */
  async finished(id: string, options: { timeoutMs?: number; advance?: () => Promise<void> | void } = {}): Promise<CampaignProgress> {
    let last: CampaignProgress | undefined;
    try {
      await this.until(
        `campaign ${id} is finished`,
        async () => {
          last = await this.progress(id);
          return ['completed', 'cancelled'].includes(last.state);
        },
        options,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last progress: ${JSON.stringify(last)}`);
    }
    await this.emulator.calls.idle();
    return this.progress(id);
  }

  /**
   * For campaigns on a ManualClock: moves the clock only while no call of the campaign is up, to
   * the next scheduled contact (a retry, a window opening), or a second on when contacts wait for
   * pacing tokens.
   */
  advanceWhenIdle(id: string): () => Promise<void> {
    return async () => {
      const clock = this.options.clock;
      if (!clock) return;
      const progress = await this.progress(id);
      if (progress.contacts.dialing > 0) return;
      if (progress.contacts.waiting > 0) clock.advance(1000);
      else if (progress.nextDueAt) clock.set(Math.max(clock.now(), Date.parse(progress.nextDueAt)));
    };
  }

  async close(): Promise<void> {
    await this.dispatcher?.stop();
    await this.worker?.close(5000);
    await this.emulator.close();
    await this.producer.close();
    await this.dialsQueue?.close();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
    await deleteTestKeys(this.redis, this.prefix);
    for (const connection of this.connections) await connection.quit().catch(() => undefined);
    await this.redis.quit();
  }
}
