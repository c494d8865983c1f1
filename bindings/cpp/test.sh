#!/usr/bin/env bash
# Builds the C++ wrapper's tests and runs them with CTest against ls-emulator.
# First checks that the generated headers are current (tools/bindgen). Installs cmake, g++,
# pkg-config, GoogleTest, nlohmann-json and OpenSSL's headers when missing; builds the native
# library and the emulator when the environment does not point at them. Exits non-zero on any failure.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

need_apt() { # need_apt PACKAGE...: installs the packages that are not installed yet
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; }
}
command -v cmake >/dev/null 2>&1 || need_apt cmake
command -v g++ >/dev/null 2>&1 || need_apt g++
command -v pkg-config >/dev/null 2>&1 || need_apt pkg-config
[ -f /usr/include/gtest/gtest.h ] || need_apt libgtest-dev
[ -f /usr/include/nlohmann/json.hpp ] || need_apt nlohmann-json3-dev
[ -f /usr/include/openssl/hmac.h ] || need_apt libssl-dev

if [ -z "${LICENSESPRING_LIB:-}" ] || [ -z "${LS_EMULATOR:-}" ]; then
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  (cd "$ROOT" && cargo build --quiet -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$ROOT/target/debug/liblicensespring.so}"
export LS_EMULATOR="${LS_EMULATOR:-$ROOT/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$ROOT/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$ROOT/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$ROOT/tests/fixtures/emulator-public-key.pem}"

echo "checking that the generated headers are current"
python3 "$ROOT/tools/bindgen/generate.py" --check --only cpp

BUILD="$HERE/build"
echo "building the tests in $BUILD"
cmake -S "$HERE" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DLICENSESPRING_LIBRARY="$LICENSESPRING_LIB" >/dev/null
cmake --build "$BUILD" -j 2 -- --no-print-directory | grep -Ev '^\[ *[0-9]+%\] (Building|Linking)' || true
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed"; exit 1; }
cd "$BUILD"
ctest --output-on-failure -j 2 --timeout 120
