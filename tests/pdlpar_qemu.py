# SPDX-License-Identifier: GPL-2.0
"""Drive a ppc64le pseries guest under QEMU (TCG) for pseries-dlpar tests.

Python 3 standard library only.  Typical use::

    from pdlpar_qemu import Guest

    with Guest(kernel="vmlinux", initrd="initrd.cpio.gz",
               log_path="out/console.log") as g:
        rc, out = g.run("cat /sys/kernel/dlpar")
        mark = g.event_mark()
        g.qmp("device_add", driver=g.hv.core_type,
              core_id=g.hv.core_id(1), id="core1")
        g.run_ok("insmod /lib/modules/pdlpar/foo.ko")
        ev = g.wait_event("DEVICE_DELETED", timeout=30, since=mark)

The guest side is the initramfs made by mkinitramfs.sh: a busybox shell on
hvc0 with echo off, prompt "pdlpar# ", announced by the line
"PDLPAR-GUEST-READY".

Errors: GuestError (QEMU died, bad QMP reply, ...; the message carries the
tail of the console log and of QEMU's stderr), GuestTimeout (a subclass) when
something did not happen in time.  Every wait has a timeout.
"""

import atexit
import bisect
import codecs
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref

__all__ = ["Guest", "GuestError", "GuestTimeout", "Hypervisor", "QEMU10",
           "QEMU72", "QEMU111", "HYPERVISORS", "DEFAULT_MEM"]

CACHE = os.environ.get("PDLPAR_CACHE", "/var/cache/pseries-dlpar")
DEFAULT_MEM = "1G,slots=4,maxmem=4G"
CPU_DRC_BASE = 0x10000000


class Hypervisor:
    """One QEMU version as the hypervisor, and how it numbers CPU cores.

    QEMU gives core k (core-id k * threads) the DRC index 0x10000000 plus
    the vCPU id of its first thread, and the guest sees that thread as
    logical CPU k * threads (when cores come and go in order) and the
    core's device-tree node as <node_name>@<first thread's id, hex>.
    """

    def __init__(self, name, binary, cpu, core_type, node_name, threads,
                 max_threads, datadir=None, launcher=(), env=None):
        self.name = name
        self.binary = binary
        # Run the binary through this (e.g. another root's dynamic loader).
        self.launcher = list(launcher)
        # Environment QEMU needs on top of ours.
        self.env = dict(env or {})
        self.cpu = cpu
        self.core_type = core_type
        self.node_name = node_name
        self.threads = threads
        self.max_threads = max_threads
        self.datadir = datadir

    def with_threads(self, threads):
        """The same hypervisor, running cores of this many threads."""
        if not 1 <= threads <= self.max_threads:
            raise ValueError("%s runs at most %d threads per core" % (
                self.name, self.max_threads))
        return Hypervisor(self.name, self.binary, self.cpu, self.core_type,
                          self.node_name, threads, self.max_threads,
                          self.datadir, self.launcher, self.env)

    @property
    def label(self):
        return "%s SMT%d" % (self.name, self.threads)

    def smp(self, cores=1, maxcores=4):
        t = self.threads
        return "%d,maxcpus=%d,threads=%d,cores=%d,sockets=1" % (
            cores * t, maxcores * t, t, maxcores)

    def core_id(self, core):
        return core * self.threads

    def drc(self, core):
        return CPU_DRC_BASE + core * self.threads

    def cpus(self, core):
        return range(core * self.threads, (core + 1) * self.threads)

    def node(self, core):
        return "%s@%x" % (self.node_name, core * self.threads)

    def argv(self):
        """The command that starts this QEMU (before its arguments)."""
        return self.launcher + [self.binary]

    def args(self):
        """QEMU arguments that select this version's firmware files."""
        return ["-L", self.datadir] if self.datadir else []

    def available(self):
        if self.launcher and not os.access(self.launcher[0], os.X_OK):
            return False
        return shutil.which(self.binary) is not None or \
            os.access(self.binary, os.X_OK)


