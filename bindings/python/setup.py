"""Build step that puts the native library into the wheel.

``build_py`` copies ``liblicensespring`` next to the Python modules, so the wheel is
self-contained. The library comes from ``$LICENSESPRING_LIB`` when that names a file (an
already-built library: no cargo run), otherwise from ``cargo build --release -p licensespring``
in the repository this directory belongs to (two levels up). The wheel is tagged for this
platform but not for a Python version or ABI (``py3-none-<platform>``): the package is pure
Python over ctypes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGE = "licensespring_native"


def library_file_name() -> str:
    if sys.platform == "win32":
        return "licensespring.dll"
    if sys.platform == "darwin":
        return "liblicensespring.dylib"
    return "liblicensespring.so"


def find_crate_root() -> Path:
    """The directory of the ``licensespring`` crate's Cargo.toml, above this one."""
    for directory in HERE.parents:
        manifest = directory / "Cargo.toml"
        if manifest.is_file() and 'name = "licensespring"' in manifest.read_text("utf-8"):
            return directory
    raise SystemExit(
        f"cannot find the licensespring crate (a Cargo.toml above {HERE}); build from the "
        "repository checkout, or set LICENSESPRING_LIB to an already-built "
        f"{library_file_name()}"
    )


def cargo_build() -> Path:
    """Builds the cdylib in release mode and returns the path cargo reports for it."""
    root = find_crate_root()
    cargo = os.environ.get("CARGO", "cargo")
    command = [cargo, "build", "--release", "--lib", "-p", "licensespring",
               "--message-format=json-render-diagnostics"]
    print(f"running {' '.join(command)} in {root}", file=sys.stderr)
    result = subprocess.run(command, cwd=root, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"cargo build failed with exit status {result.returncode}")
    for line in result.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") != "compiler-artifact":
            continue
        if "cdylib" not in message.get("target", {}).get("kind", []):
            continue
        for filename in message.get("filenames", []):
            if Path(filename).name == library_file_name():
                return Path(filename)
    raise SystemExit(f"cargo build did not report {library_file_name()}")


def native_library() -> Path:
    prebuilt = os.environ.get("LICENSESPRING_LIB")
    if prebuilt:
        path = Path(prebuilt)
        if not path.is_file():
            raise SystemExit(f"LICENSESPRING_LIB={prebuilt} is not a file")
        print(f"using the prebuilt library {path} (LICENSESPRING_LIB)", file=sys.stderr)
        return path
    return cargo_build()


class BuildPyWithNativeLibrary(build_py):
    def run(self) -> None:
        super().run()
        destination = Path(self.build_lib) / PACKAGE / library_file_name()
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(native_library(), destination)


class PlatformWheel(bdist_wheel):
    def finalize_options(self) -> None:
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self) -> tuple[str, str, str]:
        _, _, platform = super().get_tag()
        return "py3", "none", platform


setup(cmdclass={"build_py": BuildPyWithNativeLibrary, "bdist_wheel": PlatformWheel})
