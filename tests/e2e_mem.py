# SPDX-License-Identifier: GPL-2.0
"""End-to-end memory (LMB) DLPAR tests: QEMU 10.0's pseries machine is the
hypervisor, DIMMs (pc-dimm) come and go over QMP.

Called from run_tests.py as ``e2e_mem.run(res, kernel, initrd, logdir)``.

One guest runs the scenario with our module loaded (tests, recorded with
res.run()); a second runs the same steps with the module unloaded, so that
mainline's built-in code answers (observations, "side-by-side" notes).
Then the same on QEMU 11.1 with the hypervisor's part only (TESTS_HV: a
DIMM added, its removal refused while a page is pinned, then removed).
PDLPAR_E2E_MEM_HV=qemu10 or =qemu11.1 runs only that half.

What is checked after every step: the memory blocks online in the guest,
the LMB flags in ibm,dynamic-memory(-v2) (written from the kernel's drmem
array, so this is also the kernel's own view) and QEMU's DIMMs.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, QEMU111, Guest  # noqa: E402
import run_tests  # noqa: E402
from run_tests import (  # noqa: E402
    Failure, MOD, QUIET_CONSOLE, check, e2e_main, klog_mark, klog_since,
    ours, side_by_side, sysfs_write, wait_for)

MB = 1 << 20
LMB = 256 * MB
ASSIGNED = 0x8
DRC_INVALID = 0x20
RESERVED = 0x80
DRC_BASE = 0x80000000
MEM = "1G,slots=4,maxmem=4G"


class Ctx:
    def __init__(self, g, module):
        self.g = g
        self.module = module
        self.dimms = 0
        self.remarks = []


def lmbs(g):
    """{drc index: (base, flags)} from ibm,dynamic-memory(-v2)."""
    node = "/proc/device-tree/ibm,dynamic-reconfiguration-memory"
    cmd = ("cd %s; od -An -tx1 -v ibm,lmb-size; echo ==;"
           " if [ -e ibm,dynamic-memory-v2 ]; then echo v2;"
           " od -An -tx1 -v ibm,dynamic-memory-v2; else echo v1;"
           " od -An -tx1 -v ibm,dynamic-memory; fi" % node)
    # A read that meets the property being replaced (by whichever code
    # owns memory) fails; the next one sees the new value.
    for _ in range(5):
        rc, out = g.run(cmd)
        if rc == 0:
            break
        time.sleep(0.2)
    else:
        raise Failure("cannot read ibm,dynamic-memory:\n" + out)
    a, b = out.split("==")
    size = int.from_bytes(bytes(int(x, 16) for x in a.split()), "big")
    kind, rest = b.strip().split(None, 1)
    raw = bytes(int(x, 16) for x in rest.split())
    n = int.from_bytes(raw[:4], "big")
    table = {}
    for i in range(n):
        c = raw[4 + 24 * i:28 + 24 * i]
        if kind == "v1":
            table[int.from_bytes(c[8:12], "big")] = (
                int.from_bytes(c[0:8], "big"), int.from_bytes(c[20:24], "big"))
        else:
            seq = int.from_bytes(c[0:4], "big")
            base = int.from_bytes(c[4:12], "big")
            drc = int.from_bytes(c[12:16], "big")
            flags = int.from_bytes(c[20:24], "big")
            for k in range(seq):
                table[drc + k] = (base + k * size, flags)
    check(size == LMB, "ibm,lmb-size %#x" % size)
    return table


def online_blocks(g):
    """Addresses of the memory blocks online in the guest."""
    out = g.run_ok("b=$((0x$(cat /sys/devices/system/memory/"
                   "block_size_bytes))); for m in /sys/devices/system/"
                   "memory/memory*; do [ $(cat $m/state) = online ] &&"
                   " echo $(( ${m##*memory} * b )); done; true")
    return {int(x) for x in out.split()}


def assigned(g):
    return {d: base for d, (base, f) in lmbs(g).items()
            if f & ASSIGNED and not f & DRC_INVALID}


def expect_memory(ctx, drcs, what):
    """Exactly these hot-plug LMBs assigned in the device tree, each one's
    memory online, and nothing else online above boot memory."""
    g = ctx.g
    have = assigned(g)
    check(set(have) == set(drcs), "%s: assigned LMBs %s, want %s" % (
        what, sorted("%#x" % d for d in have),
        sorted("%#x" % d for d in drcs)))
    boot = {base for base in online_blocks(g) if base < (1 << 30)}
    want = boot | set(have.values())
    on = online_blocks(g)
    check(on == want, "%s: online blocks %s, want %s" % (
        what, sorted("%#x" % x for x in on), sorted("%#x" % x for x in want)))


def add_dimm(ctx, size):
    """device_add a DIMM; returns (id, its DRC indexes)."""
    g = ctx.g
    ctx.dimms += 1
    mem, dimm = "mem%d" % ctx.dimms, "dimm%d" % ctx.dimms
    before = set(assigned(g))
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": mem,
                         "size": size})
    g.qmp("device_add", driver="pc-dimm", id=dimm, memdev=mem)
    n = size // LMB
    wait_for(g, "%d LMBs of %s assigned" % (n, dimm),
             lambda: len(set(assigned(g)) - before) == n, 30)
    new = sorted(set(assigned(g)) - before)
    return dimm, new


def t_hyp_add(ctx):
    g = ctx.g
    mark = klog_mark(g)
    dimm, drcs = add_dimm(ctx, 512 * MB)
    ctx.dimm, ctx.drcs = dimm, drcs
    check(drcs[1] == drcs[0] + 1, "LMBs %s not consecutive" % drcs)
    expect_memory(ctx, drcs, "after device_add %s" % dimm)
    k = klog_since(g, mark)
    if ctx.module:
        check(re.search(r'hypervisor request "memory add indexed-count 2 '
                        r'0x%x" done' % drcs[0], k), "no result line:\n" + k)
    else:
        check(not ours(k), "our module answered:\n" + k)


def refused_change_nothing(ctx, req, errno_text):
    g = ctx.g
    before_dt, before_on = lmbs(g), online_blocks(g)
    em, mark = g.event_mark(), klog_mark(g)
    rc, out = sysfs_write(g, req)
    k = klog_since(g, mark)
    check(rc != 0, "%r succeeded:\n%s" % (req, k))
    if ctx.module:
        check(errno_text in out, "%r: want %r, got %r" % (req, errno_text,
                                                          out.strip()))
    check(lmbs(g) == before_dt, "%r changed ibm,dynamic-memory" % req)
    check(online_blocks(g) == before_on, "%r changed online memory:\n%s"
          % (req, k))
    ev = [e["event"] for e in g.events_since(em)
          if e["event"] in ("DEVICE_DELETED", "MEM_UNPLUG_ERROR",
                            "DEVICE_UNPLUG_GUEST_ERROR")]
    check(not ev, "%r caused QMP events %s" % (req, ev))
    return k


def t_sysfs_remove_refused(ctx):
    """QEMU lets only the hypervisor start an LMB removal: a guest
    "memory remove" is refused at isolate, and the guest loses nothing
    (mainline reports success and loses the memory)."""
    for req in ("memory remove count 1",
                "memory remove index 0x%x" % ctx.drcs[1],
                "memory remove indexed-count 2 0x%x" % ctx.drcs[0]):
        refused_change_nothing(ctx, req, "Input/output error")
        expect_memory(ctx, ctx.drcs, "after %r" % req)


BAD = [
    ("a CPU DRC", "memory remove index 0x10000000", "Invalid argument"),
    ("a nonexistent DRC", "memory remove index 0x8fffffff",
     "No such device"),
    ("a free LMB", "memory remove index 0x%x", "No such device"),
    ("boot memory (it has no DRC)", "memory remove index 0x%x",
     "No such device"),
    ("an assigned LMB (add)", "memory add index 0x%x", "File exists"),
    ("more than can go", "memory remove count 64", "Invalid argument"),
    ("more than can come", "memory add count 1000", "No space left"),
]


def t_bad_requests(ctx):
    g = ctx.g
    table = lmbs(g)
    free = min(d for d, (b, f) in table.items()
               if not f & (ASSIGNED | RESERVED | DRC_INVALID))
    boot = min(d for d, (b, f) in table.items() if f & DRC_INVALID)
    args = {"a free LMB": free, "boot memory (it has no DRC)": boot,
            "an assigned LMB (add)": ctx.drcs[0]}
    for name, req, err in BAD:
        if "%" in req:
            req = req % args[name]
        k = refused_change_nothing(ctx, req, err)
        if ctx.module:
            mine = ours(k)
            check(len(mine) >= 2, "%s: no reason logged:\n%s" % (name, k))


HOLD = "/lib/modules/pdlpar/pdlpar_memhold.ko"


def t_hyp_remove_busy(ctx):
    """The kernel cannot offline the DIMM's first LMB (a test module holds
    a page of it): the removal fails, the hypervisor is told at once (QEMU
    rolls the DIMM's unplug back: DEVICE_UNPLUG_GUEST_ERROR), nothing is
    lost, and once the page is free a second device_del completes (the
    next test). Mainline tells nothing, and QEMU refuses every later
    device_del of the DIMM."""
    g = ctx.g
    have = assigned(g)
    check(ctx.drcs[0] in have, "LMB 0x%x is not assigned (lost earlier)"
          % ctx.drcs[0])
    g.run_ok("insmod %s base=%#x size=0x10000" % (HOLD, have[ctx.drcs[0]]))
    try:
        before = online_blocks(g)
        em, mark = g.event_mark(), klog_mark(g)
        g.qmp("device_del", id=ctx.dimm)
        # QEMU 7.2 says MEM_UNPLUG_ERROR; 10.0 dropped that event and says
        # DEVICE_UNPLUG_GUEST_ERROR for the DIMM.
        ev = g.wait_event(
            "DEVICE_UNPLUG_GUEST_ERROR", 15, since=em,
            match=lambda e: e.get("data", {}).get("device") == ctx.dimm)
        k = klog_since(g, mark)
        check(ev, "QEMU was not told of the failed removal (no "
              "DEVICE_UNPLUG_GUEST_ERROR for %s in 15 s); events %s; "
              "log:\n%s" % (ctx.dimm,
                            [e["event"] for e in g.events_since(em)],
                            k[-2000:]))
        if ctx.module:
            for drc in ctx.drcs:
                check("DRC 0x%08x: unisolated to report the failed removal"
                      % drc in k, "DRC 0x%x not signalled:\n%s" % (drc, k))
            check(re.search(r'hypervisor request "memory remove '
                            r'indexed-count 2 0x%x" failed: -16'
                            % ctx.drcs[0], k), "no failure line:\n" + k)
        time.sleep(0.5)
        check(not g.events_since(em, "DEVICE_DELETED"),
              "refused, yet QEMU deleted the DIMM")
        check(online_blocks(g) == before, "memory changed")
        expect_memory(ctx, ctx.drcs, "after the refused removal")
    finally:
        g.run_ok("rmmod pdlpar_memhold")


def t_hyp_remove(ctx):
    g = ctx.g
    em, mark = g.event_mark(), klog_mark(g)
    g.qmp("device_del", id=ctx.dimm)
    ev = g.wait_event("DEVICE_DELETED", 30,
                      match=lambda e: e.get("data", {}).get("device") ==
                      ctx.dimm, since=em)
    check(ev, "no DEVICE_DELETED for %s; log:\n%s" % (
        ctx.dimm, klog_since(g, mark)[-2000:]))
    expect_memory(ctx, [], "after device_del %s" % ctx.dimm)
    if ctx.module:
        k = klog_since(g, mark)
        check(re.search(r'hypervisor request "memory remove indexed-count 2 '
                        r'0x%x" done' % ctx.drcs[0], k),
              "no result line:\n" + k)


def t_again(ctx):
    """A second DIMM comes and goes the same way, and a third stays."""
    g = ctx.g
    dimm, drcs = add_dimm(ctx, 256 * MB)
    expect_memory(ctx, drcs, "after device_add %s" % dimm)
    em = g.event_mark()
    g.qmp("device_del", id=dimm)
    check(g.wait_event("DEVICE_DELETED", 30, since=em), "no DEVICE_DELETED")
    expect_memory(ctx, [], "after device_del %s" % dimm)
    ctx.dimm, ctx.drcs = add_dimm(ctx, 512 * MB)
    expect_memory(ctx, ctx.drcs, "after the third DIMM")


def t_builtin_takes_over(ctx):
    """After rmmod the built-in code carries on from the module's state
    (drmem_info and the device tree): it removes the DIMM the module added,
    and adds LMBs the module removed; loaded again, the module removes a
    DIMM the built-in code added."""
    g = ctx.g
    g.run_ok("rmmod pseries_dlpar")
    em, mark = g.event_mark(), klog_mark(g)
    g.qmp("device_del", id=ctx.dimm)
    ev = g.wait_event("DEVICE_DELETED", 30, since=em)
    check(ev, "the built-in code did not complete the removal:\n%s"
          % klog_since(g, mark)[-2000:])
    expect_memory(ctx, [], "after device_del by the built-in code")
    # The slot the module emptied earlier: the same DRCs again.
    mark = klog_mark(g)
    dimm, drcs = add_dimm(ctx, 512 * MB)
    check(not ours(klog_since(g, mark)), "our module answered")
    expect_memory(ctx, drcs, "after the built-in code's add")
    mark = klog_mark(g)
    g.run_ok("insmod %s" % MOD)
    k = klog_since(g, mark)
    check("LMBs of 256 MiB" in k, "module did not take memory over:\n" + k)
    em, mark = g.event_mark(), klog_mark(g)
    g.qmp("device_del", id=dimm)
    check(g.wait_event("DEVICE_DELETED", 30, since=em),
          "the module did not remove the built-in code's DIMM:\n%s"
          % klog_since(g, mark)[-2000:])
    check(re.search(r'hypervisor request "memory remove indexed-count 2 '
                    r'0x%x" done' % drcs[0], klog_since(g, mark)),
          "not removed through the module:\n" + klog_since(g, mark))
    expect_memory(ctx, [], "after the module's removal")


def t_unload_while_queued(ctx):
    """rmmod right behind a DIMM add: the queued or running request is
    carried out before the module goes, nothing lost, nothing half-done."""
    g = ctx.g
    g.run_ok("grep -q '^pseries_dlpar ' /proc/modules || insmod %s" % MOD)
    ctx.dimms += 1
    mem, dimm = "mem%d" % ctx.dimms, "dimm%d" % ctx.dimms
    before = set(assigned(g))
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": mem,
                         "size": 512 * MB})
    mark = klog_mark(g)
    g.qmp("device_add", driver="pc-dimm", id=dimm, memdev=mem)
    g.run_ok("rmmod pseries_dlpar")
    k = klog_since(g, mark)
    new = sorted(set(assigned(g)) - before)
    if 'hypervisor request "memory add' in k:
        # Ours: done before rmmod returned.
        check(len(new) == 2, "rmmod returned with %d of 2 LMBs added:\n%s"
              % (len(new), k))
    else:
        # The event came after the module left: the built-in code's.
        wait_for(g, "the built-in code adds the DIMM",
                 lambda: len(set(assigned(g)) - before) == 2, 30)
        new = sorted(set(assigned(g)) - before)
    expect_memory(ctx, new, "after rmmod with an add in flight")
    g.run_ok("insmod %s" % MOD)
    ctx.dimm, ctx.drcs = dimm, new


def t_klog_clean(ctx):
    out = ctx.g.run_ok("dmesg", timeout=120)
    bad = [line for line in out.splitlines()
           if any(b in line for b in ("Oops", "BUG:", "WARNING:",
                                      "Unable to handle", "Call Trace",
                                      "OF: ERROR", "refcount_t:",
                                      "blocked for more than"))]
    check(not bad, "kernel log:\n" + "\n".join(bad[:40]))


TESTS = [
    ("hypervisor adds a 512 MiB DIMM: both LMBs online and assigned",
     t_hyp_add, True),
    ("bad memory requests fail with a clear errno, change nothing",
     t_bad_requests, True),
    ("hypervisor removal of a DIMM whose first LMB cannot go offline is "
     "refused and reported (DEVICE_UNPLUG_GUEST_ERROR), nothing lost",
     t_hyp_remove_busy, True),
    ("hypervisor removes the DIMM: deleted, memory gone, flags cleared",
     t_hyp_remove, True),
    ("DIMMs come and go again", t_again, True),
    ("sysfs memory remove that QEMU refuses fails, the guest loses nothing",
     t_sysfs_remove_refused, True),
    ("after rmmod the built-in code removes a DIMM the module added and "
     "adds LMBs it removed; reloaded, the module removes the built-in "
     "code's DIMM", t_builtin_takes_over, "module only"),
    ("rmmod with a DIMM add in flight: carried out whole before unload",
     t_unload_while_queued, "module only"),
    ("kernel log clean after the memory scenario", t_klog_clean, True),
]


# On the other hypervisor versions: add, refused removal, removal.
# Mainline is not run there: its memory code fails the same way on every
# QEMU (QEMU 10.0's rows show it), and a guest boot costs half a minute.
TESTS_HV = [(name, fn, "not run on this hypervisor: see QEMU 10.0")
            for name, fn, _ in TESTS
            if fn in (t_hyp_add, t_hyp_remove_busy, t_hyp_remove,
                      t_klog_clean)]


def _boot(kernel, initrd, logdir, impl, hv=QEMU10, key=""):
    log = os.path.join(logdir, "guest-e2e-mem%s-%s.log" % (key, impl))
    if os.path.exists(log):
        os.remove(log)
    g = Guest(kernel, initrd, hv=hv, smp=hv.smp(1, 2), mem=MEM,
              log_path=log)
    try:
        g.run_ok(QUIET_CONSOLE)
        if impl == "module":
            mark = klog_mark(g)
            g.run_ok("insmod %s" % MOD)
            k = klog_since(g, mark)
            check("memory: " in k and "LMBs of 256 MiB" in k,
                  "module did not take memory over:\n" + k)
        return Ctx(g, impl == "module")
    except BaseException:
        g.shutdown()
        raise


# On the second guest kernel (Linux 7.3): one memory scenario, the first
# LMB pinned, between the add and the removal that show the DIMM came and
# went; mainline too.
TESTS_SECOND = [t for t in TESTS
                if t[1] in (t_hyp_add, t_hyp_remove_busy, t_hyp_remove,
                            t_klog_clean)]


def run(res, kernel, initrd, logdir):
    if run_tests.SECOND_KERNEL:
        side_by_side(res, "mem", TESTS_SECOND,
                     lambda impl: _boot(kernel, initrd, logdir, impl))
        return
    only = os.environ.get("PDLPAR_E2E_MEM_HV", "")
    if only in ("", "qemu10"):
        side_by_side(res, "mem", TESTS,
                     lambda impl: _boot(kernel, initrd, logdir, impl))
    if only not in ("", "qemu11.1"):
        return
    if not QEMU111.available():
        res.record("e2e mem: %s is installed (%s)" % (QEMU111.name,
                                                      QEMU111.binary),
                   False, "run tests/setup-host.sh")
        return
    side_by_side(res, "mem [%s]" % QEMU111.label, TESTS_HV,
                 lambda impl: _boot(kernel, initrd, logdir, impl, QEMU111,
                                    "-qemu11.1"))


def main():
    return e2e_main("mem", run)


if __name__ == "__main__":
    sys.exit(main())
