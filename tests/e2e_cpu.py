# SPDX-License-Identifier: GPL-2.0
"""End-to-end CPU DLPAR tests: QEMU's pseries machine is the hypervisor.

Called from run_tests.py as ``e2e_cpu.run(res, kernel, initrd, logdir)``.

Every scenario runs on QEMU 10.0 with SMT4 cores (POWER10); seed 000's and
seed 002's also with SMT8 cores, one after the other in one guest
(scenario "seeds"), and, with a short smoke set, on QEMU 7.2 (one thread
per core, POWER9, the only mode its TCG allows); on QEMU 11.1 (SMT4,
POWER10) seed 000, seed 002 and the SMT scenario run one after the other
in one guest (scenario "seed+smt"). Each other scenario
boots its own guest (a completed core removal can make QEMU 7.2 TCG crash
on the next memory-map change, so no guest outlives one), once
with our module loaded, where every check is a real test recorded through
res.run(), and once more without it, so that mainline's built-in pseries
DLPAR answers. The mainline runs are observations only: res.note() lines
"side-by-side: ..." and the table in LOGDIR/side-by-side.txt.

Scenarios speak of core K: QEMU core-id K*T for T threads per core, DRC
0x10000000+K*T, logical CPUs K*T..K*T+T-1, device-tree node
/proc/device-tree/cpus/PowerPC,POWER10@<K*T in hex> (see
pdlpar_qemu.Hypervisor). Offlining "core K" offlines all its threads.

1. seed 000: removing the last online CPU is refused, the hypervisor is told
   (DEVICE_UNPLUG_GUEST_ERROR) and a retry later completes;
2. hypervisor adds and removes cores in and out of order; repeated
   device_del (seed 002);
3. /sys/kernel/dlpar by index, count and indexed-count (guest-initiated
   removal leaves the core attached in QEMU, so it can be added back);
4. requests that must fail and change nothing: absent core, non-CPU and
   nonexistent DRCs, too many cores, no CPU left online; the boot core
   goes and comes back while another CPU stays online.

Standalone (for iterating): e2e_cpu.py --kernel K --initrd I [--logdir D]
[--results F] [--only SUBSTRING]; run() also honours PDLPAR_E2E_ONLY=SUBSTRING
(matched against "<hypervisor key> <scenario tag>", e.g. "qemu10 seed000",
"qemu7.2", "sysfs") and PDLPAR_E2E_HV=KEY,... (hypervisor keys of HV_RUNS:
only those).
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, QEMU72, QEMU111, Guest, GuestError  # noqa: E402
import run_tests  # noqa: E402
from run_tests import (  # noqa: E402
    MOD, QUIET_CONSOLE, Failure, add_core, check, core_online,
    klog_mark, klog_since, ours, set_core_online, sysfs_write, wait_for)

MODULE, MAINLINE = "module", "mainline"
# Room for two or four cores; the guest boots with core 0.
SMP2, SMP4 = 2, 4
REJECTED = "Device hotunplug rejected by the guest for device %s"
ERRNO_TEXT = {
    "EBUSY": (16, "Device or resource busy"),
    "EINVAL": (22, "Invalid argument"),
    "ENODEV": (19, "No such device"),
    "ENOSPC": (28, "No space left on device"),
}
# QMP events that a request the guest carries out alone must not cause.
HYP_EVENTS = ("DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR")


class Ctx:
    """One guest, and who answers DLPAR in it."""

    def __init__(self, g, impl):
        self.g = g
        self.hv = g.hv
        self.impl = impl
        # Remarks for the side-by-side table (mainline runs).
        self.remarks = []

    @property
    def module(self):
        return self.impl == MODULE

    def drc(self, core):
        return self.hv.drc(core)


def dev_is(dev):
    return lambda ev: ev.get("data", {}).get("device") == dev


# --- what the guest and QEMU say --------------------------------------------

def parse_cpulist(text):
    cpus = set()
    for part in text.strip().split(","):
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-")
            cpus.update(range(int(a), int(b) + 1))
        else:
            cpus.add(int(part))
    return cpus


def cpu_state(g):
    """{"present", "online", "dt"}: sets of logical CPU numbers, and the
    unit addresses of the cpu nodes under /proc/device-tree/cpus."""
    out = g.run_ok("echo P $(cat /sys/devices/system/cpu/present);"
                   " echo O $(cat /sys/devices/system/cpu/online);"
                   " echo D $(ls /proc/device-tree/cpus)")
    st = {}
    for line in out.splitlines():
        if line.startswith("P "):
            st["present"] = parse_cpulist(line[2:])
        elif line.startswith("O "):
            st["online"] = parse_cpulist(line[2:])
        elif line.startswith("D "):
            st["dt"] = {int(m, 16) for m in
                        re.findall(r"\bPowerPC,[^@\s]+@([0-9a-f]+)", line)}
    check(len(st) == 3, "cannot read the CPU state:\n" + out)
    return st


def fmt_state(st):
    def f(s):
        return ",".join(str(c) for c in sorted(s)) or "-"
    return "present=%s online=%s dt=%s" % (f(st["present"]),
                                          f(st["online"]), f(st["dt"]))


def want_state(hv, cores, online=None):
    """What cpu_state() says when exactly these cores are present, and
    every thread of the cores in online (default: all cores) online."""
    cores = set(cores)
    online = cores if online is None else set(online)
    return {"present": {c for k in cores for c in hv.cpus(k)},
            "dt": {hv.core_id(k) for k in cores},
            "online": {c for k in online for c in hv.cpus(k)}}


def expect_state(ctx, cores, online=None, what=""):
    """The guest has exactly these cores (present, in the device tree) and
    these cores online (default: all of them), every thread."""
    g = ctx.g
    want = want_state(ctx.hv, cores, online)
    st = cpu_state(g)
    check(st == want, "%swant %s, have %s" % (
        what + ": " if what else "", fmt_state(want), fmt_state(st)))


def wait_state(ctx, cores, online=None, timeout=15, what=""):
    g = ctx.g
    want = want_state(ctx.hv, cores, online)
    last = [None]

    def ok():
        last[0] = cpu_state(g)
        return last[0] == want
    try:
        wait_for(g, what or "CPU state", ok, timeout)
    except Failure:
        raise Failure("%swant %s, have %s after %ss" % (
            what + ": " if what else "", fmt_state(want),
            fmt_state(last[0]), timeout))


def qemu_cores(g):
    """Cores (core-id / threads) QEMU has a core device for."""
    return {c["props"]["core-id"] // g.hv.threads
            for c in g.qmp("query-hotpluggable-cpus") if c.get("qom-path")}


def expect_qemu_cores(ctx, cores, what=""):
    have = qemu_cores(ctx.g)
    check(have == set(cores), "%sQEMU has cores %s, want %s" % (
        what + ": " if what else "", sorted(have), sorted(cores)))


def hyp_events(g, mark):
    return ["%s(%s)" % (e["event"], e.get("data", {}).get("device") or
                        e.get("data", {}).get("path", ""))
            for e in g.events_since(mark) if e["event"] in HYP_EVENTS]


def drc_table(g, node):
    """{index: type} from a node's ibm,drc-indexes and ibm,drc-types."""
    out = g.run_ok("od -An -tx1 -v %s/ibm,drc-indexes; echo ==;"
                   " od -An -tx1 -v %s/ibm,drc-types" % (node, node))
    a, b = out.split("==")
    ib = bytes(int(x, 16) for x in a.split())
    tb = bytes(int(x, 16) for x in b.split())
    n = int.from_bytes(ib[:4], "big")
    idx = [int.from_bytes(ib[4 + 4 * i:8 + 4 * i], "big") for i in range(n)]
    types = [t.decode() for t in tb[4:].split(b"\0")[:n]]
    return dict(zip(idx, types))


