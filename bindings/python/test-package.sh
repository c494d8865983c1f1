#!/usr/bin/env bash
# Installs this machine's wheel from $DIST/python/ (bindings/python/package.sh) the way its users
# do, into a fresh venv in a temporary folder outside the repository (pip, no index, no
# LICENSESPRING_LIB, no PYTHONPATH), then activates, checks and deactivates a license against
# ls-emulator, and checks that the library loaded is the wheel's (in the venv's site-packages,
# byte for byte the one in $DIST/native/). Quiet on success.
#
#   bash bindings/python/test-package.sh           the host wheel
#   bash bindings/python/test-package.sh --sdist   also pip-installs the sdist (cargo builds the
#                                                  library: minutes; its target dir is cached
#                                                  in target/python-sdist)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
# shellcheck source=../../scripts/env.sh
source "$root/scripts/env.sh"
unset LICENSESPRING_LIB PYTHONPATH

fail() { echo "python test-package: $*" >&2; exit 1; }
case "$(uname -m)" in
    x86_64) rid=linux-x64 arch=x86_64 ;;
    aarch64) rid=linux-arm64 arch=aarch64 ;;
    *) fail "no wheel for $(uname -m)" ;;
esac
wheels=("$DIST"/python/licensespring_native-*-py3-none-manylinux2014_"$arch".*.whl)
[[ -f "${wheels[0]}" ]] || fail "no manylinux2014_$arch wheel in $DIST/python: run bash scripts/package.sh"
sdists=("$DIST"/python/licensespring_native-*.tar.gz)
if [[ ! -x "$LS_EMULATOR" ]]; then
    (cd "$root" && cargo build --quiet -p ls-emulator) || fail "cannot build ls-emulator"
fi

project="$(mktemp -d)"
cleanup() { stop_emulator; rm -rf "$project"; }
trap cleanup EXIT
cp "${wheels[0]}" "$LS_EMULATOR_PUBLIC_KEY" "$project/"
cp "$DIST/native/$rid/liblicensespring.so" "$project/expected.so"
cat >"$project/check.py" <<'EOF'
"""Run from the temporary project: the installed package against the emulator at LS_BASE_URL."""
import os, pathlib, sys, sysconfig

import licensespring_native as ls
from licensespring_native import Client, Request, hardware_id

site = pathlib.Path(sysconfig.get_paths()["platlib"]).resolve()
package = pathlib.Path(ls.__file__).resolve().parent
assert package == site / "licensespring_native", f"imported from {package}, not {site}"
client = Client("demo-api-key", "demo-shared-key", base_url=os.environ["LS_BASE_URL"],
                public_key_pem=pathlib.Path("emulator-public-key.pem").read_text(), disable_proxy=True)
request = Request(product="demo", hardware_id=hardware_id(), license_key="DEMO-UNLIMITED")
with client, request, client.activate(request) as activated:
    assert activated.key == "DEMO-UNLIMITED", activated.key
    with client.check(request) as checked:
        assert checked.active, "not active after activation"
    client.deactivate(request)

loaded = {pathlib.Path(line.split(maxsplit=5)[5].strip()).resolve()
          for line in open("/proc/self/maps") if "licensespring" in line and len(line.split()) > 5}
assert loaded == {package / "liblicensespring.so"}, f"loaded {loaded}, not the wheel's library"
expected = pathlib.Path("expected.so").read_bytes()  # empty: built from the sdist
assert not expected or loaded.pop().read_bytes() == expected, "not the packaged library"
assert ls.version() == ls._raw.LIBRARY_VERSION, ls.version()
EOF

# run_in_venv NAME ARTIFACT: a fresh venv, pip install ARTIFACT (no index for a wheel), check.py.
run_in_venv() {
    local venv="$project/$1" log="$project/$1.log"
    python3 -m venv "$venv" >"$log" 2>&1 || { cat "$log" >&2; fail "cannot create a venv"; }
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${@:3}" "$2" >"$log" 2>&1 ||
        { cat "$log" >&2; fail "pip install $(basename "$2") failed"; }
    (cd "$project" && LS_BASE_URL="$EMULATOR_URL" "$venv/bin/python" -I check.py) ||
        fail "the package installed from $(basename "$2") failed (above)"
}

start_emulator
run_in_venv wheel-venv "$project/$(basename "${wheels[0]}")" --no-index
if [[ "${1:-}" == "--sdist" ]]; then
    # From source the library is built here, so it is not the packaged one: compare nothing.
    : >"$project/expected.so"
    CARGO_TARGET_DIR="$root/target/python-sdist" run_in_venv sdist-venv "${sdists[0]}" --no-cache-dir
fi
