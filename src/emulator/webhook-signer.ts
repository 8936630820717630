import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Clock } from './clock';
import { systemClock } from './clock';

/**
 * Signs outgoing webhooks the way Telnyx does: Ed25519 over `${telnyx-timestamp}|${raw body}`,
 * base64 in `telnyx-signature-ed25519`. The key pair is generated at start unless one is given.
 * Timestamps come from the wall clock (not the simulated one), so a real service's 300 s window
 * accepts them.
 */
export class WebhookSigner {
  /** Base64 of the 32 raw public key bytes: what the Telnyx portal shows and TELNYX_PUBLIC_KEY takes. */
  readonly publicKeyBase64: string;
  private readonly privateKey: KeyObject;

  constructor(
    privateKey?: KeyObject,
    private readonly clock: Clock = systemClock,
  ) {
    if (privateKey) {
      if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The webhook signing key must be an Ed25519 private key');
      this.privateKey = privateKey;
    } else {
      this.privateKey = generateKeyPairSync('ed25519').privateKey;
    }
    const jwk = this.privateKey.export({ format: 'jwk' });
    this.publicKeyBase64 = Buffer.from(jwk.x ?? '', 'base64url').toString('base64');
  }

  /** The two headers for this body (the empty string for a GET). */
  headers(rawBody: string, timestampSeconds: number = Math.floor(this.clock.now() / 1000)): Record<string, string> {
    const signature = sign(null, Buffer.from(`${timestampSeconds}|${rawBody}`, 'utf8'), this.privateKey).toString('base64');
    return { 'telnyx-timestamp': String(timestampSeconds), 'telnyx-signature-ed25519': signature };
  }
}
