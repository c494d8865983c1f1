"""The raw layer mirrors include/licensespring.h; the library is found and ABI-checked."""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from conftest import BINDING, ROOT

from licensespring_native import _raw

HEADER = ROOT / "include" / "licensespring.h"
HANDLES = {"ls_client", "ls_config", "ls_license", "ls_request"}
SCALARS: dict[str, Any] = {
    "void": None,
    "ls_status": ctypes.c_int32,
    "ls_category": ctypes.c_int32,
    "int32_t": ctypes.c_int32,
    "int64_t": ctypes.c_int64,
    "uint32_t": ctypes.c_uint32,
    "bool": ctypes.c_bool,
    "size_t": ctypes.c_size_t,
    "const char *": ctypes.c_char_p,  # input, borrowed or static string
    "char *": ctypes.c_void_p,  # owned string, kept as an address to free it
    "const char **": ctypes.POINTER(ctypes.c_char_p),
    "char **": ctypes.POINTER(ctypes.c_void_p),
}


def ctype_of(c_type: str) -> Any:
    """The ctypes type the raw layer must use for a C type spelled in the header."""
    c_type = re.sub(r"\s*\*", " *", c_type.strip()).replace("* *", "**").replace(" **", " **")
    if c_type in SCALARS:
        return SCALARS[c_type]
    match = re.fullmatch(r"(?:const )?(\w+) (\*+)", c_type)
    assert match, f"unmapped C type {c_type!r}"
    base, stars = match.groups()
    if base in HANDLES:
        result: Any = getattr(_raw, base)
    else:
        result = SCALARS[base]
    for _ in stars:
        result = ctypes.POINTER(result)
    return result


def header_functions() -> dict[str, tuple[Any, tuple[Any, ...]]]:
    text = HEADER.read_text()
    functions: dict[str, tuple[Any, tuple[Any, ...]]] = {}
    for ret, name, params in re.findall(
        r"^((?:const )?\w+\s*\**)\s*(ls_\w+)\(([^)]*)\);", text, re.MULTILINE
    ):
        args: list[Any] = []
        if params.strip() != "void":
            for param in params.split(","):
                match = re.fullmatch(r"\s*(.*?)\s*(\w+)\s*", param)
                assert match, param
                args.append(ctype_of(match.group(1)))
        functions[name] = (ctype_of(ret), tuple(args))
    return functions


def header_enums() -> dict[str, int]:
    return {
        name: int(value)
        for name, value in re.findall(r"^\s*(LS_\w+) = (\d+),", HEADER.read_text(), re.MULTILINE)
    }


def test_header_is_parsed() -> None:
    functions = header_functions()
    assert "ls_activate" in functions and len(functions) > 50
    assert header_enums()["LS_ERR_INTERNAL"] == 900


def test_every_function_matches_the_header() -> None:
    header = header_functions()
    assert sorted(header) == sorted(_raw.FUNCTIONS), "functions differ from the header"
    for name, (restype, argtypes) in header.items():
        raw_restype, raw_argtypes = _raw.FUNCTIONS[name]
        assert raw_restype is restype, f"{name}: return type"
        assert len(raw_argtypes) == len(argtypes), f"{name}: argument count"
        for i, (raw, expected) in enumerate(zip(raw_argtypes, argtypes)):
            assert raw is expected, f"{name}: argument {i} is {raw}, header says {expected}"


def test_every_enum_value_matches_the_header() -> None:
    header = header_enums()
    raw = {
        name: value
        for name, value in vars(_raw).items()
        if name.startswith("LS_") and isinstance(value, int)
    }
    assert raw == header


def test_defines_match_the_header() -> None:
    text = HEADER.read_text()
    abi = re.search(r"#define LS_ABI_VERSION (\d+)", text)
    assert abi and int(abi.group(1)) == _raw.ABI_VERSION
    assert "#define LS_MAX_RESPONSE_BYTES ((2 * 1024) * 1024)" in text
    assert _raw.MAX_RESPONSE_BYTES == 2 * 1024 * 1024


def test_library_exports_every_function() -> None:
    lib = _raw.lib()
    for name in _raw.FUNCTIONS:
        assert hasattr(lib, name), name
    assert lib.ls_abi_version() == _raw.ABI_VERSION


def test_abi_mismatch_names_both_versions() -> None:
    _raw.check_abi_version(1, 1)
    with pytest.raises(_raw.LibraryLoadError, match="ABI version 7.*ABI version 1"):
        _raw.check_abi_version(7, 1)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "LICENSESPRING_LIB"}
    environment["PYTHONPATH"] = str(BINDING / "src")
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_abi_mismatch_at_load() -> None:
    code = (
        "import licensespring_native as ls, licensespring_native._raw as raw\n"
        "raw.ABI_VERSION = 2\n"
        "try:\n    ls.version()\nexcept ls.LibraryLoadError as e:\n    print(e)\n"
    )
    result = run_python(code, LICENSESPRING_LIB=os.environ["LICENSESPRING_LIB"])
    assert "has ABI version 1, but this wrapper expects ABI version 2" in result.stdout, result


def test_missing_library_names_every_place_searched(tmp_path: Any) -> None:
    missing = tmp_path / "nowhere" / "liblicensespring.so"
    code = (
        "import licensespring_native as ls\n"
        "try:\n    ls.version()\nexcept ls.LibraryLoadError as e:\n    print(e)\n"
    )
    result = run_python(code, LICENSESPRING_LIB=str(missing), LD_LIBRARY_PATH="")
    out = result.stdout
    assert "cannot load the licensespring native library" in out, result
    assert "beside the package" in out
    assert str(BINDING / "src" / "licensespring_native" / "liblicensespring.so") in out
    assert f"$LICENSESPRING_LIB: {missing}" in out
    assert "system library search path" in out
