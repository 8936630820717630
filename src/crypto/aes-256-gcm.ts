import { createCipheriv, createDecipheriv } from 'node:crypto';
import { loadFixedKeyCrypto, type AesGcmKey, type FixedKeyCrypto, type FixedKeyCryptoLoad } from './fixed-key-crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Aes256GcmOptions {
  /** How the addon is loaded (tests give one that fails, to run node's crypto). */
  loadFixedKeyCrypto?: () => FixedKeyCryptoLoad;
}

/**
 * AES-256-GCM with a 96-bit IV and a 128-bit tag, no associated data, by one 32-byte key: the
 * addon when it is built (the key set up once: about 0.3 µs a seal of a 150-byte state), node's
 * crypto otherwise (an OpenSSL context built per message: 3-10 µs). Both are OpenSSL and write the
 * same bytes, so either opens what the other sealed.
 */
export class Aes256Gcm {
  private readonly fixed: { addon: FixedKeyCrypto; key: AesGcmKey } | undefined;

  constructor(
    private readonly key: Buffer,
    options: Aes256GcmOptions = {},
  ) {
    if (key.length !== 32) throw new Error('AES-256-GCM takes a 32-byte key');
    const loaded = (options.loadFixedKeyCrypto ?? loadFixedKeyCrypto)();
    this.fixed = loaded.ok ? { addon: loaded.addon, key: loaded.addon.aesGcmKey(key) } : undefined;
  }

  /** Which implementation runs. */
  get engine(): 'addon' | 'node' {
    return this.fixed ? 'addon' : 'node';
  }

  /** Encrypts `plaintext` into `out` (its length plus 16: the ciphertext, then the tag). */
  sealInto(out: Buffer, plaintext: Buffer, iv: Buffer): void {
    if (out.length !== plaintext.length + TAG_BYTES) throw new Error('AES-256-GCM: out must be 16 bytes longer than the plaintext');
    if (iv.length !== IV_BYTES) throw new Error('AES-256-GCM: the IV must be 12 bytes');
    if (this.fixed) {
      if (!this.fixed.addon.aesGcmSeal(this.fixed.key, out, plaintext, iv)) throw new Error('AES-256-GCM: OpenSSL could not seal');
      return;
    }
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.update(plaintext).copy(out);
    // GCM is a stream mode: final() adds no bytes, it computes the tag.
    cipher.final();
    cipher.getAuthTag().copy(out, plaintext.length);
  }

  /** The plaintext of `sealed` (ciphertext, then tag); undefined when it does not authenticate. */
  open(sealed: Buffer, iv: Buffer): Buffer | undefined {
    if (sealed.length < TAG_BYTES || iv.length !== IV_BYTES) return undefined;
    const length = sealed.length - TAG_BYTES;
    if (this.fixed) {
      const plaintext = Buffer.allocUnsafe(length);
      return this.fixed.addon.aesGcmOpen(this.fixed.key, plaintext, sealed.subarray(0, length), sealed.subarray(length), iv) ? plaintext : undefined;
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(sealed.subarray(length));
      return Buffer.concat([decipher.update(sealed.subarray(0, length)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
