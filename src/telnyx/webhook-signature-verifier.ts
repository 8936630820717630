import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'invalid';

export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem; detail: string };

export interface WebhookSignatureVerifierOptions {
  /** The account's public key from the Telnyx portal: base64 of 32 raw bytes. */
  publicKey: string;
  /** How far telnyx-timestamp may be from our clock (default 300 s). */
  toleranceSeconds?: number;
  now?: () => number;
}

/**
 * Telnyx signs `${telnyx-timestamp}|${raw body}` with Ed25519. Node's crypto verifies it; the
 * SDK's unwrap() checks a different scheme and parses JSON, so it is not used here.
 */
export class WebhookSignatureVerifier {
  private readonly key: KeyObject;
  private readonly toleranceSeconds: number;
  private readonly now: () => number;

  constructor(options: WebhookSignatureVerifierOptions) {
    const raw = Buffer.from(options.publicKey, 'base64');
    if (raw.length !== 32) throw new Error('TELNYX_PUBLIC_KEY must be 32 bytes of base64');
    this.key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  /**
   * What can be checked before a byte of the body is read: both headers there, well formed, the
   * timestamp inside the window. A request failing this is refused without reading its body.
   */
  precheck(timestampHeader: string | undefined, signatureHeader: string | undefined): SignatureCheck {
    if (!timestampHeader || !signatureHeader) return { ok: false, problem: 'missing', detail: 'telnyx-timestamp or telnyx-signature-ed25519 header missing' };
    if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, problem: 'malformed', detail: 'telnyx-timestamp is not Unix seconds' };
    const skew = Math.abs(Math.floor(this.now() / 1000) - Number(timestampHeader));
    if (skew > this.toleranceSeconds) return { ok: false, problem: 'stale', detail: `timestamp is ${skew} s off (max ${this.toleranceSeconds})` };
    if (Buffer.from(signatureHeader, 'base64').length !== 64) return { ok: false, problem: 'malformed', detail: 'signature is not 64 bytes of base64' };
    return { ok: true };
  }

  check(timestampHeader: string | undefined, signatureHeader: string | undefined, rawBody: Buffer): SignatureCheck {
    const pre = this.precheck(timestampHeader, signatureHeader);
    if (!pre.ok) return pre;
    const signature = Buffer.from(signatureHeader!, 'base64');
    const signed = Buffer.concat([Buffer.from(`${timestampHeader}|`, 'utf8'), rawBody]);
    return verify(null, signed, this.key, signature) ? { ok: true } : { ok: false, problem: 'invalid', detail: 'signature does not match' };
  }
}