# QEMU 10.0 (bookworm-backports, installed): POWER10, SMT under TCG.
QEMU10 = Hypervisor("QEMU 10.0", os.environ.get("PDLPAR_QEMU",
                                                "qemu-system-ppc64"),
                    "power10", "power10_v2.0-spapr-cpu-core",
                    "PowerPC,POWER10", threads=4, max_threads=8)
# QEMU 7.2 (Debian 12's own, unpacked into the cache by setup-host.sh):
# one thread per core under TCG.
QEMU72 = Hypervisor("QEMU 7.2", os.path.join(CACHE, "qemu-7.2/usr/bin/"
                                             "qemu-system-ppc64"),
                    "power9", "power9_v2.0-spapr-cpu-core", "PowerPC,POWER9",
                    threads=1, max_threads=1,
                    datadir=os.path.join(CACHE, "qemu-7.2/usr/share/qemu"))
# QEMU 11.1 (trixie-backports, in a minimal trixie root that setup-host.sh
# debootstraps into the cache): run through that root's dynamic loader and
# libraries, no chroot. POWER10, SMT under TCG, like 10.0. QEMU_MODULE_DIR:
# its modules (audio, ui, ...) are in the root too; from the host's path it
# would load 10.0's, and abort.
Q111_ROOT = os.path.join(CACHE, "qemu-11.1/root")
QEMU111 = Hypervisor(
    "QEMU 11.1", os.path.join(Q111_ROOT, "usr/bin/qemu-system-ppc64"),
    "power10", "power10_v2.0-spapr-cpu-core", "PowerPC,POWER10",
    threads=4, max_threads=8,
    datadir=os.path.join(Q111_ROOT, "usr/share/qemu"),
    launcher=[os.path.join(Q111_ROOT, "lib64/ld-linux-x86-64.so.2"),
              "--library-path",
              "%s/lib/x86_64-linux-gnu:%s/usr/lib/x86_64-linux-gnu"
              % (Q111_ROOT, Q111_ROOT)],
    env={"QEMU_MODULE_DIR": os.path.join(Q111_ROOT,
                                         "usr/lib/x86_64-linux-gnu/qemu")})
HYPERVISORS = {"qemu10": QEMU10, "qemu7.2": QEMU72, "qemu11.1": QEMU111}
# TCG cannot provide the Spectre/Meltdown mitigations the pseries machine
# asks for by default; saying so explicitly silences four warnings.
MACHINE = ("pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,"
           "cap-ccf-assist=off")
# The guest's firmware: "slof" (QEMU's default, and libvirt's) or "vof"
# (QEMU's Virtual Open Firmware, x-vof=on, since 6.0). Both hand the
# kernel the device tree QEMU builds, and after boot every DLPAR step (the
# hot-plug events, RTAS, configure-connector, suspend) is QEMU's own code
# either way; VOF only skips SLOF's Forth start-up, about 6 of a TCG
# boot's 10 seconds (measured 2026-12-06). The tests boot VOF; the soak,
# the demo and make guest boot SLOF. PDLPAR_FIRMWARE overrides the
# tests' default.
FIRMWARES = ("slof", "vof")
# SLOF formats the NVRAM; VOF leaves it zeroed, and the kernel warns
# ("nvram corruption detected: 0-length partition"). Given a -prom-env,
# QEMU formats it itself (a system and a free partition). The variable is
# SLOF's default.
VOF_ARGS = ["-prom-env", "auto-boot?=true"]
DEFAULT_FIRMWARE = os.environ.get("PDLPAR_FIRMWARE", "vof")

READY_MARKER = "PDLPAR-GUEST-READY"
PROMPT = "pdlpar# "
# One printk record as it appears on the console (CONFIG_PRINTK_TIME=y).
# printk can land in the middle of a line of shell output, so markers are
# searched for with these records cut out.
_KMSG_RE = re.compile(r"\[ *\d+\.\d{6}\] [^\n]*\n")


# Guests not shut down yet, for the atexit safety net.
_LIVE = weakref.WeakSet()


@atexit.register
def _shutdown_all():
    for g in list(_LIVE):
        g.shutdown(timeout=2)


