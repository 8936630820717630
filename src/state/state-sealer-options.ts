export interface StateSealerOptions {
  /** FLOW_STATE_SECRET: any string of 32+ characters; the AES key is derived from it. */
  secret: string;
  /** Tokens older than this are refused (FLOW_STATE_TTL_SECONDS). */
  ttlSeconds: number;
  /** Largest token accepted or produced, in characters (URLs past ~8 KB break proxies). */
  maxTokenLength?: number;
  /** Injectable clock, in milliseconds. */
  now?: () => number;
}
