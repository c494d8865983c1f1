"""The ABI as the generator sees it: the header's declarations plus the library's own tables.

Two sources, each authoritative for its part:
- include/licensespring.h (written by cbindgen from the Rust sources): functions with their
  parameter names and C types, enums with their values and doc comments, structs, opaque types,
  #defines. The raw layer of every wrapper mirrors these one to one.
- ls_abi_describe() of the built library: the tables behind the enums (status rows with server
  code, category and description; request parameters with wire name and type; result fields with
  kind, path and type; operations with method, path, parameters and result kind; struct layouts).

Only the standard library is used, so the generator runs wherever Python 3.9+ does.
"""

from __future__ import annotations

import ctypes
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = ROOT / "include" / "licensespring.h"


@dataclass
class CType:
    """A C type as written in the header, normalised: e.g. "const struct ls_result **"."""

    text: str

    @property
    def pointer_depth(self) -> int:
        return self.text.count("*")

    @property
    def base(self) -> str:
        """The type without const, struct and stars: "ls_result", "char", "int64_t"."""
        return re.sub(r"\b(const|struct)\b|\*", "", self.text).strip()

    @property
    def is_const(self) -> bool:
        return self.text.startswith("const ")

    def __str__(self) -> str:
        return self.text


@dataclass
class Param:
    name: str
    type: CType


@dataclass
class Function:
    name: str
    returns: CType
    params: list[Param]
    doc: str

    @property
    def takes_error(self) -> bool:
        """Whether the last parameter is `ls_error **error` (every fallible function)."""
        return bool(self.params) and self.params[-1].type.text == "struct ls_error **"


@dataclass
class Enumerator:
    name: str
    value: int
    doc: str


@dataclass
class Enum:
    name: str
    underlying: str  # "int32_t" or "uint32_t"
    doc: str
    members: list[Enumerator]


@dataclass
class StructField:
    name: str
    type: CType
    doc: str


@dataclass
class Struct:
    name: str
    doc: str
    fields: list[StructField]
    layout: dict  # from ls_abi_describe: size, align, field offsets


@dataclass
class Abi:
    version: int
    defines: dict[str, str]
    functions: list[Function]
    enums: dict[str, Enum]
    structs: dict[str, Struct]
    opaque: list[str]
    describe: dict = field(repr=False)

    # Convenience views of the library's tables.
    @property
    def statuses(self) -> list[dict]:
        return self.describe["statuses"]

    @property
    def categories(self) -> list[dict]:
        return self.describe["categories"]

    @property
    def params(self) -> list[dict]:
        return self.describe["params"]

    @property
    def kinds(self) -> list[dict]:
        return self.describe["kinds"]

    @property
    def fields(self) -> list[dict]:
        return self.describe["fields"]

    @property
    def operations(self) -> list[dict]:
        return self.describe["operations"]

    def fields_of(self, kind_c_name: str) -> list[dict]:
        return [f for f in self.fields if f["kind"] == kind_c_name]

    def kind(self, c_name: str) -> dict:
        return next(k for k in self.kinds if k["c_name"] == c_name)

    def function(self, name: str) -> Function:
        return next(f for f in self.functions if f.name == name)

    def doc_of(self, enum: str, member: str) -> str:
        """The header's doc comment of one enumerator (e.g. a field or a status)."""
        return next(m.doc for m in self.enums[enum].members if m.name == member)


# ---- header parsing (cbindgen's output is regular; this reads exactly what it writes) --------

_COMMENT_BLOCK = re.compile(r"((?:^[ \t]*//[^\n]*\n)*)", re.M)


def _doc(lines: list[str]) -> str:
    return "\n".join(re.sub(r"^\s*// ?", "", l) for l in lines).strip()


def _split_decl(decl: str) -> tuple[CType, str]:
    """"const struct ls_result **out" -> (CType("const struct ls_result **"), "out")."""
    decl = " ".join(decl.split())
    m = re.match(r"^(.*?)([A-Za-z_][A-Za-z0-9_]*)$", decl)
    if not m:
        raise ValueError(f"cannot read declaration {decl!r}")
    type_text = m.group(1).strip()
    type_text = re.sub(r"\s*\*", " *", type_text)  # "char*" -> "char *"
    type_text = re.sub(r"\* \*", "**", type_text)
    type_text = re.sub(r"\* \*", "**", type_text)
    return CType(type_text.strip()), m.group(2)


