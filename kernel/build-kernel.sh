#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a guest kernel: Debian's linux-source-<version> + kernel/patches/
# <version> + allnoconfig with kernel/guest.config (and, where there is
# one, kernel/guest-<version>.config on top: its lines win), cross-built
# for ppc64le. Versions: 6.12 (the default; the package is installed on
# the host) and 7.3 (tests/setup-host.sh downloads the source package to
# $PDLPAR_CACHE/src). The result is cached outside the repository under a
# key made of all its inputs, so an unchanged kernel is never rebuilt.
# Prints the build directory on stdout; with --key, only the directory
# it would use, without building.
#
# Usage: build-kernel.sh [--key] [6.12|7.3]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PDLPAR_CACHE:-/var/cache/pseries-dlpar}
cross=powerpc64le-linux-gnu-
jobs=${JOBS:-$(nproc)}
key_only=0
[ "${1:-}" = --key ] && { key_only=1; shift; }
ver=${1:-6.12}

log() { echo "build-kernel: $*" >&2; }

case $ver in
6.12)
	src=/usr/src/linux-source-6.12.tar.xz
	srcid=$(dpkg-query -W -f='${Package} ${Version}\n' linux-source-6.12)
	;;
7.3)
	src=$cache/src/linux-source-7.3.tar.xz
	srcid=$(cat "$cache/src/linux-source-7.3.version")
	;;
*)
	log "unknown kernel version $ver (6.12 or 7.3)"
	exit 2
	;;
esac
patches=$here/patches/$ver

# The config fragment: guest.config, then the version's own lines, each
# of which replaces the line for the same option before it.
config_lines() {
	cat "$here/guest.config"
	[ ! -f "$here/guest-$ver.config" ] || cat "$here/guest-$ver.config"
}
merged_config() {
	config_lines | awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { o = $0; sub(/=.*/, "", o) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set/ { o = $2 }
		o != "" { if (!(o in v)) order[n++] = o; v[o] = $0; o = ""; next }
		END { for (i = 0; i < n; i++) print v[order[i]] }'
}

key=$( {
	echo "$srcid"
	${cross}gcc --version | head -n 1
	# The diffs only: a changelog's wording does not change the kernel.
	# (-s: each file on its own, or the range would run from the first
	# diff to the end of the last file, changelogs and all.)
	sed -s -n '/^diff --git /,$p' "$patches"/*.patch
	config_lines
	cat "$0"
} | sha256sum | cut -c1-16)
dir=$cache/kernel-$ver-$key
if [ $key_only = 1 ]; then
	echo "$dir/linux"
	exit 0
fi

mkdir -p "$cache"
# One build at a time: a second caller waits, then finds it cached.
exec 9> "$cache/.build-lock-$ver"
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
mv "$dir/linux-source-$ver" "$dir/linux"
cd "$dir/linux"
for p in "$patches"/*.patch; do
	log "applying $(basename "$p")"
	patch -p1 -s --no-backup-if-mismatch < "$p"
done

mk() { make -s ARCH=powerpc CROSS_COMPILE=$cross "$@"; }
merged_config > "$dir/guest.config"
KCONFIG_ALLCONFIG="$dir/guest.config" mk allnoconfig
# Every option the fragment asks for must have survived Kconfig.
missing=0
while read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qx "$line" .config && continue ;;
	# Off: said so, or not offered at all (a dependency is off).
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		grep -q "^$opt=" .config || continue
		;;
	*) continue ;;
	esac
	log "config: $line did not take"
	missing=1
done < "$dir/guest.config"
[ $missing = 0 ] || exit 1

log "building vmlinux and modules with $jobs jobs"
start=$(date +%s)
mk -j"$jobs" vmlinux modules
mk -j"$jobs" modules_prepare
log "built in $(( $(date +%s) - start )) s"
touch "$dir/.complete"
# Keep the cache small (a kernel build is about 1.5 GB), but only once the
# new one is complete: until then the previous build stays usable.
find "$cache" -maxdepth 1 -name "kernel-$ver-*" ! -name "kernel-$ver-$key" \
	-exec rm -rf {} + 2>/dev/null || true
echo "$dir/linux"
