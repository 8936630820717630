import type { Ed25519Engine, Ed25519EngineChoice, Ed25519EngineName } from './ed25519-engine';
import { Ed25519EngineUnavailableError } from './ed25519-engine-unavailable-error';
import { loadLibsodium, type Libsodium, type LibsodiumLoad } from '../crypto/libsodium';
import { loadFixedKeyCrypto, type FixedKeyCrypto, type FixedKeyCryptoLoad } from '../crypto/fixed-key-crypto';
import { LibsodiumEd25519Engine } from './libsodium-ed25519-engine';
import { NodeEd25519Engine } from './node-ed25519-engine';
import { PrecomputedEd25519Engine } from './precomputed-ed25519-engine';

/** How each optional implementation is loaded (tests give ones that fail). */
export interface Ed25519Loaders {
  precomputed?: () => FixedKeyCryptoLoad;
  libsodium?: () => LibsodiumLoad;
}

/** Why `auto` passed over an implementation (said once at start). */
export interface Ed25519Fallbacks {
  precomputedUnavailable?: string;
  libsodiumUnavailable?: string;
}

export interface ChosenEd25519Engine extends Ed25519Fallbacks {
  name: Ed25519EngineName;
  precomputed?: FixedKeyCrypto;
  sodium?: Libsodium;
}

export interface CreatedEd25519Engine extends Ed25519Fallbacks {
  engine: Ed25519Engine;
}

/**
 * The engine for `publicKey` (32 raw bytes). An engine asked for by name and not loadable is an
 * error that says why, at start; `auto` takes the cheapest that loads and says why it passed over
 * the others. The key is always imported by node's crypto too: a key it refuses is refused at
 * start, whichever engine verifies; so is a key libsodium would refuse, when the addon can tell.
 */
export function createEd25519Engine(publicKey: Buffer, choice: Ed25519EngineChoice, loaders: Ed25519Loaders = {}): CreatedEd25519Engine {
  const node = new NodeEd25519Engine(publicKey);
  const { name: _name, precomputed, sodium, ...fallbacks } = chooseEd25519Engine(choice, loaders);
  if (precomputed) {
    const key = precomputed.ed25519Prepare(publicKey);
    if (!key) throw new Error('TELNYX_PUBLIC_KEY is not an Ed25519 public key libsodium accepts (not canonical, not a curve point, or of small order): no signature by it could verify');
    return { engine: new PrecomputedEd25519Engine(precomputed, key), ...fallbacks };
  }
  if (sodium) return { engine: new LibsodiumEd25519Engine(sodium, publicKey), ...fallbacks };
  return { engine: node, ...fallbacks };
}

/** What `choice` comes to on this machine, without a key (what the service says at start). */
export function chooseEd25519Engine(choice: Ed25519EngineChoice, loaders: Ed25519Loaders = {}): ChosenEd25519Engine {
  if (choice === 'node') return { name: 'node' };
  const fallbacks: Ed25519Fallbacks = {};
  if (choice === 'precomputed' || choice === 'auto') {
    const loaded = (loaders.precomputed ?? loadFixedKeyCrypto)();
    if (loaded.ok) return { name: 'precomputed', precomputed: loaded.addon };
    if (choice === 'precomputed') throw new Ed25519EngineUnavailableError(`WEBHOOK_VERIFY_ENGINE=precomputed, but ${loaded.reason} (run npm rebuild on a machine with a C compiler, or set WEBHOOK_VERIFY_ENGINE to auto, libsodium or node)`);
    fallbacks.precomputedUnavailable = loaded.reason;
  }
  const sodium = (loaders.libsodium ?? loadLibsodium)();
  if (sodium.ok) return { name: 'libsodium', sodium: sodium.sodium, ...fallbacks };
  if (choice === 'libsodium') throw new Ed25519EngineUnavailableError(`WEBHOOK_VERIFY_ENGINE=libsodium, but sodium-native could not be loaded: ${sodium.reason} (install the optional dependency sodium-native, or set WEBHOOK_VERIFY_ENGINE to node or auto)`);
  return { name: 'node', ...fallbacks, libsodiumUnavailable: sodium.reason };
}
