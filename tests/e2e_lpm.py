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
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU72, Guest, GuestError  # noqa: E402
import run_tests  # noqa: E402
from run_tests import (  # noqa: E402
    Failure, MOD, QUIET_CONSOLE, add_core, check, core_online, e2e_main,
    klog_mark, klog_since, ours, side_by_side, stats, sysfs_write, wait_for)
from e2e_mem import assigned, online_blocks  # noqa: E402

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


def write_cmd(path, data, tag):
    """Shell command writing exact bytes to path in one write(), as drmgr
    does; dd reports the errno: /tmp/TAG.rc and /tmp/TAG.err."""
    esc = "".join("\\%03o" % b for b in data.encode())
    return ("printf '%s' > /tmp/%s.req; rm -f /tmp/%s.rc;"
            " dd if=/tmp/%s.req of=%s bs=4096 2>/tmp/%s.err;"
            " echo $? > /tmp/%s.rc" % (esc, tag, tag, tag, path, tag, tag))


def bg(cmd):
    return "( %s ) </dev/null >/dev/null 2>&1 &" % cmd


def write_migration(g, data, background=False):
    """Write exact bytes to the migration file in one write(), as drmgr
    does; dd reports the errno. In the background, the result lands in
    /tmp/mig.rc and /tmp/mig.err."""
    cmd = write_cmd(MIG, data, "mig")
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


def run_retry(g, cmd, timeout=60):
    """g.run() of an idempotent command, again when the console shell is
    replaced under it after a resume (the command is then lost)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return g.run(cmd, timeout=5)
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
             lambda: run_retry(g, "test -s /tmp/mig.rc")[0] == 0, 60)
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
    """A hypervisor DIMM add and a migration at the same moment: the DIMM's
    request runs whole before the join or after the fix-up, never while
    the migration holds DLPAR requests (join, suspend, fix-up); requests
    may run during the migration's waits."""
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
             lambda: run_retry(g, "test -s /tmp/mig.rc")[0] == 0, 60)
    rc = int(g.run_ok("cat /tmp/mig.rc").strip())
    check(rc == 0, "the write failed: %s" % g.run_ok("cat /tmp/mig.err"))
    wait_for(g, "the DIMM's request", lambda: 'request "memory add' in
             klog_since(g, mark), 30)
    lines = ours(klog_since(g, mark))
    held = [i for i, x in enumerate(lines)
            if "DLPAR requests held for the join" in x]
    back = [i for i, x in enumerate(lines)
            if "DLPAR requests let in again" in x]
    check(held and back, "no exclusion lines:\n" + "\n".join(lines))
    inside = [x for x in lines[held[0]:back[0]] if "request \"" in x]
    check(not inside, "requests completed during the join/suspend:\n"
          + "\n".join(inside))
    done = [x for x in lines if 'request "memory add' in x and "done" in x]
    check(done, "the DIMM's request did not complete:\n"
          + "\n".join(lines))


# Kernel log lines no test may leave: oops, warning, lockdep, hung task.
KLOG_BAD = re.compile(
    r"(?m)^.*(?:WARNING:|BUG:|Oops|Unable to handle|Call Trace|"
    r"circular locking|inconsistent lock|possible recursive locking|"
    r"lock held when returning|suspicious RCU|ODEBUG:|"
    r"blocked for more than).*$")
HOLD = "/lib/modules/pdlpar/pdlpar_memhold.ko"


def _wait_rc(g, tag, timeout):
    """The exit status a background write_cmd() left, or None."""
    deadline = time.monotonic() + timeout
    while True:
        rc, out = run_retry(g, "cat /tmp/%s.rc 2>/dev/null" % tag)
        m = re.search(r"(?m)^(\d+)$", out)
        if rc == 0 and m:
            return (int(m.group(1)),
                    run_retry(g, "cat /tmp/%s.err" % tag)[1])
        if time.monotonic() > deadline:
            return None, ""
        time.sleep(0.3)


