#!/usr/bin/env bash
# How an MSVC program links the mingw-built licensespring.dll, checked on this Linux machine with
# LLVM's MSVC-compatible tools (Microsoft's own lib.exe and link.exe are not run here):
#   1. licensespring.def, the DLL's exports (the ls_* functions), from the DLL itself;
#   2. licensespring.lib from it with `llvm-dlltool -m i386:x86-64 -d licensespring.def`, which
#      writes the same kind of import library (COFF short import members) as Microsoft's
#      `lib /def:licensespring.def /machine:x64` (Debian's llvm-lib 14 does not take /def:);
#   3. scripts/cross/msvc_link.c compiled by clang for x86_64-pc-windows-msvc and linked by
#      lld-link (link.exe's command line) against licensespring.lib;
#   4. the program run under Wine against ls-emulator: it activates, reads and deactivates.
# There is no Windows SDK here: the program uses no C runtime, and kernel32.lib is made the same
# way from a four-line .def. Installs clang and lld when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
source "$here/windows-env.sh" || { echo "test-msvc-link: no Windows build environment"; exit 1; }
cd "$ROOT"

command -v clang >/dev/null 2>&1 || win_apt_install clang
command -v lld-link >/dev/null 2>&1 || win_apt_install lld
dlltool="$(command -v llvm-dlltool || ls /usr/bin/llvm-dlltool-* 2>/dev/null | head -n 1)"
[ -n "$dlltool" ] || { echo "test-msvc-link: llvm-dlltool not found"; exit 1; }

ensure_rust
cargo build --quiet --target "$WIN_TARGET" -p licensespring
cargo build --quiet -p ls-emulator
dll="$ROOT/target/$WIN_TARGET/debug/licensespring.dll"

dir="$ROOT/target/wine/msvc-link"
mkdir -p "$dir"
{
  echo "LIBRARY licensespring.dll"
  echo "EXPORTS"
  x86_64-w64-mingw32-objdump -p "$dll" |
    awk '/^\[Ordinal\/Name Pointer\] Table/ {t = 1; next} t && /^\t\[/ {print "    " $NF} t && /^$/ {t = 0}'
} >"$dir/licensespring.def"
echo "licensespring.def: $(grep -c '^    ls_' "$dir/licensespring.def") exports"
"$dlltool" -m i386:x86-64 -d "$dir/licensespring.def" -l "$dir/licensespring.lib"
printf 'LIBRARY kernel32.dll\nEXPORTS\n    GetStdHandle\n    WriteFile\n    GetEnvironmentVariableA\n    ExitProcess\n' \
  >"$dir/kernel32.def"
"$dlltool" -m i386:x86-64 -d "$dir/kernel32.def" -l "$dir/kernel32.lib"

clang --target=x86_64-pc-windows-msvc -ffreestanding -fno-builtin -fno-stack-protector -O1 \
  -Wall -Wextra -Werror -I"$ROOT/include" -c "$here/msvc_link.c" -o "$dir/msvc_link.obj"
lld-link /nologo /subsystem:console /entry:start /nodefaultlib /out:"$dir/msvc_link.exe" \
  "$dir/msvc_link.obj" "$dir/licensespring.lib" "$dir/kernel32.lib"
echo "msvc_link.exe: $(file -b "$dir/msvc_link.exe")"
echo "imports: $(x86_64-w64-mingw32-objdump -p "$dir/msvc_link.exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '\n' ' ')"

cp -f "$dll" "$dir/"
win_standin_into "$dir"
trap stop_emulator EXIT
start_emulator
rc=0
out="$(LS_BASE_URL="$EMULATOR_URL" LS_PUBLIC_KEY_PEM="$(cat "$LS_EMULATOR_PUBLIC_KEY")" \
  win_run "$dir/msvc_link.exe" 2>&1)" || rc=$?
stop_emulator
wineserver --wait >/dev/null 2>&1 || true
echo "$out" | tr -d '\r'
[ "$rc" -eq 0 ] && echo "$out" | tr -d '\r' | grep -q '^msvc-link: [0-9]* passed, 0 failed$'
