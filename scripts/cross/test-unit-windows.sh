#!/usr/bin/env bash
# The core's unit tests (cargo test --lib) built for x86_64-pc-windows-gnu and run under Wine,
# with the test-only bcryptprimitives.dll stand-in next to the test program (windows-env.sh).
# Three tests are Linux-only and not built for Windows (SIGPIPE handling, /etc/machine-id).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
source "$here/windows-env.sh" || { echo "test-unit-windows: no Windows build environment"; exit 1; }
cd "$ROOT"
ensure_rust
deps="$ROOT/target/$WIN_TARGET/debug/deps"
mkdir -p "$deps"
win_standin_into "$deps"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
# Wine's note that it cannot read the volume serial of Z: (the Linux root) is not test output.
cargo test --quiet --target "$WIN_TARGET" -p licensespring --lib \
  2> >(grep -v 'FS volume label and serial are not available' >&2)
wineserver --wait >/dev/null 2>&1 || true
