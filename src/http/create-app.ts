import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { VoiceResponder } from '../flows/voice-responder';
import { HttpRequester } from '../events/http-requester';
import type { OutboundRequester } from '../events/outbound-request';
import { WebhookSignatureVerifier } from '../telnyx/webhook-signature-verifier';
import type { AppDependencies } from './app-dependencies';
import { AmdVerdictHandler } from './amd-verdict-handler';
import { CallbackReceiver } from './callback-receiver';
import { MemoryQueueLeaveMarks } from './memory-queue-leave-marks';
import { StoredQueueLeaveMarks } from './stored-queue-leave-marks';
import { queueBoard } from '../jobs/queue-board';
import { ServiceMetrics } from './metrics/service-metrics';
import { adminAuth } from './middleware/admin-auth';
import { errorMiddleware } from './middleware/error-middleware';
import { signatureMiddleware } from './middleware/signature-middleware';
import { WebhookGetRefusals } from './middleware/webhook-get-refusals';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import { opsRoutes } from './routes/ops-routes';
import { callRoutes } from './routes/call-routes';
import { campaignRoutes } from './routes/campaign-routes';
import { studioRoutes } from './routes/studio-routes';
import { CampaignAnswer } from './campaign-answer';
import { SignedWebhookReader } from './signed-webhook-reader';
import { VoiceWebhookReceiver } from './voice-webhook-receiver';
import { ServiceUrls } from '../urls/service-urls';

