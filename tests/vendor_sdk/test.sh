#!/usr/bin/env bash
# Drives the vendor's own SDKs, unmodified, against ls-emulator: the Python SDK (PyPI
# licensespring==4.0.0, pytest) and the Node SDK (npm @licensespring/node-sdk@1.4.17,
# node --test), each through every scenario of scenarios.json and scenarios_accounts.json, their
# OAuth client-credentials modes and their own offline request files, on a fresh emulator (demo
# seed, fixed test key, --clock-control, 127.0.0.1 on a free port). Installs the SDKs under target/
# only when missing. Nothing here talks to anything but loopback.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
cd "$ROOT"

venv="$ROOT/target/vendor-venv"
node_dir="$ROOT/target/vendor-node"

# The Python SDK and pytest, in their own virtual environment.
ensure_apt python3 python3
if [[ ! -x "$venv/bin/python" ]]; then
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian keeps the venv module in its own package.
    rm -rf "$venv"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -q python3-venv >/dev/null 2>&1 ||
      { $sudo_cmd apt-get update -q >/dev/null 2>&1 && $sudo_cmd apt-get install -y -q python3-venv >/dev/null; }
    python3 -m venv "$venv"
  fi
fi
if ! "$venv/bin/python" -c 'import importlib.metadata as m, pytest; assert m.version("licensespring") == "4.0.0"' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "licensespring==4.0.0" pytest
fi

# The Node SDK.
ensure_apt node nodejs
ensure_apt npm npm
if ! node -e 'process.exit(require(process.argv[1]).version === "1.4.17" ? 0 : 1)' \
    "$node_dir/node_modules/@licensespring/node-sdk/package.json" 2>/dev/null; then
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --silent "@licensespring/node-sdk@1.4.17"
fi

cargo build --quiet -p ls-emulator

trap stop_emulator EXIT
status=0

start_emulator --clock-control
EMULATOR_URL="$EMULATOR_URL" "$venv/bin/python" -m pytest -q -p no:cacheprovider \
  --rootdir "$here" "$here" || status=1
stop_emulator

start_emulator --clock-control
EMULATOR_URL="$EMULATOR_URL" VENDOR_NODE_MODULES="$node_dir/node_modules" \
  node --test "$here/node/test_node_sdk.js" "$here/node/test_node_sdk_accounts.js" || status=1
stop_emulator

exit "$status"
