#!/usr/bin/env bash
# C# driver: the wrapper's sources and the driver compiled with Mono's mcs (-optimize+), run
# with mono over LICENSESPRING_LIB.
#   csharp.sh build DIR   compiles into DIR;   csharp.sh run DIR   runs it (it serves paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$2/csharp"
case "$1" in
build)
    command -v mcs >/dev/null && command -v mono >/dev/null || { echo "no mcs/mono (bindings/csharp/test.sh installs them)" >&2; exit 1; }
    mkdir -p "$out"
    mcs -nologo -optimize+ -target:library -out:"$out/LicenseSpring.Native.dll" $(find "$root/bindings/csharp/src" -name '*.cs' | sort)
    mcs -nologo -optimize+ -target:exe -out:"$out/Bench.exe" -r:"$out/LicenseSpring.Native.dll" "$here/csharp/Bench.cs" ;;
run) exec mono "$out/Bench.exe" ;;
esac
