{
  "targets": [
    {
      "target_name": "fixed_key_crypto",
      "sources": ["src/ed25519_fixed_key.c", "src/aes_gcm_fixed_key.c", "src/addon.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-deprecated-declarations"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
