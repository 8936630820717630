import { Counter, Gauge, Registry } from 'prom-client';

/** Reads queue depths when Prometheus scrapes (state -> count, per queue). */
export type QueueDepthSource = () => Promise<Array<{ queue: string; counts: Record<string, number> }>>;

/**
 * Job metrics. Pass the app's ServiceMetrics registry so /metrics shows them; a worker-only
 * process gives its own registry.
 */
export class JobMetrics {
  readonly registry: Registry;
  readonly completed: Counter<'op'>;
  readonly failed: Counter<'op' | 'reason'>;
  readonly retried: Counter<'op' | 'reason'>;
  readonly telnyxErrors: Counter<'op' | 'status'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  private depthSources: QueueDepthSource[] = [];

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.completed = new Counter({ name: 'texml_jobs_completed_total', help: 'Jobs that completed, by operation', labelNames: ['op'], registers });
    this.failed = new Counter({
      name: 'texml_jobs_failed_total',
      help: 'Jobs that failed for good, by operation and reason (permanent: a 4xx or a precondition; exhausted: out of attempts)',
      labelNames: ['op', 'reason'],
      registers,
    });
    this.retried = new Counter({
      name: 'texml_jobs_retried_total',
      help: 'Attempts that will be tried again, by operation and reason (error, rate-limited, reconcile-wait)',
      labelNames: ['op', 'reason'],
      registers,
    });
    this.telnyxErrors = new Counter({
      name: 'texml_telnyx_errors_total',
      help: 'Failed Telnyx REST calls, by operation and HTTP status (timeout, connection when no answer came)',
      labelNames: ['op', 'status'],
      registers,
    });
    const sources = () => this.depthSources;
    this.queueDepth = new Gauge({
      name: 'texml_queue_depth',
      help: 'Jobs in each queue, by state (waiting, delayed, active, prioritized, failed)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const source of sources()) {
          const depths = await source().catch(() => []);
          for (const { queue, counts } of depths) for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
        }
      },
    });
  }

  /** Adds a queue-depth source (the producer's or a worker's queues); one is enough per process. */
  addDepthSource(source: QueueDepthSource): void {
    if (this.depthSources.length === 0) this.depthSources.push(source);
  }
}
