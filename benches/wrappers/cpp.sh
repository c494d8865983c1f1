#!/usr/bin/env bash
# C++ driver (-O2, header-only wrapper) against the release shared library.
#   cpp.sh build DIR   compiles into DIR;   cpp.sh run DIR   runs it (it serves paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "$1" in
build)
    command -v g++ >/dev/null || { echo "no g++" >&2; exit 1; }
    g++ -std=c++17 -O2 -pthread -o "$2/cpp_driver" "$here/cpp/driver.cpp" \
        -I"$root/bindings/cpp/include" -I"$root/include" \
        -L"$root/target/release" -llicensespring -Wl,-rpath,"$root/target/release" ;;
run) exec "$2/cpp_driver" ;;
esac
