import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The service's Prometheus metrics, on a registry of its own (tests build many apps). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly webhookLatency: Histogram<'endpoint' | 'flow' | 'outcome'>;
  readonly fallbacks: Counter<'reason'>;
  readonly signatureFailures: Counter<'problem'>;
  readonly jobEnqueueFailures: Counter<'op'>;
  readonly flowRequests: Counter<'host' | 'outcome'>;
  readonly flowRequestDuration: Histogram<'host'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.webhookLatency = new Histogram({
      name: 'texml_webhook_duration_seconds',
      help: 'Time to answer a voice webhook, by endpoint and flow',
      labelNames: ['endpoint', 'flow', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.fallbacks = new Counter({ name: 'texml_fallbacks_total', help: 'Fallback documents served, by reason', labelNames: ['reason'], registers: [this.registry] });
    this.signatureFailures = new Counter({
      name: 'texml_signature_failures_total',
      help: 'Webhooks refused for a missing, stale or bad signature',
      labelNames: ['problem'],
      registers: [this.registry],
    });
    this.jobEnqueueFailures = new Counter({
      name: 'texml_job_enqueue_failures_total',
      help: 'Jobs a flow asked for that could not be enqueued (Redis down)',
      labelNames: ['op'],
      registers: [this.registry],
    });
    // Hosts are bounded by the flows' allow lists (checked at load).
    this.flowRequests = new Counter({
      name: 'texml_flow_requests_total',
      help: "Flows' request actions, by host and outcome (2xx, 3xx, 4xx, 5xx, cached, timeout, error)",
      labelNames: ['host', 'outcome'],
      registers: [this.registry],
    });
    this.flowRequestDuration = new Histogram({
      name: 'texml_flow_request_duration_seconds',
      help: "Time a flow's request took while answering a webhook, by host",
      labelNames: ['host'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [this.registry],
    });
  }
}
