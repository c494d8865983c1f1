"""Every error group raised as the right type with the right fields; invalid arguments;
use after close."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from conftest import API_KEY, OTHER_PUBLIC_KEY, SHARED_KEY, Captured, make_client, relay, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Request, _native, _raw


@pytest.mark.parametrize(
    ("key", "status", "code", "http_status", "is_vm"),
    [
        ("DEMO-EXPIRED", _raw.LS_ERR_LICENSE_EXPIRED, "license_expired", 400, None),
        ("DEMO-DISABLED", _raw.LS_ERR_LICENSE_NOT_ENABLED, "license_not_enabled", 400, None),
        ("DEMO-INACTIVE", _raw.LS_ERR_LICENSE_NOT_ACTIVE, "license_not_active", 400, None),
        ("DEMO-NOT-STARTED", _raw.LS_ERR_LICENSE_START_DATE, "license_start_date_error", 400, None),
        ("DEMO-NO-VM", _raw.LS_ERR_VM_NOT_ALLOWED, "vm_not_allowed", 400, True),
        ("NO-SUCH-KEY", _raw.LS_ERR_LICENSE_NOT_FOUND, "license_not_found", 400, None),
    ],
)
def test_license_errors(
    client: Client, key: str, status: int, code: str, http_status: int, is_vm: bool | None
) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key=key, is_vm=is_vm) as r:
        with pytest.raises(ls.LicenseError) as info:
            client.activate(r)
    err = info.value
    assert isinstance(err, ls.LicenseSpringError)
    assert err.status == status
    assert err.status_name == ls.status_name(status)
    assert err.category == _raw.LS_CATEGORY_LICENSE
    assert err.server_code == code
    assert err.http_status is not None and err.http_status >= 400
    if code == "license_expired":
        assert err.http_status == http_status
    assert err.retry_after is None
    assert err.message
    assert err.status_name in str(err)


def test_unknown_product_is_a_license_error(client: Client) -> None:
    with Request(product="no-such-product", hardware_id=unique_hw(), license_key="X") as r:
        with pytest.raises(ls.LicenseError) as info:
            client.activate(r)
    assert info.value.status == _raw.LS_ERR_UNKNOWN_PRODUCT
    assert info.value.status_name == "LS_ERR_UNKNOWN_PRODUCT"
    assert info.value.server_code == "unknown_product"


def test_blacklisted_device(client: Client) -> None:
    with Request(product="demo", hardware_id="blacklisted-device", license_key="DEMO-UNLIMITED") as r:
        with pytest.raises(ls.LicenseError) as info:
            client.activate(r)
    assert info.value.server_code == "blacklisted"


def test_device_exists_and_device_not_found(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        client.activate(r).close()
        with pytest.raises(ls.LicenseError) as info:
            client.activate(r)
        assert info.value.status == _raw.LS_ERR_LICENSE_DEVICE_EXISTS
        assert info.value.server_code == "license_device_exists"
        assert info.value.http_status == 409
        client.deactivate(r)
        with pytest.raises(ls.LicenseError) as info:
            client.deactivate(r)
        assert info.value.status == _raw.LS_ERR_DEVICE_NOT_FOUND


def test_single_seat_is_used_up(client: Client) -> None:
    first = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-SINGLE-SEAT")
    second = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-SINGLE-SEAT")
    with first, second:
        client.activate(first).close()
        try:
            with pytest.raises(ls.LicenseError) as info:
                client.activate(second)
            assert info.value.status == _raw.LS_ERR_LICENSE_ACTIVATED_MAX_TIMES
        finally:
            client.deactivate(first)


@pytest.mark.parametrize(
    ("api_key", "shared_key", "status", "code"),
    [
        (API_KEY, "wrong-shared-key", _raw.LS_ERR_SIGNATURE_MISMATCH, "signature_mismatch"),
        ("unknown-api-key", SHARED_KEY, _raw.LS_ERR_INVALID_API_KEY, "invalid_api_key"),
    ],
)
def test_authorization_errors(
    base_url: str, public_key_pem: str, api_key: str, shared_key: str, status: int, code: str
) -> None:
    with make_client(
        base_url, public_key_pem, api_key=api_key, shared_key=shared_key
    ) as c, Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with pytest.raises(ls.AuthorizationError) as info:
            c.activate(r)
    assert info.value.status == status
    assert info.value.server_code == code
    assert info.value.http_status is not None and info.value.http_status >= 400
    assert info.value.category == _raw.LS_CATEGORY_AUTHORIZATION


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_closed_port_is_a_network_error(public_key_pem: str) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with make_client(url, public_key_pem) as c, Request(
        product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED"
    ) as r:
        with pytest.raises(ls.NetworkError) as info:
            c.activate(r)
    assert info.value.status == _raw.LS_ERR_CONNECT
    assert info.value.http_status is None
    assert info.value.server_code is None


def test_wrong_public_key_is_a_verification_error(base_url: str) -> None:
    with make_client(base_url, OTHER_PUBLIC_KEY.read_text()) as c, Request(
        product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED"
    ) as r:
        with pytest.raises(ls.VerificationError) as info:
            c.activate(r)
        assert info.value.status == _raw.LS_ERR_SIGNATURE_INVALID
        # Deactivation answers are not signed: the same client can undo the activation.
        c.deactivate(r)


def test_verification_can_be_disabled(base_url: str) -> None:
    with make_client(
        base_url, OTHER_PUBLIC_KEY.read_text(), verify_signatures=False
    ) as c, Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with c.activate(r) as lic:
            assert lic.key == "DEMO-UNLIMITED"
        c.deactivate(r)


def hostile(seen: Captured) -> tuple[int, dict[str, str], bytes]:
    """429 with Retry-After on /rate/..., a non-JSON 200 on /text/..., 500 elsewhere."""
    json_type = {"Content-Type": "application/json"}
    if seen.path.startswith("/rate"):
        return 429, {**json_type, "Retry-After": "7"}, b'{"code": "too_many_requests", "message": "slow down"}'
    if seen.path.startswith("/text"):
        return 200, {"Content-Type": "text/plain"}, b"hello"
    return 500, json_type, b'{"code": "internal_error", "message": "boom"}'


def test_server_errors_with_http_status_and_retry_after(public_key_pem: str) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r, relay(
        respond=hostile
    ) as server:
        with make_client(server.url, public_key_pem) as c:
            with pytest.raises(ls.ServerError) as info:
                c.activate(r)
        assert info.value.status == _raw.LS_ERR_SERVER
        assert info.value.http_status == 500
        assert info.value.retry_after is None
        with make_client(server.url + "/rate", public_key_pem) as c:
            with pytest.raises(ls.ServerError) as info:
                c.check(r)
        assert info.value.status == _raw.LS_ERR_RATE_LIMITED
        assert info.value.status_name == "LS_ERR_RATE_LIMITED"
        assert info.value.http_status == 429
        assert info.value.retry_after == 7
        assert info.value.message
        with make_client(server.url + "/text", public_key_pem, verify_signatures=False) as c:
            with pytest.raises(ls.ServerError) as info:
                c.activate(r)
        assert info.value.status == _raw.LS_ERR_NON_JSON_RESPONSE
        assert info.value.http_status == 200


def test_every_category_maps_to_its_class() -> None:
    """Each category of the core's status table has its exception class, and each status
    raises as the class of its category (with the name and category the table gives)."""
    classes = {c: cls for c, cls in ls.LicenseSpringError._by_category.items()}
    categories = {row.value for row in _raw.CATEGORIES.values()} - {_raw.LS_CATEGORY_NONE}
    assert set(classes) == categories
    assert len(set(classes.values())) == len(classes)
    for row in _raw.STATUSES.values():
        if row.value == _raw.LS_OK:
            continue
        err = _native.make_error(row.value, "m")
        assert type(err) is classes[row.category], row
        assert (err.status_name, err.category) == (row.name, row.category)
        assert err.category == int(_native.lib().ls_status_category(row.value))
    expected = {
        _raw.LS_ERR_NULL_ARGUMENT: ls.InvalidArgumentError,
        _raw.LS_ERR_INDEX_OUT_OF_RANGE: ls.InvalidArgumentError,
        _raw.LS_ERR_TIMEOUT: ls.NetworkError,
        _raw.LS_ERR_SIGNATURE_MISSING: ls.VerificationError,
        _raw.LS_ERR_SERVER_OTHER: ls.ServerError,
        _raw.LS_ERR_HMAC_REQUIRED: ls.AuthorizationError,
        _raw.LS_ERR_TRIAL_EXPIRED: ls.LicenseError,
        _raw.LS_ERR_INTERNAL: ls.InternalError,
        _raw.LS_ERR_CANCELLED: ls.CancelledError,
        12345: ls.InternalError,  # not in the table: the library names it and gives a category
    }
    for status, cls in expected.items():
        assert type(_native.make_error(status, "m")) is cls, status
    assert _native.make_error(12345, "m").status_name == "LS_UNKNOWN_STATUS"


def test_errors_are_read_from_the_call_not_the_thread(client: Client) -> None:
    """The ABI has no thread-local last error; an exception made on one thread is complete
    on another, and a later call on the same thread does not change it."""
    assert not [name for name in _raw.FUNCTIONS if "last_error" in name]
    errors: list[ls.LicenseSpringError] = []

    def fail() -> None:
        with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-EXPIRED") as r:
            try:
                client.activate(r)
            except ls.LicenseSpringError as error:
                errors.append(error)

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    with Request(product="demo", hardware_id=unique_hw()) as r, pytest.raises(ls.InvalidArgumentError):
        client.activate(r)
    (error,) = errors
    assert (error.server_code, error.http_status, error.status) == (
        "license_expired", 400, _raw.LS_ERR_LICENSE_EXPIRED)


# ---- invalid arguments -------------------------------------------------------------------


def expect_invalid(status: int) -> pytest.RaisesExc[ls.InvalidArgumentError]:
    return pytest.raises(ls.InvalidArgumentError, check=lambda e: e.status == status)


def test_none_and_empty_keys() -> None:
    with expect_invalid(_raw.LS_ERR_NULL_ARGUMENT):
        Client(None, "x")
    with expect_invalid(_raw.LS_ERR_NULL_ARGUMENT):
        Client("x", None)
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT) as info:
        Client("", "x")
    assert info.value.http_status is None and info.value.server_code is None


def test_invalid_config_values(tmp_path: Path, public_key_pem: str) -> None:
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
        Client("a", "b", base_url="ftp://example.com")
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
        Client("a", "b", base_url="")
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
        Client("a", "b", public_key_pem="not a key")
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
        Client("a", "b", proxy="not a url")
    with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
        Client("a", "b", ca_file=tmp_path / "missing.pem")
    with expect_invalid(_raw.LS_ERR_INVALID_UTF8):
        Client("a\udc80", "b")
    with pytest.raises(ValueError):
        Client("a\0b", "c")
    with pytest.raises(TypeError):
        Client(5, "c")  # type: ignore[arg-type]
    # Valid values are accepted.
    Client("a", "b", proxy="http://127.0.0.1:3128", public_key_pem=public_key_pem).close()


def test_invalid_requests(client: Client) -> None:
    hw = unique_hw()
    cases = [
        Request(hardware_id=hw, license_key="DEMO-UNLIMITED"),  # no product
        Request(product="demo", license_key="DEMO-UNLIMITED"),  # no hardware id
        Request(product="demo", hardware_id=hw),  # no identity
        Request(product="demo", hardware_id=hw, password="p"),  # password without username
        Request(product="demo", hardware_id=hw, license_key="K", username="u"),  # two identities
        Request(product="demo", hardware_id=hw, license_key="K", customer_account_code="c"),
        Request(product="demo-user", hardware_id=hw, id_token="t"),  # no account code
        Request(product="demo", hardware_id="", license_key="DEMO-UNLIMITED"),  # empty
    ]
    for request in cases:
        with request, expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT) as info:
            client.activate(request)
        assert info.value.message


def test_invalid_request_setters() -> None:
    with Request() as r:
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
            r.set(99, "x")
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
            r.clear(99)
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
            r.set_variable("", "x")
        with expect_invalid(_raw.LS_ERR_NULL_ARGUMENT):
            r.set(ls.Param.PRODUCT, None)  # type: ignore[arg-type]
        with expect_invalid(_raw.LS_ERR_INVALID_UTF8):
            r.set(ls.Param.PRODUCT, "\ud800")
        with pytest.raises(ValueError):
            r.set(ls.Param.PRODUCT, "de\0mo")
        # A value of another type than the parameter's is refused by the core.
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT) as info:
            r.set(ls.Param.PRODUCT, 5)
        assert "string" in info.value.message
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
            r.set(ls.Param.LICENSE_ID, "5")
        with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
            r.update(is_vm=3)  # type: ignore[arg-type]


def test_index_out_of_range_and_wrong_field(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-1111-2222-3333") as r:
        with client.activate(r) as lic:
            with expect_invalid(_raw.LS_ERR_INDEX_OUT_OF_RANGE):
                lic.feature(2)
            with expect_invalid(_raw.LS_ERR_INDEX_OUT_OF_RANGE):
                lic.custom_field(1)
            with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
                lic.get(ls.Field.FEATURE_CODE)  # a field of another kind
            with expect_invalid(_raw.LS_ERR_INVALID_ARGUMENT):
                lic.item(ls.Field.LICENSE_KEY, 0)  # not a list
            assert lic.get(ls.Field.LICENSE_ID) == lic.get(1000) == 1001
            with pytest.raises(TypeError):  # never passed on as a pointer
                lic.get("1000")  # type: ignore[arg-type]
            with pytest.raises(TypeError):
                lic.get(1000.0)  # type: ignore[arg-type]
        client.deactivate(r)


# ---- use after close ---------------------------------------------------------------------


def test_use_after_close(client: Client, base_url: str, public_key_pem: str) -> None:
    request = Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-1111-2222-3333")
    lic = client.activate(request)
    feature = lic.feature(0)
    lic.close()
    lic.close()
    assert lic.closed
    with pytest.raises(ls.ClosedError, match="License is closed"):
        _ = lic.id
    with pytest.raises(ls.ClosedError):
        _ = lic.features
    with pytest.raises(ls.ClosedError):
        _ = lic.json
    with pytest.raises(ls.ClosedError, match="License is closed"):
        _ = feature.code  # items borrow from the license
    assert "closed" in repr(lic) and "closed" in repr(feature)

    other = make_client(base_url, public_key_pem)
    with other:
        pass
    other.close()
    with pytest.raises(ls.ClosedError, match="Client is closed"):
        other.activate(request)
    with pytest.raises(ls.ClosedError):
        other.deactivate(request)

    client.deactivate(request)
    request.close()
    request.close()
    with pytest.raises(ls.ClosedError, match="Request is closed"):
        client.check(request)
    with pytest.raises(ls.ClosedError):
        request.update(product="demo")

    cancel = ls.Cancel()
    cancel.close()
    cancel.close()
    with pytest.raises(ls.ClosedError, match="Cancel is closed"):
        cancel.trigger()


def test_license_outlives_its_client(base_url: str, public_key_pem: str) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with make_client(base_url, public_key_pem) as c:
            lic = c.activate(r)
            c.deactivate(r)
        with lic:
            assert lic.key == "DEMO-UNLIMITED"
