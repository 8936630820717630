/**
 * libsodium through sodium-native, an optional dependency: its prebuilt binaries cover Linux
 * (glibc), macOS and Windows on x64 and arm64. Only what the service calls is typed here.
 */
export interface Libsodium {
  /** Ed25519: true when `signature` is `message`'s by `publicKey` (32 raw bytes). */
  crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
}

export type LibsodiumLoad = { ok: true; sodium: Libsodium } | { ok: false; reason: string };

let loaded: LibsodiumLoad | undefined;

/** Loads sodium-native once; when it cannot be loaded (not installed, no binary for this platform), says why. */
export function loadLibsodium(): LibsodiumLoad {
  loaded ??= tryLoad();
  return loaded;
}

function tryLoad(): LibsodiumLoad {
  try {
    // A require, not an import: the package is optional, and its absence is an answer, not a crash.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sodium = require('sodium-native') as Partial<Libsodium>;
    if (typeof sodium.crypto_sign_verify_detached !== 'function') return { ok: false, reason: 'sodium-native has no crypto_sign_verify_detached' };
    return { ok: true, sodium: sodium as Libsodium };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
