#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest kernel: Debian's linux-source-6.12 + kernel/patches +
# allnoconfig with kernel/guest.config, cross-built for ppc64le.  The
# result is cached outside the repository under a key made of all its
# inputs, so an unchanged kernel is never rebuilt.  Prints the build
# directory on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PDLPAR_CACHE:-/var/cache/pseries-dlpar}
src=/usr/src/linux-source-6.12.tar.xz
cross=powerpc64le-linux-gnu-
jobs=${JOBS:-$(nproc)}

log() { echo "build-kernel: $*" >&2; }

key=$( {
	dpkg-query -W -f='${Package} ${Version}\n' linux-source-6.12
	${cross}gcc --version | head -n 1
	cat "$here"/patches/*.patch "$here/guest.config" "$0"
} | sha256sum | cut -c1-16)
dir=$cache/kernel-$key

mkdir -p "$cache"
# One build at a time: a second caller waits, then finds it cached.
exec 9> "$cache/.build-lock"
flock 9
if [ -f "$dir/.complete" ]; then
	log "cached kernel $key"
	echo "$dir/linux"
	exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
log "unpacking $src"
tar -xJf "$src" -C "$dir"
mv "$dir/linux-source-6.12" "$dir/linux"
cd "$dir/linux"
for p in "$here"/patches/*.patch; do
	log "applying $(basename "$p")"
	patch -p1 -s --no-backup-if-mismatch < "$p"
done

mk() { make -s ARCH=powerpc CROSS_COMPILE=$cross "$@"; }
KCONFIG_ALLCONFIG="$here/guest.config" mk allnoconfig
# Every option the fragment asks for must have survived Kconfig.
missing=0
while read -r line; do
	case "$line" in CONFIG_*=* | "# CONFIG_"*" is not set") ;; *) continue ;; esac
	if ! grep -qx "$line" .config; then
		log "config: $line did not take"
		missing=1
	fi
done < "$here/guest.config"
[ $missing = 0 ] || exit 1

log "building vmlinux and modules with $jobs jobs"
start=$(date +%s)
mk -j"$jobs" vmlinux modules
mk -j"$jobs" modules_prepare
log "built in $(( $(date +%s) - start )) s"
touch "$dir/.complete"
# Keep the cache small (a kernel build is about 1.5 GB), but only once the
# new one is complete: until then the previous build stays usable.
find "$cache" -maxdepth 1 -name 'kernel-*' ! -name "kernel-$key" \
	-exec rm -rf {} + 2>/dev/null || true
echo "$dir/linux"
