import { createCampaignObserver, createCampaignRedis, createCampaignService } from './campaign-services';
import { readEnvironmentValue } from '../config';
import { CallbackIngestor } from '../events/callback-ingestor';
import { EventStore } from '../events/event-store';
import { HttpRequester } from '../events/http-requester';
import { FlowHookDispatcher } from '../flows/flow-hook-dispatcher';
import { FlowSetHolder } from '../flows/flow-set-holder';
import { createApp, createCallbackReceiver, createVoiceWebhookReceiver } from '../http/create-app';
import type { AppDependencies } from '../http/app-dependencies';
import { HttpServer } from '../http/http-server';
import { ClusterMetricsClient } from '../http/metrics/cluster-metrics-client';
import type { ServiceMetrics } from '../http/metrics/service-metrics';
import type { JobMetrics } from '../jobs/job-metrics';
import { createOperationProducer } from './job-services';
import { createEventsRedis } from '../redis/redis-connections';
import { ReplicaWait } from '../redis/replica-wait';
import type { RedisAvailability } from '../jobs/redis-availability';
import type { ServiceRuntime } from './service-runtime';

export interface WebRoleParts {
  availability: RedisAvailability;
  metrics: ServiceMetrics;
  jobMetrics: JobMetrics;
}

export interface RunningWebRole {
  flows: FlowSetHolder;
  port: number;
}

/**
 * The web role, as `serve` and `dev` run it: flows (hot reloaded), the job producer, the event
 * store with hooks and campaign outcomes, the campaign API, and the HTTP server. Nothing here
 * needs Redis to answer a webhook; connections report an outage once through `availability`.
 */
export async function startWebRole(runtime: ServiceRuntime, parts: WebRoleParts): Promise<RunningWebRole> {
  const { config, logger } = runtime;
  const flows = new FlowSetHolder({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue, requestAllowedHosts: config.requestAllowedHosts }, logger);
  await flows.load();
  if (config.flowsWatch) flows.watch();
  runtime.onShutdown('flow watcher', async () => flows.close());

  const producer = createOperationProducer(config, logger, parts.availability, flows, runtime.clock);
  runtime.onShutdown('job producer', () => producer.close());
  parts.jobMetrics.addDepthSource(() => producer.depths());

  // Callbacks must fail fast (503, Telnyx retries) rather than queue while Redis is away.
  const eventsRedis = createEventsRedis(config.redis);
  parts.availability.watch(eventsRedis);
  const campaignRedis = createCampaignRedis(config.redis);
  parts.availability.watch(campaignRedis);
  runtime.onShutdown('event and campaign connections', async () => {
    await Promise.all([eventsRedis.quit().catch(() => eventsRedis.disconnect()), campaignRedis.quit().catch(() => campaignRedis.disconnect())]);
  });
  const store = new EventStore(eventsRedis, { prefix: config.queuePrefix, retentionSeconds: config.eventRetentionDays * 24 * 3600, replicaWait: new ReplicaWait(config.redisWait) });
  // Runs before the connections close (shutdown runs in reverse): the flow-step records still waiting leave first.
  runtime.onShutdown('event store', () => store.close());
  // One clock for calendars, tokens, event times and campaigns (a controlled one in development).
  const now = () => runtime.clock.now();
  const ingestor = new CallbackIngestor(store, logger, new FlowHookDispatcher(flows, producer), () => new Date(now()), [createCampaignObserver(config, logger, campaignRedis, now)]);

  const deps: AppDependencies = {
    config,
    logger,
    errorHandler: runtime.errorHandler,
    flows,
    metrics: parts.metrics,
    producer,
    operations: producer,
    events: { store, ingestor },
    campaigns: createCampaignService(config, logger, flows, campaignRedis, now),
    redisProbe: () => producer.ping(),
    availability: parts.availability,
    requester: new HttpRequester({ allowPrivate: config.requestAllowPrivate, ...(config.notifySigningSecret ? { signingSecret: config.notifySigningSecret } : {}) }),
    ...(ClusterMetricsClient.inWorkerProcess() ? { collectMetrics: clusterMetrics(parts.metrics) } : {}),
    ...(runtime.clock.controlled ? { now: () => new Date(now()) } : {}),
  };
  // Callbacks and voice webhooks are offered to their receivers before Express sees them: the
  // same code createApp mounts, without Express's per-request cost on the busiest endpoints.
  const callbacks = createCallbackReceiver(deps, parts.metrics);
  const voice = createVoiceWebhookReceiver(deps, parts.metrics);
  const app = createApp({ ...deps, callbacks, voice });
  const server = new HttpServer(app, { ahead: { take: (req, res) => callbacks.take(req, res) || voice.take(req, res) } });
  const address = await server.listen(config.port, config.host);
  runtime.onShutdown('http', () => server.close(config.shutdownTimeoutMs));
  return { flows, port: address.port };
}

/** A process of a cluster serves everyone's metrics, collected through the primary. */
function clusterMetrics(metrics: ServiceMetrics): () => Promise<string> {
  const client = new ClusterMetricsClient(metrics.registry);
  return () => client.collect();
}
