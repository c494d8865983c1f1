#!/usr/bin/env bash
# Compares this library's Windows hardware IDs with the vendor's Windows generator, under Wine.
#
# Installs the Windows cross-build and Wine environment (scripts/cross/windows-env.sh), builds
# this library for x86_64-pc-windows-gnu (the DLL, and tests/hardware_id/main.rs as a Windows
# program), downloads the vendor generator's win_amd64 wheel with pip (cached under target/),
# builds vendor_windows.c with mingw, runs both under Wine on this machine and compares
# algorithms 0-4 (compare.py). Algorithm 5 (cloud platforms) is never called.
#
# Then again without the registry value MachineGuid (put back afterwards), and, as root with
# unshare(1), with another machine ID (from which Wine makes the computer system product UUID)
# and with stand-in DMI files (from which Wine reads the base board), in private mount
# namespaces: nothing on the machine changes. Exits non-zero on any difference where the vendor
# answers.
set -uo pipefail
source "$(dirname "$0")/common.sh"
source "$HWID_ROOT/scripts/cross/windows-env.sh" || { echo "compare-windows: no Windows build environment"; exit 1; }

run_dir="$HWID_ROOT/target/wine/hardware-id"
mkdir -p "$run_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building this library for $WIN_TARGET"
(cd "$HWID_ROOT" && cargo build --quiet --target "$WIN_TARGET" --lib) || exit 1
dll="$HWID_ROOT/target/$WIN_TARGET/debug/licensespring.dll"
[ -f "$dll" ] || { echo "compare-windows: $dll was not built"; exit 1; }
ours_exe="$(build_ours --target "$WIN_TARGET")" || exit 1
cp -f "$ours_exe" "$run_dir/hardware_id.exe"

lib_dir="$(fetch_vendor_wheel win_amd64)" || exit 1
cp -f "$lib_dir/hardware_id_generator.dll" "$run_dir/"
win_quiet "$WIN_CC" -O2 -Wall -Wextra -Werror -o "$run_dir/vendor_windows.exe" "$HWID_DIR/vendor_windows.c" || exit 1
win_standin_into "$run_dir"

echo "vendor generator: $VENDOR_PACKAGE $VENDOR_VERSION (win_amd64), this library: $dll"
echo "Wine: $(wine --version), prefix $WINEPREFIX"
passed=0
failed=0
# pair NAME DIR [SETUP]: runs the vendor's generator and this library under Wine, after SETUP
# (shell code) in a private mount namespace when given, and compares them.
pair() {
  local name="$1" dir="$work/$2" setup="${3:-}"
  mkdir -p "$dir"
  # Wine's own notes on stderr (e.g. about volume serials of Z:) are not part of the output.
  local body='cd "$RUN_DIR" &&
    { wine vendor_windows.exe hardware_id_generator.dll 2>"$OUT/vendor.err" | tr -d "\r" >"$OUT/vendor.txt"; } &&
    { wine hardware_id.exe --ignored --exact print_ids --nocapture --test-threads=1 2>"$OUT/ours.err" |
      tr -d "\r" | grep "^ours " >"$OUT/ours.txt"; }'
  echo
  echo "== $name"
  if [ -n "$setup" ]; then
    OUT="$dir" RUN_DIR="$run_dir" unshare -m --propagation private bash -c "set -e; $setup; $body"
  else
    OUT="$dir" RUN_DIR="$run_dir" bash -c "$body"
  fi || { cat "$dir"/*.err; }
  if python3 "$HWID_DIR/compare.py" "$name" "$dir/vendor.txt" "$dir/ours.txt"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
}

pair "this machine under Wine" wine

# Without the registry value: algorithm 3 has no ID on either side. Wine's prefix is this
# repository's own (target/wine/prefix); the value is put back afterwards.
key='HKLM\SOFTWARE\Microsoft\Cryptography'
guid="$(wine reg query "$key" /v MachineGuid 2>/dev/null | tr -d '\r' | awk '$1 == "MachineGuid" {print $3}')"
if [ -n "$guid" ]; then
  restore_guid() { wine reg add "$key" /v MachineGuid /t REG_SZ /d "$guid" /f >/dev/null 2>&1; }
  trap 'restore_guid; rm -rf "$work"' EXIT
  wine reg delete "$key" /v MachineGuid /f >/dev/null 2>&1
  pair "without the registry value MachineGuid" noguid
  restore_guid
  trap 'rm -rf "$work"' EXIT
else
  echo; echo "== (the Wine prefix has no MachineGuid: its removal is not compared)"; failed=$((failed + 1))
fi

if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
  # Wine makes the computer system product UUID from the machine ID when there is no DMI.
  printf '00112233445566778899aabbccddeeff\n' >"$work/machine-id"
  pair "another computer system product UUID (from another machine ID)" uuid \
    "mount --bind '$work/machine-id' /etc/machine-id
     if [ -e /var/lib/dbus/machine-id ]; then mount --bind '$work/machine-id' /var/lib/dbus/machine-id; fi"
  # Wine reads the base board's manufacturer from sysfs DMI: one with a trailing space.
  pair "a base board manufacturer with a trailing space (from stand-in DMI files)" dmi \
    "mount -t tmpfs tmpfs /sys/class && mkdir -p /sys/class/dmi/id &&
     printf 'ACME Boards \n' >/sys/class/dmi/id/board_vendor &&
     printf 'Board X\n' >/sys/class/dmi/id/board_name"
else
  echo
  echo "== product UUID and base board variations not compared (they need root and unshare -m)"
fi
wineserver --wait >/dev/null 2>&1 || true

echo
echo "compare-windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
