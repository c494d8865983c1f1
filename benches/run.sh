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
    MEM_N=300 ALLOC_N=100 ALLOC_ROUNDS=2 WRAP_N=50 WRAP_WARMUP=10 WRAP_ROUNDS=1 VENDOR_OURS_N=50 VENDOR_N=10 VENDOR_ROUNDS=1
else
    LAT_N=${LAT_N:-20000} LAT_ROUNDS=${LAT_ROUNDS:-20} LAT_WARMUP=${LAT_WARMUP:-500}
    COLD_RUNS=${COLD_RUNS:-10} CONC_SECONDS=${CONC_SECONDS:-3} CONC_THREADS=${CONC_THREADS:-1,2,4,8,16}
    MEM_N=${MEM_N:-10000} ALLOC_N=${ALLOC_N:-10000} ALLOC_ROUNDS=${ALLOC_ROUNDS:-10} WRAP_N=${WRAP_N:-3000} WRAP_WARMUP=${WRAP_WARMUP:-300} WRAP_ROUNDS=${WRAP_ROUNDS:-3}
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
export BENCH_URL="$url" BENCH_PUBKEY="$pubkey" BENCH_N="$WRAP_N" BENCH_WARMUP="$WRAP_WARMUP"
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

# ---- wrappers: the same N activations each; C is the reference ----
py_env() {
    local venv="$root/target/bench-venv"
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -c "import licensespring" 2>/dev/null || "$venv/bin/pip" install -q licensespring
    echo "$venv/bin/python"
}

if want wrappers; then
    # Build every driver first, then run them in WRAP_ROUNDS interleaved rounds (C, C++, Python,
    # C#, Go, Java, Node, C, ...) so that load changes fall on all alike; each language's figure
    # is the median of its rounds, and its ratio is to C's median from the same rounds.
    w="$here/wrappers"
    langs=()
    for lang in c cpp python csharp go java node; do
        if "$w/$lang.sh" build "$work" >"$work/build-$lang.log" 2>&1; then
            langs+=("$lang")
        else
            echo "RESULT wrapper lang=$lang skipped=\"build failed: $(tail -1 "$work/build-$lang.log")\""
        fi
    done
    : >"$work/wrappers.txt"
    for round in $(seq 1 "$WRAP_ROUNDS"); do
        for lang in "${langs[@]}"; do
            if ! "$w/$lang.sh" run "$work" | tee -a "$work/wrappers.txt"; then
                echo "RESULT wrapper lang=$lang round=$round failed"
                failures=$((failures + 1))
            fi
        done
    done
    awk '
        /^RESULT wrapper lang=/ {
            split($3, l, "="); split($5, u, "="); v[l[2]] = v[l[2]] " " u[2]; order[l[2]] = order[l[2]] ? order[l[2]] : ++n
        }
        function median(s,   a, k, i, j, t) {
            k = split(s, a, " ")
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        }
        END {
            c = median(v["c"])
            for (lang in order) names[order[lang]] = lang
            for (i = 1; i <= n; i++) {
                m = median(v[names[i]])
                printf "RESULT wrapper_summary lang=%s rounds=%d median_us_per_call=%.1f calls_per_s=%.0f ratio_vs_c=%.2f overhead_vs_c_us=%.1f\n", names[i], split(v[names[i]], tmp, " "), m, 1e6 / m, m / c, m - c
            }
        }' "$work/wrappers.txt"
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
