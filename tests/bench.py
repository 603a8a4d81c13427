#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench: CPU DLPAR timed with the module and with the built-in code.

Usage: bench.py --kernel VMLINUX --initrd INITRD [--iterations N]
                [--cores C] [--logdir DIR] [--trace N]

One guest (QEMU 10.0 pseries, TCG, POWER10 SMT4): the boot core and two
more cores (--cores 3, the default; 4 at most) added by the hypervisor
(device_add), so that two can go by count. Then N rounds (--iterations,
default 10, or PDLPAR_BENCH_ITERATIONS). Each round runs, once with the
module loaded and once with it unloaded (mainline's built-in code answers
/sys/kernel/dlpar), in an order that alternates from round to round
(module first, then built-in first, ...) so that load on the host hits
both alike:

- "cpu remove index 0x..." then "cpu add index 0x..." of core 1;
- the same with core 1's threads offlined beforehand (not timed), so that
  the removal is the DRC and device-tree steps alone;
- "cpu remove count 2" then "cpu add count 2" with the module; the
  built-in code refuses CPU count requests (EINVAL), which is checked,
  not timed.

Timing is done inside the guest, where host noise is smallest: the shell
writes a marker into the trace buffer (trace_marker) before and after each
request, and the request itself is a builtin "echo -n ... > /sys/kernel/
dlpar" (one write(), no process started; busybox date has no %N), so a
time is the kernel's handling of the write plus one marker write, by the
kernel's trace clock (1 us). The kernel's cpuhp trace events are on in
every round: they split a request into the threads' offlining or onlining
(the same kernel code for both) and what comes before and after it (the
DRC, RTAS and device-tree steps, where the two differ). Both codes are
measured the same way; the module's own tracepoints are not used.

Every request is checked: the write returned success, the right code
answered (module loaded or not; the module's request counter went up and
its failure counter did not), the threads of exactly the cores concerned
went through CPU hotplug, and they are present and online, or gone, as
expected. Any failure ends the run with a message and exit status 1: a
failed request never counts as a fast one.

Prints two tables (median, min and max per operation, ratio module/
built-in) and the line "ratio module/built-in, cpu remove+add of one core
by index: R"; writes them to LOGDIR/bench.txt. --trace N adds N rounds of
each with the RTAS, scheduler and (module) pseries_dlpar trace events on,
and a breakdown of where the time goes; the last traces are kept in
LOGDIR/bench-trace-module.txt and -builtin.txt.

