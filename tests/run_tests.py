#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The guest tests of pseries-dlpar: KUnit inside the guest, then end to end.

Usage: run_tests.py --kdir KDIR --kernel VMLINUX --initrd INITRD
                    --results FILE [--logdir DIR] [--only PARTS]

PARTS is a comma-separated subset of kunit (one guest: KUnit only),
foundation (the first guest's tests and the slow KUnit cases; all of
them with --kunit), cpu, mem,
shapes (memory in two NUMA nodes, ZONE_MOVABLE, radix with
memmap_on_memory), big (a
300 GiB DIMM with the module: about 7 minutes under TCG), drmgr, lpm;
all but kunit and big by default (big too with PDLPAR_BIG=1; make check
runs it alone on the Linux 7.3 kernel).

Each test appends "PASS name" or "FAIL name" to the results file and
prints "ok - name" or "FAIL - name" with the reason. KUnit cases count one
each, as kunit.py parse counts them. The real QEMU pseries machine is the
hypervisor, driven over QMP; the guest runs our module and, with it
unloaded, mainline's built-in DLPAR.
"""

import argparse
import itertools
import os
import re
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Run as a script, this module is __main__: the e2e modules' "import
# run_tests" must find it, not load a second copy (whose Failure class the
# Results.run() here would not catch).
sys.modules.setdefault("run_tests", sys.modules[__name__])
from pdlpar_qemu import Guest, GuestError, CPU_DRC_BASE  # noqa: E402,F401

MOD = "/lib/modules/pdlpar/pseries_dlpar.ko"
KUNIT_MOD = "/lib/modules/pdlpar/pseries_dlpar_kunit.ko"
STATS = "/sys/kernel/debug/pseries_dlpar/stats"


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# The second guest kernel (tests/kernel73.sh sets it, e.g. "Linux 7.3"):
# every result and note is named with it, and the e2e parts run the
# subset issue 14 names for that kernel (SECOND_KERNEL).
KERNEL_LABEL = os.environ.get("PDLPAR_KERNEL_LABEL", "")
SECOND_KERNEL = bool(KERNEL_LABEL)


def labelled(name):
    return "[%s] %s" % (KERNEL_LABEL, name) if KERNEL_LABEL else name


class Results:
    def __init__(self, path):
        self.path = path
        self.passed = self.failed = 0
        self.notes = []

    def record(self, name, ok, why=""):
        name = labelled(name)
        with open(self.path, "a") as f:
            f.write("%s %s\n" % ("PASS" if ok else "FAIL", name))
        if ok:
            self.passed += 1
            print("ok - %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL - %s" % name, flush=True)
            for line in str(why).rstrip().splitlines()[-40:]:
                print("    " + line, flush=True)

    def run(self, name, fn, *args):
        try:
            fn(*args)
        except Failure as e:
            self.record(name, False, e)
        except GuestError as e:
            self.record(name, False, "guest: %s" % e)
        except Exception:
            self.record(name, False, traceback.format_exc())
        else:
            self.record(name, True)

    def note(self, text):
        """Informational output: side-by-side observations, not tests."""
        text = labelled(text)
        print("# " + text, flush=True)
        self.notes.append(text)


def side_by_side(res, tag, tests, boot):
    """Run tests -- (name, fn(ctx), mainline) -- in one guest with the
    module, recorded as "e2e TAG: name"; then, in a fresh guest without
    it, those whose mainline is True, as "side-by-side TAG" notes.
    boot("module" or "mainline") returns the context; its .g is the Guest.
    """
    t0 = time.monotonic()
    try:
        ctx = boot("module")
    except (GuestError, Failure) as e:
        res.record("e2e %s: guest boots with the module" % tag, False, e)
        return
    try:
        for name, fn, _ in tests:
            res.run("e2e %s: %s" % (tag, name), fn, ctx)
    finally:
        ctx.g.shutdown()
    if not any(ml is True for _, _, ml in tests):
        return      # nothing for mainline: no guest to boot
    try:
        ctx = boot("mainline")
    except (GuestError, Failure) as e:
        res.note("side-by-side %s: mainline guest: %s" % (tag, e))
        return
    try:
        for name, fn, ml in tests:
            if ml is not True:
                continue
            try:
                fn(ctx)
                res.note("side-by-side %s: %s: mainline PASS" % (tag, name))
            except Exception as e:
                line = (str(e).strip().splitlines() or
                        [type(e).__name__])[0]
                res.note("side-by-side %s: %s: mainline FAIL (%s)"
                         % (tag, name, line[:200]))
    finally:
        ctx.g.shutdown()
    res.note("e2e %s: %.0f s" % (tag, time.monotonic() - t0))


def e2e_main(tag, run):
    """main() of an e2e module run alone: --kernel, --initrd, --logdir,
    --results; exit status 1 on any failure."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--logdir", default="out")
    ap.add_argument("--results", default=None)
    a = ap.parse_args()
    os.makedirs(a.logdir, exist_ok=True)
    res = Results(a.results or os.path.join(a.logdir,
                                            "e2e-%s-results.txt" % tag))
    run(res, a.kernel, a.initrd, a.logdir)
    print("e2e %s: %d passed, %d failed" % (tag, res.passed, res.failed))
    return 1 if res.failed else 0


