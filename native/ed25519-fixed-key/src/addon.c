/*
 * node's face of ed25519_fixed_key: prepare(publicKey) gives an opaque key (or null when libsodium
 * would refuse the key), verify(key, message, signature) a boolean. Buffers are read in place.
 */
#include <node_api.h>

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

static napi_value prepare(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const uint8_t *public_key;
  size_t length;
  if (argc < 1 || bytes_of(env, argv[0], &public_key, &length) != 0 || length != 32) {
    napi_throw_type_error(env, "ED25519_FIXED_KEY", "prepare(publicKey): publicKey must be 32 bytes");
    return NULL;
  }
  ed25519_fixed_key *key = ed25519_fixed_key_prepare(public_key);
  napi_value result;
  if (!key) {
    CALL(env, napi_get_null(env, &result));
    return result;
  }
  if (napi_create_external(env, key, finalize_key, NULL, &result) != napi_ok) {
    ed25519_fixed_key_free(key);
    return throw_last(env);
  }
  return result;
}

static napi_value verify(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *key = NULL;
  const uint8_t *message, *signature;
  size_t message_length, signature_length;
  napi_valuetype key_type;
  if (argc < 3 || napi_typeof(env, argv[0], &key_type) != napi_ok || key_type != napi_external ||
      napi_get_value_external(env, argv[0], &key) != napi_ok || bytes_of(env, argv[1], &message, &message_length) != 0 ||
      bytes_of(env, argv[2], &signature, &signature_length) != 0) {
    napi_throw_type_error(env, "ED25519_FIXED_KEY", "verify(key, message, signature): a prepared key and two byte arrays");
    return NULL;
  }
  const int valid = signature_length == 64 && ed25519_fixed_key_verify(key, message, message_length, signature);
  napi_value result;
  CALL(env, napi_get_boolean(env, valid, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  if (ed25519_fixed_key_init() != 0) {
    napi_throw_error(env, "ED25519_FIXED_KEY", "the base point's tables could not be built");
    return NULL;
  }
  napi_property_descriptor properties[] = {
      {"prepare", NULL, prepare, NULL, NULL, NULL, napi_enumerable, NULL},
      {"verify", NULL, verify, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CALL(env, napi_define_properties(env, exports, 2, properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
