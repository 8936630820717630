import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** IPC message types between a web process and the primary that aggregates their metrics. */
export const clusterMetricsMessages = { request: 'texml-router:metrics-request', response: 'texml-router:metrics-response' } as const;

interface MetricsResponse {
  type: typeof clusterMetricsMessages.response;
  id: number;
  text?: string;
  error?: string;
}

/**
 * /metrics in a process of a cluster (WEB_PROCESSES > 1): a scrape reaches whichever process the
 * connection landed on, so that process asks the primary for every process's metrics, summed by
 * prom-client's AggregatorRegistry (counters add up; a scrape never sees 1/N of the traffic).
 */
export class ClusterMetricsClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(registry: Registry) {
    // Answers the primary's requests for this process's metrics (prom-client's own IPC).
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
    process.on('message', (message: unknown) => this.onMessage(message));
  }

  static inWorkerProcess(): boolean {
    return cluster.isWorker;
  }

  collect(timeoutMs = 5000): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the primary did not answer a metrics request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      process.send!({ type: clusterMetricsMessages.request, id });
    });
  }

  private onMessage(message: unknown): void {
    const response = message as Partial<MetricsResponse> | null;
    if (response?.type !== clusterMetricsMessages.response || typeof response.id !== 'number') return;
    const waiter = this.pending.get(response.id);
    if (!waiter) return;
    this.pending.delete(response.id);
    clearTimeout(waiter.timer);
    if (response.error !== undefined) waiter.reject(new Error(response.error));
    else waiter.resolve(response.text ?? '');
  }
}
