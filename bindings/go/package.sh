#!/usr/bin/env bash
# Assembles the Go module that works outside this repository, with the release static libraries
# of each platform inside it, from $DIST/native (built once by `bash scripts/package.sh native`):
#
#   $DIST/go/module/                         the module tree (for a `replace` directive)
#     go.mod, LICENSE, README.md, *.go        the binding's sources (no tests), with:
#     link.go                                 links lib/<GOOS>_<GOARCH>/liblicensespring.a
#     unsupported.go                          a clear compile error on any other platform
#     include/licensespring.h                 the header (raw_generated.go's -I points here)
#     lib/linux_amd64/liblicensespring.a      from $DIST/native/linux-x64/   (glibc 2.17)
#     lib/linux_arm64/liblicensespring.a      from $DIST/native/linux-arm64/ (glibc 2.17)
#     lib/windows_amd64/liblicensespring.a    from $DIST/native/win-x64/     (mingw-w64)
#   $DIST/go/proxy/                          the same module as a GOPROXY file tree:
#     <module>/@v/list, v<version>.info, v<version>.mod, v<version>.zip
#
# The in-repository module links this checkout's target/ instead (link.go there); this script
# swaps that file and the header path, and nothing else. The Go toolchain picks the library at
# build time: cgo's `#cgo <GOOS>,<GOARCH> LDFLAGS` line of the target platform names its archive
# in the module's own folder (${SRCDIR}), so programs are linked statically and need nothing at
# run time. Version: Cargo.toml's.
#   DIST=/path/to/dist bindings/go/package.sh      (default DIST: <repo>/dist)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
out="$DIST/go"
version="v$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
module="$(sed -n 's/^module //p' "$here/go.mod")"
[ -d "$DIST/native" ] || { echo "package.sh: no $DIST/native: run 'bash scripts/package.sh native' first" >&2; exit 1; }

rm -rf "$out"
mod="$out/module"
mkdir -p "$mod/include"
for f in "$here"/*.go; do
    case "$f" in *_test.go | */link.go) continue ;; esac
    cp "$f" "$mod/"
done
cp "$here/go.mod" "$here/README.md" "$mod/"
cp "$root/LICENSE" "$mod/LICENSE"
cp "$root/include/licensespring.h" "$mod/include/"
if [ -f "$DIST/include/licensespring.h" ] && ! cmp -s "$DIST/include/licensespring.h" "$mod/include/licensespring.h"; then
    echo "package.sh: $DIST/include/licensespring.h differs from include/licensespring.h" >&2
    exit 1
fi
# The header beside the sources, not two folders up.
sed -i 's|^#cgo CFLAGS: -I\${SRCDIR}/\.\./\.\./include$|#cgo CFLAGS: -I${SRCDIR}/include|' "$mod/raw_generated.go"
grep -qx '#cgo CFLAGS: -I${SRCDIR}/include' "$mod/raw_generated.go" ||
    { echo "package.sh: raw_generated.go has no '#cgo CFLAGS: -I\${SRCDIR}/../../include' line to point at include/" >&2; exit 1; }

for pair in linux-x64:linux_amd64 linux-arm64:linux_arm64 win-x64:windows_amd64; do
    rid="${pair%%:*}" goplatform="${pair#*:}"
    lib="$DIST/native/$rid/liblicensespring.a"
    [ -f "$lib" ] || { echo "package.sh: $lib is missing" >&2; exit 1; }
    mkdir -p "$mod/lib/$goplatform"
    cp "$lib" "$mod/lib/$goplatform/"
done

cat >"$mod/link.go" <<'EOF'
//go:build !licensespring_nolink

package licensespring

// The release static library of the target platform, shipped in this module's
// lib/<GOOS>_<GOARCH>/ (Linux: glibc 2.17 or newer; Windows: mingw-w64 gcc as cgo's compiler) and
// linked into the program: nothing is looked up at run time. With -tags licensespring_nolink,
// no library is linked: give one in CGO_LDFLAGS.

// #cgo linux,amd64 LDFLAGS: ${SRCDIR}/lib/linux_amd64/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
// #cgo linux,arm64 LDFLAGS: ${SRCDIR}/lib/linux_arm64/liblicensespring.a -lgcc_s -lutil -lrt -lpthread -lm -ldl
// #cgo windows,amd64 LDFLAGS: ${SRCDIR}/lib/windows_amd64/liblicensespring.a -lws2_32 -ladvapi32 -lkernel32 -lntdll -luserenv -lbcrypt -lcrypt32 -lsecur32 -lole32 -loleaut32 -lpropsys -ldbghelp
import "C"
EOF
cat >"$mod/unsupported.go" <<'EOF'
//go:build !licensespring_nolink && !(linux && amd64) && !(linux && arm64) && !(windows && amd64)

package licensespring

// This module carries the library for linux/amd64, linux/arm64 and windows/amd64 only. Elsewhere,
// build with -tags licensespring_nolink and give the library in CGO_LDFLAGS.
var _ = noLibraryShipsForThisPlatform_BuildWithTagLicensespringNolinkAndCGO_LDFLAGS
EOF
gofmt -l "$mod" | grep . && { echo "package.sh: not gofmt-formatted (above)" >&2; exit 1; }

# The GOPROXY file tree: what `go get $module@$version` downloads. The zip holds every file
# under "<module>@<version>/"; its times are the commit's, so the same sources give the same zip.
proxy="$out/proxy/$module/@v"
mkdir -p "$proxy"
epoch="$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)"
echo "$version" >"$proxy/list"
printf '{"Version":"%s","Time":"%s"}\n' "$version" "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" >"$proxy/$version.info"
cp "$mod/go.mod" "$proxy/$version.mod"
python3 - "$mod" "$module@$version" "$proxy/$version.zip" "$epoch" <<'PYTHON'
import os, sys, time, zipfile
src, prefix, dest, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stamp = time.gmtime(max(epoch, 315532800))[:6]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in sorted(os.walk(src)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(prefix + "/" + os.path.relpath(path, src).replace(os.sep, "/"), stamp)
            info.external_attr, info.compress_type = 0o644 << 16, zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PYTHON
echo "package.sh: $out: module $module $version ($(du -sh "$mod" | cut -f1) unpacked, $(du -h "$proxy/$version.zip" | cut -f1) zip)"
