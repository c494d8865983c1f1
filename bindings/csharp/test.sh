#!/usr/bin/env bash
# Builds the C# wrapper and its tests with Mono's mcs and runs them against a fresh ls-emulator.
# Works standalone (derives every path from the repository) or under the top-level test script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
    packages=(mono-mcs mono-runtime libmono-system-core4.0-cil)
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${packages[@]}"; then
        $sudo apt-get update
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${packages[@]}"
    fi
fi

if [ -z "${LICENSESPRING_LIB:-}" ] || [ -z "${LS_EMULATOR:-}" ]; then
    (cd "$root" && cargo build -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$root/target/debug/liblicensespring.so}"
export LS_EMULATOR="${LS_EMULATOR:-$root/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$root/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$root/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$root/tests/fixtures/emulator-public-key.pem}"
export LS_UNRELATED_PUBLIC_KEY="$here/tests/fixtures/unrelated-public-key.pem"
export LS_HEADER="$root/include/licensespring.h"

# The library is deliberately not copied beside the assembly: the tests load it through
# LICENSESPRING_LIB and check the beside-the-assembly case in a temporary directory.
build="$here/build"
mkdir -p "$build"
rm -f "$build/liblicensespring.so"
mcs -nologo -warnaserror -target:library -out:"$build/LicenseSpring.dll" \
    $(find "$here/src" -name '*.cs' | sort)
mcs -nologo -warnaserror -target:exe -out:"$build/LicenseSpring.Tests.exe" \
    -r:"$build/LicenseSpring.dll" -r:System.Core.dll -r:System.Xml.dll \
    $(find "$here/tests" "$here/examples" -name '*.cs' | sort)

cd "$build"
exec mono --debug "$build/LicenseSpring.Tests.exe" "$@"
