{
  "targets": [
    {
      "target_name": "ed25519_fixed_key",
      "sources": ["src/ed25519_fixed_key.c", "src/addon.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-deprecated-declarations"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
