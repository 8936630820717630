/**
 * libsodium through sodium-native, an optional dependency: its prebuilt binaries cover Linux
 * (glibc), macOS and Windows on x64 and arm64. Only what the service calls is typed here.
 */
export interface Libsodium {
  /** Ed25519: true when `signature` is `message`'s by `publicKey` (32 raw bytes). */
  crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
  /** ChaCha20-Poly1305 (RFC 8439): ciphertext and 16-byte tag into `out`; the bytes written. */
  crypto_aead_chacha20poly1305_ietf_encrypt(out: Buffer, message: Buffer, additionalData: Buffer | null, nsec: null, nonce: Buffer, key: Buffer): number;
  /** The reverse into `out`; throws when the tag does not verify. */
  crypto_aead_chacha20poly1305_ietf_decrypt(out: Buffer, nsec: null, ciphertext: Buffer, additionalData: Buffer | null, nonce: Buffer, key: Buffer): number;
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
    for (const name of ['crypto_sign_verify_detached', 'crypto_aead_chacha20poly1305_ietf_encrypt', 'crypto_aead_chacha20poly1305_ietf_decrypt'] as const) {
      if (typeof sodium[name] !== 'function') return { ok: false, reason: `sodium-native has no ${name}` };
    }
    return { ok: true, sodium: sodium as Libsodium };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
