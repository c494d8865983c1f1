#!/usr/bin/env bash
# The C reference driver, plain C against the release shared library.
#   c.sh build DIR   compiles into DIR;   c.sh run DIR   runs it (figures c, c-hop; see paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "$1" in
build) gcc -O2 -o "$2/c_driver" "$here/c_driver.c" -I"$root/include" -L"$root/target/release" -llicensespring -lpthread -Wl,-rpath,"$root/target/release" ;;
run) exec "$2/c_driver" ;;
esac
