#!/usr/bin/env bash
# Runs the licensespring benchmarks against bench_server and prints every figure as a RESULT
# line; the whole output is also kept in benches/results/<UTC time>.txt. Not a test: nothing
# here passes or fails on timing. The exit status is non-zero only if a build or a call fails
# (a wrapper whose toolchain is missing is reported as skipped, not failed).
#
#   benches/run.sh                 full run (about 3-4 minutes, plus the wrappers)
#   benches/run.sh --smoke         every benchmark for a few iterations (seconds, not figures)
#   benches/run.sh --only LIST     comma-separated subset of:
#                                  machine,size,latency,cold,concurrency,memory,alloc,wrappers,vendor
#   COMPARE_LIB=SO benches/run.sh --only latency
#                                  adds another build of the library (say, the previous
#                                  commit's) to the latency run: a before/after in one run
#
# Needs: cargo; gcc for the C reference driver; python3 (the vendor SDK is pip-installed into
# target/bench-venv on first use); optional toolchains per wrapper (skipped with a note if absent).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
smoke=0
only="machine,size,latency,cold,concurrency,memory,alloc,wrappers,vendor"
while (($#)); do
    case "$1" in
        --smoke) smoke=1 ;;
        --only) only="$2"; shift ;;
        *) echo "usage: benches/run.sh [--smoke] [--only LIST]" >&2; exit 2 ;;
    esac
    shift
done
want() { [[ ",$only," == *",$1,"* ]]; }
failures=0

if ((smoke)); then
    LAT_N=300 LAT_ROUNDS=3 LAT_WARMUP=20 COLD_RUNS=2 CONC_SECONDS=0.2 CONC_THREADS=1,2,4
    MEM_N=300 ALLOC_N=100 ALLOC_ROUNDS=2 WRAP_BLOCK=10 WRAP_THREAD_BLOCK=10 WRAP_WARMUP=10 WRAP_ROUNDS=1 VENDOR_OURS_N=50 VENDOR_N=10 VENDOR_ROUNDS=1
else
    LAT_N=${LAT_N:-20000} LAT_ROUNDS=${LAT_ROUNDS:-20} LAT_WARMUP=${LAT_WARMUP:-500}
    COLD_RUNS=${COLD_RUNS:-10} CONC_SECONDS=${CONC_SECONDS:-3} CONC_THREADS=${CONC_THREADS:-1,2,4,8,16}
    MEM_N=${MEM_N:-10000} ALLOC_N=${ALLOC_N:-10000} ALLOC_ROUNDS=${ALLOC_ROUNDS:-10} WRAP_BLOCK=${WRAP_BLOCK:-200} WRAP_THREAD_BLOCK=${WRAP_THREAD_BLOCK:-1000} WRAP_WARMUP=${WRAP_WARMUP:-300} WRAP_ROUNDS=${WRAP_ROUNDS:-30}
    VENDOR_OURS_N=${VENDOR_OURS_N:-2000} VENDOR_N=${VENDOR_N:-200} VENDOR_ROUNDS=${VENDOR_ROUNDS:-5}
fi

# ---- build (release; never cleans) ----
(cd "$root" && cargo build --release -q -p licensespring)
(cd "$here" && cargo build --release -q)
lib="$root/target/release/liblicensespring.so"
bin="$root/target/benches/release"
pubkey="$root/tests/fixtures/emulator-public-key.pem"
signkey="$root/tests/fixtures/emulator-signing-key.pem"

work="$(mktemp -d "${TMPDIR:-/tmp}/ls-bench.XXXXXX")"
mkdir -p "$here/results"
log="$here/results/$(date -u +%Y%m%dT%H%M%SZ)$( ((smoke)) && echo -smoke || true).txt"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
exec > >(tee "$log") 2>&1

# ---- the bench server: stdin is a FIFO this script holds open, so it stops with the script ----
mkfifo "$work/server.stdin"
exec 3<>"$work/server.stdin"
"$bin/bench_server" --key "$signkey" --capture "$work/request.bin" <"$work/server.stdin" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/server.out" 2>/dev/null && break
    sleep 0.05
