# SPDX-License-Identifier: GPL-2.0
"""End-to-end partition migration (LPM) tests in QEMU 7.2's pseries
machine.

QEMU implements ibm,suspend-me and H_JOIN but not the VASI hcalls, so the
guest goes on without waiting for Suspending (as mainline does), joins
every CPU, suspends -- QEMU stops the VM and reports SUSPEND over QMP --
and resumes on system_wakeup. The cancellation paths need a hypervisor
with a VASI session; KUnit plays that one (kunit/lpm_test.c).

Called from run_tests.py as ``e2e_lpm.run(res, kernel, initrd, logdir)``:
one guest with the module (tests), one without (mainline, side by side).
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU72, Guest, GuestError  # noqa: E402
from run_tests import (  # noqa: E402
    Failure, MOD, QUIET_CONSOLE, add_core, check, core_online, e2e_main,
    klog_mark, klog_since, ours, side_by_side, stats, sysfs_write, wait_for)

MIG = "/sys/kernel/mobility/migration"
# QEMU 7.2, two CPUs. On QEMU 10.0's TCG, SMT threads joined with
# MSR[EE] off still wake from H_JOIN when a timer interrupt is pending, so
# ibm,suspend-me answers "threads active" (-9005) again and again and the
# retries often run out, for mainline and the module alike (measured; see
# Documentation/pseries-dlpar.rst, "Partition migration").
HV = QEMU72


class Ctx:
    def __init__(self, g, module):
        self.g = g
        self.module = module


def write_migration(g, data, background=False):
    """Write exact bytes to the migration file in one write(), as drmgr
    does; dd reports the errno. In the background, the result lands in
    /tmp/mig.rc and /tmp/mig.err."""
    esc = "".join("\\%03o" % b for b in data.encode())
    cmd = ("printf '%s' > /tmp/mig.req; rm -f /tmp/mig.rc;"
           " dd if=/tmp/mig.req of=%s bs=4096 2>/tmp/mig.err;"
           " echo $? > /tmp/mig.rc" % (esc, MIG))
    if background:
        g.run_ok("( %s ) </dev/null >/dev/null 2>&1 &" % cmd)
        return None
    g.run(cmd)
    return (int(g.run_ok("cat /tmp/mig.rc").strip()),
            g.run_ok("cat /tmp/mig.err"))


def settle(g, timeout=60):
    """After the resume the console shell may be replaced (the guest's
    /init starts a new one when the tty reads EOF): wait until a shell
    answers, so no command is lost to the old one."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            g.run("true", timeout=5)
            return
        except GuestError:
            if time.monotonic() > deadline:
                raise


def all_online(g, cores):
    return all(core_online(g, c) for c in cores)


def t_migrate(ctx):
    """echo 0x1 > migration: the CPUs join, QEMU suspends the VM, the
    wakeup resumes it, the write returns 0 and every CPU is online. A core
    the hypervisor adds while the guest is suspended is added after the
    migration, not during it (the hypervisor event waits in the queue)."""
    g = ctx.g
    check(all_online(g, (0, 1)), "precondition: cores 0 and 1 online")
    em, mark = g.event_mark(), klog_mark(g)
    write_migration(g, "0x1\n", background=True)
    ev = g.wait_event("SUSPEND", 60, since=em)
    if not ev:
        # Only now: a suspended guest's shell does not answer.
        raise Failure("QEMU never suspended the guest; log:\n%s"
                      % klog_since(g, mark)[-2000:])
    status = g.qmp("query-status")
    check(status.get("status") == "suspended", "QEMU status %s" % status)
    # The hypervisor adds a core while the partition is suspended.
    add_core(g, 2)
    time.sleep(1)
    g.qmp("system_wakeup")
    settle(g)
    wait_for(g, "the migration write to return",
             lambda: g.run("test -s /tmp/mig.rc")[0] == 0, 60)
    rc = int(g.run_ok("cat /tmp/mig.rc").strip())
    check(rc == 0, "the write failed: %s" % g.run_ok("cat /tmp/mig.err"))
    wait_for(g, "core 2 online", lambda: core_online(g, 2), 30)
    check(all_online(g, (0, 1, 2)), "not every CPU is online")
    if ctx.module:
        k = klog_since(g, mark)
        done = k.find("migration of stream 0x1 done")
        add = k.find('hypervisor request "cpu add index 0x%x" done'
                     % HV.drc(2))
        check(done >= 0, "no migration result line:\n" + k[-2000:])
        check(add > done, "core 2 was not added after the migration:\n"
              + "\n".join(ours(k)))
        s = stats(g)
        check(s["migrations"] == 1 and s["migrations_failed"] == 0 and
              s["migrations_cancelled"] == 0, "stats %s" % s)


