#!/usr/bin/env bash
# Checks that the generated files are current, builds the C# wrapper and its tests with Mono's
# mcs and runs them against a fresh ls-emulator. Works standalone (derives every path from the
# repository) or under the top-level test script.
#   bindings/csharp/test.sh            every test
#   bindings/csharp/test.sh Cancel     the tests whose name contains "Cancel"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
    packages=(mono-mcs mono-runtime libmono-system-core4.0-cil)
    echo "installing ${packages[*]}"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}" >/dev/null 2>&1; then
        $sudo apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}" >/dev/null
    fi
fi

if [ -z "${LICENSESPRING_LIB:-}" ] || [ -z "${LS_EMULATOR:-}" ]; then
    echo "building the native library and ls-emulator"
    (cd "$root" && cargo build --quiet -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$root/target/debug/liblicensespring.so}"
export LS_EMULATOR="${LS_EMULATOR:-$root/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$root/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$root/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$root/tests/fixtures/emulator-public-key.pem}"
export LS_UNRELATED_PUBLIC_KEY="$here/tests/fixtures/unrelated-public-key.pem"
export LS_HEADER="$root/include/licensespring.h"

# A generated file that differs from what the generator writes now fails the suite.
echo "checking the generated files"
python3 "$root/tools/bindgen/generate.py" --check --only csharp

# The library is deliberately not copied beside the assembly: the tests load it through
# LICENSESPRING_LIB and check the beside-the-assembly case in a temporary directory.
echo "compiling with mcs"
build="$here/build"
mkdir -p "$build"
rm -f "$build/liblicensespring.so" "$build/LicenseSpring.dll"
mcs -nologo -warnaserror -target:library -out:"$build/LicenseSpring.Native.dll" \
    $(find "$here/src" -name '*.cs' | sort)
# The README's examples are compiled as written: each ```csharp block becomes
# build/examples/<its class>.cs, which the tests run and compare with the README again.
rm -rf "$build/examples"
mkdir -p "$build/examples"
python3 -c '
import re, sys
from pathlib import Path
for block in re.findall(r"```csharp\n(.*?)```", Path(sys.argv[1]).read_text(), re.S):
    name = re.search(r"^public static class (\w+)$", block, re.M).group(1)
    Path(sys.argv[2], name + ".cs").write_text(block)
' "$here/README.md" "$build/examples"
mcs -nologo -warnaserror -target:exe -out:"$build/LicenseSpring.Tests.exe" \
    -r:"$build/LicenseSpring.Native.dll" -r:System.Core.dll -r:System.Xml.dll \
    $(find "$here/tests" "$build/examples" -name '*.cs' | sort)

cd "$build"
exec mono --debug "$build/LicenseSpring.Tests.exe" "$@"
