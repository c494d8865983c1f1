#!/usr/bin/env bash
# The Python wrapper's tests: the generated files are current, then mypy --strict and pytest.
# Builds the library and ls-emulator with cargo unless LICENSESPRING_LIB and LS_EMULATOR are set.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z "${LICENSESPRING_LIB:-}" || -z "${LS_EMULATOR:-}" ]]; then
    echo "python: building the library and ls-emulator"
    (cd "$root" && cargo build --quiet -p licensespring -p ls-emulator)
fi
export LICENSESPRING_LIB="${LICENSESPRING_LIB:-$root/target/debug/liblicensespring.so}"
export LS_EMULATOR="${LS_EMULATOR:-$root/target/debug/ls-emulator}"
export LS_EMULATOR_SEED="${LS_EMULATOR_SEED:-$root/emulator/seeds/demo.json}"
export LS_EMULATOR_KEY="${LS_EMULATOR_KEY:-$root/tests/fixtures/emulator-signing-key.pem}"
export LS_EMULATOR_PUBLIC_KEY="${LS_EMULATOR_PUBLIC_KEY:-$root/tests/fixtures/emulator-public-key.pem}"

echo "python: checking the generated files"
python3 "$root/tools/bindgen/generate.py" --check --only python

python="${PYTHON:-python3}"
venv="$here/.venv"
if [[ ! -x "$venv/bin/python" ]]; then
    echo "python: creating $venv"
    "$python" -m venv "$venv"
fi
missing=()
"$venv/bin/python" -c "import pytest" 2>/dev/null || missing+=(pytest)
"$venv/bin/python" -c "import mypy" 2>/dev/null || missing+=(mypy)
# setup.py is type-checked too: it needs setuptools with bdist_wheel, and its stubs.
"$venv/bin/python" -c "import setuptools.command.bdist_wheel" 2>/dev/null || missing+=("setuptools>=71")
"$venv/bin/python" -c "import importlib.metadata as m; m.version('types-setuptools')" 2>/dev/null ||
    missing+=(types-setuptools)
if ((${#missing[@]})); then
    echo "python: installing ${missing[*]}"
    "$venv/bin/python" -m pip install --quiet "${missing[@]}"
fi

cd "$here"
echo "python: mypy --strict"
"$venv/bin/python" -m mypy --strict
echo "python: pytest"
"$venv/bin/python" -m pytest -q "$@"
echo "python: all checks passed"
