#!/usr/bin/env bash
# The local license check, ours against the vendor's, in one run: this library's
# ls_store_check_local (C ABI, release build) and the vendor Python SDK's
# LicenseManager.load_license().local_check() on its own license file, each activated once
# against ls-emulator, which is then stopped (the checks need no network).
#
#   benches/store/run.sh [ROUNDS]     (default 3 rounds, ours and the vendor's alternating)
#
# Figures (RESULT lines, microseconds): cold = one check in a new process (the first check
# alone, and the whole process from its start: library/interpreter loading excluded for the
# in-process figure, included in the wall-clock one); warm = one handle / one LicenseManager,
# checked repeatedly; fresh = a new handle / LicenseManager for every check (the file verified
# from scratch each time). Not a test: nothing passes or fails on timing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/env.sh"
rounds="${1:-3}"
warm_n="${WARM_N:-100000}" fresh_n="${FRESH_N:-2000}" cold_runs="${COLD_RUNS:-20}"
vendor_warm_n="${VENDOR_WARM_N:-2000}" vendor_fresh_n="${VENDOR_FRESH_N:-20}"

(cd "$ROOT" && cargo build --release -q -p licensespring && cargo build -q -p ls-emulator)
lib="$ROOT/target/release"
work="$(mktemp -d "${TMPDIR:-/tmp}/ls-store-bench.XXXXXX")"
trap 'stop_emulator; rm -rf "$work"' EXIT
cc -O2 -std=c11 -D_GNU_SOURCE -I"$ROOT/include" "$here/store_bench.c" -o "$work/store_bench" \
  -L"$lib" -llicensespring -Wl,-rpath,"$lib"

venv="$ROOT/target/vendor-venv"
if ! "$venv/bin/python" -c 'import importlib.metadata as m; assert m.version("licensespring") == "4.0.0"' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "licensespring==4.0.0"
fi
py="$venv/bin/python"
vendor="$here/vendor_local_check.py"

ours_dir="$work/ours" vendor_dir="$work/vendor"
ours_hw="bench-store-ours-$$" vendor_hw="bench-store-vendor-$$"
start_emulator
"$work/store_bench" setup "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY" "$ours_dir" "$ours_hw"
EMU_URL="$EMULATOR_URL" PUBKEY="$LS_EMULATOR_PUBLIC_KEY" FOLDER="$vendor_dir" HW="$vendor_hw" \
  "$py" "$vendor" setup
stop_emulator
export EMU_URL="$EMULATOR_URL" PUBKEY="$LS_EMULATOR_PUBLIC_KEY" FOLDER="$vendor_dir" HW="$vendor_hw"

ours() { "$work/store_bench" "$1" "$EMULATOR_URL" "$LS_EMULATOR_PUBLIC_KEY" "$ours_dir" "$ours_hw" "${2:-1}"; }
theirs() { N="${2:-1}" "$py" "$vendor" "$1"; }
median() { awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall_us() { # wall_us CMD...: microseconds for one run
  local a b; a=$(date +%s%N); "$@" >/dev/null; b=$(date +%s%N); echo $(((b - a) / 1000))
}

echo "machine: $(nproc) cores, $(uname -sr); ours: release liblicensespring.so; vendor: licensespring 4.0.0, $("$py" --version)"
for r in $(seq 1 "$rounds"); do
  echo "== round $r"
  ours warm "$warm_n"
  theirs warm "$vendor_warm_n"
  ours fresh "$fresh_n"
  theirs fresh "$vendor_fresh_n"
  : >"$work/cold"
  for i in $(seq 1 "$cold_runs"); do ours cold >>"$work/cold"; theirs cold >>"$work/cold"; done
  for k in $(awk '{print $2}' "$work/cold" | sort -u); do
    echo "RESULT ${k}_median $(awk -v k="$k" '$2 == k {print $3}' "$work/cold" | sort -n | median)"
  done
  o=(); t=()
  for i in $(seq 1 "$cold_runs"); do o+=("$(wall_us ours cold)"); t+=("$(wall_us theirs cold)"); done
  echo "RESULT cold_process_wall_median_us $(printf '%s\n' "${o[@]}" | sort -n | median)"
  echo "RESULT vendor_cold_process_wall_median_us $(printf '%s\n' "${t[@]}" | sort -n | median)"
done
