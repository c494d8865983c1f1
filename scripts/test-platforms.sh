#!/usr/bin/env bash
# The slower, cross-platform suites, kept out of scripts/test-all.sh so that one stays well under
# 20 minutes, all run on this Linux x86_64 machine:
#   Windows x86_64   licensespring.dll built with mingw-w64; under Wine: the C ABI tests (against
#                    the DLL and the static library), the core's unit tests, an MSVC-style link
#                    of the DLL, and hardware IDs compared with the vendor's generator
#   Linux aarch64    built with gcc-aarch64-linux-gnu; the C ABI tests and the core's unit tests
#                    under qemu-user
#   macOS            a type check (clippy) of x86_64 and arm64; nothing is linked or run
#   packages         scripts/package.sh builds the shipped libraries (glibc 2.17, stripped) and
#                    every binding's artifact into dist/; each bindings/<lang>/test-package.sh
#                    installs its artifact into a fresh project outside the repository and
#                    activates and deactivates a license against ls-emulator
# Installs what it needs (mingw-w64, Wine, clang, lld, the aarch64 cross compiler, qemu-user,
# Rust targets) idempotently. `.ci/run` runs it after the main test command.
# Last line: `platform suites: N passed, N failed`.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
passed=0
failed=0
failures=()
run() { # run NAME COMMAND...
  local name="$1"; shift
  local start=$SECONDS
  echo
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1)); echo "<== $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "<== $name: FAILED ($((SECONDS - start)) s)"
  fi
}

# The Windows builds first (they share one build of the library).
run "C ABI tests on Windows x86_64 (mingw, under Wine)" bash scripts/cross/test-c-windows.sh
run "core unit tests on Windows x86_64 (under Wine)" bash scripts/cross/test-unit-windows.sh
run "the DLL linked the MSVC way (.def import library, lld-link, under Wine)" bash scripts/cross/test-msvc-link.sh
run "hardware IDs equal the vendor generator's (Windows, under Wine)" bash tests/hardware_id/compare-windows.sh
run "C ABI tests on Linux aarch64 (under qemu-user)" bash scripts/cross/test-aarch64.sh c-abi
run "core unit tests on Linux aarch64 (under qemu-user)" bash scripts/cross/test-aarch64.sh unit
run "macOS type check (x86_64, aarch64)" bash scripts/cross/macos-check.sh

# The packages: built once, then each installed the way its users install it.
if run "packages built into dist/ (scripts/package.sh)" bash scripts/package.sh; then
  for lang in cpp python csharp go java node; do
    run "the $lang package installed outside the repository" bash "bindings/$lang/test-package.sh"
  done
fi

echo
echo "total time: $SECONDS s"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "platform suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
