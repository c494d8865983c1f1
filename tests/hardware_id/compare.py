#!/usr/bin/env python3
"""Compares the vendor generator's hardware IDs with this library's, algorithm by algorithm.

Usage: compare.py LABEL VENDOR_OUTPUT OURS_OUTPUT

Reads the `vendor ...` lines of vendor_linux.py / vendor_windows.exe and the `ours ...` lines of
tests/hardware_id/main.rs (print_ids). For each algorithm 0-4:
  - the vendor answers: this library must give the same ID (the before-hash strings are shown
    when they differ), else it is a failure;
  - the vendor gives no ID: this library must fail with LS_ERR_HARDWARE_ID_UNAVAILABLE (never
    an ID where the vendor has none), else it is a failure.
Prints one line per algorithm and a summary line; exits 1 on any failure.
"""

import sys

NAMES = [
    "Default",
    "WindowsHardwareFingerprintId",
    "WindowsComputerSystemProductId",
    "WindowsCryptographyId",
    "LinuxMachineId",
]


def parse(path, who):
    found = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            parts = line.split(" ", 4)
            if len(parts) >= 4 and parts[0] == who and parts[1].isdigit():
                found[int(parts[1])] = (parts[2], parts[3], parts[4] if len(parts) > 4 else "")
    return found


def main():
    label, vendor_path, ours_path = sys.argv[1:4]
    vendor = parse(vendor_path, "vendor")
    ours = parse(ours_path, "ours")
    passed = failed = unanswered = 0
    for algorithm in range(5):
        name = "algorithm %d (%s)" % (algorithm, NAMES[algorithm])
        v = vendor.get(algorithm)
        o = ours.get(algorithm)
        if v is None or o is None:
            failed += 1
            print("  %-46s FAILED: no output from %s" % (name, "the vendor" if v is None else "this library"))
            continue
        if v[0] == "ok":
            if o[0] == "ok" and o[1] == v[1]:
                passed += 1
                print("  %-46s equal    %s  before hash: %s" % (name, v[1], v[2]))
            else:
                failed += 1
                print("  %-46s DIFFERENT" % name)
                print("      vendor: %s  before hash: %s" % (v[1], v[2]))
                print("      ours:   %s %s  %s" % (o[0], o[1], o[2]))
        else:
            unanswered += 1
            if o[0] == "err" and o[1] == "LS_ERR_HARDWARE_ID_UNAVAILABLE":
                passed += 1
                print("  %-46s both unavailable (vendor: %s; ours: %s)"
                      % (name, v[2].split("] ", 1)[-1], o[1]))
            else:
                failed += 1
                print("  %-46s FAILED: the vendor has no ID (%s) but ours is %s %s" % (name, v[2], o[0], o[1]))
    print("%s: %d passed, %d failed (%d of 5 algorithms unanswered by the vendor)"
          % (label, passed, failed, unanswered))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