# --- guest helpers ----------------------------------------------------------

def stats(g):
    out = g.run_ok("cat %s" % STATS)
    return {k: int(v) for k, v in re.findall(r"^(\w+) (\d+)$", out, re.M)}


def snapshot(g):
    """What a rejected request must leave unchanged."""
    return g.run_ok(
        "cat /sys/devices/system/cpu/present /sys/devices/system/cpu/online;"
        " ls /proc/device-tree/cpus;"
        " for m in /sys/devices/system/memory/memory*; do"
        "   echo $m $(cat $m/state); done")


def sysfs_write(g, data):
    """Write exact bytes to /sys/kernel/dlpar in one write(), as drmgr
    does; return (rc, output). dd reports the errno; cat would retry
    the write after sendfile() fails and log twice."""
    esc = "".join("\\%03o" % b for b in data.encode())
    return g.run("printf '%s' > /tmp/req && dd if=/tmp/req of=/sys/kernel/dlpar bs=4096 2>&1"
                 % esc)


# The kernel log is read with dmesg, not from the console: the console
# interleaves printk records with command output at any byte, so both get
# garbled now and then. Guests keep all but KERN_EMERG off the console.
QUIET_CONSOLE = "echo 1 4 1 7 > /proc/sys/kernel/printk"
_MARKS = itertools.count(1)


def klog_mark(g):
    """Write a marker line into the kernel log; returns it for klog_since."""
    tag = "pdlpar-mark-%d" % next(_MARKS)
    g.run_ok("echo %s > /dev/kmsg" % tag)
    return tag


def klog_since(g, mark):
    """The kernel log lines after klog_mark()'s marker."""
    return g.run_ok("dmesg | sed -n '/%s$/,$p' | sed 1d" % mark)


def wait_klog(g, mark, text, timeout=20):
    """Wait for a line containing text in the kernel log since mark."""
    wait_for(g, repr(text), lambda: text in klog_since(g, mark), timeout)
    return klog_since(g, mark)


def ours(kmsg):
    return [line for line in kmsg.splitlines() if "pseries_dlpar:" in line]


def cpu_online(g, cpu):
    rc, out = g.run("cat /sys/devices/system/cpu/cpu%d/online" % cpu)
    return rc == 0 and out.strip() == "1"


