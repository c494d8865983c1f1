#!/usr/bin/env python3
"""Prints the vendor generator's hardware IDs for algorithms 0-4 on this machine.

Usage: vendor_linux.py PATH/TO/libhardware_id_generator.so

Loads the vendor's native library from its PyPI wheel with ctypes (the same C interface the
vendor's Python package binds) and prints one line per algorithm, like tests/hardware_id/main.rs:

    vendor <algorithm> ok <id> <before-hash string, escaped>
    vendor <algorithm> err - <the generator's last log line, escaped>

Algorithm 5 (cloud platforms) contacts cloud metadata addresses and is never called.
"""

import ctypes
import sys

ALGORITHMS = range(0, 5)  # never 5
BEFORE = "Hardware ID before hash: "


def escape(text):
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0:
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def main():
    lib = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LOCAL)
    lib.get_hardware_id.argtypes = [ctypes.c_int]
    lib.get_hardware_id.restype = ctypes.c_char_p
    lib.get_logs.argtypes = [ctypes.POINTER(ctypes.c_int)]
    lib.get_logs.restype = ctypes.POINTER(ctypes.c_char_p)
    lib.get_version.restype = ctypes.c_char_p
    print("vendor version", lib.get_version().decode())
    for algorithm in ALGORITHMS:
        assert 0 <= algorithm <= 4
        result = lib.get_hardware_id(algorithm)
        count = ctypes.c_int()
        lines = lib.get_logs(ctypes.byref(count))
        logs = [lines[i].decode("utf-8", "replace") for i in range(count.value)]
        for line in logs:
            print("vendor-log %d %s" % (algorithm, escape(line)))
        source = [l.split(BEFORE, 1)[1] for l in logs if BEFORE in l]
        if result:
            print("vendor %d ok %s %s" % (algorithm, result.decode(), escape(source[-1] if source else "")))
        else:
            print("vendor %d err - %s" % (algorithm, escape(logs[-1] if logs else "no logs")))


if __name__ == "__main__":
    main()
