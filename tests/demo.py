#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make demo: a real DLPAR request flowing through pseries_dlpar, narrated.

QEMU's pseries machine is the hypervisor (driven over QMP), the guest runs
the 6.12 kernel with our enablement patches, and the module takes over.
"""

import argparse
import os
import sys
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdlpar_qemu import Guest, CPU_CORE_TYPE  # noqa: E402

MOD = "/lib/modules/pdlpar/pseries_dlpar.ko"


def say(text):
    print("\n== " + textwrap.fill(text, 76, subsequent_indent="   "),
          flush=True)


def show(g, cmd):
    rc, out = g.run(cmd)
    print("guest# " + cmd)
    for line in out.rstrip().splitlines():
        print("   " + line)
    return rc, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    a = ap.parse_args()

    say("Booting a pseries guest under QEMU (TCG). Until our module loads, "
        "the kernel's built-in DLPAR code answers the hypervisor.")
    with Guest(a.kernel, a.initrd) as g:
        print("   booted in %.1f s" % g.boot_seconds)
        show(g, "uname -r; cat /sys/devices/system/cpu/online")

        say("Loading pseries_dlpar: it registers as the DLPAR provider "
            "through the enablement patch, taking over hotplug events and "
            "/sys/kernel/dlpar.")
        show(g, "insmod %s" % MOD)
        show(g, "cat /sys/kernel/dlpar")
        show(g, "echo 1 > /sys/kernel/tracing/events/pseries_dlpar/enable")

        say("The hypervisor hot-adds CPU core 1 (QMP device_add). QEMU "
            "raises a hotplug interrupt; the kernel fetches the RTAS event "
            "log with check-exception and hands it, raw, to our module. We "
            "validate the log, find the HP section, queue the request and "
            "carry it out on our ordered workqueue. CPU add is still done by "
            "the built-in code, to which the module hands the request back.")
        g.qmp("device_add", driver=CPU_CORE_TYPE, core_id=1, id="core1")
        for _ in range(60):
            rc, out = g.run("cat /sys/devices/system/cpu/cpu1/online")
            if rc == 0 and out.strip() == "1":
                break
            time.sleep(0.5)
        show(g, "dmesg | grep -i 'pseries_dlpar\\|cpu1' | tail -n 5")
        show(g, "grep pdlpar /sys/kernel/tracing/trace")
        show(g, "cat /sys/devices/system/cpu/online")
        show(g, "cat /sys/kernel/debug/pseries_dlpar/stats")

        say("An administrator writes a DRC index in decimal. Mainline reads "
            "it with base 0 (so 010 would be octal); we refuse it with "
            "EINVAL and one log line, and nothing changes.")
        show(g, "printf 'cpu add index 268435456' > /tmp/r; "
                "dd if=/tmp/r of=/sys/kernel/dlpar 2>&1 | head -n 2")

        say("Unloading the module gives DLPAR back to the built-in code; "
            "queued events are carried out first.")
        show(g, "rmmod pseries_dlpar; dmesg | tail -n 1")
    say("Done.")


if __name__ == "__main__":
    main()
