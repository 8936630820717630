/*
 * AES-256-GCM with a 12-byte IV and a 16-byte tag, no associated data, for one key set up once:
 * node's createCipheriv builds a cipher context (and the key's schedule) for every message. The
 * bytes are OpenSSL's, the same that createCipheriv('aes-256-gcm') gives.
 */
#ifndef AES_GCM_FIXED_KEY_H
#define AES_GCM_FIXED_KEY_H

#include <stddef.h>
#include <stdint.h>

typedef struct aes_gcm_fixed_key aes_gcm_fixed_key;

/* NULL when OpenSSL could not set the key up. */
aes_gcm_fixed_key *aes_gcm_fixed_key_create(const uint8_t key[32]);

void aes_gcm_fixed_key_free(aes_gcm_fixed_key *key);

/* Writes `length` bytes of ciphertext and then the 16-byte tag into `out`. 0 on success. */
int aes_gcm_fixed_key_seal(aes_gcm_fixed_key *key, uint8_t *out, const uint8_t *plaintext, size_t length, const uint8_t iv[12]);

/* Writes `length` bytes of plaintext into `out`; 0 when the tag holds, -1 otherwise (out is then garbage). */
int aes_gcm_fixed_key_open(aes_gcm_fixed_key *key, uint8_t *out, const uint8_t *ciphertext, size_t length, const uint8_t tag[16], const uint8_t iv[12]);

#endif
