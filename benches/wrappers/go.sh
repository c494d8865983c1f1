#!/usr/bin/env bash
# Builds and runs the Go driver against the release shared library. $1: a scratch directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null || { echo "RESULT wrapper lang=go skipped=\"no go toolchain\""; exit 0; }
cd "$here/go"
GOFLAGS=-mod=mod go build -tags dynamic,licensespring_release -o "$1/go_driver" .
"$1/go_driver"
