"""Every Python example in the README runs as written and prints the output shown after it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import BINDING, PUBLIC_KEY

EXAMPLE = re.compile(r"```python\n(.*?)```\s*```text\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    text = (BINDING / "README.md").read_text()
    found = [(m.group(1), m.group(2)) for m in EXAMPLE.finditer(text)]
    assert len(found) == text.count("```python"), "every python block is followed by its output"
    return found


def test_the_readme_has_its_examples() -> None:
    assert len(examples()) >= 5
    assert len(examples()[0][0].strip().splitlines()) <= 16


@pytest.mark.parametrize("index", range(len(examples())))
def test_readme_example_runs(base_url: str, index: int) -> None:
    code, output = examples()[index]
    env = dict(os.environ)
    env.update(
        LS_BASE_URL=base_url,
        LS_EMULATOR_PUBLIC_KEY=str(PUBLIC_KEY),
        PYTHONPATH=str(BINDING / "src"),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == output.splitlines()