/** Builds the Express app without listening, so supertest and the server share one factory. */
export function createApp(deps: AppDependencies): Express {
  const { config, logger } = deps;
  const metrics = deps.metrics ?? new ServiceMetrics();
  const verifier = webhookVerifier(config);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', config.trustProxy);
  const urls = ServiceUrls.fromConfig(config, deps.now ? () => deps.now!().getTime() : undefined);
  // Callbacks and voice webhooks first: their receivers read their own body and answer on node's
  // response (see there). A server offering requests to them ahead of Express passes them in.
  app.use((deps.callbacks ?? createCallbackReceiver(deps, metrics, urls)).middleware);
  const voice = deps.voice ?? createVoiceWebhookReceiver(deps, metrics, urls);
  app.use(voice.middleware);
  const getRefusals = voice.getRefusals;
  const httpLogger = pinoHttp({
    logger,
    // A request refused because Redis is away is counted in the outage's closing line instead.
    customLogLevel: (_req, res, error) =>
      (res as { locals?: { redisOutage?: boolean } }).locals?.redisOutage ? 'silent' : error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
  // Webhooks and callbacks write one line of their own (CallSid, flow, step, outcome) and skip
  // pino-http entirely: its per-request child logger is a measurable share of a webhook's cost.
  // Probes would drown the log.
  const quiet = /^\/(healthz|readyz|metrics|voice|callbacks|campaigns\/answer)(\/|$|\?)/;
  app.use((req, res, next) => (quiet.test(req.url) ? next() : httpLogger(req, res, next)));

  app.use(
    healthRoutes(async () => {
      const redis = deps.redisProbe ? ((await deps.redisProbe().catch(() => false)) ? 'up' : 'down') : 'not-configured';
      const set = deps.flows.current;
      return {
        ready: set !== undefined,
        flowSetVersion: set?.version ?? null,
        flows: set ? [...set.flows.keys()] : [],
        lastLoad: deps.flows.lastLoad ?? null,
        redis,
        // docs/security.md: GET webhooks are refused while signatures are verified.
        webhookGet: verifier ? 'refused (only the timestamp of a GET is signed): use POST' : 'accepted (signatures not verified)',
        ...(getRefusals.warning() ? { warnings: [getRefusals.warning()] } : {}),
      };
    }),
  );
  app.use(metricsRoutes(metrics, deps.collectMetrics));

  // Admin surface: ADMIN_TOKEN in front of /api and /admin (Basic too on /admin, for a browser on
  // Bull Board). Mounted before the webhook router, whose body parsers and signature check apply
  // to every path it sees.
  app.use(['/api', '/admin', '/studio'], adminAuth(config.adminToken, logger, { basicPaths: ['/admin', '/studio'] }));
  app.use(opsRoutes({ operations: deps.operations, logger }));
  app.use(callRoutes(deps.events?.store));
  app.use(campaignRoutes({ campaigns: deps.campaigns, logger }));
  app.use(studioRoutes({ flows: deps.flows, ...(deps.events?.store ? { traffic: deps.events.store } : {}), ...(deps.campaigns ? { campaigns: deps.campaigns } : {}), ...(deps.now ? { now: deps.now } : {}) }));
  if (deps.operations?.bullQueues) app.use('/admin/queues', queueBoard(deps.operations.bullQueues()));

  // Whatever else reaches here goes through the same signature gate (403 unsigned, 405 GET).
  const webhook = express.Router();
  webhook.use(signatureMiddleware(new SignedWebhookReader({ verifier, metrics, logger, getRefusals, ...(deps.now ? { now: deps.now } : {}) })));
  app.use(webhook);

  app.use(errorMiddleware(deps.errorHandler));
  return app;
}

/**
 * The callback receiver createApp mounts. A server that also offers requests to it ahead of
 * Express (`HttpServer`'s `ahead`) builds it here and passes it in as `deps.callbacks`.
 */
export function createCallbackReceiver(deps: AppDependencies, metrics: ServiceMetrics, given?: ServiceUrls): CallbackReceiver {
  const urls = given ?? ServiceUrls.fromConfig(deps.config, deps.now ? () => deps.now!().getTime() : undefined);
  const amd = new AmdVerdictHandler({
    responder: createVoiceResponder(deps, urls),
    logger: deps.logger,
    ...(deps.producer ? { producer: deps.producer } : {}),
    ...timelineOf(deps),
  });
  return new CallbackReceiver({
    urls,
    ingestor: deps.events?.ingestor,
    reader: new SignedWebhookReader({ verifier: webhookVerifier(deps.config), metrics, logger: deps.logger, getRefusals: new WebhookGetRefusals() }),
    metrics,
    logger: deps.logger,
    errorHandler: deps.errorHandler,
    ...(deps.availability ? { availability: deps.availability } : {}),
    amd,
    ...(deps.config.publicBaseUrl ? { publicBaseUrl: deps.config.publicBaseUrl } : {}),
  });
}

/**
 * The voice webhook receiver createApp mounts. A server that also offers requests to it ahead of
 * Express builds it here and passes it in as `deps.voice`.
 */
export function createVoiceWebhookReceiver(deps: AppDependencies, metrics: ServiceMetrics, given?: ServiceUrls): VoiceWebhookReceiver {
  const { config, logger } = deps;
  const urls = given ?? ServiceUrls.fromConfig(config, deps.now ? () => deps.now!().getTime() : undefined);
  const getRefusals = new WebhookGetRefusals();
  return new VoiceWebhookReceiver({
    reader: new SignedWebhookReader({ verifier: webhookVerifier(config), metrics, logger, getRefusals, ...(deps.now ? { now: deps.now } : {}) }),
    getRefusals,
    // One requester per receiver: its circuit breaker sees every request this process makes.
    responder: createVoiceResponder(deps, urls, deps.requester ?? new HttpRequester()),
    urls,
    campaignAnswer: new CampaignAnswer({ urls, flows: deps.flows, logger }),
    metrics,
    logger,
    errorHandler: deps.errorHandler,
    trustProxy: config.trustProxy,
    ...(deps.producer ? { producer: deps.producer } : {}),
    ...(deps.events ? { ingestor: deps.events.ingestor, ...timelineOf(deps) } : {}),
    queueMarks: deps.events?.store
      ? new StoredQueueLeaveMarks(deps.events.store, deps.events.ingestor, logger)
      : new MemoryQueueLeaveMarks(deps.now ? () => deps.now!().getTime() : Date.now),
    ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
  });
}

function createVoiceResponder(deps: AppDependencies, urls: ServiceUrls, requester?: OutboundRequester): VoiceResponder {
  return new VoiceResponder({ flows: deps.flows, urls, ...(deps.now ? { now: deps.now } : {}), ...(requester ? { requester } : {}) });
}

function webhookVerifier(config: AppDependencies['config']): WebhookSignatureVerifier | undefined {
  return config.webhookVerify && config.telnyxPublicKey ? new WebhookSignatureVerifier({ publicKey: config.telnyxPublicKey, engine: config.webhookVerifyEngine }) : undefined;
}

/** Where voice answers record the steps of a call: the event store, or the simulator's timeline. */
function timelineOf(deps: AppDependencies): { timeline?: NonNullable<AppDependencies['events']>['timeline'] } {
  const timeline = deps.events?.timeline ?? deps.events?.store;
  return timeline ? { timeline } : {};
}
