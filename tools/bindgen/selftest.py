#!/usr/bin/env python3
"""Proves that the staleness check catches what it must: generates every wrapper layer into a
scratch tree, checks it (current), then edits one generated file at a time (a changed line, a
dropped status row, a struct field moved) and expects the check to fail each time.

    python3 tools/bindgen/selftest.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def check(root: Path) -> int:
    return subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--check", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ).returncode


def main() -> int:
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--root", str(root)], check=True, stdout=subprocess.DEVNULL
        )
        files = sorted(p for p in root.rglob("*") if p.is_file())
        if not files or check(root) != 0:
            print("selftest: a fresh generation does not check as current")
            return 1
        for path in files:
            original = path.read_text()
            lines = original.splitlines(keepends=True)
            edits = {
                "a changed line": "".join(lines[:-1] + [lines[-1].rstrip("\n") + " // edited\n"]),
                "a dropped status row": "".join(l for l in lines if "LS_ERR_CANCELLED" not in l),
                "a struct field reordered": original.replace("retry_after_secs", "retry_after_sec", 1),
            }
            for what, edited in edits.items():
                if edited == original:
                    continue  # this file has no such line
                path.write_text(edited)
                if check(root) == 0:
                    print(f"selftest: {path.relative_to(root)} with {what} still checks as current")
                    failures += 1
                path.write_text(original)
        print(f"selftest: {len(files)} generated files; every edit detected" if not failures else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