def parse_header(text: str) -> tuple[dict, list[Function], dict, dict, list[str]]:
    lines = text.splitlines()
    defines: dict[str, str] = {}
    functions: list[Function] = []
    enums: dict[str, Enum] = {}
    structs: dict[str, tuple[str, list[StructField]]] = {}
    opaque: list[str] = []
    pending_doc: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("//"):
            pending_doc.append(line)
            i += 1
            continue
        if not stripped:
            pending_doc = []
            i += 1
            continue
        m = re.match(r"#define (LS_\w+) (.+)$", stripped)
        if m:
            defines[m.group(1)] = m.group(2)
            pending_doc = []
            i += 1
            continue
        m = re.match(r"enum (ls_\w+)$", stripped)
        if m:
            name, doc = m.group(1), _doc(pending_doc)
            pending_doc = []
            underlying = None
            members: list[Enumerator] = []
            member_doc: list[str] = []
            i += 1
            while not lines[i].startswith("};"):
                s = lines[i].strip()
                um = re.match(r": (u?int\d+_t)$", s)
                if um:
                    underlying = um.group(1)
                elif s.startswith("//"):
                    member_doc.append(s)
                else:
                    mm = re.match(r"(LS_\w+) = (-?\d+),$", s)
                    if mm:
                        members.append(Enumerator(mm.group(1), int(mm.group(2)), _doc(member_doc)))
                        member_doc = []
                i += 1
            enums[name] = Enum(name, underlying or "int32_t", doc, members)
            i += 1
            continue
        m = re.match(r"typedef struct (ls_\w+) (ls_\w+);$", stripped)
        if m:
            opaque.append(m.group(1))
            pending_doc = []
            i += 1
            continue
        m = re.match(r"typedef struct (ls_\w+) \{$", stripped)
        if m:
            name, doc = m.group(1), _doc(pending_doc)
            pending_doc = []
            fields: list[StructField] = []
            field_doc: list[str] = []
            i += 1
            while not lines[i].startswith("}"):
                s = lines[i].strip()
                if s.startswith("//"):
                    field_doc.append(s)
                elif s.endswith(";"):
                    ctype, fname = _split_decl(s[:-1])
                    fields.append(StructField(fname, ctype, _doc(field_doc)))
                    field_doc = []
                i += 1
            structs[name] = (doc, fields)
            i += 1
            continue
        m = re.match(r"^([A-Za-z_][\w \*]*?\**)\s*\b(ls_\w+)\((.*)$", stripped)
        if m and not stripped.startswith("typedef"):
            decl = stripped
            while not decl.endswith(");"):
                i += 1
                decl += " " + lines[i].strip()
            m = re.match(r"^(.*?)\b(ls_\w+)\((.*)\);$", decl)
            returns = CType(re.sub(r"\s*\*", " *", m.group(1).strip()).replace("* *", "**"))
            params: list[Param] = []
            if m.group(3).strip() != "void":
                for part in m.group(3).split(","):
                    ctype, pname = _split_decl(part)
                    params.append(Param(pname, ctype))
            functions.append(Function(m.group(2), returns, params, _doc(pending_doc)))
            pending_doc = []
            i += 1
            continue
        pending_doc = []
        i += 1
    return defines, functions, enums, structs, opaque


# ---- the library's own description -----------------------------------------------------------


def library_path() -> Path:
    import os

    env = os.environ.get("LICENSESPRING_LIB")
    if env:
        return Path(env)
    return ROOT / "target" / "debug" / "liblicensespring.so"


def describe_from_library(path: Path) -> dict:
    lib = ctypes.CDLL(str(path))
    lib.ls_abi_describe.restype = ctypes.c_char_p
    lib.ls_abi_describe.argtypes = []
    return json.loads(lib.ls_abi_describe().decode("utf-8"))


def load(header: Path = HEADER, library: Path | None = None) -> Abi:
    defines, functions, enums, raw_structs, opaque = parse_header(header.read_text())
    describe = describe_from_library(library or library_path())
    version = int(defines["LS_ABI_VERSION"])
    if describe["abi_version"] != version:
        raise SystemExit(
            f"the library ({library or library_path()}) describes ABI {describe['abi_version']} "
            f"but the header says {version}: rebuild the library"
        )
    layouts = {s["name"]: s for s in describe["structs"]}
    structs = {}
    for name, (doc, fields) in raw_structs.items():
        layout = layouts.get(name)
        if layout is None or [f["name"] for f in layout["fields"]] != [f.name for f in fields]:
            raise SystemExit(f"struct {name}: the header and ls_abi_describe disagree on its fields")
        structs[name] = Struct(name, doc, fields, layout)
    # Every table row must be in the header's enums and the other way round.
    checks = [
        ("ls_status", [s["name"] for s in describe["statuses"]]),
        ("ls_category", [c["name"] for c in describe["categories"]]),
        ("ls_param", [p["name"] for p in describe["params"]]),
        ("ls_kind", [k["c_name"] for k in describe["kinds"]]),
        ("ls_field", [f["c_name"] for f in describe["fields"]]),
        ("ls_operation", [o["c_name"] for o in describe["operations"]]),
        ("ls_value_type", [t["name"] for t in describe["value_types"]]),
        ("ls_hardware_id_algorithm", [a["name"] for a in describe["hardware_id_algorithms"]]),
    ]
    for enum, names in checks:
        in_header = [m.name for m in enums[enum].members]
        if in_header != names:
            raise SystemExit(f"{enum}: the header and ls_abi_describe disagree: {in_header} vs {names}")
    return Abi(version, defines, functions, enums, structs, opaque, describe)


# ---- naming helpers shared by the language emitters ------------------------------------------


def camel(snake: str) -> str:
    """"custom_field" -> "CustomField"."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def lower_camel(snake: str) -> str:
    """"customer_email" -> "customerEmail"."""
    c = camel(snake)
    return c[:1].lower() + c[1:]


def strip_prefix(c_name: str, prefix: str) -> str:
    if not c_name.startswith(prefix):
        raise ValueError(f"{c_name} does not start with {prefix}")
    return c_name[len(prefix):]
