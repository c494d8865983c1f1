"""Build step that puts the native library into the wheel, beside the modules.

The library is ``$LICENSESPRING_LIB`` when set (a built library, copied under its own name: no
cargo run), otherwise the cdylib of ``cargo build --release -p licensespring`` in the crate
(``rust/`` in the sdist, or the checkout this directory is in). The distribution declares
itself non-pure, so the wheel keeps the library in its root (platlib), tagged
``py3-none-<platform>`` (ctypes: any Python 3); ``--plat-name`` retags it for another platform.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def cargo_build() -> Path:
    """Builds the cdylib (stripped, release) and returns the path cargo reports for it."""
    root = next((d for d in (HERE / "rust", *HERE.parents) if (d / "src" / "ffi").is_dir()), None)
    if root is None:
        raise SystemExit("no licensespring crate here: set LICENSESPRING_LIB to a built library")
    command = [os.environ.get("CARGO", "cargo"), "build", "--release", "--lib", "-p",
               "licensespring", "--message-format=json-render-diagnostics"]
    env = {"CARGO_PROFILE_RELEASE_STRIP": "symbols", **os.environ}
    built = subprocess.run(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True, check=True)
    for message in map(json.loads, built.stdout.splitlines()):
        for name in message.get("filenames", []) if "cdylib" in str(message.get("target")) else []:
            if name.endswith((".so", ".dll", ".dylib")):
                return Path(name)
    raise SystemExit("cargo build did not report the licensespring cdylib")


class BuildPyWithNativeLibrary(build_py):
    def run(self) -> None:
        super().run()
        library = Path(os.environ.get("LICENSESPRING_LIB") or cargo_build())
        shutil.copyfile(library, Path(self.build_lib, "licensespring_native", library.name))


class NativeDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # not pure: the library goes to platlib
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self) -> tuple[str, str, str]:
        return "py3", "none", super().get_tag()[2]


setup(distclass=NativeDistribution,
      cmdclass={"build_py": BuildPyWithNativeLibrary, "bdist_wheel": PlatformWheel})
