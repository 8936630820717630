import { createEd25519Engine, type Ed25519Loaders } from './create-ed25519-engine';
import type { Ed25519Engine, Ed25519EngineChoice, Ed25519EngineName } from './ed25519-engine';

export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'invalid';

export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem; detail: string };

/** Headers that passed the precheck, decoded once for the body's check. */
export interface SignedHeaders {
  ok: true;
  /** telnyx-timestamp as sent (ASCII digits). */
  timestamp: string;
  /** telnyx-signature-ed25519, decoded: 64 bytes. */
  signature: Buffer;
}

export interface WebhookSignatureVerifierOptions {
  /** The account's public key from the Telnyx portal: base64 of 32 raw bytes. */
  publicKey: string;
  /** How far telnyx-timestamp may be from our clock (default 300 s). */
  toleranceSeconds?: number;
  now?: () => number;
  /** Which Ed25519 implementation verifies (WEBHOOK_VERIFY_ENGINE); auto by default. */
  engine?: Ed25519EngineChoice;
  /** How the addon and libsodium are loaded (tests give ones that fail). */
  loaders?: Ed25519Loaders;
}

/**
 * Telnyx signs `${telnyx-timestamp}|${raw body}` with Ed25519. The precomputed addon, libsodium
 * (sodium-native) or node's crypto verifies it (create-ed25519-engine.ts); the SDK's unwrap()
 * checks a different scheme and parses JSON, so it is not used here.
 *
 * Cost: the key is imported once; the headers are parsed once (precheck), and the signed message
 * is one buffer built with a single copy of the body. What is left is Ed25519 itself
 * (docs/benchmarks.md, "signature").
 */
export class WebhookSignatureVerifier {
  private readonly engine: Ed25519Engine;
  private readonly toleranceSeconds: number;
  private readonly now: () => number;

  constructor(options: WebhookSignatureVerifierOptions) {
    const raw = Buffer.from(options.publicKey, 'base64');
    if (raw.length !== 32) throw new Error('TELNYX_PUBLIC_KEY must be 32 bytes of base64');
    // Which engine, and why not a cheaper one, is said once at start by the runtime (src/cli/service-runtime.ts).
    this.engine = createEd25519Engine(raw, options.engine ?? 'auto', options.loaders).engine;
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  /** The Ed25519 implementation in use. */
  get engineName(): Ed25519EngineName {
    return this.engine.name;
  }

  /**
   * What can be checked before a byte of the body is read: both headers there, well formed, the
   * timestamp inside the window. A request failing this is refused without reading its body.
   */
  precheck(timestampHeader: string | undefined, signatureHeader: string | undefined): SignedHeaders | Exclude<SignatureCheck, { ok: true }> {
    if (!timestampHeader || !signatureHeader) return { ok: false, problem: 'missing', detail: 'telnyx-timestamp or telnyx-signature-ed25519 header missing' };
    const seconds = unixSeconds(timestampHeader);
    if (seconds < 0) return { ok: false, problem: 'malformed', detail: 'telnyx-timestamp is not Unix seconds' };
    const skew = Math.abs(Math.floor(this.now() / 1000) - seconds);
    if (skew > this.toleranceSeconds) return { ok: false, problem: 'stale', detail: `timestamp is ${skew} s off (max ${this.toleranceSeconds})` };
    const signature = Buffer.from(signatureHeader, 'base64');
    if (signature.length !== 64) return { ok: false, problem: 'malformed', detail: 'signature is not 64 bytes of base64' };
    return { ok: true, timestamp: timestampHeader, signature };
  }

  /** The body's check, on headers that passed the precheck, on the event loop. */
  verifyBody(headers: SignedHeaders, rawBody: Buffer): SignatureCheck {
    return this.engine.verify(signedMessage(headers.timestamp, rawBody), headers.signature) ? VALID : INVALID;
  }

  /**
   * The same as the service serves it: the addon or libsodium on the loop; node's crypto on libuv's
   * thread pool, where its 90-190 µs run on another core while the loop serves other requests
   * (docs/benchmarks.md, "signature").
   */
  checkBody(headers: SignedHeaders, rawBody: Buffer): SignatureCheck | Promise<SignatureCheck> {
    const valid = this.engine.verifyAsServed(signedMessage(headers.timestamp, rawBody), headers.signature);
    if (typeof valid === 'boolean') return valid ? VALID : INVALID;
    return valid.then((ok) => (ok ? VALID : INVALID));
  }

  check(timestampHeader: string | undefined, signatureHeader: string | undefined, rawBody: Buffer): SignatureCheck {
    const pre = this.precheck(timestampHeader, signatureHeader);
    return pre.ok ? this.verifyBody(pre, rawBody) : pre;
  }
}

const VALID: SignatureCheck = { ok: true };
const INVALID: SignatureCheck = { ok: false, problem: 'invalid', detail: 'signature does not match' };

/** `${timestamp}|${body}` in one allocation: the timestamp is ASCII digits, the body copied once. */
function signedMessage(timestamp: string, rawBody: Buffer): Buffer {
  const message = Buffer.allocUnsafe(timestamp.length + 1 + rawBody.length);
  message.write(timestamp, 0, 'latin1');
  message[timestamp.length] = 0x7c; // '|'
  rawBody.copy(message, timestamp.length + 1);
  return message;
}

/** 1 to 12 ASCII digits as a number; -1 for anything else. */
function unixSeconds(text: string): number {
  if (text.length > 12) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
