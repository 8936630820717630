/*
 * node's face of the two:
 *   ed25519Prepare(publicKey) an opaque key, or null when libsodium would refuse the key;
 *   ed25519Verify(key, message, signature) a boolean;
 *   aesGcmKey(key) an opaque key; aesGcmSeal(key, out, plaintext, iv) writes ciphertext and tag;
 *   aesGcmOpen(key, out, ciphertext, tag, iv) writes the plaintext, false when the tag fails.
 * Buffers are read and written in place. Wrong arguments throw a TypeError.
 */
#include <node_api.h>

#include "aes_gcm_fixed_key.h"
#include "ed25519_fixed_key.h"

#define CALL(env, call)                              \
  do {                                               \
    if ((call) != napi_ok) return throw_last(env);   \
  } while (0)

static napi_value throw_last(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  napi_throw_error(env, "ED25519_FIXED_KEY", info && info->error_message ? info->error_message : "N-API call failed");
  return NULL;
}

/* The bytes of a Buffer, a Uint8Array or another typed array. */
static int bytes_of(napi_env env, napi_value value, const uint8_t **data, size_t *length) {
  bool is_typed_array = false;
  if (napi_is_typedarray(env, value, &is_typed_array) != napi_ok || !is_typed_array) return -1;
  napi_typedarray_type type;
  size_t element_count = 0, offset = 0;
  void *raw = NULL;
  napi_value array_buffer;
  if (napi_get_typedarray_info(env, value, &type, &element_count, &raw, &array_buffer, &offset) != napi_ok) return -1;
  if (type != napi_uint8_array) return -1;
  *data = raw;
  *length = element_count;
  return 0;
}

static void finalize_key(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  ed25519_fixed_key_free(data);
}

static void finalize_aes_key(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  aes_gcm_fixed_key_free(data);
}

/* Each kind of key is tagged, so one is never taken for the other. */
static const napi_type_tag ED25519_KEY_TAG = {0x6564323535313921ULL, 0x7072657061726564ULL};
static const napi_type_tag AES_GCM_KEY_TAG = {0x6165732d67636d21ULL, 0x66697865642d6b79ULL};

/* The external's pointer when `value` is an external tagged `tag`, else NULL. */
static void *external_of(napi_env env, napi_value value, const napi_type_tag *tag) {
  napi_valuetype type;
  bool tagged = false;
  void *data = NULL;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return NULL;
  if (napi_check_object_type_tag(env, value, tag, &tagged) != napi_ok || !tagged) return NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok) return NULL;
  return data;
}

/* An external of `data` tagged `tag`, freed by `finalize`; NULL (an exception pending) on failure. */
static napi_value tagged_external(napi_env env, void *data, napi_finalize finalize, const napi_type_tag *tag) {
  napi_value result;
  if (napi_create_external(env, data, finalize, NULL, &result) != napi_ok) {
    finalize(env, data, NULL);
    return throw_last(env);
  }
  if (napi_type_tag_object(env, result, tag) != napi_ok) return throw_last(env);
  return result;
}

/* The call's one argument as 32 bytes; -1 (a TypeError thrown with `message`) otherwise. */
static int key_argument(napi_env env, napi_callback_info info, const char *code, const char *message, const uint8_t **key) {
  size_t argc = 1, length = 0;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || bytes_of(env, argv[0], key, &length) != 0 || length != 32) {
    napi_throw_type_error(env, code, message);
    return -1;
  }
  return 0;
}

static napi_value prepare(napi_env env, napi_callback_info info) {
  const uint8_t *public_key;
  if (key_argument(env, info, "ED25519_FIXED_KEY", "ed25519Prepare(publicKey): publicKey must be 32 bytes", &public_key) != 0) return NULL;
  ed25519_fixed_key *key = ed25519_fixed_key_prepare(public_key);
  napi_value result;
  if (!key) {
    CALL(env, napi_get_null(env, &result));
    return result;
  }
  return tagged_external(env, key, finalize_key, &ED25519_KEY_TAG);
}

