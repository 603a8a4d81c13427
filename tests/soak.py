#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make soak: hypervisor, administrator and kernel at once, for a while,
with invariants checked after every step (issue 15).

Usage: soak.py --kernel VMLINUX --initrd INITRD [--minutes N] [--seed S]
               [--mainline] [--logdir DIR] [--results FILE]

Guests of QEMU 10.0 pseries (TCG, POWER10 SMT4 cores, two NUMA nodes,
room for 8 cores and 8 DIMMs), then for the last LPM_SHARE of the time
guests of QEMU 7.2 (one thread per core; suspend works there) with
partition migrations among the CPU operations, each driven by a seeded
random mix of operations, each operation followed by the checks below.
Each QEMU 10.0 boot runs two phases, because QEMU 7.2 and 10.0 abort on
a pc-dimm device_del once a spapr core's removal has completed in that
boot (Documentation/pseries-dlpar.rst, "QEMU limits the soak works
around"): the memory phase adds cores but never removes one; the CPU
phase never adds or removes a DIMM (a pc-dimm device_add after a core's
removal aborts QEMU 10.0 too). QEMU's TCG also never gives back a
removed core's vCPU contexts, so each boot has room for only as many core
adds as maxcpus has cores (7 here): a boot runs ROUND_OPS operations per
phase, then the next starts fresh. Rounds are counted in operations so
that a seed replays the same sequence on any machine; the time only says
where it stops.

Operations (weights in MIX_MEM and MIX_CPU):
- hypervisor: device_add/device_del of spapr cores and of pc-dimms of
  256 or 512 MiB on node 0 or 1; a device_del of a DIMM with a page of
  one LMB held by tests/modules/pdlpar_memhold.ko, which the guest must
  refuse and report (module only; mainline never answers it, and the
  soak against mainline skips it); a second device_del of a pending core;
- sysfs /sys/kernel/dlpar: cpu add/remove by index, count and
  indexed-count, memory add by count and remove by count and index (QEMU
  refuses every guest-started LMB removal, so those must fail and change
  nothing), and malformed writes that must fail with EINVAL;
- the kernel's own interfaces: smt/control (off, on) and smt/control
  levels (2, 4), cpuN/online and memoryN/state writes (taken back in the
  same step);
- drmgr -c cpu -a/-r -q 1 (drmgr picks the core, the boot core too) and
  drmgr -c mem -a/-r -q 1 (must change nothing);
- on QEMU 7.2, partition migrations (echo 0x1 > migration, QEMU
  suspends, system_wakeup), half of them with a core added while the
  guest is suspended, which must come after the resume;
- rmmod and insmod of the module between operations.

Checked after every step: the guest answers; every QMP device_del of the
step ended in DEVICE_DELETED or DEVICE_UNPLUG_GUEST_ERROR within
BOUND_S; every add shows up; QEMU's cores are the guest's present cores
(but for those a sysfs remove let go, which QEMU keeps), each with the
threads SMT control allows online; QEMU's DIMMs' LMBs are the assigned
ones in ibm,dynamic-memory and their blocks online, each on its DIMM's
NUMA node; every LMB's flags word is its boot value plus "assigned" for
the DIMMs' LMBs; sysfs cpu add and remove count 1 took exactly the core
the module picks, drmgr exactly the core its walk picks (drmgr_choice());
MemTotal grew since boot by what QEMU's DIMMs hold (2 % allowed for a
memmap on the memory itself); every migration write returned 0; the
device tree has one cpu node per present core; the kernel log has no WARNING, BUG, Oops,
lockdep report or hung task; with the module, the debugfs counters add
up (events = what QEMU sent since the module was loaded, none rejected
or dropped, and events = requests_hypervisor + handed back + rejected +
dropped: every event ran). At the end also kmemleak (nothing of ours).

