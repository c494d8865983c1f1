"""The operations on bundles, versions, device variables and accounts against ls-emulator: each
one's result (whole-list kinds as sequences, object fields as nested results) and a server
error with its status and exception class."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from conftest import fails, make_client, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Request, Status


def test_bundle_activate_check_and_deactivate(client: Client) -> None:
    with Request(product="demo-suite", hardware_id=unique_hw(), license_key="DEMO-SUITE-KEY") as r:
        with client.activate_bundle(r) as bundle:
            assert isinstance(bundle, ls.Bundle) and bundle.kind == ls.Kind.BUNDLE
            assert len(bundle) == 2 and [lic.id for lic in bundle] == [1019, 1101]
            assert all(isinstance(lic, ls.License) for lic in bundle.licenses)
            assert (bundle[0].product_short_code, bundle[-1].product_short_code) == ("demo", "demo-addon")
            assert [lic.id for lic in bundle[1:]] == [1101] and bundle.license(1).id == 1101
            assert bundle[0].features[0].code == "suite"  # items of items borrow from the bundle too
            assert [d["id"] for d in bundle.to_dict()["licenses"]] == [1019, 1101]
            assert [lic["id"] for lic in json.loads(bundle.json)] == [1019, 1101]
            with pytest.raises(IndexError):
                bundle[2]
            with pytest.raises(ls.InvalidArgumentError):
                bundle.license(2)
            first = bundle[0]
        assert bundle.closed and first.closed
        with pytest.raises(ls.ClosedError, match="Bundle is closed"):
            first.id
        with pytest.raises(ls.ClosedError):
            len(bundle)
        with fails(Status.ERR_LICENSE_DEVICE_EXISTS, http_status=409):
            client.activate_bundle(r)
        with client.check_bundle(r) as checked:
            assert [lic.key for lic in checked] == ["DEMO-SUITE-KEY", "DEMO-SUITE-KEY"]
        client.deactivate_bundle(r)
        with fails(Status.ERR_DEVICE_NOT_FOUND):
            client.check_bundle(r)
        with fails(Status.ERR_DEVICE_NOT_FOUND):
            client.deactivate_bundle(r)
        with fails(Status.ERR_UNKNOWN_PRODUCT):
            client.activate_bundle(r.update(product="no-such-bundle"))


def test_versions_and_installation_files(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-1111-2222-3333") as r:
        with fails(Status.ERR_DEVICE_NOT_FOUND):
            client.versions(r)
        client.activate(r).close()
        with client.versions(r) as versions:
            assert isinstance(versions, ls.Versions) and all(isinstance(v, ls.Version) for v in versions)
            assert [v.version for v in versions] == ["1.0.0", "1.1.0", "2.0.0", "2.1.0-beta"]
            assert versions.version(1).release_date == "2021-06-01T00:00:00.000Z"
            assert [v.version for v in versions.items] == [v.version for v in versions]
        with client.versions(r.update(env="linux", channel="beta")) as versions:
            assert [v.version for v in versions] == ["2.1.0-beta"]
        with client.installation_file(r.update(channel="stable")) as latest:
            assert isinstance(latest, ls.InstallationFile)
            assert (latest.id, latest.version, latest.environment, latest.channel) == (9004, "2.0.0", "linux", "stable")
            assert latest.url == "https://downloads.example.com/demo/2.0.0/demo-linux.tar.gz"
            assert latest.requires_version == "1.1.0" and latest.sha256 and latest.size is None
        with client.installation_file(r.update(version="1.1.0")) as older:
            assert (older.id, older.eula_link) == (9003, "https://example.com/demo/eula")
        with fails(Status.ERR_VERSION_NOT_FOUND):
            client.installation_file(r.update(version="9.9.9"))
        with fails(Status.ERR_VALIDATION_ERROR, ls.InvalidArgumentError):
            client.versions(r.update(env="amiga"))
        client.deactivate(r)
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-MAINTENANCE") as r:
        client.activate(r).close()
        with client.versions(r) as versions:  # released within the maintenance period only
            assert [v.version for v in versions] == ["1.0.0", "1.1.0"]
        client.deactivate(r)


def test_device_variables(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED",
                 variables={"seat": "desk-7"}) as r:
        with fails(Status.ERR_DEVICE_NOT_FOUND):
            client.track_device_variables(r)
        client.activate(r).close()
        r.set_variable("team", "qa")
        with client.track_device_variables(r) as tracked:
            assert isinstance(tracked, ls.DeviceVariables)
            assert sorted((v.name, v.value) for v in tracked) == [("seat", "desk-7"), ("team", "qa")]
        with client.get_device_variables(r) as stored:
            assert [(v.name, v.value) for v in stored] == [("seat", "desk-7"), ("team", "qa")]
            assert all(isinstance(v.id, int) and v.device_id and v.created_at for v in stored)
            assert stored.device_variable(0).to_dict()["name"] == "seat"
        client.deactivate(r)
        with fails(Status.ERR_DEVICE_NOT_FOUND):
            client.get_device_variables(r)
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        with pytest.raises(ls.InvalidArgumentError):  # the core needs at least one variable
            client.track_device_variables(r)


def test_user_licenses(client: Client) -> None:
    with Request(product="demo-user", username="carol@example.com", password="carol-password") as r:
        with client.user_licenses(r) as licenses:
            assert isinstance(licenses, ls.UserLicenses) and len(licenses) == 1
            entry = licenses[0]
            assert isinstance(entry, ls.UserLicense)
            assert isinstance(entry.license, ls.License) and entry.license.id == 2002
            assert entry.license.customer_email == "buyer@example.com"
            assert isinstance(entry.user, ls.User)
            assert (entry.user.id, entry.user.email, entry.user.max_activations) == (3003, "carol@example.com", 2)
            assert entry.get(ls.Field.USER_LICENSE_USER).first_name == "Carol"
            snapshot = licenses.user_license(0).to_dict()
            assert (snapshot["license"]["id"], snapshot["user"]["email"]) == (2002, "carol@example.com")
        assert entry.closed
        with pytest.raises(ls.ClosedError):
            entry.user
        with fails(Status.ERR_LICENSE_NOT_FOUND):
            client.user_licenses(r.update(password="wrong-password"))


def test_customer_license_users(client: Client) -> None:
    with Request(product="demo-user", customer="buyer@example.com") as r:
        with client.customer_license_users(r) as found:
            assert isinstance(found, ls.CustomerUsers)
            assert (found.customer_email, found.customer_first_name, found.customer_company_name) == (
                "buyer@example.com", "Grace", "Example Corp")
            assert [(u.email, u.license_id, u.is_active) for u in found.users] == [
                ("carol@example.com", 2002, True), ("dave@example.com", 2002, True)]
            assert found.user(1).initial_password == "dave-password"
        with fails(Status.ERR_CUSTOMER_NOT_FOUND):
            client.customer_license_users(r.update(customer="nobody@example.com"))


def test_sso_url(client: Client, base_url: str) -> None:
    with Request(product="demo-user", customer_account_code="demo-corp",
                 redirect_uri="http://127.0.0.1/back") as r:
        with client.sso_url(r) as sso:
            assert isinstance(sso, ls.SsoUrl)
            assert sso.url.startswith(f"{base_url}/auth/realms/demo-corp/protocol/openid-connect/auth?")
            assert "response_type=token" in sso.url and "redirect_uri=" in sso.url
            assert json.loads(sso.openid_configuration or "")["issuer"] == f"{base_url}/auth/realms/demo-corp"
        with client.sso_url(r.update(response_type="code")) as sso:
            assert "response_type=code" in sso.url
        with fails(Status.ERR_VALIDATION_ERROR, ls.InvalidArgumentError):
            client.sso_url(r.update(response_type="bogus"))
        with fails(Status.ERR_CUSTOMER_NOT_FOUND):
            client.sso_url(r.update(response_type="token", customer_account_code="no-such-account"))


def test_change_password(client: Client) -> None:
    email = f"py-{uuid.uuid4().hex}@example.com"
    with Request(product="demo-trial-user", hardware_id=unique_hw(), email=email,
                 password="first-password") as trial_request:
        with client.trial_key(trial_request) as trial:
            assert trial.license_user == email
    with Request(username=email, password="first-password", new_password="second-password") as r:
        client.change_password(r)
        with fails(Status.ERR_LICENSE_NOT_FOUND):  # the old password no longer works
            client.change_password(r)
    with Request(product="demo-trial-user", username=email, password="second-password") as r:
        with client.user_licenses(r) as licenses:
            user = licenses[0].user
            assert user is not None and user.email == email
        with fails(Status.ERR_LICENSE_NOT_FOUND):
            client.user_licenses(r.update(password="first-password"))


def test_new_operations_are_awaitable(base_url: str, public_key_pem: str) -> None:
    async def main() -> None:
        async with ls.AsyncClient("demo-api-key", "demo-shared-key", base_url=base_url,
                                  public_key_pem=public_key_pem, disable_proxy=True) as client:
            with Request(product="demo-suite", hardware_id=unique_hw(), license_key="DEMO-SUITE-KEY") as r:
                bundles = await asyncio.gather(client.activate_bundle(r), client.customer_license_users(
                    Request(product="demo-user", customer="buyer@example.com")))
                assert [lic.id for lic in bundles[0]] == [1019, 1101]
                assert len(bundles[1].users) == 2
                await client.deactivate_bundle(r)
                with pytest.raises(ls.LicenseError):
                    await client.deactivate_bundle(r)

    asyncio.run(main())


def test_a_result_object_outlives_the_client(base_url: str, public_key_pem: str) -> None:
    with make_client(base_url, public_key_pem) as c:
        licenses = c.user_licenses(Request(product="demo-user", username="dave@example.com",
                                           password="dave-password"))
    with licenses:
        assert licenses[0].user is not None and licenses[0].user.email == "dave@example.com"
