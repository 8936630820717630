import { createCipheriv, createDecipheriv } from 'node:crypto';
import { loadLibsodium, type Libsodium, type LibsodiumLoad } from './libsodium';

const TAG_BYTES = 16;

export interface ChaCha20Poly1305Options {
  /** How libsodium is loaded (tests give one that fails, to run node's crypto). */
  loadLibsodium?: () => LibsodiumLoad;
}

/**
 * ChaCha20-Poly1305 with a 96-bit nonce (RFC 8439), by one 32-byte key: libsodium when it loads,
 * node's crypto otherwise. Both write the same bytes, so either opens what the other sealed. With
 * libsodium a seal is one call into C (1.1–1.5 µs for a 150-byte state), where node's crypto builds
 * an OpenSSL context per use (8–11 µs, as its AES-256-GCM does; docs/benchmarks.md).
 */
export class ChaCha20Poly1305 {
  private readonly sodium: Libsodium | undefined;

  constructor(
    private readonly key: Buffer,
    options: ChaCha20Poly1305Options = {},
  ) {
    if (key.length !== 32) throw new Error('ChaCha20-Poly1305 takes a 32-byte key');
    const loaded = (options.loadLibsodium ?? loadLibsodium)();
    this.sodium = loaded.ok ? loaded.sodium : undefined;
  }

  /** Which implementation runs. */
  get engine(): 'libsodium' | 'node' {
    return this.sodium ? 'libsodium' : 'node';
  }

  /** Encrypts `plaintext` into `out` (its length plus 16: the ciphertext, then the tag). */
  sealInto(out: Buffer, plaintext: Buffer, nonce: Buffer, additionalData: Buffer): void {
    if (out.length !== plaintext.length + TAG_BYTES) throw new Error('ChaCha20-Poly1305: out must be 16 bytes longer than the plaintext');
    if (this.sodium) {
      this.sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, additionalData, null, nonce, this.key);
      return;
    }
    const cipher = createCipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData, { plaintextLength: plaintext.length });
    cipher.update(plaintext).copy(out);
    cipher.final();
    cipher.getAuthTag().copy(out, plaintext.length);
  }

  /** The plaintext of `sealed` (ciphertext, then tag); undefined when it does not authenticate. */
  open(sealed: Buffer, nonce: Buffer, additionalData: Buffer): Buffer | undefined {
    if (sealed.length < TAG_BYTES) return undefined;
    const length = sealed.length - TAG_BYTES;
    if (this.sodium) {
      const plaintext = Buffer.allocUnsafe(length);
      try {
        this.sodium.crypto_aead_chacha20poly1305_ietf_decrypt(plaintext, null, sealed, additionalData, nonce, this.key);
        return plaintext;
      } catch {
        return undefined;
      }
    }
    try {
      const decipher = createDecipheriv('chacha20-poly1305', this.key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData, { plaintextLength: length });
      decipher.setAuthTag(sealed.subarray(length));
      return Buffer.concat([decipher.update(sealed.subarray(0, length)), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
