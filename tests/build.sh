#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Set up the host and build everything the guest needs: the guest kernel
# (cached), our modules against it and the initramfs. Prints KDIR=,
# KERNEL=, INITRD= and MODULE= lines on stdout; progress goes to stderr.
# With --module-log FILE the module build's output (warnings) goes there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out
modlog=/dev/stderr
[ "${1:-}" = --module-log ] && modlog=$2

mkdir -p "$out"
"$top/tests/setup-host.sh" base >&2
# The rest of the setup (QEMU 7.2 and 11.1, sparse 0.6.5, the 7.3 source:
# downloads, mostly) is for the tests only: it comes while the kernel
# builds.
"$top/tests/setup-host.sh" extras > "$out/setup-extras.log" 2>&1 &
extras=$!
kdir=$("$top/kernel/build-kernel.sh")
if ! wait $extras; then
	cat "$out/setup-extras.log" >&2
	echo "build: host setup (extras) failed" >&2
	exit 1
fi
cat "$out/setup-extras.log" >&2
echo "build: modules (W=1, sparse C=2)" >&2
make -s -j"$(nproc)" -C "$kdir" M="$top" ARCH=powerpc \
	CROSS_COMPILE=powerpc64le-linux-gnu- \
	CONFIG_PSERIES_DLPAR=m CONFIG_PSERIES_DLPAR_KUNIT_TEST=m \
	W=1 C=2 modules > "$modlog" 2>&1 || { cat "$modlog" >&2; exit 1; }
"$top/tests/mkinitramfs.sh" "$out/initramfs.cpio.gz" \
	"$top/pseries_dlpar.ko" "$top/pseries_dlpar_kunit.ko" \
	"$top/tests/modules/pdlpar_memhold.ko" \
	"$top/tests/modules/pdlpar_floor.ko" >&2

echo "KDIR=$kdir"
echo "KERNEL=$kdir/vmlinux"
echo "INITRD=$out/initramfs.cpio.gz"
echo "MODULE=$top/pseries_dlpar.ko"
