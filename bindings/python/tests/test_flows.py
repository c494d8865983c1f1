"""Activation, check and deactivation against ls-emulator; every result accessor; what the
requests put on the wire."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, Captured, make_client, relay, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Request, _raw


def test_version_and_abi() -> None:
    cargo = (ROOT / "Cargo.toml").read_text()
    match = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE)
    assert match and ls.version() == match.group(1)
    assert ls.abi_version() == ls.ABI_VERSION == 2
    assert ls.status_name(510) == "LS_ERR_LICENSE_EXPIRED"
    assert ls.status_description(0)
    assert ls.Param.CUSTOMER_ACCOUNT_CODE.row.wire_name == "customer_account_code"
    assert int(ls.Status.ERR_LICENSE_EXPIRED) == 510
    assert ls.Field.LICENSE_FEATURES.row.item_kind == ls.Kind.FEATURE


def test_hardware_id() -> None:
    first = ls.hardware_id()
    assert first == ls.hardware_id()
    assert first and first == first.strip()
    for algorithm in ls.HardwareIdAlgorithm:
        try:
            assert ls.hardware_id(algorithm)
        except ls.LicenseSpringError as error:  # e.g. no machine-id in this container
            assert error.status == ls.Status.ERR_HARDWARE_ID_UNAVAILABLE
    with pytest.raises(ls.InvalidArgumentError):
        ls.hardware_id(99)


def test_key_activation_every_accessor_check_and_deactivation(client: Client) -> None:
    hw = unique_hw()
    request = Request(
        product="demo",
        hardware_id=hw,
        license_key="DEMO-1111-2222-3333",
        is_vm=False,
        vm_info="none",
        os_ver="Linux 6.1",
        hostname="host",
        os_hostname="host.local",
        ip="203.0.113.7",
        ip_local="192.168.1.7",
        app_ver="1.2.3",
        mac_address="00:11:22:33:44:55",
        variables={"seat": "desk-7", "team": "qa"},
    )
    with request, client.activate(request) as lic:
        assert isinstance(lic, ls.License)
        assert lic.kind == ls.Kind.LICENSE
        assert lic.id == 1001
        assert lic.key == "DEMO-1111-2222-3333"
        assert lic.type == "perpetual"
        assert lic.active is True
        assert lic.enabled is True
        assert lic.expired is False
        assert lic.trial is False
        assert lic.validity_period is None
        assert lic.times_activated is not None and lic.times_activated >= 1
        assert lic.max_activations == 3
        assert lic.hardware_id == hw
        assert [(f.code, f.name) for f in lic.features] == [("pro", "Pro features"), ("export", "Export")]
        assert all(isinstance(f, ls.Feature) and f.kind == ls.Kind.FEATURE for f in lic.features)
        assert (lic.feature(1).code, lic.feature(1).name) == ("export", "Export")
        assert [(c.name, c.value) for c in lic.custom_fields] == [("tier", "gold")]
        assert (lic.custom_field(0).name, lic.custom_field(0).value) == ("tier", "gold")
        assert lic.customer_email == "customer@example.com"
        assert lic.user_email is None
        # The device variables the request carried came back from the server.
        assert json.loads(lic.variables or "") == {"seat": "desk-7", "team": "qa"}
        body = json.loads(lic.json)
        assert body["id"] == 1001 and body["license_key"] == "DEMO-1111-2222-3333"
        assert json.loads(lic.feature(0).json)["code"] == "pro"
        assert "1001" in repr(lic) and "pro" in repr(lic.feature(0))
        # By field enum, and as one snapshot.
        assert lic.get(ls.Field.LICENSE_KEY) == lic.key
        assert [f.code for f in lic.get(ls.Field.LICENSE_FEATURES)] == ["pro", "export"]
        snapshot = lic.to_dict()
        fields = [row.name for row in _raw.FIELDS.values() if row.kind == ls.Kind.LICENSE]
        assert list(snapshot) == fields
        assert snapshot["id"] == 1001 and snapshot["features"][0]["code"] == "pro"
        assert snapshot["custom_fields"] == [{"name": "tier", "value": "gold", "data_type": None}]

        with client.check(request) as checked:
            assert checked.id == 1001
            assert checked.active
            assert checked.key == "DEMO-1111-2222-3333"

        client.deactivate(request)
        with pytest.raises(ls.LicenseError) as info:
            client.check(request)
        assert info.value.status == 513  # device_not_found
        assert info.value.server_code == "device_not_found"


def test_time_limited_license(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-TIME-LIMITED") as r:
        with client.activate(r) as lic:
            assert lic.type == "time-limited"
            assert lic.validity_period is not None
            assert lic.validity_period.startswith("2099-12-31")
            assert lic.expired is False
            assert lic.features == [] and lic.custom_fields == []
            assert lic.customer_email is None
        client.deactivate(r)


def test_user_activation(client: Client) -> None:
    with Request(
        product="demo-user",
        hardware_id=unique_hw(),
        username="alice@example.com",
        password="alice-password",
    ) as r:
        with client.activate(r) as lic:
            assert lic.key is None
            assert lic.user_email == "alice@example.com"
            assert lic.id == 2001
            lic_id = lic.id
        r.update(license_id=lic_id)
        with client.check(r) as checked:
            assert checked.user_email == "alice@example.com"
        client.deactivate(r)


def test_sso_id_token_activation(client: Client) -> None:
    with Request(
        product="demo-user",
        hardware_id=unique_hw(),
        id_token="sso-id-token-alice",
        customer_account_code="demo-corp",
    ) as r:
        with client.activate(r) as lic:
            assert lic.user_email == "alice@example.com"
        client.deactivate(r)


def test_sso_code_activation(client: Client) -> None:
    with Request(
        product="demo-user",
        hardware_id=unique_hw(),
        code="sso-code-bob",
        customer_account_code="demo-corp",
    ) as r:
        with client.activate(r) as lic:
            assert lic.user_email == "bob@example.com"
        client.deactivate(r)


def test_consumption_deactivation(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-CONSUMPTION") as r:
        with client.activate(r) as lic:
            assert lic.type == "consumption"
        r.update(consumptions=5)
        client.deactivate(r)


def test_request_params_can_be_cleared_and_set_by_enum(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        r.set(ls.Param.LICENSE_KEY, "")
        with pytest.raises(ls.InvalidArgumentError):
            client.activate(r)
        r.set(ls.Param.LICENSE_KEY, "DEMO-UNLIMITED")
        r.set(ls.Param.LICENSE_ID, 1010)
        r.clear(ls.Param.LICENSE_ID)
        with client.activate(r) as lic:
            assert lic.key == "DEMO-UNLIMITED"
        client.deactivate(r)


def test_app_version_from_client_reaches_the_server(base_url: str, public_key_pem: str) -> None:
    """The config's app_version is sent as app_ver; a request's own app_ver wins over it."""
    with relay(base_url) as server, make_client(
        server.url, public_key_pem, app_version="9.9.9"
    ) as c, Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with c.activate(r):
            pass
        with c.check(r):
            pass
        r.update(app_ver="1.2.3")
        c.deactivate(r)
        sent = [(seen.method, seen.params().get("app_ver")) for seen in server.requests]
        assert sent == [("POST", "9.9.9"), ("GET", "9.9.9"), ("POST", "1.2.3")]
    with relay(base_url) as server, make_client(server.url, public_key_pem) as c, Request(
        product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED"
    ) as r:
        with c.activate(r):
            pass
        c.deactivate(r)
        assert all("app_ver" not in seen.params() for seen in server.requests)


IDENTITIES = {"username", "password", "id_token", "code", "customer_account_code"}


def test_every_param_reaches_the_server_under_its_wire_name(public_key_pem: str) -> None:
    """Each operation sends exactly the parameters its table row accepts, with their values."""
    values: dict[int, str | int | bool] = {}
    for row in _raw.PARAMS.values():
        if row.wire_name not in IDENTITIES:
            value: str | int | bool = True if row.type == "bool" else 7
            values[row.value] = f"v-{row.wire_name}" if row.type == "string" else value

    def refuse(seen: Captured) -> tuple[int, dict[str, str], bytes]:
        return 500, {"Content-Type": "application/json"}, b'{"code": "internal_error"}'

    with relay(respond=refuse) as server, make_client(server.url, public_key_pem) as c, Request(
        variables={"seat": "s1"}
    ) as r:
        for param, value in values.items():
            r.set(param, value)
        for op in _raw.OPERATIONS.values():
            # An identity the operation requires (change_password's username and password).
            extra = {p: f"v-{_raw.PARAMS[p].wire_name}" for p in op.required if p not in values}
            for param, value in extra.items():
                r.set(param, value)
            sent = {**values, **extra}
            with pytest.raises(ls.ServerError):
                getattr(c, op.name)(r)
            seen = server.requests[-1]
            assert seen.method == op.method and op.path in seen.path
            params = seen.params()
            expected = {_raw.PARAMS[p].wire_name: sent[p] for p in op.params if p in sent}
            for name, value in expected.items():
                got = params.get(name)
                assert got == value or got == str(value).lower() or got == str(value), (op, name)
            unexpected = {_raw.PARAMS[p].wire_name for p in sent} - set(expected)
            assert not unexpected & set(params), (op.name, unexpected & set(params))
            assert ("variables" in params) == (op.variables != "none")
            for param in extra:
                r.clear(param)


def test_license_model_operations_from_the_table(client: Client) -> None:
    """Operations added to the core's table arrive as methods with typed results, unchanged
    wrapper code: product details, a feature check, feature consumption."""
    with client.product_details(Request(product="demo")) as product:
        assert isinstance(product, ls.Product)
        assert (product.name, product.short_code) == ("Demo App", "demo")
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-FEATURES") as r:
        client.activate(r).close()
        with client.check_feature(r.update(feature="basic")) as feature:
            assert isinstance(feature, ls.Feature)
            assert feature.code == "basic" and json.loads(feature.metadata or "") == {"tier": 1}
        with client.add_feature_consumption(r.update(feature="credits", consumptions=2)) as used:
            assert (used.code, used.total_consumptions, used.max_consumption) == ("credits", 2, 5)
        with pytest.raises(ls.LicenseError) as info:
            client.add_feature_consumption(r.update(consumptions=9))
        assert info.value.server_code == "feature_not_enough_consumptions"
        client.deactivate(r)
