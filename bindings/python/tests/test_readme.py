"""The README's example runs as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import BINDING, PUBLIC_KEY


def readme_example() -> str:
    text = (BINDING / "README.md").read_text()
    section = text.split("## Example", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "no python block under '## Example'"
    return match.group(1)


def test_readme_example_runs(base_url: str) -> None:
    code = readme_example()
    assert len(code.strip().splitlines()) <= 16
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
    assert result.stdout.splitlines() == [
        "DEMO-1111-2222-3333 perpetual ['pro', 'export']",
        "LS_ERR_LICENSE_EXPIRED license_expired 400",
    ]
