/*
 * Ed25519 verification (RFC 8032, cofactorless, as libsodium's crypto_sign_verify_detached) for
 * one public key known in advance: tables of that key's multiples are built once, so each check is
 * two fixed-base multiplications instead of a variable-base one. Every input is public, so the
 * code is variable-time on purpose.
 */
#ifndef ED25519_FIXED_KEY_H
#define ED25519_FIXED_KEY_H

#include <stddef.h>
#include <stdint.h>

typedef struct ed25519_fixed_key ed25519_fixed_key;

/*
 * Builds the base point's table, once per process (prepare calls it). 0 on success; -1 when it
 * could not be built (no memory).
 */
int ed25519_fixed_key_init(void);

/*
 * The tables for `public_key` (32 bytes), or NULL when libsodium would refuse the key: a
 * non-canonical encoding, no point, or a point of small order. Free with ed25519_fixed_key_free.
 */
ed25519_fixed_key *ed25519_fixed_key_prepare(const uint8_t public_key[32]);

void ed25519_fixed_key_free(ed25519_fixed_key *key);

/* 1 when `signature` (64 bytes) is `key`'s over `message`; 0 otherwise. */
int ed25519_fixed_key_verify(const ed25519_fixed_key *key, const uint8_t *message, size_t message_length, const uint8_t signature[64]);

#endif
