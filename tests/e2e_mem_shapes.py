# SPDX-License-Identifier: GPL-2.0
"""End-to-end memory DLPAR in the partition shapes users run (issue 12):
two NUMA nodes, hot-added memory kept in ZONE_MOVABLE, the radix MMU with
the memmap on the hot-added memory, and a 300 GiB DIMM.

Called from run_tests.py as ``e2e_mem_shapes.run(res, kernel, initrd,
logdir)`` (part "shapes", in make check) and with only={"big"} (part
"big", in make check on the Linux 7.3 kernel: job big-7.3). Each shape
is one guest boot with the module loaded (tests) and, but for the big DIMM, one without it, where mainline's
built-in code answers (side-by-side notes). The big DIMM takes minutes per
step under TCG on either side: ``e2e_mem_shapes.py --shapes=big`` runs the
module's side, ``--mainline-big`` mainline's (times in
Documentation/side-by-side.md).

The hypervisor is QEMU 10.0's pseries machine; DIMMs come and go over QMP.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pdlpar_qemu import QEMU10, Guest  # noqa: E402
from run_tests import (  # noqa: E402
    MOD, QUIET_CONSOLE, add_core, check, core_online, e2e_main,
    klog_mark, klog_since, ours, side_by_side, wait_for)
from e2e_mem import (  # noqa: E402
    HOLD, LMB, MB, assigned, refused_change_nothing)

GB = 1024 * MB
SYSMEM = "/sys/devices/system/memory"
BAD_LOG = ("Oops", "BUG:", "WARNING:", "Unable to handle", "Call Trace",
           "OF: ERROR", "refcount_t:", "blocked for more than")


class Ctx:
    def __init__(self, g, module, res):
        self.g = g
        self.module = module
        self.res = res
        self.dimms = 0
        self.dimm = {}      # name -> sorted DRC indexes
        self.base = {}      # DRC index -> base address

    def note(self, text):
        self.res.note("shapes %s: %s" % (
            "module" if self.module else "mainline", text))


def blocks_of(ctx, drcs):
    """Memory block numbers of these LMBs (LMB = one 256 MiB block)."""
    return [ctx.base[d] // LMB for d in drcs]


def dimm_add(ctx, size, node=None, timeout=60, name=None):
    """object-add + device_add; waits until every LMB of the DIMM is
    assigned in ibm,dynamic-memory and its block online. Returns (name,
    DRCs, seconds)."""
    g = ctx.g
    ctx.dimms += 1
    name = name or "dimm%d" % ctx.dimms
    mem = "mem-%s" % name
    before = set(assigned(g))
    g.qmp("object-add", {"qom-type": "memory-backend-ram", "id": mem,
                         "size": size, "reserve": False})
    n = size // LMB
    args = {"driver": "pc-dimm", "id": name, "memdev": mem}
    if node is not None:
        args["node"] = node
    t0 = time.monotonic()
    g.qmp("device_add", args)

    def done():
        have = assigned(g)
        new = set(have) - before
        if len(new) != n:
            return False
        ctx.base.update({d: have[d] for d in new})
        return count_online(g, blocks_of(ctx, new)) == n
    wait_for(g, "%d LMBs of %s assigned and online" % (n, name), done,
             timeout)
    secs = time.monotonic() - t0
    drcs = sorted(set(assigned(g)) - before)
    ctx.dimm[name] = drcs
    return name, drcs, secs


def count_online(g, blocks):
    """How many of these memory blocks exist and are online."""
    if len(blocks) > 64:
        # One grep instead of a cat per block; blocks is a whole range.
        lo, hi = min(blocks), max(blocks)
        out = g.run_ok("cd %s; for m in memory*; do n=${m#memory};"
                       " [ $n -ge %d ] && [ $n -le %d ] && echo $m/state;"
                       " done | xargs cat | grep -c '^online$'; true"
                       % (SYSMEM, lo, hi), timeout=300)
        return int(out.split()[-1])
    out = g.run_ok("for b in %s; do cat %s/memory$b/state 2>/dev/null;"
                   " done; true" % (" ".join(map(str, blocks)), SYSMEM))
    return out.split().count("online")


def dimm_del(ctx, name, timeout=30):
    """device_del; waits for DEVICE_DELETED. Returns seconds."""
    g = ctx.g
    em, mark = g.event_mark(), klog_mark(g)
    t0 = time.monotonic()
    g.qmp("device_del", id=name)
    ev = g.wait_event("DEVICE_DELETED", timeout, since=em,
                      match=lambda e: e.get("data", {}).get("device") == name)
    secs = time.monotonic() - t0
    check(ev, "no DEVICE_DELETED for %s in %d s; events %s; log:\n%s" % (
        name, timeout, [e["event"] for e in g.events_since(em)],
        klog_since(g, mark)[-2000:]))
    drcs = ctx.dimm.pop(name)
    left = set(drcs) & set(assigned(g))
    check(not left, "%s deleted, but %d of its LMBs still assigned"
          % (name, len(left)))
    return secs


def dimm_del_refused(ctx, name, timeout=30):
    """device_del that the guest must refuse and report: QEMU's
    DEVICE_UNPLUG_GUEST_ERROR for the DIMM, no DEVICE_DELETED, every LMB
    still assigned and online. Returns (seconds, kernel log)."""
    g = ctx.g
    drcs = ctx.dimm[name]
    em, mark = g.event_mark(), klog_mark(g)
    t0 = time.monotonic()
    g.qmp("device_del", id=name)
    ev = g.wait_event(
        "DEVICE_UNPLUG_GUEST_ERROR", timeout, since=em,
        match=lambda e: e.get("data", {}).get("device") == name)
    secs = time.monotonic() - t0
    k = klog_since(g, mark)
    check(ev, "QEMU was not told of the failed removal (no "
          "DEVICE_UNPLUG_GUEST_ERROR for %s in %d s); events %s; log:\n%s"
          % (name, timeout, [e["event"] for e in g.events_since(em)],
             k[-2000:]))
    time.sleep(0.5)
    check(not g.events_since(em, "DEVICE_DELETED"),
          "refused, yet QEMU deleted %s" % name)
    have = assigned(g)
    lost = [d for d in drcs if d not in have]
    check(not lost, "%d LMBs of %s lost (first 0x%x)" % (
        len(lost), name, lost[0] if lost else 0))
    on = count_online(g, blocks_of(ctx, drcs))
    check(on == len(drcs), "%d of %d blocks of %s online after the refusal"
          % (on, len(drcs), name))
    if ctx.module:
        wait_result(ctx, r'hypervisor request "memory remove indexed-count '
                    r'%d 0x%x" failed: -16' % (len(drcs), drcs[0]))
    return secs, k


def hold(ctx, drc):
    """Pin the first 64 KiB page of this LMB (tests/modules/pdlpar_memhold)."""
    ctx.g.run_ok("insmod %s base=%#x size=0x10000" % (HOLD, ctx.base[drc]))


def unhold(ctx):
    ctx.g.run("rmmod pdlpar_memhold")


def wait_result(ctx, regex, timeout=60):
    """Wait for the module's result line matching regex. The whole log
    is searched: a request over a big DIMM logs a line per LMB, which can
    push a klog_mark() marker out of the ring."""
    g = ctx.g
    cmd = "dmesg | grep -a 'pseries_dlpar: hypervisor request' | tail -n 20"
    wait_for(g, "result line %r" % regex,
             lambda: re.search(regex, g.run_ok(cmd)), timeout)


def result_line(ctx, mark, action, drcs, timeout=60):
    if not ctx.module:
        check(not ours(klog_since(ctx.g, mark)), "our module answered")
        return
    wait_result(ctx, r'hypervisor request "memory %s indexed-count %d '
                r'0x%x" done' % (action, len(drcs), drcs[0]), timeout)


def t_klog_clean(ctx):
    out = ctx.g.run_ok("dmesg", timeout=120)
    bad = [line for line in out.splitlines()
           if any(b in line for b in BAD_LOG)]
    check(not bad, "kernel log:\n" + "\n".join(bad[:40]))


def boot(kernel, initrd, logdir, res, shape, impl, **kw):
    log = os.path.join(logdir, "guest-e2e-shapes-%s-%s.log" % (shape, impl))
    if os.path.exists(log):
        os.remove(log)
    g = Guest(kernel, initrd, hv=QEMU10, log_path=log, **kw)
    try:
        g.run_ok(QUIET_CONSOLE)
        if impl == "module":
            mark = klog_mark(g)
            g.run_ok("insmod %s" % MOD)
            k = klog_since(g, mark)
            check("LMBs of 256 MiB" in k,
                  "module did not take memory over:\n" + k)
        return Ctx(g, impl == "module", res)
    except BaseException:
        g.shutdown()
        raise


# --- 1. two NUMA nodes -------------------------------------------------------

NUMA_MEM = "3G,slots=4,maxmem=8G"
NUMA_ARGS = [
    "-object", "memory-backend-ram,id=ram0,size=2G",
    "-numa", "node,nodeid=0,memdev=ram0,cpus=0-3",
    "-object", "memory-backend-ram,id=ram1,size=1G",
    "-numa", "node,nodeid=1,memdev=ram1,cpus=4-7",
]


def node_blocks(g, node):
    out = g.run_ok("ls /sys/devices/system/node/node%d" % node)
    return {int(m) for m in re.findall(r"\bmemory(\d+)\b", out)}


def t_numa_boot(ctx):
    g = ctx.g
    on = g.run_ok("cat /sys/devices/system/node/online").strip()
    check(on == "0-1", "nodes online: %r" % on)
    n1 = node_blocks(g, 1)
    check(n1 == set(range(8, 12)), "node 1's boot blocks %s, want 8-11 "
          "(2-3 GiB)" % sorted(n1))
    check(set(range(0, 8)) <= node_blocks(g, 0), "node 0 lacks 0-2 GiB")


def t_numa_add(ctx):
    """A DIMM on node 1 and one on node 0: every block on its DIMM's node."""
    g = ctx.g
    for node, size in ((1, 512 * MB), (0, 256 * MB)):
        mark = klog_mark(g)
        name, drcs, _ = dimm_add(ctx, size, node=node,
                                 name="dimm-node%d" % node)
        result_line(ctx, mark, "add", drcs)
        blocks = set(blocks_of(ctx, drcs))
        on = {n: node_blocks(g, n) & blocks for n in (0, 1)}
        check(on[node] == blocks and not on[1 - node],
              "%s (node %d): blocks %s; node0 has %s, node1 has %s" % (
                  name, node, sorted(blocks), sorted(on[0]), sorted(on[1])))