On TCG every vCPU has to run for each thread's offlining (stop_machine),
so the times follow the host's load; use the medians and the ratio, and
compare runs made on the same host at the same time only.
"""

import argparse
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, Guest, GuestError  # noqa: E402
from run_tests import (  # noqa: E402
    MOD, QUIET_CONSOLE, add_core, core_online, stats, sysfs_write,
    wait_for)

MODULE, BUILTIN = "module", "built-in"
TRACE = "/sys/kernel/tracing"
DLPAR = "/sys/kernel/dlpar"
# The boot core and two more by default (--cores): core 1 goes by index,
# the two highest-indexed cores by count (never the boot core). Every
# vCPU has to run for each CPU offline (stop_machine), so fewer vCPUs
# make a TCG guest less sensitive to a loaded host.
DEFAULT_CORES = 3
INDEX_CORE = 1
COUNT = 2
# Trace events for --trace, where the guest has them (cpuhp is on in
# every round).
TRACE_EVENTS = ("pseries_dlpar", "powerpc/rtas_input",
                "powerpc/rtas_output", "sched/sched_switch",
                "sched/sched_wakeup")


# Reads the trace buffer in the guest and prints only what the timing
# needs: "M pdlb-N TS" for each marker and "S PHASE CPU FIRST LAST" for
# the first and last cpuhp event of each CPU after marker PHASE.
SPANS_AWK = (
    "{ ts = \"\"; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+[.][0-9]+:$/) "
    "{ ts = substr($i, 1, length($i) - 1); break } } "
    "ts == \"\" { next } "
    "/tracing_mark_write: pdlb-/ { ph = substr($NF, 6); "
    "print \"M\", $NF, ts; next } "
    "/cpuhp_/ && ph != \"\" && match($0, /cpu: *[0-9]+/) { "
    "c = substr($0, RSTART + 4, RLENGTH - 4) + 0; k = ph \" \" c; "
    "if (!(k in lo)) lo[k] = ts; hi[k] = ts } "
    "END { for (k in lo) print \"S\", k, lo[k], hi[k] }")


class BenchError(Exception):
    pass


def parse_cpulist(text):
    cpus = set()
    for part in text.strip().split(","):
        if "-" in part:
            a, b = part.split("-")
            cpus.update(range(int(a), int(b) + 1))
        elif part:
            cpus.add(int(part))
    return cpus


class Bench:
    def __init__(self, g, logdir, ncores):
        self.g = g
        self.cores = tuple(range(ncores))
        self.hv = g.hv
        self.logdir = logdir
        self.impl = BUILTIN

    # --- state ------------------------------------------------------------

    def cpus(self, cores):
        return {c for k in cores for c in self.hv.cpus(k)}

    def use(self, impl):
        """Load or unload the module so that impl answers."""
        g = self.g
        if impl == self.impl:
            return
        if impl == MODULE:
            g.run_ok("insmod %s" % MOD)
        else:
            g.run_ok("rmmod pseries_dlpar")
        loaded = g.run("test -d /sys/module/pseries_dlpar")[0] == 0
        if loaded != (impl == MODULE):
            raise BenchError("could not switch to the %s code" % impl)
        self.impl = impl

    def check_answered(self, before, nreq):
        """The module answered (nreq more requests, none failed), or it is
        not loaded at all."""
        g = self.g
        if self.impl == MODULE:
            after = stats(g)
            if (after["requests"] != before["requests"] + nreq or
                    after["requests_failed"] != before["requests_failed"]):
                raise BenchError("module stats %s -> %s, want %d more "
                                 "requests and no failure" % (before, after,
                                                               nreq))
        elif g.run("test -d /sys/module/pseries_dlpar")[0] == 0:
            raise BenchError("the module is loaded in a built-in round")

    def stats_now(self):
        return stats(self.g) if self.impl == MODULE else None

    # --- one timed remove + add -------------------------------------------

    def timed_pair(self, remove, add, gone, offline_first=False):
        """Time the two writes; check each succeeded and that exactly the
        cores in gone went and came back. offline_first: the threads of
        the cores in gone are offlined beforehand (not timed), so that the
        removal is the DRC and device-tree steps alone; the add onlines
        them. Returns a dict: "remove" and
        "add", the request times, and "remove_pre", "remove_post",
        "add_pre" and "add_post", the parts of them before the first and
        after the last cpuhp trace event (the threads' offlining or
        onlining, one after the other, lies in between)."""
        g = self.g
        if offline_first:
            cpus = sorted(self.cpus(gone), reverse=True)
            g.run_ok("for c in %s; do echo 0 > /sys/devices/system/cpu/"
                     "cpu$c/online; done" % " ".join(map(str, cpus)))
        before = self.stats_now()
        m = TRACE + "/trace_marker"
        out = g.run_ok(
            "echo > {t}/trace; "
            "echo pdlb-0 > {m}; echo -n '{r}' > {d}; r1=$?; "
            "echo pdlb-1 > {m}; "
            "read o1 < /sys/devices/system/cpu/online; "
            "read p1 < /sys/devices/system/cpu/present; "
            "echo pdlb-2 > {m}; echo -n '{a}' > {d}; r2=$?; "
            "echo pdlb-3 > {m}; "
            "read o2 < /sys/devices/system/cpu/online; "
            "read p2 < /sys/devices/system/cpu/present; "
            "echo; echo R $r1 $r2; echo O1 $o1; echo P1 $p1; "
            "echo O2 $o2; echo P2 $p2; awk '{awk}' {t}/trace"
            .format(t=TRACE, m=m, d=DLPAR, r=remove, a=add, awk=SPANS_AWK),
            timeout=120)
        vals = dict(re.findall(r"^(R|O1|P1|O2|P2) (.*)$", out, re.M))
        marks = {int(n): float(ts) for n, ts in re.findall(
            r"^M pdlb-(\d) (\d+\.\d+)$", out, re.M)}
        spans = {}
        for ph, cpu, lo, hi in re.findall(
                r"^S (\d) (\d+) (\d+\.\d+) (\d+\.\d+)$", out, re.M):
            spans.setdefault(int(ph), {})[int(cpu)] = (float(lo), float(hi))
        if len(vals) != 5 or sorted(marks) != [0, 1, 2, 3]:
            raise BenchError("cannot read the timed run:\n" + out)
        r1, r2 = vals["R"].split()
        where = "%s %r + %r" % (self.impl, remove, add)
        if r1 != "0" or r2 != "0":
            raise BenchError("%s: a request failed (exit status %s, %s):\n%s"
                             % (where, r1, r2, out))
        left = self.cpus(set(self.cores) - set(gone))
        whole = self.cpus(self.cores)
        for key, want in (("O1", left), ("P1", left), ("O2", whole),
                          ("P2", whole)):
            have = parse_cpulist(vals[key])
            if have != want:
                raise BenchError("%s: %s CPUs %s, want %s" % (
                    where, "online" if key[0] == "O" else "present",
                    sorted(have), sorted(want)))
        # Every thread that went, and only those, went through hotplug.
        for ph in (0, 2):
            want = set() if ph == 0 and offline_first else self.cpus(gone)
            if set(spans.get(ph, {})) != want:
                raise BenchError("%s: CPU hotplug events for CPUs %s, want "
                                 "%s" % (where, sorted(spans.get(ph, {})),
                                         sorted(want)))
        self.check_answered(before, 2)
        if offline_first:
            # No hotplug in the removal: all of it is "before".
            spans[0] = {-1: (marks[1], marks[1])}
        first = {ph: min(lo for lo, _ in spans[ph].values()) for ph in (0, 2)}
        last = {ph: max(hi for _, hi in spans[ph].values()) for ph in (0, 2)}
        return {"remove": marks[1] - marks[0], "add": marks[3] - marks[2],
                "remove_pre": first[0] - marks[0],
                "remove_post": marks[1] - last[0],
                "add_pre": first[2] - marks[2],
                "add_post": marks[3] - last[2]}

    def by_index(self):
        drc = self.hv.drc(INDEX_CORE)
        return self.timed_pair("cpu remove index 0x%x" % drc,
                               "cpu add index 0x%x" % drc, (INDEX_CORE,))

    def by_index_offline(self):
        drc = self.hv.drc(INDEX_CORE)
        return self.timed_pair("cpu remove index 0x%x" % drc,
                               "cpu add index 0x%x" % drc, (INDEX_CORE,),
                               offline_first=True)

    def by_count(self):
        gone = self.cores[-COUNT:]
        return self.timed_pair("cpu remove count %d" % COUNT,
                               "cpu add count %d" % COUNT, gone)

    def count_refused(self):
        """The built-in code refuses CPU count requests, changing nothing."""
        g = self.g
        for req in ("cpu remove count %d" % COUNT, "cpu add count %d" % COUNT):
            rc, out = sysfs_write(g, req)
            if rc == 0 or "Invalid argument" not in out:
                raise BenchError("built-in code: %r: want EINVAL, got rc %d:"
                                 " %s" % (req, rc, out.strip()))
            st = g.run_ok("cat /sys/devices/system/cpu/online "
                          "/sys/devices/system/cpu/present").split()
            if [parse_cpulist(s) for s in st] != [self.cpus(self.cores)] * 2:
                raise BenchError("built-in code: refused %r changed the CPUs:"
                                 " %s" % (req, st))

    # --- a traced round, for where the time goes --------------------------

    def traced(self, impl):
        """One remove + add by index with trace events on; the raw trace
        goes to a file, a breakdown is returned."""
        g = self.g
        self.use(impl)
        pid = g.run_ok("echo $$").strip()
        have = g.run_ok("cat %s/available_events" % TRACE).split()
        on = [ev for ev in TRACE_EVENTS if any(
            e == ev.replace("/", ":") or e.startswith(ev + ":")
            for e in have)]
        ev_dir = TRACE + "/events/"
        # The writer's own scheduling only: when it sleeps, and who wakes it.
        filters = {"sched/sched_switch": "prev_pid == %s || next_pid == %s"
                   % (pid, pid),
                   "sched/sched_wakeup": "pid == %s" % pid}
        try:
            g.run_ok("echo 16384 > %s/buffer_size_kb" % TRACE)
            for ev in on:
                if ev in filters:
                    g.run_ok("echo '%s' > %s%s/filter" % (filters[ev], ev_dir,
                                                         ev))
                g.run_ok("echo 1 > %s%s/enable" % (ev_dir, ev))
            t = self.by_index()
        finally:
            # Stop first: reading the trace over the console makes events.
            g.run("echo 0 > %s/tracing_on" % TRACE)
            for ev in on:
                g.run("echo 0 > %s%s/enable" % (ev_dir, ev))
                if ev in filters:
                    g.run("echo 0 > %s%s/filter" % (ev_dir, ev))
        text = g.run_ok("cat %s/trace" % TRACE, timeout=600)
        g.run_ok("echo > %s/trace; echo 1 > %s/tracing_on" % (TRACE, TRACE))
        path = os.path.join(self.logdir, "bench-trace-%s.txt" % (
            "module" if impl == MODULE else "builtin"))
        with open(path, "w") as f:
            f.write(text)
        return t, breakdown(text, int(pid)), path


LINE = re.compile(r"^\s*(.+)-(\d+)\s+\[(\d+)\]\s+\S+\s+(\d+\.\d+): "
                  r"(\w+): (.*)$")


DRC_RTAS = ("get-sensor-state", "set-indicator", "ibm,configure-connector")


def breakdown(text, pid):
    """Cut each traced request at its landmarks: the writer's DRC RTAS
    calls (sensor, indicators, configure-connector) and the first and last
    cpuhp event. Returns (what, [(segment, seconds)], seconds the writer
    slept) for the removal and the add."""
    events = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            events.append((float(m.group(4)), m.group(5), m.group(6),
                           int(m.group(2))))
    marks = {}
    for ts, ev, msg, _ in events:
        m = re.match(r"pdlb-(\d)", msg)
        if ev == "tracing_mark_write" and m:
            marks[int(m.group(1))] = ts
    out = []
    for what, a, b in (("remove", 0, 1), ("add", 2, 3)):
        if a not in marks or b not in marks:
            continue
        t0, t1 = marks[a], marks[b]
        inside = [e for e in events if t0 <= e[0] <= t1]
        hp = [e[0] for e in inside if e[1].startswith("cpuhp")]
        drc = [e[0] for e in inside if e[3] == pid and
               e[1] in ("rtas_input", "rtas_output") and
               e[2].split()[0] in DRC_RTAS]
        asleep, slept_at = 0.0, None
        for ts, ev, msg, _ in inside:
            if ev != "sched_switch":
                continue
            if re.search(r"prev_pid=%d " % pid, msg):
                slept_at = ts
            elif re.search(r"next_pid=%d " % pid, msg) and slept_at:
                asleep += ts - slept_at
                slept_at = None
        if not hp or not drc:
            continue
        if what == "remove":
            segs = [("request to the first thread's offlining", hp[0] - t0),
                    ("threads offline", hp[-1] - hp[0]),
                    ("to the first DRC call", drc[0] - hp[-1]),
                    ("DRC isolate + unallocate", drc[-1] - drc[0]),
                    ("detach nodes, return", t1 - drc[-1])]
        else:
            segs = [("parse, DRC lookup, core search", drc[0] - t0),
                    ("DRC acquire + configure-connector", drc[-1] - drc[0]),
                    ("attach nodes, NUMA, to the first thread's onlining",
                     hp[0] - drc[-1]),
                    ("threads online", hp[-1] - hp[0]),
                    ("after the last thread, return", t1 - hp[-1])]
        out.append((what, t1 - t0, segs, asleep))
    return out


# (label, kind, value of one sample): request times, and the part of
# them before the first and after the last cpuhp trace event: the DRC
# and RTAS calls, device-tree and NUMA work, where the two codes differ.
# In between, the threads go offline or online one after the other, with
# the same kernel code (device_offline/online) for both.
OPS = [
    ("cpu remove index (1 core)", "index", lambda t: t["remove"]),
    ("cpu add index (1 core)", "index", lambda t: t["add"]),
    ("cpu remove+add index (1 core)", "index",
     lambda t: t["remove"] + t["add"]),
    ("cpu remove count 2", "count", lambda t: t["remove"]),
    ("cpu add count 2", "count", lambda t: t["add"]),
    ("cpu remove+add count 2", "count", lambda t: t["remove"] + t["add"]),
]
OUTSIDE = [
    ("cpu remove index: before the threads", "index",
     lambda t: t["remove_pre"]),
    ("cpu remove index: after the threads", "index",
     lambda t: t["remove_post"]),
    ("cpu add index: before the threads", "index", lambda t: t["add_pre"]),
    ("cpu add index: after the threads", "index", lambda t: t["add_post"]),
    ("cpu remove+add index (1 core)", "index",
     lambda t: t["remove_pre"] + t["remove_post"] + t["add_pre"] +
     t["add_post"]),
    ("cpu remove+add count 2", "count",
     lambda t: t["remove_pre"] + t["remove_post"] + t["add_pre"] +
     t["add_post"]),
    ("cpu remove index, its threads offline first: all of it", "offline",
     lambda t: t["remove"]),
]


def fmt(vals, unit):
    med = statistics.median(vals)
    if unit == "ms":
        return "%.1f ms (%.1f-%.1f)" % (med * 1e3, min(vals) * 1e3,
                                        max(vals) * 1e3)
    return "%.3f s (%.3f-%.3f)" % (med, min(vals), max(vals))


def rows_for(ops, times, unit):
    rows = []
    for label, kind, val in ops:
        mod = [val(t) for t in times[MODULE][kind]]
        blt = [val(t) for t in times[BUILTIN][kind]]
        if blt:
            ratio = "%.2f" % (statistics.median(mod) /
                              statistics.median(blt))
            bcol = fmt(blt, unit)
        else:
            ratio, bcol = "n/a", "n/a (EINVAL: unsupported)"
        rows.append((label, fmt(mod, unit), bcol, ratio))
    return rows


def columns(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths))
                     .rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def table(times, n, note):
    head = ("operation", "module median (min-max)",
            "built-in median (min-max)", "ratio")
    lines = ["CPU DLPAR through /sys/kernel/dlpar, %d rounds; %s." % (
        n, note), ""]
    lines += columns([head] + rows_for(OPS, times, "s"))
    lines += ["", "Of that, before the first and after the last CPU hotplug "
              "(cpuhp) trace event: DRC and RTAS calls, device tree, NUMA, "
              "and the kernel's hotplug lock taken for the first thread "
              "(between them the threads go offline or online, the same "
              "kernel code for both):", ""]
    lines += columns([head] + rows_for(OUTSIDE, times, "ms"))
    pair = [t["remove"] + t["add"] for t in times[MODULE]["index"]]
    bpair = [t["remove"] + t["add"] for t in times[BUILTIN]["index"]]
    per_round = [m / b for m, b in zip(pair, bpair)]
    lines += ["", "ratio module/built-in, cpu remove+add of one core by "
              "index: %.2f (median of the per-round ratios %.2f)" % (
                  statistics.median(pair) / statistics.median(bpair),
                  statistics.median(per_round))]
    return "\n".join(lines)


def boot(kernel, initrd, logdir, ncores):
    log = os.path.join(logdir, "guest-bench.log")
    if os.path.exists(log):
        os.remove(log)
    hv = QEMU10
    g = Guest(kernel, initrd, hv=hv, smp=hv.smp(1, ncores), log_path=log)
    try:
        # Kernel messages go to the log buffer only: the console would
        # time the hvc console rather than DLPAR.
        g.run_ok(QUIET_CONSOLE)
        # The CPU hotplug trace events stay on in every round, for both.
        g.run_ok("test -w {t}/trace_marker && echo 1 > {t}/tracing_on && "
                 "echo 1 > {t}/events/cpuhp/enable".format(t=TRACE))
        for core in range(1, ncores):
            add_core(g, core)
            wait_for(g, "core %d online" % core,
                     lambda c=core: core_online(g, c), 30)
        return g
    except BaseException:
        g.shutdown()
        raise


def run(a):
    os.makedirs(a.logdir, exist_ok=True)
    t0 = time.monotonic()
    g = boot(a.kernel, a.initrd, a.logdir, a.cores)
    try:
        b = Bench(g, a.logdir, a.cores)
        times = {impl: {"index": [], "count": [], "offline": []}
                 for impl in (MODULE, BUILTIN)}
        # Warm-up, not counted: first load, first use of each path.
        for impl in (MODULE, BUILTIN):
            b.use(impl)
            b.by_index()
            b.by_index_offline()
            if impl == MODULE:
                b.by_count()
            else:
                b.count_refused()
        for i in range(a.iterations):
            order = (MODULE, BUILTIN) if i % 2 == 0 else (BUILTIN, MODULE)
            for impl in order:
                b.use(impl)
                times[impl]["index"].append(b.by_index())
                times[impl]["offline"].append(b.by_index_offline())
                if impl == MODULE:
                    times[impl]["count"].append(b.by_count())
                else:
                    b.count_refused()
            m, bi = (times[x]["index"][-1] for x in (MODULE, BUILTIN))
            print("bench: round %d/%d: cpu remove+add index: module %.3f s, "
                  "built-in %.3f s" % (i + 1, a.iterations,
                                       m["remove"] + m["add"],
                                       bi["remove"] + bi["add"]), flush=True)
        load = open("/proc/loadavg").read().split()[:3]
        note = ("QEMU 10.0 pseries TCG, POWER10 SMT4, %d cores; host load "
                "average %s at the end" % (a.cores, " ".join(load)))
        text = table(times, a.iterations, note)
        if a.trace:
            text += "\n\n" + traced_report(b, a.trace)
        b.use(BUILTIN)
    finally:
        g.shutdown()
    text += "\n"
    with open(os.path.join(a.logdir, "bench.txt"), "w") as f:
        f.write(text)
    print(text, end="")
    print("bench: %.0f s in all" % (time.monotonic() - t0))


def traced_report(b, n):
    """n traced rounds of each, alternating; the median of each segment."""
    segs = {MODULE: {}, BUILTIN: {}}
    order = {MODULE: {}, BUILTIN: {}}
    paths = {}
    for i in range(n):
        for impl in (MODULE, BUILTIN) if i % 2 == 0 else (BUILTIN, MODULE):
            _, parts, paths[impl] = b.traced(impl)
            for what, total, segments, asleep in parts:
                order[impl].setdefault(what, [])
                for name, t in [("total", total)] + segments + [
                        ("(the writer slept)", asleep)]:
                    if name not in order[impl][what]:
                        order[impl][what].append(name)
                    segs[impl].setdefault((what, name), []).append(t)
    lines = ["Traced remove + add of one core by index, %d round(s) of each "
             "with RTAS and scheduler events on (tracing slows both); "
             "median ms, last traces in %s and %s:" % (
                 n, paths[MODULE], paths[BUILTIN]), ""]
    rows = [("", "module", "built-in")]
    for what in ("remove", "add"):
        for name in order[MODULE].get(what, []):
            mod = segs[MODULE].get((what, name))
            blt = segs[BUILTIN].get((what, name))
            rows.append(("%s: %s" % (what, name),
                         "%.1f" % (statistics.median(mod) * 1e3) if mod
                         else "-",
                         "%.1f" % (statistics.median(blt) * 1e3) if blt
                         else "-"))
    lines += columns(rows)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--iterations", type=int, default=int(
        os.environ.get("PDLPAR_BENCH_ITERATIONS", "10")))
    ap.add_argument("--cores", type=int, default=DEFAULT_CORES,
                    help="cores in the guest, the boot core included "
                    "(3 or more; default %(default)s)")
    ap.add_argument("--logdir", default="out")
    ap.add_argument("--trace", type=int, default=0, metavar="N",
                    help="then N traced rounds of each, with a breakdown "
                    "of where the time goes")
    a = ap.parse_args()
    if a.iterations < 1:
        ap.error("--iterations must be at least 1")
    if not 1 + COUNT <= a.cores <= 4:
        ap.error("--cores: from %d to 4" % (1 + COUNT))
    try:
        run(a)
    except (BenchError, GuestError) as e:
        print("bench: FAILED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