def wait_kmsg(g, mark, regex, count=1, timeout=10, what=None):
    """Wait until the kernel log since mark has count lines matching."""
    rx = re.compile(regex)
    try:
        wait_for(g, what or regex,
                 lambda: len(rx.findall(klog_since(g, mark))) >= count,
                 timeout)
    except Failure:
        raise Failure("want %d kernel log line(s) matching %r, log:\n%s" % (
            count, regex, klog_since(g, mark)[-3000:]))


# --- actions ----------------------------------------------------------------

def hyp_add(ctx, core):
    """device_add a core; it must come up in the guest."""
    g = ctx.g
    mark = klog_mark(g)
    add_core(g, core)
    wait_for(g, "cpu%d online after device_add core%d" % (core, core),
             lambda: core_online(g, core), 20)
    if ctx.module:
        wait_kmsg(g, mark, re.escape('hypervisor request "cpu add index '
                                     '0x%x" done' % ctx.drc(core)))
    else:
        check(not ours(klog_since(g, mark)), "our module answered")


def hyp_remove(ctx, core, cores_after, online_after=None, double=False):
    """device_del a core: QEMU must delete it and the guest let it go,
    without a rejection. double: a second device_del right after the
    first (QEMU re-sends the event while the removal is pending)."""
    g = ctx.g
    dev = "core%d" % core
    em, mark = g.event_mark(), klog_mark(g)
    g.qmp("device_del", id=dev)
    resent = False
    if double:
        try:
            g.qmp("device_del", id=dev)
            resent = True
        except GuestError as e:
            # The first removal completed already: nothing to re-send.
            check("not found" in str(e), "second device_del: %s" % e)
    ev = g.wait_event("DEVICE_DELETED", 20, match=dev_is(dev), since=em)
    check(ev, "no DEVICE_DELETED for %s within 20 s; events %s; log:\n%s" % (
        dev, hyp_events(g, em), klog_since(g, mark)[-2000:]))
    wait_state(ctx, cores_after, online_after,
               what="after device_del %s" % dev)
    check(core_online(g, core, False), "cpu%d/online still 1" % core)
    if ctx.module:
        wait_kmsg(g, mark, re.escape('hypervisor request "cpu remove index '
                                     '0x%x" done' % ctx.drc(core)))
        if resent:
            # The re-sent request finds no such core: harmless.
            wait_kmsg(g, mark, re.escape(
                'hypervisor request "cpu remove index 0x%x" failed: -19'
                % ctx.drc(core)))
    elif resent:
        wait_kmsg(g, mark, r"Cannot find CPU \(drc index %x\) to remove"
                  % ctx.drc(core))
    bad = g.events_since(em, "DEVICE_UNPLUG_GUEST_ERROR")
    check(not bad, "the removal was also rejected: %s" % bad)
    expect_qemu_cores(ctx, set(cores_after) | {0},
                      "after device_del %s" % dev)


