"""The local license store (Store, AsyncStore) against a real ls-emulator, each test with its
own folder: activation, local and online checks, the grace window when the server is gone, the
store's time, tampering, offline (air-gapped) activation and deactivation through buffers and
files, local consumption, cancellation and the awaitable calls."""

from __future__ import annotations

import asyncio
import base64
import datetime
import threading
import time
from pathlib import Path

import pytest
from conftest import API_KEY, SHARED_KEY, emulator, make_client, post_offline, relay, unique_hw

import licensespring_native as ls
from licensespring_native import (
    AsyncClient,
    AsyncStore,
    Client,
    LicenseError,
    NetworkError,
    Request,
    Status,
    StorageError,
    Store,
    TamperingError,
    _native,
    _raw,
)

DEAD_URL = "http://127.0.0.1:9"  # nothing listens there
UTC = datetime.timezone.utc


def bare(hardware_id: str) -> Request:
    """A request with the store's product and the device, no identity (the stored one is used)."""
    return Request(product="demo", hardware_id=hardware_id)


def keyed(hardware_id: str, key: str = "DEMO-UNLIMITED") -> Request:
    return Request(product="demo", hardware_id=hardware_id, license_key=key)


def now() -> datetime.datetime:
    return datetime.datetime.now(UTC)


def test_activate_then_check_locally_and_in_grace_once_the_server_is_gone(
        public_key_pem: str, tmp_path: Path) -> None:
    device = unique_hw("store")
    with emulator() as url:
        store = Store(make_client(url, public_key_pem), "demo", tmp_path)
        with pytest.raises(LicenseError) as nothing:
            store.check_local(bare(device))
        assert nothing.value.status == Status.ERR_NO_STORED_LICENSE
        with store.activate(keyed(device)) as (lic, state):
            assert isinstance(lic, ls.License) and lic.key == "DEMO-UNLIMITED"
            assert state.online and not state.in_grace and not state.offline_activated
            assert state.save_status is Status.OK and state.local_consumptions == 0
            assert state.last_check is not None and abs(state.last_check - now()).total_seconds() < 60
            assert state.last_check.tzinfo is UTC
            assert (state.grace_start, state.grace_end, state.valid_until) == (None, None, None)
        assert store.check(bare(device)).state.online
        assert store.path == tmp_path / "demo.lsstore" and store.path.is_file()
    # The emulator is stopped: local checks pass, online ones pass within the grace window.
    lic, state = store.check_local(bare(device))
    assert lic.key == "DEMO-UNLIMITED" and not state.online and not state.in_grace
    opened = now().replace(microsecond=0)
    lic, state = store.check(bare(device))
    assert lic.key == "DEMO-UNLIMITED" and state.in_grace and not state.online
    assert state.grace_start is not None and state.grace_end is not None
    assert state.grace_start >= opened and state.grace_end - state.grace_start == datetime.timedelta(hours=24)
    # Past the window, by the store's own clock (a datetime or Unix seconds).
    store.set_time(state.grace_end + datetime.timedelta(seconds=1))
    with pytest.raises(NetworkError) as expired:
        store.check(bare(device))
    assert expired.value.status == Status.ERR_GRACE_PERIOD_EXPIRED and "grace" in expired.value.message
    store.set_time(state.grace_end.timestamp() - 60)
    assert store.check(bare(device)).state.in_grace
    store.set_time(None)  # the system clock again
    store.set_grace_hours(0)
    with pytest.raises(NetworkError) as down:
        store.check(bare(device))
    assert down.value.status == Status.ERR_CONNECT
    store.remove()
    with pytest.raises(LicenseError, match="NO_STORED_LICENSE"):
        store.check_local(bare(device))


def test_a_second_client_at_a_closed_port_shares_the_folder(
        client: Client, public_key_pem: str, tmp_path: Path) -> None:
    device = unique_hw("store-second")
    with Store(client, "demo", tmp_path) as online, make_client(DEAD_URL, public_key_pem) as dead, \
            Store(dead, "demo", tmp_path) as offline:
        online.activate(keyed(device)).close()
        lic, state = offline.check(bare(device))
        assert lic.key == "DEMO-UNLIMITED" and state.in_grace and state.grace_end is not None
        assert offline.license(bare(device)).license.key == "DEMO-UNLIMITED"
        assert online.check(bare(device)).state.grace_start is None  # a success closes the window
        online.deactivate(bare(device))
        with pytest.raises(LicenseError, match="NO_STORED_LICENSE"):
            offline.check_local(bare(device))
    with pytest.raises(ls.ClosedError):
        offline.check_local(bare(device))


