# Shared by compare-linux.sh and compare-windows.sh; source it.
#
# fetch_vendor_wheel PLATFORM_TAG  downloads (once, cached under target/) the vendor generator's
#                                  wheel for that platform with pip and prints the folder that
#                                  holds its native library.
# build_ours [CARGO_ARGS...]       builds tests/hardware_id/main.rs and prints its executable.

HWID_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HWID_DIR="$HWID_ROOT/tests/hardware_id"
# The version the comparison was made against; the issue measured 1.8.0.
VENDOR_PACKAGE="licensespring-hardware-id-generator"
VENDOR_VERSION="1.8.0"
VENDOR_CACHE="$HWID_ROOT/target/vendor-hwid/$VENDOR_VERSION"

fetch_vendor_wheel() { # fetch_vendor_wheel PLATFORM_TAG
  local tag="$1" dir="$VENDOR_CACHE/$1"
  if [ ! -d "$dir/licensespring_hardware_id_generator/lib" ]; then
    mkdir -p "$dir"
    local log="$dir/pip.log"
    # The native library inside does not depend on Python; any CPython tag with a wheel will do.
    if ! python3 -m pip download --disable-pip-version-check --no-deps --only-binary=:all: \
        --platform "$tag" --python-version 3.11 --implementation cp \
        -d "$dir" "$VENDOR_PACKAGE==$VENDOR_VERSION" >"$log" 2>&1; then
      cat "$log" >&2
      echo "could not download $VENDOR_PACKAGE $VENDOR_VERSION for $tag" >&2
      return 1
    fi
    python3 - "$dir" <<'PY' || return 1
import glob, sys, zipfile
dest = sys.argv[1]
wheels = glob.glob(dest + "/*.whl")
assert len(wheels) == 1, wheels
with zipfile.ZipFile(wheels[0]) as z:
    z.extractall(dest)
PY
  fi
  echo "$dir/licensespring_hardware_id_generator/lib"
}

build_ours() { # build_ours [CARGO_ARGS...]
  (cd "$HWID_ROOT" && cargo test --quiet --test hardware_id --no-run --message-format=json "$@") |
    python3 -c '
import json, sys
exe = None
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "hardware_id" and m.get("executable"):
        exe = m["executable"]
if not exe:
    sys.exit("the hardware_id test binary was not built")
print(exe)'
}

# Runs this library's print_ids test binary (under the given runner, e.g. wine) and keeps the
# `ours ...` lines.
run_ours() { # run_ours [RUNNER...] BINARY
  "$@" --ignored --exact print_ids --nocapture --test-threads=1 | tr -d '\r' | grep '^ours '
}
