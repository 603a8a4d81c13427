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

"$top/tests/setup-host.sh" >&2
kdir=$("$top/kernel/build-kernel.sh")
mkdir -p "$out"
echo "build: modules (W=1, sparse C=2)" >&2
make -s -C "$kdir" M="$top" ARCH=powerpc \
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
