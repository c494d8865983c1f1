#!/usr/bin/env bash
# Builds what ships, into dist/:
#
#   bash scripts/package.sh           the native libraries, then every binding's package
#   bash scripts/package.sh native    the native libraries and the header only
#
# Native libraries (release profile `dist`: optimised, symbols stripped):
#   dist/native/linux-x64/    liblicensespring.so, liblicensespring.a   (glibc 2.17, manylinux2014)
#   dist/native/linux-arm64/  liblicensespring.so, liblicensespring.a   (glibc 2.17, manylinux2014)
#   dist/native/win-x64/      licensespring.dll, licensespring.dll.a (mingw import library),
#                             licensespring.def + licensespring.lib (MSVC import library),
#                             liblicensespring.a
#   dist/include/licensespring.h, dist/LICENSE
# The Linux libraries are linked by zig (cargo-zigbuild) against glibc 2.17 symbols, so they load
# on any glibc from 2.17 on; the Windows one by mingw-w64. Then each bindings/<lang>/package.sh
# turns them into its ecosystem's artifact under dist/<lang>/ (with DIST set).
# Installs what it needs when missing: ziglang (PyPI, in target/tools-venv), cargo-zigbuild
# (crates.io), the Rust targets, mingw-w64, binutils for aarch64 and llvm-dlltool.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
export DIST="$ROOT/dist"
what="${1:-all}"

step() { echo "package: $*"; }

# quiet COMMAND...: output only when it fails.
quiet() {
  local log
  log="$(mktemp)"
  if "$@" >"$log" 2>&1; then rm -f "$log"; else
    local rc=$?; cat "$log" >&2; rm -f "$log"; echo "failed ($rc): $*" >&2; return "$rc"
  fi
}

tools() {
  ensure_rust
  ensure_apt x86_64-w64-mingw32-gcc mingw-w64
  ensure_apt aarch64-linux-gnu-strip binutils-aarch64-linux-gnu
  ensure_apt llvm-dlltool llvm
  local venv="$ROOT/target/tools-venv"
  if [ ! -x "$venv/bin/python" ]; then
    step "installing ziglang into $venv"
    quiet python3 -m venv "$venv"
  fi
  "$venv/bin/python" -c "import ziglang" 2>/dev/null || quiet "$venv/bin/pip" install -q ziglang
  # cargo-zigbuild runs `python3 -m ziglang` when no `zig` is on the PATH.
  export PATH="$venv/bin:$PATH"
  if ! command -v cargo-zigbuild >/dev/null 2>&1; then
    step "installing cargo-zigbuild (a few minutes, once)"
    quiet cargo install --locked cargo-zigbuild
  fi
  for t in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu; do
    rustup target list --installed | grep -qx "$t" || quiet rustup target add "$t"
  done
}

# glibc_max FILE: the highest GLIBC_x.y symbol version FILE needs.
glibc_max() {
  objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1
}

native() {
  tools
  rm -rf "$DIST/native" "$DIST/include"
  mkdir -p "$DIST/include"
  cp include/licensespring.h "$DIST/include/"
  cp LICENSE "$DIST/LICENSE"
  local linux
  for linux in "x86_64-unknown-linux-gnu:linux-x64:strip" "aarch64-unknown-linux-gnu:linux-arm64:aarch64-linux-gnu-strip"; do
    IFS=: read -r triple rid strip_tool <<<"$linux"
    step "building $rid (cargo zigbuild, glibc 2.17)"
    quiet cargo zigbuild --profile dist -p licensespring --target "$triple.2.17"
    mkdir -p "$DIST/native/$rid"
    cp "target/$triple/dist/liblicensespring.so" "target/$triple/dist/liblicensespring.a" "$DIST/native/$rid/"
    # The shared library is stripped by the profile; the static one keeps only its symbol table.
    "$strip_tool" --strip-debug "$DIST/native/$rid/liblicensespring.a"
    local needs
    needs="$(glibc_max "$DIST/native/$rid/liblicensespring.so")"
    printf '%s\n' "$needs" "GLIBC_2.17" | sort -V | tail -n 1 | grep -qx "GLIBC_2.17" ||
      { echo "package: $rid needs $needs, more than GLIBC_2.17" >&2; return 1; }
    step "$rid: $(file -b "$DIST/native/$rid/liblicensespring.so" | cut -d, -f1-2), needs $needs, $(du -h "$DIST/native/$rid/liblicensespring.so" | cut -f1)"
  done

  step "building win-x64 (mingw-w64)"
  quiet cargo build --profile dist -p licensespring --target x86_64-pc-windows-gnu
  local out="target/x86_64-pc-windows-gnu/dist" win="$DIST/native/win-x64"
  mkdir -p "$win"
  cp "$out/licensespring.dll" "$win/"
  cp "$out/liblicensespring.dll.a" "$win/licensespring.dll.a"
  cp "$out/liblicensespring.a" "$win/liblicensespring.a"
  # Rust's precompiled std for this target carries split-DWARF (.dwo) members, which hold only
  # debug information and which strip refuses; they go first.
  # (A loop: `ar d` removes one member per name given, and names repeat.)
  local ar=x86_64-w64-mingw32-ar dwo
  while dwo="$("$ar" t "$win/liblicensespring.a" 2>/dev/null | grep '\.dwo$')"; do
    printf '%s\n' "$dwo" | quiet xargs "$ar" d "$win/liblicensespring.a"
  done
  quiet x86_64-w64-mingw32-strip --strip-debug "$win/liblicensespring.a"
  {
    echo "LIBRARY licensespring.dll"
    echo "EXPORTS"
    x86_64-w64-mingw32-objdump -p "$win/licensespring.dll" |
      awk '/^\[Ordinal\/Name Pointer\] Table/ {t = 1; next} t && /^\t\[/ {print "    " $NF} t && /^$/ {t = 0}'
  } >"$win/licensespring.def"
  llvm-dlltool -m i386:x86-64 -d "$win/licensespring.def" -l "$win/licensespring.lib"
  step "win-x64: $(file -b "$win/licensespring.dll" | cut -d, -f1), $(grep -c '^    ls_' "$win/licensespring.def") exports, $(du -h "$win/licensespring.dll" | cut -f1)"
}

bindings() {
  local lang
  for lang in cpp python csharp go java node; do
    if [ -x "bindings/$lang/package.sh" ] || [ -f "bindings/$lang/package.sh" ]; then
      step "bindings/$lang"
      bash "bindings/$lang/package.sh"
    else
      echo "package: bindings/$lang/package.sh is missing" >&2
      return 1
    fi
  done
}

case "$what" in
  native) native ;;
  all) native; bindings ;; # not `native && bindings`: that would switch off set -e inside native
  *) echo "usage: scripts/package.sh [native]" >&2; exit 2 ;;
esac
step "done: $(cd "$DIST" && find . -type f | wc -l) files in dist/"