def t_busy_dimm_migration(ctx):
    """The hypervisor removes a DIMM the guest cannot give up (a page of
    it is pinned) and at once the partition migrates, with sysfs DLPAR
    writes before, during and after: the guest suspends and resumes, the
    migration write returns 0, every sysfs write returns with its result
    (cpu remove/add of a hot-added core by index: 0; "memory add count
    1" with no memory to add: ENOSPC), the refused removal is reported
    to QEMU and the DIMM stays online; no hung task, lockdep report,
    warning or oops. Then, unpinned, the DIMM is removed for real.
    Sysfs "cpu remove" keeps QEMU's vCPU: QEMU 7.2 TCG may crash on a DIMM
    change after a core's removal completed."""
    g = ctx.g
    drc2 = HV.drc(2)
    probs = []

    def want(cond, short, detail=""):
        if not cond:
            probs.append((short, detail))

    def done():
        if probs:
            raise Failure("; ".join(p for p, _ in probs) + "\n" +
                          "\n".join(d for _, d in probs if d))

    mark = klog_mark(g)
    stats0 = stats(g) if ctx.module else None
    before = set(assigned(g))
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": "m3",
                         "size": 512 << 20})
    g.qmp("device_add", driver="pc-dimm", id="d3", memdev="m3")
    wait_for(g, "the DIMM's 2 LMBs assigned",
             lambda: len(set(assigned(g)) - before) == 2, 30)
    have = assigned(g)
    drcs = sorted(set(have) - before)
    bases = {have[d] for d in drcs}
    check(bases <= online_blocks(g), "the DIMM is not online")
    g.run_ok("insmod %s base=%#x size=0x10000" % (HOLD, have[drcs[0]]))
    try:
        # Before: a read and a removal of the hot-added core 2.
        out = g.run_ok("cat /sys/kernel/dlpar")
        want("memory,cpu,dt" in out, "read before: %r" % out.strip())
        rc, out = sysfs_write(g, "cpu remove index 0x%x" % drc2)
        want(rc == 0 and core_online(g, 2, want=False),
             "cpu remove before: rc %d" % rc, out)
        # The migration and the writes "during" start 0.3 s after this
        # command returns (a suspended guest's shell does not answer);
        # the hypervisor's removal is sent in between. The writes wait for
        # the request lock if the migration holds it.
        em = g.event_mark()
        g.run_ok("rm -f /tmp/mig.rc /tmp/w1.rc /tmp/w2.rc /tmp/w3.rc; " +
                 " ".join([
            bg("sleep 0.3; " + write_cmd(MIG, "0x3\n", "mig")),
            bg("sleep 0.3; " + write_cmd(
                "/sys/kernel/dlpar", "cpu add index 0x%x" % drc2, "w1")),
            bg("sleep 0.3; " + write_cmd(
                "/sys/kernel/dlpar", "memory add count 1", "w2")),
            bg("sleep 0.3; cat /sys/kernel/dlpar"
               " > /tmp/w3.err 2>&1; echo $? > /tmp/w3.rc")]))
        g.qmp("device_del", id="d3")
        if not g.wait_event("SUSPEND", 60, since=em):
            raise Failure("QEMU never suspended the guest; events %s"
                          % [e["event"] for e in g.events_since(em)])
        status = g.qmp("query-status")
        want(status.get("status") == "suspended", "QEMU status %s" % status)
        g.qmp("system_wakeup")
        settle(g)
        rc, err = _wait_rc(g, "mig", 60)
        want(rc == 0, "migration write: rc %s" % rc, err)
        rc, err = _wait_rc(g, "w1", 60)
        want(rc == 0, "cpu add during: rc %s" % rc, err)
        rc, err = _wait_rc(g, "w2", 60)
        want(rc not in (0, None), "memory add count 1 during: rc %s" % rc)
        if ctx.module:
            want("No space left" in err, "memory add count 1 during: %r"
                 % err.strip())
        rc, out = _wait_rc(g, "w3", 30)
        want(rc == 0 and "memory,cpu,dt" in out,
             "read during: rc %s %r" % (rc, out.strip()))
        want(core_online(g, 2), "core 2 not online after the cpu add")

        def refused(e):
            return (e.get("event") in ("DEVICE_UNPLUG_GUEST_ERROR",
                                       "MEM_UNPLUG_ERROR") and
                    e.get("data", {}).get("device") == "d3")
        deadline = time.monotonic() + 10
        while (not [e for e in g.events_since(em) if refused(e)] and
               time.monotonic() < deadline):
            time.sleep(0.3)
        evs = [e["event"] for e in g.events_since(em)]
        want([e for e in g.events_since(em) if refused(e)],
             "the refused removal was not reported to QEMU", "events %s"
             % evs)
        want("DEVICE_DELETED" not in evs, "QEMU deleted the DIMM")
        now = assigned(g)
        want(all(d in now for d in drcs) and bases <= online_blocks(g),
             "the DIMM is not fully online after the refused removal")
        # After.
        for req in ("cpu remove index 0x%x" % drc2,
                    "cpu add index 0x%x" % drc2):
            rc, out = sysfs_write(g, req)
            want(rc == 0, "%s after: rc %d" % (req, rc), out)
        rc, out = sysfs_write(g, "memory add count 1")
        want(rc != 0 and (not ctx.module or "No space left" in out),
             "memory add count 1 after: rc %d %r" % (rc, out.strip()))
        want(all_online(g, (0, 1, 2)), "not every CPU online")
        k = klog_since(g, mark)
        bad = KLOG_BAD.findall(k)
        want(not bad, "kernel reports", "\n".join(bad[:20]))
        if ctx.module:
            want("migration of stream 0x3 done" in k,
                 "no migration result line")
            want(re.search(r'hypervisor request "memory remove '
                           r'indexed-count 2 0x%x" failed: -16' % drcs[0],
                           k), "no refused-removal line")
            for d in drcs:
                want("DRC 0x%08x: unisolated to report the failed removal"
                     % d in k, "DRC 0x%x not signalled" % d)
            order = [x.split("] ", 1)[-1] for x in ours(k)
                     if "migration of stream 0x3" in x or
                     "request \"" in x]
            print("# e2e lpm: order in the busy-DIMM migration: "
                  + " | ".join(order), flush=True)
            s = stats(g)
            want(s["migrations"] == stats0["migrations"] + 1 and
                 s["migrations_failed"] == stats0["migrations_failed"],
                 "stats %s" % s)
        if probs:
            probs[-1] = (probs[-1][0], probs[-1][1] + "\nlog:\n" +
                         "\n".join(k.splitlines()[-40:]))
    finally:
        g.run_ok("rmmod pdlpar_memhold")
    # Unpinned, the DIMM goes.
    em = g.event_mark()
    try:
        g.qmp("device_del", id="d3")
        ok = g.wait_event("DEVICE_DELETED", 30, since=em,
                          match=lambda e: e.get("data", {}).get("device")
                          == "d3")
        want(ok, "no DEVICE_DELETED for the unpinned DIMM")
        want(not set(drcs) & set(assigned(g)), "LMBs still assigned")
    except GuestError as e:
        want(False, "device_del of the unpinned DIMM: %s" % e)
    done()


