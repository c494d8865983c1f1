#!/usr/bin/env bash
# C ABI tests on Windows x86_64, run under Wine on this Linux machine.
#
# Builds licensespring.dll (debug profile) with mingw-w64 for x86_64-pc-windows-gnu, checks that
# `file` calls it a PE32+ DLL, that it imports only Windows system DLLs and exports only ls_*
# functions, builds the C tests tests/c/test_abi.c (the client) and tests/c/test_store.c (the
# local license store) with mingw (-Wall -Wextra -Werror), each once against the import library
# (liblicensespring.dll.a) and once against the static library (liblicensespring.a), and runs all
# four under Wine against a Linux ls-emulator on 127.0.0.1 (a fresh one per run). Each run must
# end with "0 failed".
#
# Wine 8.0 lacks bcryptprimitives.dll, which Rust's standard library imports; the test-only
# stand-in from scripts/cross/bcryptprimitives.c is copied next to the test programs (see
# windows-env.sh). It is never shipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
source "$here/windows-env.sh" || { echo "test-c-windows: no Windows build environment"; exit 1; }
cd "$ROOT"

ensure_rust
start=$SECONDS
echo "building licensespring for $WIN_TARGET (debug)"
cargo build --quiet --target "$WIN_TARGET" -p licensespring
# The Linux emulator the Windows programs talk to (normally built already by the main tests).
cargo build --quiet -p ls-emulator
echo "built in $((SECONDS - start)) s"

lib_dir="$ROOT/target/$WIN_TARGET/debug"
dll="$lib_dir/licensespring.dll"
implib="$lib_dir/liblicensespring.dll.a"
staticlib="$lib_dir/liblicensespring.a"
for f in "$dll" "$implib" "$staticlib"; do
  [ -f "$f" ] || { echo "test-c-windows: $f was not built"; exit 1; }
done

echo "== the DLL"
kind="$(file -b "$dll")"
echo "file: $kind"
case "$kind" in
  "PE32+ executable (DLL)"*x86-64*) ;;
  *) echo "test-c-windows: not a PE32+ x86-64 DLL"; exit 1 ;;
esac
objdump=x86_64-w64-mingw32-objdump
imports="$($objdump -p "$dll" | sed -n 's/^[[:space:]]*DLL Name: //p' | sort -fu)"
echo "imports: $(echo $imports)"
# Windows' own DLLs only: nothing from the mingw runtime (libgcc_s, libwinpthread, libstdc++)
# or anything else that would have to be shipped beside licensespring.dll.
# (bcryptprimitives.dll is a system DLL on every supported Windows; Wine 8.0 lacks it.)
system_dlls='^(kernel32|advapi32|ntdll|ws2_32|userenv|bcrypt|bcryptprimitives|crypt32|ncrypt|secur32|ole32|oleaut32|propsys|msvcrt|ucrtbase|api-ms-win-[a-z0-9-]+)\.dll$'
foreign="$(echo "$imports" | grep -viE "$system_dlls" || true)"
[ -z "$foreign" ] || { echo "test-c-windows: imports a DLL that is not part of Windows:"; echo "$foreign"; exit 1; }
exports="$($objdump -p "$dll" | awk '/^\[Ordinal\/Name Pointer\] Table/ {t = 1; next} t && /^\t\[/ {print $NF} t && /^$/ {t = 0}')"
other="$(echo "$exports" | grep -v '^ls_' || true)"
[ -z "$other" ] || { echo "test-c-windows: exports other than ls_*:"; echo "$other"; exit 1; }
n_exports="$(echo "$exports" | grep -c '^ls_')"
echo "exports: $n_exports ls_* functions, nothing else"
if [ -f "$LICENSESPRING_LIB" ]; then
  n_linux="$(nm -D --defined-only "$LICENSESPRING_LIB" | grep -c ' ls_')"
  [ "$n_exports" -eq "$n_linux" ] || { echo "test-c-windows: $n_exports exports, the Linux library has $n_linux"; exit 1; }
fi

run_dir="$ROOT/target/wine/c-abi"
mkdir -p "$run_dir"
cflags=(-std=c11 -g -Wall -Wextra -Werror -I"$ROOT/include")
tests=(test_abi test_store)
for t in "${tests[@]}"; do
  echo "== building tests/c/$t.c with mingw"
  # Against the import library: the program loads licensespring.dll from its own folder.
  "$WIN_CC" "${cflags[@]}" "tests/c/$t.c" -o "$run_dir/${t}_shared.exe" "$implib" -lws2_32
  # Against the static library, with the Windows system libraries that Rust's standard library
  # and the library's dependencies call into (mingw's import libraries for them).
  "$WIN_CC" "${cflags[@]}" "tests/c/$t.c" -o "$run_dir/${t}_static.exe" "$staticlib" \
    -lws2_32 -ladvapi32 -lkernel32 -lntdll -luserenv -lbcrypt -lcrypt32 -lsecur32 -lole32 \
    -loleaut32 -lpropsys
done
cp -f "$dll" "$run_dir/"
cp -f "$LS_EMULATOR_PUBLIC_KEY" "$run_dir/emulator-public-key.pem"
win_standin_into "$run_dir"

echo "Wine: $(wine --version), prefix $WINEPREFIX"
trap stop_emulator EXIT

# run_test T VARIANT: one run against a fresh emulator; prints its log; true when it passed.
# Leaves the log in $out.
run_test() {
  local rc=0 t0=$SECONDS summary
  out="$run_dir/${1}_$2.log"
  start_emulator
  win_run "$run_dir/${1}_$2.exe" "$EMULATOR_URL" emulator-public-key.pem >"$out" 2>&1 || rc=$?
  stop_emulator
  tr -d '\r' <"$out"
  # The last line: "c-abi: N passed, N failed" (test_abi), "c-store: ..." (test_store).
  summary="$(tr -d '\r' <"$out" | grep -E '^c-(abi|store): ' | tail -n 1)"
  echo "(exit status $rc, $((SECONDS - t0)) s)"
  [ "$rc" -eq 0 ] && echo "$summary" | grep -q ' 0 failed$'
}

failed=0
for variant in shared static; do
  for t in "${tests[@]}"; do
    echo "== C ABI tests under Wine: $t ($variant)"
    run_test "$t" "$variant" && continue
    # Under Wine, one call among the 16 threads sharing a client has twice been stuck until its
    # timeout (2 of about 10 runs, never natively or under qemu; docs/PLATFORMS.md). Such a run
    # is repeated once, in full, with its first log kept above; any other failure is final.
    if grep -qE '^thread [0-9]+ call [0-9]+: LS_ERR_TIMEOUT ' "$out" &&
      [ "$(grep -c 'CHECK failed' "$out")" -eq 1 ]; then
      echo "test-c-windows: the $t $variant run failed only on a call that timed out; running it again"
      run_test "$t" "$variant" && continue
    fi
    echo "test-c-windows: the $t $variant run failed"; failed=$((failed + 1))
  done
done
wineserver --wait >/dev/null 2>&1 || true
[ "$failed" -eq 0 ]
