#!/usr/bin/env bash
# Runs every test in the repository: formatting and lints, the Rust unit and integration tests
# (core and ls-emulator), the C ABI tests (shared, static, sanitizers), and each language
# binding's own test suite. Installs what is missing, idempotently. Exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

BINDINGS=(cpp python csharp go java node)
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

header_is_committed() {
  # build.rs regenerates the header; in a checkout it must equal what is committed.
  if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$ROOT" diff --exit-code -- include/licensespring.h
  fi
}

build_native || { echo "build failed"; exit 1; }
rustup component add rustfmt clippy >/dev/null 2>&1 || true

run "header matches the Rust sources" header_is_committed
run "cargo fmt --check" cargo fmt --all -- --check
run "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
run "cargo test (core and emulator)" cargo test --workspace
run "generated wrapper layers current; a stale one is caught" \
  bash -c 'python3 tools/bindgen/generate.py --check && python3 tools/bindgen/selftest.py'
run "C ABI tests" bash scripts/test-c.sh
run "hardware IDs equal the vendor generator's (Linux)" bash tests/hardware_id/compare-linux.sh
run "vendor SDKs against ls-emulator" bash tests/vendor_sdk/test.sh
for b in "${BINDINGS[@]}"; do
  if [ -x "bindings/$b/test.sh" ]; then
    run "bindings/$b" bash "bindings/$b/test.sh"
  else
    failed=$((failed + 1)); failures+=("bindings/$b (no test.sh)")
  fi
done

echo
echo "total time: $SECONDS s"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
