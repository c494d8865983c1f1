#!/usr/bin/env bash
# Builds the C/C++ archives, one per platform, from the native libraries that
# `bash scripts/package.sh native` wrote ($DIST/native/<platform>, $DIST/include):
#
#   $DIST/cpp/licensespring-<version>-linux-x64.tar.gz
#   $DIST/cpp/licensespring-<version>-linux-arm64.tar.gz
#   $DIST/cpp/licensespring-<version>-win-x64.zip
#
# each holding one folder, licensespring-<version>-<platform>/, laid out as an install prefix:
#
#   include/    licensespring.h (the C ABI), licensespring.hpp and its two generated headers
#   lib/        liblicensespring.so + liblicensespring.a (Linux); licensespring.dll, its import
#               libraries licensespring.dll.a (MinGW) and licensespring.lib (MSVC), its .def and
#               liblicensespring.a (MinGW, static) on Windows
#   lib/cmake/licensespring/   licensespringConfig.cmake, licensespringConfigVersion.cmake
#                              (find_package(licensespring): licensespring::licensespring, and
#                              licensespring::static)
#   lib/pkgconfig/licensespring.pc   (pkg-config; --static adds what the static library needs)
#   LICENSE, README.md
#
# The prefix is relocatable: the CMake package and the .pc file find it relative to themselves.
# Everything but the libraries comes from `cmake --install` of bindings/cpp, so the archive and
# an install from a checkout have the same layout. Writes only under $DIST/cpp.
# Every file of a platform listed above must be in $DIST/native/<platform>. PLATFORMS (default:
# all three) limits the platforms built.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIST="${DIST:-$ROOT/dist}"
PLATFORMS="${PLATFORMS:-linux-x64 linux-arm64 win-x64}"
VERSION="$(sed -n 's/^version = "\([0-9.]*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"

fail() { echo "bindings/cpp/package.sh: $*" >&2; exit 1; }
command -v cmake >/dev/null 2>&1 || fail "cmake is needed (apt-get install cmake)"
[ -n "$VERSION" ] || fail "no version in $ROOT/Cargo.toml"
[ -f "$DIST/include/licensespring.h" ] || fail "$DIST/include/licensespring.h is missing; run: bash scripts/package.sh native"
license=""
for candidate in "$DIST/LICENSE" "$ROOT/LICENSE"; do
  [ -f "$candidate" ] && { license="$candidate"; break; }
done
[ -n "$license" ] || fail "no LICENSE file in $DIST or $ROOT"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$DIST/cpp"
rm -rf "$out"
mkdir -p "$out"

for platform in $PLATFORMS; do
  native="$DIST/native/$platform"
  case "$platform" in
    win-*)
      library=licensespring.dll
      companions="licensespring.dll.a licensespring.lib licensespring.def liblicensespring.a"
      private="-lws2_32 -ladvapi32 -lkernel32 -lntdll -luserenv -lbcrypt -lcrypt32 -lsecur32 -lole32 -loleaut32 -lpropsys"
      ;;
    *)
      library=liblicensespring.so
      companions=liblicensespring.a
      private="-lpthread -ldl -lm"
      ;;
  esac
  for f in $library $companions; do
    [ -f "$native/$f" ] || fail "$native/$f is missing; run: bash scripts/package.sh native"
  done
  name="licensespring-$VERSION-$platform"
  stage="$work/stage/$name"
  log="$work/$platform.log"
  if ! { cmake -S "$HERE" -B "$work/build-$platform" -DBUILD_TESTING=OFF \
           -DLICENSESPRING_LIBRARY="$native/$library" -DLICENSESPRING_C_INCLUDE_DIR="$DIST/include" \
           -DLICENSESPRING_PRIVATE_LIBS="$private" \
           -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_INSTALL_INCLUDEDIR=include &&
         cmake --install "$work/build-$platform" --prefix "$stage"; } >"$log" 2>&1; then
    cat "$log" >&2
    fail "cmake failed for $platform"
  fi
  # The library's companions: the static library, and the DLL's import libraries and .def.
  for companion in $companions; do install -m 0644 "$native/$companion" "$stage/lib/"; done
  install -m 0644 "$license" "$stage/LICENSE"
  install -m 0644 "$HERE/README.md" "$stage/README.md"

  # Reproducible archives: sorted names, fixed owner and times.
  epoch="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}"
  find "$stage" -exec touch -h -d "@$epoch" {} +
  case "$platform" in
    win-*)
      (cd "$work/stage" && python3 - "$out/$name.zip" "$name" <<'PY'
import os, sys, zipfile
archive, top = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as z:
    for folder, dirs, files in sorted(os.walk(top)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo.from_file(path, path, strict_timestamps=False)
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
      )
      ;;
    *)
      tar -C "$work/stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
        -czf "$out/$name.tar.gz" "$name"
      ;;
  esac
  rm -rf "$stage"
done
