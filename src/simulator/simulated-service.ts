import { LineSink } from './line-sink';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { ErrorHandler } from '../errors';
import { FlowSetHolder } from '../flows/flow-set-holder';
import { formatDiagnostic } from '../flows/flow-diagnostic';
import { createApp } from '../http/create-app';
import { HttpServer } from '../http/http-server';
import { ServiceMetrics } from '../http/metrics/service-metrics';
import type { OperationProducer } from '../jobs/operation-producer';
import { createLogger } from '../logging';
import type { CapturedJob } from './captured-job';

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
    readonly url: string,
    readonly flows: FlowSetHolder,
    readonly flowStateSecret: string,
    readonly flowStateTtlSeconds: number,
    private readonly server: HttpServer,
  ) {}

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
    const producer: OperationProducer = {
      enqueue: async (request) => {
        jobs.push({ ...request, at: options.now() });
        return { jobId: `simulated-${jobs.length}` };
      },
    };
    const app = createApp({
      config,
      logger,
      errorHandler: new ErrorHandler(logger),
      flows,
      metrics: new ServiceMetrics({ defaultMetrics: false }),
      producer,
      now: () => new Date(options.now()),
    });
    const server = new HttpServer(app);
    const address = await server.listen(0, '127.0.0.1');
    return new SimulatedService(jobs, warnings, `http://127.0.0.1:${address.port}`, flows, flowStateSecret, config.flowStateTtlSeconds, server);
  }

  /** Forgets captured jobs and warnings (between scenarios). */
  clear(): void {
    this.jobs.length = 0;
    this.warnings.length = 0;
  }

  async close(): Promise<void> {
    await this.server.close(1000);
  }
}
