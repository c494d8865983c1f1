#!/usr/bin/env bash
# Go driver linked against the release shared library (tags dynamic,licensespring_release).
#   go.sh build DIR   builds into DIR;   go.sh run DIR   runs it (it serves paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "$1" in
build)
    command -v go >/dev/null || { echo "no go toolchain" >&2; exit 1; }
    cd "$here/go"
    GOFLAGS=-mod=mod go build -tags dynamic,licensespring_release -o "$2/go_driver" . ;;
run) exec "$2/go_driver" ;;
esac
