import type { Ed25519Engine } from './ed25519-engine';
import type { FixedKeyCrypto, PreparedEd25519Key } from '../crypto/fixed-key-crypto';

/**
 * The key's multiples tabled once (src/crypto/fixed-key-crypto.ts): about 11-14 µs a check where
 * libsodium takes 36-40 µs on the same machine (docs/benchmarks.md, "signature"). It accepts
 * exactly what libsodium accepts (test/unit/telnyx/ed25519-engine.test.ts compares them), on the
 * event loop.
 */
export class PrecomputedEd25519Engine implements Ed25519Engine {
  readonly name = 'precomputed';

  constructor(
    private readonly addon: FixedKeyCrypto,
    private readonly key: PreparedEd25519Key,
  ) {}

  verify(message: Buffer, signature: Buffer): boolean {
    return signature.length === 64 && this.addon.ed25519Verify(this.key, message, signature);
  }

  verifyAsServed(message: Buffer, signature: Buffer): boolean {
    return this.verify(message, signature);
  }
}
