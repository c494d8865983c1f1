#!/usr/bin/env bash
# Type-checks (and lints) the library for macOS on Linux: cargo clippy --lib --tests for
# x86_64-apple-darwin and aarch64-apple-darwin, with -D warnings. Nothing is linked or run (there
# is no Apple SDK or linker here).
#
# ring's build script compiles its C code even for a check. clang can target macOS, but the
# Apple SDK's headers are missing, so the C is compiled freestanding (-ffreestanding
# -nostdlibinc) against the few stand-in headers in apple-stubs/ (TargetConditionals.h,
# assert.h, string.h, stdlib.h). Those objects are never linked; a real macOS build uses the SDK.
# Installs clang and the Rust targets when missing. Usage: macos-check.sh [CARGO_ARGS...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
stubs="$ROOT/scripts/cross/apple-stubs"

if ! command -v clang >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log="$(mktemp)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q clang >"$log" 2>&1 ||
    { $sudo apt-get update -q >>"$log" 2>&1 &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q clang >>"$log" 2>&1; } ||
    { cat "$log" >&2; exit 1; }
  rm -f "$log"
fi

cd "$ROOT"
for target in x86_64-apple-darwin aarch64-apple-darwin; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target" >/dev/null 2>&1
  var="${target//-/_}"
  echo "==> cargo clippy --target $target"
  env "CC_$var=clang" "CFLAGS_$var=-ffreestanding -nostdlibinc -isystem $stubs" \
    cargo clippy --quiet --target "$target" --lib --tests "$@" -- -D warnings
done
echo "macos-check: 2 passed, 0 failed"
