import type { Ed25519Engine } from './ed25519-engine';
import type { Libsodium } from '../crypto/libsodium';

/**
 * libsodium's crypto_sign_verify_detached: about half the CPU of node's crypto on the same machine
 * (docs/benchmarks.md, "signature"). It accepts every signature RFC 8032 signing makes; where it
 * differs from OpenSSL, on inputs no honest signer produces (small-order keys or R, non-canonical
 * encodings), it is the stricter.
 * Served on the event loop: a hop to another thread would cost about what the verification does.
 */
export class LibsodiumEd25519Engine implements Ed25519Engine {
  readonly name = 'libsodium';

  /** `publicKey`: the 32 raw bytes. */
  constructor(
    private readonly sodium: Libsodium,
    private readonly publicKey: Buffer,
  ) {}

  verify(message: Buffer, signature: Buffer): boolean {
    // libsodium asserts on a wrong length rather than answering false.
    return signature.length === 64 && this.sodium.crypto_sign_verify_detached(signature, message, this.publicKey);
  }

  verifyAsServed(message: Buffer, signature: Buffer): boolean {
    return this.verify(message, signature);
  }
}
