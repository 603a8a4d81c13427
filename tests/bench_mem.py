#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench, memory half: memory DLPAR timed with the module, with the
built-in code and against the kernel's own hot-plug calls (the floor).

Usage: bench_mem.py --kernel VMLINUX --initrd INITRD [--maxmem 8G,1T,4T]
                    [--dimms 1G,64G,512G] [--rounds N] [--count N]
                    [--drmgr-q N] [--repeat N] [--logdir DIR]

One QEMU 10.0 pseries guest (TCG, one POWER10 SMT4 core, hash MMU) per
partition size: -m 3G,slots=4,maxmem=<size> for each size of --maxmem.
The guest kernel's LMB is 256 MiB. In each boot the module (insmod) and
the built-in pseries code (module unloaded with rmmod) take turns, the
order alternating from one measurement to the next, and it measures:

- hypervisor add and remove of a DIMM of each --dimms size that fits
  (size <= maxmem - 3G): object-add memory-backend-ram (reserve=off, so
  the host gives it no memory until touched) and device_add pc-dimm;
  timed on the host from the device_add to the moment the guest has
  every block of the DIMM online (a guest loop watches its last block,
  then every block is checked), and from device_del to QMP
  DEVICE_DELETED. With the module, its pdlpar_request_start/end
  tracepoints also give the request's own time in the kernel ("kernel").
- the floor for the same range: right after the module added a DIMM,
  tests/modules/pdlpar_floor.ko removes it with offline_and_remove_memory()
  and adds it back with add_memory() and online, block by block, with no
  DRC, RTAS or device-tree step, and reports both times; so each
  hypervisor figure is also a module/floor ratio.
