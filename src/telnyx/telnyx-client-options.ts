/** How a worker's Telnyx SDK client is built. Retries are off: BullMQ's attempts and backoff decide. */
export interface TelnyxClientOptions {
  apiKey: string;
  /** TELNYX_API_BASE_URL: https://api.telnyx.com/v2, or the local emulator. */
  baseUrl: string;
  /** Per-request timeout (TELNYX_TIMEOUT_MS). */
  timeoutMs: number;
}
