# SPDX-License-Identifier: GPL-2.0
"""End-to-end tests with the real DLPAR client: Debian 12's drmgr
(powerpc-ibm-utils 1.3.10, put into the initramfs by mkinitramfs.sh)
drives our module through /sys/kernel/dlpar, QEMU 10.0's pseries machine
is the hypervisor.

Called from run_tests.py as ``e2e_drmgr.run(res, kernel, initrd, logdir)``.

One guest (SMT4 cores, room for four; core k has DRC 0x10000000 + 4k and
CPUs 4k..4k+3), module loaded. What drmgr does in it:

- ``drmgr -C`` prints its capabilities line; cpu_dlpar and mem_dlpar
  must say yes (drmgr decides that from /sys/kernel/dlpar, which our
  module answers, and from sysfs). drmgr prints nothing unless the
  kernel has the RPA PCI slot DLPAR driver (CONFIG_HOTPLUG_PCI_RPA_DLPAR);
  without it the test fails and says so.
- ``drmgr -c cpu -r -q 1`` picks a core itself (the lowest DRC first:
  the boot core, which goes like any other while another CPU stays
  online, as in mainline), which goes with all its threads; ``-a -q 1``
  takes it back (QEMU keeps a core the guest released attached, so it
  can be re-acquired).
- A removal that would leave no CPU online fails: drmgr exits non-zero,
  prints the kernel's errno and nothing changes. drmgr must be given the
  core (-s <DRC index>): by count it always tries the lowest DRC first,
  the boot core, whose threads are then all offline, and removing that
  one is allowed (checked too: every write answered, state sane).
- Memory: QEMU lets only the hypervisor start an LMB removal, so
  ``drmgr -c mem -r -q 1`` must end with nothing removed (drmgr reports
  DR_TOTAL_RESOURCES=0) and the guest must lose no memory; ``-a -q 1``
  with no free memory behind any LMB fails cleanly (ENOSPC).

Every drmgr call is checked against the kernel log: each string drmgr
says it wrote ("Initiating kernel DLPAR ..." in /var/log/drmgr) must have
been answered by our module (its "sysfs request ... done|failed" line), in
the same order, and nothing else. What drmgr printed and wrote is kept as
res.note() lines and in LOGDIR/e2e-drmgr.txt.

Standalone: e2e_drmgr.py --kernel K --initrd I [--logdir D] [--results F].
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, Guest, GuestError  # noqa: E402
from run_tests import (  # noqa: E402
    Failure, MOD, QUIET_CONSOLE, add_core, check, core_online, e2e_main,
    klog_mark, klog_since, set_core_online, wait_for)
from e2e_cpu import cpu_state, fmt_state, qemu_cores, want_state  # noqa: E402
from e2e_mem import (  # noqa: E402
    add_dimm, lmbs, online_blocks, t_klog_clean)

DRMGR = "/usr/sbin/drmgr"
DRMGR_LOG = "/var/log/drmgr"
MEM = "1G,slots=4,maxmem=4G"
MB = 1 << 20
# The QMP events a request the guest starts (and the hypervisor refuses or
# never hears of) must not cause.
HYP_EVENTS = ("DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR",
              "MEM_UNPLUG_ERROR")
ERRNO = {16: "Device or resource busy", 5: "Input/output error",
         28: "No space left on device"}


class Ctx:
    def __init__(self, g, res):
        self.g = g
        self.hv = g.hv
        self.res = res
        self.dimms = 0          # for e2e_mem.add_dimm
        self.drcs = []          # the LMBs of the DIMM added
        self.transcript = []    # every drmgr call, for LOGDIR/e2e-drmgr.txt


class Call:
    """One drmgr run: its status, what it printed, what it says it wrote
    to /sys/kernel/dlpar, and how our module answered each request."""

    def __init__(self, args, rc, out, wrote, answers, klog):
        self.args = args
        self.rc = rc
        self.out = out.strip("\n")
        self.wrote = wrote
        self.answers = answers      # [(request, "done" | errno int)]
        self.klog = klog

    def lines(self):
        return [line for line in self.out.splitlines() if line.strip()]

    def summary(self):
        ans = ", ".join('"%s" %s' % (r, "done" if a == "done" else
                                      "failed: -%d" % a)
                        for r, a in self.answers) or "nothing"
        return "drmgr %s: exit %d; printed %s; module answered %s" % (
            self.args, self.rc, " | ".join(self.lines()) or "nothing", ans)


def drmgr(ctx, args, timeout=120):
    """Run drmgr in the guest; return a Call. Checks that every string
    drmgr wrote reached our module and was answered, in order."""
    g = ctx.g
    g.run_ok(": > %s" % DRMGR_LOG)
    mark = klog_mark(g)
    rc, out = g.run("%s %s 2>&1" % (DRMGR, args), timeout)
    k = klog_since(g, mark)
    log = g.run_ok("cat %s" % DRMGR_LOG)
    wrote = re.findall(r'^Initiating kernel DLPAR "([^"]*)"$', log, re.M)
    answers = [(r, "done" if a == "done" else int(e))
               for r, a, e in re.findall(r'pseries_dlpar: sysfs request '
                                         r'"([^"]*)" (done|failed: -(\d+))',
                                         k)]
    call = Call(args, rc, out, wrote, answers, k)
    ctx.transcript.append("$ drmgr %s\n%s\n[exit %d]\n--- %s ---\n%s\n"
                          "--- kernel log ---\n%s\n" % (
                              args, call.out, rc, DRMGR_LOG, log.strip(),
                              k.strip()))
    ctx.res.note("e2e drmgr: " + call.summary())
    check([r for r, _ in answers] == wrote,
          "drmgr %s wrote %s, our module answered %s\n%s" % (
              args, wrote, answers, k[-2000:]))
    return call


def expect_cpus(ctx, cores, online=None, what=""):
    """Exactly these cores present and in the device tree, and every
    thread of the online ones (default: all) online."""
    want = want_state(ctx.hv, cores, online)
    st = cpu_state(ctx.g)
    check(st == want, "%s: want %s, have %s" % (what, fmt_state(want),
                                                fmt_state(st)))


def hyp_events(g, mark):
    return ["%s(%s)" % (e["event"], e.get("data", {}).get("device", ""))
            for e in g.events_since(mark) if e["event"] in HYP_EVENTS]


def answered(call, req, result):
    check((req, result) in call.answers,
          "drmgr %s: no %r %s from the module; it answered %s" % (
              call.args, req, result, call.answers))


# --- the tests ---------------------------------------------------------------

def t_capabilities(ctx):
    """drmgr -C: the capabilities line says cpu_dlpar=yes and
    mem_dlpar=yes. drmgr 1.3.10 prints it only if the PCI slot DLPAR
    driver (rpadlpar_io) is there: -C also reports slot_dlpar, and
    before looking, it insists on /sys/bus/pci/slots/control/add_slot."""
    call = drmgr(ctx, "-C")
    out = call.out
    if "rpadlpar_io module was not loaded" in out:
        raise Failure(
            "drmgr -C printed no capabilities (exit %d): %r. drmgr 1.3.10 "
            "(check_kmods() in src/drmgr/common.c) stops before printing "
            "them unless /sys/bus/pci/slots/control/add_slot exists, i.e. "
            "the RPA PCI DLPAR driver rpadlpar_io is built in or can be "
            "modprobe'd; the guest kernel has no CONFIG_HOTPLUG_PCI_RPA_"
            "DLPAR (needs CONFIG_HOTPLUG_PCI and CONFIG_HOTPLUG_PCI_RPA). "
            "Unrelated to our module." % (call.rc, out))
    m = re.search(r"^cpu_dlpar=(\w+),mem_dlpar=(\w+),slot_dlpar=\w+,"
                  r"phb_dlpar=\w+,hea_dlpar=\w+,pmig=\w+,"
                  r"cpu_entitlement=\w+,mem_entitlement=\w+,"
                  r"slb_resize=\w+,phib=\w+$", out, re.M)
    check(call.rc == 0 and m, "drmgr -C exit %d: %r" % (call.rc, out))
    check(m.group(1) == "yes" and m.group(2) == "yes",
          "drmgr -C: %s" % m.group(0))
    check(not call.wrote, "drmgr -C wrote %s" % call.wrote)


def t_cpu_remove_add(ctx):
    """A core the hypervisor added goes with all its threads and comes
    back, both times drmgr choosing the core and our module doing it."""
    g, hv = ctx.g, ctx.hv
    add_core(g, 1)
    wait_for(g, "core 1 online after device_add",
             lambda: core_online(g, 1), 30)
    expect_cpus(ctx, {0, 1}, what="after device_add core1")
    em = g.event_mark()

    call = drmgr(ctx, "-c cpu -r -q 1")
    check(call.rc == 0, "exit %d: %s" % (call.rc, call.out))
    check("Validating CPU DLPAR capability...yes." in call.out,
          "no capability line: %r" % call.out)
    # drmgr picks the core (the lowest DRC with an online thread: the
    # boot core, which may go like any other while another CPU stays
    # online); the module answers its one write and removes it whole.
    removed = [r for r, a in call.answers if a == "done"]
    check(len(removed) == 1 and len(call.answers) == 1,
          "module answered %s, want one removal done" % call.answers)
    gone = [k for k in (0, 1) if removed[0] == "cpu remove index 0x%x"
            % hv.drc(k)]
    check(gone, "drmgr removed an unexpected DRC: %r" % removed[0])
    gone = gone[0]
    ctx.res.note("e2e drmgr: -r -q 1 chose core %d" % gone)
    # drmgr prints the DRC name of each core it removed.
    check(call.lines()[-1] == "CPU %d" % hv.core_id(gone),
          "drmgr did not report CPU %d: %r" % (hv.core_id(gone), call.out))
    expect_cpus(ctx, {1 - gone}, what="after drmgr -r")
    check(core_online(g, gone, False), "a thread of core %d still online"
          % gone)
    check(qemu_cores(g) == {0, 1}, "QEMU cores %s" % qemu_cores(g))
    check(not hyp_events(g, em), "QMP events %s" % hyp_events(g, em))

    call = drmgr(ctx, "-c cpu -a -q 1")
    check(call.rc == 0, "exit %d: %s" % (call.rc, call.out))
    check(call.lines()[-1] == "CPU %d" % hv.core_id(gone),
          "drmgr did not report CPU %d: %r" % (hv.core_id(gone), call.out))
    # drmgr may first try DRCs QEMU has no core behind (it answers -3 to
    # their allocation: EINVAL), then takes the one the guest let go.
    check(call.answers[-1:] == [("cpu add index 0x%x" % hv.drc(gone),
                                 "done")] and
          all(a == 22 and r not in ("cpu add index 0x%x" % hv.drc(k)
                                    for k in (0, 1))
              for r, a in call.answers[:-1]),
          "module answered %s" % call.answers)
    expect_cpus(ctx, {0, 1}, what="after drmgr -a")
    check(not hyp_events(g, em), "QMP events %s" % hyp_events(g, em))


def t_cpu_last_online(ctx):
    """Core 0 offline, hot-added core 1 the only one online: drmgr asked
    to remove core 1 (by its DRC index) would leave no CPU online. The
    module refuses (EBUSY), drmgr exits non-zero with the errno, and the
    CPUs, the device tree and QEMU's cores stay as they were.

    By count (-q) drmgr 1.3.10 cannot be brought to this refusal: it
    always tries the lowest DRC first (its "has an online thread" test
    walks every thread of the system, not the core's), that is the boot
    core, whose threads are all offline, so it may go. What it does is
    recorded by t_cpu_by_count()."""
    g, hv = ctx.g, ctx.hv
    expect_cpus(ctx, {0, 1}, what="precondition")
    set_core_online(g, 0, False)
    try:
        before, qbefore = cpu_state(g), qemu_cores(g)
        check(before == want_state(hv, {0, 1}, {1}),
              "core 0 not offline: %s" % fmt_state(before))
        em = g.event_mark()
        call = drmgr(ctx, "-c cpu -r -s 0x%x" % hv.drc(1))
        check(call.rc != 0, "drmgr succeeded: %r" % call.out)
        check("Failed to write to /sys/kernel/dlpar: %s" % ERRNO[16]
              in call.out, "kernel's error not printed: %r" % call.out)
        check(call.answers == [("cpu remove index 0x%x" % hv.drc(1), 16)],
              "module answered %s" % call.answers)
        check("would leave no CPU online" in call.klog,
              "no reason logged:\n" + call.klog)
        after = cpu_state(g)
        check(after == before, "changed: %s -> %s" % (fmt_state(before),
                                                      fmt_state(after)))
        check(qemu_cores(g) == qbefore, "QEMU's cores changed")
        check(not hyp_events(g, em), "QMP events %s" % hyp_events(g, em))
    finally:
        set_core_online(g, 0, True)
    expect_cpus(ctx, {0, 1}, what="after onlining core 0 again")


def t_cpu_by_count(ctx):
    """The same situation asked by count (-q 1): drmgr tries the lowest
    DRC first, the boot core, whose threads are all offline; the module
    removes it (core 1 stays online), answering every write, refusing
    only with EBUSY and a reason. The result is a note; afterwards the
    core is added back and every core is online."""
    g, hv = ctx.g, ctx.hv
    set_core_online(g, 0, False)
    try:
        call = drmgr(ctx, "-c cpu -r -q 1")
        st = cpu_state(g)
    finally:
        if set(hv.cpus(0)) <= cpu_state(g)["present"]:
            set_core_online(g, 0, True)
    ctx.res.note("e2e drmgr: with only core 1 online, -q 1 left %s"
                 % fmt_state(st))
    check(call.answers, "the module answered nothing")
    for req, a in call.answers:
        check(a in ("done", 16), "%r answered -%s" % (req, a))
        if a == 16:
            check("would leave no CPU online" in call.klog,
                  "%r refused without a reason:\n%s" % (req, call.klog))
    check(set(hv.cpus(1)) <= st["online"], "core 1 went offline: %s"
          % fmt_state(st))
    if not set(hv.cpus(0)) <= st["present"]:
        drmgr(ctx, "-c cpu -a -q 1")
    expect_cpus(ctx, {0, 1}, what="after -q 1 and drmgr -a")


def mem_unchanged(ctx, call, before_dt, before_on, em):
    g = ctx.g
    check(lmbs(g) == before_dt,
          "drmgr %s changed ibm,dynamic-memory-v2" % call.args)
    check(online_blocks(g) == before_on,
          "drmgr %s changed the online memory blocks" % call.args)
    check(not hyp_events(g, em), "QMP events %s" % hyp_events(g, em))


def t_mem_remove_refused(ctx):
    """After a DIMM add, drmgr -c mem -r -q 1: QEMU refuses the isolate of
    an LMB it did not mark for removal, our module answers EIO and keeps
    the memory, and drmgr reports that nothing was removed."""
    g = ctx.g
    _, ctx.drcs = add_dimm(ctx, 256 * MB)
    before_dt, before_on = lmbs(g), online_blocks(g)
    em = g.event_mark()
    call = drmgr(ctx, "-c mem -r -q 1")
    check("Validating Memory DLPAR capability...yes." in call.out,
          "no capability line: %r" % call.out)
    check(call.wrote, "drmgr wrote nothing: %r" % call.out)
    # drmgr's NUMA-aware removal ("memory remove index" per LMB, failures
    # ignored) exits 0 and reports the count; its plain one ("memory
    # remove count 1") fails with the kernel's errno.
    check(call.lines()[-1] == "DR_TOTAL_RESOURCES=0",
          "drmgr did not report 0 removed: %r" % call.out)
    check(call.rc != 0 or all(r.startswith("memory remove index ")
                              for r in call.wrote),
          "exit 0 from a plain removal: %r" % call.out)
    check(all(a == 5 for _, a in call.answers),
          "module answered %s, want EIO for each" % call.answers)
    if any(r.startswith("memory remove index ") for r in call.wrote):
        answered(call, "memory remove index 0x%x" % ctx.drcs[0], 5)
    check("isolation-state, 0) failed" in call.klog,
          "QEMU's refusal not in the log:\n" + call.klog)
    mem_unchanged(ctx, call, before_dt, before_on, em)


def t_mem_add_no_memory(ctx):
    """drmgr -c mem -a -q 1 with no DIMM behind any free LMB: the module
    answers ENOSPC, drmgr exits non-zero and prints it, nothing changes."""
    g = ctx.g
    before_dt, before_on = lmbs(g), online_blocks(g)
    em = g.event_mark()
    call = drmgr(ctx, "-c mem -a -q 1")
    check(call.rc != 0, "drmgr succeeded: %r" % call.out)
    check("Failed to write to /sys/kernel/dlpar: %s" % ERRNO[28]
          in call.out, "kernel's error not printed: %r" % call.out)
    check(call.lines()[-1] == "DR_TOTAL_RESOURCES=0",
          "drmgr did not report 0 added: %r" % call.out)
    check(call.answers == [("memory add count 1", 28)],
          "module answered %s" % call.answers)
    mem_unchanged(ctx, call, before_dt, before_on, em)


TESTS = [
    ("drmgr -C reports CPU and memory DLPAR", t_capabilities),
    ("drmgr removes a hot-added core (all threads) and adds it back "
     "through the module", t_cpu_remove_add),
    ("drmgr removal of the last online CPUs fails, changes nothing",
     t_cpu_last_online),
    ("drmgr -q removal with only a hot-added core online: each write "
     "answered, the hot-added core stays online", t_cpu_by_count),
    ("drmgr memory removal QEMU refuses: nothing removed, no memory lost",
     t_mem_remove_refused),
    ("drmgr memory add with no free memory fails cleanly",
     t_mem_add_no_memory),
    ("kernel log clean after the drmgr scenario", t_klog_clean),
]


def _boot(kernel, initrd, logdir):
    log = os.path.join(logdir, "guest-e2e-drmgr.log")
    if os.path.exists(log):
        os.remove(log)
    g = Guest(kernel, initrd, hv=QEMU10, smp=QEMU10.smp(1, 4), mem=MEM,
              log_path=log)
    try:
        g.run_ok(QUIET_CONSOLE)
        rc, out = g.run("test -x %s && %s -h" % (DRMGR, DRMGR))
        check(rc == 0 and "Usage: drmgr" in out,
              "no working %s in the initramfs (rc=%d): %r" % (DRMGR, rc,
                                                              out))
        mark = klog_mark(g)
        g.run_ok("insmod %s" % MOD)
        k = klog_since(g, mark)
        check("DLPAR provider registered" in k, "module did not load:\n" + k)
        return g
    except BaseException:
        g.shutdown()
        raise


def run(res, kernel, initrd, logdir):
    t0 = time.monotonic()
    try:
        g = _boot(kernel, initrd, logdir)
    except (GuestError, Failure) as e:
        res.record("e2e drmgr: guest boots with drmgr, module loads", False,
                   e)
        return
    ctx = Ctx(g, res)
    try:
        for name, fn in TESTS:
            res.run("e2e drmgr: " + name, fn, ctx)
    finally:
        g.shutdown()
        with open(os.path.join(logdir, "e2e-drmgr.txt"), "w") as f:
            f.write("\n".join(ctx.transcript))
    res.note("e2e drmgr: %.0f s" % (time.monotonic() - t0))


def main():
    return e2e_main("drmgr", run)


if __name__ == "__main__":
    sys.exit(main())
