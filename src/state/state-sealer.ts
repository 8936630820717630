import { hkdfSync, randomBytes } from 'node:crypto';
import { Aes256Gcm } from '../crypto/aes-256-gcm';
import { ChaCha20Poly1305 } from '../crypto/chacha20-poly1305';
import { StateTokenError } from './state-token-error';
import type { StateSealerOptions } from './state-sealer-options';

/** Typical tokens are ~200 characters; this bounds the worst case a flow may reach (checked at load). */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;
/** The first byte of a token: its format. */
const AES_256_GCM = 1;
const CHACHA20_POLY1305 = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Clock skew between web processes we tolerate before calling a token "from the future". */
const FUTURE_SKEW_SECONDS = 300;

/**
 * Seals a JSON value into an opaque URL-safe token: the caller can neither read nor change it.
 * Layout: format(1) | nonce(12) | ciphertext | tag(16), base64url. Format 1 is AES-256-GCM
 * (through the addon when it is built, node's crypto otherwise: the same bytes); format 2 is
 * ChaCha20-Poly1305 (through libsodium when it loads), with the format byte as associated data and
 * a key of its own. Both are always opened; which one is written is
 * `tokenFormat`, 1 unless set, because a process of an earlier release cannot open format 2 (a
 * rolling upgrade would strand calls moving between versions). The plaintext carries the issue
 * time, so expiry needs no server-side state.
 */
export class StateSealer<T> {
  private readonly aes: Aes256Gcm;
  private readonly chacha: ChaCha20Poly1305;
  private readonly tokenFormat: 1 | 2;
  private readonly ttlSeconds: number;
  readonly maxTokenLength: number;
  private readonly now: () => number;

  constructor(options: StateSealerOptions) {
    // HKDF turns any long secret into a 32-byte key, and binds it to this use.
    const purpose = options.purpose ?? 'flow-state-v1';
    this.aes = new Aes256Gcm(Buffer.from(hkdfSync('sha256', options.secret, 'texml-router', purpose, 32)), options.loadFixedKeyCrypto ? { loadFixedKeyCrypto: options.loadFixedKeyCrypto } : {});
    // A key of its own for the other cipher: one key is never used by two algorithms.
    this.chacha = new ChaCha20Poly1305(Buffer.from(hkdfSync('sha256', options.secret, 'texml-router', `${purpose}/chacha20-poly1305`, 32)));
    this.tokenFormat = options.tokenFormat ?? 1;
    this.ttlSeconds = options.ttlSeconds;
    this.maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
    this.now = options.now ?? Date.now;
  }

  seal(value: T): string {
    const iat = Math.floor(this.now() / 1000);
    const iv = this.nextIv();
    const plaintext = Buffer.from(JSON.stringify({ iat, v: value }), 'utf8');
    // The token is laid out in one buffer, every byte of it written below, rather than joined
    // from pieces twice: sealing is a large share of a webhook's cost (docs/benchmarks.md).
    const sealed = Buffer.allocUnsafe(1 + IV_BYTES + plaintext.length + TAG_BYTES);
    iv.copy(sealed, 1);
    if (this.tokenFormat === CHACHA20_POLY1305) {
      sealed[0] = CHACHA20_POLY1305;
      this.chacha.sealInto(sealed.subarray(1 + IV_BYTES), plaintext, iv, sealed.subarray(0, 1));
    } else {
      sealed[0] = AES_256_GCM;
      this.aes.sealInto(sealed.subarray(1 + IV_BYTES), plaintext, iv);
    }
    const token = sealed.toString('base64url');
    if (token.length > this.maxTokenLength) {
      throw new StateTokenError('too-large', `state token would be ${token.length} characters (max ${this.maxTokenLength}); the flow carries too much in vars`);
    }
    return token;
  }

  // Random IVs drawn from a pooled buffer: one randomFillSync per 341 tokens instead of per token
  // (it was the largest single cost of a webhook). Each IV is still 96 fresh random bits.
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * 341);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  open(token: unknown): T {
    if (typeof token !== 'string' || token.length === 0) throw new StateTokenError('malformed', 'no state token');
    if (token.length > this.maxTokenLength) throw new StateTokenError('too-large', `state token is ${token.length} characters (max ${this.maxTokenLength})`);
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new StateTokenError('malformed', 'state token is not base64url');
    const raw = Buffer.from(token, 'base64url');
    if (raw.length < 1 + IV_BYTES + TAG_BYTES + 1 || (raw[0] !== AES_256_GCM && raw[0] !== CHACHA20_POLY1305)) {
      throw new StateTokenError('malformed', 'state token is truncated or of an unknown format');
    }
    const iv = raw.subarray(1, 1 + IV_BYTES);
    const plaintext = raw[0] === CHACHA20_POLY1305 ? this.chacha.open(raw.subarray(1 + IV_BYTES), iv, raw.subarray(0, 1)) : this.aes.open(raw.subarray(1 + IV_BYTES), iv);
    if (!plaintext) throw new StateTokenError('tampered', 'state token failed authentication (tampered, or sealed with another key)');
    let body: { iat?: unknown; v?: unknown };
    try {
      body = JSON.parse(plaintext.toString('utf8')) as { iat?: unknown; v?: unknown };
    } catch {
      throw new StateTokenError('malformed', 'state token does not hold JSON');
    }
    if (typeof body.iat !== 'number') throw new StateTokenError('malformed', 'state token has no issue time');
    const age = Math.floor(this.now() / 1000) - body.iat;
    if (age > this.ttlSeconds) throw new StateTokenError('expired', `state token expired ${age - this.ttlSeconds} s ago`);
    if (age < -FUTURE_SKEW_SECONDS) throw new StateTokenError('from-the-future', 'state token was issued in the future');
    return body.v as T;
  }
}
