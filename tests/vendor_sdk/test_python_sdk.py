"""The vendor's Python SDK (PyPI licensespring==4.0.0), unmodified, against ls-emulator: every
scenario of scenarios.json through licensespring.api.APIClient."""

import json
import urllib.request

import pytest
from licensespring.api.error import ClientError

from scenarios import SCENARIOS, matches, resolve


def run_op(client, op, a):
    """One scenario operation through the SDK's own method for it."""
    p, hw = a.get("product"), a.get("hardware_id")
    ident = {"license_key": a.get("license_key"), "username": a.get("username")}
    if op == "product_details":
        return client.product_details(
            p,
            include_latest_version=a.get("include_latest_version", False),
            include_custom_fields=a.get("include_custom_fields", False),
            env=a.get("env"),
        )
    if op == "trial_key":
        fields = ("email", "first_name", "last_name", "phone", "reference", "license_policy")
        return client.trial_key(p, hardware_id=hw, **{k: a.get(k) for k in fields})
    if op == "activate":
        return client.activate_license(p, hardware_id=hw, password=a.get("password"), **ident)
    if op == "check":
        return client.check_license(p, hardware_id=hw, **ident)
    if op == "deactivate":
        return client.deactivate_license(p, hardware_id=hw, **ident)
    if op == "check_feature":
        return client.check_license_feature(p, a["feature"], hardware_id=hw, **ident)
    if op == "add_consumption":
        return client.add_consumption(
            p,
            hardware_id=hw,
            consumptions=a.get("consumptions"),
            max_overages=a.get("max_overages"),
            allow_overages=a.get("allow_overages"),
            **ident,
        )
    if op == "add_feature_consumption":
        return client.add_feature_consumption(
            p, hardware_id=hw, feature=a["feature"], consumptions=a.get("consumptions"), **ident
        )
    if op == "borrow":
        return client.floating_borrow(
            p, hardware_id=hw, password=a.get("password"),
            borrowed_until=a.get("borrowed_until"), **ident
        )
    if op == "release":
        return client.floating_release(p, hardware_id=hw, **ident)
    if op == "feature_borrow":
        return client.borrow_license_feature(
            p, a["feature"], a.get("borrowed_until"), hardware_id=hw,
            password=a.get("password"), **ident
        )
    if op == "feature_release":
        return client.floating_feature_release(p, a["feature"], hardware_id=hw, **ident)
    raise AssertionError(f"unknown operation {op}")


def advance_clock(url, seconds):
    req = urllib.request.Request(
        f"{url}/__emulator/clock",
        data=json.dumps({"advance_seconds": seconds}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        assert r.status == 200


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario, client, emulator_url):
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
            assert e.status == 400 and e.message, f"{where}: {e!r}"
            continue
        assert "error" not in expect, f"{where}: expected {expect['error']}, got {answer!r}"
        if expect["ok"]:
            matches(resolve(expect["ok"], saved), answer, where)
        if "save" in step:
            saved[step["save"]] = answer


def test_signatures_are_checked(emulator_url):
    """The SDK really verifies the emulator's LicenseSignature: with the vendor's production
    key (the SDK's default) the same answer is refused."""
    from licensespring.api import APIClient

    protocol, domain = emulator_url.split("://", 1)
    vendor_key_client = APIClient(
        api_key="demo-api-key",
        shared_key="demo-shared-key",
        api_protocol=protocol,
        api_domain=domain,
    )
    with pytest.raises(ValueError, match="signature"):
        vendor_key_client.product_details("demo")


def test_wrong_shared_key_is_refused(emulator_url):
    from licensespring.api import APIClient

    protocol, domain = emulator_url.split("://", 1)
    c = APIClient(
        api_key="demo-api-key", shared_key="wrong", api_protocol=protocol, api_domain=domain
    )
    with pytest.raises(ClientError) as e:
        c.product_details("demo")
    assert e.value.code == "signature_mismatch"
