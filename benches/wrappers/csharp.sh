#!/usr/bin/env bash
# Compiles the C# wrapper's sources and the driver with Mono's mcs (optimised) and runs it with
# mono. $1: a scratch directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v mcs >/dev/null && command -v mono >/dev/null || { echo "RESULT wrapper lang=csharp skipped=\"no mcs/mono (bindings/csharp/test.sh installs them)\""; exit 0; }
out="$1/csharp"
mkdir -p "$out"
mcs -nologo -optimize+ -target:library -out:"$out/LicenseSpring.dll" $(find "$root/bindings/csharp/src" -name '*.cs' | sort)
mcs -nologo -optimize+ -target:exe -out:"$out/Bench.exe" -r:"$out/LicenseSpring.dll" "$here/csharp/Bench.cs"
mono "$out/Bench.exe"
