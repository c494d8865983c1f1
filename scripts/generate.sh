#!/usr/bin/env bash
# Regenerates every wrapper's generated layer (tools/bindgen) from the header and the library's
# tables. Builds the library first. `--check` fails instead when a committed file is stale.
set -euo pipefail
source "$(dirname "$0")/env.sh"
(cd "$ROOT" && cargo build --quiet -p licensespring)
python3 "$ROOT/tools/bindgen/generate.py" "$@"
