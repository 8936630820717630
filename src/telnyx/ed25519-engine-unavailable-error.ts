/** WEBHOOK_VERIFY_ENGINE names an engine this machine cannot load (said at start). */
export class Ed25519EngineUnavailableError extends Error {
  override readonly name = 'Ed25519EngineUnavailableError';
}
