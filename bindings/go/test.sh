#!/usr/bin/env bash
# Checks the generated layer, builds what the Go binding needs and runs its tests (gofmt, go vet,
# go test -race).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v go >/dev/null 2>&1; then
    echo "test.sh: the go toolchain (1.22 or newer) is required and was not found on PATH" >&2
    exit 1
fi

# The libraries (static linked by default; the shared one for the generator and the README
# examples) and the emulator. The top-level script has built them when it sets
# LICENSESPRING_LIB and LS_EMULATOR; otherwise build them here.
if [[ -z "${LICENSESPRING_LIB:-}" || -z "${LS_EMULATOR:-}" \
      || ! -f "$root/target/debug/liblicensespring.a" || ! -f "$root/target/debug/liblicensespring.so" ]]; then
    echo "test.sh: building the library and ls-emulator"
    (cd "$root" && cargo build --quiet -p licensespring -p ls-emulator)
fi
export LS_EMULATOR="${LS_EMULATOR:-$root/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$root/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$root/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$root/tests/fixtures/emulator-public-key.pem}"

echo "test.sh: checking the generated files"
python3 "$root/tools/bindgen/generate.py" --check --only go

cd "$here"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    echo "test.sh: not gofmt-formatted:" >&2
    echo "$unformatted" >&2
    exit 1
fi
echo "test.sh: go vet"
go vet ./...
echo "test.sh: go test -race"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
go test -race -count=1 -v ./... >"$log" 2>&1 || status=$?
# One line per test; everything on failure.
if [[ "$status" -eq 0 ]]; then
    grep -E '^(--- |ok|PASS)' "$log" || true
else
    cat "$log"
fi
passed="$(grep -cE '^\s*--- PASS' "$log" || true)"
failed="$(grep -cE '^\s*--- FAIL' "$log" || true)"
skipped="$(grep -cE '^\s*--- SKIP' "$log" || true)"
echo "go binding: $passed passed, $failed failed, $skipped skipped"
exit "$status"
