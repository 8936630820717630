import { LineSink } from './line-sink';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { ErrorHandler } from '../errors';
import { FlowSetHolder } from '../flows/flow-set-holder';
import { formatDiagnostic } from '../source/flow-diagnostic';
import { createApp } from '../http/create-app';
import { HttpServer } from '../http/http-server';
import { ServiceMetrics } from '../http/metrics/service-metrics';
import type { OperationProducer } from '../jobs/operation-producer';
import { createLogger } from '../logging';
import type { CapturedJob } from './captured-job';
import { CallbackIngestor } from '../events/callback-ingestor';
import { NotifySender } from '../events/notify-sender';
import { FlowHookDispatcher } from '../flows/flow-hook-dispatcher';
import type { JobRequest } from '../jobs/job-request';
import { NotifyCapture } from './notify-capture';
import type { NotifyDelivery } from './notify-delivery';
import { SimulatedEventStore } from './simulated-event-store';
import { RequestStubs } from './request-stubs';

export interface SimulatedServiceOptions {
  flowsDir: string;
  routesDir: string;
  /** Paths in flow diagnostics are shown relative to this. */
  baseDir?: string;
  /** The emulator's public key: the service verifies every webhook with it, as in production. */
  telnyxPublicKey: string;
  /** The simulated clock (calendars, token times). */
  now: () => number;
  /** Values for env.NAME in flows. */
  readEnv?: (name: string) => string | undefined;
  /** The scenario's request stubs (shared with the emulator, which answers `<HttpRequest>` from them). */
  requests?: RequestStubs;
}

/** A log line the service wrote at warn or above (fallbacks, refused signatures). */
export interface ServiceWarning {
  msg: string;
  detail: Record<string, unknown>;
}

/**
 * The real service (createApp with the real flows, signature checks on) on an ephemeral port,
 * for the simulator. Flow jobs are captured instead of going to Redis; warnings are kept.
 */
export class SimulatedService {
  private constructor(
    /** Jobs the flows handed to the producer, in order. */
    readonly jobs: CapturedJob[],
    /** Lines the service logged at warn or above. */
    readonly warnings: ServiceWarning[],
    /** Notify jobs delivered to the local receiver, in order. */
    readonly notifications: NotifyDelivery[],
    private readonly deliveries: Promise<void>[],
    /** Callbacks the service stored. */
    readonly events: SimulatedEventStore,
    readonly url: string,
    readonly flows: FlowSetHolder,
    readonly flowStateSecret: string,
    readonly flowStateTtlSeconds: number,
    private readonly server: HttpServer,
    private readonly capture: NotifyCapture,
    /** The backend of the flows' `request` actions: the scenario's stubs, and what was asked. */
    readonly requests: RequestStubs,
  ) {}

  /** Resolves when every notify enqueued so far has been delivered (or has failed). */
  async settled(): Promise<void> {
    while (this.deliveries.length > 0) await Promise.all(this.deliveries.splice(0));
  }

  static async start(options: SimulatedServiceOptions): Promise<SimulatedService> {
    const flowStateSecret = randomBytes(32).toString('base64');
    const config = loadConfig(
      { NODE_ENV: 'test', FLOW_STATE_SECRET: flowStateSecret, TELNYX_PUBLIC_KEY: options.telnyxPublicKey, WEBHOOK_VERIFY: 'on', LOG_LEVEL: 'warn', FLOWS_WATCH: 'false' },
      false,
    );
    const warnings: ServiceWarning[] = [];
    const sink = new LineSink((line) => {
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        const { msg, level: _level, time: _time, pid: _pid, hostname: _hostname, ...detail } = record;
        warnings.push({ msg: String(msg ?? ''), detail });
      } catch {
        warnings.push({ msg: line, detail: {} });
      }
    });
    const logger = createLogger({ level: 'warn', pretty: false, secretValues: [], destination: sink });
    const flows = new FlowSetHolder(
      { flowsDir: options.flowsDir, routesDir: options.routesDir, ...(options.baseDir ? { baseDir: options.baseDir } : {}) },
      { readEnv: options.readEnv ?? (() => undefined) },
      logger,
    );
    const outcome = await flows.load();
    if (!flows.current) {
      throw new Error(`the flows do not load:\n${outcome.diagnostics.map(formatDiagnostic).join('\n')}`);
    }
    const jobs: CapturedJob[] = [];
    const notifications: NotifyDelivery[] = [];
    const deliveries: Promise<void>[] = [];
    const notifySecret = randomBytes(24).toString('base64');
    const capture = await NotifyCapture.start(notifySecret);
    const producer: OperationProducer = {
      enqueue: async (request) => {
        const at = options.now();
        jobs.push({ ...request, at });
        // A notify runs at once, on the simulated clock (at + its delay), to the local receiver.
        if (request.op === 'notify') deliveries.push(deliver(capture, notifySecret, request, at + (request.delayMs ?? 0), jobs.length, notifications));
        return { jobId: `simulated-${jobs.length}` };
      },
    };
    // Callbacks are stored in memory and run the flows' `on:` hooks (their jobs are captured too).
    const events = new SimulatedEventStore();
    const ingestor = new CallbackIngestor(events, logger, new FlowHookDispatcher(flows, producer), () => new Date(options.now()));
    const requests = options.requests ?? new RequestStubs();
    const app = createApp({
      requester: requests,
      config,
      logger,
      errorHandler: new ErrorHandler(logger),
      flows,
      metrics: new ServiceMetrics({ defaultMetrics: false }),
      producer,
      events: { ingestor, timeline: events },
      now: () => new Date(options.now()),
    });
    const server = new HttpServer(app);
    const address = await server.listen(0, '127.0.0.1');
    return new SimulatedService(jobs, warnings, notifications, deliveries, events, `http://127.0.0.1:${address.port}`, flows, flowStateSecret, config.flowStateTtlSeconds, server, capture, requests);
  }

  /** Forgets captured jobs and warnings (between scenarios). */
  clear(): void {
    this.jobs.length = 0;
    this.warnings.length = 0;
    this.notifications.length = 0;
    this.events.clear();
    this.requests.use({});
  }

  async close(): Promise<void> {
    await this.server.close(1000);
    await this.capture.close();
  }
}

/**
 * Delivers a notify job the way the worker does (NotifySender: JSON, signed) but to the local
 * receiver, stamped with the simulated time it is due; records what arrived and whether its
 * signature holds.
 */
async function deliver(capture: NotifyCapture, secret: string, request: JobRequest, dueMs: number, index: number, into: NotifyDelivery[]): Promise<void> {
  const { url, ...payload } = (request.params ?? {}) as Record<string, unknown>;
  const target = capture.expect(`notify-${index}`, dueMs);
  const record: NotifyDelivery = {
    url: typeof url === 'string' ? url : '(NOTIFY_URL)',
    payload,
    signature: 'missing',
    dueAt: new Date(dueMs).toISOString(),
    origin: request.origin.step,
    callSid: request.origin.callSid,
  };
  into.push(record);
  try {
    await new NotifySender(secret, 10_000, () => dueMs).send({ url: target.url, payload });
  } catch {
    // An invalid signature answers 401; what arrived is recorded below either way.
  }
  // The receiver answered (or the request never reached it): what arrived is known by now.
  const received = capture.take(`notify-${index}`);
  if (!received) return;
  record.payload = received.payload;
  record.signature = received.signature;
}