def wait_for(g, what, fn, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fn():
            return True
        time.sleep(0.5)
    raise Failure("timed out after %ss waiting for %s" % (timeout, what))


def add_core(g, core):
    """device_add core number core (core-id core * threads per core)."""
    g.qmp("device_add", driver=g.hv.core_type, core_id=g.hv.core_id(core),
          id="core%d" % core)


def core_online(g, core, want=True):
    """Whether every thread of the core is online (want=False: none)."""
    out = g.run_ok("for c in %s; do cat /sys/devices/system/cpu/cpu$c/online"
                   " 2>/dev/null || echo 0; done"
                   % " ".join(str(c) for c in g.hv.cpus(core)))
    vals = out.split()
    return len(vals) == g.hv.threads and \
        all(v == ("1" if want else "0") for v in vals)


def set_core_online(g, core, online):
    """Online or offline every thread of a core."""
    cpus = list(g.hv.cpus(core))
    if not online:
        cpus.reverse()
    g.run_ok("for c in %s; do echo %d > /sys/devices/system/cpu/cpu$c/online;"
             " done" % (" ".join(str(c) for c in cpus), 1 if online else 0))


def memory_online_bytes(g):
    out = g.run_ok(
        "b=$((0x$(cat /sys/devices/system/memory/block_size_bytes)));"
        " n=0; for m in /sys/devices/system/memory/memory*; do"
        "   [ $(cat $m/state) = online ] && n=$((n+1)); done;"
        " echo $((n*b))")
    return int(out.strip().splitlines()[-1])


# --- KUnit ------------------------------------------------------------------

KUNIT_SUMMARY = re.compile(r"Ran (\d+) tests?(?:: (.*))?")


def kunit(res, g, kdir, logdir, tag="kunit"):
    """Load the test module, collect each suite's KTAP from debugfs and
    let the kernel's kunit.py parse it. Every case counts as one test,
    named "<tag> <suite> #n"."""
    rc, out = g.run("insmod %s" % KUNIT_MOD, timeout=600)
    if rc != 0:
        res.record("%s: test module loads" % tag, False, out)
        return
    out = g.run_ok("ls /sys/kernel/debug/kunit")
    suites = [s for s in out.split() if s.startswith("pdlpar_")]
    if not suites:
        res.record("%s: suites found in debugfs" % tag, False, out)
        return
    parser = os.path.join(kdir, "tools/testing/kunit/kunit.py")
    for suite in sorted(suites):
        ktap = g.run_ok("cat /sys/kernel/debug/kunit/%s/results" % suite)
        path = os.path.join(logdir, "%s-%s.ktap" % (tag, suite))
        with open(path, "w") as f:
            f.write(ktap)
        p = subprocess.run([sys.executable, parser, "parse", path],
                           capture_output=True, text=True)
        with open(path + ".parsed", "w") as f:
            f.write(p.stdout + p.stderr)
        m = None
        for m in KUNIT_SUMMARY.finditer(p.stdout):
            pass
        if not m:
            res.record("%s: %s parses" % (tag, suite), False,
                       p.stdout[-2000:] + p.stderr[-2000:])
            continue
        counts = {}
        for part in (m.group(2) or "").split(","):
            if ":" in part:
                k, v = part.split(":")
                counts[k.strip()] = int(v)
        passed = counts.get("passed", 0)
        failed = counts.get("failed", 0) + counts.get("crashed", 0)
        skipped = counts.get("skipped", 0)
        total = int(m.group(1))
        if passed + failed + skipped != total or total == 0:
            res.record("%s: %s counts add up" % (tag, suite), False, m.group(0))
            continue
        for i in range(passed):
            with open(res.path, "a") as f:
                f.write("PASS %s\n" % labelled("%s %s #%d" % (tag, suite,
                                                              i + 1)))
        res.passed += passed
        print("ok - %s: %d cases passed%s" % (
            labelled("%s %s" % (tag, suite)), passed,
            ", %d skipped" % skipped if skipped else ""), flush=True)
        if failed:
            fails = [line for line in p.stdout.splitlines()
                     if "FAILED" in line or "CRASHED" in line]
            res.record("%s %s: %d cases failed" % (tag, suite, failed), False,
                       "\n".join(fails) + "\n(see %s)" % path)
            # record() counted one; count every failed case.
            res.failed += failed - 1
            with open(res.path, "a") as f:
                for i in range(failed - 1):
                    f.write("FAIL %s\n" % labelled("%s %s failed case" % (
                        tag, suite)))
    g.run("rmmod pseries_dlpar_kunit")


# --- end to end: the module takes over --------------------------------------

def t_load(g):
    mark = klog_mark(g)
    rc, out = g.run("insmod %s" % MOD)
    check(rc == 0, "insmod failed: %s" % out)
    k = klog_since(g, mark)
    check("DLPAR provider registered" in k, "no registration line:\n" + k)
    s = stats(g)
    check(s.get("requests") == 0 and s.get("events") == 0,
          "fresh stats not zero: %s" % s)


def t_show(g):
    out = g.run_ok("cat /sys/kernel/dlpar").strip()
    check(out == "memory,cpu,dt", "dlpar lists %r" % out)


# Every line is bad input; each must be refused with EINVAL, log exactly one
# line of ours, and change nothing.
BAD_INPUT = [
    ("a lone newline", "\n"),
    ("resource only", "cpu"),
    ("no identifier", "cpu add"),
    ("index without value", "cpu add index"),
    ("8 in an octal index", "cpu add index 010000009"),
    ("bare 0x", "cpu add index 0x"),
    ("index overflow", "cpu add index 0x1ffffffff"),
    ("non-hex digits", "cpu add index 0x1000000g"),
    ("extra token", "cpu add index 0x10000004 now"),
    ("double space", "cpu  add index 0x10000004"),
    ("leading space", " cpu add index 0x10000004"),
    ("two newlines", "cpu add index 0x10000004\n\n"),
    ("tab separator", "cpu\tadd index 0x10000004"),
    ("unknown resource", "gpu add index 0x10000004"),
    ("unknown action", "cpu plug index 0x10000004"),
    ("unknown identifier", "cpu add idx 0x10000004"),
    ("count zero", "cpu add count 0"),
    ("count negative", "memory add count -1"),
    ("count overflow", "memory add count 4294967296"),
    ("count with two signs", "memory add count +-2"),
    ("trailing space", "cpu add index 0x10000004 "),
    ("indexed-count missing index", "memory add indexed-count 2"),
    ("indexed-count zero", "memory remove indexed-count 0 0x80000004"),
    ("dt by count", "dt add count 1"),
    ("upper-case word", "CPU add index 0x10000004"),
]


def t_bad_input(g, name, data):
    before = snapshot(g)
    st = stats(g)
    mark = klog_mark(g)
    rc, out = sysfs_write(g, data)
    check(rc != 0, "write of %r succeeded" % data)
    check("Invalid argument" in out, "not EINVAL: %r" % out)
    lines = ours(klog_since(g, mark))
    check(len(lines) == 1, "want one log line, got %d:\n%s" %
          (len(lines), "\n".join(lines)))
    check(snapshot(g) == before, "state changed")
    check(stats(g)["requests"] == st["requests"], "a request ran")


def t_event_cpu_add(g):
    """A hypervisor CPU add goes through our queue and comes out right."""
    mark = klog_mark(g)
    st = stats(g)
    add_core(g, 1)
    wait_for(g, "core 1 online", lambda: core_online(g, 1))
    wait_klog(g, mark, 'hypervisor request "cpu add index 0x%x" done'
              % g.hv.drc(1))
    s = stats(g)
    check(s["events"] == st["events"] + 1 and
          s["requests"] == st["requests"] + 1 and
          s["requests_hypervisor"] == st["requests_hypervisor"] + 1,
          "stats %s -> %s" % (st, s))


def t_event_memory_add(g):
    before = memory_online_bytes(g)
    mark = klog_mark(g)
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": "mem1",
                         "size": 256 << 20})
    g.qmp("device_add", driver="pc-dimm", id="dimm1", memdev="mem1")
    wait_for(g, "256 MiB more memory online",
             lambda: memory_online_bytes(g) == before + (256 << 20))
    wait_klog(g, mark, 'hypervisor request "memory add indexed-count 1 0x')
    k = klog_since(g, mark)
    check(re.search(r'hypervisor request "memory add indexed-count 1 '
                    r'0x8000000\w" done', k), "no result line:\n" + k)