static napi_value verify(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *key = argc >= 3 ? external_of(env, argv[0], &ED25519_KEY_TAG) : NULL;
  const uint8_t *message, *signature;
  size_t message_length, signature_length;
  if (!key || bytes_of(env, argv[1], &message, &message_length) != 0 ||
      bytes_of(env, argv[2], &signature, &signature_length) != 0) {
    napi_throw_type_error(env, "ED25519_FIXED_KEY", "ed25519Verify(key, message, signature): a prepared key and two byte arrays");
    return NULL;
  }
  const int valid = signature_length == 64 && ed25519_fixed_key_verify(key, message, message_length, signature);
  napi_value result;
  CALL(env, napi_get_boolean(env, valid, &result));
  return result;
}

static napi_value aes_gcm_key(napi_env env, napi_callback_info info) {
  const uint8_t *raw;
  if (key_argument(env, info, "AES_GCM_FIXED_KEY", "aesGcmKey(key): key must be 32 bytes", &raw) != 0) return NULL;
  aes_gcm_fixed_key *key = aes_gcm_fixed_key_create(raw);
  if (!key) {
    napi_throw_error(env, "AES_GCM_FIXED_KEY", "OpenSSL could not set up the AES-256-GCM key");
    return NULL;
  }
  return tagged_external(env, key, finalize_aes_key, &AES_GCM_KEY_TAG);
}

static napi_value aes_gcm_seal(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *key = argc >= 4 ? external_of(env, argv[0], &AES_GCM_KEY_TAG) : NULL;
  const uint8_t *out, *plaintext, *iv;
  size_t out_length, plaintext_length, iv_length;
  if (!key || bytes_of(env, argv[1], &out, &out_length) != 0 || bytes_of(env, argv[2], &plaintext, &plaintext_length) != 0 ||
      bytes_of(env, argv[3], &iv, &iv_length) != 0 || iv_length != 12 || out_length != plaintext_length + 16) {
    napi_throw_type_error(env, "AES_GCM_FIXED_KEY", "aesGcmSeal(key, out, plaintext, iv): a key, out of plaintext's length + 16, plaintext, a 12-byte iv");
    return NULL;
  }
  napi_value result;
  CALL(env, napi_get_boolean(env, aes_gcm_fixed_key_seal(key, (uint8_t *)out, plaintext, plaintext_length, iv) == 0, &result));
  return result;
}

static napi_value aes_gcm_open(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *key = argc >= 5 ? external_of(env, argv[0], &AES_GCM_KEY_TAG) : NULL;
  const uint8_t *out, *ciphertext, *tag, *iv;
  size_t out_length, ciphertext_length, tag_length, iv_length;
  if (!key || bytes_of(env, argv[1], &out, &out_length) != 0 || bytes_of(env, argv[2], &ciphertext, &ciphertext_length) != 0 ||
      bytes_of(env, argv[3], &tag, &tag_length) != 0 || bytes_of(env, argv[4], &iv, &iv_length) != 0 || tag_length != 16 || iv_length != 12 ||
      out_length != ciphertext_length) {
    napi_throw_type_error(env, "AES_GCM_FIXED_KEY", "aesGcmOpen(key, out, ciphertext, tag, iv): a key, out of ciphertext's length, ciphertext, a 16-byte tag, a 12-byte iv");
    return NULL;
  }
  napi_value result;
  CALL(env, napi_get_boolean(env, aes_gcm_fixed_key_open(key, (uint8_t *)out, ciphertext, ciphertext_length, tag, iv) == 0, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  /* The base point's table is built by the first ed25519Prepare, not here: a process that only seals pays nothing for it. */
  napi_property_descriptor properties[] = {
      {"ed25519Prepare", NULL, prepare, NULL, NULL, NULL, napi_enumerable, NULL},
      {"ed25519Verify", NULL, verify, NULL, NULL, NULL, napi_enumerable, NULL},
      {"aesGcmKey", NULL, aes_gcm_key, NULL, NULL, NULL, napi_enumerable, NULL},
      {"aesGcmSeal", NULL, aes_gcm_seal, NULL, NULL, NULL, napi_enumerable, NULL},
      {"aesGcmOpen", NULL, aes_gcm_open, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
