#!/usr/bin/env bash
# C ABI tests: tests/c/test_abi.c and tests/c/test_store.c built with -Wall -Wextra -Werror, linked once against the
# shared and once against the static library, then run again under AddressSanitizer and
# UndefinedBehaviorSanitizer (leak checking on) and under valgrind. Each run gets a fresh emulator.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ -f "$LICENSESPRING_LIB" ] || build_native

out="$ROOT/target/c-tests"
mkdir -p "$out"
cflags=(-std=c11 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/include")
# test_abi.c: every function of the client; test_store.c: the local license store (ls_store_*).
tests=(test_abi test_store)
for t in "${tests[@]}"; do
  cc "${cflags[@]}" "$ROOT/tests/c/$t.c" -o "$out/${t}_shared" \
    -L"$ROOT/target/debug" -llicensespring -Wl,-rpath,"$ROOT/target/debug" -lpthread
  cc "${cflags[@]}" "$ROOT/tests/c/$t.c" -o "$out/${t}_static" \
    "$LICENSESPRING_STATIC_LIB" -lpthread -ldl -lm
  cc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
    "$ROOT/tests/c/$t.c" -o "$out/${t}_asan" "$LICENSESPRING_STATIC_LIB" -lpthread -ldl -lm
done
# The header must also compile as C++ (it is included by the C++ wrapper).
echo '#include "licensespring.h"' | c++ -x c++ -std=c++17 -Wall -Wextra -Werror -I"$ROOT/include" -fsyntax-only -

trap stop_emulator EXIT
for variant in shared static asan; do
  for t in "${tests[@]}"; do
    start_emulator
    echo "== C ABI tests: $t ($variant)"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
      "$out/${t}_$variant" "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY"
    stop_emulator
  done
done

# valgrind (memcheck, leaks): everything but the 16-thread and multi-megabyte tests, which are
# slow under valgrind and covered by the sanitizer run above.
ensure_apt valgrind valgrind
for t in "${tests[@]}"; do
  start_emulator
  echo "== C ABI tests: $t (valgrind)"
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --error-exitcode=99 \
    "$out/${t}_shared" "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY" quick
  stop_emulator
done

# The README's C quick start, extracted and built as the README says, run twice in a row (it
# deactivates what it activates) against an emulator started the README's way.
echo "== README quick start"
python3 - "$ROOT/README.md" "$out/quick.c" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
section = text[text.index("## Quick start in C"):]
open(sys.argv[2], "w").write(re.search(r"```c\n(.*?)```", section, re.S).group(1))
PY
(cd "$ROOT" && cc "$out/quick.c" -Iinclude -Ltarget/debug -llicensespring -Wl,-rpath,$PWD/target/debug \
  -Wall -Wextra -Werror -o "$out/quick")
start_emulator --public-key-out "$out/emulator-public.pem"
for run in 1 2; do
  LS_BASE_URL="$EMULATOR_URL" LS_EMULATOR_PUBLIC_KEY="$out/emulator-public.pem" "$out/quick"
done
stop_emulator

echo "== exported symbols"
foreign="$(nm -D --defined-only "$LICENSESPRING_LIB" | awk '{print $3}' | grep -v '^ls_' || true)"
if [ -n "$foreign" ]; then
  echo "symbols other than ls_* are exported:"; echo "$foreign"; exit 1
fi
echo "only ls_* symbols exported ($(nm -D --defined-only "$LICENSESPRING_LIB" | grep -c ' ls_'))"
