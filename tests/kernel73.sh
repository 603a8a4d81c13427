#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/kernel73.sh RESULTS
#
# The module on the second guest kernel, Linux 7.3 (kernel/build-kernel.sh
# 7.3: Debian's linux-source-7.3 with kernel/patches/7.3, no lockdep or
# kmemleak, which the 6.12 kernel runs): built from the same sources with
# W=1 and sparse (C=2), in a copy under out/7.3 so that the main build's
# objects stay; then KUnit, every case, in one guest, and end to end seed
# 000 and seed 002, the memory scenario with the first LMB pinned, one
# migration and drmgr, each beside mainline 7.3's built-in code where it
# has one. Results are named "[Linux 7.3] ..."; the CPU side-by-side
# table goes to out/7.3/side-by-side.txt. Records PASS/FAIL lines in
# RESULTS as check.sh does.
#
# tests/kernel73.sh --artifacts: only build the kernel (cached), the
# modules and the initramfs, and print KDIR=, KERNEL= and INITRD= lines
# (make bench BENCH_KERNEL=7.3).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=$1
artifacts=0
if [ "$results" = --artifacts ]; then
	artifacts=1
	results=/dev/null
	exec 3>&1 1>&2
fi
out=$top/out/7.3
src=$out/src
log=$out/build.log

pass() { echo "PASS $1" >> "$results"; echo "ok - $1"; }
fail() {
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 40
}

mkdir -p "$out"
if ! kdir=$("$top/kernel/build-kernel.sh" 7.3 2> "$log"); then
	fail "[Linux 7.3] guest kernel builds" "$log"
	exit $artifacts
fi
rm -rf "$src"
mkdir -p "$src/tests"
(cd "$top" && cp -a Kbuild Kconfig Makefile dlpar hotplug-cpu \
	hotplug-memory include kunit "$src/" && cp -a tests/modules "$src/tests/")
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
if ! make -s -C "$kdir" M="$src" ARCH=powerpc \
	CROSS_COMPILE=powerpc64le-linux-gnu- CONFIG_PSERIES_DLPAR=m \
	CONFIG_PSERIES_DLPAR_KUNIT_TEST=m W=1 C=2 \
	CHECK="${PDLPAR_CACHE:-/var/cache/pseries-dlpar}/bin/sparse-0.6.5" modules \
	> "$out/module-build.log" 2>&1; then
	cat "$out/module-build.log" >> "$log"
	fail "[Linux 7.3] modules build" "$log"
	exit $artifacts
fi
if [ $artifacts = 1 ]; then
	"$top/tests/mkinitramfs.sh" "$out/initramfs.cpio.gz" \
		"$src/pseries_dlpar.ko" "$src/pseries_dlpar_kunit.ko" \
		"$src/tests/modules/pdlpar_memhold.ko" \
		"$src/tests/modules/pdlpar_floor.ko" >> "$log" 2>&1 ||
		{ cat "$log"; exit 1; }
	printf 'KDIR=%s\nKERNEL=%s/vmlinux\nINITRD=%s\n' "$kdir" "$kdir" \
		"$out/initramfs.cpio.gz" >&3
	exit 0
fi
if grep -E 'warning|error' "$out/module-build.log" > "$out/warnings.txt"; then
	fail "[Linux 7.3] build: W=1 and sparse (C=2) report nothing" \
		"$out/warnings.txt"
else
	pass "[Linux 7.3] build: W=1 and sparse (C=2) report nothing"
fi
# checkpatch from 7.3 too: on our sources and on the 7.3 series.
"$top/tests/checkpatch.sh" "$results" "$kdir" 7.3
if ! "$top/tests/mkinitramfs.sh" "$out/initramfs.cpio.gz" \
	"$src/pseries_dlpar.ko" "$src/pseries_dlpar_kunit.ko" \
	"$src/tests/modules/pdlpar_memhold.ko" \
	"$src/tests/modules/pdlpar_floor.ko" >> "$log" 2>&1; then
	fail "[Linux 7.3] initramfs builds" "$log"
	exit 0
fi
PDLPAR_KERNEL_LABEL="Linux 7.3" python3 "$top/tests/run_tests.py" \
	--only kunit,cpu,mem,lpm,drmgr --kunit-tag kunit \
	--kdir "$kdir" --kernel "$kdir/vmlinux" \
	--initrd "$out/initramfs.cpio.gz" --results "$results" --logdir "$out"
exit 0
