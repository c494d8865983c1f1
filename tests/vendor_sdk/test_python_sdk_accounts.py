"""The vendor's Python SDK (PyPI licensespring==4.0.0), unmodified, against ls-emulator: the
scenarios of scenarios_accounts.json through licensespring.api.APIClient, its OAuth
client-credentials mode (token URL discovered from the emulator), and its own offline request
files."""

import base64
import json
import os

import pytest
import requests
from licensespring.api import APIClient
from licensespring.api.error import ClientError, InvalidClientCredentials

from conftest import PUBLIC_KEY
from scenarios import ACCOUNT_SCENARIOS, matches, resolve
from test_python_sdk import advance_clock, run_op as run_license_op


def run_op(client, op, a):
    """One scenario operation through the SDK's own method for it."""
    p, hw = a.get("product"), a.get("hardware_id")
    ident = {"license_key": a.get("license_key"), "username": a.get("username")}
    if op == "activate_bundle":
        return client.activate_bundle(p, hardware_id=hw, password=a.get("password"), **ident)
    if op == "check_bundle":
        return client.check_bundle(p, hardware_id=hw, **ident)
    if op == "deactivate_bundle":
        return client.deactivate_bundle(p, hardware_id=hw, **ident)
    if op == "versions":
        return client.versions(p, hardware_id=hw, env=a.get("env"), channel=a.get("channel"), **ident)
    if op == "installation_file":
        return client.installation_file(
            p, hardware_id=hw, env=a.get("env"), version=a.get("version"),
            channel=a.get("channel"), **ident
        )
    if op == "track_device_variables":
        return client.track_device_variables(p, hardware_id=hw, variables=a["variables"], **ident)
    if op == "get_device_variables":
        return client.get_device_variables(p, hardware_id=hw, **ident)
    if op == "user_licenses":
        return client.user_licenses(
            p, username=a.get("username"), password=a.get("password"),
            customer_account_code=a.get("customer_account_code"),
            id_token=a.get("id_token"), code=a.get("code"),
        )
    if op == "customer_license_users":
        return client.customer_license_users(p, a["customer"])
    if op == "sso_url":
        return client.sso_url(p, a["customer_account_code"], a.get("response_type", "token"))
    if op == "change_password":
        answer = client.change_password(a["username"], a["password"], a["new_password"])
        assert answer == "password_changed", answer
        return answer
    if op == "activate_offline":
        # The SDK's own request file, exactly as it writes it (its text plus a newline).
        request_file = client.activate_offline_dump(
            p, hardware_id=hw, password=a.get("password"), **ident
        ) + "\n"
        return client.activate_offline(request_file)
    if op == "deactivate_offline":
        request_file = client.deactivate_offline_dump(p, hardware_id=hw, **ident) + "\n"
        answer = client.deactivate_offline(request_file)
        assert answer == "license_deactivated", answer
        return answer
    return run_license_op(client, op, a)


@pytest.mark.parametrize("scenario", ACCOUNT_SCENARIOS, ids=[s["name"] for s in ACCOUNT_SCENARIOS])
def test_account_scenario(scenario, client, emulator_url):
    saved = {}
    for i, step in enumerate(scenario["steps"]):
        where = f"step {i} ({step['op']})"
        if step["op"] == "advance_clock":
            advance_clock(emulator_url, step["seconds"])
            continue
        args = resolve(step["args"], saved)
        expect = step["expect"]
        try:
            answer = run_op(client, step["op"], args)
        except ClientError as e:
            assert "error" in expect, f"{where}: unexpected {e!r}"
            assert e.code == expect["error"], f"{where}: {e!r}"
            assert e.status == expect.get("status", 400) and e.message, f"{where}: {e!r}"
            continue
        assert "error" not in expect, f"{where}: expected {expect['error']}, got {answer!r}"
        if expect["ok"]:
            matches(resolve(expect["ok"], saved), answer, where)
        if "save" in step:
            saved[step["save"]] = answer


def emulator_client(emulator_url, **auth):
    """An APIClient on the emulator with these credentials, verifying with the emulator's key
    (the same set-up as conftest.client)."""
    from licensespring.api.signature import SignatureVerifier
    from licensespring.hardware import HardwareIdProvider

    with open(PUBLIC_KEY, encoding="ascii") as f:
        emulator_key = f.read()

    class EmulatorKey(SignatureVerifier):
        PUBLIC_KEY = emulator_key

    class FixedDevice(HardwareIdProvider):
        """Device facts without looking at the machine; every call passes its hardware_id."""

        def get_id(self):
            raise AssertionError("the SDK was about to compute a hardware ID")

        def get_os_ver(self):
            return "Linux test"

        def get_hostname(self):
            return "vendor-sdk-test"

        def get_ip(self):
            return "127.0.0.1"

        def get_mac_address(self):
            return "00:00:00:00:00:00"

    protocol, domain = emulator_url.split("://", 1)
    c = APIClient(
        hardware_id_provider=FixedDevice,
        signature_verifier=EmulatorKey,
        verify_license_signature=True,
        api_protocol=protocol,
        api_domain=domain,
        **auth,
    )
    assert c.api_base.startswith("http://127.0.0.1:"), c.api_base
    return c


def discovered_token_url(emulator_url):
    """The token URL the SDK will discover; it must be the emulator's own."""
    d = requests.get(f"{emulator_url}/api/v4/oauth_url?login_type=client_credentials").json()
    assert d["url"].startswith(emulator_url + "/"), d
    return d["url"]


