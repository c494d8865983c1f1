"""Activation, check and deactivation against ls-emulator, and every license accessor."""

from __future__ import annotations

import json

import pytest
from conftest import unique_hw

import licensespring_native as ls
from licensespring_native import Client, CustomField, Feature, Request


def test_version_and_abi() -> None:
    assert ls.version() == "0.1.0"
    assert ls.abi_version() == ls.ABI_VERSION == 1
    assert ls.status_name(510) == "LS_ERR_LICENSE_EXPIRED"
    assert ls.status_description(0)
    assert ls.Field.CUSTOMER_ACCOUNT_CODE.wire_name == "customer_account_code"


def test_hardware_id() -> None:
    first = ls.hardware_id()
    assert first == ls.hardware_id()
    assert len(first) == 64 and all(c in "0123456789abcdef" for c in first)


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
        assert lic.id == 1001
        assert lic.key == "DEMO-1111-2222-3333"
        assert lic.type == "perpetual"
        assert lic.is_active is True
        assert lic.is_enabled is True
        assert lic.is_expired is False
        assert lic.is_trial is False
        assert lic.validity_period is None
        assert lic.times_activated >= 1
        assert lic.max_activations == 3
        assert lic.features == [Feature("pro", "Pro features"), Feature("export", "Export")]
        assert lic.feature(1) == Feature("export", "Export")
        assert lic.custom_fields == [CustomField("tier", "gold")]
        assert lic.custom_field(0) == CustomField("tier", "gold")
        assert lic.customer_email == "customer@example.com"
        assert lic.user_email is None
        body = json.loads(lic.json)
        assert body["id"] == 1001
        assert "1001" in repr(lic)

        with client.check(request) as checked:
            assert checked.id == 1001
            assert checked.is_active
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
            assert lic.is_expired is False
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
        r.set_consumptions(5)
        client.deactivate(r)


def test_request_fields_can_be_cleared_and_set_by_enum(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        r.set(ls.Field.LICENSE_KEY, "")
        with pytest.raises(ls.InvalidArgumentError):
            client.activate(r)
        r.set(ls.Field.LICENSE_KEY, "DEMO-UNLIMITED")
        with client.activate(r) as lic:
            assert lic.key == "DEMO-UNLIMITED"
        client.deactivate(r)


def test_app_version_from_client(base_url: str, public_key_pem: str) -> None:
    with Client(
        "demo-api-key",
        "demo-shared-key",
        base_url=base_url,
        public_key_pem=public_key_pem,
        app_version="9.9.9",
        disable_proxy=True,
    ) as c, Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with c.activate(r):
            pass
        c.deactivate(r)
