import type { FixedKeyCryptoLoad } from '../crypto/fixed-key-crypto';

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
  /**
   * The format tokens are sealed in (FLOW_STATE_TOKEN_FORMAT); both are always opened. 1: AES-256-GCM
   * (by the addon when built, else node's crypto: the same bytes), which every release opens. 2:
   * ChaCha20-Poly1305, by libsodium when it loads, opened from the release that introduced it on.
   * Default 1.
   */
  tokenFormat?: 1 | 2;
  /** How the addon is loaded (tests give one that fails, to seal format 1 with node's crypto). */
  loadFixedKeyCrypto?: () => FixedKeyCryptoLoad;
  /** Injectable clock, in milliseconds. */
  now?: () => number;
}