def sysfs_ok(ctx, req, cores, online=None, qemu=None):
    """A /sys/kernel/dlpar write that must succeed and leave exactly these
    cores. Guest-initiated requests involve no QMP event and leave QEMU's
    cores alone (qemu: the set it must still have)."""
    g = ctx.g
    em, mark = g.event_mark(), klog_mark(g)
    rc, out = sysfs_write(g, req)
    check(rc == 0, "%r failed: %s\n%s" % (req, out.strip(),
                                          klog_since(g, mark)[-2000:]))
    expect_state(ctx, cores, online, "after %r" % req)
    if ctx.module:
        wait_kmsg(g, mark, re.escape('sysfs request "%s" done' % req))
    else:
        check(not ours(klog_since(g, mark)), "our module answered")
    check(not hyp_events(g, em), "%r caused QMP events %s" % (
        req, hyp_events(g, em)))
    if qemu is not None:
        expect_qemu_cores(ctx, qemu, "after %r" % req)


def sysfs_refused(ctx, req, errno=None):
    """A write that must fail and change nothing: CPU masks, device tree,
    QEMU's cores; and the hypervisor, which asked nothing, hears nothing.
    errno: what our module must answer ("EINVAL", ...), or a tuple of
    acceptable answers."""
    g = ctx.g
    before, qbefore = cpu_state(g), qemu_cores(g)
    rejected = g.qemu_stderr().count("hotunplug rejected")
    em, mark = g.event_mark(), klog_mark(g)
    rc, out = sysfs_write(g, req)
    check(rc != 0, "%r succeeded" % req)
    after = cpu_state(g)
    check(after == before, "%r changed the guest: %s -> %s" % (
        req, fmt_state(before), fmt_state(after)))
    check(qemu_cores(g) == qbefore, "%r changed QEMU's cores" % req)
    check(not hyp_events(g, em), "%r caused QMP events %s" % (
        req, hyp_events(g, em)))
    check(g.qemu_stderr().count("hotunplug rejected") == rejected,
          "%r made QEMU reject an unplug" % req)
    if ctx.module:
        names = (errno,) if isinstance(errno, str) else tuple(errno)
        hits = [n for n in names if ERRNO_TEXT[n][1] in out]
        check(hits, "%r: want %s, got %r" % (req, " or ".join(names),
                                             out.strip()))
        wait_kmsg(g, mark, re.escape('sysfs request "%s" failed: -%d'
                                     % (req, ERRNO_TEXT[hits[0]][0])))
    else:
        check(not ours(klog_since(g, mark)), "our module answered")
    return klog_since(g, mark)


def offline(ctx, core):
    """Offline every thread of a core."""
    set_core_online(ctx.g, core, False)


def online(ctx, core):
    set_core_online(ctx.g, core, True)


def mainline_fails_count(ctx, req):
    """Mainline has no CPU count/indexed-count: note that it refused."""
    note = "refused only because CPU count/indexed-count are unsupported"
    if note not in ctx.remarks:
        ctx.remarks.append(note)


# --- 1: seed 000 -------------------------------------------------------------

def reject_last_cpu(ctx, core, want_failures):
    """cpu0 is offline and core is the last online CPU: device_del must be
    refused and QEMU told within 5 s. want_failures: how many failed
    removals the guest must have logged since (re-sent events)."""
    g = ctx.g
    dev = "core%d" % core
    em, mark = g.event_mark(), klog_mark(g)
    rejected = g.qemu_stderr().count(REJECTED % dev)
    g.qmp("device_del", id=dev)
    for _ in range(want_failures - 1):
        g.qmp("device_del", id=dev)
    ev = g.wait_event("DEVICE_UNPLUG_GUEST_ERROR", 5, match=dev_is(dev),
                      since=em)
    check(ev, "no DEVICE_UNPLUG_GUEST_ERROR for %s within 5 s; events %s;"
          " log:\n%s" % (dev, hyp_events(g, em), klog_since(g, mark)))
    if ctx.module:
        wait_kmsg(g, mark, re.escape(
            'hypervisor request "cpu remove index 0x%x" failed: -16'
            % ctx.drc(core)), want_failures)
        wait_kmsg(g, mark, re.escape(
            "DRC 0x%08x: unisolated to report the failed removal"
            % ctx.drc(core)), want_failures)
    else:
        wait_kmsg(g, mark, r"Failed to offline CPU", want_failures)
    time.sleep(0.5)
    deleted = g.events_since(em, "DEVICE_DELETED")
    check(not deleted, "refused, yet QEMU deleted: %s" % deleted)
    check(core_online(g, core), "core %d: threads went offline" % core)
    check(g.qemu_stderr().count(REJECTED % dev) > rejected,
          "QEMU stderr lacks %r" % (REJECTED % dev))
    expect_qemu_cores(ctx, {0, core})


def t_seed000(ctx):
    g = ctx.g
    hyp_add(ctx, 1)
    expect_state(ctx, {0, 1})
    offline(ctx, 0)
    expect_state(ctx, {0, 1}, {1})
    reject_last_cpu(ctx, 1, 1)
    expect_state(ctx, {0, 1}, {1}, "after the refused removal")
    online(ctx, 0)
    hyp_remove(ctx, 1, {0})
    node = ctx.hv.node(1)
    rc, _ = g.run("test -e /proc/device-tree/cpus/%s" % node)
    check(rc != 0, "%s still in the device tree" % node)


# --- 2: hypervisor in and out of order; seed 002 ----------------------------

