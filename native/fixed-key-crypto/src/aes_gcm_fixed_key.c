/* See aes_gcm_fixed_key.h. OpenSSL is node's own: its symbols are the node binary's. */
#include "aes_gcm_fixed_key.h"

#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>

struct aes_gcm_fixed_key {
  EVP_CIPHER_CTX *seal;
  EVP_CIPHER_CTX *open;
};

aes_gcm_fixed_key *aes_gcm_fixed_key_create(const uint8_t key[32]) {
  aes_gcm_fixed_key *k = calloc(1, sizeof(aes_gcm_fixed_key));
  if (!k) return NULL;
  k->seal = EVP_CIPHER_CTX_new();
  k->open = EVP_CIPHER_CTX_new();
  /* The key is set once here; each message then sets only its IV. */
  if (!k->seal || !k->open || EVP_EncryptInit_ex(k->seal, EVP_aes_256_gcm(), NULL, key, NULL) != 1 ||
      EVP_DecryptInit_ex(k->open, EVP_aes_256_gcm(), NULL, key, NULL) != 1) {
    aes_gcm_fixed_key_free(k);
    return NULL;
  }
  return k;
}

void aes_gcm_fixed_key_free(aes_gcm_fixed_key *key) {
  if (!key) return;
  EVP_CIPHER_CTX_free(key->seal);
  EVP_CIPHER_CTX_free(key->open);
  free(key);
}

int aes_gcm_fixed_key_seal(aes_gcm_fixed_key *key, uint8_t *out, const uint8_t *plaintext, size_t length, const uint8_t iv[12]) {
  int written = 0, final_written = 0;
  if (length > INT_MAX) return -1;
  if (EVP_EncryptInit_ex(key->seal, NULL, NULL, NULL, iv) != 1) return -1;
  if (length > 0 && EVP_EncryptUpdate(key->seal, out, &written, plaintext, (int)length) != 1) return -1;
  if (EVP_EncryptFinal_ex(key->seal, out + written, &final_written) != 1) return -1;
  if ((size_t)(written + final_written) != length) return -1;
  return EVP_CIPHER_CTX_ctrl(key->seal, EVP_CTRL_GCM_GET_TAG, 16, out + length) == 1 ? 0 : -1;
}

int aes_gcm_fixed_key_open(aes_gcm_fixed_key *key, uint8_t *out, const uint8_t *ciphertext, size_t length, const uint8_t tag[16], const uint8_t iv[12]) {
  int written = 0, final_written = 0;
  if (length > INT_MAX) return -1;
  if (EVP_DecryptInit_ex(key->open, NULL, NULL, NULL, iv) != 1) return -1;
  if (length > 0 && EVP_DecryptUpdate(key->open, out, &written, ciphertext, (int)length) != 1) return -1;
  if (EVP_CIPHER_CTX_ctrl(key->open, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag) != 1) return -1;
  return EVP_DecryptFinal_ex(key->open, out + written, &final_written) == 1 ? 0 : -1;
}