def t_numa_remove(ctx):
    """Both DIMMs removed by the hypervisor; their blocks leave the nodes."""
    g = ctx.g
    for node in (1, 0):
        name = "dimm-node%d" % node
        check(name in ctx.dimm, "%s was not added" % name)
        blocks = set(blocks_of(ctx, ctx.dimm[name]))
        drcs = ctx.dimm[name]
        mark = klog_mark(g)
        dimm_del(ctx, name)
        result_line(ctx, mark, "remove", drcs)
        left = (node_blocks(g, 0) | node_blocks(g, 1)) & blocks
        check(not left, "%s deleted, node still lists memory%s"
              % (name, sorted(left)))


def t_numa_core(ctx):
    """A core hot-added on node 1 has its threads on node 1 (the node's
    cpulist; the cpuN links under /sys/devices/system/node stay where
    boot put every possible CPU, node 0, with or without the module)."""
    g = ctx.g
    add_core(g, 1)
    wait_for(g, "core 1 online", lambda: core_online(g, 1))
    lists = g.run_ok("cat /sys/devices/system/node/node0/cpulist"
                     " /sys/devices/system/node/node1/cpulist").split()
    check(lists == ["0-3", "4-7"], "node cpulists %s, want 0-3 and 4-7"
          % lists)
    link = g.run_ok("ls -d /sys/devices/system/node/node*/cpu4").strip()
    ctx.note("numa: after the core add, cpu4 is linked under %s" % link)


