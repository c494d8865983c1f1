#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600), two at a time, with the saved corpus;
# new inputs that add coverage are written back to corpus/<target>/.
# Needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
cargo +nightly fuzz build -O
run() {
  cargo +nightly fuzz run -O "$1" "corpus/$1" -- -max_total_time="$seconds" -print_final_stats=1 \
    >"target/$1.log" 2>&1
  grep -E "stat::number_of_executed_units|Done|ERROR|SUMMARY" "target/$1.log" | sed "s/^/$1: /"
}
run license_json & run error_body & wait
run signature_header & run request_building & wait
run store_file & run offline_license & wait
