import type { Logger } from 'pino';
import type { ChosenEd25519Engine } from '../telnyx/create-ed25519-engine';

const DESCRIBED = { precomputed: 'the precomputed Ed25519 addon', libsodium: 'libsodium', node: "node's crypto" } as const;

/** CPU of a check relative to the addon's (docs/benchmarks.md, "signature"). */
const CPU_AGAINST_PRECOMPUTED = { precomputed: 1, libsodium: 3, node: 7 } as const;

/** Says once at start which Ed25519 verifies webhooks, and why `auto` passed over a cheaper one. */
export function sayEd25519Engine(logger: Logger, chosen: ChosenEd25519Engine): void {
  const used = DESCRIBED[chosen.name];
  if (chosen.precomputedUnavailable) {
    logger.warn(
      { engine: chosen.name, reason: chosen.precomputedUnavailable },
      `the precomputed Ed25519 addon could not be loaded: webhook signatures are verified with ${used}, at about ${CPU_AGAINST_PRECOMPUTED[chosen.name]} times the CPU (WEBHOOK_VERIFY_ENGINE=${chosen.name} says this is meant)`,
    );
  }
  if (chosen.libsodiumUnavailable) {
    logger.warn({ engine: 'node', reason: chosen.libsodiumUnavailable }, "libsodium (sodium-native) could not be loaded: webhook signatures are verified with node's crypto, at about twice the CPU (WEBHOOK_VERIFY_ENGINE=node says this is meant)");
  }
  if (!chosen.precomputedUnavailable && !chosen.libsodiumUnavailable) logger.info({ engine: chosen.name }, `webhook signatures are verified with ${used}`);
}