def _die_with_parent():
    # Runs in the child before exec: SIGKILL QEMU if the test runner dies
    # (even by SIGKILL), so no orphaned guest keeps a CPU busy.  Tied to
    # the forking thread: create Guests from a long-lived thread.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class GuestError(Exception):
    """The guest or QEMU misbehaved; the message includes log tails."""


class GuestTimeout(GuestError):
    """Something expected did not happen within its timeout."""


def _tail(path, nbytes=3000):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - nbytes))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return "(unreadable)"


def _strip_kmsg(text):
    """Return (text without printk records, map) for _raw_index()."""
    pieces = []  # (clean_start, raw_start, length)
    out = []
    pos = clean = 0
    for m in _KMSG_RE.finditer(text):
        if m.start() > pos:
            pieces.append((clean, pos, m.start() - pos))
            out.append(text[pos:m.start()])
            clean += m.start() - pos
        pos = m.end()
    if pos < len(text):
        pieces.append((clean, pos, len(text) - pos))
        out.append(text[pos:])
    return "".join(out), pieces


def _raw_index(pieces, idx):
    """Map an index into the stripped text back to the raw text."""
    i = bisect.bisect_right([p[0] for p in pieces], idx) - 1
    cstart, rstart, _ = pieces[i]
    return rstart + (idx - cstart)


