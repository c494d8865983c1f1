#!/usr/bin/env bash
# Builds the C++ driver (-O2, header-only wrapper) against the release shared library and runs
# it. $1: a scratch directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v g++ >/dev/null || { echo "RESULT wrapper lang=cpp skipped=\"no g++\""; exit 0; }
g++ -std=c++17 -O2 -o "$1/cpp_driver" "$here/cpp/driver.cpp" \
    -I"$root/bindings/cpp/include" -I"$root/include" \
    -L"$root/target/release" -llicensespring -Wl,-rpath,"$root/target/release"
"$1/cpp_driver"
