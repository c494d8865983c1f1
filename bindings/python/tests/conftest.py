"""Shared fixtures: one ls-emulator per test session, clients configured for it."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from licensespring_native import Client

BINDING = Path(__file__).resolve().parent.parent
ROOT = BINDING.parent.parent
API_KEY = "demo-api-key"
SHARED_KEY = "demo-shared-key"


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


EMULATOR = env_path("LS_EMULATOR", ROOT / "target" / "debug" / "ls-emulator")
SEED = env_path("LS_EMULATOR_SEED", ROOT / "emulator" / "seeds" / "demo.json")
SIGNING_KEY = env_path("LS_EMULATOR_KEY", ROOT / "tests" / "fixtures" / "emulator-signing-key.pem")
PUBLIC_KEY = env_path(
    "LS_EMULATOR_PUBLIC_KEY", ROOT / "tests" / "fixtures" / "emulator-public-key.pem"
)
OTHER_PUBLIC_KEY = BINDING / "tests" / "fixtures" / "other-public-key.pem"


def unique_hw(prefix: str = "py") -> str:
    """A hardware ID no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """Starts ls-emulator on a free port and yields its base URL."""
    process = subprocess.Popen(
        [
            str(EMULATOR),
            "--listen",
            "127.0.0.1:0",
            "--seed",
            str(SEED),
            "--signing-key",
            str(SIGNING_KEY),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            raise RuntimeError(f"ls-emulator did not start: first line {line!r}")
        yield line[len(prefix) :]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def public_key_pem() -> str:
    return PUBLIC_KEY.read_text()


@pytest.fixture
def client(base_url: str, public_key_pem: str) -> Iterator[Client]:
    with Client(
        API_KEY,
        SHARED_KEY,
        base_url=base_url,
        public_key_pem=public_key_pem,
        disable_proxy=True,
        timeouts_ms=(5_000, 20_000),
    ) as c:
        yield c


# Running pytest directly (without test.sh) uses the debug build of the repository.
os.environ.setdefault("LICENSESPRING_LIB", str(ROOT / "target" / "debug" / "liblicensespring.so"))
