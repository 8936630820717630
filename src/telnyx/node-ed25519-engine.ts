import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Ed25519Engine } from './ed25519-engine';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Node's crypto (OpenSSL 3): 110-190 µs a verification on the machines of docs/benchmarks.md. As
 * served it runs on libuv's thread pool, where it costs the event loop 8-13 µs and the rest runs on
 * another core when one is free.
 */
export class NodeEd25519Engine implements Ed25519Engine {
  readonly name = 'node';
  private readonly key: KeyObject;

  /** `publicKey`: the 32 raw bytes (imported once: importing per call cost 44 %). */
  constructor(publicKey: Buffer) {
    this.key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  }

  verify(message: Buffer, signature: Buffer): boolean {
    return verify(null, message, this.key, signature);
  }

  verifyAsServed(message: Buffer, signature: Buffer): Promise<boolean> {
    return new Promise((resolve) => {
      verify(null, message, this.key, signature, (error, valid) => resolve(!error && valid));
    });
  }
}