def dt_round_trip(g, core):
    """dt remove / dt add of an offline hot-added core, through whoever
    owns /sys/kernel/dlpar. Returns nothing; raises on failure."""
    drc = "0x%08x" % g.hv.drc(core)
    node = "/proc/device-tree/cpus/%s" % g.hv.node(core)
    set_core_online(g, core, False)
    rc, out = sysfs_write(g, "dt remove index %s" % drc)
    check(rc == 0, "dt remove failed: %s" % out)
    rc, _ = g.run("test -e '%s'" % node)
    check(rc != 0, "node still in the device tree")
    present = g.run_ok("cat /sys/devices/system/cpu/present").strip()
    cpus = set()
    for part in present.split(","):
        a, _, b = part.partition("-")
        cpus.update(range(int(a), int(b or a) + 1))
    check(not cpus & set(g.hv.cpus(core)),
          "core %d still present: %s" % (core, present))
    rc, out = sysfs_write(g, "dt add index %s\n" % drc)
    check(rc == 0, "dt add failed: %s" % out)
    g.run_ok("test -e '%s'" % node)
    set_core_online(g, core, True)
    check(core_online(g, core), "core %d not back online" % core)


def t_dt(g):
    mark = klog_mark(g)
    dt_round_trip(g, 1)
    k = klog_since(g, mark)
    drc = g.hv.drc(1)
    check('sysfs request "dt remove index 0x%x" done' % drc in k and
          'sysfs request "dt add index 0x%x" done' % drc in k,
          "dt requests did not go through the module:\n" + k)


