import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A public key with its multiples tabled, held by the addon (opaque here). */
export interface PreparedEd25519Key {
  readonly __preparedEd25519Key: unique symbol;
}

/** An AES-256-GCM key set up once, held by the addon (opaque here). */
export interface AesGcmKey {
  readonly __aesGcmKey: unique symbol;
}

/**
 * This repository's C addon (native/fixed-key-crypto, built by `npm install`): work done once per
 * key rather than per message.
 * - Ed25519 verification as libsodium's crypto_sign_verify_detached accepts it, with the key's
 *   multiples tabled, so each check is two fixed-base multiplications.
 * - AES-256-GCM (12-byte IV, 16-byte tag, no associated data) through node's own OpenSSL, with the
 *   key's context set up once: node's createCipheriv builds one per message. The same bytes.
 * Wrong arguments (lengths, a key of the other kind) throw a TypeError.
 */
export interface FixedKeyCrypto {
  /** The key's tables, or null when libsodium would refuse the key (not canonical, not a point, small order). */
  ed25519Prepare(publicKey: Uint8Array): PreparedEd25519Key | null;
  /** True when `signature` (64 bytes) is the key's over `message`. */
  ed25519Verify(key: PreparedEd25519Key, message: Uint8Array, signature: Uint8Array): boolean;
  aesGcmKey(key: Uint8Array): AesGcmKey;
  /** Writes the ciphertext and then the tag into `out` (plaintext's length + 16); false if OpenSSL failed. */
  aesGcmSeal(key: AesGcmKey, out: Uint8Array, plaintext: Uint8Array, iv: Uint8Array): boolean;
  /** Writes the plaintext into `out` (ciphertext's length); false when the tag does not hold. */
  aesGcmOpen(key: AesGcmKey, out: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, iv: Uint8Array): boolean;
}

export type FixedKeyCryptoLoad = { ok: true; addon: FixedKeyCrypto } | { ok: false; reason: string };

/** Where node-gyp leaves the addon, under the repository's root. */
const ADDON_UNDER_ROOT = join('native', 'fixed-key-crypto', 'build', 'Release', 'fixed_key_crypto.node');

/**
 * The addon in the nearest directory above `from` that has one: the root, whether this runs from
 * src/, dist/ or a copy compiled elsewhere in the tree (the benchmarks'). The root's path when none
 * has it, for the reason given.
 */
export function fixedKeyCryptoPath(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ADDON_UNDER_ROOT))) return join(dir, ADDON_UNDER_ROOT);
    if (dirname(dir) === dir) return join(from, '..', '..', ADDON_UNDER_ROOT);
  }
}

let loaded: FixedKeyCryptoLoad | undefined;

/** Loads the addon once; when it cannot be loaded (not built: no C compiler at install), says why. */
export function loadFixedKeyCrypto(): FixedKeyCryptoLoad {
  loaded ??= tryLoad(fixedKeyCryptoPath());
  return loaded;
}

const FUNCTIONS = ['ed25519Prepare', 'ed25519Verify', 'aesGcmKey', 'aesGcmSeal', 'aesGcmOpen'] as const;

function tryLoad(path: string): FixedKeyCryptoLoad {
  try {
    // A require, not an import: a machine without a C compiler has no addon, and that is an answer.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const addon = require(path) as Partial<FixedKeyCrypto>;
    for (const name of FUNCTIONS) if (typeof addon[name] !== 'function') return { ok: false, reason: `${path} has no ${name} (rebuild it: npm rebuild)` };
    return { ok: true, addon: addon as FixedKeyCrypto };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { ok: false, reason: message.includes('Cannot find module') ? `the addon is not built (${path} is missing; npm install builds it with a C compiler)` : message };
  }
}
