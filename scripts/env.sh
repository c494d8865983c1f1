# Shared by the scripts: repository paths, tool checks and an emulator starter.
# Source it; it defines functions and exports the variables every test suite reads.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LICENSESPRING_ROOT="$ROOT"
export LICENSESPRING_LIB="$ROOT/target/debug/liblicensespring.so"
export LICENSESPRING_STATIC_LIB="$ROOT/target/debug/liblicensespring.a"
export LS_EMULATOR="$ROOT/target/debug/ls-emulator"
export LS_EMULATOR_SEED="$ROOT/emulator/seeds/demo.json"
export LS_EMULATOR_KEY="$ROOT/tests/fixtures/emulator-signing-key.pem"
export LS_EMULATOR_PUBLIC_KEY="$ROOT/tests/fixtures/emulator-public-key.pem"

# Installs Debian packages only when the command they provide is missing.
ensure_apt() { # ensure_apt COMMAND PACKAGE...
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  echo "installing $* (for $cmd)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q "$@" >/dev/null; }
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      ensure_apt curl curl
      curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

# Builds the library (shared and static) and the emulator, in the debug profile.
build_native() {
  ensure_rust
  ensure_apt cc gcc
  # Not --quiet: the first build takes minutes, and cargo's progress lines say what it is doing.
  echo "building the library and ls-emulator (debug; the first build takes a few minutes)"
  (cd "$ROOT" && cargo build -p licensespring -p ls-emulator)
}

# start_emulator [extra args...]: starts ls-emulator with the demo seed and the fixed test key;
# sets EMULATOR_URL and EMULATOR_PID. Stop it with stop_emulator.
start_emulator() {
  local out
  out="$(mktemp)"
  "$LS_EMULATOR" --listen 127.0.0.1:0 --seed "$LS_EMULATOR_SEED" --signing-key "$LS_EMULATOR_KEY" "$@" \
    >"$out" 2>&1 </dev/null &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$out"; then break; fi
    sleep 0.05
  done
  EMULATOR_URL="$(sed -n 's/^listening on //p' "$out" | head -n 1)"
  rm -f "$out"
  [ -n "$EMULATOR_URL" ] || { echo "ls-emulator did not start" >&2; return 1; }
}

stop_emulator() {
  [ -n "${EMULATOR_PID:-}" ] && kill "$EMULATOR_PID" 2>/dev/null && wait "$EMULATOR_PID" 2>/dev/null
  EMULATOR_PID=""
  return 0
}