def t_tracepoints(g):
    tr = "/sys/kernel/tracing"
    g.run_ok("echo > %s/trace; echo 1 > %s/events/pseries_dlpar/enable"
             % (tr, tr))
    # No such CPU DRC: the built-in dt code answers -EIO.
    rc, _ = sysfs_write(g, "dt add index 0x1000000f")
    check(rc != 0, "dt add of a missing DRC succeeded")
    g.run_ok("echo 0 > %s/events/pseries_dlpar/enable" % tr)
    out = g.run_ok("cat %s/trace" % tr)
    start = re.search(r"pdlpar_request_start: source=sysfs resource=7 "
                      r"action=1 id_type=2 index=0x1000000f", out)
    end = re.search(r"pdlpar_request_end: source=sysfs resource=7 action=1 "
                    r"id_type=2 index=0x1000000f count=0 rc=-5", out)
    check(start and end, "trace lacks start/end:\n" + out[-2000:])

    # A CPU removed and added again by the administrator walks its DRC
    # through every state, each change traced.
    g.run_ok("echo > %s/trace; echo 1 > %s/events/pseries_dlpar/enable"
             % (tr, tr))
    drc = g.hv.drc(1)
    for req in ("cpu remove index 0x%x" % drc, "cpu add index 0x%x" % drc):
        rc, out = sysfs_write(g, req)
        check(rc == 0, "%s failed: %s" % (req, out))
    g.run_ok("echo 0 > %s/events/pseries_dlpar/enable" % tr)
    out = g.run_ok("cat %s/trace" % tr)
    steps = re.findall(r"pdlpar_drc_state: drc=0x%x (\d)->(\d)" % drc, out)
    want = [("4", "2"), ("2", "1"), ("1", "2"), ("2", "3"), ("3", "4")]
    check(steps == want, "DRC state trace %s, want %s" % (steps, want))
    check(core_online(g, 1), "core 1 not back online")