def t_hyp_order(ctx):
    g = ctx.g
    for core in (1, 2, 3):
        hyp_add(ctx, core)
        expect_state(ctx, range(core + 1), what="after device_add core%d" % core)
        expect_qemu_cores(ctx, range(core + 1))
    # The boot CPU offline is no obstacle while another CPU stays online.
    offline(ctx, 0)
    expect_state(ctx, {0, 1, 2, 3}, {1, 2, 3})
    hyp_remove(ctx, 2, {0, 1, 3}, {1, 3})
    online(ctx, 0)
    expect_state(ctx, {0, 1, 3})
    # Twice at once: the re-sent event must be harmless.
    hyp_remove(ctx, 1, {0, 3}, double=True)
    # A core whose CPU the admin offlined goes just the same.
    offline(ctx, 3)
    expect_state(ctx, {0, 3}, {0})
    hyp_remove(ctx, 3, {0})


def t_add_gone(ctx):
    """After the hypervisor took the cores, nothing is behind their DRCs."""
    expect_state(ctx, {0}, what="precondition")
    # QEMU answers -3 (no such indicator) to the allocation of a DRC with
    # no core behind it; the module passes that on as EINVAL.
    sysfs_refused(ctx, "cpu add index 0x%x" % ctx.drc(2), ("ENODEV", "EINVAL"))
    if ctx.module:
        sysfs_refused(ctx, "cpu add count 1", "ENOSPC")


def t_seed002(ctx):
    g = ctx.g
    hyp_add(ctx, 1)
    offline(ctx, 0)
    expect_state(ctx, {0, 1}, {1})
    # Retried after each refusal: each is refused and reported.
    reject_last_cpu(ctx, 1, 1)
    reject_last_cpu(ctx, 1, 1)
    # Twice at once, the second while the first is pending: both events
    # are handled and refused, nothing else happens.
    reject_last_cpu(ctx, 1, 2)
    expect_state(ctx, {0, 1}, {1}, "after the refused removals")
    # QEMU is not stuck: the next device_del completes.
    online(ctx, 0)
    hyp_remove(ctx, 1, {0})


# --- 3: /sys/kernel/dlpar ----------------------------------------------------

def t_sysfs_index(ctx):
    g = ctx.g
    expect_state(ctx, {0, 1, 2, 3}, what="precondition")
    q = {0, 1, 2, 3}
    sysfs_ok(ctx, "cpu remove index 0x%x" % ctx.drc(3), {0, 1, 2}, qemu=q)
    sysfs_ok(ctx, "cpu add index 0x%x" % ctx.drc(3), {0, 1, 2, 3}, qemu=q)
    sysfs_ok(ctx, "cpu remove index 0x%x" % ctx.drc(2), {0, 1, 3}, qemu=q)
    sysfs_ok(ctx, "cpu remove index 0x%x" % ctx.drc(1), {0, 3}, qemu=q)
    sysfs_ok(ctx, "cpu add index 0x%x" % ctx.drc(1), {0, 1, 3}, qemu=q)
    sysfs_ok(ctx, "cpu add index 0x%x" % ctx.drc(2), {0, 1, 2, 3}, qemu=q)


def t_sysfs_count(ctx):
    g = ctx.g
    expect_state(ctx, {0, 1, 2, 3}, what="precondition")
    if not ctx.module:
        # Only that it refuses, and changes nothing.
        for req in ("cpu remove count 1", "cpu add count 1",
                    "cpu remove indexed-count 2 0x10000002",
                    "cpu add indexed-count 2 0x10000002"):
            sysfs_refused(ctx, req)
        raise Failure("every CPU count and indexed-count request refused "
                      "(EINVAL), nothing changed")
    q = {0, 1, 2, 3}
    # Removal by count: the highest-indexed removable cores.
    sysfs_ok(ctx, "cpu remove count 1", {0, 1, 2}, qemu=q)
    sysfs_ok(ctx, "cpu remove count 1", {0, 1}, qemu=q)
    # All or nothing: two can be added, five are asked for.
    sysfs_refused(ctx, "cpu add count 5", "ENOSPC")
    sysfs_ok(ctx, "cpu add count 2", {0, 1, 2, 3}, qemu=q)
    sysfs_ok(ctx, "cpu remove indexed-count 2 0x%x" % ctx.drc(2), {0, 1},
             qemu=q)
    sysfs_ok(ctx, "cpu add indexed-count 2 0x%x" % ctx.drc(2), {0, 1, 2, 3},
             qemu=q)
    # Four would leave no CPU online; the guest has no fifth.
    sysfs_refused(ctx, "cpu remove count 4", "EBUSY")
    sysfs_refused(ctx, "cpu remove count 5", "EINVAL")
    # The boot core, lowest, is chosen last.
    sysfs_ok(ctx, "cpu remove count 3", {0}, qemu=q)
    # Adding by count takes the lowest-indexed available first.
    sysfs_ok(ctx, "cpu add count 1", {0, 1}, qemu=q)
    sysfs_ok(ctx, "cpu add count 2", {0, 1, 2, 3}, qemu=q)


# --- 4: requests that must fail and change nothing --------------------------