def t_klog_clean(ctx):
    """The hung-task detector runs (30 s), and the whole kernel log has
    no oops, warning, lockdep report or hung task."""
    g = ctx.g
    t = g.run_ok("cat /proc/sys/kernel/hung_task_timeout_secs").strip()
    check(t == "30", "hung_task_timeout_secs is %r, want 30" % t)
    bad = KLOG_BAD.findall(g.run_ok("dmesg", timeout=120))
    check(not bad, "kernel log:\n" + "\n".join(bad[:40]))


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
    ("a refused DIMM removal (pinned page) and a migration at once, sysfs "
     "writes before, during and after: suspend, resume, every write "
     "answered, the refusal reported, the DIMM online, no hung task",
     t_busy_dimm_migration, True),
    ("kernel log clean (hung-task detector on at 30 s): no oops, "
     "warning, lockdep report or hung task", t_klog_clean, True),
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


# On the second guest kernel (Linux 7.3): one migration, DLPAR after it,
# the kernel log; mainline too.
TESTS_SECOND = [t for t in TESTS
                if t[1] in (t_migrate, t_dlpar_after, t_klog_clean)]


def run(res, kernel, initrd, logdir):
    side_by_side(res, "lpm",
                 TESTS_SECOND if run_tests.SECOND_KERNEL else TESTS,
                 lambda impl: _boot(kernel, initrd, logdir, impl))


def main():
    return e2e_main("lpm", run)


if __name__ == "__main__":
    sys.exit(main())
