"""N activations through the Python wrapper (bindings/python, its public API as its README shows).
Env: BENCH_URL, BENCH_PUBKEY, BENCH_N, BENCH_WARMUP; LICENSESPRING_LIB names the release library.
Prints one RESULT line."""
import os
import time

from licensespring_native import Client, Request

url = os.environ["BENCH_URL"]
pem = open(os.environ["BENCH_PUBKEY"]).read()
n = int(os.environ.get("BENCH_N", "2000"))
warmup = int(os.environ.get("BENCH_WARMUP", "200"))

with Client("bench-api-key", "bench-shared-key", base_url=url, public_key_pem=pem, disable_proxy=True) as client:
    request = Request(product="bench", hardware_id="bench-hardware-id-0001", license_key="BENCH-AAAA-BBBB-CCCC")

    def one() -> None:
        with client.activate(request) as lic:
            assert lic.id == 1749538876210079

    for _ in range(warmup):
        one()
    t0 = time.perf_counter()
    for _ in range(n):
        one()
    dt = time.perf_counter() - t0
    print(f"RESULT wrapper lang=python calls={n} us_per_call={dt * 1e6 / n:.1f} calls_per_s={n / dt:.0f}")
