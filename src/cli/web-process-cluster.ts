import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry } from 'prom-client';
import { clusterMetricsMessages } from '../http/metrics/cluster-metrics-client';

export interface WebProcessClusterOptions {
  processes: number;
  logger: Logger;
  /** Restarts allowed within `restartWindowMs` before the cluster is judged to be crash-looping. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

/**
 * The primary of `serve` when WEB_PROCESSES > 1. It forks the processes (each runs the same
 * command; node:cluster hands them connections on the shared PORT in turn), replaces one that
 * dies, and stops them on shutdown. It holds no state and answers nothing itself: everything a
 * request needs is in Redis or sealed in its URL, so any process can take any request.
 */
export class WebProcessCluster {
  private readonly maxRestarts: number;
  private readonly restartWindowMs: number;
  private readonly restarts: number[] = [];
  private stopping = false;
  private readonly gaveUp: Promise<void>;
  private giveUp!: () => void;

  constructor(private readonly options: WebProcessClusterOptions) {
    this.maxRestarts = options.maxRestarts ?? 5;
    this.restartWindowMs = options.restartWindowMs ?? 60_000;
    this.gaveUp = new Promise((resolve) => (this.giveUp = resolve));
  }

  /** Forks the processes; resolves if they keep dying (a crash loop), so the caller can exit 1. */
  run(): Promise<void> {
    const { logger, processes } = this.options;
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    this.answerMetricsRequests();
    for (let i = 0; i < processes; i++) cluster.fork();
    logger.info({ processes, pids: Object.values(cluster.workers ?? {}).map((w) => w?.process.pid) }, 'web processes started');
    return this.gaveUp;
  }

  /** SIGTERM to each process (each drains its requests and jobs), resolved when all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      live.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  }

  /** A process asked for /metrics: every process's, summed (see ClusterMetricsClient). */
  private answerMetricsRequests(): void {
    const aggregator = new AggregatorRegistry();
    cluster.on('message', (worker, message: { type?: string; id?: number } | null) => {
      if (message?.type !== clusterMetricsMessages.request) return;
      aggregator.clusterMetrics().then(
        (text) => worker.send({ type: clusterMetricsMessages.response, id: message.id, text }),
        (error: Error) => worker.send({ type: clusterMetricsMessages.response, id: message.id, error: error.message }),
      );
    });
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    if (this.stopping) return;
    const { logger } = this.options;
    const now = Date.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! > this.restartWindowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) {
      logger.error({ died: worker.process.pid, code, signal, restarts: this.restarts.length, windowMs: this.restartWindowMs }, 'web process died again: too many restarts, stopping (see the lines before this one)');
      this.giveUp();
      return;
    }
    this.restarts.push(now);
    const replacement = cluster.fork();
    logger.error({ died: worker.process.pid, code, signal, replacement: replacement.process.pid }, 'web process died: started another');
  }
}