def t_kmemleak(g):
    """After loading, KUnit and every request so far: kmemleak finds no
    object our module allocated and lost (device-tree nodes, properties,
    work areas, changesets). Scanned while the module is loaded, so that
    its symbols name the allocation sites."""
    km = "/sys/kernel/debug/kmemleak"
    # A leak is reported once it has been unreferenced for 5 s.
    g.run_ok("echo scan > %s; sleep 6; echo scan > %s" % (km, km),
             timeout=600)
    out = g.run_ok("cat %s" % km, timeout=120)
    reports = re.split(r"(?m)^unreferenced object ", out)[1:]
    mine = [r for r in reports if "pseries_dlpar" in r or "pdlpar_" in r]
    check(not mine, "%d leak(s) of ours:\n%s" % (len(mine),
                                                "".join(mine)[:3000]))


def note_mainline_leaks(g, res):
    """Side by side: mainline's "dt remove" detaches nodes without dropping
    the reference the tree held, so they are never freed."""
    km = "/sys/kernel/debug/kmemleak"
    g.run_ok("echo scan > %s; sleep 6; echo scan > %s" % (km, km),
             timeout=600)
    out = g.run_ok("cat %s" % km, timeout=120)
    reports = re.split(r"(?m)^unreferenced object ", out)[1:]
    res.note("kmemleak after the dt remove/add round trips (two by the "
             "built-in code's dt remove): %d unreferenced objects, %d "
             "allocated by configure-connector (ours or mainline's)" % (
                 len(reports),
                 len([r for r in reports if "cc_fetch" in r or
                      "configure_connector" in r or "parse_cc" in r])))


def t_lockdep_clean(g):
    """The whole foundation run: no lockdep report, no sleeping in atomic
    context, no debug-objects complaint, no oops."""
    out = g.run_ok("dmesg", timeout=120)
    bad = re.findall(r"(?m)^.*(?:WARNING:|BUG:|Oops|circular locking|"
                     r"inconsistent lock|ODEBUG:|Unable to handle|"
                     r"blocked for more than).*$", out)
    check(not bad, "kernel reports:\n" + "\n".join(bad[:20]))


def t_unload(g, res):
    mark = klog_mark(g)
    rc, out = g.run("rmmod pseries_dlpar")
    check(rc == 0, "rmmod failed: %s" % out)
    check("built-in DLPAR restored" in klog_since(g, mark), "no unload line")
    rc, _ = g.run("test -e %s" % STATS)
    check(rc != 0, "stats still there")
    # Mainline now answers: it takes a write we refuse (it ignores the
    # token after the request).
    mark = klog_mark(g)
    rc, out = sysfs_write(g, "cpu add index 268435456 now")
    k = klog_since(g, mark)
    check(not ours(k), "our module still answered:\n" + k)
    check("dlpar" in k.lower() or rc != 0,
          "no sign of the built-in code:\n" + k)
    # And a hypervisor event goes to the built-in code.
    mark = klog_mark(g)
    add_core(g, 2)
    wait_for(g, "core 2 online (built-in)", lambda: core_online(g, 2))
    check(not ours(klog_since(g, mark)), "our module saw the event")


def t_bad_input_mainline(g, res):
    """Side by side: what the built-in code does with our bad input. Its
    parse errors say "Invalid ..." or "No DRC ..." or nothing but "Could not
    handle"; any other line means it took the string as a request."""
    acted = []
    for name, data in BAD_INPUT:
        before = snapshot(g)
        mark = klog_mark(g)
        rc, out = sysfs_write(g, data)
        k = klog_since(g, mark)
        changed = snapshot(g) != before
        why = [m.split("] ", 1)[-1] for m in k.strip().splitlines()]
        # Lines without a "prefix: " continue a request echoed with "\n".
        acting = [w for w in why if re.match(r"[\w-]+: ", w) and
                  "Could not handle" not in w and
                  not re.search(r"Invalid|No DRC", w)]
        if rc == 0 or changed or acting:
            acted.append("%s %r: rc=%d%s; %s" % (
                name, data, rc, ", state changed" if changed else "",
                " / ".join(why) or "no log line"))
    res.note("mainline on the %d bad inputs we refuse: %d taken as requests"
             % (len(BAD_INPUT), len(acted)))
    for a in acted:
        res.note("  mainline: " + a)