NUMA_TESTS = [
    ("two NUMA nodes: both online, node 1 holds 2-3 GiB at boot",
     t_numa_boot, True),
    ("two NUMA nodes: DIMMs on node 1 and node 0 are added, every block "
     "on its DIMM's node", t_numa_add, True),
    ("two NUMA nodes: the hypervisor removes both DIMMs (DEVICE_DELETED), "
     "their blocks leave the nodes", t_numa_remove, True),
    ("two NUMA nodes: a core hot-added on node 1 has its threads there",
     t_numa_core, True),
    ("two NUMA nodes: kernel log clean", t_klog_clean, True),
]


# --- 2. zones kept -------------------------------------------------------------

ZONES_APPEND = "movable_node memhp_default_state=online_movable"


def zones(ctx, drcs):
    out = ctx.g.run_ok("for b in %s; do echo $b $(cat %s/memory$b/"
                       "valid_zones 2>/dev/null || echo gone); done"
                       % (" ".join(map(str, blocks_of(ctx, drcs))), SYSMEM))
    return dict(line.split(None, 1) for line in out.strip().splitlines())


def set_zones(ctx, want):
    """Offline and online blocks until each is in the zone named."""
    cmd = {"Movable": "online_movable", "Normal": "online_kernel"}
    for blk, zone in want.items():
        if zones(ctx, [d for d in ctx.zdrcs
                       if ctx.base[d] // LMB == int(blk)])[blk] != zone:
            ctx.g.run_ok("echo offline > {0}/memory{1}/state; echo {2} >"
                         " {0}/memory{1}/state".format(SYSMEM, blk,
                                                       cmd[zone]))
    got = zones(ctx, ctx.zdrcs)
    check(got == want, "cannot put the zones back: %s" % got)


def zones_kept(ctx, what):
    got = zones(ctx, ctx.zdrcs)
    check(got == ctx.zones, "%s: valid_zones %s, were %s" % (
        what, got, ctx.zones))


def t_zones_add(ctx):
    """A 1 GiB DIMM goes to ZONE_MOVABLE (movable_node and
    memhp_default_state=online_movable); its last block is then moved to
    ZONE_NORMAL by hand, so the DIMM spans both zones."""
    g = ctx.g
    auto = g.run_ok("cat %s/auto_online_blocks" % SYSMEM).strip()
    check(auto == "online_movable", "auto_online_blocks %r" % auto)
    mark = klog_mark(g)
    name, drcs, _ = dimm_add(ctx, GB, name="dimm-zones")
    result_line(ctx, mark, "add", drcs)
    ctx.zdimm, ctx.zdrcs = name, drcs
    z = zones(ctx, drcs)
    check(list(z.values()) == ["Movable"] * 4, "valid_zones %s" % z)
    last = blocks_of(ctx, drcs)[-1]
    g.run_ok("echo offline > {0}/memory{1}/state;"
             " echo online_kernel > {0}/memory{1}/state".format(SYSMEM, last))
    ctx.zones = zones(ctx, drcs)
    check(list(ctx.zones.values()) == ["Movable"] * 3 + ["Normal"],
          "valid_zones after online_kernel of memory%d: %s"
          % (last, ctx.zones))


def t_zones_sysfs_refused(ctx):
    """"memory remove count 2" takes the DIMM's two highest LMBs (one
    Normal, one Movable); QEMU refuses to isolate them; every block is
    back in the zone it was in."""
    check(hasattr(ctx, "zones"), "no DIMM added")
    refused_change_nothing(ctx, "memory remove count 2",
                           "Input/output error")
    zones_kept(ctx, "after the refused memory remove count 2")


def t_zones_busy(ctx):
    """A page of the DIMM's last (Normal) LMB is pinned: the hypervisor's
    removal offlines the three Movable LMBs, fails on the last, and must
    put those three back in ZONE_MOVABLE."""
    check(hasattr(ctx, "zones"), "no DIMM added")
    if zones(ctx, ctx.zdrcs) != ctx.zones:
        # An earlier test left the zones wrong. Put them back: a page
        # pinned in ZONE_MOVABLE makes offline_pages() loop for ever
        # (it takes every page there for movable), not fail.
        set_zones(ctx, ctx.zones)
    hold(ctx, ctx.zdrcs[-1])
    try:
        dimm_del_refused(ctx, ctx.zdimm)
        zones_kept(ctx, "after the refused device_del")
    finally:
        unhold(ctx)


def t_zones_remove(ctx):
    check(hasattr(ctx, "zones"), "no DIMM added")
    mark = klog_mark(ctx.g)
    dimm_del(ctx, ctx.zdimm)
    result_line(ctx, mark, "remove", ctx.zdrcs)
    z = zones(ctx, ctx.zdrcs)
    check(set(z.values()) == {"gone"}, "blocks left: %s" % z)


PARAM_TIMEOUT = "/sys/module/pseries_dlpar/parameters/hyp_offline_timeout"


def t_zones_movable_pinned(ctx):
    """A page pinned in a ZONE_MOVABLE LMB of a new DIMM: the kernel's
    offline_pages() takes every page there for movable and retries until
    the offlining task has a fatal signal. The module's event thread gets
    SIGKILL after hyp_offline_timeout (5 s here): the removal is refused
    and reported, every block is back in ZONE_MOVABLE, and once the page
    is free the next device_del completes. Mainline's workqueue worker
    gets no signal: its removal runs as long as the page is held, and
    QEMU hears nothing."""
    g = ctx.g
    if ctx.module:
        g.run_ok("echo 5 > %s" % PARAM_TIMEOUT)
    name, drcs, _ = dimm_add(ctx, GB, name="dimm-pinned")
    z = zones(ctx, drcs)
    check(list(z.values()) == ["Movable"] * 4, "valid_zones %s" % z)
    hold(ctx, drcs[0])
    try:
        if ctx.module:
            _, k = dimm_del_refused(ctx, name, timeout=60)
            check(re.search(r"block at 0x%x not offline after 5 s"
                            % ctx.base[drcs[0]], k),
                  "no line naming the block that would not go:\n" + k)
            zones_kept_for(ctx, drcs, z, "after the refused device_del")
        else:
            em = g.event_mark()
            g.qmp("device_del", id=name)
            ev = g.wait_event(
                "DEVICE_UNPLUG_GUEST_ERROR", 30, since=em,
                match=lambda e: e.get("data", {}).get("device") == name)
            check(ev and not g.events_since(em, "DEVICE_DELETED"),
                  "no answer in 30 s with the page held (the removal "
                  "still runs); events %s"
                  % [e["event"] for e in g.events_since(em)])
    finally:
        unhold(ctx)
        if ctx.module:
            g.run_ok("echo 120 > %s" % PARAM_TIMEOUT)
    dimm_del(ctx, name, timeout=60)


def zones_kept_for(ctx, drcs, want, what):
    got = zones(ctx, drcs)
    check(got == want, "%s: valid_zones %s, were %s" % (what, got, want))


ZONES_TESTS = [
    ("zones: a 1 GiB DIMM is onlined movable (movable_node, "
     "memhp_default_state=online_movable)", t_zones_add, True),
    ("zones: a refused sysfs memory remove count 2 leaves every block's "
     "valid_zones as it was", t_zones_sysfs_refused, True),
    ("zones: a hypervisor removal refused on the DIMM's last LMB (page "
     "pinned) is reported and leaves every block's valid_zones as it was",
     t_zones_busy, True),
    ("zones: unpinned, the hypervisor's next device_del completes "
     "(DEVICE_DELETED)", t_zones_remove, True),
    ("zones: a hypervisor removal of a DIMM with a page pinned in ZONE_MOVABLE "
     "(where offline_pages() retries for ever) is refused and reported "
     "after hyp_offline_timeout, every block still Movable; unpinned, the "
     "next device_del completes", t_zones_movable_pinned, True),
    ("zones: kernel log clean", t_klog_clean, True),
]


# --- 3. radix with memmap_on_memory ------------------------------------------

# "=1" says Y but does nothing with 64 KiB pages: a 256 MiB block's memmap
# (4 pages) is no whole pageblock (256 pages, 16 MiB), so
# mhp_supports_memmap_on_memory() says no; "force" rounds it up to one.
RADIX_APPEND = "disable_radix=no memory_hotplug.memmap_on_memory=force"


def meminfo(g):
    out = g.run_ok("cat /proc/meminfo")
    return {k: int(v) * 1024 for k, v in
            re.findall(r"^(\w+):\s+(\d+) kB", out, re.M)}


def vmstat(g, key):
    out = g.run_ok("grep '^%s ' /proc/vmstat || echo %s -1" % (key, key))
    return int(out.split()[-1])


def t_radix_boot(ctx):
    g = ctx.g
    k = g.run_ok("dmesg | grep -i 'MMU' || true")
    check("Using radix MMU" in k, "not radix:\n" + k)
    p = g.run_ok("cat /sys/module/memory_hotplug/parameters/"
                 "memmap_on_memory").strip()
    check(p == "force", "memmap_on_memory is %r" % p)


def t_radix_add(ctx):
    """A 512 MiB DIMM is added and online. Whether its memmap sits on it
    is an observation: MemTotal would grow by less than 512 MiB and
    nr_memmap_pages (memmap taken from other memory) would not grow. In
    this guest (radix, 64 KiB pages, force) neither holds, with or
    without the module: the kernel's radix vmemmap code maps the memmap
    with 2 MiB pages covering eight blocks, which cross the DIMM's altmap,
    and allocates them elsewhere (see Documentation/side-by-side.md)."""
    g = ctx.g
    ctx.memtotal, ctx.nr_memmap = meminfo(g)["MemTotal"], \
        vmstat(g, "nr_memmap_pages")
    mark = klog_mark(g)
    name, drcs, _ = dimm_add(ctx, 512 * MB, name="dimm-radix")
    result_line(ctx, mark, "add", drcs)
    ctx.rdimm, ctx.rdrcs = name, drcs
    grew = meminfo(g)["MemTotal"] - ctx.memtotal
    memmap = vmstat(g, "nr_memmap_pages") - ctx.nr_memmap
    on = 0 < grew < 512 * MB
    ctx.note("radix: a 512 MiB DIMM adds %d KiB to MemTotal, "
             "nr_memmap_pages grows by %d: memmap %s" % (
                 grew // 1024, memmap,
                 "on the DIMM" if on else "NOT on the DIMM"))
    check(0 < grew <= 512 * MB, "MemTotal grew by %d KiB" % (grew // 1024))


def t_radix_remove(ctx):
    g = ctx.g
    check(hasattr(ctx, "rdimm"), "no DIMM added")
    mark = klog_mark(g)
    dimm_del(ctx, ctx.rdimm)
    result_line(ctx, mark, "remove", ctx.rdrcs)
    now = meminfo(g)["MemTotal"]
    check(now == ctx.memtotal, "MemTotal %d KiB, was %d KiB before the add"
          % (now // 1024, ctx.memtotal // 1024))


RADIX_TESTS = [
    ("radix: the guest runs the radix MMU with memmap_on_memory=force",
     t_radix_boot, True),
    ("radix: the hypervisor adds a DIMM with memmap_on_memory=force "
     "(whether the memmap went on it: a note)", t_radix_add, True),
    ("radix: the hypervisor removes it (DEVICE_DELETED), MemTotal as "
     "before", t_radix_remove, True),
    ("radix: kernel log clean", t_klog_clean, True),
]


# --- 4. a 300 GiB DIMM ----------------------------------------------------------

BIG = 300 * GB
BIG_MEM = "3G,slots=4,maxmem=320G"
BIG_TIMEOUT = 900
BIG_APPEND = os.environ.get("PDLPAR_BIG_APPEND", "")


def t_big_add(ctx):
    g = ctx.g
    mark = klog_mark(g)
    name, drcs, secs = dimm_add(ctx, BIG, timeout=BIG_TIMEOUT,
                                name="dimm-big")
    ctx.note("big: 300 GiB DIMM (%d LMBs) added in %.1f s"
             % (len(drcs), secs))
    check(len(drcs) == BIG // LMB, "%d LMBs" % len(drcs))
    result_line(ctx, mark, "add", drcs)
    ctx.bdimm, ctx.bdrcs = name, drcs


def t_big_busy(ctx):
    """A page of the DIMM's last LMB is pinned: the removal is refused
    after the other 1,199 went offline, reported to QEMU, and every LMB
    is back online."""
    check(hasattr(ctx, "bdimm"), "no DIMM added")
    hold(ctx, ctx.bdrcs[-1])
    try:
        secs, _ = dimm_del_refused(ctx, ctx.bdimm, timeout=BIG_TIMEOUT)
        ctx.note("big: removal refused on the last LMB, reported in %.1f s"
                 % secs)
    finally:
        unhold(ctx)


def t_big_remove(ctx):
    check(hasattr(ctx, "bdimm"), "no DIMM added")
    mark = klog_mark(ctx.g)
    drcs = ctx.bdrcs
    secs = dimm_del(ctx, ctx.bdimm, timeout=BIG_TIMEOUT)
    ctx.note("big: 300 GiB DIMM removed in %.1f s" % secs)
    result_line(ctx, mark, "remove", drcs)


BIG_TESTS = [
    ("big: the hypervisor adds a 300 GiB DIMM (1,200 LMBs, one request)",
     t_big_add, True),
    ("big: its removal with a page pinned in the last LMB is refused and "
     "reported (DEVICE_UNPLUG_GUEST_ERROR), every LMB stays", t_big_busy,
     True),
    ("big: unpinned, the hypervisor removes it (DEVICE_DELETED)",
     t_big_remove, True),
    ("big: kernel log clean", t_klog_clean, True),
]


SHAPES = [
    # tag, tests, Guest keyword arguments
    ("numa", NUMA_TESTS, dict(mem=NUMA_MEM, smp=QEMU10.smp(1, 2),
                              extra_args=NUMA_ARGS)),
    ("zones", ZONES_TESTS, dict(append=ZONES_APPEND)),
    ("radix", RADIX_TESTS, dict(append=RADIX_APPEND)),
    ("big", BIG_TESTS, dict(mem=BIG_MEM, append=BIG_APPEND)),
]


def run(res, kernel, initrd, logdir, only=None, mainline_big=False):
    """The shapes named in only; by default all but the big DIMM (part
    "big" of run_tests.py, run by make check on Linux 7.3, whose kernel
    has no debug options: minutes per step)."""
    for tag, tests, kw in SHAPES:
        if only is None and tag == "big" or only and tag not in only:
            continue
        if tag == "big":
            # Mainline's side takes minutes: by hand (--mainline-big).
            impls = ("mainline",) if mainline_big else ("module",)
            for impl in impls:
                t0 = time.monotonic()
                try:
                    ctx = boot(kernel, initrd, logdir, res, tag, impl, **kw)
                except Exception as e:
                    res.record("e2e shapes-big: guest boots (%s)" % impl,
                               False, e)
                    continue
                try:
                    for name, fn, _ in tests:
                        if impl == "module":
                            res.run("e2e shapes-big: %s" % name, fn, ctx)
                            continue
                        try:
                            fn(ctx)
                            res.note("side-by-side shapes-big: %s: mainline "
                                     "PASS" % name)
                        except Exception as e:
                            line = (str(e).strip().splitlines() or
                                    [type(e).__name__])[0]
                            res.note("side-by-side shapes-big: %s: mainline "
                                     "FAIL (%s)" % (name, line[:200]))
                finally:
                    ctx.g.shutdown()
                res.note("e2e shapes-big (%s): %.0f s"
                         % (impl, time.monotonic() - t0))
            continue
        side_by_side(res, "shapes-" + tag, tests,
                     lambda impl, tag=tag, kw=kw:
                     boot(kernel, initrd, logdir, res, tag, impl, **kw))


def main():
    only = None
    mainline_big = "--mainline-big" in sys.argv
    if mainline_big:
        sys.argv.remove("--mainline-big")
        only = {"big"}
    for a in list(sys.argv):
        if a.startswith("--shapes="):
            only = set(a.split("=", 1)[1].split(","))
            sys.argv.remove(a)
    return e2e_main("shapes", lambda res, k, i, d:
                    run(res, k, i, d, only, mainline_big))


if __name__ == "__main__":
    sys.exit(main())