def t_non_cpu_drc(ctx):
    g = ctx.g
    root = drc_table(g, "/proc/device-tree")
    reqs = []
    for idx, typ in (
            (0x20000001, "PHB"), (0x80000004, "MEM"), (0x90000000, "PMEM")):
        check(root.get(idx) == typ, "DRC 0x%x is not a %s DRC here: %s" % (
            idx, typ, root.get(idx)))
        reqs.append("cpu remove index 0x%x" % idx)
    reqs.append("cpu add index 0x80000004")
    for req in reqs:
        k = sysfs_refused(ctx, req, "EINVAL")
        if ctx.module:
            check("is not a CPU DRC" in k, "%r: no reason logged:\n%s"
                  % (req, k))


def t_nonexistent_drc(ctx):
    g = ctx.g
    cpus = drc_table(g, "/proc/device-tree/cpus")
    root = drc_table(g, "/proc/device-tree")
    for idx in (0x1000000f, ctx.drc(4)):
        check(idx not in cpus and idx not in root,
              "DRC 0x%x exists here" % idx)
        sysfs_refused(ctx, "cpu remove index 0x%x" % idx, "ENODEV")
    sysfs_refused(ctx, "cpu add index 0x1000000f", "ENODEV")


def t_absent_core(ctx):
    g = ctx.g
    cpus = drc_table(g, "/proc/device-tree/cpus")
    check(cpus.get(ctx.drc(3)) == "CPU", "no CPU DRC 0x%x: %s" % (ctx.drc(3), cpus))
    expect_state(ctx, {0, 1, 2}, what="precondition")
    k = sysfs_refused(ctx, "cpu remove index 0x%x" % ctx.drc(3), "ENODEV")
    if ctx.module:
        check("no such core in the guest" in k, "no reason logged:\n" + k)


def t_all_or_nothing(ctx):
    """Several cores, one of which cannot go: none goes."""
    g = ctx.g
    expect_state(ctx, {0, 1, 2}, what="precondition")
    reqs = ["cpu remove indexed-count 2 0x%x" % ctx.drc(2),  # core 3 absent
            "cpu remove count 4"]                        # 3 present
    for req, errno in zip(reqs, ("ENODEV", "EINVAL")):
        sysfs_refused(ctx, req, errno)
        if not ctx.module:
            mainline_fails_count(ctx, req)


def t_last_online(ctx):
    """cpu0 offline: removing every other core would leave none online."""
    g = ctx.g
    expect_state(ctx, {0, 1, 2}, what="precondition")
    offline(ctx, 0)
    try:
        expect_state(ctx, {0, 1, 2}, {1, 2})
        for req in ("cpu remove indexed-count 2 0x%x" % ctx.drc(1),
                    "cpu remove count 2"):
            k = sysfs_refused(ctx, req, "EBUSY")
            if ctx.module:
                check("would leave no CPU online" in k,
                      "no reason logged:\n" + k)
            else:
                mainline_fails_count(ctx, req)
    finally:
        online(ctx, 0)
    expect_state(ctx, {0, 1, 2})


def t_drc_scope(ctx):
    """A refused CPU request touches no DRC but the CPU DRC it names: no
    RTAS call on another index, no removal-failed signal to a PHB or
    LMB (a pending DIMM removal would be rolled back by it)."""
    g = ctx.g
    tr = "/sys/kernel/tracing"
    g.run_ok("echo > %s/trace; echo 1 > %s/events/pseries_dlpar/"
             "pdlpar_drc_state/enable" % (tr, tr))
    problems = []
    try:
        for idx, errno in ((0x1000000f, "ENODEV"), (0x20000000, "EINVAL")):
            req = "cpu remove index 0x%x" % idx
            k = "\n".join(ours(sysfs_refused(ctx, req, errno)))
            named = set(int(x, 16) for x in
                        re.findall(r"DRC (0x[0-9a-f]+)", k))
            if named - {idx}:
                problems.append("%r: log names other DRCs %s:\n%s" % (
                    req, ", ".join("0x%08x" % x for x in named - {idx}), k))
            if "unisolated to report the failed removal" in k:
                problems.append("%r: signalled a failed removal on a DRC "
                                "that is not a CPU DRC:\n%s" % (req, k))
        trace = g.run_ok("grep pdlpar_drc_state %s/trace || true" % tr)
        if trace.strip():
            problems.append("DRC state changes:\n" + trace.strip())
    finally:
        g.run_ok("echo 0 > %s/events/pseries_dlpar/pdlpar_drc_state/enable"
                 % tr)
    check(not problems, "\n".join(problems))


def t_hyp_absent(ctx):
    """The guest let core 2 go (sysfs); then the hypervisor removes it:
    QEMU completes at once, the guest's event finds no such core, nothing
    changes and nothing is reported as refused."""
    g = ctx.g
    sysfs_ok(ctx, "cpu remove index 0x%x" % ctx.drc(2), {0, 1}, qemu={0, 1, 2})
    em, mark = g.event_mark(), klog_mark(g)
    g.qmp("device_del", id="core2")
    ev = g.wait_event("DEVICE_DELETED", 10, match=dev_is("core2"), since=em)
    check(ev, "no DEVICE_DELETED for core2: %s" % hyp_events(g, em))
    if ctx.module:
        wait_kmsg(g, mark, re.escape(
            'hypervisor request "cpu remove index 0x%x" failed: -19'
            % ctx.drc(2)))
        k = "\n".join(ours(klog_since(g, mark)))
        check("to report the failed removal" not in k,
              "signalled a failure:\n" + k)
    else:
        wait_kmsg(g, mark, r"Cannot find CPU \(drc index %x\) to remove"
                  % ctx.drc(2))
    time.sleep(0.5)
    bad = g.events_since(em, "DEVICE_UNPLUG_GUEST_ERROR")
    check(not bad, "QEMU was told of a refusal: %s" % bad)
    expect_state(ctx, {0, 1}, what="after the event")
    expect_qemu_cores(ctx, {0, 1})


