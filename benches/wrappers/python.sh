#!/usr/bin/env bash
# Python driver over bindings/python/src (pure ctypes; LICENSESPRING_LIB names the library).
#   python.sh build DIR   (nothing to build);   python.sh run DIR   runs it (it serves paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "$1" in
build) command -v python3 >/dev/null ;;
run) PYTHONPATH="$root/bindings/python/src" exec python3 "$here/python_driver.py" ;;
esac