def t_reload_race(g):
    """Load and unload while requests keep arriving: no oops, no stuck
    state, and the writes are always answered by one side or the other."""
    mark = klog_mark(g)
    # One command line for the whole race, the writer and the 15 loads
    # and unloads, all off the console: twice (2026-12-04 and -06) the
    # console shell ended, with the writer, between two of the race's
    # command lines, with nothing in the kernel log (the first time the
    # writer printed to the tty, the second it did not). While the race
    # runs, the console shell only waits for it.
    out = g.run_ok(
        "sh -c '( i=0; while [ $i -lt 400 ]; do"
        "  printf \"dt remove index 0x1000000e\" > /sys/kernel/dlpar"
        "  2>/dev/null; i=$((i+1)); done; echo done > /tmp/writer.done ) &"
        " n=0; busy=0; while [ $n -lt 15 ]; do"
        "  insmod %s || exit 1;"
        "  if ! rmmod pseries_dlpar 2>/dev/null; then busy=$((busy+1));"
        "   sleep 0.1; rmmod pseries_dlpar || { sleep 1;"
        "   rmmod pseries_dlpar; } || exit 1; fi; n=$((n+1)); done;"
        " wait; echo busy=$busy' </dev/null 2>&1" % MOD, timeout=300)
    check("busy=" in out, "the race did not finish: %s" % out[-500:])
    check(g.run_ok("cat /tmp/writer.done 2>/dev/null").strip() == "done",
          "the background writer did not finish")
    k = klog_since(g, mark)
    for bad in ("Oops", "BUG:", "WARNING:", "Unable to handle",
                "blocked for more than"):
        check(bad not in k, "%s in the log:\n%s" % (bad, k[-3000:]))
    g.run_ok("cat /sys/kernel/dlpar")
    g.run_ok("insmod %s" % MOD)
    check(stats(g)["requests"] == 0, "fresh module has history")
    g.run_ok("rmmod pseries_dlpar")


KASAN_BAD = ("BUG: KASAN", "Oops", "Call Trace", "blocked for more than")


def kunit_only(res, a):
    """One guest that runs the KUnit suites and nothing else. With tag
    kasan the kernel must say KASAN is on (it needs the radix MMU) and
    report nothing while the suites run."""
    tag = a.kunit_tag
    log = os.path.join(a.logdir, "guest-%s.log" % tag)
    try:
        with Guest(a.kernel, a.initrd,
                   append=("kunit.enable=1 " + a.append).strip(),
                   log_path=log) as g:
            g.run_ok(QUIET_CONSOLE)
            if tag == "kasan":
                # Read before KUnit's output can push it out of the log.
                k = g.run_ok("dmesg", timeout=120)
                res.record("kasan: the guest kernel runs KASAN (radix MMU)",
                           "KASAN init done" in k and
                           "Using radix MMU" in k,
                           "\n".join(line for line in k.splitlines()
                                     if "KASAN" in line or "MMU" in line))
            g.run_ok("insmod %s" % MOD)
            kunit(res, g, a.kdir, a.logdir, tag)
            if tag != "kasan":
                return
            # Most of make check's KUnit runs here: its leaks are looked
            # for here (the KASAN kernel has kmemleak too).
            res.run("kasan: kmemleak finds no leak of ours after KUnit",
                    t_kmemleak, g)
            k = g.run_ok("dmesg", timeout=120)
            bad = [line for line in k.splitlines()
                   if any(b in line for b in KASAN_BAD)]
            res.record("kasan: no KASAN report, oops or trace while KUnit "
                       "runs", not bad, "\n".join(bad[:40]))
    except GuestError as e:
        res.record("%s guest boots and stays up" % tag, False, e)


