#!/usr/bin/env bash
# Node driver over bindings/node (its Node-API addon; LICENSESPRING_LIB names the library).
#   node.sh build DIR   (installs the npm devDependencies and builds the addon when missing);
#   node.sh run DIR     runs it (see paired.py)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "$1" in
build)
    command -v node >/dev/null || { echo "no node" >&2; exit 1; }
    [[ -d "$root/bindings/node/node_modules/node-api-headers" ]] || (cd "$root/bindings/node" && npm ci --silent)
    bash "$root/bindings/node/build-addon.sh" ;;
run) exec node "$here/node_driver.js" ;;
esac
