#!/usr/bin/env bash
# Compares this library's hardware IDs with the vendor's generator on this Linux machine.
#
# Downloads the vendor generator's Linux wheel with pip (cached under target/), runs its native
# library through ctypes (vendor_linux.py) and this library (tests/hardware_id/main.rs,
# print_ids) on this machine, and compares algorithms 0-4 (compare.py). Algorithm 5 (cloud
# platforms) is never called.
#
# As root with unshare(1), it also compares the machine-ID fallbacks in private mount
# namespaces (bind mounts over /etc/machine-id and /var/lib/dbus/machine-id, a tmpfs on
# /var/tmp): nothing on the machine changes. Exits non-zero on any difference where the vendor
# answers.
set -uo pipefail
source "$(dirname "$0")/common.sh"

case "$(uname -m)" in
  x86_64) tag=manylinux_2_28_x86_64 ;;
  aarch64) tag=manylinux_2_28_aarch64 ;;
  *) echo "compare-linux: no vendor wheel for $(uname -m)"; exit 1 ;;
esac

lib_dir="$(fetch_vendor_wheel "$tag")" || exit 1
vendor_lib="$lib_dir/libhardware_id_generator.so"
ours_bin="$(build_ours)" || exit 1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() { # check LABEL VENDOR_FILE OURS_FILE
  if python3 "$HWID_DIR/compare.py" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

echo "vendor generator: $VENDOR_PACKAGE $VENDOR_VERSION ($tag), this library: $ours_bin"
echo
echo "== this machine"
python3 "$HWID_DIR/vendor_linux.py" "$vendor_lib" >"$work/vendor.txt" || failed=$((failed + 1))
run_ours "$ours_bin" >"$work/ours.txt" || failed=$((failed + 1))
check "this machine" "$work/vendor.txt" "$work/ours.txt"

# scenario NAME DIR ETC_MACHINE_ID DBUS_MACHINE_ID VENDOR_FALLBACK|- [ro]
# Runs both sides in a private mount namespace where the two machine-ID files hold the given
# content and /var/tmp is an empty tmpfs (holding the vendor's fallback file unless "-";
# read-only with "ro").
scenario() {
  local name="$1" dir="$work/$2"
  mkdir -p "$dir"
  printf '%b' "$3" >"$dir/etc"
  printf '%b' "$4" >"$dir/dbus"
  [ "$5" = "-" ] || printf '%b' "$5" >"$dir/fallback"
  unshare -m --propagation private bash -s "$dir" "$vendor_lib" "$ours_bin" "$HWID_DIR" "${6:-rw}" <<'NS'
set -u
dir="$1" vendor_lib="$2" ours_bin="$3" hwid="$4" mode="$5"
source "$hwid/common.sh"
mount --bind "$dir/etc" /etc/machine-id
[ -e /var/lib/dbus/machine-id ] && mount --bind "$dir/dbus" /var/lib/dbus/machine-id
mount -t tmpfs tmpfs /var/tmp
if [ -f "$dir/fallback" ]; then
  mkdir -p /var/tmp/.LicenseSpring && cp "$dir/fallback" /var/tmp/.LicenseSpring/machine-id
fi
[ "$mode" = ro ] && mount -o remount,ro /var/tmp
run_ours "$ours_bin" >"$dir/ours-before.txt"
python3 "$hwid/vendor_linux.py" "$vendor_lib" >"$dir/vendor.txt"
run_ours "$ours_bin" >"$dir/ours.txt"
NS
  echo
  echo "== $name"
}

if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
  scenario "first line only: spaces and CR kept, second line ignored" firstline \
    ' 3d1219c7-Padded \r\nsecond line\n' 'unused\n' -
  check "first line" "$work/firstline/vendor.txt" "$work/firstline/ours.txt"

  if [ -e /var/lib/dbus/machine-id ]; then
    scenario "empty /etc/machine-id: /var/lib/dbus/machine-id" dbus '' 'dbus0123456789abcdef\n' -
    check "dbus fallback" "$work/dbus/vendor.txt" "$work/dbus/ours.txt"
  else
    echo; echo "== (no /var/lib/dbus/machine-id on this machine: its fallback is not compared)"
  fi

  scenario "both empty, the vendor's /var/tmp/.LicenseSpring/machine-id exists" fallback \
    '' '' '0f3c5e8a-1111-4d2b-9c33-0123456789ab\n'
  check "vendor fallback file" "$work/fallback/vendor.txt" "$work/fallback/ours.txt"

  # Documented difference: where no machine ID exists at all, the vendor creates
  # /var/tmp/.LicenseSpring/machine-id with a random UUID; this library reports
  # LS_ERR_HARDWARE_ID_UNAVAILABLE instead, and reads that file once the vendor has made it.
  scenario "no machine ID at all" none '' '' -
  if grep -q '^ours 0 err LS_ERR_HARDWARE_ID_UNAVAILABLE ' "$work/none/ours-before.txt"; then
    echo "  before the vendor ran: this library reports LS_ERR_HARDWARE_ID_UNAVAILABLE (the vendor would create a random ID)"
    check "after the vendor created its fallback file" "$work/none/vendor.txt" "$work/none/ours.txt"
  else
    echo "  FAILED: with no machine ID this library did not report LS_ERR_HARDWARE_ID_UNAVAILABLE:"
    cat "$work/none/ours-before.txt"
    failed=$((failed + 1))
  fi

  # Neither side has an ID: the vendor cannot create its fallback file either.
  scenario "no machine ID, /var/tmp read-only" readonly '' '' - ro
  check "no machine ID anywhere" "$work/readonly/vendor.txt" "$work/readonly/ours.txt"
else
  echo
  echo "== machine-ID fallbacks not compared (they need root and unshare -m)"
fi

echo
echo "compare-linux: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
