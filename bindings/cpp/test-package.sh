#!/usr/bin/env bash
# Installs the linux-x64 C/C++ archive the way its users do, outside this repository, and uses it
# against ls-emulator:
#  1. extracts $DIST/cpp/licensespring-<version>-linux-x64.tar.gz into a fresh prefix under a
#     temporary folder, and copies the consumer project (tests/consumer) beside it;
#  2. builds it with CMake `find_package(licensespring)` (the shared and the static library) and
#     compiles it once more with `pkg-config --cflags --libs licensespring`;
#  3. checks that each dynamically linked program loads the archive's library (ldd, RUNPATH) and
#     nothing from the checkout, and that the static one needs no licensespring library at all;
#  4. runs each against a fresh ls-emulator: it activates and deactivates a license;
#  5. when the win-x64 archive was built: extracts it as well, cross-compiles the same consumer
#     with mingw-w64 through find_package (the DLL through its import library, and the static
#     library), and runs both under Wine against the emulator, the DLL copied beside the program
#     the way Windows programs ship it (Wine and mingw-w64 as scripts/cross/windows-env.sh sets
#     them up, installing what is missing);
#  6. checks the other archives' files and that each library is built for its platform.
# LICENSESPRING_LIB and LD_LIBRARY_PATH are unset for the builds and runs. Quiet on success (one
# summary line); on failure says what failed and keeps the temporary folder.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/env.sh"  # ROOT, LS_EMULATOR*, ensure_apt, build_native, start_emulator
DIST="${DIST:-$ROOT/dist}"
VERSION="$(sed -n 's/^version = "\([0-9.]*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
archive="$DIST/cpp/licensespring-$VERSION-linux-x64.tar.gz"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ls-cpp-package.XXXXXX")"
fail() {
  echo "bindings/cpp/test-package.sh: FAILED: $*" >&2
  echo "(work folder kept: $tmp)" >&2
  exit 1
}
cleanup() { stop_emulator; [ "${keep:-1}" = 0 ] && rm -rf "$tmp"; return 0; }
trap cleanup EXIT
# run LOG COMMAND...: the command's output goes to LOG, shown only when it fails.
run() {
  local log="$tmp/$1"; shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$* (log: $log)"; }
}

[ -f "$archive" ] || fail "$archive is missing; run: bash bindings/cpp/package.sh"
case "$tmp" in "$ROOT"/*) fail "the temporary folder $tmp is inside the repository" ;; esac
ensure_apt cmake cmake
ensure_apt c++ g++
ensure_apt pkg-config pkg-config
[ -x "$LS_EMULATOR" ] || build_native
unset LICENSESPRING_LIB LD_LIBRARY_PATH

# 1. The archive as a prefix; the consumer project and the emulator's public key as copies.
prefix="$tmp/prefix"
mkdir -p "$prefix" "$tmp/app"
tar -xzf "$archive" -C "$prefix" --strip-components=1
cp "$HERE/tests/consumer/CMakeLists.txt" "$HERE/tests/consumer/main.cpp" "$tmp/app/"
cp "$LS_EMULATOR_PUBLIC_KEY" "$tmp/emulator-public-key.pem"
for f in include/licensespring.h include/licensespring.hpp lib/liblicensespring.so lib/liblicensespring.a \
         lib/cmake/licensespring/licensespringConfig.cmake lib/pkgconfig/licensespring.pc LICENSE; do
  [ -f "$prefix/$f" ] || fail "the archive has no $f"
done

# 2. CMake find_package (shared and static) and pkg-config.
run cmake-configure.log cmake -S "$tmp/app" -B "$tmp/app/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DREQUESTED="${VERSION%.*}" -DREQUIRE_STATIC=ON
run cmake-build.log cmake --build "$tmp/app/build"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
flags="$(pkg-config --cflags --libs licensespring)" || fail "pkg-config does not find licensespring"
# shellcheck disable=SC2086
run pkg-config-build.log c++ -std=c++17 -Wall -Wextra -Werror "$tmp/app/main.cpp" $flags \
  -Wl,-rpath,"$(pkg-config --variable=libdir licensespring)" -o "$tmp/app/pkg-config-consumer"

# 3. Which library each program loads.
packaged="$(readlink -f "$prefix/lib/liblicensespring.so")"
for program in build/consumer pkg-config-consumer; do
  loaded="$(ldd "$tmp/app/$program" | sed -n 's/^\s*liblicensespring\.so => \(\S*\) .*/\1/p')"
  [ -n "$loaded" ] || fail "$program does not load liblicensespring.so: $(ldd "$tmp/app/$program")"
  [ "$(readlink -f "$loaded")" = "$packaged" ] || fail "$program loads $loaded, not the archive's $packaged"
  ! ldd "$tmp/app/$program" | grep -qF "$ROOT" || fail "$program loads something from the checkout"
  readelf -d "$tmp/app/$program" | grep -qE "R(UN)?PATH.*$prefix/lib" || fail "$program has no RUNPATH to $prefix/lib"
done
! ldd "$tmp/app/build/consumer_static" | grep -q licensespring || fail "consumer_static loads a licensespring library"

# 4. Against the emulator.
start_emulator
passed=0 ran=linux-x64 checked=""
for program in build/consumer build/consumer_static pkg-config-consumer; do
  out="$(cd "$tmp" && "$tmp/app/$program" "$EMULATOR_URL" "$tmp/emulator-public-key.pem" \
           "cpp-package-${program##*/}-$$" 2>&1)" || fail "$program: $out"
  grep -q "^activated and deactivated license " <<<"$out" || fail "$program printed: $out"
  passed=$((passed + 1))
done

# 5. Windows x86_64, cross-compiled and run under Wine.
win_archive="$DIST/cpp/licensespring-$VERSION-win-x64.zip"
if [ -f "$win_archive" ]; then
  ensure_rust
  # shellcheck source=/dev/null
  source "$ROOT/scripts/cross/windows-env.sh" >"$tmp/windows-env.log" 2>&1 ||
    { cat "$tmp/windows-env.log" >&2; fail "no Windows build environment"; }
  win="$tmp/win"
  mkdir -p "$win"
  python3 -m zipfile -e "$win_archive" "$win" || fail "cannot extract $win_archive"
  win_prefix="$win/licensespring-$VERSION-win-x64"
  printf 'set(%s)\n' "CMAKE_SYSTEM_NAME Windows" "CMAKE_SYSTEM_PROCESSOR x86_64" \
    "CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix" "CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH" >"$win/mingw.cmake"
  # -static: libstdc++ and winpthread inside the programs, which then need only Windows' DLLs and ours.
  run win-configure.log cmake -S "$tmp/app" -B "$win/build" -DCMAKE_TOOLCHAIN_FILE="$win/mingw.cmake" \
    -DCMAKE_PREFIX_PATH="$win_prefix" -DREQUESTED="${VERSION%.*}" -DREQUIRE_STATIC=ON -DCMAKE_EXE_LINKER_FLAGS=-static
  run win-build.log cmake --build "$win/build" -j 2
  imports() { x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^\s*DLL Name: //p'; }
  imports "$win/build/consumer.exe" | grep -qx licensespring.dll || fail "consumer.exe does not import licensespring.dll"
  ! imports "$win/build/consumer_static.exe" | grep -qi licensespring || fail "consumer_static.exe imports a licensespring DLL"
  cp "$win_prefix/lib/licensespring.dll" "$win/build/"
  win_standin_into "$win/build"  # Wine 8 lacks bcryptprimitives.dll (a test-only stand-in)
  pem="$(winepath -w "$tmp/emulator-public-key.pem" 2>/dev/null)"
  for program in consumer consumer_static; do
    out="$(win_run "$win/build/$program.exe" "$EMULATOR_URL" "$pem" "cpp-package-win-$program-$$" 2>&1)" ||
      fail "$program.exe under Wine: $out"
    grep -q "^activated and deactivated license " <<<"$out" || fail "$program.exe printed: $out"
    passed=$((passed + 1))
  done
  ran="$ran, win-x64 (Wine)"
fi

# 6. The other archives: their files, and each library built for its platform.
for platform in linux-arm64 win-x64; do
  found="$(ls "$DIST/cpp/licensespring-$VERSION-$platform".* 2>/dev/null || true)"
  [ -n "$found" ] || continue
  case "$platform" in
    win-*) files="lib/licensespring.dll lib/licensespring.lib lib/licensespring.dll.a lib/liblicensespring.a"
           listing="$(python3 -m zipfile -l "$found")" arch="x86-64.*MS Windows" ;;
    *) files="lib/liblicensespring.so lib/liblicensespring.a" listing="$(tar -tzf "$found")" arch="ARM aarch64" ;;
  esac
  for f in $files include/licensespring.h include/licensespring.hpp lib/cmake/licensespring/licensespringConfig.cmake \
           lib/pkgconfig/licensespring.pc LICENSE; do
    grep -qF "licensespring-$VERSION-$platform/$f" <<<"$listing" || fail "$found has no $f"
  done
  library="${files%% *}"
  mkdir -p "$tmp/$platform"
  case "$found" in
    *.zip) python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
             "$found" "licensespring-$VERSION-$platform/$library" >"$tmp/$platform/library" ;;
    *) tar -xzOf "$found" "licensespring-$VERSION-$platform/$library" >"$tmp/$platform/library" ;;
  esac
  file -b "$tmp/$platform/library" | grep -qE "$arch" || fail "the $platform library is not built for it: $(file -b "$tmp/$platform/library")"
  checked="$checked $platform"
done
keep=0
echo "cpp-package: $passed passed, 0 failed (run: $ran; archives checked: linux-x64$checked)"
