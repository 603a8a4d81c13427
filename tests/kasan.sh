#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/kasan.sh RESULTS
#
# KUnit on the KASAN guest kernel (kernel/build-kasan-kernel.sh): the
# modules are built again, instrumented, against that kernel (in a copy of
# the sources under out/kasan, so the main build's objects stay), put into
# their own initramfs, and the KUnit suites run in a guest on QEMU 10.0
# with the radix MMU. Any KASAN report in that guest's kernel log fails.
# Records PASS/FAIL lines in RESULTS as check.sh does.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=$1
out=$top/out/kasan
src=$out/src
log=$out/build.log

fail() {
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 40
}

mkdir -p "$out"
if ! kdir=$("$top/kernel/build-kasan-kernel.sh" 2> "$log"); then
	fail "kasan: guest kernel with KASAN builds" "$log"
	exit 0
fi
rm -rf "$src"
mkdir -p "$src/tests"
(cd "$top" && cp -a Kbuild Kconfig Makefile dlpar hotplug-cpu \
	hotplug-memory include kunit "$src/" && cp -a tests/modules "$src/tests/")
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -delete
if ! make -s -C "$kdir" M="$src" ARCH=powerpc \
	CROSS_COMPILE=powerpc64le-linux-gnu- CONFIG_PSERIES_DLPAR=m \
	CONFIG_PSERIES_DLPAR_KUNIT_TEST=m W=1 modules >> "$log" 2>&1 ||
	! "$top/tests/mkinitramfs.sh" "$out/initramfs.cpio.gz" \
		"$src/pseries_dlpar.ko" "$src/pseries_dlpar_kunit.ko" \
		"$src/tests/modules/pdlpar_memhold.ko" >> "$log" 2>&1; then
	fail "kasan: modules and initramfs for the KASAN kernel build" "$log"
	exit 0
fi
# The config keeps the hash MMU as its default (PPC_RADIX_MMU_DEFAULT is
# off in an allnoconfig build); KASAN needs radix, so ask for it. The slow
# (scale) cases run in the main kernel's foundation guest instead: under
# KASAN each takes minutes, and the hung-task detector (30 s) reports the
# insmod that waits for it.
python3 "$top/tests/run_tests.py" --only kunit --kunit-tag kasan \
	--append "disable_radix=no log_buf_len=8M kunit.filter=speed>slow" \
	--kdir "$kdir" --kernel "$kdir/vmlinux" \
	--initrd "$out/initramfs.cpio.gz" --results "$results" --logdir "$out"
exit 0
