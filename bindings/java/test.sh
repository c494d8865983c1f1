#!/usr/bin/env bash
# Checks the generated layer, builds the native library and ls-emulator if needed, then runs the
# Java wrapper's tests.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

# Java 17+ and Maven, installed only when missing.
if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  echo "installing a JDK and Maven" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

# The native library and the emulator: taken from the environment, else built with cargo.
if [ -z "${LICENSESPRING_LIB:-}" ] || [ -z "${LS_EMULATOR:-}" ]; then
  (cd "$repo" && cargo build -q -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$repo/target/debug/liblicensespring.so}"

# A stale generated file fails the suite before anything else runs.
if ! python3 "$repo/tools/bindgen/generate.py" --check --only java; then
  echo "java: FAILED (generated files are stale)"
  exit 1
fi

export LS_EMULATOR="${LS_EMULATOR:-$repo/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$repo/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$repo/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$repo/tests/fixtures/emulator-public-key.pem}"

cd "$here"
# Classes of deleted or renamed sources would otherwise still be found and run.
rm -rf target/surefire-reports target/classes target/test-classes
# (Debian's Maven prints bare ANSI resets even in quiet batch mode; they are dropped.)
set +e
mvn -q -B test 2>&1 | sed -u 's/\x1b\[0m//g'
status=${PIPESTATUS[0]}
set -e

# Totals from Surefire's reports.
shopt -s nullglob
reports=(target/surefire-reports/TEST-*.xml)
if [ ${#reports[@]} -gt 0 ]; then
  sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)" errors="\([0-9]*\)" skipped="\([0-9]*\)" failures="\([0-9]*\)".*/\1 \2 \3 \4/p' \
    "${reports[@]}" |
    awk '{t+=$1; e+=$2; s+=$3; f+=$4} END {printf "java: tests run: %d, failures: %d, errors: %d, skipped: %d\n", t, f, e, s}'
fi
if [ "$status" -ne 0 ]; then
  echo "java: FAILED (mvn exit status $status)"
else
  echo "java: OK"
fi
exit "$status"
