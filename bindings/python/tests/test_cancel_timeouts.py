"""Cancelling a blocking call from another thread, and timeouts passed through to the core."""

from __future__ import annotations

import concurrent.futures
import datetime
import threading
import time

import pytest
from conftest import make_client, relay, unique_hw

import licensespring_native as ls
from licensespring_native import Request, _raw


def test_cancel_before_during_and_after_a_call(base_url: str, public_key_pem: str) -> None:
    with relay(base_url, stall=None) as server, make_client(server.url, public_key_pem) as client:
        stalled = Request(product="demo", hardware_id=unique_hw("stall"), license_key="DEMO-UNLIMITED")
        good = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")

        # Before: the call fails at once and sends nothing.
        with ls.Cancel() as cancel:
            assert not cancel.triggered
            cancel.trigger()
            cancel.trigger()  # idempotent
            assert cancel.triggered
            with pytest.raises(ls.CancelledError) as info:
                client.activate(good, cancel=cancel)
            assert server.requests == []
        error = info.value
        assert isinstance(error, concurrent.futures.CancelledError)
        assert (error.status, error.status_name, error.category) == (
            _raw.LS_ERR_CANCELLED, "LS_ERR_CANCELLED", _raw.LS_CATEGORY_CANCELLED)
        assert error.http_status is None and error.server_code is None

        # During: another thread triggers it while the call waits on the server.
        with ls.Cancel() as cancel:
            threading.Timer(0.3, cancel.trigger).start()
            start = time.monotonic()
            with pytest.raises(ls.CancelledError):
                client.activate(stalled, cancel=cancel)
            assert 0.25 < time.monotonic() - start < 1.3
            assert len(server.requests) == 1

        # After: a finished call is unaffected; the client stays usable; a triggered handle
        # fails the next call given it.
        with ls.Cancel() as cancel:
            with client.activate(good, cancel=cancel) as lic:
                assert lic.id == 1010
            cancel.trigger()
            with pytest.raises(ls.CancelledError):
                client.deactivate(good, cancel=cancel)
        client.deactivate(good)


def test_cancel_handle_closed_while_its_call_is_in_flight(base_url: str, public_key_pem: str) -> None:
    with relay(base_url, stall=0.5) as server, make_client(server.url, public_key_pem) as client:
        request = Request(product="demo", hardware_id=unique_hw("stall"), license_key="DEMO-UNLIMITED")
        cancel = ls.Cancel()
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            call = pool.submit(client.activate, request, cancel=cancel)
            time.sleep(0.2)
            cancel.close()  # released once the call returns
            assert cancel.closed
            with call.result() as lic:
                assert lic.id == 1010
        client.deactivate(request)


def test_total_timeout_reaches_the_core(public_key_pem: str) -> None:
    for timeout in (0.3, datetime.timedelta(milliseconds=300)):
        with relay(stall=None) as server, make_client(
            server.url, public_key_pem, total_timeout=timeout
        ) as client, Request(product="demo", hardware_id="stall", license_key="K") as r:
            start = time.monotonic()
            with pytest.raises(ls.NetworkError) as info:
                client.activate(r)
            elapsed = time.monotonic() - start
        assert info.value.status == _raw.LS_ERR_TIMEOUT, info.value
        assert 0.25 < elapsed < 2.0, elapsed


def test_timeouts_are_validated_by_the_core_only(public_key_pem: str) -> None:
    refused = [0, -1, float("nan"), 86_400.001, datetime.timedelta(0), datetime.timedelta(days=2)]
    for option in ("connect_timeout", "total_timeout"):
        for value in refused:
            with pytest.raises(ls.InvalidArgumentError) as info:
                make_client("http://127.0.0.1:9", public_key_pem, **{option: value})
            assert info.value.status == _raw.LS_ERR_INVALID_ARGUMENT
            assert option.replace("_", " ") in info.value.message or "seconds" in info.value.message
        # No rounding on the way: a microsecond and exactly a day are both accepted.
        for value in (datetime.timedelta(microseconds=1), 86_400, 1e-6):
            make_client("http://127.0.0.1:9", public_key_pem, **{option: value}).close()
