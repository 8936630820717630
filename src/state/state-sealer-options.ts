export interface StateSealerOptions {
  /** FLOW_STATE_SECRET: any string of 32+ characters; the AES key is derived from it. */
  secret: string;
  /** Tokens older than this are refused (FLOW_STATE_TTL_SECONDS). */
  ttlSeconds: number;
  /** Largest token accepted or produced, in characters (URLs past ~8 KB break proxies). */
  maxTokenLength?: number;
  /**
   * What the tokens are for: each purpose gets its own key (HKDF info), so a token sealed for one
   * use (a flow state, a URL link) never opens as another. Default 'flow-state-v1'.
   */
  purpose?: string;
  /** Injectable clock, in milliseconds. */
  now?: () => number;
}