def t_boot_core(ctx):
    """The boot core goes and comes back like any other while another CPU
    stays online (the kernel hands the boot CPU's duties on); holding the
    last online CPUs, it stays and nothing changes."""
    g = ctx.g
    expect_state(ctx, {0, 1}, what="precondition")
    q = {0, 1}
    sysfs_ok(ctx, "cpu remove index 0x%x" % ctx.drc(0), {1}, qemu=q)
    sysfs_ok(ctx, "cpu add index 0x%x" % ctx.drc(0), {0, 1}, qemu=q)
    offline(ctx, 1)
    try:
        k = sysfs_refused(ctx, "cpu remove index 0x%x" % ctx.drc(0),
                          "EBUSY")
        if ctx.module:
            check("would leave no CPU online" in k,
                  "no reason logged:\n" + k)
    finally:
        online(ctx, 1)
    expect_state(ctx, {0, 1})


def t_smt_control(ctx):
    """SMT control off, then at level 2: a hypervisor add and a sysfs add
    bring up only the threads the kernel allows, the request succeeds, and
    the core still goes whole."""
    g, hv = ctx.g, ctx.hv
    smt = "/sys/devices/system/cpu/smt/control"
    g.run_ok("echo off > %s" % smt)
    try:
        expect_cpus = lambda on: check(  # noqa: E731
            cpu_state(g)["online"] == set(on), "online %s, want %s" % (
                sorted(cpu_state(g)["online"]), sorted(on)))
        expect_cpus({0})
        mark = klog_mark(g)
        add_core(g, 1)
        first = hv.cpus(1)[0]
        wait_for(g, "CPU %d online" % first, lambda: cpu_state(g)["online"]
                 == {0, first}, 20)
        check(cpu_state(g)["present"] == set(range(2 * hv.threads)),
              "core 1 not present whole")
        if ctx.module:
            wait_kmsg(g, mark, re.escape('hypervisor request "cpu add index '
                                         '0x%x" done' % ctx.drc(1)))
        rc, out = sysfs_write(g, "cpu remove index 0x%x" % ctx.drc(1))
        check(rc == 0, "remove failed: %s" % out)
        check(cpu_state(g)["present"] == set(hv.cpus(0)), "core 1 stayed")
        g.run_ok("echo 2 > %s" % smt)
        expect_cpus({0, 1})
        rc, out = sysfs_write(g, "cpu add index 0x%x" % ctx.drc(1))
        check(rc == 0, "sysfs add failed: %s" % out)
        expect_cpus({0, 1, first, first + 1})
        em = g.event_mark()
        g.qmp("device_del", id="core1")
        check(g.wait_event("DEVICE_DELETED", 20, match=dev_is("core1"),
                           since=em), "core 1 not deleted")
        check(cpu_state(g)["present"] == set(hv.cpus(0)), "core 1 stayed")
    finally:
        g.run_ok("echo on > %s" % smt)


KLOG_BAD = ("Oops", "BUG:", "WARNING:", "Unable to handle", "Call Trace",
            "OF: ERROR", "refcount_t:", "blocked for more than")


def t_klog_clean(ctx):
    """The whole kernel log of the guest (also dumped into its console
    log here) has no oops, warning or device-tree refcount error."""
    out = ctx.g.run_ok("dmesg", timeout=120)
    bad = [line for line in out.splitlines()
           if any(b in line for b in KLOG_BAD)]
    check(not bad, "kernel log:\n" + "\n".join(bad[:40]))


# --- the table of scenarios --------------------------------------------------

# (guest tag, room for cores, cores device_add'ed first, tests); a test is
# (scenario label, name, function, mainline: True to run it there too, or
# a string saying why not).
SCENARIOS = [
    ("seed000", SMP2, (), [
        ("1", "hypervisor removal of the last online CPU is refused and "
         "reported (seed 000), a retry completes", t_seed000, True),
    ]),
    ("hyp-order", SMP4, (), [
        ("2", "hypervisor adds cores 1,2,3 and removes 2,1,3 (boot CPU "
         "offline, double device_del, offline core)", t_hyp_order, True),
        ("4", "sysfs cpu add of a core the hypervisor removed fails, "
         "changes nothing", t_add_gone, True),
    ]),
    ("seed002", SMP2, (), [
        ("2", "repeated device_del of a refused, pending core is harmless "
         "(seed 002)", t_seed002, True),
    ]),
    ("sysfs", SMP4, (1, 2, 3), [
        ("3", "sysfs cpu remove/add by index re-acquires cores QEMU kept",
         t_sysfs_index, True),
        ("3", "sysfs cpu count and indexed-count: highest removed, lowest "
         "added, all or nothing", t_sysfs_count, True),
    ]),
    ("smt", SMP2, (), [
        ("5", "SMT control off and at level 2: hypervisor and sysfs core "
         "adds online only the allowed threads, removal works",
         t_smt_control, True),
    ]),
    ("errors", SMP4, (1, 2), [
        ("4", "sysfs cpu request on a non-CPU DRC (PHB, LMB, PMEM) fails, "
         "changes nothing", t_non_cpu_drc, True),
        ("4", "sysfs cpu request on a nonexistent DRC fails, changes nothing",
         t_nonexistent_drc, True),
        ("4", "sysfs cpu remove of an absent core fails, changes nothing",
         t_absent_core, True),
        ("4", "sysfs multi-core removal with one core absent or too many "
         "is all or nothing", t_all_or_nothing, True),
        ("4", "sysfs removal that would leave no CPU online fails, changes "
         "nothing", t_last_online, True),
        ("4", "refused cpu request touches no DRC but a CPU DRC it names",
         t_drc_scope, "not observable: mainline logs no RTAS calls (by its "
         "source it also unisolates any present DRC it was given)"),
        ("4", "hypervisor removal of a core the guest already let go: no "
         "change, no refusal reported", t_hyp_absent, True),
        ("4", "sysfs cpu remove/add of the boot core works while another "
         "CPU stays online; refused, changing nothing, when it holds the "
         "last online CPUs", t_boot_core, True),
    ]),
]