def foundation(res, a):
    """The first guest: KUnit, the interfaces, unload and reload."""
    log = os.path.join(a.logdir, "guest-foundation.log")
    try:
        # KUnit runs on the KASAN kernel (tests/kasan.sh: every case but
        # the slow scale ones, which take minutes there) and, every case,
        # on the Linux 7.3 kernel (tests/kernel73.sh); --kunit runs every
        # case here too.
        append = "kunit.enable=1"
        with Guest(a.kernel, a.initrd, append=append,
                   log_path=log) as g:
            g.run_ok(QUIET_CONSOLE)
            res.run("module loads and registers as DLPAR provider", t_load,
                    g)
            if a.kunit_here:
                kunit(res, g, a.kdir, a.logdir, "kunit")
            res.run("/sys/kernel/dlpar lists memory,cpu,dt", t_show, g)
            for name, data in BAD_INPUT:
                res.run("sysfs refuses %s, changes nothing" % name,
                        t_bad_input, g, name, data)
            res.run("hypervisor CPU add event handled through the module",
                    t_event_cpu_add, g)
            res.run("hypervisor memory add event handled through the module",
                    t_event_memory_add, g)
            res.run("tracepoints fire at request start/end and DRC changes",
                    t_tracepoints, g)
            # Before the dt tests: mainline's "dt remove" leaks the nodes
            # it detaches, which may be ones our module allocated.
            res.run("kmemleak finds no leak of ours", t_kmemleak, g)
            res.run("dt remove/add works with the module loaded", t_dt, g)
            res.run("unload gives DLPAR back to the built-in code",
                    t_unload, g, res)
            t_bad_input_mainline(g, res)
            res.run("dt remove/add works with the built-in code",
                    dt_round_trip, g, 1)
            note_mainline_leaks(g, res)
            res.run("load/unload races with sysfs writes", t_reload_race, g)
            res.run("no lockdep, atomic-sleep or debug-objects report in "
                    "the whole run", t_lockdep_clean, g)
    except GuestError as e:
        res.record("foundation guest boots and stays up", False, e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kdir", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--logdir", default=".")
    ap.add_argument("--only",
                    default="foundation,cpu,mem,shapes,drmgr,lpm" +
                    (",big" if os.environ.get("PDLPAR_BIG") else ""))
    ap.add_argument("--append", default="",
                    help="more kernel command line for the kunit guest")
    ap.add_argument("--kunit", dest="kunit_here", action="store_true",
                    help="run every KUnit case in the foundation guest, "
                    "not only the slow ones")
    ap.add_argument("--kunit-tag", default="kunit",
                    help="name of the KUnit results; \"kasan\": the kernel "
                    "must run KASAN and report nothing")
    a = ap.parse_args()
    parts = set(a.only.split(","))
    a.logdir = os.path.abspath(a.logdir)    # kunit.py runs elsewhere
    os.makedirs(a.logdir, exist_ok=True)
    res = Results(a.results)

    if "kunit" in parts and "foundation" not in parts:
        kunit_only(res, a)
    if "foundation" in parts:
        foundation(res, a)

    # Imported here: the e2e modules import this module's helpers.
    import e2e_cpu
    import e2e_mem
    import e2e_mem_shapes
    import e2e_drmgr
    import e2e_lpm
    for part, mod in (("cpu", e2e_cpu), ("mem", e2e_mem),
                      ("shapes", e2e_mem_shapes), ("drmgr", e2e_drmgr),
                      ("lpm", e2e_lpm)):
        if part in parts:
            mod.run(res, a.kernel, a.initrd, a.logdir)
    if "big" in parts:
        e2e_mem_shapes.run(res, a.kernel, a.initrd, a.logdir, only={"big"})
    print("guest tests: %d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