class Guest:
    """One QEMU pseries guest with a shell console and a QMP connection.

    Guest(kernel, initrd, append="", hv=QEMU10, smp=None, mem=DEFAULT_MEM,
          extra_args=(), log_path=None, boot_timeout=120, start=True,
          keep_tmp=False, firmware=DEFAULT_FIRMWARE)

    - hv: the Hypervisor (QEMU version, CPU model, threads per core).
    - smp: the -smp argument; default hv.smp(): one core, room for four.
    - append: extra kernel command line, after "console=hvc0".
    - extra_args: more QEMU arguments (list of str).
    - log_path: file receiving everything the console prints (plus ">>> cmd"
      lines for what was sent); default: console.log in the private temp
      dir, which is removed by shutdown() unless keep_tmp.
    - start=False: call start() yourself (e.g. to time it).
    - firmware: "slof" or "vof" (see FIRMWARES).

    Attributes: cmdline (QEMU argv), boot_seconds (launch to prompt),
    tmpdir, log_path, events (list of QMP event dicts, in arrival order).
    """

    def __init__(self, kernel, initrd, append="", hv=QEMU10, smp=None,
                 mem=DEFAULT_MEM, extra_args=(), log_path=None,
                 boot_timeout=120, start=True, keep_tmp=False,
                 firmware=DEFAULT_FIRMWARE):
        if firmware not in FIRMWARES:
            raise ValueError("firmware %r: one of %s" % (
                firmware, ", ".join(FIRMWARES)))
        self.hv = hv
        self.firmware = firmware
        self.tmpdir = tempfile.mkdtemp(prefix="pdlpar-qemu-")
        self.keep_tmp = keep_tmp
        self.log_path = log_path or os.path.join(self.tmpdir, "console.log")
        self.stderr_path = os.path.join(self.tmpdir, "qemu.stderr")
        self.boot_timeout = boot_timeout
        self.boot_seconds = None
        self.events = []
        self.proc = None
        self._con_path = os.path.join(self.tmpdir, "con.sock")
        self._qmp_path = os.path.join(self.tmpdir, "qmp.sock")
        self._con = self._qmp = None
        self._buf = ""          # console output, "\r" removed
        self._cond = threading.Condition()
        self._con_eof = self._qmp_eof = False
        self._qmp_replies = {}
        self._qmp_id = 0
        self._qmp_lock = threading.Lock()   # one command at a time
        self._last_cmd_event = 0
        self._token = secrets.token_hex(3)
        self._seq = 0
        self._threads = []
        self._logf = None
        self._closed = False
        self.cmdline = hv.argv() + hv.args() + [
            "-machine", MACHINE + (",x-vof=on" if firmware == "vof"
                                   else ""), "-accel", "tcg", "-cpu", hv.cpu,
            "-smp", smp or hv.smp(), "-m", mem, "-nodefaults",
            "-display", "none",
            "-chardev",
            "socket,id=con,path=%s,server=on,wait=on" % self._con_path,
            "-device", "spapr-vty,chardev=con",
            "-qmp", "unix:%s,server=on,wait=off" % self._qmp_path,
            "-kernel", kernel, "-initrd", initrd,
            "-append", ("console=hvc0 " + append).strip(),
        ] + VOF_ARGS * (firmware == "vof") + list(extra_args)
        if start:
            try:
                self.start()
            except BaseException:
                self.shutdown()
                raise

    # ---- lifecycle -----------------------------------------------------

    def start(self):
        """Launch QEMU, attach console and QMP, wait for the shell prompt."""
        t0 = time.monotonic()
        d = os.path.dirname(os.path.abspath(self.log_path))
        os.makedirs(d, exist_ok=True)
        self._logf = open(self.log_path, "ab", buffering=0)
        self._log_note("QEMU: " + " ".join(self.cmdline))
        with open(self.stderr_path, "wb") as err:
            # Own process group: a ^C on the test runner must not kill
            # QEMU before shutdown() can log what happened.
            self.proc = subprocess.Popen(
                self.cmdline, stdin=subprocess.DEVNULL, stdout=err,
                stderr=err, cwd=self.tmpdir, start_new_session=True,
                env=dict(os.environ, **self.hv.env) if self.hv.env else None,
                preexec_fn=_die_with_parent)
        _LIVE.add(self)
        # wait=on: QEMU does not start the guest (nor QMP) until the
        # console is connected, so no output is lost.
        self._con = self._connect(self._con_path, 30)
        self._spawn(self._con_reader)
        self._qmp = self._connect(self._qmp_path, 30)
        self._qmp_file = self._qmp.makefile("rb")
        greeting = self._qmp_file.readline()
        if not greeting:
            self._fail("QMP closed before greeting")
        self._spawn(self._qmp_reader)
        self.qmp("qmp_capabilities")
        self.wait_console(READY_MARKER, self.boot_timeout)
        self.wait_console(PROMPT, 30)
        # First command proves the shell reads and writes as expected.
        self.run_ok("true", timeout=30)
        self.boot_seconds = time.monotonic() - t0
        return self

    def shutdown(self, timeout=10):
        """Quit QEMU (QMP quit, then SIGKILL), close everything, clean up."""
        if self._closed:
            return
        self._closed = True
        _LIVE.discard(self)
        if self.proc and self.proc.poll() is None:
            try:
                if self._qmp and not self._qmp_eof:
                    self.qmp("quit", timeout=timeout)
            except GuestError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        for s in (self._con, self._qmp):
            if s:
                try:
                    s.close()
                except OSError:
                    pass
        for t in self._threads:
            t.join(5)
        if self._logf:
            self._logf.close()
        if not self.keep_tmp:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        return False

    def qemu_stderr(self):
        """QEMU's stderr so far (e.g. "Device hotunplug rejected by the
        guest for device core1"); only valid before shutdown()."""
        try:
            with open(self.stderr_path, encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def alive(self):
        """True while the QEMU process runs."""
        return self.proc is not None and self.proc.poll() is None

    # ---- console -------------------------------------------------------

    def run(self, cmd, timeout=60):
        """Run a shell command line in the guest; return (rc, output).

        The output is what the command printed (stdout and stderr, "\\r"
        removed), including any kernel messages printed on the console
        meanwhile.  stdin is /dev/null.  The line must stay under ~4000
        bytes (the tty's canonical buffer); multi-line commands work.
        On timeout a ^C is sent and GuestTimeout raised.
        """
        self._seq += 1
        tag = "%s%d" % (self._token, self._seq)
        # printf with the tag as an argument: the command text itself never
        # contains the marker, should echo ever be on.
        line = ("printf '\\n%%s%%s\\n' PDLS '%s'; { %s\n} </dev/null; "
                "printf '\\n%%s%%s_%%d\\n' PDLE '%s' $?\n") % (tag, cmd, tag)
        start_re = re.compile(r"\nPDLS%s\n" % tag)
        end_re = re.compile(r"\nPDLE%s_(\d+)\n" % tag)
        with self._cond:
            base = len(self._buf)
        self._log_note(">>> " + cmd)
        self._send(line)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                raw = self._buf[base:]
                clean, pieces = _strip_kmsg(raw)
                s = start_re.search(clean)
                e = end_re.search(clean, s.end()) if s else None
                if e:
                    break
                if not self._wait(deadline):
                    self._interrupt()
                    raise GuestTimeout(self._diag(
                        "command timed out after %ss: %s" % (timeout, cmd)))
        # End of the start marker's "\n" and the end marker's leading "\n",
        # mapped back so printk records around the output are kept.
        a = _raw_index(pieces, s.end() - 1) + 1
        b = _raw_index(pieces, e.start())
        return int(e.group(1)), raw[a:b]

    def run_ok(self, cmd, timeout=60):
        """run() that raises GuestError on a non-zero status; returns output."""
        rc, out = self.run(cmd, timeout)
        if rc != 0:
            raise GuestError("command failed (rc=%d): %s\n--- output ---\n%s"
                             % (rc, cmd, out))
        return out

    def write_file(self, path, data, timeout=60):
        """Write bytes/str to a guest file via printf in small chunks."""
        if isinstance(data, str):
            data = data.encode()
        self.run_ok(": > '%s'" % path, timeout)
        for i in range(0, len(data), 512):
            esc = "".join("\\%03o" % b for b in data[i:i + 512])
            self.run_ok("printf '%s' >> '%s'" % (esc, path), timeout)

    def console_mark(self):
        """Opaque position in the console output, for console_since()."""
        with self._cond:
            return len(self._buf)

    def console_since(self, mark):
        """All console output (shell and kernel) since console_mark()."""
        with self._cond:
            return self._buf[mark:]

    def kmsg_since(self, mark):
        """Only the kernel log lines printed on the console since mark."""
        return "".join(m.group(0) for m in
                       _KMSG_RE.finditer(self.console_since(mark)))

    def wait_console(self, pattern, timeout=60, since=0):
        """Wait for a regex (str) in console output after `since`.

        Returns the match object; raises GuestTimeout.
        """
        rx = re.compile(pattern if not isinstance(pattern, str)
                        else re.escape(pattern))
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                m = rx.search(self._buf, since)
                if m:
                    return m
                if not self._wait(deadline):
                    raise GuestTimeout(self._diag(
                        "no %r on the console within %ss" % (pattern,
                                                             timeout)))

    def wait_console_re(self, regex, timeout=60, since=0):
        """wait_console() with a regular expression."""
        return self.wait_console(re.compile(regex), timeout, since)

    # ---- QMP -----------------------------------------------------------

    def qmp(self, cmd, args=None, timeout=30, **kwargs):
        """Execute a QMP command; return its "return" value.

        Arguments come from the dict `args` (names as QMP spells them) and
        from keyword arguments, whose "_" become "-" (core_id -> core-id).
        Raises GuestError on a QMP error reply, GuestTimeout on no reply.
        """
        a = dict(args or {})
        a.update({k.replace("_", "-"): v for k, v in kwargs.items()})
        with self._qmp_lock:
            self._qmp_id += 1
            qid = self._qmp_id
            msg = {"execute": cmd, "id": qid}
            if a:
                msg["arguments"] = a
            with self._cond:
                self._last_cmd_event = len(self.events)
            try:
                self._qmp.sendall(json.dumps(msg).encode() + b"\n")
            except OSError as e:
                self._fail("QMP send failed: %s" % e)
            deadline = time.monotonic() + timeout
            with self._cond:
                while qid not in self._qmp_replies:
                    if self._qmp_eof:
                        if cmd == "quit":
                            return {}
                        self._fail("QMP closed during %s" % cmd)
                    if not self._wait(deadline, need_qemu=(cmd != "quit")):
                        raise GuestTimeout(self._diag(
                            "no QMP reply to %s in %ss" % (cmd, timeout)))
                reply = self._qmp_replies.pop(qid)
        if "error" in reply:
            raise GuestError("QMP %s %s failed: %s" % (
                cmd, json.dumps(a), reply["error"].get("desc", reply)))
        return reply.get("return")

    def event_mark(self):
        """Opaque position in the event list, for wait_event/events_since."""
        with self._cond:
            return len(self.events)

    def events_since(self, mark, name=None):
        """Events received since event_mark(), optionally only `name`."""
        with self._cond:
            return [e for e in self.events[mark:]
                    if name is None or e.get("event") == name]

    def wait_event(self, name, timeout=30, match=None, since=None):
        """Wait for a QMP event; return its dict, or None on timeout.

        Only events from `since` (an event_mark()) on are considered; the
        default is the moment of the last qmp() command, so
        ``g.qmp("device_del", id="core1"); g.wait_event("DEVICE_DELETED")``
        cannot miss a fast event.  match(ev) -> bool filters further,
        e.g. ``match=lambda ev: ev["data"].get("device") == "core1"``.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            i = self._last_cmd_event if since is None else since
            while True:
                for ev in self.events[i:]:
                    if ev.get("event") == name and (match is None or
                                                    match(ev)):
                        return ev
                i = len(self.events)
                if not self._wait(deadline, need_qemu=False):
                    return None
                if self._qmp_eof and len(self.events) == i:
                    return None

    # ---- internals -----------------------------------------------------

    def _spawn(self, fn):
        t = threading.Thread(target=fn, daemon=True)
        t.start()
        self._threads.append(t)

    def _connect(self, path, timeout):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                self._fail("QEMU exited with status %s during start-up"
                           % self.proc.returncode)
            if os.path.exists(path):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    s.connect(path)
                    return s
                except OSError:
                    s.close()
            if time.monotonic() > deadline:
                self._fail("cannot connect to %s" % path, GuestTimeout)
            time.sleep(0.05)

    def _con_reader(self):
        dec = codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            try:
                data = self._con.recv(65536)
            except OSError:
                data = b""
            if self._logf and data:
                try:
                    self._logf.write(data)
                except (OSError, ValueError):
                    pass
            with self._cond:
                if not data:
                    self._con_eof = True
                    self._cond.notify_all()
                    return
                self._buf += dec.decode(data).replace("\r", "")
                self._cond.notify_all()

    def _qmp_reader(self):
        while True:
            try:
                line = self._qmp_file.readline()
            except (OSError, ValueError):
                line = b""
            with self._cond:
                if not line:
                    self._qmp_eof = True
                    self._cond.notify_all()
                    return
                try:
                    msg = json.loads(line)
                except ValueError:
                    continue
                if "event" in msg:
                    self.events.append(msg)
                elif "id" in msg:
                    self._qmp_replies[msg["id"]] = msg
                self._cond.notify_all()

    def _wait(self, deadline, need_qemu=True):
        """Wait on _cond (held) until notified or deadline; False on timeout.

        Raises GuestError if QEMU is gone and need_qemu.
        """
        if need_qemu and (self._con_eof or not self.alive()):
            self._fail("QEMU died (status %s)" % (
                self.proc.poll() if self.proc else None))
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        # Short slices so a dead QEMU is noticed even without an EOF.
        self._cond.wait(min(left, 1.0))
        return True

    def _send(self, text):
        try:
            self._con.sendall(text.encode())
        except OSError as e:
            self._fail("console send failed: %s" % e)

    def _interrupt(self):
        try:
            self._con.sendall(b"\x03\n")
        except OSError:
            pass

    def _log_note(self, text):
        if self._logf:
            try:
                self._logf.write(("\n%s\n" % text).encode())
            except (OSError, ValueError):
                pass

    def _diag(self, what):
        return "%s\n--- console log tail (%s) ---\n%s\n--- QEMU stderr ---\n%s" % (
            what, self.log_path, _tail(self.log_path),
            _tail(self.stderr_path, 2000))

    def _fail(self, what, cls=GuestError):
        raise cls(self._diag(what))
