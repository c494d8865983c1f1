#!/usr/bin/env bash
# The slower, cross-platform suites, kept out of scripts/test-all.sh so that one stays well under
# 20 minutes: Windows (the .dll built with mingw, run under Wine), and the macOS type check.
# Installs what it needs (mingw-w64, Wine, Rust targets) idempotently. `.ci/run` runs it after
# the main test command. Last line: `platform suites: N passed, N failed`.
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

run "hardware IDs equal the vendor generator's (Windows, under Wine)" bash tests/hardware_id/compare-windows.sh
run "macOS type check (x86_64, aarch64)" bash scripts/cross/macos-check.sh

echo
echo "total time: $SECONDS s"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "platform suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
