import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** A Telnyx-style Ed25519 key pair for signing test webhooks. */
export class SigningKey {
  readonly publicKeyBase64: string;
  readonly privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKeyBase64 = Buffer.from(jwk.x!, 'base64url').toString('base64');
  }

  /** Headers Telnyx would send for this body at this time. */
  headers(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
    const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), this.privateKey).toString('base64');
    return { 'telnyx-timestamp': String(timestamp), 'telnyx-signature-ed25519': signature };
  }
}