done
url="$(sed -n 's/^listening on //p' "$work/server.out" | head -1)"
[[ -n "$url" ]] || { cat "$work/server.err"; echo "bench_server did not start" >&2; exit 1; }
echo "# bench_server at $url ($(cat "$work/server.err"))"
common=(--lib "$lib" --url "$url" --pubkey "$pubkey")
export BENCH_URL="$url" BENCH_PUBKEY="$pubkey" BENCH_WARMUP="$WRAP_WARMUP" WRAP_BLOCK WRAP_ROUNDS WRAP_THREAD_BLOCK
export LICENSESPRING_LIB="$lib"

if want machine; then
    echo "RESULT machine nproc=$(nproc) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\" mem_total=\"$(grep MemTotal /proc/meminfo | awk '{print $2" kB"}')\" kernel=$(uname -r)"
    echo "RESULT load_at_start $(uptime | sed 's/.*load average/load_average/')"
    echo "RESULT toolchain rustc=\"$(rustc --version)\""
fi

if want size; then
    cp "$lib" "$work/liblicensespring.so"
    strip "$work/liblicensespring.so"
    syms=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep '^ls_' | sort)
    echo "RESULT size unstripped_bytes=$(stat -c %s "$lib") stripped_bytes=$(stat -c %s "$work/liblicensespring.so") exported_ls_symbols=$(echo "$syms" | wc -l) other_exported_symbols=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -vc '^ls_' || true)"
    echo "# exported ls_* symbols: $(echo $syms)"
fi

if want latency; then
    compare=()
    [[ -n "${COMPARE_LIB:-}" ]] && compare=(--compare-lib "$COMPARE_LIB")
    "$bin/cabi" latency "${common[@]}" --capture "$work/request.bin" --n "$LAT_N" --rounds "$LAT_ROUNDS" --warmup "$LAT_WARMUP" "${compare[@]}"
fi
if want cold; then
    "$bin/cabi" cold "${common[@]}" --runs "$COLD_RUNS"
fi
if want concurrency; then
    "$bin/cabi" concurrency "${common[@]}" --threads "$CONC_THREADS" --seconds "$CONC_SECONDS"
fi
if want memory; then
    "$bin/cabi" memory "${common[@]}" --n "$MEM_N"
fi
if want alloc; then
    "$bin/rust_api" --url "$url" --pubkey "$pubkey" --capture "$work/request.bin" --n "$ALLOC_N" --rounds "$ALLOC_ROUNDS"
fi

# ---- wrappers: activations through each wrapper, compared block by block with C ----
py_env() {
    local venv="$root/target/bench-venv"
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -c "import licensespring" 2>/dev/null || "$venv/bin/pip" install -q licensespring
    echo "$venv/bin/python"
}

if want wrappers; then
    # Build every driver first, then run them all side by side: paired.py alternates blocks of C
    # and of each figure (C, a figure, C, the next, ...), so that each figure is compared with C
    # measured within milliseconds of it; each ratio is the median over WRAP_ROUNDS rounds.
    w="$here/wrappers"
    langs=()
    for lang in c cpp python csharp go java node; do
        if "$w/$lang.sh" build "$work" >"$work/build-$lang.log" 2>&1; then
            langs+=("$lang")
        else
            echo "RESULT wrapper lang=$lang skipped=\"build failed: $(tail -1 "$work/build-$lang.log")\""
        fi
    done
    if [[ "${langs[0]:-}" != c ]]; then
        echo "RESULT wrapper skipped=\"the C reference did not build\""
        failures=$((failures + 1))
    elif ! python3 "$w/paired.py" "$work" "${langs[@]}"; then
        echo "RESULT wrapper failed"
        failures=$((failures + 1))
    fi
fi

if want vendor; then
    py="$(py_env)"
    BENCH_N="$VENDOR_OURS_N" BENCH_VENDOR_N="$VENDOR_N" BENCH_ROUNDS="$VENDOR_ROUNDS" \
        PYTHONPATH="$root/bindings/python/src" "$py" "$here/wrappers/vendor_vs_python.py"
fi

want machine && echo "RESULT load_at_end $(uptime | sed 's/.*load average/load_average/')"
echo "# results kept in $log"
if ((failures)); then
    echo "# $failures driver run(s) failed" >&2
    exit 1
fi
