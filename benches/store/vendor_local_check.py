"""The vendor's Python SDK (PyPI licensespring 4.0.0) loading and checking its own license file,
for benches/store/run.sh: LicenseManager.load_license() then License.local_check(), the vendor's
counterpart of ls_store_check_local. The SDK is given its hardware ID and device facts, so it
never probes the machine (and never contacts anything but the emulator on loopback, at setup).

  vendor_local_check.py setup|cold|warm|fresh   (env: EMU_URL, PUBKEY, FOLDER, HW, N)
Prints RESULT lines."""
import time

T0 = time.perf_counter()

import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402

from licensespring.api.signature import SignatureVerifier  # noqa: E402
from licensespring.hardware import HardwareIdProvider  # noqa: E402
from licensespring.licensefile.config import Configuration  # noqa: E402
from licensespring.licensefile.license_manager import LicenseID, LicenseManager  # noqa: E402

HW = os.environ["HW"]


class EmulatorKey(SignatureVerifier):
    PUBLIC_KEY = open(os.environ["PUBKEY"]).read()


class FixedDevice(HardwareIdProvider):
    def get_id(self, *args):
        return HW

    def get_os_ver(self):
        return "Linux bench"

    def get_hostname(self):
        return "bench"

    def get_ip(self):
        return "127.0.0.1"

    def get_mac_address(self):
        return "00:00:00:00:00:00"

    def get_is_vm(self):
        return False

    def get_vm_info(self):
        return None


def manager():
    protocol, domain = os.environ["EMU_URL"].split("://")
    conf = Configuration(
        product="demo",
        api_key="demo-api-key",
        shared_key="demo-shared-key",
        hardware_id_provider=FixedDevice,
        signature_verifier=EmulatorKey,
        api_protocol=protocol,
        api_domain=domain,
        file_path=os.environ["FOLDER"],
    )
    return LicenseManager(conf)


mode = sys.argv[1]
if mode == "setup":
    manager().activate_license(
        LicenseID.from_key("DEMO-UNLIMITED"),
        hardware_id=HW,
        os_ver="Linux bench",
        hostname="bench",
        ip="127.0.0.1",
        is_vm=False,
        mac_address="00:00:00:00:00:00",
    )
elif mode == "cold":
    t1 = time.perf_counter()
    lm = manager()
    lm.load_license().local_check()
    t2 = time.perf_counter()
    print(f"RESULT vendor_cold_first_check_us {(t2 - t1) * 1e6:.1f}")
    print(f"RESULT vendor_cold_in_process_us {(t2 - T0) * 1e6:.1f}")
elif mode in ("warm", "fresh"):
    # warm: one LicenseManager, the file loaded and checked N times; fresh: a new
    # LicenseManager each time (as a new process would: the file key is derived again).
    n = int(os.environ.get("N", "2000"))
    lm = manager()
    lm.load_license().local_check()
    times = []
    for _ in range(n):
        a = time.perf_counter()
        if mode == "fresh":
            lm = manager()
        lm.load_license().local_check()
        times.append((time.perf_counter() - a) * 1e6)
    times.sort()
    print(f"RESULT vendor_{mode}_median_us {statistics.median(times):.2f}")
    print(f"RESULT vendor_{mode}_p99_us {times[len(times) * 99 // 100]:.2f}")
    print(f"RESULT vendor_{mode}_mean_us {statistics.fmean(times):.2f}")
