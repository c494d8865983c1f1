"""AsyncClient: awaited calls run off the event loop, concurrently, and a cancelled task
cancels its native call."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
import warnings
from collections.abc import Coroutine
from typing import Any

import pytest
from conftest import API_KEY, SHARED_KEY, relay, unique_hw

import licensespring_native as ls
from licensespring_native import AsyncClient, Request


def async_client(url: str, public_key_pem: str) -> AsyncClient:
    return AsyncClient(API_KEY, SHARED_KEY, base_url=url, public_key_pem=public_key_pem,
                       disable_proxy=True, connect_timeout=5, total_timeout=20)


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(coroutine)


def test_concurrent_activations_with_gather(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with async_client(base_url, public_key_pem) as client:
            requests = [Request(product="demo", hardware_id=unique_hw("async"),
                                license_key="DEMO-UNLIMITED") for _ in range(8)]
            licenses = await asyncio.gather(*(client.activate(r) for r in requests))
            assert [lic.id for lic in licenses] == [1010] * 8
            assert all(lic.key == "DEMO-UNLIMITED" for lic in licenses)
            checked = await asyncio.gather(*(client.check(r) for r in requests))
            assert all(lic.active for lic in checked)
            assert await asyncio.gather(*(client.deactivate(r) for r in requests)) == [None] * 8
            with pytest.raises(ls.LicenseError) as info:
                await client.check(requests[0])
            assert info.value.server_code == "device_not_found"
            for lic in licenses + checked:
                lic.close()

    run(main())


def test_calls_overlap(base_url: str, public_key_pem: str) -> None:
    """Four calls each held 0.5 s by the server take about 0.5 s together, not 2 s."""

    async def main() -> None:
        async with async_client(server.url, public_key_pem) as client:
            requests = [Request(product="demo", hardware_id=unique_hw("stall"),
                                license_key="DEMO-UNLIMITED") for _ in range(4)]
            start = time.monotonic()
            licenses = await asyncio.gather(*(client.activate(r) for r in requests))
            assert time.monotonic() - start < 1.5
            assert [lic.id for lic in licenses] == [1010] * 4
            await asyncio.gather(*(client.deactivate(r) for r in requests))

    with relay(base_url, stall=0.5) as server:
        run(main())


def test_awaiting_a_slow_server_does_not_block_the_loop(base_url: str, public_key_pem: str) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    async def main() -> None:
        async with async_client(server.url, public_key_pem) as client:
            beat = asyncio.create_task(ticker())
            request = Request(product="demo", hardware_id=unique_hw("stall"), license_key="DEMO-UNLIMITED")
            start = time.monotonic()
            with await client.activate(request) as lic:
                assert lic.id == 1010
            elapsed = time.monotonic() - start
            beat.cancel()
            assert elapsed >= 1.0
            # The loop kept running during the second the server held the answer.
            assert ticks >= 10, ticks
            await client.deactivate(request)

    with relay(base_url, stall=1.0) as server:
        run(main())


def test_cancelled_task_cancels_the_call_promptly(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with async_client(server.url, public_key_pem) as client:
            stalled = Request(product="demo", hardware_id=unique_hw("stall"), license_key="DEMO-UNLIMITED")
            task = asyncio.create_task(client.activate(stalled))
            await asyncio.sleep(0.3)
            assert len(server.requests) == 1  # the call is waiting on the server
            start = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - start < 1.0
            # The cancellation reached the task only once the native call had returned: no call
            # thread is still busy with it.
            threads = ls._native._call_threads
            assert len(threads._idle) == threads._threads
            assert not ls._native._abandoned  # and nothing is kept for it
            # asyncio.wait_for cancels the same way when its deadline passes.
            start = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(client.check(stalled), 0.3)
            assert time.monotonic() - start < 1.3
            # The client, the request and the executor's threads are all still usable.
            good = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")
            with await client.activate(good) as lic:
                assert lic.id == 1010
            await client.deactivate(good)

    with relay(base_url, stall=None) as server:
        run(main())


def test_a_triggered_cancel_handle_raises_the_libraries_cancelled_error(
        base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with async_client(server.url, public_key_pem) as client:
            cancel = ls.Cancel()
            asyncio.get_running_loop().call_later(0.2, cancel.trigger)
            stalled = Request(product="demo", hardware_id=unique_hw("stall"), license_key="K")
            start = time.monotonic()
            with pytest.raises(ls.CancelledError) as info:
                await client.activate(stalled, cancel=cancel)
            assert time.monotonic() - start < 1.2
            assert info.value.status == ls.Status.ERR_CANCELLED
            assert cancel.triggered
            cancel.close()

    with relay(base_url, stall=None) as server:
        run(main())


def test_async_errors_and_close(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        client = async_client(base_url, public_key_pem)
        with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-EXPIRED") as r:
            with pytest.raises(ls.LicenseError) as info:
                await client.activate(r)
            assert info.value.server_code == "license_expired"
            client.close()
            client.close()
            with pytest.raises(ls.ClosedError):
                await client.activate(r)

    run(main())


def call_threads() -> int:
    return sum(t.name == "licensespring-call" for t in threading.enumerate())


def test_call_threads_are_kept_reused_and_bounded(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with async_client(base_url, public_key_pem) as client:
            request = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")
            await client.activate(request)
            before = call_threads()  # those of earlier tests are kept too
            for _ in range(20):  # one call after another: one thread, kept for the next call
                with await client.check(request) as lic:
                    assert lic.id == 1010
            assert 1 <= call_threads() <= max(before, 2), (before, call_threads())
            # More calls at once than there are threads: the later ones wait for a free thread.
            cap = ls._native._CallThreads.MAX
            many = await asyncio.gather(*(client.check(request) for _ in range(cap + 8)))
            assert [lic.id for lic in many] == [1010] * (cap + 8)
            assert call_threads() <= cap
            await client.deactivate(request)

    run(main())


def test_an_outcome_for_a_closed_loop_is_dropped(base_url: str, public_key_pem: str) -> None:
    # A loop closed while its call runs: the thread drops the outcome and serves the next loop.
    with relay(base_url, stall=0.5) as server:
        client = async_client(server.url, public_key_pem)
        request = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")
        loop = asyncio.new_event_loop()
        loop.create_task(client.activate(request))
        loop.run_until_complete(asyncio.sleep(0.1))  # the call is on its thread now
        loop.close()  # with the task still waiting: abandoned, not cancelled
        time.sleep(0.8)  # the call ends against the closed loop

        async def again() -> None:
            other = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")
            with await async_client(base_url, public_key_pem).activate(other) as lic:
                assert lic.id == 1010
        run(again())
        assert len(server.requests) == 1
        client.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_awaited_calls_work_in_a_forked_child(base_url: str, public_key_pem: str) -> None:
    async def one() -> None:
        async with async_client(base_url, public_key_pem) as client:
            request = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED")
            with await asyncio.wait_for(client.activate(request), 10) as lic:
                assert lic.id == 1010
            await client.deactivate(request)

    run(one())  # the parent has a call thread now; the child has none of its threads
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads running
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.alarm(60)  # a child that hangs (no thread runs its call) ends, and fails
            run(one())
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
