"""The vendor's Python SDK (PyPI `licensespring`, APIClient.activate_license) against this
library's Python wrapper (bindings/python), same process, same bench server, interleaved in
rounds so that machine noise falls on both alike. Both verify the LicenseSignature header
with the bench key, and both send the same device fields (given explicitly, so the vendor SDK
does not probe the machine (DNS lookup of the host name, platform calls) on every call; its
defaults are measured separately as `vendor_defaults`).
Env: BENCH_URL, BENCH_PUBKEY, BENCH_N (calls of ours per round), BENCH_VENDOR_N (calls of the
vendor's per round), BENCH_ROUNDS. Prints RESULT lines."""
import os
import time

from licensespring.api import APIClient
from licensespring.api.signature import SignatureVerifier
from licensespring_native import Client, Request

url = os.environ["BENCH_URL"]
pem = open(os.environ["BENCH_PUBKEY"]).read()
n_ours = int(os.environ.get("BENCH_N", "2000"))
n_vendor = int(os.environ.get("BENCH_VENDOR_N", "200"))
rounds = int(os.environ.get("BENCH_ROUNDS", "5"))

PRODUCT, HWID, KEY = "bench", "bench-hardware-id-0001", "BENCH-AAAA-BBBB-CCCC"
DEVICE = dict(os_ver="Linux-bench", hostname="bench-host", ip="127.0.0.1", mac_address="02:00:00:00:00:01")


class BenchVerifier(SignatureVerifier):
    PUBLIC_KEY = pem


vendor = APIClient(
    api_key="bench-api-key",
    shared_key="bench-shared-key",
    api_protocol="http",
    api_domain=url.removeprefix("http://"),
    signature_verifier=BenchVerifier,
    verify_license_signature=True,
)

def vendor_one() -> None:
    lic = vendor.activate_license(PRODUCT, hardware_id=HWID, license_key=KEY, is_vm=False, vm_info="", **DEVICE)
    assert lic["id"] == 1749538876210079

def vendor_defaults_one() -> None:
    lic = vendor.activate_license(PRODUCT, hardware_id=HWID, license_key=KEY)
    assert lic["id"] == 1749538876210079

ours = Client("bench-api-key", "bench-shared-key", base_url=url, public_key_pem=pem, disable_proxy=True)
request = Request(product=PRODUCT, hardware_id=HWID, license_key=KEY, is_vm=False, vm_info="", **DEVICE)

def ours_one() -> None:
    with ours.activate(request) as lic:
        assert lic.id == 1749538876210079

# A v1-field check the way the vendor's LicenseManager would do it, once, to show the body satisfies it.
lic = vendor.activate_license(PRODUCT, hardware_id=HWID, license_key=KEY, is_vm=False, vm_info="", **DEVICE)
vendor.signature_verifier.verify_license_signature(HWID, KEY, lic.get("validity_period"), lic["license_signature"])

for _ in range(20):
    vendor_one()
    vendor_defaults_one()
for _ in range(200):
    ours_one()

totals = {"vendor": [0, 0.0], "vendor_defaults": [0, 0.0], "ours": [0, 0.0]}
for r in range(rounds):
    order = [("ours", ours_one, n_ours), ("vendor", vendor_one, n_vendor), ("vendor_defaults", vendor_defaults_one, n_vendor)]
    if r % 2:
        order.reverse()
    for name, fn, n in order:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        totals[name][1] += time.perf_counter() - t0
        totals[name][0] += n

cps = {k: n / dt for k, (n, dt) in totals.items()}
for k, (n, dt) in totals.items():
    print(f"RESULT vendor_python who={k} calls={n} us_per_call={dt * 1e6 / n:.1f} calls_per_s={cps[k]:.0f}")
print(f"RESULT vendor_python ratio_ours_vs_vendor={cps['ours'] / cps['vendor']:.1f} ratio_ours_vs_vendor_defaults={cps['ours'] / cps['vendor_defaults']:.1f}")
ours.close()
