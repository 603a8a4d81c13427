#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Write the fuzzers' seed corpus: fuzz/corpus/event/ (RTAS hotplug event
# logs laid out as QEMU 7.2's spapr_hotplug_req_event() builds them) and
# fuzz/corpus/sysfs/ (writes as drmgr makes them, and with numbers in the
# other spellings mainline takes). The files are
# committed; run this again only to change them.
import os
import struct

TOP = os.path.dirname(os.path.abspath(__file__))
RES = {"cpu": 1, "memory": 2, "slot": 3, "phb": 4, "pci": 5, "pmem": 6}
ACT = {"add": 1, "remove": 2}
ID_NAME, ID_INDEX, ID_COUNT, ID_INDEXED_COUNT = 1, 2, 3, 4
RTAS_ERROR_LOG_MAX = 2048


def section(sid, body, version=1):
    # id, length (header included), version, subtype, creator.
    return struct.pack(">HHBBH", sid, 8 + len(body), version, 0, 0) + body


def hp_section(res, act, id_type, ident):
    return section(0x4850, bytes([RES[res], ACT[act], id_type, 0]) + ident)


def event(hp, hp_first=False):
    """rtas_error_log + v6 header + Main-A (PH) + Main-B (UH) + HP."""
    maina = section(0x5048, struct.pack(
        ">II8sc2sB4s8sI4s", 0x20250101, 0x12000000, b"", b"H", b"",
        3, b"", b"", 1, b""))                   # date, time, creator 'H',
    mainb = section(0x5548, struct.pack(        # 3 sections, PLID 1
        ">BBBB4s2sH4s", 0x80, 0, 0, 0, b"", b"", 0, b""))
    sections = hp + maina + mainb if hp_first else maina + mainb + hp
    # v6: valid, new log, big-endian; PowerPC format, platform event;
    # company "IBM\0".
    v6 = struct.pack(">BBB9sI", 0x86, 0, 0x8e, b"", 0x49424D00)
    ext = v6 + sections
    # version 6, severity event, not recovered, extended log present,
    # initiator hotplug, type hotplug (0xe5).
    summary = 0x06000000 | 0x00200000 | 0x00100000 | 0x00040000 | \
        0x00006000 | 0xe5
    return struct.pack(">II", summary, len(ext)) + ext


def index(i):
    # The HP union is 8 bytes whatever the identifier.
    return struct.pack(">II", i, 0)


def count(n):
    return struct.pack(">II", n, 0)


def indexed_count(n, i):
    return struct.pack(">II", n, i)


