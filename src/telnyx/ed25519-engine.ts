/** Which Ed25519 implementation verifies Telnyx's signatures (WEBHOOK_VERIFY_ENGINE). */
export type Ed25519EngineName = 'precomputed' | 'libsodium' | 'node';

/** auto: the precomputed addon when it is built, else libsodium when sodium-native loads, else node's crypto. */
export type Ed25519EngineChoice = 'auto' | Ed25519EngineName;

/** Verifies Ed25519 signatures by one public key. */
export interface Ed25519Engine {
  readonly name: Ed25519EngineName;
  /** On the event loop. */
  verify(message: Buffer, signature: Buffer): boolean;
  /**
   * As the service serves webhooks: on the loop when that is cheapest (the addon about 11-14 µs,
   * libsodium about 37-64 µs, less than handing the work to another thread), on node's thread pool
   * otherwise.
   */
  verifyAsServed(message: Buffer, signature: Buffer): boolean | Promise<boolean>;
}
