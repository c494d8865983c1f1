"""Fixtures for driving the vendor's Python SDK against ls-emulator.

The emulator is the one tests/vendor_sdk/test.sh started (EMULATOR_URL), or one started here
(demo seed, fixed test key, --clock-control) when pytest is run on its own. Every socket the
tests open must go to loopback: anything else fails the test before a packet leaves.
"""

import ipaddress
import os
import socket
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PUBLIC_KEY = os.path.join(ROOT, "tests", "fixtures", "emulator-public-key.pem")


def _loopback_only():
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = False
        if self.family in (socket.AF_INET, socket.AF_INET6) and not ok:
            raise AssertionError(f"test tried to connect to {address!r}, not loopback")
        return real_connect(self, address)

    socket.socket.connect = connect


_loopback_only()


@pytest.fixture(scope="session")
def emulator_url():
    url = os.environ.get("EMULATOR_URL")
    if url:
        yield url
        return
    binary = os.path.join(ROOT, "target", "debug", "ls-emulator")
    proc = subprocess.Popen(
        [
            binary,
            "--listen", "127.0.0.1:0",
            "--seed", os.path.join(ROOT, "emulator", "seeds", "demo.json"),
            "--signing-key", os.path.join(ROOT, "tests", "fixtures", "emulator-signing-key.pem"),
            "--clock-control",
        ],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("listening on http://127.0.0.1:"), line
    yield line[len("listening on "):]
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def client(emulator_url):
    """The vendor's APIClient, unmodified, configured through its own constructor options."""
    from licensespring.api import APIClient
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
        api_key="demo-api-key",
        shared_key="demo-shared-key",
        hardware_id_provider=FixedDevice,
        signature_verifier=EmulatorKey,
        verify_license_signature=True,
        api_protocol=protocol,
        api_domain=domain,
    )
    assert c.api_base.startswith("http://127.0.0.1:"), c.api_base
    return c
