#!/usr/bin/env bash
# Installs the Go module of $DIST/go the way its users get it, outside the repository, and
# activates and deactivates a license against ls-emulator with it:
#  1. copies the GOPROXY tree ($DIST/go/proxy) into a fresh temporary folder, and there, in a new
#     module with its own empty module cache, runs `go get <module>@<version>` through it
#     (GOPROXY=file://..., GONOSUMDB for the module: it is in no public checksum database);
#  2. checks that what was installed links the packaged library: the module's folder is in that
#     module cache, its lib/linux_amd64/liblicensespring.a is byte for byte the one of
#     $DIST/native/linux-x64, the package's cgo LDFLAGS name that file (and nothing of this
#     checkout), and the program needs no liblicensespring.so at run time;
#  3. builds and runs a program that activates, reads and deactivates a license (directly and
#     through the license store) against ls-emulator;
#  4. links the same program for windows/amd64 and linux/arm64 when their cross compilers
#     (x86_64-w64-mingw32-gcc, aarch64-linux-gnu-gcc) are installed, and sees that unsupported.go
#     (a compile error) is built for other platforms only.
# Quiet on success; on failure says what failed. Run bindings/go/package.sh first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
version="v$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
module="$(sed -n 's/^module //p' "$here/go.mod")"
zip="$DIST/go/proxy/$module/@v/$version.zip"
[ -f "$zip" ] || { echo "test-package.sh: $zip not found: run bindings/go/package.sh first" >&2; exit 1; }
command -v go >/dev/null 2>&1 || { echo "test-package.sh: the go toolchain (1.22 or newer) is required" >&2; exit 1; }

# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
[ -x "$LS_EMULATOR" ] || (cd "$root" && cargo build --quiet -p ls-emulator)
unset LICENSESPRING_LIB LICENSESPRING_STATIC_LIB LD_LIBRARY_PATH CGO_LDFLAGS CGO_CFLAGS

tmp="$(mktemp -d /tmp/ls-go-package.XXXXXX)"
cleanup() { stop_emulator; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
case "$tmp" in "$root"/*) echo "test-package.sh: $tmp is inside the repository" >&2; exit 1 ;; esac
fail() { echo "test-package.sh: $*" >&2; exit 1; }
log="$tmp/log"
# run COMMAND...: output only when it fails.
run() { "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "failed: $*"; }; }

# 1. The proxy tree, a new module and an empty module cache, all in $tmp.
mkdir -p "$tmp/proxy" "$tmp/app"
cp -r "$DIST/go/proxy/." "$tmp/proxy/"
cp "$LS_EMULATOR_PUBLIC_KEY" "$tmp/emulator-public-key.pem"
export GOPROXY="file://$tmp/proxy" GONOSUMDB="$module" GOPRIVATE="" GOMODCACHE="$tmp/modcache"
export GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local GOWORK=off
cd "$tmp/app"
run go mod init example.com/licensespring-package-test
run go get "$module@$version"

# 2. The installed module and the library it links.
dir="$(go list -m -f '{{.Dir}}' "$module")"
case "$dir" in "$GOMODCACHE"/*) ;; *) fail "the module is at $dir, not in the new module cache $GOMODCACHE" ;; esac
cmp -s "$dir/lib/linux_amd64/liblicensespring.a" "$DIST/native/linux-x64/liblicensespring.a" ||
    fail "$dir/lib/linux_amd64/liblicensespring.a is not $DIST/native/linux-x64/liblicensespring.a"
ldflags="$(go list -f '{{join .CgoLDFLAGS " "}}' "$module")"
case " $ldflags " in *" $dir/lib/linux_amd64/liblicensespring.a "*) ;; *) fail "cgo LDFLAGS do not name the module's library: $ldflags" ;; esac
case "$ldflags" in *"$root"*) fail "cgo LDFLAGS point into the checkout: $ldflags" ;; esac

# 3. A program using it, against the emulator.
cat >main.go <<'EOF'
package main

import (
	"fmt"
	"log"
	"os"

	licensespring "github.com/licensespring/licensespring-native/bindings/go"
)

func main() {
	pem, err := os.ReadFile(os.Getenv("LS_EMULATOR_PUBLIC_KEY"))
	if err != nil {
		log.Fatal(err)
	}
	client, err := licensespring.NewClient(licensespring.Config{APIKey: "demo-api-key",
		SharedKey: "demo-shared-key", BaseURL: os.Getenv("LS_BASE_URL"), PublicKeyPEM: string(pem)})
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	req := &licensespring.Request{Product: "demo", HardwareID: os.Args[1], LicenseKey: "DEMO-UNLIMITED"}
	license, err := client.Activate(req)
	if err != nil {
		log.Fatal("activate: ", err)
	}
	key, _, err := license.Key()
	license.Close()
	if err != nil || key != "DEMO-UNLIMITED" {
		log.Fatalf("key %q, %v", key, err)
	}
	if err := client.Deactivate(req); err != nil {
		log.Fatal("deactivate: ", err)
	}

	store, err := licensespring.NewStore(os.Args[2], "demo")
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if license, _, err = store.Activate(client, req); err != nil {
		log.Fatal("store activate: ", err)
	}
	license.Close()
	license, state, err := store.CheckLocal(client, req)
	if err != nil || state.Online {
		log.Fatalf("check local: %+v, %v", state, err)
	}
	license.Close()
	if err := store.Deactivate(client, req); err != nil {
		log.Fatal("store deactivate: ", err)
	}
	fmt.Println("ok", licensespring.Version())
}
EOF
run go build -o app .
if ldd ./app 2>/dev/null | grep -q licensespring; then fail "the program loads a shared liblicensespring: $(ldd ./app | grep licensespring)"; fi
start_emulator
out="$(cd "$tmp" && env LS_BASE_URL="$EMULATOR_URL" LS_EMULATOR_PUBLIC_KEY="$tmp/emulator-public-key.pem" \
    "$tmp/app/app" "go-package-$$" "$tmp/store" 2>&1)" || fail "the program failed: $out"
[ "$out" = "ok $(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)" ] || fail "the program printed: $out"

# 4. The other platforms: linked (not run) where a cross compiler exists; another one refused.
if command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    run env GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc go build -o app.exe .
fi
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
    run env GOOS=linux GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build -o app-arm64 .
fi
for platform in linux/amd64 linux/arm64 windows/amd64 darwin/arm64 linux/riscv64; do
    files="$(env GOOS="${platform%/*}" GOARCH="${platform#*/}" CGO_ENABLED=1 go list -f '{{.GoFiles}}' "$module")"
    case "$platform:$files" in
        darwin/*:*unsupported.go* | linux/riscv64:*unsupported.go*) ;;
        darwin/* | linux/riscv64:*) fail "$platform builds without unsupported.go's refusal: $files" ;;
        *unsupported.go*) fail "$platform is refused by unsupported.go" ;;
    esac
done