def test_a_tampered_file_another_device_and_the_clock_set_back(client: Client, tmp_path: Path) -> None:
    device = unique_hw("store-tamper")
    store = Store(client, "demo", tmp_path)
    store.activate(keyed(device)).close()
    original = store.path.read_bytes()
    for index in (0, 30, len(original) // 2, len(original) - 1):
        flipped = bytearray(original)
        flipped[index] ^= 0x20
        store.path.write_bytes(bytes(flipped))
        with pytest.raises(TamperingError) as tampered:
            Store(client, "demo", tmp_path).check_local(bare(device))
        assert tampered.value.status == Status.ERR_LICENSE_FILE_TAMPERED, index
    store.path.write_bytes(original)
    assert Store(client, "demo", tmp_path).check_local(bare(device)).license.key == "DEMO-UNLIMITED"
    with pytest.raises(TamperingError) as elsewhere:
        store.check_local(bare("another-device"))
    assert elsewhere.value.status == Status.ERR_HARDWARE_ID_MISMATCH
    store.set_time(time.time() - 86400)
    with pytest.raises(TamperingError) as clock:
        store.check_local(bare(device))
    assert clock.value.status == Status.ERR_CLOCK_TAMPERED
    store.set_time(None)
    store.deactivate(bare(device))


def test_air_gapped_round_trip_through_files_and_buffers(
        base_url: str, public_key_pem: str, tmp_path: Path) -> None:
    device, other = unique_hw("airgap"), unique_hw("airgap-buffers")
    with make_client(DEAD_URL, public_key_pem) as offline, make_client(base_url, public_key_pem) as online:
        # Files: the device writes its request, which is carried to the server...
        store = Store(offline, "demo", tmp_path / "a")
        request_file = tmp_path / "carried" / "activate_offline.req"
        store.offline_activation_request_file(keyed(device, "DEMO-OFFLINE"), request_file)
        status, answer = post_offline(base_url, "activate_offline", request_file.read_text())
        assert status == 200, answer
        lic_file = tmp_path / "license.lic"
        lic_file.write_text(base64.b64encode(answer.encode()).decode())
        # ...whose .lic the device verifies and stores.
        with store.load_offline_license_file(bare(device), lic_file) as (lic, state):
            assert lic.key == "DEMO-OFFLINE" and state.offline_activated and not state.online
        assert Store(offline, "demo", tmp_path / "a").check_local(bare(device)).state.offline_activated
        with pytest.raises(LicenseError) as exists:  # the server counts the device
            online.activate(keyed(device, "DEMO-OFFLINE"))
        assert exists.value.status == Status.ERR_LICENSE_DEVICE_EXISTS

        # Buffers, with another store and device.
        second = Store(offline, "demo", tmp_path / "b")
        text = second.offline_activation_request(keyed(other, "DEMO-OFFLINE"))
        status, answer = post_offline(base_url, "activate_offline", text)
        assert status == 200, answer
        with pytest.raises(TamperingError) as elsewhere:  # the first device's .lic
            second.load_offline_license(bare(other), lic_file.read_text())
        assert elsewhere.value.status == Status.ERR_HARDWARE_ID_MISMATCH
        assert second.load_offline_license(bare(other), answer).state.offline_activated
        with pytest.raises(ls.VerificationError) as answered:  # answered once only
            second.load_offline_license(bare(other), answer)
        assert answered.value.status == Status.ERR_OFFLINE_REQUEST_MISMATCH

        # Deactivation: the stored license goes at once, the request file frees the seat.
        status, answer = post_offline(base_url, "deactivate_offline",
                                      store.offline_deactivation_request(bare(device)))
        assert (status, answer.strip()) == (200, "license_deactivated")
        with pytest.raises(LicenseError, match="NO_STORED_LICENSE"):
            store.check_local(bare(device))
        second.offline_deactivation_request_file(bare(other), tmp_path / "deactivate_offline.req")
        status, answer = post_offline(base_url, "deactivate_offline",
                                      (tmp_path / "deactivate_offline.req").read_text())
        assert (status, answer.strip()) == (200, "license_deactivated")
        online.activate(keyed(device, "DEMO-OFFLINE")).close()
        online.deactivate(keyed(device, "DEMO-OFFLINE"))


def test_local_consumption_is_sent_by_the_next_check(client: Client, tmp_path: Path) -> None:
    device = unique_hw("store-consumption")
    store = Store(client, "demo", tmp_path)
    total = store.activate(keyed(device, "DEMO-UNLIMITED-CONSUMPTION")).license.total_consumptions
    assert store.add_local_consumption(bare(device), 2).local_consumptions == 2
    assert store.add_local_consumption(bare(device), 1).local_consumptions == 3
    lic, state = store.check(bare(device))
    assert state.local_consumptions == 0 and lic.total_consumptions == (total or 0) + 3
    with pytest.raises(LicenseError) as refused:
        Store(client, "demo", tmp_path / "other").add_local_consumption(bare(device), 1)
    assert refused.value.status == Status.ERR_NO_STORED_LICENSE
    store.deactivate(bare(device))


def test_the_store_categories_map_to_their_classes(client: Client, tmp_path: Path) -> None:
    assert (ls.Category.TAMPERING, ls.Category.STORAGE) == (9, 10)
    classes = {_raw.LS_CATEGORY_TAMPERING: TamperingError, _raw.LS_CATEGORY_STORAGE: StorageError}
    for row in _raw.STATUSES.values():
        if row.category in classes:
            error = _native.make_error(row.value, "message")
            assert type(error) is classes[row.category] and error.status_name == row.name
    assert {r.category for r in _raw.STATUSES.values() if 700 <= r.value <= 714} >= set(classes)
    # A folder that cannot be made (under a file): activated, not written, kept by the handle.
    (tmp_path / "file").write_text("")
    device = unique_hw("store-storage")
    store = Store(client, "demo", tmp_path / "file" / "store")
    with pytest.raises(StorageError) as unwritable:
        store.activate(keyed(device))
    assert unwritable.value.status == Status.ERR_STORE_FOLDER_MISSING
    assert store.check_local(bare(device)).license.key == "DEMO-UNLIMITED"
    client.deactivate(keyed(device))


def test_store_arguments(client: Client) -> None:
    default = Store(client, "demo")  # the vendor SDKs' per-user folder; the disk is not touched
    assert default.path.as_posix().endswith(".LicenseSpring/LicenseSpring/demo/demo.lsstore")
    with pytest.raises(ls.InvalidArgumentError):
        Store(client, "")
    with pytest.raises(ls.InvalidArgumentError):
        default.set_grace_hours(100000)
    with pytest.raises(ls.InvalidArgumentError):
        default.set_time(-5)
    with pytest.raises(ls.InvalidArgumentError):  # the request's product is not the store's
        default.check_local(Request(product="demo-user", hardware_id="x"))
    default.close()
    default.close()
    with pytest.raises(ls.ClosedError):
        _ = default.path


def test_a_blocking_store_call_is_cancelled(base_url: str, public_key_pem: str, tmp_path: Path) -> None:
    device = unique_hw("stall")  # the relay holds every request that names it
    with Store(make_client(base_url, public_key_pem), "demo", tmp_path) as direct:
        direct.activate(keyed(device)).close()
    with relay(base_url, stall=None) as server, make_client(server.url, public_key_pem) as stalled, \
            ls.Cancel() as cancel:
        store = Store(stalled, "demo", tmp_path)
        threading.Timer(0.3, cancel.trigger).start()
        start = time.monotonic()
        with pytest.raises(ls.CancelledError):
            store.check(bare(device), cancel=cancel)
        assert time.monotonic() - start < 3


def test_async_store(base_url: str, public_key_pem: str, tmp_path: Path) -> None:
    device = unique_hw("stall-async")

    def async_client(url: str) -> AsyncClient:
        return AsyncClient(API_KEY, SHARED_KEY, base_url=url, public_key_pem=public_key_pem,
                           disable_proxy=True, connect_timeout=5, total_timeout=20)

    async def main() -> None:
        async with async_client(base_url) as client:
            store = AsyncStore(client, "demo", tmp_path)
            lic, state = await store.activate(keyed(device))
            assert lic.key == "DEMO-UNLIMITED" and state.online
            checked, local = await asyncio.gather(store.check(bare(device)), store.check_local(bare(device)))
            assert checked.state.online and not local.state.online
            assert (await store.license(bare(device))).license.key == "DEMO-UNLIMITED"
            with relay(base_url, stall=None) as server:
                async with async_client(server.url) as stalled:
                    task = asyncio.create_task(AsyncStore(stalled, "demo", tmp_path).check(bare(device)))
                    await asyncio.sleep(0.3)
                    task.cancel()
                    start = time.monotonic()
                    with pytest.raises(asyncio.CancelledError):
                        await task
                    assert time.monotonic() - start < 3
            text = await store.offline_activation_request(keyed(unique_hw("async-offline"), "DEMO-OFFLINE"))
            assert len(text) > 100
            await store.deactivate(bare(device))
            with pytest.raises(LicenseError, match="NO_STORED_LICENSE"):
                await store.check_local(bare(device))

    asyncio.run(main())
