import type { Logger } from 'pino';
import type { ErrorHandler } from '../errors';
import type { CallbackIngestor } from '../events/callback-ingestor';
import type { RedisAvailability } from '../jobs/redis-availability';
import type { ServiceUrls } from '../urls/service-urls';
import type { AmdVerdictHandler } from './amd-verdict-handler';
import type { ServiceMetrics } from './metrics/service-metrics';
import type { SignedWebhookReader } from './signed-webhook-reader';

export interface CallbackReceiverOptions {
  /** Where events go; absent (no Redis configured), every callback gets 503. */
  ingestor: CallbackIngestor | undefined;
  /** Reads the body once its Telnyx signature holds (the gate voice webhooks share). */
  reader: SignedWebhookReader;
  /** Reads the one sealed value back from a callback URL (flow, campaign attempt). */
  urls: ServiceUrls;
  metrics: ServiceMetrics;
  logger: Logger;
  errorHandler: ErrorHandler;
  /** Counts callbacks refused during a Redis outage instead of logging each one. */
  availability?: RedisAvailability;
  /** Most form fields accepted (413 past it). Default 1000. */
  parameterLimit?: number;
  /** Acts on AMD verdicts (answers the synchronous one with TeXML); absent, verdicts are only stored. */
  amd?: AmdVerdictHandler;
  /** PUBLIC_BASE_URL, for the URLs a verdict's document carries; else derived from the Host header. */
  publicBaseUrl?: string;
}