def _first_line(e):
    text = str(e).strip()
    line = text.splitlines()[0] if text else type(e).__name__
    return line if len(line) <= 160 else line[:157] + "..."


def _scenario(tag):
    return next(sc for sc in SCENARIOS if sc[0] == tag)


# Scenarios run back to back in one guest, for a hypervisor that only runs
# these: each starts and ends with core 0 alone, and core 1 comes and goes
# in each. Room for 4 cores: TCG never gives back the thread contexts of a
# removed core (QEMU sizes them by maxcpus), so three adds of core 1 need
# as many contexts as 4 cores.
COMBINED = [
    ("seed+smt", SMP4, (), [t for tag in ("seed000", "seed002", "smt")
                            for t in _scenario(tag)[3]]),
    ("seeds", SMP4, (), [t for tag in ("seed000", "seed002")
                         for t in _scenario(tag)[3]]),
]

def _combined(tag):
    return any(tag == c[0] for c in COMBINED)


# The hypervisors each scenario runs on: (key, Hypervisor, scenario tags;
# None for all of SCENARIOS). QEMU 10.0 with SMT4 runs everything, SMT8 the
# seed scenarios in one guest, QEMU 7.2 the seed scenarios and the
# hypervisor-order smoke (a guest each: its TCG may crash on a change after
# a core's removal), QEMU 11.1 the seed scenarios and the SMT one in one
# guest.
HV_RUNS = [
    ("qemu10", QEMU10, None),
    ("qemu10-smt8", QEMU10.with_threads(8), ("seeds",)),
    ("qemu7.2", QEMU72, ("seed000", "seed002", "hyp-order")),
    ("qemu11.1", QEMU111, ("seed+smt",)),
]


# On the second guest kernel (Linux 7.3): seed 000 and seed 002 in one
# guest on QEMU 10.0 with SMT4 cores, mainline for both.
HV_RUNS_SECOND = [("qemu10", QEMU10, ("seeds",))]


def _boot(kernel, initrd, logdir, hvkey, hv, tag, impl, maxcores, cores):
    log = os.path.join(logdir, "guest-e2e-cpu-%s-%s-%s.log" % (
        hvkey, tag, impl))
    if os.path.exists(log):
        os.remove(log)   # Guest appends; keep this run's log only
    g = Guest(kernel, initrd, hv=hv, smp=hv.smp(1, maxcores), log_path=log)
    try:
        ctx = Ctx(g, impl)
        # Kernel messages to dmesg only (see klog_since()).
        g.run_ok(QUIET_CONSOLE)
        if impl == MODULE:
            mark = klog_mark(g)
            g.run_ok("insmod %s" % MOD)
            check("DLPAR provider registered" in klog_since(g, mark),
                  "module did not register:\n" + klog_since(g, mark))
        for core in cores:
            hyp_add(ctx, core)
        return ctx
    except BaseException:
        g.shutdown()
        raise


def _run_module(res, kernel, initrd, logdir, hvkey, hv, tag, smp, cores,
                tests):
    """Our module: real tests. Returns {name: "PASS"/"FAIL"}."""
    out = {}
    prefix = "e2e cpu [%s]: " % hv.label
    try:
        ctx = _boot(kernel, initrd, logdir, hvkey, hv, tag, MODULE, smp,
                    cores)
    except Exception as e:
        for _, name, _, _ in tests:
            res.record(prefix + name, False, "guest setup: %s" % e)
            out[name] = "FAIL"
        return out
    last, boots = "PASS", 1
    try:
        for _, name, fn, _ in tests:
            if _combined(tag) and last == "FAIL":
                # A failed test of a combined scenario can leave a core
                # behind: the next runs in a fresh guest.
                ctx.g.shutdown()
                boots += 1
                ctx = _boot(kernel, initrd, logdir, hvkey, hv,
                            "%s-%d" % (tag, boots), MODULE, smp, cores)
            failed = res.failed
            res.run(prefix + name, fn, ctx)
            out[name] = last = "PASS" if res.failed == failed else "FAIL"
    except Exception as e:
        for _, name, _, _ in tests:
            if name not in out:
                res.record(prefix + name, False, "guest setup: %s" % e)
                out[name] = "FAIL"
    finally:
        ctx.g.shutdown()
    return out