def t_dlpar_after(ctx):
    """CPU and memory DLPAR still work after the migration."""
    g = ctx.g
    drc = HV.drc(1)
    for req in ("cpu remove index 0x%x" % drc, "cpu add index 0x%x" % drc):
        rc, out = sysfs_write(g, req)
        check(rc == 0, "%r failed: %s" % (req, out))
    check(all_online(g, (0, 1, 2)), "core 1 not back online")
    before = g.run_ok("grep -c online /sys/devices/system/memory/"
                      "memory*/state | grep -c ':1'").strip()
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": "m1",
                         "size": 256 << 20})
    g.qmp("device_add", driver="pc-dimm", id="d1", memdev="m1")

    def more():
        now = g.run_ok("grep -c online /sys/devices/system/memory/"
                       "memory*/state | grep -c ':1'").strip()
        return int(now) == int(before) + 1
    wait_for(g, "the DIMM online", more, 30)


def t_serialised(ctx):
    """A hypervisor DIMM add and a migration at the same moment: whichever
    takes the request lock first runs whole, then the other; no DLPAR
    request completes while the migration is under way."""
    g = ctx.g
    mark = klog_mark(g)
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": "m2",
                         "size": 512 << 20})
    em = g.event_mark()
    g.qmp("device_add", driver="pc-dimm", id="d2", memdev="m2")
    write_migration(g, "0x2\n", background=True)
    if not g.wait_event("SUSPEND", 60, since=em):
        raise Failure("QEMU never suspended the guest")
    g.qmp("system_wakeup")
    settle(g)
    wait_for(g, "the migration write to return",
             lambda: g.run("test -s /tmp/mig.rc")[0] == 0, 60)
    rc = int(g.run_ok("cat /tmp/mig.rc").strip())
    check(rc == 0, "the write failed: %s" % g.run_ok("cat /tmp/mig.err"))
    wait_for(g, "the DIMM's request", lambda: 'request "memory add' in
             klog_since(g, mark), 30)
    lines = ours(klog_since(g, mark))
    start = [i for i, x in enumerate(lines)
             if "migration of stream 0x2 (sysfs) starts" in x]
    done = [i for i, x in enumerate(lines)
            if "migration of stream 0x2 done" in x]
    check(start and done, "no migration lines:\n" + "\n".join(lines))
    inside = [x for x in lines[start[0]:done[0]] if "request \"" in x]
    check(not inside, "requests completed during the migration:\n"
          + "\n".join(inside))


BAD = [
    ("a lone newline", "\n"),
    ("garbage", "garbage\n"),
    ("trailing junk", "0x1 junk\n"),
    ("0x without digits", "0x\n"),
    ("a sign", "-1\n"),
]


def t_bad_input(ctx):
    """Bad writes are refused with EINVAL and start nothing."""
    g = ctx.g
    before = stats(g) if ctx.module else None
    for name, data in BAD:
        em, mark = g.event_mark(), klog_mark(g)
        rc, err = write_migration(g, data)
        check(rc != 0, "%s (%r) was accepted" % (name, data))
        check("Invalid argument" in err, "%s: %r" % (name, err.strip()))
        time.sleep(0.3)
        check(not g.events_since(em, "SUSPEND"), "%s: the guest suspended"
              % name)
        if ctx.module:
            check(len(ours(klog_since(g, mark))) == 1,
                  "%s: want one log line:\n%s" % (name, klog_since(g, mark)))
    if ctx.module:
        check(stats(g)["migrations"] == before["migrations"],
              "a migration was counted")


TESTS = [
    ("bad writes to the migration file are refused, nothing starts",
     t_bad_input, True),
    ("migration suspends (QMP SUSPEND), wakeup resumes, the write returns "
     "0; a core added while suspended comes after", t_migrate, True),
    ("CPU and memory DLPAR work after the migration", t_dlpar_after, True),
    ("a DIMM add and a migration at once are serialised: no request "
     "completes during the migration", t_serialised, "module only"),
]


def _boot(kernel, initrd, logdir, impl):
    log = os.path.join(logdir, "guest-e2e-lpm-%s.log" % impl)
    if os.path.exists(log):
        os.remove(log)
    # Two CPUs to join; a third core is added while suspended.
    g = Guest(kernel, initrd, hv=HV, smp=HV.smp(2, 3), log_path=log)
    try:
        g.run_ok(QUIET_CONSOLE)
        ctx = Ctx(g, impl == "module")
        if ctx.module:
            g.run_ok("insmod %s" % MOD)
        return ctx
    except BaseException:
        g.shutdown()
        raise


def run(res, kernel, initrd, logdir):
    side_by_side(res, "lpm", TESTS,
                 lambda impl: _boot(kernel, initrd, logdir, impl))


def main():
    return e2e_main("lpm", run)


if __name__ == "__main__":
    sys.exit(main())
