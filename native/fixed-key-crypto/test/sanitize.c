/*
 * The addon's C under AddressSanitizer and UndefinedBehaviorSanitizer, without node: RFC 8032's
 * vectors hold, every one-bit change of a signature, message or key fails, S + L fails, and the GCM
 * specification's test case 15 seals to its bytes and refuses a changed tag. Run by
 * native/fixed-key-crypto/test/sanitize.sh (npm run test:native).
 */
#include <stdio.h>
#include <string.h>

#include "../src/aes_gcm_fixed_key.h"
#include "../src/ed25519_fixed_key.h"

static int failures = 0;

static void check(int ok, const char *what) {
  if (!ok) {
    failures++;
    fprintf(stderr, "FAILED: %s\n", what);
  }
}

static size_t hex(uint8_t *out, const char *text) {
  size_t n = strlen(text) / 2;
  for (size_t i = 0; i < n; i++) sscanf(text + 2 * i, "%2hhx", &out[i]);
  return n;
}

static const char *VECTORS[][3] = {
    {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72", "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82", "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

/* L, little-endian (RFC 8032 5.1). */
static const char *ORDER = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

static void ed25519(void) {
  check(ed25519_fixed_key_init() == 0, "init");
  for (size_t v = 0; v < sizeof(VECTORS) / sizeof(VECTORS[0]); v++) {
    uint8_t pk[32], message[8], signature[64], order[32];
    hex(pk, VECTORS[v][0]);
    const size_t length = hex(message, VECTORS[v][1]);
    hex(signature, VECTORS[v][2]);
    hex(order, ORDER);
    ed25519_fixed_key *key = ed25519_fixed_key_prepare(pk);
    check(key != NULL, "prepare an RFC 8032 key");
    if (!key) continue;
    check(ed25519_fixed_key_verify(key, message, length, signature) == 1, "an RFC 8032 vector verifies");
    for (int bit = 0; bit < 512; bit++) {
      signature[bit / 8] ^= (uint8_t)(1 << (bit % 8));
      check(ed25519_fixed_key_verify(key, message, length, signature) == 0, "a signature with one bit changed fails");
      signature[bit / 8] ^= (uint8_t)(1 << (bit % 8));
    }
    for (size_t bit = 0; bit < length * 8; bit++) {
      message[bit / 8] ^= (uint8_t)(1 << (bit % 8));
      check(ed25519_fixed_key_verify(key, message, length, signature) == 0, "a message with one bit changed fails");
      message[bit / 8] ^= (uint8_t)(1 << (bit % 8));
    }
    uint8_t plus_order[64];
    memcpy(plus_order, signature, 64);
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
      const unsigned sum = plus_order[32 + i] + order[i] + carry;
      plus_order[32 + i] = (uint8_t)sum;
      carry = sum >> 8;
    }
    check(ed25519_fixed_key_verify(key, message, length, plus_order) == 0, "S + L fails");
    for (int bit = 0; bit < 256; bit++) {
      uint8_t other[32];
      memcpy(other, pk, 32);
      other[bit / 8] ^= (uint8_t)(1 << (bit % 8));
      ed25519_fixed_key *changed = ed25519_fixed_key_prepare(other);
      if (changed) check(ed25519_fixed_key_verify(changed, message, length, signature) == 0, "another key fails");
      ed25519_fixed_key_free(changed);
    }
    ed25519_fixed_key_free(key);
  }
  uint8_t identity[32] = {1};
  check(ed25519_fixed_key_prepare(identity) == NULL, "the identity is refused as a key");
}

static void aes_gcm(void) {
  uint8_t key[32], iv[12], plaintext[64], ciphertext[64], tag[16], out[80], opened[64];
  hex(key, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  hex(iv, "cafebabefacedbaddecaf888");
  hex(plaintext, "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
  hex(ciphertext, "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad");
  hex(tag, "b094dac5d93471bdec1a502270e3cc6c");
  aes_gcm_fixed_key *k = aes_gcm_fixed_key_create(key);
  check(k != NULL, "AES key");
  if (!k) return;
  for (int round = 0; round < 3; round++) {
    check(aes_gcm_fixed_key_seal(k, out, plaintext, 64, iv) == 0, "seal");
    check(memcmp(out, ciphertext, 64) == 0 && memcmp(out + 64, tag, 16) == 0, "test case 15's bytes");
    check(aes_gcm_fixed_key_open(k, opened, out, 64, out + 64, iv) == 0 && memcmp(opened, plaintext, 64) == 0, "opens");
    out[70] ^= 1;
    check(aes_gcm_fixed_key_open(k, opened, out, 64, out + 64, iv) != 0, "a changed tag fails");
  }
  check(aes_gcm_fixed_key_seal(k, out, plaintext, 0, iv) == 0, "an empty message seals");
  aes_gcm_fixed_key_free(k);
}

int main(void) {
  ed25519();
  aes_gcm();
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("fixed-key-crypto: every check held under the sanitizers\n");
  return 0;
}
