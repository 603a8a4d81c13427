#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent host setup for building the guest kernel and running the QEMU
# test rig on Debian 12 (as root).  A warm run (everything installed) does
# not touch apt at all.
#
# Two hypervisor versions: QEMU 10.0 from bookworm-backports is installed
# (the main one: SMT cores under TCG, POWER10), and Debian 12's own QEMU 7.2
# is unpacked into the cache ($PDLPAR_CACHE/qemu-7.2, with `apt-get download`
# and `dpkg -x`) with the libraries it needs installed from bookworm.
set -eu

PKGS="gcc-powerpc64le-linux-gnu bc flex bison libelf-dev libssl-dev cpio
linux-source-6.12 sparse python3 python3-ply xz-utils patch clang-14
libclang-rt-14-dev dkms"
# QEMU 10.0: the backports version, pinned by release on install.
QEMU_PKGS="qemu-system-ppc qemu-system-data qemu-system-common"
QEMU_MIN=10.0
BACKPORTS=/etc/apt/sources.list.d/pseries-dlpar-backports.sources
cache=${PDLPAR_CACHE:-/var/cache/pseries-dlpar}
q72=$cache/qemu-7.2

log() { echo "setup-host: $*" >&2; }

export DEBIAN_FRONTEND=noninteractive
updated=0
apt_update() {
	[ $updated = 0 ] || return 0
	updated=1
	# One broken index makes apt-get update exit non-zero although the
	# others were fetched: ignore its status, retry once, let install
	# decide.
	log "apt-get update"
	if ! apt-get update; then
		log "apt-get update failed; retrying once"
		sleep 5
		apt-get update || log "apt-get update failed again; trying anyway"
	fi
}

installed() {
	# dpkg-query prints "install ok installed" only for a fully installed
	# package.
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = \
		"install ok installed" ]
}

# The initramfs needs busybox-static:ppc64el (and the drmgr packages),
# fetched by mkinitramfs.sh with `apt-get download`: that needs the
# foreign architecture.
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
	log "adding architecture ppc64el"
	dpkg --add-architecture ppc64el
	updated=0
	apt_update
fi
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list \
	/etc/apt/sources.list.d/; then
	log "adding bookworm-backports (QEMU 10.0)"
	cat > "$BACKPORTS" <<EOF
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
	updated=0
	apt_update
fi

missing=
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt_update
	log "installing:$missing"
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends $missing
fi

qemu_version() {
	"$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p'
}
v=$(qemu_version qemu-system-ppc64 || true)
if [ -z "$v" ] || ! dpkg --compare-versions "$v" ge "$QEMU_MIN"; then
	apt_update
	log "installing QEMU from bookworm-backports (have: ${v:-none})"
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends -t bookworm-backports \
		$QEMU_PKGS
	v=$(qemu_version qemu-system-ppc64)
	if ! dpkg --compare-versions "$v" ge "$QEMU_MIN"; then
		log "QEMU $v installed, need $QEMU_MIN or later"
		exit 1
	fi
fi

# QEMU 7.2, the second hypervisor version: Debian 12's own packages,
# unpacked (the installed qemu-system-* are 10.0). Its shared libraries
# come from bookworm like any other package.
if [ ! -x "$q72/usr/bin/qemu-system-ppc64" ] ||
	! "$q72/usr/bin/qemu-system-ppc64" -L "$q72/usr/share/qemu" --version \
		> /dev/null 2>&1; then
	apt_update
	log "unpacking QEMU 7.2 into $q72"
	rm -rf "$q72" "$q72.tmp"
	mkdir -p "$q72.tmp"
	(cd "$q72.tmp" &&
		apt-get download qemu-system-ppc/bookworm qemu-system-data/bookworm \
			> /dev/null)
	deps=$(dpkg-deb -f "$q72.tmp"/qemu-system-ppc_*.deb Depends |
		tr ',' '\n' | sed 's/([^)]*)//; s/|.*//; s/ //g' |
		grep -v '^qemu-' || true)
	need=
	for d in $deps; do
		installed "$d" || need="$need $d"
	done
	if [ -n "$need" ]; then
		log "installing QEMU 7.2's libraries:$need"
		# shellcheck disable=SC2086
		apt-get install -y --no-install-recommends $need
	fi
	for deb in "$q72.tmp"/*.deb; do
		dpkg -x "$deb" "$q72.tmp/root"
	done
	mv "$q72.tmp/root" "$q72"
	rm -rf "$q72.tmp"
	"$q72/usr/bin/qemu-system-ppc64" -L "$q72/usr/share/qemu" --version >&2
fi
log "done"
