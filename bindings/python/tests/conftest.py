"""Shared fixtures: one ls-emulator per test session, clients configured for it, and a small
relay server for what the emulator cannot show (captured requests, stalls, hostile answers)."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import http.server
import os
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import licensespring_native as ls
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


def fails(status: int, cls: type[ls.LicenseSpringError] = ls.LicenseError,
          http_status: int = 400) -> pytest.RaisesExc[ls.LicenseSpringError]:
    """pytest.raises for a server error: its class, status, server code and HTTP status."""

    def check(error: ls.LicenseSpringError) -> bool:
        return (error.status, error.http_status) == (status, http_status) and (
            error.server_code is not None
            and error.status_name == "LS_ERR_" + error.server_code.upper())

    return pytest.raises(cls, check=check)


@contextmanager
def emulator() -> Iterator[str]:
    """Runs an ls-emulator on a free port; yields its base URL and stops it on exit."""
    process = subprocess.Popen(
        [str(EMULATOR), "--listen", "127.0.0.1:0", "--seed", str(SEED),
         "--signing-key", str(SIGNING_KEY)],
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
def base_url() -> Iterator[str]:
    """One ls-emulator for the session."""
    with emulator() as url:
        yield url


@pytest.fixture(scope="session")
def public_key_pem() -> str:
    return PUBLIC_KEY.read_text()


def make_client(base_url: str, public_key_pem: str, **options: Any) -> Client:
    """A client for base_url with the test defaults (explicit timeouts, no proxy)."""
    settings: dict[str, Any] = {
        "base_url": base_url,
        "public_key_pem": public_key_pem,
        "disable_proxy": True,
        "connect_timeout": 5,
        "total_timeout": 20,
    }
    settings.update(options)
    api_key = settings.pop("api_key", API_KEY)
    shared_key = settings.pop("shared_key", SHARED_KEY)
    return Client(api_key, shared_key, **settings)


@pytest.fixture
def client(base_url: str, public_key_pem: str) -> Iterator[Client]:
    with make_client(base_url, public_key_pem) as c:
        yield c


def post_offline(base_url: str, endpoint: str, body: str) -> tuple[int, str]:
    """Posts an offline request file to ``activate_offline`` / ``deactivate_offline`` as the
    vendor's portal receives it (a License API request signed with the keys): (HTTP status, body)."""
    date = email.utils.formatdate(usegmt=True)
    mac = hmac.new(SHARED_KEY.encode(), f"licenseSpring\ndate: {date}".encode(), hashlib.sha256)
    auth = (f'algorithm="hmac-sha256",headers="date",'
            f'signature="{base64.b64encode(mac.digest()).decode()}",apikey="{API_KEY}"')
    request = urllib.request.Request(f"{base_url}/api/v4/{endpoint}", body.encode(), {
        "Date": date, "Authorization": auth, "Content-Type": "text/plain"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# ---- the relay -----------------------------------------------------------------------------------


@dataclass
class Captured:
    """One request as the relay received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def params(self) -> dict[str, Any]:
        """The parameters sent: the JSON body of a POST, the query of a GET."""
        if self.method == "POST":
            parsed: dict[str, Any] = json.loads(self.body)
            return parsed
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))


Answer = tuple[int, dict[str, str], bytes]


class Relay:
    """A loopback HTTP server in front of ls-emulator. It records every request; a request
    whose path or body contains ``marker`` is held ``stall`` seconds (None: until the relay
    closes) before it is forwarded; ``respond`` answers requests itself instead."""

    def __init__(self, upstream: str | None, *, stall: float | None = 0.0,
                 marker: bytes = b"stall", respond: Callable[[Captured], Answer] | None = None
                 ) -> None:
        self.requests: list[Captured] = []
        self.closing = threading.Event()
        relay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen = Captured(self.command, self.path, dict(self.headers.items()), body)
                relay.requests.append(seen)
                if marker in self.path.encode() + body:
                    relay.closing.wait(stall)
                    if relay.closing.is_set():
                        return
                status, headers, answer = (respond or relay.forward)(seen)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = handle_one

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.upstream = urllib.parse.urlsplit(upstream) if upstream else None
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, seen: Captured) -> Answer:
        assert self.upstream is not None and self.upstream.hostname
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=10)
        try:
            headers = {k: v for k, v in seen.headers.items() if k.lower() != "host"}
            conn.request(seen.method, seen.path, seen.body or None, headers)
            response = conn.getresponse()
            kept = {k: v for k, v in response.getheaders()
                    if k.lower() in ("content-type", "licensesignature", "retry-after")}
            return response.status, kept, response.read()
        finally:
            conn.close()

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def relay(upstream: str | None = None, **options: Any) -> Iterator[Relay]:
    server = Relay(upstream, **options)
    try:
        yield server
    finally:
        server.close()


# Running pytest directly (without test.sh) uses the debug build of the repository.
os.environ.setdefault("LICENSESPRING_LIB", str(ROOT / "target" / "debug" / "liblicensespring.so"))
