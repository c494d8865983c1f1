"""`pip install bindings/python` builds a wheel that bundles the native library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BINDING

import licensespring_native as ls


def test_pip_install_into_a_fresh_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # LICENSESPRING_LIB makes the build step copy this library instead of running cargo.
    env["LICENSESPRING_LIB"] = os.environ["LICENSESPRING_LIB"]
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(BINDING)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    # Imported from the venv with no LICENSESPRING_LIB: the bundled library must be found.
    del env["LICENSESPRING_LIB"]
    code = (
        "import licensespring_native as ls, licensespring_native._native as native\n"
        "print(ls.__file__)\n"
        "print(next(native.candidates())[1])\n"
        "print(ls.version(), ls.abi_version())\n"
    )
    run = subprocess.run(
        [str(python), "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    package_file, library, versions = run.stdout.splitlines()
    site = Path(package_file).parent
    assert site.is_relative_to(venv)
    assert library == str(site / "liblicensespring.so")
    assert all((site / name).is_file() for name in ("py.typed", "_raw.py", "_api.py", "_native.py"))
    assert versions == f"{ls.version()} {ls.ABI_VERSION}"
