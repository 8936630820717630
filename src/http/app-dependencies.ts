import type { Logger } from 'pino';
import type { ErrorHandler } from '../errors';
import type { FlowSetSource, LoadReport } from '../flows/flow-set-holder';
import type { Queue } from 'bullmq';
import type { OperationProducer } from '../jobs/operation-producer';
import type { OperationsAdmin } from './routes/ops-routes';
import type { ServiceMetrics } from './metrics/service-metrics';
import type { CallbackIngestor } from '../events/callback-ingestor';
import type { EventStore } from '../events/event-store';
import type { OutboundRequester } from '../events/outbound-request';
import type { CampaignService } from '../campaigns/campaign-service';
import type { CallbackReceiver } from './callback-receiver';
import type { VoiceWebhookReceiver } from './voice-webhook-receiver';
import type { RedisAvailability } from '../jobs/redis-availability';
import type { Ed25519EngineChoice } from '../telnyx/ed25519-engine';

/** The settings the HTTP app reads (the service's Config has these fields). */
export interface HttpSettings {
  /** Bearer token of /api and /admin; unset: those answer 401/503 as documented. */
  adminToken: string | undefined;
  /** Base of the URLs the service emits; unset: derived from each request. */
  publicBaseUrl: string | undefined;
  /** Honour X-Forwarded-* (behind a load balancer). */
  trustProxy: boolean;
  /** Verify webhook signatures with `telnyxPublicKey`. */
  webhookVerify: boolean;
  telnyxPublicKey: string | undefined;
  /** Which Ed25519 implementation verifies (WEBHOOK_VERIFY_ENGINE); auto when unset. */
  webhookVerifyEngine?: Ed25519EngineChoice;
  /** Seals and opens the state and links in the URLs the service emits. */
  flowStateSecret: string;
  flowStateTtlSeconds: number;
  /** FLOW_STATE_TOKEN_FORMAT: the format tokens are written in (1 when unset); both are read. */
  flowStateTokenFormat?: 1 | 2;
}

/** Everything the HTTP app needs, passed in so tests build it with real parts and no listener. */
export interface AppDependencies {
  config: HttpSettings;
  logger: Logger;
  errorHandler: ErrorHandler;
  /** The compiled flows (a FlowSetHolder in the service). */
  flows: FlowSetSource & { readonly lastLoad?: LoadReport };
  metrics?: ServiceMetrics;
  /** In a process of a cluster: every process's metrics, aggregated by the primary. */
  collectMetrics?: () => Promise<string>;
  /** Where flow `job:` actions go; absent in a web process without Redis configured. */
  producer?: OperationProducer;
  /** The admin API's view of the job queues (/api/ops, Bull Board at /admin/queues); absent: 503. */
  operations?: OperationsAdmin & { bullQueues?(): Queue[] };
  /** Callback ingestion and call timelines (/callbacks/*, /api/calls); absent: callbacks get 503. */
  events?: {
    ingestor: CallbackIngestor;
    /** Timelines for /api/calls (absent: 503), and where voice webhooks record the steps. */
    store?: EventStore;
    /** Where the steps go without a store (the simulator keeps timelines in memory). */
    timeline?: Pick<EventStore, 'recordFlowSteps'>;
  };
  /** The /callbacks/* receiver, when the server also offers requests to it ahead of Express; else createApp builds one. */
  callbacks?: CallbackReceiver;
  /** The voice webhook receiver, likewise (else createApp builds one). */
  voice?: VoiceWebhookReceiver;
  /** Outbound campaigns (/api/campaigns, /api/do-not-call); absent: those routes answer 503. */
  campaigns?: CampaignService;
  /** Whether Redis answers, for /readyz (the web role stays ready without it). */
  redisProbe?: () => Promise<boolean>;
  /** Reports Redis outages once; refusals during one are counted, not logged one by one. */
  availability?: RedisAvailability;
  now?: () => Date;
  /** Performs flows' `request` actions (REQUEST_ALLOW_PRIVATE, NOTIFY_SIGNING_SECRET); default: unsigned, private addresses refused. */
  requester?: OutboundRequester;
}