- sysfs "memory add count N" (--count, default 4), which cannot be
  satisfied (no free LMB has memory behind it: the scan of every free
  LMB is what grows with maxmem), and "memory remove count N" with a
  DIMM of hot-added memory present, which QEMU refuses (it lets only the
  hypervisor start an LMB removal: the guest's isolate fails);
- drmgr's per-LMB loop: drmgr -c mem -r -q M (--drmgr-q, default 8)
  and -a -q M, the same two situations as drmgr sees them.

The sysfs and drmgr times are taken in the guest: a trace_marker write
before and after the request (trace clock, 1 us). What must happen is
checked after every request: the module refuses both refused requests
(non-zero status) and nothing changes; the built-in code is held to what
it reports: a request it reports as failed must change nothing, and a
removal it reports as done must have taken exactly that much memory
offline (mainline 6.12 reports a removal QEMU refused as done and loses
the memory: noted in the table, not an error). Memory the built-in code
lost cannot be given back in that boot, so these requests run on a DIMM
of their own, after the hypervisor rounds, module first. Any failure
ends the run with a message and exit status 1.

The two adds (sysfs count, drmgr -a) change nothing on either side and
run --repeat times each (default 5): the first run of a code path after
a (re)load pays for TCG translating that code, the module's anew after
every insmod (measured 2026-12-06 on 6.12: 16-19 ms for the module's
first "memory add count 4", 1.3-2.7 ms for the next; the built-in
code's 4-8 ms, then 1.6-2.9 ms). Prints one table per partition size
(median, min and max when there is more than one value; ratio
module/built-in and module/floor) and writes them
to LOGDIR/bench-mem.txt; console logs go to LOGDIR/guest-bench-mem-
<size>.log.
"""

import argparse
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, Guest, GuestError  # noqa: E402
from run_tests import MOD, QUIET_CONSOLE, stats  # noqa: E402
from bench import columns  # noqa: E402

MODULE, BUILTIN = "module", "built-in"
TRACE = "/sys/kernel/tracing"
DLPAR = "/sys/kernel/dlpar"
MEMDIR = "/sys/devices/system/memory"
FLOOR_KO = "/lib/modules/pdlpar/pdlpar_floor.ko"
FLOOR = "/sys/kernel/debug/pdlpar_floor/run"
DRMGR = "/usr/sbin/drmgr"
GiB = 1 << 30
LMB = 256 << 20
BOOT_RAM = 3 * GiB
# The DIMM the sysfs and drmgr requests run on: room for --count and
# --drmgr-q LMBs to go (the built-in code loses them).
SPARE_LMBS = 16


class BenchError(Exception):
    pass


class BigGuest(Guest):
    """A Guest whose QMP may answer late at first: with a large maxmem,
    QEMU builds the memory DRCs before it answers qmp_capabilities (more
    than 30 s at 4T)."""

    def qmp(self, cmd, args=None, timeout=30, **kwargs):
        if cmd == "qmp_capabilities":
            timeout = max(timeout, self.boot_timeout)
        return super().qmp(cmd, args, timeout, **kwargs)


def parse_size(text):
    m = re.fullmatch(r"(\d+)([MGT])", text.strip().upper())
    if not m:
        raise ValueError("size %r: want e.g. 512M, 64G, 4T" % text)
    return int(m.group(1)) << {"M": 20, "G": 30, "T": 40}[m.group(2)]


def fmt_size(n):
    for unit, shift in (("T", 40), ("G", 30), ("M", 20)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return "%d%s" % (n >> shift, unit)
    return str(n)


def human(n):
    return fmt_size(n).replace("T", " TiB").replace("G", " GiB").replace(
        "M", " MiB")


class MemBench:
    def __init__(self, g, maxmem, log):
        self.g = g
        self.maxmem = maxmem
        self.log = log
        self.impl = BUILTIN
        self.ndimm = 0
        bs = g.run_ok("cat %s/block_size_bytes" % MEMDIR).strip()
        self.block = int(bs, 16)
        if self.block != LMB:
            raise BenchError("memory block size %#x, want the 256 MiB LMB"
                             % self.block)
        self.boot_online = self.online_count()

    # --- guest state --------------------------------------------------

    def online_count(self, first=None, n=None):
        """Memory blocks online: all of them, or blocks first..first+n-1
        (read with the shell's builtin read: no process per block)."""
        g = self.g
        if first is None:
            cmd = ("n=0; for m in %s/memory*; do { read s < $m/state; } "
                   "2>/dev/null && [ \"$s\" = online ] && n=$((n+1)); "
                   "done; echo $n" % MEMDIR)
        else:
            cmd = ("n=0; i=%d; while [ $i -lt %d ]; do { read s < "
                   "%s/memory$i/state; } 2>/dev/null && [ \"$s\" = online ]"
                   " && n=$((n+1)); i=$((i+1)); done; echo $n"
                   % (first, first + n, MEMDIR))
        return int(g.run_ok(cmd, timeout=300).split()[-1])

    def use(self, impl):
        g = self.g
        if impl == self.impl:
            return
        if impl == MODULE:
            g.run_ok("insmod %s" % MOD)
            g.run_ok("echo 1 > %s/events/pseries_dlpar/pdlpar_request_start/"
                     "enable; echo 1 > %s/events/pseries_dlpar/"
                     "pdlpar_request_end/enable" % (TRACE, TRACE))
        else:
            g.run_ok("rmmod pseries_dlpar")
        loaded = g.run("test -d /sys/module/pseries_dlpar")[0] == 0
        if loaded != (impl == MODULE):
            raise BenchError("could not switch to the %s code" % impl)
        self.impl = impl

    def stats_now(self):
        return stats(self.g) if self.impl == MODULE else None

    def check_module(self, before, nreq, failed):
        """The module answered nreq requests, failed of them failing."""
        if self.impl != MODULE:
            return
        after = stats(self.g)
        if (after["requests"] != before["requests"] + nreq or
                after["requests_failed"] !=
                before["requests_failed"] + failed):
            raise BenchError("module stats %s -> %s: want %d more requests,"
                             " %d more failed" % (before, after, nreq,
                                                  failed))

    def kernel_request_time(self):
        """Start to end of the module's last request, by its tracepoints
        (seconds), or None with the built-in code."""
        if self.impl != MODULE:
            return None
        out = self.g.run_ok("grep -E 'pdlpar_request_(start|end)' %s/trace"
                            % TRACE)
        ts = re.findall(r"(\d+\.\d+): pdlpar_request_(start|end):", out)
        starts = [float(t) for t, w in ts if w == "start"]
        ends = [float(t) for t, w in ts if w == "end"]
        if len(starts) != 1 or len(ends) != 1:
            raise BenchError("want one request start and end in the trace,"
                             " have:\n" + out)
        return ends[0] - starts[0]

    # --- hypervisor add and remove ------------------------------------

    def hyp_add(self, size):
        """device_add a DIMM; wait until all of it is online. Returns
        (dimm id, first block, blocks, host seconds, kernel seconds)."""
        g = self.g
        self.ndimm += 1
        mem, dimm = "bm%d" % self.ndimm, "bd%d" % self.ndimm
        n = size // LMB
        g.run_ok("echo > %s/trace" % TRACE)
        before = self.stats_now()
        g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": mem,
                             "size": size, "reserve": False})
        t0 = time.monotonic()
        g.qmp("device_add", driver="pc-dimm", id=dimm, memdev=mem)
        addr = None
        for d in g.qmp("query-memory-devices"):
            if d.get("data", {}).get("id") == dimm:
                addr = d["data"]["addr"]
        if addr is None or addr % LMB:
            raise BenchError("QEMU does not say where %s is" % dimm)
        first = addr // LMB
        last = first + n - 1
        wait = 120 + 2 * (size >> 30)
        # Every 0.2 s, not 10 ms: a fork and exec of usleep every 10 ms
        # under TCG was measured (2026-12-04) to triple the module's own
        # request time for a 64 GiB add (19.5 s polled, 7.0 s not; the
        # built-in code's barely changed), so the poll was timing itself.
        g.run_ok("until { read s < %s/memory%d/state; } 2>/dev/null && "
                 "[ \"$s\" = online ]; do usleep 200000; done" % (MEMDIR,
                                                                  last),
                 timeout=wait)
        t1 = time.monotonic()
        on = self.online_count(first, n)
        if on != n:
            # Not in address order: wait for every block.
            deadline = time.monotonic() + wait
            while on != n and time.monotonic() < deadline:
                time.sleep(0.2)
                on = self.online_count(first, n)
            t1 = time.monotonic()
            if on != n:
                raise BenchError("%s: %d of %d blocks of %s online" % (
                    self.impl, on, n, dimm))
        total = self.online_count()
        if total != self.boot_online + n:
            raise BenchError("%s: %d blocks online after adding %s, want %d"
                             % (self.impl, total, dimm,
                                self.boot_online + n))
        self.check_module(before, 1, 0)
        return dimm, first, n, t1 - t0, self.kernel_request_time()

    def hyp_remove(self, dimm, first, n, size):
        """device_del; wait for DEVICE_DELETED. Returns (host seconds,
        kernel seconds)."""
        g = self.g
        g.run_ok("echo > %s/trace" % TRACE)
        before = self.stats_now()
        mark = g.event_mark()
        t0 = time.monotonic()
        g.qmp("device_del", id=dimm)
        ev = g.wait_event("DEVICE_DELETED", 120 + 4 * (size >> 30),
                          since=mark, match=lambda e: e.get("data", {}).get(
                              "device") == dimm)
        t1 = time.monotonic()
        if not ev:
            raise BenchError("%s: no DEVICE_DELETED for %s; QMP events %s" % (
                self.impl, dimm, [e["event"] for e in
                                  g.events_since(mark)]))
        # The request ends right after its last DRC release: wait for it.
        if self.impl == MODULE:
            deadline = time.monotonic() + 30
            while (stats(g)["requests"] == before["requests"] and
                   time.monotonic() < deadline):
                time.sleep(0.2)
        on = self.online_count(first, n)
        total = self.online_count()
        if on or total != self.boot_online:
            raise BenchError("%s: after removing %s, %d of its blocks and %d"
                             " in all online, want 0 and %d" % (
                                 self.impl, dimm, on, total,
                                 self.boot_online))
        self.check_module(before, 1, 0)
        g.qmp("object-del", id="bm%s" % dimm[2:])
        return t1 - t0, self.kernel_request_time()

    def floor(self, first, n):
        """The floor module's remove and add of blocks first..+n-1."""
        g = self.g
        base, size = first * LMB, n * LMB
        out = g.run_ok("echo '%#x %#x' > %s && cat %s" % (
            base, size, FLOOR, FLOOR), timeout=300 + 8 * (size >> 30))
        m = re.search(r"add_ns=(\d+) remove_ns=(\d+)", out)
        if not m:
            raise BenchError("floor: %r" % out)
        if self.online_count(first, n) != n:
            raise BenchError("floor: the range is not all online after it")
        return int(m.group(1)) / 1e9, int(m.group(2)) / 1e9

    # --- requests the guest starts ------------------------------------

    def timed(self, cmd, timeout=600):
        """Run a shell command between two trace markers; returns (exit
        status, its output, seconds)."""
        g = self.g
        m = TRACE + "/trace_marker"
        out = g.run_ok(
            "echo > {t}/trace; echo pdlm-0 > {m}; {{ {c}; }} > /tmp/bm.out "
            "2>&1; r=$?; echo pdlm-1 > {m}; cat /tmp/bm.out; echo; "
            "echo R $r; grep 'pdlm-' {t}/trace".format(
                t=TRACE, m=m, c=cmd), timeout=timeout)
        marks = dict((w, float(t)) for t, w in re.findall(
            r"(\d+\.\d+): tracing_mark_write: pdlm-(\d)", out))
        rc = re.search(r"^R (\d+)$", out, re.M)
        if not rc or set(marks) != {"0", "1"}:
            raise BenchError("cannot read the timed run of %r:\n%s" % (cmd,
                                                                        out))
        text = out[:rc.start()]
        return int(rc.group(1)), text, marks["1"] - marks["0"]

    def refused(self, what, cmd, drmgr=False):
        """A request that cannot be carried out: with the module it must
        fail and change nothing; the built-in code must do what it says.
        Returns (seconds, note)."""
        before_on = self.online_count()
        before = self.stats_now()
        rc, out, secs = self.timed(cmd)
        after_on = self.online_count()
        lost = before_on - after_on
        where = "%s: %s" % (self.impl, what)
        note = "rc %d" % rc
        if drmgr:
            m = re.findall(r"DR_TOTAL_RESOURCES=(\d+)", out)
            done = int(m[-1]) if m else None
            note = "exit %d, DR_TOTAL_RESOURCES=%s" % (rc, done)
        else:
            err = re.search(r"write error: (.*)", out)
            done = None
            if err:
                note = err.group(1).strip()
        if lost < 0:
            raise BenchError("%s: %d blocks more online after it" % (
                where, -lost))
        if self.impl == MODULE:
            if lost:
                raise BenchError("%s: the module lost %d blocks:\n%s" % (
                    where, lost, out))
            if not drmgr and rc == 0:
                raise BenchError("%s: the module reported success:\n%s" % (
                    where, out))
            if drmgr and done:
                raise BenchError("%s: drmgr reports %d done:\n%s" % (
                    where, done, out))
            if not drmgr:
                self.check_module(before, 1, 1)
        else:
            if drmgr:
                ok = done is None or lost == done
            elif rc:
                ok = not lost
            else:
                # Reported done: an add cannot be; a removal must have
                # taken exactly what was asked.
                ok = "remove" in cmd and lost == self.count
            if not ok:
                raise BenchError("%s: %s, %d blocks went offline:\n%s" % (
                    where, note, lost, out))
            if lost:
                note += "; %d LMBs lost (offline in the guest, still " \
                        "plugged in QEMU)" % lost
        self.boot_online = after_on
        return secs, note


def median(vals):
    return statistics.median(vals) if vals else None


def cell(vals, notes=None):
    if not vals:
        return "-"
    med = median(vals)
    s = ("%.3f s" % med) if med < 10 else ("%.1f s" % med)
    if len(vals) > 1:
        s += " (%.3f-%.3f)" % (min(vals), max(vals))
    if notes:
        s += " [%s]" % "; ".join(sorted(set(notes)))
    return s


def ratio(a, b):
    if not a or not b:
        return "-"
    return "%.2f" % (median(a) / median(b))


def bench_one(a, maxmem, dimms):
    log = os.path.join(a.logdir, "guest-bench-mem-%s.log" % fmt_size(maxmem))
    if os.path.exists(log):
        os.remove(log)
    mem = "%s,slots=4,maxmem=%s" % (fmt_size(BOOT_RAM), fmt_size(maxmem))
    t0 = time.monotonic()
    g = BigGuest(a.kernel, a.initrd, hv=QEMU10, smp=QEMU10.smp(1, 1),
                 mem=mem, log_path=log, boot_timeout=a.boot_timeout)
    boot = time.monotonic() - t0
    print("bench mem: maxmem=%s: booted in %.1f s" % (fmt_size(maxmem),
                                                      boot), flush=True)
    res = {}        # (row label, impl) -> [seconds]
    notes = {}      # (row label, impl) -> [text]
    order_rows = []

    def put(label, impl, secs, note=None):
        if label not in order_rows:
            order_rows.append(label)
        res.setdefault((label, impl), []).append(secs)
        if note:
            notes.setdefault((label, impl), []).append(note)

    try:
        g.run_ok(QUIET_CONSOLE)
        g.run_ok("test -w {t}/trace_marker && echo 1 > {t}/tracing_on && "
                 "echo 1024 > {t}/buffer_size_kb".format(t=TRACE))
        g.run_ok("insmod %s" % FLOOR_KO)
        b = MemBench(g, maxmem, log)
        b.count = a.count
        k = 0
        for size in dimms:
            for rnd in range(a.rounds):
                order = (MODULE, BUILTIN) if k % 2 == 0 else (BUILTIN,
                                                              MODULE)
                k += 1
                for impl in order:
                    b.use(impl)
                    dimm, first, n, add_s, add_k = b.hyp_add(size)
                    la = "hypervisor add %s DIMM (%d LMBs)" % (human(size),
                                                               n)
                    lr = "hypervisor remove %s DIMM" % human(size)
                    put(la, impl, add_s)
                    if add_k is not None:
                        put(la + ": module request (tracepoints)", impl,
                            add_k)
                    if impl == MODULE:
                        f_add, f_rm = b.floor(first, n)
                        put(la, "floor", f_add)
                        put(lr, "floor", f_rm)
                    rm_s, rm_k = b.hyp_remove(dimm, first, n, size)
                    put(lr, impl, rm_s)
                    if rm_k is not None:
                        put(lr + ": module request (tracepoints)", impl,
                            rm_k)
                    print("bench mem: maxmem=%s %s: %s add %.2f s, remove "
                          "%.2f s" % (fmt_size(maxmem), impl, human(size),
                                      add_s, rm_s), flush=True)
        # The guest's own requests, on a DIMM of their own (module
        # first: the built-in code loses memory QEMU refused to take).
        spare = min(SPARE_LMBS * LMB, maxmem - BOOT_RAM)
        b.use(MODULE)
        b.hyp_add(spare)
        b.boot_online = b.online_count()
        reqs = [
            ("sysfs memory add count %d (no free memory)" % a.count,
             "echo -n 'memory add count %d' > %s" % (a.count, DLPAR), False),
            ("sysfs memory remove count %d (QEMU refuses)" % a.count,
             "echo -n 'memory remove count %d' > %s" % (a.count, DLPAR),
             False),
            ("drmgr -c mem -r -q %d (QEMU refuses)" % a.drmgr_q,
             "%s -c mem -r -q %d" % (DRMGR, a.drmgr_q), True),
            ("drmgr -c mem -a -q %d (no free memory)" % a.drmgr_q,
             "%s -c mem -a -q %d" % (DRMGR, a.drmgr_q), True),
        ]
        for impl in (MODULE, BUILTIN):
            b.use(impl)
            for label, cmd, drmgr in reqs:
                # An add changes nothing on either side: it runs
                # --repeat times. The first run of a path after a
                # (re)load pays for TCG translating its code (the
                # module's is new after every insmod); the median is
                # the request's cost. A removal runs once: the
                # built-in code loses the memory.
                times = 1 if "remove" in cmd or " -r " in cmd else a.repeat
                for _ in range(times):
                    secs, note = b.refused(label, cmd, drmgr)
                    put(label, impl, secs, note)
                    print("bench mem: maxmem=%s %s: %s: %.3f s (%s)" % (
                        fmt_size(maxmem), impl, label, secs, note),
                        flush=True)
        bad = g.run_ok("dmesg | grep -E 'Oops|BUG:|WARNING:|Call Trace' "
                       "| head -20; true", timeout=120).strip()
        if bad:
            raise BenchError("kernel log:\n" + bad)
    finally:
        g.shutdown()

    head = ("maxmem %s" % fmt_size(maxmem), "module", "built-in",
            "floor", "module/built-in", "module/floor")
    rows = [head]
    for label in order_rows:
        m, bi, f = (res.get((label, x)) for x in (MODULE, BUILTIN, "floor"))
        rows.append((label, cell(m, notes.get((label, MODULE))),
                     cell(bi, notes.get((label, BUILTIN))), cell(f),
                     ratio(m, bi), ratio(m, f)))
    text = ["Memory DLPAR, QEMU 10.0 pseries TCG, -m %s (guest boot %.1f s), "
            "%d round(s); host load %s at the end:" % (
                mem, boot, a.rounds,
                " ".join(open("/proc/loadavg").read().split()[:3])), ""]
    text += columns(rows)
    return "\n".join(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--maxmem", default="8G,1T,4T",
                    help="partition sizes, one guest boot each")
    ap.add_argument("--dimms", default="1G,64G,512G",
                    help="DIMM sizes for the hypervisor add/remove (those "
                    "that fit under maxmem - 3G)")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--drmgr-q", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of each refused add (median in the table)")
    ap.add_argument("--boot-timeout", type=int, default=600)
    ap.add_argument("--logdir", default="out")
    a = ap.parse_args()
    try:
        sizes = [parse_size(s) for s in a.maxmem.split(",") if s.strip()]
        dimms = [parse_size(s) for s in a.dimms.split(",") if s.strip()]
    except ValueError as e:
        ap.error(str(e))
    if a.rounds < 1 or a.count < 1 or a.drmgr_q < 1 or a.repeat < 1:
        ap.error("--rounds, --count, --drmgr-q and --repeat must be at "
                 "least 1")
    if a.count + a.drmgr_q > SPARE_LMBS:
        ap.error("--count + --drmgr-q: at most %d" % SPARE_LMBS)
    for s in sizes + dimms:
        if s % LMB:
            ap.error("%s is not a multiple of 256 MiB" % fmt_size(s))
    # QEMU runs in a directory of its own.
    a.kernel, a.initrd = os.path.abspath(a.kernel), os.path.abspath(a.initrd)
    os.makedirs(a.logdir, exist_ok=True)
    t0 = time.monotonic()
    out = []
    status = 0
    for maxmem in sizes:
        if maxmem <= BOOT_RAM:
            ap.error("maxmem %s: must be above 3G" % fmt_size(maxmem))
        fit = [d for d in dimms if d <= maxmem - BOOT_RAM]
        try:
            out.append(bench_one(a, maxmem, fit))
        except (BenchError, GuestError) as e:
            print("bench mem: FAILED at maxmem=%s: %s" % (fmt_size(maxmem), e),
                  file=sys.stderr)
            status = 1
            break
    text = "\n\n".join(out) + "\n"
    with open(os.path.join(a.logdir, "bench-mem.txt"), "w") as f:
        f.write(text)
    print(text, end="")
    print("bench mem: %.0f s in all" % (time.monotonic() - t0))
    return status


if __name__ == "__main__":
    sys.exit(main())
