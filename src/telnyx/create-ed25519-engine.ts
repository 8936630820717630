import type { Ed25519Engine, Ed25519EngineChoice, Ed25519EngineName } from './ed25519-engine';
import { Ed25519EngineUnavailableError } from './ed25519-engine-unavailable-error';
import { loadLibsodium, type Libsodium, type LibsodiumLoad } from '../crypto/libsodium';
import { LibsodiumEd25519Engine } from './libsodium-ed25519-engine';
import { NodeEd25519Engine } from './node-ed25519-engine';

export interface CreatedEd25519Engine {
  engine: Ed25519Engine;
  /** With `auto`, why libsodium was not used (said once at start). */
  libsodiumUnavailable?: string;
}

/**
 * The engine for `publicKey` (32 raw bytes). `libsodium` asked for and not loadable is an error that
 * says why, at start; `auto` falls back to node's crypto and says why. The key is always imported by
 * node's crypto too: a key it refuses is refused at start, whichever engine verifies.
 */
export function createEd25519Engine(publicKey: Buffer, choice: Ed25519EngineChoice, load: () => LibsodiumLoad = loadLibsodium): CreatedEd25519Engine {
  const node = new NodeEd25519Engine(publicKey);
  const chosen = chooseEd25519Engine(choice, load);
  if (chosen.sodium) return { engine: new LibsodiumEd25519Engine(chosen.sodium, publicKey) };
  return { engine: node, ...(chosen.libsodiumUnavailable ? { libsodiumUnavailable: chosen.libsodiumUnavailable } : {}) };
}

/** What `choice` comes to on this machine, without a key (what the service says at start). */
export function chooseEd25519Engine(
  choice: Ed25519EngineChoice,
  load: () => LibsodiumLoad = loadLibsodium,
): { name: Ed25519EngineName; sodium?: Libsodium; libsodiumUnavailable?: string } {
  if (choice === 'node') return { name: 'node' };
  const sodium = load();
  if (sodium.ok) return { name: 'libsodium', sodium: sodium.sodium };
  if (choice === 'libsodium') throw new Ed25519EngineUnavailableError(`WEBHOOK_VERIFY_ENGINE=libsodium, but sodium-native could not be loaded: ${sodium.reason} (install the optional dependency sodium-native, or set WEBHOOK_VERIFY_ENGINE to node or auto)`);
  return { name: 'node', libsodiumUnavailable: sodium.reason };
}
