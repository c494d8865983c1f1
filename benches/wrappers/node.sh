#!/usr/bin/env bash
# Node driver over bindings/node (koffi; LICENSESPRING_LIB names the library).
#   node.sh build DIR   (checks koffi is installed);   node.sh run DIR   runs it (one RESULT line)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "$1" in
build)
    command -v node >/dev/null || { echo "no node" >&2; exit 1; }
    [[ -d "$root/bindings/node/node_modules/koffi" ]] || (cd "$root/bindings/node" && npm ci --silent) ;;
run) node "$here/node_driver.js" ;;
esac
