#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Smoke test of the QEMU rig: boot, run a few commands, hot-add core 1.

    python3 tests/smoke.py --kernel VMLINUX --initrd INITRD [--log FILE]

Uses only the guest kernel's built-in pseries DLPAR (no module needed).
Exits 0 when everything worked.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdlpar_qemu import CPU_CORE_TYPE, Guest, GuestError  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--log", default="smoke-console.log",
                    help="console log file (default: %(default)s)")
    opts = ap.parse_args()

    failures = []

    def check(ok, what):
        print("%s: %s" % ("ok" if ok else "FAIL", what))
        if not ok:
            failures.append(what)

    try:
        with Guest(opts.kernel, opts.initrd, log_path=opts.log) as g:
            print("QEMU command line:\n  " + " ".join(g.cmdline))
            print("boot to shell: %.1f s" % g.boot_seconds)
            for cmd in ("uname -a", "cat /proc/cpuinfo | head",
                        "cat /sys/kernel/dlpar"):
                rc, out = g.run(cmd)
                print("$ %s  (rc=%d)\n%s" % (cmd, rc, out.rstrip()))
                check(rc == 0, cmd)
            rc, out = g.run("false")
            check(rc == 1, "exit status is passed through")

            t0 = time.monotonic()
            g.qmp("device_add", driver=CPU_CORE_TYPE, core_id=1, id="core1")
            online = False
            while time.monotonic() - t0 < 20:
                rc, out = g.run("cat /sys/devices/system/cpu/cpu1/online")
                if rc == 0 and out.strip().endswith("1"):
                    online = True
                    break
                time.sleep(0.5)
            check(online, "cpu1 online %.1f s after device_add core1"
                  % (time.monotonic() - t0))
            rc, out = g.run("cat /sys/devices/system/cpu/online; "
                            "grep -c processor /proc/cpuinfo")
            print(out.rstrip())
            cpus = g.qmp("query-hotpluggable-cpus")
            check(any(c.get("qom-path") for c in cpus
                      if c["props"].get("core-id") == 1),
                  "QEMU reports core-id 1 plugged")
    except GuestError as e:
        print("FAIL: %s" % e)
        return 1
    print("smoke: %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
