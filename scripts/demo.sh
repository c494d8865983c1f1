#!/usr/bin/env bash
# The demo: builds the library and ls-emulator, starts the emulator with its demo seed, then a C
# program activates a license, prints it, checks it and deactivates it through the C ABI.
set -euo pipefail
source "$(dirname "$0")/env.sh"
build_native
mkdir -p "$ROOT/target/examples"
cc -std=c11 -Wall -Wextra -Werror -I"$ROOT/include" "$ROOT/examples/demo.c" \
  -o "$ROOT/target/examples/demo" -L"$ROOT/target/debug" -llicensespring -Wl,-rpath,"$ROOT/target/debug"
trap stop_emulator EXIT
start_emulator
echo "ls-emulator (demo seed) listening on $EMULATOR_URL"
"$ROOT/target/examples/demo" "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY" "$@"
