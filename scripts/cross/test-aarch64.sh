#!/usr/bin/env bash
# Linux aarch64, on this x86_64 machine: cross-builds the library (debug profile) with Debian's
# gcc-aarch64-linux-gnu for aarch64-unknown-linux-gnu, builds the C tests tests/c/test_abi.c (the
# client) and tests/c/test_store.c (the local license store) for aarch64, each against the shared
# and the static library, and runs them under qemu-user (qemu-aarch64 -L /usr/aarch64-linux-gnu)
# against the x86_64 ls-emulator on 127.0.0.1 (a fresh one per run); then
# runs the core's unit tests (cargo test --lib) under the same qemu.
# Usage: test-aarch64.sh [c-abi|unit]   (both when no argument is given)
# Installs gcc-aarch64-linux-gnu, qemu-user, libc6-arm64-cross and the Rust target when missing.
# The cross linker is set through the environment only: native builds are not affected.
set -euo pipefail
part="${1:-all}"
case "$part" in all | c-abi | unit) ;; *) echo "usage: $0 [c-abi|unit]" >&2; exit 2 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
cd "$ROOT"

TARGET=aarch64-unknown-linux-gnu
SYSROOT=/usr/aarch64-linux-gnu
A64_CC=aarch64-linux-gnu-gcc

quiet() { # quiet COMMAND...: output only on failure
  local log; log="$(mktemp)"
  if "$@" >"$log" 2>&1; then rm -f "$log"; else
    local rc=$?; cat "$log" >&2; rm -f "$log"; echo "failed ($rc): $*" >&2; return "$rc"; fi
}
apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive quiet $sudo apt-get install -y -q "$@" ||
    { quiet $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive quiet $sudo apt-get install -y -q "$@"; }
}

ensure_rust
{ command -v "$A64_CC" >/dev/null && command -v qemu-aarch64 >/dev/null &&
  [ -f "$SYSROOT/lib/ld-linux-aarch64.so.1" ]; } ||
  apt_install gcc-aarch64-linux-gnu qemu-user libc6-arm64-cross libc6-dev-arm64-cross
rustup target list --installed | grep -qx "$TARGET" || quiet rustup target add "$TARGET"

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="$A64_CC"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L $SYSROOT"
export CC_aarch64_unknown_linux_gnu="$A64_CC"
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
QEMU=(qemu-aarch64 -L "$SYSROOT")

c_abi() {
  local start=$SECONDS
  echo "building licensespring for $TARGET (debug)"
  cargo build --quiet --target "$TARGET" -p licensespring
  cargo build --quiet -p ls-emulator # the x86_64 emulator the aarch64 programs talk to
  echo "built in $((SECONDS - start)) s"

  lib_dir="$ROOT/target/$TARGET/debug"
  so="$lib_dir/liblicensespring.so"
  echo "file: $(file -b "$so")"
  file -b "$so" | grep -q 'ELF 64-bit LSB shared object, ARM aarch64' ||
    { echo "test-aarch64: $so is not an aarch64 shared object"; exit 1; }
  foreign="$(aarch64-linux-gnu-nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^ls_' || true)"
  [ -z "$foreign" ] || { echo "test-aarch64: symbols other than ls_* are exported:"; echo "$foreign"; exit 1; }

  out="$ROOT/target/c-tests/$TARGET"
  mkdir -p "$out"
  cflags=(-std=c11 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/include")
  local tests=(test_abi test_store) t
  for t in "${tests[@]}"; do
    echo "== building tests/c/$t.c for aarch64"
    "$A64_CC" "${cflags[@]}" "tests/c/$t.c" -o "$out/${t}_shared" \
      -L"$lib_dir" -llicensespring -Wl,-rpath,"$lib_dir" -lpthread
    "$A64_CC" "${cflags[@]}" "tests/c/$t.c" -o "$out/${t}_static" \
      "$lib_dir/liblicensespring.a" -lpthread -ldl -lm
  done

  echo "qemu: $(qemu-aarch64 --version | head -n 1)"
  trap stop_emulator EXIT
  for variant in shared static; do
    for t in "${tests[@]}"; do
      start_emulator
      echo "== C ABI tests under qemu-aarch64: $t ($variant)"
      local t0=$SECONDS
      "${QEMU[@]}" "$out/${t}_$variant" "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY"
      stop_emulator
      echo "($((SECONDS - t0)) s)"
    done
  done
}

unit() {
  echo "== the core's unit tests under qemu-aarch64"
  local t0=$SECONDS
  cargo test --quiet --target "$TARGET" -p licensespring --lib
  echo "($((SECONDS - t0)) s)"
}

case "$part" in
  c-abi) c_abi ;;
  unit) unit ;;
  all) c_abi; unit ;;
esac
