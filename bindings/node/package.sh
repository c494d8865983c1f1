#!/usr/bin/env bash
# Builds the npm package into $DIST/node/ (DIST defaults to <repo>/dist) from the native
# libraries that `bash scripts/package.sh native` wrote into $DIST/native/:
#
#   licensespring-native-<version>.tgz     (npm pack; version from the workspace's Cargo.toml)
#     package/package.json  README.md  LICENSE  index.d.ts  lib/
#     package/native/linux-x64/liblicensespring.so
#     package/native/linux-arm64/liblicensespring.so
#     package/native/win32-x64/licensespring.dll
#     package/native/<each of the three>/licensespring.node   (the Node-API addon, build-addon.sh)
#
# Each native/ folder is named `${process.platform}-${process.arch}`, which lib/raw.js picks at
# load (the library after LICENSESPRING_LIB, before the system search path). The addons are built
# here from src/addon.c: zig against glibc 2.17 for Linux, mingw-w64 for Windows (the tools
# scripts/package.sh installs). The package has no dependencies. It is staged in a temporary
# folder; only $DIST/node/ is written. Quiet on success but for the tarball's path.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"

fail() { echo "node package: $*" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || fail "npm is required"

# dist/native/<rid>/<file> -> native/<platform>-<arch>/<file>
declare -A platforms=(
  [linux-x64/liblicensespring.so]=linux-x64
  [linux-arm64/liblicensespring.so]=linux-arm64
  [win-x64/licensespring.dll]=win32-x64
)
for f in "${!platforms[@]}"; do
  [[ -f "$DIST/native/$f" ]] || fail "$DIST/native/$f is missing: run bash scripts/package.sh native"
done
DIST="$(cd "$DIST" && pwd)"
out="$DIST/node"
license="$DIST/LICENSE"
[[ -f "$license" ]] || license="$root/LICENSE"
version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"
[[ -n "$version" ]] || fail "no version in $root/Cargo.toml"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -r "$here/lib" "$here/index.d.ts" "$here/README.md" "$here/package.json" "$stage/"
cp "$license" "$stage/LICENSE"
cd "$stage"
[[ -f "$here/node_modules/node-api-headers/package.json" ]] ||
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed"
for f in "${!platforms[@]}"; do
  platform="${platforms[$f]}"
  mkdir -p "$stage/native/$platform"
  cp "$DIST/native/$f" "$stage/native/$platform/"
  bash "$here/build-addon.sh" "$platform" "$stage/native/$platform/licensespring.node" ||
    fail "could not build the addon for $platform"
done
# The manifest as committed, with the workspace's version and without what only development needs.
VERSION="$version" node -e '
  const fs = require("node:fs");
  const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
  if (p.license !== "MIT OR Apache-2.0") throw new Error(`package.json license: ${p.license}`);
  p.version = process.env.VERSION;
  delete p.devDependencies;
  delete p.scripts;
  fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");
' || fail "could not write the staged package.json"

rm -rf "$out"
mkdir -p "$out"
log="$(mktemp)"
if ! (npm pack --pack-destination "$out" --loglevel=error >"$log" 2>&1); then
  cat "$log" >&2
  rm -f "$log"
  fail "npm pack failed"
fi
rm -f "$log"
tarball="$out/licensespring-native-$version.tgz"
[[ -f "$tarball" ]] || fail "npm pack wrote no $tarball"
echo "node package: $tarball ($(du -h "$tarball" | cut -f1))"
