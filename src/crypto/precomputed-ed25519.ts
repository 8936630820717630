import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A public key with its multiples precomputed, held by the addon (opaque here). */
export interface PreparedEd25519Key {
  readonly __preparedEd25519Key: unique symbol;
}

/**
 * This repository's C addon (native/ed25519-fixed-key, built by `npm install`): Ed25519
 * verification as libsodium's crypto_sign_verify_detached accepts it, for a key whose multiples are
 * tabled once, so each check is two fixed-base multiplications.
 */
export interface PrecomputedEd25519 {
  /** The key's tables, or null when libsodium would refuse the key (not canonical, not a point, small order). */
  prepare(publicKey: Uint8Array): PreparedEd25519Key | null;
  /** True when `signature` (64 bytes) is the key's over `message`. */
  verify(key: PreparedEd25519Key, message: Uint8Array, signature: Uint8Array): boolean;
}

export type PrecomputedEd25519Load = { ok: true; addon: PrecomputedEd25519 } | { ok: false; reason: string };

/** Where node-gyp leaves the addon, under the repository's root. */
const ADDON_UNDER_ROOT = join('native', 'ed25519-fixed-key', 'build', 'Release', 'ed25519_fixed_key.node');

/**
 * The addon in the nearest directory above this file that has one: the root, whether this runs
 * from src/, dist/ or a copy compiled elsewhere in the tree (the benchmarks'). The root's path when
 * none has it, for the reason given.
 */
export function precomputedEd25519Path(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ADDON_UNDER_ROOT))) return join(dir, ADDON_UNDER_ROOT);
    if (dirname(dir) === dir) return join(from, '..', '..', ADDON_UNDER_ROOT);
  }
}

let loaded: PrecomputedEd25519Load | undefined;

/** Loads the addon once; when it cannot be loaded (not built, no compiler at install), says why. */
export function loadPrecomputedEd25519(): PrecomputedEd25519Load {
  loaded ??= tryLoad(precomputedEd25519Path());
  return loaded;
}

function tryLoad(path: string): PrecomputedEd25519Load {
  try {
    // A require, not an import: a machine without a C compiler has no addon, and that is an answer.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(path) as Partial<PrecomputedEd25519>;
    if (typeof addon.prepare !== 'function' || typeof addon.verify !== 'function') return { ok: false, reason: `${path} has no prepare or verify` };
    return { ok: true, addon: addon as PrecomputedEd25519 };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { ok: false, reason: message.includes('Cannot find module') ? `the addon is not built (${path} is missing; npm install builds it with a C compiler)` : message };
  }
}
