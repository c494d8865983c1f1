#!/usr/bin/env bash
# Builds what the Go binding needs and runs its tests (gofmt, go vet, go test -race).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v go >/dev/null 2>&1; then
    echo "test.sh: the go toolchain (1.22 or newer) is required and was not found on PATH" >&2
    exit 1
fi

# The static library (linked by default) and the emulator. The top-level script has built
# them when it sets LICENSESPRING_LIB and LS_EMULATOR; otherwise build them here.
if [[ -z "${LICENSESPRING_LIB:-}" || -z "${LS_EMULATOR:-}" \
      || ! -f "$root/target/debug/liblicensespring.a" ]]; then
    (cd "$root" && cargo build -p licensespring -p ls-emulator)
fi
export LS_EMULATOR="${LS_EMULATOR:-$root/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$root/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$root/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$root/tests/fixtures/emulator-public-key.pem}"

cd "$here"
unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
    echo "test.sh: not gofmt-formatted:" >&2
    echo "$unformatted" >&2
    exit 1
fi
go vet ./...
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
go test -race -count=1 -v ./... 2>&1 | tee "$log" || status=$?
passed="$(grep -cE '^\s*--- PASS' "$log" || true)"
failed="$(grep -cE '^\s*--- FAIL' "$log" || true)"
skipped="$(grep -cE '^\s*--- SKIP' "$log" || true)"
echo "go binding: $passed passed, $failed failed, $skipped skipped"
exit "$status"
