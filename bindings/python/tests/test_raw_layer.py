"""The generated layer agrees with the loaded library's own description (ls_abi_describe):
every table row, the ABI version, the structs' layouts, every function; the library is found
and ABI-checked."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BINDING

import licensespring_native as ls
from licensespring_native import _native, _raw


@pytest.fixture(scope="module")
def describe() -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(_native.lib().ls_abi_describe().decode())
    return parsed


def enumerators(describe: dict[str, Any]) -> dict[str, int]:
    """Every enumerator the library names, by name (rows named by "name" or "c_name")."""
    names: dict[str, int] = {}
    for table in describe.values():
        if isinstance(table, list):
            for row in table:
                if "value" in row:
                    names[row.get("c_name", row.get("name"))] = row["value"]
    return names


def test_abi_version_and_library(describe: dict[str, Any]) -> None:
    assert describe["abi_version"] == _raw.ABI_VERSION == ls.abi_version()
    assert describe["library_version"] == ls.version()


TABLES = ["statuses", "categories", "value_types", "params", "kinds", "fields", "operations",
          "hardware_id_algorithms"]


@pytest.mark.parametrize("table", TABLES)
def test_every_table_row_equals_the_library(describe: dict[str, Any], table: str) -> None:
    """Rows present and equal in both directions, column by column; an enumerator's name in
    the library's row is its number in the generated one."""
    names = enumerators(describe)
    generated = getattr(_raw, table.upper())
    assert [row["value"] for row in describe[table]] == list(generated), "rows differ"
    for row in describe[table]:
        mine = generated[row["value"]]._asdict()
        assert set(mine) == set(row), (table, row)
        for column, value in row.items():
            if column not in ("name", "c_name") and isinstance(value, str) and value in names:
                value = names[value]
            elif isinstance(value, list):
                value = tuple(names[v] for v in value)
            assert mine[column] == value, (table, row["value"], column)
        # The row's enumerator is a constant of the raw layer with the same number.
        assert getattr(_raw, row.get("c_name", row["name"])) == row["value"]


def test_statuses_agree_with_the_library_functions() -> None:
    for row in _raw.STATUSES.values():
        assert ls.status_name(row.value) == row.name
        assert ls.status_description(row.value) == row.description
        assert int(_native.lib().ls_status_category(row.value)) == row.category


def test_struct_layouts_equal_the_library(describe: dict[str, Any]) -> None:
    layouts = {s["name"]: s for s in describe["structs"]}
    assert set(layouts) == {"ls_error", "ls_value", "ls_store_state"}
    for name, layout in layouts.items():
        struct = getattr(_raw, name)
        assert ctypes.sizeof(struct) == layout["size"], name
        assert ctypes.alignment(struct) == layout["align"], name
        fields = [(f[0], getattr(struct, f[0]).offset) for f in struct._fields_]
        assert fields == [(f["name"], f["offset"]) for f in layout["fields"]], name


def test_library_exports_every_function() -> None:
    lib = _native.lib()
    for name, (restype, argtypes) in _raw.FUNCTIONS.items():
        function = getattr(lib, name)
        assert function.restype is restype and tuple(function.argtypes) == argtypes, name
    assert "ls_call" in _raw.FUNCTIONS and len(_raw.FUNCTIONS) > 30


def test_generated_api_covers_every_row() -> None:
    """One method per operation, one class per kind, one keyword per parameter, one enum
    member per row (a new row without regeneration fails test_every_table_row... first)."""
    for op in _raw.OPERATIONS.values():
        assert callable(getattr(ls.Client, op.name)) and callable(getattr(ls.AsyncClient, op.name))
    for name in (n for n in _raw.FUNCTIONS if n.startswith("ls_store_") and n not in
                 ("ls_store_new", "ls_store_free")):
        assert hasattr(ls.Store, name[9:]) and hasattr(ls.AsyncStore, name[9:]), name
    assert ls.StoreState._fields == tuple(f[0] for f in _raw.ls_store_state._fields_)
    for kind in _raw.KINDS.values():
        cls = ls.Result._by_kind[kind.value]
        for field in (f for f in _raw.FIELDS.values() if f.kind == kind.value):
            assert isinstance(getattr(cls, field.name), property), field
    keywords = ls.Request.__init__.__code__.co_varnames
    for param in _raw.PARAMS.values():
        assert param.name.removeprefix("LS_PARAM_").lower() in keywords, param
    assert len(ls.Status) == len(_raw.STATUSES) and len(ls.Field) == len(_raw.FIELDS)


def test_abi_mismatch_names_both_versions() -> None:
    _native.check_abi_version(2, 2)
    with pytest.raises(ls.LibraryLoadError, match="ABI version 7.*ABI version 2"):
        _native.check_abi_version(7, 2)


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
        "raw.ABI_VERSION = 3\n"
        "try:\n    ls.version()\nexcept ls.LibraryLoadError as e:\n    print(e)\n"
    )
    result = run_python(code, LICENSESPRING_LIB=os.environ["LICENSESPRING_LIB"])
    assert "has ABI version 2, but this wrapper expects ABI version 3" in result.stdout, result


def test_a_library_without_a_function_is_refused_at_load() -> None:
    code = (
        "import licensespring_native as ls, licensespring_native._raw as raw\n"
        "raw.FUNCTIONS['ls_not_there'] = (None, ())\n"
        "try:\n    ls.version()\nexcept ls.LibraryLoadError as e:\n    print(e)\n"
    )
    result = run_python(code, LICENSESPRING_LIB=os.environ["LICENSESPRING_LIB"])
    assert "has no ls_not_there: it is older than this wrapper" in result.stdout, result


def test_missing_library_names_every_place_searched(tmp_path: Path) -> None:
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