def _run_mainline(kernel, initrd, logdir, hvkey, hv, tag, smp, cores,
                  tests):
    """Built-in code: observations. Returns {name: (result, remark)}."""
    out = {}
    todo = [t for t in tests if t[3] is True]
    if (_combined(tag) or hvkey == "qemu7.2") and \
            not run_tests.SECOND_KERNEL:
        # Mainline's failures are the same on every QEMU (seed 000 fails
        # on each): beside QEMU 10.0 SMT4, run it once, and save the
        # fresh guest each later failure would cost.
        first = _scenario("seed000")[3]
        todo = [t for t in todo if t in first]
    for _, name, _, why in tests:
        if why is not True:
            out[name] = ("n/a", why)
        elif all(name != t[1] for t in todo):
            out[name] = ("n/a", "mainline runs seed 000 only on this "
                         "hypervisor (time); see QEMU 10.0 SMT4's rows")
    if not todo:
        return out
    try:
        ctx = _boot(kernel, initrd, logdir, hvkey, hv, tag, MAINLINE, smp,
                    cores)
    except Exception as e:
        for _, name, _, _ in todo:
            out[name] = ("FAIL", "guest setup: " + _first_line(e))
        return out
    failed, boots = False, 1
    try:
        for _, name, fn, _ in todo:
            if _combined(tag) and failed:
                # As in _run_module: after a failure, a fresh guest (the
                # built-in code fails seed 000 and leaves core 1 behind).
                ctx.g.shutdown()
                boots += 1
                ctx = _boot(kernel, initrd, logdir, hvkey, hv,
                            "%s-%d" % (tag, boots), MAINLINE, smp, cores)
            ctx.remarks = []
            failed = False
            try:
                fn(ctx)
            except Exception as e:
                failed = True
                out[name] = ("FAIL", "; ".join(ctx.remarks +
                                               [_first_line(e)]))
            else:
                out[name] = ("PASS", "; ".join(ctx.remarks))
    except Exception as e:
        for _, name, _, _ in todo:
            out.setdefault(name, ("FAIL", "guest setup: " + _first_line(e)))
    finally:
        ctx.g.shutdown()
    return out


def _md(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def run(res, kernel, initrd, logdir):
    """Run every scenario with our module (tests recorded in res) and with
    mainline's built-in code (notes, and LOGDIR/side-by-side.txt)."""
    os.makedirs(logdir, exist_ok=True)
    only = os.environ.get("PDLPAR_E2E_ONLY", "")
    # make check runs the hypervisors in two jobs side by side.
    hvs = [k for k in os.environ.get("PDLPAR_E2E_HV", "").split(",") if k]
    rows = []
    t0 = time.monotonic()
    for hvkey, hv, tags in (HV_RUNS_SECOND if run_tests.SECOND_KERNEL
                            else HV_RUNS):
        if hvs and hvkey not in hvs:
            continue
        if not hv.available():
            res.record("e2e cpu: %s is installed (%s)" % (hv.name, hv.binary),
                       False, "run tests/setup-host.sh")
            continue
        for tag, smp, cores, tests in SCENARIOS + COMBINED:
            if tags is None and _combined(tag):
                continue
            if tags is not None and tag not in tags:
                continue
            if only and only not in "%s %s" % (hvkey, tag):
                continue
            tests = tests + [(tests[0][0], "kernel log clean after the %s "
                              "scenario (no Oops, BUG, WARNING, OF refcount "
                              "error)" % tag, t_klog_clean, True)]
            mod = _run_module(res, kernel, initrd, logdir, hvkey, hv, tag,
                              smp, cores, tests)
            ml = _run_mainline(kernel, initrd, logdir, hvkey, hv, tag, smp,
                               cores, tests)
            for label, name, _, _ in tests:
                m = mod[name]
                r, why = ml[name]
                rows.append((hv.label, label, name, m, r, why))
                res.note("side-by-side [%s]: %s: module %s / mainline %s%s"
                         % (hv.label, name, m, r,
                            " (%s)" % why if why else ""))
    path = os.path.join(logdir, "side-by-side.txt")
    with open(path, "w") as f:
        f.write("# CPU DLPAR end to end: our module and mainline %s's "
                "built-in code\n\n" % (run_tests.KERNEL_LABEL or
                                         "Linux 6.12"))
        f.write("QEMU pseries (TCG): 10.0 with POWER10 SMT4 and SMT8 cores, "
                "7.2 with POWER9, one thread per core, 11.1 with POWER10 "
                "SMT4 cores. Module runs are tests; mainline runs are "
                "observations.\n\n")
        f.write("| hypervisor | scenario | test | module | mainline | "
                "mainline notes |\n")
        f.write("|---|---|---|---|---|---|\n")
        for hvl, label, name, m, r, why in rows:
            f.write("| %s | %s | %s | %s | %s | %s |\n" % (
                hvl, label, _md(name), m, r, _md(why)))
    res.note("e2e cpu: %d tests, each with our module and with mainline, "
             "in %.0f s; table in %s" % (len(rows), time.monotonic() - t0,
                                         path))
    return rows


def main():
    import argparse
    from run_tests import Results
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--logdir", default="out")
    ap.add_argument("--results", default=None)
    ap.add_argument("--only", default="",
                    help="substring of '<hypervisor key> <scenario tag>'")
    a = ap.parse_args()
    if a.only:
        os.environ["PDLPAR_E2E_ONLY"] = a.only
    os.makedirs(a.logdir, exist_ok=True)
    res = Results(a.results or os.path.join(a.logdir, "e2e-cpu-results.txt"))
    run(res, a.kernel, a.initrd, a.logdir)
    print("e2e cpu: %d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
