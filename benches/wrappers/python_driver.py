"""Activations through the Python wrapper (bindings/python, its public API as its README shows):
activate, read the license id, close. Figures, served to paired.py (READY, then
`<figure> <count>` lines answered with wall and CPU nanoseconds):
  lang=python-raw   the raw layer: the C driver's calls made through ctypes with the functions as
                    the wrapper declares them (_raw.FUNCTIONS), no wrapper code;
  lang=python       the binding's public API;
  lang=python-async the same through AsyncClient, awaited in an asyncio event loop (each call
                    runs on one of the package's call threads).
BENCH_PYTHON_BEFORE names another copy of the package directory under another name (say,
/tmp/before/licensespring_native_before from `git archive REV bindings/python/src/licensespring_native`):
its public API is measured too, interleaved, as lang=python-before and lang=python-before-async: a
before/after in one run.
Env: BENCH_URL, BENCH_PUBKEY, BENCH_WARMUP; LICENSESPRING_LIB names the release library."""
import asyncio
import ctypes
import importlib
import os
import sys
import time

import licensespring_native
from licensespring_native import _native, _raw

url = os.environ["BENCH_URL"]
pem = open(os.environ["BENCH_PUBKEY"]).read()
warmup = int(os.environ.get("BENCH_WARMUP", "200"))
ID = 1749538876210079


def public_api(package):
    client = package.Client("bench-api-key", "bench-shared-key", base_url=url, public_key_pem=pem,
                            disable_proxy=True)
    request = package.Request(product="bench", hardware_id="bench-hardware-id-0001",
                              license_key="BENCH-AAAA-BBBB-CCCC")

    def one() -> None:
        with client.activate(request) as lic:
            assert lic.id == ID

    return one, (client, request)


wrapper, (client, request) = public_api(licensespring_native)
lib = _native.lib()
ResultPointer, ErrorPointer = ctypes.POINTER(_raw.ls_result), ctypes.POINTER(_raw.ls_error)


def raw() -> None:
    out, error, value = ResultPointer(), ErrorPointer(), _raw.ls_value()
    assert lib.ls_call(client._ptr, _raw.LS_OP_ACTIVATE, request._ptr, None, out, error) == 0
    lib.ls_result_get(out, _raw.LS_LICENSE_ID, value, None)
    assert value.integer == ID
    lib.ls_result_free(out)


loop = asyncio.new_event_loop()


def awaited_api(package, request):
    async_client = package.AsyncClient("bench-api-key", "bench-shared-key", base_url=url,
                                       public_key_pem=pem, disable_proxy=True)

    async def activate_async() -> None:
        with await async_client.activate(request) as lic:
            assert lic.id == ID

    return activate_async


figures = [("python-raw", raw), ("python", wrapper),
           ("python-async", awaited_api(licensespring_native, request))]
if os.environ.get("BENCH_PYTHON_BEFORE"):
    before = os.path.abspath(os.environ["BENCH_PYTHON_BEFORE"])
    sys.path.insert(0, os.path.dirname(before))
    package_before = importlib.import_module(os.path.basename(before))
    one_before, (_, request_before) = public_api(package_before)
    figures.append(("python-before", one_before))
    figures.append(("python-before-async", awaited_api(package_before, request_before)))


def block(one, count: int) -> None:
    """`count` calls of `one`: one after another, or awaited one after another in the loop."""
    if asyncio.iscoroutinefunction(one):
        async def calls() -> None:
            for _ in range(count):
                await one()

        loop.run_until_complete(calls())
    else:
        for _ in range(count):
            one()


for _, one in figures:
    block(one, warmup)
print("READY " + " ".join(name for name, _ in figures), flush=True)
by_name = dict(figures)
for line in sys.stdin:
    name, count = line.split()
    t0, c0 = time.perf_counter_ns(), time.process_time_ns()
    block(by_name[name], int(count))
    print(time.perf_counter_ns() - t0, time.process_time_ns() - c0, flush=True)