def events():
    ev = {}
    # QEMU: CPU cores by DRC index (0x1000_0000 | core id), memory by
    # indexed-count (0x8000_0000 | LMB), by count without OV5_HP_EVT.
    for act in ("add", "remove"):
        ev["cpu-%s-index" % act] = event(
            hp_section("cpu", act, ID_INDEX, index(0x10000008)))
        ev["memory-%s-indexed-count" % act] = event(
            hp_section("memory", act, ID_INDEXED_COUNT,
                       indexed_count(4, 0x80000010)))
        ev["memory-%s-count" % act] = event(
            hp_section("memory", act, ID_COUNT, count(2)))
    # Allowed by the format, sent by PowerVM rather than QEMU.
    ev["cpu-add-count"] = event(hp_section("cpu", "add", ID_COUNT, count(1)))
    ev["cpu-remove-indexed-count"] = event(
        hp_section("cpu", "remove", ID_INDEXED_COUNT,
                   indexed_count(2, 0x10000008)))
    ev["memory-remove-index"] = event(
        hp_section("memory", "remove", ID_INDEX, index(0x80000011)))
    # Defined, never sent: a DRC name, the section only as long as it.
    ev["cpu-remove-name"] = event(
        hp_section("cpu", "remove", ID_NAME, b"CPU 8\0"))
    ev["cpu-add-name-longest"] = event(
        hp_section("cpu", "add", ID_NAME, b"U" + b"9" * 78 + b"\0"))
    # I/O and PMEM events, handed back to the built-in code.
    ev["pci-add-index"] = event(hp_section("pci", "add", ID_INDEX,
                                           index(0x40000008)))
    ev["phb-remove-index"] = event(hp_section("phb", "remove", ID_INDEX,
                                              index(0x20000001)))
    ev["pmem-add-index"] = event(hp_section("pmem", "add", ID_INDEX,
                                            index(0x90000000)))
    # Sections in another order.
    ev["cpu-add-index-hp-first"] = event(
        hp_section("cpu", "add", ID_INDEX, index(0x10000010)), True)
    # What the kernel really passes: the whole check-exception buffer,
    # here holding the remains of an earlier, longer event after the log.
    log = event(hp_section("cpu", "remove", ID_INDEX, index(0x10000010)))
    stale = event(hp_section("memory", "add", ID_INDEXED_COUNT,
                             indexed_count(8, 0x80000020)) +
                  hp_section("cpu", "add", ID_INDEX, index(0x10000018)))
    buf = bytearray(RTAS_ERROR_LOG_MAX)
    buf[:len(stale)] = stale
    buf[:len(log)] = log
    ev["cpu-remove-index-stale-buffer"] = bytes(buf)
    return ev


SYSFS = {
    "cpu-add-index": "cpu add index 0x10000001",
    "cpu-remove-index-newline": "cpu remove index 0x10000001\n",
    "cpu-add-count": "cpu add count 1",
    "cpu-remove-count": "cpu remove count 2",
    "cpu-add-indexed-count": "cpu add indexed-count 2 0x10000008",
    "memory-add-count": "memory add count 4",
    "memory-remove-count": "memory remove count 2\n",
    "memory-add-index": "memory add index 0x80000010",
    "memory-remove-indexed-count": "memory remove indexed-count 4 0x80000010",
    "memory-add-indexed-count-upper": "memory add indexed-count 1 0X8000000A",
    "memory-add-count-max": "memory add count 4294967295",
    "dt-add-index": "dt add index 0x10000008",
    "dt-remove-index": "dt remove index 0x0000010\n",
    # Numbers as mainline's kstrtou32(s, 0, ...) reads them: decimal,
    # 0x/0X hex, leading-0 octal, one '+', one newline ending any token.
    "cpu-add-index-decimal": "cpu add index 268435456",
    "cpu-remove-index-octal": "cpu remove index 02000000001\n",
    "cpu-add-index-plus-hex": "cpu add index +0X10000008",
    "memory-add-count-hex": "memory add count 0x2",
    "memory-add-count-octal": "memory add count 010",
    "memory-remove-count-plus": "memory remove count +4\n",
    "memory-add-count-max-octal": "memory add count 037777777777",
    "memory-add-indexed-count-decimal":
        "memory add indexed-count 0x2 2147483664",
    "memory-remove-indexed-count-newlines":
        "memory\n remove\n indexed-count\n 2\n 0x80000010\n",
    "dt-add-index-leading-zeros": "dt add index 00000000000000000000000001",
    # Near misses, each refused for one reason.
    "bad-count-zero": "cpu add count 0",
    "bad-index-octal-digit": "cpu add index 010000009",
    "bad-index-bare-0x": "cpu add index 0x",
    "bad-count-overflow": "memory add count 4294967296",
    "bad-count-minus": "memory add count -1",
    "bad-count-plus-plus": "memory add count ++1",
    "bad-index-two-newlines": "cpu add index 0x10000001\n\n",
    "bad-dt-count": "dt add count 1",
}


def write(sub, files):
    d = os.path.join(TOP, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    for name, data in sorted(files.items()):
        if isinstance(data, str):
            data = data.encode()
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


write("event", events())
write("sysfs", SYSFS)