The seed is printed; the same seed replays the same operations. On a
violation, the last 100 operations, the guest's log and both sides' state
go to LOGDIR (out/soak/). Prints "N operations, N violations" and the
violations by kind.
"""

import argparse
import collections
import json
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, QEMU72, Guest, GuestError  # noqa: E402
from e2e_mem import ASSIGNED, DRC_INVALID, assigned, lmbs  # noqa: E402
from e2e_lpm import run_retry, settle, write_migration  # noqa: E402
from run_tests import (  # noqa: E402
    MOD, QUIET_CONSOLE, STATS, Results, add_core, klog_mark, klog_since,
    stats, sysfs_write)

HOLD = "/lib/modules/pdlpar/pdlpar_memhold.ko"
LMB = 256 << 20
MAX_CORES = 8          # the guest kernel's NR_CPUS is 32: 8 SMT4 cores
# Operations per guest boot and phase (see soak()): a round is counted in
# operations, not minutes, so that a seed replays the same sequence
# however fast the machine is; only where it stops depends on the time.
ROUND_OPS = {"mem": 20, "cpu": 25, "lpm": 20}
LPM_SHARE = 0.2        # of the minutes, on QEMU 7.2 with migrations
DRMGR = "/usr/sbin/drmgr"
MAX_DIMMS = 6
BOUND_S = 60           # a device_del's answer, and a sysfs write's return
BAD_LOG = ("WARNING:", "BUG:", "Oops", "Unable to handle", "Call Trace",
           "possible circular locking", "possible recursive locking",
           "inconsistent lock state", "blocked for more than",
           "OF: ERROR", "refcount_t:", "suspicious RCU")
SYSMEM = "/sys/devices/system/memory"

MEM = "2G,slots=8,maxmem=8G"


def numa_args(hv):
    """Two nodes of 1 GiB, the first half of the cores on node 0."""
    half = MAX_CORES * hv.threads // 2
    return ["-object", "memory-backend-ram,id=ram0,size=1G",
            "-numa", "node,nodeid=0,memdev=ram0,cpus=0-%d" % (half - 1),
            "-object", "memory-backend-ram,id=ram1,size=1G",
            "-numa", "node,nodeid=1,memdev=ram1,cpus=%d-%d" % (
                half, 2 * half - 1)]


def known_kernel_lockdep(text):
    """The kernel's own lockdep report when a memory removal races a
    write to one of the removed blocks' sysfs files: __remove_memory()
    holds mem_hotplug_lock and drains the block's kernfs nodes, while
    state_store() took kn->active and then, under a trylock of the device
    hotplug lock, cpu_hotplug_lock and mem_hotplug_lock. Both run under
    the device hotplug lock (the writer only if its trylock succeeded),
    so they cannot deadlock; lockdep does not see that. Every caller of
    __remove_memory() or offline_and_remove_memory() meets it, mainline's
    pseries code as well (Documentation/pseries-dlpar.rst, "The soak")."""
    i = text.find("possible circular locking dependency")
    if i < 0:
        return False
    rep = text[i:i + 8000]
    return all(x in rep for x in ("kn->active", "mem_hotplug_lock",
                                  "try_remove_memory", "state_store"))


class KnownKernel(Exception):
    """A report that is the kernel's own, not ours: noted, and the round
    goes on in a fresh guest (lockdep is off after its first report)."""


class Violation(Exception):
    def __init__(self, kind, text):
        super().__init__("%s: %s" % (kind, text))
        self.kind = kind


class Soak:
    def __init__(self, g, rng, module, logdir):
        self.g = g
        self.rng = rng
        self.module = module
        self.logdir = logdir
        self.hv = g.hv
        self.cores = {0}          # QEMU's cores (core 0 is the boot core)
        self.released = set()     # QEMU has them, the guest let them go
        self.dimms = {}           # name -> (size, node, [DRCs])
        self.n_dimm = 0
        self.smt = self.hv.threads  # threads per core SMT allows
        self.sent = 0             # hypervisor events since the module loaded
        self.loaded = module
        self.ops = collections.deque(maxlen=100)
        self.count = 0
        self.violations = collections.Counter()
        self.known = collections.Counter()
        self.lockdep_off = False
        self.kernel_refused = 0   # removals the kernel rightly refused
        self.saved = False
        # QEMU's TCG never gives back the vCPU thread contexts of a
        # removed core and aborts (tcg_register_thread: n <
        # tcg_max_ctxs) once more cores were added in a boot than
        # maxcpus has room for: each boot has this many core adds.
        self.core_adds_left = MAX_CORES - 1

    # --- guest state ---------------------------------------------------

    def run(self, cmd, timeout=BOUND_S):
        return self.g.run(cmd, timeout=timeout)

    def assigned(self):
        """DRC index -> base address of every assigned LMB."""
        return assigned(self.g)

    def present_cores(self):
        out = self.g.run_ok("ls /proc/device-tree/cpus")
        ids = [int(m, 16) for m in re.findall(r"@([0-9a-f]+)", out)]
        return {i // self.hv.threads for i in ids}

    def cpu_map(self):
        """Logical CPU -> (core, online). Logical ids are the kernel's
        first free ones, not the hardware's: a core added out of order
        gets the next free ids, so the hardware id (physical_id) says
        which core a CPU is of."""
        # The shell's read, not $(cat): with 8 SMT4 cores under TCG a
        # fork costs every vCPU a TLB flush, and 64 of them once took
        # more than 60 s (2026-12-06). The boot CPU has no online file.
        out = self.g.run_ok(
            "cd /sys/devices/system/cpu; for c in cpu[0-9]*; do "
            "read p < $c/physical_id; o=1; "
            "[ ! -e $c/online ] || read o < $c/online; "
            "echo ${c#cpu} $p $o; done", timeout=180)
        m = {}
        for line in out.strip().splitlines():
            cpu, hw, on = line.split()
            m[int(cpu)] = (int(hw) // self.hv.threads, on == "1")
        return m

    def online_threads(self, core):
        return sum(1 for c, on in self.cpu_map().values()
                   if c == core and on)

    def qemu_cores(self):
        out = self.g.qmp("query-hotpluggable-cpus")
        return {c["props"]["core-id"] // self.hv.threads for c in out
                if c.get("qom-path")}

    def mem_total(self):
        out = self.g.run_ok("grep MemTotal /proc/meminfo")
        return int(out.split()[1]) << 10

    def qemu_dimms(self):
        out = self.g.qmp("query-memory-devices")
        return {d["data"]["id"] for d in out if d["type"] == "dimm"}

    # --- operations ----------------------------------------------------

    def record(self, text, op=True):
        """An operation (numbered and counted), or with op=False a
        finding about the last one (violation, the kernel's own report)."""
        if op:
            self.count += 1
            line = "%d %s" % (self.count, text)
        else:
            line = "   ! %s" % text
        self.ops.append(line)
        # Every operation, for a replay to be compared with (ops.txt).
        with open(os.path.join(self.logdir, "ops.txt"), "a") as f:
            f.write(line + "\n")

    def write(self, req, want_ok):
        """A sysfs request; want_ok None: either, the model follows."""
        rc, out = sysfs_write(self.g, req)
        ok = rc == 0
        # dd prints its record counts too; the errno is on its "dd:" line.
        err = " ".join(x.split(": ")[-1] for x in out.splitlines()
                       if x.startswith("dd:")) or "rc %d" % rc
        self.record("sysfs %r -> %s" % (req, "ok" if ok else err))
        if want_ok is not None and ok != want_ok:
            raise Violation("sysfs result", "%r: %s (want %s)" % (
                req, "ok" if ok else err, "ok" if want_ok else "failure"))
        return ok

    def wait_answer(self, dev, em):
        names = ("DEVICE_DELETED", "DEVICE_UNPLUG_GUEST_ERROR",
                 "MEM_UNPLUG_ERROR")
        deadline = time.monotonic() + BOUND_S
        while True:
            for e in self.g.events_since(em):
                if e.get("event") in names and \
                        e.get("data", {}).get("device") == dev:
                    return e["event"]
            if time.monotonic() > deadline:
                raise Violation("hypervisor unanswered",
                                "no answer to device_del %s in %d s" % (
                                    dev, BOUND_S))
            time.sleep(0.2)

    def op_core_add(self):
        free = [c for c in range(1, MAX_CORES) if c not in self.cores]
        if not free or not self.core_adds_left:
            return self.op_smt() if self.hv.threads > 1 else \
                self.op_cpu_online()
        self.core_adds_left -= 1
        c = self.rng.choice(free)
        add_core(self.g, c)
        self.cores.add(c)
        self.sent += 1
        self.record("device_add core%d" % c)
        self.wait_core(c, "device_add")

    def wait_core(self, c, what):
        """Every add shows up: the core in the device tree with the
        threads SMT control allows online, within BOUND_S."""
        deadline = time.monotonic() + BOUND_S
        while c not in self.present_cores() or \
                self.online_threads(c) != self.smt:
            if time.monotonic() > deadline:
                raise Violation("add not seen", "core%d (%s) not in the "
                                "device tree with %d threads online after "
                                "%d s" % (c, what, self.smt, BOUND_S))
            time.sleep(0.3)
        self.settle()

    def op_core_del(self, double=False):
        cand = sorted(self.cores - {0})
        if not cand:
            return self.op_core_add()
        c = self.rng.choice(cand)
        dev = "core%d" % c
        em = self.g.event_mark()
        self.g.qmp("device_del", id=dev)
        self.sent += 1
        if double:
            try:
                self.g.qmp("device_del", id=dev)
                self.sent += 1
            except GuestError:
                pass
        ans = self.wait_answer(dev, em)
        self.record("device_del %s%s -> %s" % (dev, " x2" if double else "",
                                                ans))
        # The guest must refuse to give up its last core (the others
        # released by sysfs or drmgr), and only that.
        last = c not in self.released and \
            not self.cores - self.released - {c}
        if ans == "DEVICE_DELETED":
            if last:
                raise Violation("last core removed", "%s deleted, the "
                                "guest's only core" % dev)
            self.cores.discard(c)
            self.released.discard(c)
        elif not last:
            raise Violation("core removal refused",
                            "%s refused, another core online" % dev)
        self.settle()

    def kernel_kept(self, name, mark):
        """Whether the kernel log since mark says the guest could not
        offline memory of the DIMM for a reason of the kernel's own: an
        unmovable page there (hot-added memory onlined in ZONE_NORMAL
        takes kernel allocations as any other), or the module's line
        naming one of the DIMM's blocks. Such a refusal is the right
        answer; one without a reason is not."""
        k = klog_since(self.g, mark)
        if "page dumped because: unmovable page" in k:
            return True
        have = self.assigned()
        return any("could not offline %#x" % have[d] in k
                   for d in self.dimms[name][2] if d in have)

    def op_dimm_add(self):
        if len(self.dimms) >= MAX_DIMMS:
            return self.op_dimm_del()
        size = self.rng.choice((256 << 20, 512 << 20))
        node = self.rng.choice((0, 1))
        self.n_dimm += 1
        name = "dimm%d" % self.n_dimm
        before = set(self.assigned())
        self.g.qmp("object-add", {"qom-type": "memory-backend-ram",
                                  "id": "mem-" + name, "size": size,
                                  "reserve": False})
        self.g.qmp("device_add", {"driver": "pc-dimm", "id": name,
                                  "memdev": "mem-" + name, "node": node})
        self.sent += 1
        n = size // LMB
        deadline = time.monotonic() + BOUND_S
        new = set()
        while time.monotonic() < deadline:
            new = set(self.assigned()) - before
            if len(new) == n:
                break
            time.sleep(0.5)
        self.record("device_add %s (%d MiB, node %d) -> %d LMBs" % (
            name, size >> 20, node, len(new)))
        self.dimms[name] = (size, node, sorted(new))
        if len(new) != n:
            raise Violation("add not seen", "%s: %d of %d LMBs assigned "
                            "after %d s" % (name, len(new), n, BOUND_S))

    def op_dimm_del(self, pinned=False):
        if not self.dimms:
            return self.op_dimm_add()
        name = self.rng.choice(sorted(self.dimms))
        drcs = self.dimms[name][2]
        held = False
        if pinned:
            have = self.assigned()
            drc = self.rng.choice(drcs)
            # alloc_contig_range() can fail for a moment (pages on the
            # way back from a previous hold): try a few times, else the
            # removal goes ahead unpinned.
            for _ in range(3) if drc in have else ():
                rc, _ = self.g.run("insmod %s base=%#x size=0x10000"
                                   % (HOLD, have[drc]))
                if rc == 0:
                    held = True
                    break
                time.sleep(1)
        em, mark = self.g.event_mark(), klog_mark(self.g)
        try:
            self.g.qmp("device_del", id=name)
            self.sent += 1
            ans = self.wait_answer(name, em)
        finally:
            if held:
                self.g.run_ok("rmmod pdlpar_memhold")
        kept = ans != "DEVICE_DELETED" and not held and \
            self.kernel_kept(name, mark)
        self.record("device_del %s%s -> %s%s" % (
            name, " (page held)" if held else "", ans,
            " (the kernel's own unmovable page)" if kept else ""))
        if ans == "DEVICE_DELETED":
            if held:
                raise Violation("pinned removal completed",
                                "%s deleted with a page held" % name)
            del self.dimms[name]
            self.g.qmp("object-del", id="mem-" + name)
        elif kept:
            self.kernel_refused += 1
        elif not held:
            raise Violation("removal refused", "%s refused, nothing held "
                            "and no unmovable page reported" % name)

    def op_sysfs_cpu(self):
        r = self.rng.random()
        present = sorted(self.present_cores() - {0})
        if r < 0.3 and present:
            c = self.rng.choice(present)
            if self.write("cpu remove index 0x%x" % self.hv.drc(c), None):
                self.released.add(c)
        elif r < 0.6 and self.released:
            c = self.rng.choice(sorted(self.released))
            if self.write("cpu add index 0x%x" % self.hv.drc(c), True):
                self.released.discard(c)
        elif r < 0.75:
            # Count: the module takes the lowest core QEMU has that the
            # guest let go (mainline: the first in ibm,drc-indexes).
            before = self.present_cores()
            want = {min(self.released)} if self.released else set()
            ok = self.write("cpu add count 1", None)
            after = self.present_cores()
            came, gone = after - before, before - after
            self.released -= came
            if gone or ok != bool(want) or len(came) != ok or \
                    self.module and came != want:
                raise Violation("sysfs result", "cpu add count 1: %s, "
                                "cores came %s, gone %s, want %s" % (
                                    "ok" if ok else "failed", sorted(came),
                                    sorted(gone), sorted(want)))
        elif r < 0.9 and present:
            # Exactly one core on success, none on failure. The module
            # takes the highest-indexed core (its DRC index is the core's
            # order) and succeeds while another core stays; mainline takes
            # the first cpu node (it may be the boot core) and refuses to
            # remove the last.
            before = self.present_cores()
            ok = self.write("cpu remove count 1", None)
            after = self.present_cores()
            gone, came = before - after, after - before
            want = {max(before)} if self.module and len(before) > 1 else None
            self.released |= gone
            if came or len(gone) != (1 if ok else 0) or \
                    want is not None and gone != want:
                raise Violation("sysfs result", "cpu remove count 1: %s, "
                                "cores gone %s, came %s%s" % (
                                    "ok" if ok else "failed", sorted(gone),
                                    sorted(came), "" if want is None else
                                    ", want %s" % sorted(want)))
        else:
            self.write("cpu remove index 0x%x" % self.hv.drc(MAX_CORES + 3),
                       False)
        self.settle()

    def op_sysfs_mem(self):
        r = self.rng.random()
        if r < 0.3:
            # No free LMB has memory behind it: must fail.
            self.write("memory add count 1", False)
        elif r < 0.6 and self.dimms:
            self.write("memory remove count 1", False)
        elif r < 0.8 and self.dimms:
            name = self.rng.choice(sorted(self.dimms))
            drc = self.rng.choice(self.dimms[name][2])
            self.write("memory remove index 0x%x" % drc, False)
        else:
            self.write(self.rng.choice(("memory frob count 1",
                                        "cpu add index",
                                        "memory remove count 0x",
                                        "cpu remove indexed-count 1")),
                       False)

    def op_smt(self):
        if self.hv.threads == 1:
            return self.op_cpu_online()
        v = self.rng.choice(("off", "on", "2", "4"))
        self.g.run_ok("echo %s > /sys/devices/system/cpu/smt/control" % v)
        self.smt = {"off": 1, "on": 4, "2": 2, "4": 4}[v]
        self.record("smt/control %s" % v)
        self.settle()

    def op_cpu_online(self):
        """Offline an online CPU other than cpu0 and online it again."""
        cand = sorted(c for c, (core, on) in self.cpu_map().items()
                      if on and c)
        if not cand:
            return
        t = self.rng.choice(cand)
        rc, _ = self.run("echo 0 > /sys/devices/system/cpu/cpu%d/online && "
                         "echo 1 > /sys/devices/system/cpu/cpu%d/online"
                         % (t, t))
        self.record("cpu%d offline+online -> rc %d" % (t, rc))

    def op_mem_state(self):
        if not self.dimms:
            return
        name = self.rng.choice(sorted(self.dimms))
        have = self.assigned()
        drc = self.rng.choice(self.dimms[name][2])
        if drc not in have:
            return
        b = have[drc] // LMB
        rc, _ = self.run("echo offline > {0}/memory{1}/state; "
                         "echo online > {0}/memory{1}/state"
                         .format(SYSMEM, b))
        self.record("memory%d offline+online -> rc %d" % (b, rc))

    def drmgr_view(self):
        """What drmgr 1.3.10 reads to pick a core: the CPU DRCs in the
        order of /cpus/ibm,drc-indexes (QEMU writes them in its own
        order, not sorted), and each core's threads that drmgr sees with
        an online file reading 1. drmgr lists the logical CPUs from cpu0
        up to the first missing one (init_thread_info()); the boot CPU
        has no online file, which drmgr takes as offline."""
        out = self.g.run_ok(
            "od -An -tx1 -v /proc/device-tree/cpus/ibm,drc-indexes; "
            "echo ==; cd /sys/devices/system/cpu; n=0; "
            "while [ -d cpu$n ]; do read p < cpu$n/physical_id; o=-; "
            "[ ! -e cpu$n/online ] || read o < cpu$n/online; "
            "echo $p $o; n=$((n + 1)); done", timeout=180)
        raw, threads = out.split("==")
        b = bytes(int(x, 16) for x in raw.split())
        drcs = [int.from_bytes(b[4 * i:4 * i + 4], "big")
                for i in range(1, int.from_bytes(b[:4], "big") + 1)]
        order = [(d - self.hv.drc(0)) // self.hv.threads for d in drcs]
        online = {int(p) // self.hv.threads
                  for p, o in (line.split() for line in
                               threads.strip().splitlines()) if o == "1"}
        return order, online

    def drmgr_choice(self, args, before):
        """The core drmgr -c cpu -q 1 ends up with (None: it fails), by
        its own walk (get_next_available_cpu()): its list is the
        ibm,drc-indexes order reversed. A removal takes the first core
        in that list with a thread online, unless the guest has only one
        core (remove_cpus()); an add tries the last core in that list the
        guest does not own, then the one before while the kernel refuses
        (a DRC with no core in QEMU), so it gets the first core in DRC
        order that a removal let go."""
        order, online = self.drmgr_view()
        if "-r" in args:
            if len(before) < 2:
                return None
            return next((c for c in reversed(order)
                         if c in before and c in online), None)
        return next((c for c in order
                     if c not in before and c in self.released), None)

    def op_drmgr(self):
        """drmgr as an administrator runs it: a core by count (drmgr picks
        the core, the boot core included), or memory (which QEMU refuses
        to give up and has none free to add). What it did is read back
        and must be exactly what drmgr's choice makes it."""
        r = self.rng.random()
        before = self.present_cores()
        if r < 0.4:
            args = "-c cpu -r -q 1"
        elif r < 0.8:
            args = "-c cpu -a -q 1"
        else:
            args = self.rng.choice(("-c mem -r -q 1", "-c mem -a -q 1"))
        want = self.drmgr_choice(args, before) if "cpu" in args else None
        had_lmbs = set(self.assigned())
        rc, out = self.run("%s %s >/dev/null 2>&1; echo rc=$?" % (
            DRMGR, args), timeout=BOUND_S * 2)
        m = re.search(r"rc=(\d+)", out)
        rc = int(m.group(1)) if m else -1
        after = self.present_cores()
        gone, came = before - after, after - before
        self.record("drmgr %s -> exit %d, cores gone %s, came %s" % (
            args, rc, sorted(gone), sorted(came)))
        want = set() if want is None else {want}
        if "cpu -r" in args:
            self.released |= gone
            if came or gone != want or (rc == 0) != bool(want):
                raise Violation("drmgr", "%s: exit %d, cores gone %s, came "
                                "%s; drmgr's walk takes %s" % (
                                    args, rc, sorted(gone), sorted(came),
                                    sorted(want)))
        elif "cpu -a" in args:
            self.released -= came
            if gone or came != want or (rc == 0) != bool(want):
                raise Violation("drmgr", "%s: exit %d, cores came %s; "
                                "drmgr's walk takes %s" % (
                                    args, rc, sorted(came), sorted(want)))
        elif set(self.assigned()) != had_lmbs or gone or came:
            raise Violation("drmgr", "%s changed the partition" % args)
        self.settle()

    def op_migrate(self):
        """A partition migration (ibm,suspend-me; QEMU 7.2 suspends the
        guest and system_wakeup resumes it), now and then with a core
        added while the guest is suspended: the write must return 0 and
        the core come after the resume."""
        g = self.g
        em = g.event_mark()
        mark = klog_mark(g)
        write_migration(g, "0x1\n", background=True)
        if not g.wait_event("SUSPEND", BOUND_S, since=em):
            # Under TCG a joined CPU can leave H_JOIN when a timer
            # interrupt is pending, so ibm,suspend-me answers "threads
            # active" (-9005) on every attempt (QEMU's limit, listed in
            # Documentation/pseries-dlpar.rst): then the write must have
            # failed and the migration been given up, nothing else.
            rc = run_retry(g, "cat /tmp/mig.rc 2>/dev/null")[1].strip()
            k = klog_since(g, mark)
            if rc not in ("", "0") and "ibm,suspend-me error: -9005" in k:
                self.known["QEMU TCG: threads active on every suspend "
                           "attempt"] += 1
                self.record("migration -> rc %s: ibm,suspend-me -9005 on "
                            "every attempt (QEMU TCG's limit)" % rc)
                return
            raise Violation("migration", "QEMU never suspended the guest")
        added = None
        free = [c for c in range(1, MAX_CORES) if c not in self.cores]
        if free and self.core_adds_left and self.rng.random() < 0.5:
            self.core_adds_left -= 1
            added = self.rng.choice(free)
            add_core(g, added)
            self.cores.add(added)
            self.sent += 1
        g.qmp("system_wakeup")
        settle(g)
        deadline = time.monotonic() + BOUND_S
        while run_retry(g, "test -s /tmp/mig.rc")[0]:
            if time.monotonic() > deadline:
                raise Violation("migration", "the write did not return "
                                "in %d s after the resume" % BOUND_S)
            time.sleep(0.5)
        rc = int(g.run_ok("cat /tmp/mig.rc").strip())
        self.record("migration%s -> rc %d" % (
            ", core%d added while suspended" % added
            if added is not None else "", rc))
        if rc:
            raise Violation("migration", "the write failed: %s" %
                            g.run_ok("cat /tmp/mig.err").strip())
        if added is not None:
            # The event waited in the queue for the resume.
            self.wait_core(added, "added while suspended")

    # --- races: two things at once, as they happen on a partition ------

    def free_core(self):
        free = [c for c in range(1, MAX_CORES) if c not in self.cores]
        if not free or not self.core_adds_left:
            return None
        self.core_adds_left -= 1
        return self.rng.choice(free)

    def op_race_smt(self):
        """A hypervisor core add while SMT control changes: the new core
        must end with the threads the final SMT setting allows."""
        c = self.free_core() if self.hv.threads > 1 else None
        if c is None:
            return self.op_smt()
        v = self.rng.choice(("off", "on", "2", "4"))
        add_core(self.g, c)
        self.cores.add(c)
        self.sent += 1
        self.g.run_ok("echo %s > /sys/devices/system/cpu/smt/control" % v)
        self.smt = {"off": 1, "on": 4, "2": 2, "4": 4}[v]
        self.record("device_add core%d racing smt/control %s" % (c, v))
        self.wait_core(c, "racing smt/control")

    def op_race_offline(self):
        """A hypervisor core removal while userspace offlines one of the
        core's threads: the removal must complete."""
        cand = sorted(self.cores - {0} - self.released)
        if len(self.cores - self.released) < 2 or not cand:
            return self.op_core_add()
        c = self.rng.choice(cand)
        threads = [cpu for cpu, (core, on) in self.cpu_map().items()
                   if core == c and on]
        dev = "core%d" % c
        em = self.g.event_mark()
        self.g.qmp("device_del", id=dev)
        self.sent += 1
        rc = None
        if threads:
            rc, _ = self.run("echo 0 > /sys/devices/system/cpu/cpu%d/online"
                             % self.rng.choice(threads))
        ans = self.wait_answer(dev, em)
        self.record("device_del %s racing a thread's offline (rc %s) -> %s"
                    % (dev, rc, ans))
        if ans != "DEVICE_DELETED":
            raise Violation("core removal refused", "%s refused while a "
                            "thread went offline" % dev)
        self.cores.discard(c)
        self.settle()

    def op_race_mem_offline(self):
        """A hypervisor DIMM removal while userspace offlines one of its
        blocks: the removal must complete (nothing is pinned)."""
        if not self.dimms:
            return self.op_dimm_add()
        name = self.rng.choice(sorted(self.dimms))
        have = self.assigned()
        drc = self.rng.choice(self.dimms[name][2])
        em, mark = self.g.event_mark(), klog_mark(self.g)
        self.g.qmp("device_del", id=name)
        self.sent += 1
        rc = None
        if drc in have:
            try:
                rc, _ = self.run("echo offline > %s/memory%d/state"
                                 % (SYSMEM, have[drc] // LMB))
            except GuestError:
                # The kernel's own lockdep report on this race (see
                # known_kernel_lockdep()) can break into the shell's
                # answer; check() finds the report. The removal goes on.
                rc = "lost"
                settle(self.g)
        ans = self.wait_answer(name, em)
        kept = ans != "DEVICE_DELETED" and self.kernel_kept(name, mark)
        self.record("device_del %s racing a block's offline (rc %s) -> %s%s"
                    % (name, rc, ans, " (the kernel's own unmovable page)"
                       if kept else ""))
        if kept:
            # The guest kept the DIMM; the block userspace took offline
            # before the request is userspace's to put back.
            self.kernel_refused += 1
            if rc != 1:
                self.run("echo online > %s/memory%d/state"
                         % (SYSMEM, have[drc] // LMB))
            return
        if ans != "DEVICE_DELETED":
            raise Violation("removal refused", "%s refused while a block "
                            "went offline, nothing held" % name)
        del self.dimms[name]
        self.g.qmp("object-del", id="mem-" + name)

    def op_race_reload(self):
        """A hypervisor core add while the module unloads and loads
        again: the module or the built-in code takes it, but it must be
        taken. Which one is a race, so the event counter starts again
        from what the new module counted."""
        if not self.module:
            return self.op_core_add()
        c = self.free_core()
        if c is None:
            return self.op_reload()
        add_core(self.g, c)
        self.cores.add(c)
        # rmmod answers EAGAIN while a sysfs writer holds the module.
        self.g.run_ok("rmmod pseries_dlpar || { sleep 1; rmmod "
                      "pseries_dlpar; }; insmod %s" % MOD)
        self.record("device_add core%d racing rmmod + insmod" % c)
        self.wait_core(c, "racing a module reload")
        self.sent = stats(self.g).get("events", 0)

    def op_reload(self):
        if not self.module:
            return
        self.g.run_ok("rmmod pseries_dlpar")
        self.g.run_ok("insmod %s" % MOD)
        self.sent = 0
        self.record("rmmod + insmod pseries_dlpar")

    def known_report(self, what):
        """The kernel's own report (known_kernel_lockdep()): noted, the
        console quietened again, and the soak goes on (lockdep is off for
        the rest of this boot)."""
        self.known[what] += 1
        self.lockdep_off = True
        self.record("KERNEL (known, not ours) %s; lockdep off for the rest "
                    "of this boot" % what, op=False)
        print("# soak: the kernel's own %s" % what, flush=True)
        settle(self.g)
        self.g.run_ok(QUIET_CONSOLE)
        self.mark = klog_mark(self.g)

    # --- checks --------------------------------------------------------

    def settle(self):
        """Give SMT control and onlining a moment to finish."""
        time.sleep(0.3)

    def check(self):
        g = self.g
        if not g.alive():
            raise Violation("guest died", "QEMU exited")
        qc = self.qemu_cores()
        if qc != self.cores:
            raise Violation("QEMU cores", "QEMU has %s, model %s" % (
                sorted(qc), sorted(self.cores)))
        pc = self.present_cores()
        want = self.cores - self.released
        if pc != want:
            raise Violation("guest cores", "device tree has cores %s, "
                            "want %s (released %s)" % (
                                sorted(pc), sorted(want),
                                sorted(self.released)))
        cmap = self.cpu_map()
        for c in sorted(pc):
            n = sum(1 for core, on in cmap.values() if core == c and on)
            if n != self.smt:
                raise Violation("SMT threads", "core %d has %d threads "
                                "online, SMT control allows %d" % (
                                    c, n, self.smt))
        qd = self.qemu_dimms()
        if qd != set(self.dimms):
            raise Violation("QEMU DIMMs", "QEMU has %s, model %s" % (
                sorted(qd), sorted(self.dimms)))
        table = lmbs(g)
        have = {d: base for d, (base, f) in table.items()
                if f & ASSIGNED and not f & DRC_INVALID}
        want_lmbs = {d for v in self.dimms.values() for d in v[2]}
        hot = set(have) - self.boot_lmbs
        if hot != want_lmbs:
            raise Violation("LMBs", "assigned hot-added LMBs %s, DIMMs "
                            "hold %s" % (sorted(hot), sorted(want_lmbs)))
        # Every LMB's whole flags word: as at boot, with "assigned" added
        # for the DIMMs' LMBs (QEMU gave those 0: not reserved, DRC valid).
        flags = {d: f for d, (_, f) in table.items()}
        want_flags = {d: f | (ASSIGNED if d in want_lmbs else 0)
                      for d, f in self.boot_flags.items()}
        if flags != want_flags:
            diff = sorted("%#x: %#x, want %#x" % (d, flags.get(d, -1),
                                                  want_flags.get(d, -1))
                          for d in set(flags) | set(want_flags)
                          if flags.get(d) != want_flags.get(d))
            raise Violation("LMB flags", "ibm,dynamic-memory flags: %s"
                            % ", ".join(diff[:8]))
        # Each hot-added block online, on its DIMM's node (the kernel
        # reads the node from the LMB's associativity index). The shell's
        # read and glob, no fork per block (see cpu_map()).
        node_of = {have[d] // LMB: v[1] for v in self.dimms.values()
                   for d in v[2]}
        if node_of:
            out = g.run_ok("cd %s; for b in %s; do s=gone; [ ! -e "
                           "memory$b/state ] || read s < memory$b/state; "
                           "set -- memory$b/node*; echo $b $s ${1#*/}; "
                           "done" % (SYSMEM, " ".join(map(str, node_of))))
            seen = {int(b): (st, nd) for b, st, nd in
                    (line.split() for line in out.strip().splitlines())}
            off = sorted(b for b in node_of
                         if seen.get(b, ("", ""))[0] != "online")
            if off:
                raise Violation("blocks online", "hot-added blocks %s not "
                                "online: %s" % (off, seen))
            wrong = sorted(b for b in node_of
                           if seen[b][1] != "node%d" % node_of[b])
            if wrong:
                raise Violation("NUMA node", "blocks %s: %s, their DIMMs' "
                                "nodes %s" % (
                                    wrong, [seen[b][1] for b in wrong],
                                    [node_of[b] for b in wrong]))
        grown = self.mem_total() - self.boot_mem
        held = sum(v[0] for v in self.dimms.values())
        # The memmap of hot-added memory may live on it (memmap_on_memory)
        # and is then not counted: allow 2 %.
        if not held * 0.98 <= grown <= held:
            raise Violation("MemTotal", "MemTotal grew by %d MiB since boot,"
                            " QEMU's DIMMs hold %d MiB" % (grown >> 20,
                                                           held >> 20))
        k = klog_since(g, self.mark)
        bad = [line for line in k.splitlines()
               if any(b in line for b in BAD_LOG)]
        if bad:
            self.mark = klog_mark(g)
            if known_kernel_lockdep(k):
                raise KnownKernel("lockdep: kn->active vs mem_hotplug_lock")
            raise Violation("kernel log", "\n".join(bad[:10]))
        if self.module:
            s = stats(g)
            if s.get("events_dropped") or s.get("events_rejected"):
                raise Violation("counters", "dropped %s, rejected %s" % (
                    s.get("events_dropped"), s.get("events_rejected")))
            if s.get("events") != self.sent:
                raise Violation("counters", "events %s, QEMU sent %d" % (
                    s.get("events"), self.sent))
            # Every event ran as a request (none is handed back here:
            # the soak sends CPU and memory events only). A request is
            # counted when it has ended, which may be just after what
            # the operation waited for (QEMU's DEVICE_DELETED comes at
            # its last RTAS call): give it a moment.
            deadline = time.monotonic() + 30
            while True:
                ran = s.get("requests_hypervisor", 0) + \
                    s.get("events_handed_back", 0) + \
                    s.get("events_rejected", 0) + \
                    s.get("events_dropped", 0)
                if s.get("events") == ran or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
                s = stats(g)
            if s.get("events") != ran:
                raise Violation("counters", "events %s, but requests_"
                                "hypervisor + handed back + rejected + "
                                "dropped %d: %s" % (s.get("events"), ran, s))

    def save(self, v):
        if self.saved or os.path.exists(os.path.join(self.logdir,
                                                      "failure.txt")):
            return
        self.saved = True
        os.makedirs(self.logdir, exist_ok=True)
        with open(os.path.join(self.logdir, "failure.txt"), "w") as f:
            f.write("violation: %s\n\nlast operations:\n" % v)
            f.write("\n".join(self.ops) + "\n\nmodel: %s\n" % json.dumps({
                "cores": sorted(self.cores),
                "released": sorted(self.released),
                "dimms": {k: v[2] for k, v in self.dimms.items()},
                "smt": self.smt}))
            try:
                f.write("\nQEMU cores %s\nQEMU DIMMs %s\n" % (
                    sorted(self.qemu_cores()), sorted(self.qemu_dimms())))
                f.write("\nguest:\n" + self.g.run_ok(
                    "cat /sys/devices/system/cpu/present "
                    "/sys/devices/system/cpu/online; ls /proc/device-tree/"
                    "cpus; cat %s 2>/dev/null; dmesg | tail -n 200" % STATS,
                    timeout=120))
            except Exception as e:
                f.write("\n(guest state not read: %s)\n" % e)

    def step(self, phase, op=None):
        mix = {"mem": MIX_MEM, "cpu": MIX_CPU, "lpm": MIX_LPM}[phase]
        ops, weights = zip(*mix)
        if op is None:
            op = self.rng.choices(ops, weights)[0]
        if not self.module and op in ("dimm_del_pinned", "reload"):
            op = "dimm_del" if op == "dimm_del_pinned" else "smt"
        try:
            log_at = os.path.getsize(self.g.log_path)
        except OSError:
            log_at = 0
        try:
            getattr(self, "op_" + OPS[op][0])(*OPS[op][1])
            self.check()
        except Violation as v:
            self.violations[v.kind] += 1
            self.record("VIOLATION %s" % v, op=False)
            print("# soak: %s" % v, flush=True)
            self.save(v)
            return v.kind != "guest died"
        except KnownKernel as e:
            self.known_report(str(e))
            return True
        except GuestError as e:
            # A lockdep report switches the console to verbose, and its
            # lines can break into the shell's answer: if the console got
            # the known report during this step, that is what happened.
            try:
                with open(self.g.log_path, "rb") as f:
                    f.seek(log_at)
                    known = known_kernel_lockdep(
                        f.read().decode(errors="replace"))
            except OSError:
                known = False
            if known:
                self.known_report("lockdep: kn->active vs mem_hotplug_lock "
                                  "(its lines broke into the console)")
                return True
            self.violations["guest error"] += 1
            self.record("GUEST ERROR %s" % e, op=False)
            print("# soak: guest error: %s" % e, flush=True)
            self.save(e)
            return False
        return True


OPS = {
    "core_add": ("core_add", ()),
    "core_del": ("core_del", ()),
    "core_del_twice": ("core_del", (True,)),
    "dimm_add": ("dimm_add", ()),
    "dimm_del": ("dimm_del", ()),
    "dimm_del_pinned": ("dimm_del", (True,)),
    "sysfs_cpu": ("sysfs_cpu", ()),
    "sysfs_mem": ("sysfs_mem", ()),
    "smt": ("smt", ()),
    "cpu_online": ("cpu_online", ()),
    "mem_state": ("mem_state", ()),
    "reload": ("reload", ()),
    "drmgr": ("drmgr", ()),
    "migrate": ("migrate", ()),
    "race_smt": ("race_smt", ()),
    "race_offline": ("race_offline", ()),
    "race_mem_offline": ("race_mem_offline", ()),
    "race_reload": ("race_reload", ()),
}
# race_mem_offline is not drawn: it ends the memory phase of every other
# boot (see soak_round()).
MIX_MEM = [("dimm_add", 5), ("dimm_del", 4), ("dimm_del_pinned", 2),
           ("sysfs_mem", 4), ("mem_state", 2),
           ("core_add", 1), ("race_reload", 1), ("smt", 1),
           ("cpu_online", 1), ("reload", 1)]
# No DIMM add or removal once a core's removal has completed: QEMU 10.0
# aborts on either (measured 2026-12-04: a pc-dimm device_add then fails
# qemu_mutex_lock_impl's "mutex->initialized" assertion).
MIX_CPU = [("core_add", 5), ("core_del", 4), ("core_del_twice", 1),
           ("race_smt", 2), ("race_offline", 2), ("race_reload", 1),
           ("sysfs_cpu", 5), ("drmgr", 2), ("smt", 3), ("cpu_online", 2),
           ("sysfs_mem", 1), ("mem_state", 1), ("reload", 1)]
# QEMU 7.2: one thread per core, suspend works; no DIMM either (7.2
# aborts on a pc-dimm device_del after a core's removal too).
MIX_LPM = [("migrate", 4), ("core_add", 3), ("core_del", 3),
           ("race_offline", 1), ("sysfs_cpu", 3), ("drmgr", 1),
           ("cpu_online", 1), ("sysfs_mem", 1), ("reload", 1)]


def soak_round(kernel, initrd, end, rng, module, logdir, n, total, hv,
               phases):
    """One guest boot: ROUND_OPS operations of each phase in turn, or
    until the monotonic clock passes end. Returns False once a violation
    leaves nothing to go on with (the guest died)."""
    log = os.path.join(logdir, "guest-soak-%s-%d.log" % (
        "module" if module else "mainline", n))
    if os.path.exists(log):
        os.remove(log)
    # SLOF, as libvirt boots a pseries guest: the tests boot VOF for
    # speed (pdlpar_qemu.FIRMWARES); the soak runs for a set time anyway.
    g = Guest(kernel, initrd, hv=hv, smp=hv.smp(1, MAX_CORES),
              mem=MEM, extra_args=numa_args(hv), log_path=log,
              firmware="slof")
    try:
        g.run_ok(QUIET_CONSOLE)
        g.run_ok("echo 30 > /proc/sys/kernel/hung_task_timeout_secs "
                 "2>/dev/null; true")
        if module:
            g.run_ok("insmod %s" % MOD)
        s = Soak(g, rng, module, logdir)
        s.count, s.violations = total.count, total.violations
        s.ops, s.known = total.ops, total.known
        s.kernel_refused = total.kernel_refused
        s.boot_lmbs = set(s.assigned())
        s.boot_flags = {d: f for d, (_, f) in lmbs(g).items()}
        s.boot_mem = s.mem_total()
        s.mark = klog_mark(g)
        alive = True
        for phase in phases:
            for _ in range(ROUND_OPS[phase]):
                if not alive or time.monotonic() >= end:
                    break
                alive = s.step(phase)
                total.by_phase[phase] += 1
            # A DIMM removal against a userspace offline of one of its
            # blocks, last in the memory phase of every other boot: it
            # often brings the kernel's own lockdep report (see
            # known_kernel_lockdep()), after which lockdep is off for the
            # boot; the other boots keep it for their CPU phase.
            if phase == "mem" and n % 2 and alive and \
                    time.monotonic() < end:
                alive = s.step(phase, "race_mem_offline")
                total.by_phase[phase] += 1
        if alive and module:
            rc, out = g.run("echo scan > /sys/kernel/debug/kmemleak; "
                            "sleep 6; echo scan > /sys/kernel/debug/kmemleak;"
                            " cat /sys/kernel/debug/kmemleak", timeout=180)
            if "pseries_dlpar" in out:
                s.violations["kmemleak"] += 1
                s.record("VIOLATION kmemleak: %s" % out[:500], op=False)
                s.save("kmemleak")
        total.count = s.count
        total.kernel_refused = s.kernel_refused
        return alive
    finally:
        g.shutdown()


def soak(kernel, initrd, minutes, seed, module, logdir):
    """Rounds in fresh guests until the time is up (QEMU's core add
    budget, see Soak.core_adds_left): first QEMU 10.0 with SMT4, the
    memory then the CPU phase in each boot; for the last LPM_SHARE of the
    time QEMU 7.2 (where suspend works) with migrations among CPU
    operations. Each part draws from its own stream of the seed, so it
    replays the same operations whatever the other did."""
    os.makedirs(logdir, exist_ok=True)
    for f in ("ops.txt", "failure.txt"):
        if os.path.exists(os.path.join(logdir, f)):
            os.remove(os.path.join(logdir, f))
    kernel, initrd = os.path.abspath(kernel), os.path.abspath(initrd)
    total = type("Total", (), {"count": 0, "rounds": 0,
                               "violations": collections.Counter(),
                               "by_phase": collections.Counter(),
                               "known": collections.Counter(),
                               "kernel_refused": 0,
                               "ops": collections.deque(maxlen=100)})()
    t0 = time.monotonic()
    parts = ((QEMU10, ("mem", "cpu"), t0 + minutes * 60 * (1 - LPM_SHARE),
              random.Random("%d-smt" % seed)),
             (QEMU72, ("lpm",), t0 + minutes * 60,
              random.Random("%d-lpm" % seed)))
    for hv, phases, end, rng in parts:
        while time.monotonic() < end:
            total.rounds += 1
            if not soak_round(kernel, initrd, end, rng, module, logdir,
                              total.rounds, total, hv, phases):
                return total
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--minutes", type=float,
                    default=float(os.environ.get("SOAK_MINUTES", 60)))
    ap.add_argument("--seed", type=int,
                    default=int(os.environ.get("SOAK_SEED") or
                                time.strftime("%Y%m%d")))
    ap.add_argument("--mainline", action="store_true",
                    help="the same soak with the module unloaded")
    ap.add_argument("--logdir", default="out/soak")
    ap.add_argument("--results", default=None)
    a = ap.parse_args()
    print("# soak: seed %d, %.1f minutes, %s" % (
        a.seed, a.minutes, "mainline" if a.mainline else "module"),
        flush=True)
    try:
        s = soak(a.kernel, a.initrd, a.minutes, a.seed, not a.mainline,
                 a.logdir)
    except Exception as e:
        # A guest that does not boot, a QEMU that will not start: the
        # soak did not run, which is a failure too.
        if a.results:
            Results(a.results).record(
                "soak (%s, seed %d): ran" % (
                    "mainline" if a.mainline else "module", a.seed),
                False, "%s: %s" % (type(e).__name__, e))
        raise
    total = sum(s.violations.values())
    print("# soak: %d operations in %d guest boots (%s), %d violations%s"
          % (s.count, s.rounds, ", ".join(
              "%s %d" % kv for kv in sorted(s.by_phase.items())), total,
             "".join("; %s %d" % kv for kv in
                     sorted(s.violations.items()))), flush=True)
    if s.kernel_refused:
        print("# soak: %d DIMM removals refused (and reported) because the "
              "kernel had an unmovable page in them" % s.kernel_refused,
              flush=True)
    for k, n in sorted(s.known.items()):
        print("# soak: the kernel's own (not ours, mainline's path too): "
              "%s, %d" % (k, n), flush=True)
    if a.results:
        res = Results(a.results)
        res.record("soak (%s, seed %d, %.0f min, %d operations): no "
                   "invariant violated" % (
                       "mainline" if a.mainline else "module", a.seed,
                       a.minutes, s.count), total == 0,
                   open(os.path.join(a.logdir, "failure.txt")).read()
                   if total else "")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
