#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/dkms.sh RESULTS KDIR: build the module the way a distribution
# kernel does, through DKMS, against the kernel build tree KDIR (the guest
# kernel: cross-compiled for ppc64le), and install it with `make install`.
#
# Everything happens in a private DKMS tree and source tree under
# out/dkms, which is removed at the end: nothing goes to /var/lib/dkms,
# /usr/src or /lib/modules, and the host's kernel is not involved.
# Appends PASS/FAIL lines to RESULTS and prints ok/FAIL lines like
# tests/check.sh.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 RESULTS KDIR" >&2; exit 2; }
results=$1
kdir=$2
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/out/dkms
tree=$work/tree			# --dkmstree
root=$work/root			# DESTDIR of make dkms-source
srctree=$root/usr/src		# --sourcetree
inst=$work/inst			# INSTALL_MOD_PATH of make install
log=$work/log
arch=ppc64le
cross=powerpc64le-linux-gnu-

failed=0
pass() { echo "PASS $1" >> "$results"; echo "ok - $1"; }
fail() {
	failed=1
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 40
}

start=$(date +%s)
rm -rf "$work"
mkdir -p "$work" "$tree" "$srctree"
trap 'rm -rf "$work"' EXIT

krel=$(cat "$kdir/include/config/kernel.release")
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
name=pseries-dlpar

# What DKMS or make install could leave on the host if they went astray.
host_paths="/var/lib/dkms/$name /usr/src/$name-$ver /lib/modules/$krel
/var/lib/dkms/mok.key /var/lib/dkms/mok.pub"
before=
for p in $host_paths; do
	[ ! -e "$p" ] || before="$before $p"
done

# dkms(8) from Debian 12 (3.0.10): a private tree, the guest kernel's
# build directory, our arch; ARCH and CROSS_COMPILE reach kbuild through
# the environment. sign_file names no program, so dkms signs nothing and
# makes no MOK key pair in /var/lib/dkms.
dkms_run() {
	env ARCH=powerpc CROSS_COMPILE=$cross sign_file="$work/no-sign-file" \
		dkms "$@" --dkmstree "$tree" --sourcetree "$srctree"
}

# 1. make dkms-source, dkms add, dkms build.
t="dkms: add and build against the guest kernel ($krel, $arch)"
built=$tree/$name/$ver/$krel/$arch/module
if make -s -C "$top" dkms-source DESTDIR="$root" > "$log" 2>&1 &&
	dkms_run add -m "$name" -v "$ver" >> "$log" 2>&1 &&
	dkms_run build -m "$name" -v "$ver" -k "$krel" -a "$arch" \
		--kernelsourcedir "$kdir" >> "$log" 2>&1 &&
	[ "$(ls "$built" 2> /dev/null)" = pseries_dlpar.ko ]; then
	pass "$t"
else
	for f in "$tree/$name/$ver"/build/make.log \
		"$tree/$name/$ver/$krel/$arch"/log/make.log; do
		[ ! -f "$f" ] || cat "$f" >> "$log"
	done
	ls -l "$built" >> "$log" 2>&1 || true
	fail "$t" "$log"
fi

# 2. What it built: a ppc64le kernel module for exactly this kernel. The
# kernel loads a module only if its vermagic is the kernel's own string,
# the one in vmlinux.
check_ko() {
	local ko=$1 hdr magic
	hdr=$(LC_ALL=C readelf -h "$ko") || return 1
	if ! { grep -q 'Class: *ELF64' <<< "$hdr" &&
		grep -q 'Data: .*little endian' <<< "$hdr" &&
		grep -q 'Type: *REL' <<< "$hdr" &&
		grep -q 'Machine: *PowerPC64' <<< "$hdr"; }; then
		echo "$ko: not a ppc64le relocatable ELF:"
		echo "$hdr"
		return 1
	fi
	if [ "$(modinfo -F name "$ko")" != pseries_dlpar ]; then
		echo "$ko: modinfo name is not pseries_dlpar"
		return 1
	fi
	magic=$(modinfo -F vermagic "$ko")
	if [ "${magic%% *}" != "$krel" ]; then
		echo "$ko: vermagic \"$magic\", kernel is $krel"
		return 1
	fi
	# Not grep -q: with pipefail, tr's SIGPIPE would fail the pipe.
	if ! tr '\0' '\n' < "$kdir/vmlinux" | grep -xF -- "$magic" > /dev/null
	then
		echo "$ko: vermagic \"$magic\" is not vmlinux's"
		return 1
	fi
}
t="dkms: the module is a ppc64le ELF with the kernel's vermagic"
if check_ko "$built/pseries_dlpar.ko" > "$log" 2>&1; then
	pass "$t"
else
	fail "$t" "$log"
fi

# 3. make install from the same source, as a user without DKMS would.
t="make install: pseries_dlpar.ko alone in lib/modules/$krel/updates"
src=$srctree/$name-$ver
mods=$inst/lib/modules/$krel
if make -C "$src" install KDIR="$kdir" INSTALL_MOD_PATH="$inst" \
	> "$log" 2>&1 &&
	[ "$(cd "$mods" && find . -name '*.ko*')" = ./updates/pseries_dlpar.ko ] &&
	check_ko "$mods/updates/pseries_dlpar.ko" >> "$log" 2>&1; then
	pass "$t"
else
	find "$inst" >> "$log" 2>&1 || true
	fail "$t" "$log"
fi

# 4. Nothing outside out/dkms.
t="dkms: nothing left on the host outside out/"
: > "$log"
for p in $host_paths; do
	case " $before " in *" $p "*) continue ;; esac
	[ ! -e "$p" ] || echo "left behind: $p" >> "$log"
done
if [ ! -s "$log" ]; then
	pass "$t"
else
	fail "$t" "$log"
fi

echo "# dkms took $(( $(date +%s) - start )) s"
exit $failed
