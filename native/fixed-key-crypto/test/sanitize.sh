#!/usr/bin/env bash
# Builds native/fixed-key-crypto's C with AddressSanitizer and UndefinedBehaviorSanitizer and runs
# test/sanitize.c. OpenSSL's headers are node's own; its library is the system's libcrypto.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
node_include="$(node -p "require('path').join(process.execPath, '..', '..', 'include', 'node')")"
libcrypto="$(ls /usr/lib/*/libcrypto.so.3 /usr/lib/libcrypto.so.3 /usr/local/lib/libcrypto.so.3 2>/dev/null | head -1 || true)"
[ -n "$libcrypto" ] || { echo "libcrypto.so.3 not found (Debian: apt-get install libssl3)"; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cc -pthread -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-deprecated-declarations \
  -I"$node_include" -o "$out/sanitize" "$here/test/sanitize.c" "$here/src/ed25519_fixed_key.c" "$here/src/aes_gcm_fixed_key.c" "$libcrypto"
ASAN_OPTIONS=detect_leaks=1 "$out/sanitize"
