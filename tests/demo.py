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
from pdlpar_qemu import QEMU10, Guest  # noqa: E402

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


def wait_online(g, cpu, want, timeout=30):
    path = "/sys/devices/system/cpu/cpu%d/online" % cpu
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rc, out = g.run("cat %s" % path)
        if (rc == 0 and out.strip() == "1") == want:
            return True
        time.sleep(0.5)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    a = ap.parse_args()

    hv = QEMU10
    say("Booting a pseries guest under %s (TCG, POWER10) with one SMT%d "
        "CPU core and room for a second (-smp %s). Until our module loads, "
        "the kernel's built-in DLPAR code answers the hypervisor."
        % (hv.name, hv.threads, hv.smp(1, 2)))
    with Guest(a.kernel, a.initrd, hv=hv, smp=hv.smp(1, 2),
               firmware="slof") as g:
        print("   booted in %.1f s" % g.boot_seconds)
        show(g, "uname -r; cat /sys/devices/system/cpu/online")

        say("Loading pseries_dlpar: it registers as the DLPAR provider "
            "through the enablement patch and takes over hotplug events and "
            "/sys/kernel/dlpar.")
        show(g, "insmod %s" % MOD)
        show(g, "cat /sys/kernel/dlpar")
        show(g, "echo 1 > /sys/kernel/tracing/events/pseries_dlpar/enable")

        say("The hypervisor hot-adds CPU core 1 (QMP device_add). QEMU raises "
            "a hotplug interrupt; the kernel fetches the RTAS event log with "
            "check-exception and hands it, raw, to our module, which "
            "validates it, queues the request and carries it out: acquire "
            "the DRC, fetch the core's device tree with configure-connector, "
            "attach it, online its %d threads." % hv.threads)
        g.qmp("device_add", driver=hv.core_type, core_id=hv.core_id(1),
              id="core1")
        for cpu in hv.cpus(1):
            wait_online(g, cpu, True)
        show(g, "dmesg | grep pseries_dlpar | tail -n 1")
        show(g, "grep -o 'pdlpar_drc_state.*' /sys/kernel/tracing/trace")
        show(g, "cat /sys/devices/system/cpu/online")

        core0 = " ".join(str(c) for c in hv.cpus(0))
        say("Seed 000's scenario. The administrator takes core 0's threads "
            "offline, so core 1 holds the last CPUs online. Then the "
            "hypervisor asks to remove "
            "core 1 (device_del). The guest cannot give up its last CPU: the "
            "removal fails, and the module tells the hypervisor at once by "
            "unisolating the DRC. QEMU rolls the unplug back and reports "
            "DEVICE_UNPLUG_GUEST_ERROR.")
        show(g, "for c in %s; do echo 0 > "
                "/sys/devices/system/cpu/cpu$c/online; done" % core0)
        mark = g.event_mark()
        t0 = time.monotonic()
        g.qmp("device_del", id="core1")
        ev = g.wait_event("DEVICE_UNPLUG_GUEST_ERROR", timeout=10, since=mark)
        if ev:
            print("   QMP event %s for %s after %.2f s" % (
                ev["event"], ev["data"].get("device"), time.monotonic() - t0))
        else:
            print("   no DEVICE_UNPLUG_GUEST_ERROR within 10 s")
        for line in g.qemu_stderr().splitlines():
            if "rejected" in line:
                print("   QEMU: " + line.split(": ", 1)[-1])
        show(g, "dmesg | grep pseries_dlpar | tail -n 3")
        show(g, "cat /sys/devices/system/cpu/online")

        say("Core 0 comes back online and the hypervisor asks again: now the "
            "removal goes through (offline, isolate, give the DRC back, "
            "detach the node) and QEMU deletes the core.")
        show(g, "for c in %s; do echo 1 > "
                "/sys/devices/system/cpu/cpu$c/online; done" % core0)
        mark = g.event_mark()
        g.qmp("device_del", id="core1")
        ev = g.wait_event("DEVICE_DELETED", timeout=10, since=mark,
                          match=lambda e: e["data"].get("device") == "core1")
        print("   QMP event %s for core1" % (ev["event"] if ev else "(none)"))
        show(g, "dmesg | grep pseries_dlpar | tail -n 1")
        show(g, "cat /sys/devices/system/cpu/online /sys/devices/system/cpu/present")
        show(g, "cat /sys/kernel/debug/pseries_dlpar/stats")

        say("An administrator writes a request with a stray word after it "
            "(the DRC index in decimal, which mainline and we both read "
            "as kstrtou32 does). Mainline would ignore the word and carry "
            "the request out; we refuse it with EINVAL and one log line, "
            "and nothing changes.")
        show(g, "printf 'cpu remove index 268435457 now' > /tmp/r; "
                "dd if=/tmp/r of=/sys/kernel/dlpar 2>&1 | head -n 2")

        say("Unloading the module gives DLPAR back to the built-in code; "
            "queued events are carried out first.")
        show(g, "rmmod pseries_dlpar; dmesg | tail -n 1")
    say("Done.")


if __name__ == "__main__":
    main()
