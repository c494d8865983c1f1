"""Trials, consumption and floating seats against ls-emulator: results and server errors."""

from __future__ import annotations

import re

import pytest
from conftest import fails, unique_hw

import licensespring_native as ls
from licensespring_native import Client, Param, Request, Status


def test_trial_key_then_activation(client: Client) -> None:
    with Request(product="demo-trial", hardware_id=unique_hw()) as r:
        with client.trial_key(r) as trial:
            assert isinstance(trial, ls.Trial) and trial.is_trial is True
            assert (trial.license_type, trial.trial_days, trial.max_activations) == ("time-limited", 14, 2)
            key = trial.key
            assert key is not None and re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", key)
        with client.trial_key(r) as again:  # the device's trial again, in the short form
            assert (again.key, again.is_trial, again.trial_days) == (key, True, None)
        with client.activate(r.update(license_key=key)) as lic:
            assert lic.trial is True and [f.code for f in lic.features] == ["preview"]
        client.deactivate(r)
    with fails(Status.ERR_TRIAL_NOT_ALLOWED):
        client.trial_key(Request(product="demo", hardware_id=unique_hw()))
    with fails(Status.ERR_EMAIL_MISSING, ls.InvalidArgumentError):
        client.trial_key(Request(product="demo-trial-user", hardware_id=unique_hw()))


def test_consumption_within_the_limit_and_overages(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-METERED") as r:
        client.activate(r).close()
        with client.add_consumption(r.update(consumptions=4)) as used:
            assert isinstance(used, ls.Consumption)
            assert (used.total_consumptions, used.max_consumptions) == (4, 10)
            assert (used.allow_overages, used.max_overages, used.consumption_period) == (True, 2, "monthly")
        try:
            with fails(Status.ERR_LICENSE_NOT_ENOUGH_CONSUMPTIONS):  # 4 + 9 > 10 + 2
                client.add_consumption(r.update(consumptions=9))
            with client.add_consumption(r.update(consumptions=8)) as used:  # into the overages
                assert used.total_consumptions == 12
        finally:
            client.add_consumption(r.update(consumptions=-12)).close()  # negatives are allowed here
        r.clear(Param.CONSUMPTIONS)
        client.deactivate(r)
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-UNLIMITED") as r:
        client.activate(r).close()
        with fails(Status.ERR_LICENSE_NOT_CONSUMPTION):
            client.add_consumption(r)
        client.deactivate(r)


def test_floating_seats_borrow_and_release(client: Client) -> None:
    devices = [Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-FLOATING-CLOUD")
               for _ in range(3)]
    a, b, c = devices
    for r in devices:
        client.activate(r).close()
    try:
        with client.check(a) as lic:  # checking a floating cloud license takes a seat
            assert (lic.is_floating_cloud, lic.floating_users, lic.can_borrow) == (True, 2, True)
        with client.floating_borrow(b) as borrow:
            assert isinstance(borrow, ls.Borrow)
            assert (borrow.max_borrow_time, borrow.license_id) == (48, 1015)
            assert borrow.borrowed_until and borrow.device_id
        with fails(Status.ERR_FLOATING_NOT_AVAILABLE):  # both seats taken
            client.check(c)
        client.floating_release(a)
        with client.check(c) as lic:
            assert lic.floating_in_use_devices == 2
        with fails(Status.ERR_BORROW_UNTIL_NOT_VALID):
            client.floating_borrow(c.update(borrowed_until="2000-01-01T00:00:00Z"))
    finally:
        for r in devices:
            client.deactivate(r)
            r.close()
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-FLOATING-NO-BORROW") as r:
        client.activate(r).close()
        with fails(Status.ERR_LICENSE_BORROW_NOT_ALLOWED):
            client.floating_borrow(r)
        client.deactivate(r)


def test_floating_feature_borrow_and_release(client: Client) -> None:
    with Request(product="demo", hardware_id=unique_hw(), license_key="DEMO-FEATURES",
                 feature="render") as r:
        client.activate(r).close()
        with client.floating_feature_borrow(r) as feature:
            assert isinstance(feature, ls.Feature)
            assert (feature.code, feature.is_borrowed, feature.max_borrow_time) == ("render", True, 12)
        client.floating_feature_release(r)
        with fails(Status.ERR_FLOATING_FEATURE_DEVICE_NOT_IN_USE):
            client.floating_feature_release(r)
        with fails(Status.ERR_FEATURE_NOT_FLOATING):
            client.floating_feature_borrow(r.update(feature="basic"))
        client.deactivate(r)
