"""One client used from several threads at once."""

from __future__ import annotations

import time
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Captured, make_client, relay, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Request


def activate_check_deactivate(client: Client, n: int) -> str:
    with Request(product="demo", hardware_id=unique_hw(f"thread{n}"), license_key="DEMO-UNLIMITED") as r:
        with client.activate(r) as lic:
            assert lic.key == "DEMO-UNLIMITED"
        with client.check(r) as lic:
            assert lic.active
        client.deactivate(r)
    return "ok"


def expect_failure(client: Client, n: int) -> str:
    # Alternating failures: each thread must read its own call's error detail.
    key, code = [("DEMO-EXPIRED", "license_expired"), ("NO-SUCH-KEY", "license_not_found")][n % 2]
    with Request(product="demo", hardware_id=unique_hw(), license_key=key) as r:
        with pytest.raises(ls.LicenseError) as info:
            client.activate(r)
    assert info.value.server_code == code, (n, info.value)
    with Request(product="demo", hardware_id=unique_hw()) as r:
        with pytest.raises(ls.InvalidArgumentError) as invalid:
            client.activate(r)
    assert invalid.value.http_status is None and invalid.value.server_code is None
    return code


def test_one_client_many_threads(client: Client) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        successes = [pool.submit(activate_check_deactivate, client, n) for n in range(24)]
        failures = [pool.submit(expect_failure, client, n) for n in range(24)]
        assert [f.result() for f in successes] == ["ok"] * 24
        assert sorted(f.result() for f in failures) == sorted(
            ["license_expired", "license_not_found"] * 12
        )


def test_shared_request_and_close_while_in_use(client: Client) -> None:
    """A request read by several threads at once."""
    hws = [unique_hw() for _ in range(8)]

    def run(hw: str) -> int:
        with Request(product="demo", hardware_id=hw, license_key="DEMO-UNLIMITED") as r:
            with client.activate(r) as lic:
                return lic.id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(run, hws))
    assert ids == [1010] * 8

    shared = Request(product="demo", hardware_id=hws[0], license_key="DEMO-UNLIMITED")
    with shared, ThreadPoolExecutor(max_workers=4) as pool:
        checks = [pool.submit(client.check, shared) for _ in range(8)]
        licenses = [f.result() for f in checks]
        assert all(lic.id == 1010 for lic in licenses)
        for lic in licenses:
            lic.close()
    for hw in hws:
        with Request(product="demo", hardware_id=hw, license_key="DEMO-UNLIMITED") as r:
            client.deactivate(r)


def test_close_while_a_call_is_in_flight(public_key_pem: str) -> None:
    """close() from another thread does not free the client under a running call."""

    def unavailable(seen: Captured) -> tuple[int, dict[str, str], bytes]:
        return 503, {}, b""

    with relay(stall=0.5, respond=unavailable) as server:
        c = make_client(server.url, public_key_pem)
        with Request(product="demo", hardware_id=unique_hw("stall"), license_key="K") as r:
            with ThreadPoolExecutor(max_workers=1) as pool:
                native = weakref.ref(c._ptr)  # the owned ls_client pointer
                call = pool.submit(c.activate, r)
                time.sleep(0.2)
                c.close()
                assert c.closed
                assert native() is not None  # the call in flight still holds the client
                with pytest.raises(ls.ServerError):
                    call.result()
                del call
            assert native() is None  # released (ls_client_free) once the call returned
            with pytest.raises(ls.ClosedError):
                c.activate(r)
