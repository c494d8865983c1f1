#!/usr/bin/env bash
# Checks that the generated layer is current, installs what the Node binding needs (only when
# missing), builds the native library and ls-emulator unless the environment names them, builds
# the addon, checks formatting, type-checks the declarations and runs the tests.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: node and npm are required (Node 18 or newer)" >&2
  exit 1
fi

# The library and the emulator: from the environment, or built here.
if [[ -z "${LICENSESPRING_LIB:-}" || -z "${LS_EMULATOR:-}" ]]; then
  echo "== cargo build (library and ls-emulator)"
  (cd "$repo" && cargo build --quiet -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$repo/target/debug/liblicensespring.so}"
export LS_EMULATOR="${LS_EMULATOR:-$repo/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$repo/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$repo/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$repo/tests/fixtures/emulator-public-key.pem}"
for f in "$LICENSESPRING_LIB" "$LS_EMULATOR" "$LS_EMULATOR_SEED" "$LS_EMULATOR_KEY" "$LS_EMULATOR_PUBLIC_KEY"; do
  if [[ ! -f "$f" ]]; then
    echo "test.sh: missing $f" >&2
    exit 1
  fi
done

echo "== generated layer is current"
python3 "$repo/tools/bindgen/generate.py" --check --only node

# npm dependencies, from package-lock.json, when any is missing.
if [[ ! -f node_modules/node-api-headers/package.json || ! -f node_modules/typescript/package.json \
  || ! -f node_modules/prettier/package.json || ! -d node_modules/@types/node ]]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

echo "== build-addon.sh (the Node-API addon, from the generated src/addon.c)"
bash build-addon.sh

echo "== prettier --check"
node_modules/.bin/prettier --check --log-level warn "lib/**/*.js" "test/**/*.{js,ts}" index.d.ts

echo "== tsc --noEmit"
node_modules/.bin/tsc --noEmit -p tsconfig.json

echo "== node --test"
node --test --test-reporter=./test/support/summary-reporter.js test/*.test.js
