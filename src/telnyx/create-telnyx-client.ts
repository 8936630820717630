import Telnyx from 'telnyx';
import type { TelnyxClientOptions } from './telnyx-client-options';

/**
 * The official SDK client, built once per worker. `maxRetries: 0` because a retry inside the SDK
 * would hide a 429 from the queue's rate limit and could post a dial twice.
 */
export function createTelnyxClient(options: TelnyxClientOptions): Telnyx {
  // The SDK's own console logging is off: the processor logs every outcome once, with the job.
  return new Telnyx({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs, logLevel: 'off' });
}