def test_oauth_client_credentials(emulator_url):
    discovered_token_url(emulator_url)
    c = emulator_client(emulator_url, client_id="demo-client", client_secret="demo-client-secret")
    assert c.is_oauth
    lic = c.activate_license("demo", hardware_id="vs-oauth-1", license_key="DEMO-UNLIMITED")
    assert lic["license_key"] == "DEMO-UNLIMITED"
    assert c.token and c.token.startswith("ls-emulator.")
    first = c.token
    assert c.check_license("demo", hardware_id="vs-oauth-1", license_key="DEMO-UNLIMITED")["id"] == 1010
    assert c.token == first  # reused while valid
    assert c.product_details("demo")["short_code"] == "demo"
    with pytest.raises(ClientError) as e:
        c.check_license("demo", hardware_id="vs-oauth-unknown", license_key="DEMO-UNLIMITED")
    assert e.value.code == "device_not_found"


def test_oauth_token_expiry_is_refreshed_by_the_sdk(emulator_url):
    """demo-client-short tokens live 60 s of emulator time: once the emulator clock passes
    that, the API answers oauth_token_expired and the SDK fetches a new token and retries."""
    c = emulator_client(
        emulator_url, client_id="demo-client-short", client_secret="demo-client-secret"
    )
    c.activate_license("demo", hardware_id="vs-oauth-2", license_key="DEMO-UNLIMITED")
    old = c.token
    advance_clock(emulator_url, 61)
    lic = c.check_license("demo", hardware_id="vs-oauth-2", license_key="DEMO-UNLIMITED")
    assert lic["hardware_id"] == "vs-oauth-2"
    assert c.token != old


def test_oauth_wrong_secret(emulator_url):
    c = emulator_client(emulator_url, client_id="demo-client", client_secret="wrong")
    with pytest.raises(InvalidClientCredentials) as e:
        c.product_details("demo")
    assert e.value.error == "invalid_client" and e.value.code == 401
    c = emulator_client(
        emulator_url, client_id="demo-client-invalid", client_secret="demo-client-secret"
    )
    with pytest.raises(InvalidClientCredentials):
        c.product_details("demo")


def test_oauth_offline_request_files(emulator_url):
    """In OAuth mode the SDK signs request files with the client secret, and (4.0.0) keys the
    outer HMAC of a deactivation file with the client id: both are accepted."""
    c = emulator_client(emulator_url, client_id="demo-client", client_secret="demo-client-secret")
    req = c.activate_offline_dump("demo", hardware_id="vs-oauth-off", license_key="DEMO-OFFLINE")
    inner = json.loads(base64.b64decode(req))["request"]
    assert inner["client_id"] == "demo-client" and "api_key" not in inner
    lic = c.activate_offline(req)
    assert lic["hardware_id"] == "vs-oauth-off"
    req = c.deactivate_offline_dump("demo", hardware_id="vs-oauth-off", license_key="DEMO-OFFLINE")
    assert c.deactivate_offline(req) == "license_deactivated"


def test_offline_request_file_and_license_file(client, emulator_url, tmp_path):
    """The SDK's own request file, written and read back as a file, posted unmodified; the
    answer saved as a .lic file (base64 of the body) passes the SDK's own .lic check."""
    data = client.activate_offline_dump(
        "demo", hardware_id="vs-off-file", license_key="DEMO-OFFLINE",
        variables={"site": "lab"},
    )
    inner = json.loads(base64.b64decode(data))["request"]
    assert inner["request"] == "activation" and inner["signature"] and inner["request_id"]
    req_file = tmp_path / "activate_offline.req"
    req_file.write_text(data + "\n")
    response = requests.post(
        client.api_url("/activate_offline"),
        headers=client.request_headers(custom_headers={"Content-type": "text/plain"}),
        data=req_file.read_text(),
    )
    assert response.status_code == 200, response.text
    lic_file = tmp_path / "license.lic"
    lic_file.write_bytes(base64.b64encode(response.content))
    lic = client.activate_offline_load(lic_file.read_text())
    assert lic["request_id"] == inner["request_id"]
    assert lic["variables"] == {"site": "lab"}
    client.signature_verifier.verify_license_signature(
        "vs-off-file", "DEMO-OFFLINE", lic["validity_period"], lic["license_signature"]
    )
    # A .lic whose content was changed fails the SDK's check.
    forged = json.loads(response.content)
    forged["max_activations"] = 1000
    with pytest.raises(ValueError):
        client.activate_offline_load(base64.b64encode(json.dumps(forged).encode()).decode())

    # The same file, tampered with, is refused and changes nothing.
    outer = json.loads(base64.b64decode(data))
    outer["request"]["hardware_id"] = "vs-off-other"
    with pytest.raises(ClientError) as e:
        client.activate_offline(base64.b64encode(json.dumps(outer).encode()).decode())
    assert (e.value.status, e.value.code) == (401, "signature_mismatch")
    with pytest.raises(ClientError) as e:
        client.activate_offline("")
    assert e.value.code == "missing_content"
    with pytest.raises(ClientError) as e:
        client.check_license("demo", hardware_id="vs-off-other", license_key="DEMO-OFFLINE")
    assert e.value.code == "device_not_found"

    deactivation = client.deactivate_offline_dump(
        "demo", hardware_id="vs-off-file", license_key="DEMO-OFFLINE", consumptions=0
    )
    assert client.deactivate_offline(deactivation) == "license_deactivated"
