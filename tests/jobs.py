#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run make check's parts side by side on the host's cores.

Usage: jobs.py [--jobs N] [--timing FILE] < SPEC

SPEC has one job a line: NAME, FLAGS and a shell command, separated by
tabs. FLAGS is "-" or a comma-separated list of:

  after=NAME  start only once job NAME has ended (whatever its status)
  bg          run beside the N workers, not in one of their slots (for a
              kernel build that only fills the time the guests leave)
  nice        run at nice 10, so that the guests' TCG threads go first

Jobs start in the order given, as a worker is free and their "after" jobs
have ended. Every line a job prints is printed as "[NAME] line" as it
comes. At the end, one "# job NAME: N s, exit status S" line each goes to
stdout and to --timing. The exit status is 0; the jobs record their own
PASS and FAIL lines (exit status 1 is a job's way of saying it recorded
a failure). A job that dies of a signal or exits with 2 or more is
recorded in --results as a failure of its own: it may have ended before
it could say anything.

Why: the guests run on TCG, mostly on one host thread each, so a 2-core
host runs two of them in the time of one; the kernel builds of a cold
run fill what the guests leave.
"""

import argparse
import os
import subprocess
import sys
import threading
import time

_print_lock = threading.Lock()


def out(line):
    with _print_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


class Job:
    def __init__(self, line):
        parts = line.rstrip("\n").split("\t", 2)
        if len(parts) != 3:
            raise ValueError("want NAME<TAB>FLAGS<TAB>COMMAND: %r" % line)
        self.name, flags, self.cmd = parts
        self.after = []
        self.bg = self.nice = False
        for f in ([] if flags == "-" else flags.split(",")):
            if f.startswith("after="):
                self.after.append(f[len("after="):])
            elif f == "bg":
                self.bg = True
            elif f == "nice":
                self.nice = True
            else:
                raise ValueError("job %s: unknown flag %r" % (self.name, f))
        self.proc = None
        self.t0 = self.t1 = None
        self.rc = None

    def start(self):
        argv = ["bash", "-c", self.cmd]
        if self.nice:
            argv = ["nice", "-n", "10"] + argv
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self):
        for raw in self.proc.stdout:
            out("[%s] %s" % (self.name,
                             raw.decode("utf-8", "replace").rstrip("\n")
                             + "\n"))

    def poll(self):
        if self.proc is None or self.rc is not None:
            return self.rc
        rc = self.proc.poll()
        if rc is not None:
            self.proc.wait()
            # Every line printed before "ended" (unless a leftover
            # grandchild holds the pipe open).
            self.pump.join(timeout=10)
            self.rc, self.t1 = rc, time.monotonic()
            out("# job %s ended: %.0f s, exit status %d\n"
                % (self.name, self.t1 - self.t0, rc))
        return self.rc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timing", default=None)
    ap.add_argument("--results", default=None)
    a = ap.parse_args()
    jobs = [Job(line) for line in sys.stdin if line.strip() and
            not line.startswith("#")]
    names = {j.name for j in jobs}
    for j in jobs:
        for d in j.after:
            if d not in names:
                raise SystemExit("job %s: after unknown job %s" % (j.name, d))
    byname = {j.name: j for j in jobs}
    t0 = time.monotonic()
    while True:
        for j in jobs:
            j.poll()
        waiting = [j for j in jobs if j.proc is None]
        running = [j for j in jobs if j.proc is not None and j.rc is None]
        if not waiting and not running:
            break
        busy = len([j for j in running if not j.bg])
        for j in waiting:
            if any(byname[d].rc is None for d in j.after):
                continue
            if not j.bg:
                if busy >= a.jobs:
                    continue
                busy += 1
            out("# job %s started at %.0f s\n" % (j.name,
                                                  time.monotonic() - t0))
            j.start()
        time.sleep(0.2)
    if a.results:
        with open(a.results, "a") as f:
            for j in jobs:
                if j.rc < 0 or j.rc >= 2:
                    f.write("FAIL job %s ended with exit status %d\n"
                            % (j.name, j.rc))
                    out("FAIL - job %s ended with exit status %d\n"
                        % (j.name, j.rc))
    lines = ["# job %s: %.0f s, exit status %d\n" % (j.name, j.t1 - j.t0,
                                                     j.rc) for j in jobs]
    lines.append("# jobs: %.0f s in all with %d workers\n"
                 % (time.monotonic() - t0, a.jobs))
    out("".join(lines))
    if a.timing:
        with open(a.timing, "w") as f:
            f.writelines(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
