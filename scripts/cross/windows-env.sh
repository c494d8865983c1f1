# Windows cross-build and Wine environment; source it (bash).
#
# Installs what is missing, quietly and idempotently (mingw-w64, Wine, the Rust target
# x86_64-pc-windows-gnu), and sets:
#   WINEPREFIX          a Wine prefix of this repository's own, under target/wine/
#   WINEDEBUG=-all      Wine's own diagnostics off
#   WIN_TARGET          x86_64-pc-windows-gnu
#   WIN_CC              the mingw C compiler
#   WIN_STANDIN_DIR     a folder holding the test-only bcryptprimitives.dll stand-in
# and defines
#   win_standin_into DIR   copies the stand-in next to Windows executables in DIR
#   win_run EXE [ARGS...]  runs a Windows program under Wine (from its own folder)
# Nothing here is shipped: it only builds and runs Windows test programs on Linux.

WIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export WIN_TARGET=x86_64-pc-windows-gnu
export WIN_CC=x86_64-w64-mingw32-gcc
export WINEPREFIX="$WIN_ROOT/target/wine/prefix"
export WINEDEBUG=-all
export WINEARCH=win64
# No Mono/Gecko installers and no desktop integration in the test prefix.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export WIN_STANDIN_DIR="$WIN_ROOT/target/wine/standin"

# win_quiet COMMAND...: runs a command, showing its output only when it fails.
win_quiet() {
  local log
  log="$(mktemp)"
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    local rc=$?
    cat "$log" >&2
    rm -f "$log"
    echo "failed ($rc): $*" >&2
    return "$rc"
  fi
}

win_apt_install() { # win_apt_install PACKAGE...
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive win_quiet $sudo apt-get install -y -q "$@" ||
    { win_quiet $sudo apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive win_quiet $sudo apt-get install -y -q "$@"; }
}

win_env_setup() {
  command -v "$WIN_CC" >/dev/null 2>&1 || win_apt_install mingw-w64 || return 1
  command -v wine >/dev/null 2>&1 || win_apt_install wine wine64 || return 1
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WIN_TARGET"; then
    win_quiet rustup target add "$WIN_TARGET" || return 1
  fi
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    mkdir -p "$WINEPREFIX"
    # wineboot reports the 32-bit parts a 64-bit-only Wine lacks; the prefix is fine anyway.
    wineboot --init >/dev/null 2>&1
    wineserver --wait >/dev/null 2>&1 || true
    [ -f "$WINEPREFIX/system.reg" ] || { echo "could not create the Wine prefix $WINEPREFIX" >&2; return 1; }
  fi
  local src="$WIN_ROOT/scripts/cross/bcryptprimitives.c" dll="$WIN_STANDIN_DIR/bcryptprimitives.dll"
  if [ ! -f "$dll" ] || [ "$src" -nt "$dll" ]; then
    mkdir -p "$WIN_STANDIN_DIR"
    win_quiet "$WIN_CC" -O2 -Wall -Wextra -Werror -shared -o "$dll" "$src" || return 1
  fi
}

win_standin_into() { # win_standin_into DIR
  cp -f "$WIN_STANDIN_DIR/bcryptprimitives.dll" "$1/"
}

win_run() { # win_run EXE [ARGS...]
  local exe="$1"; shift
  (cd "$(dirname "$exe")" && wine "$(basename "$exe")" "$@")
}

win_env_setup
