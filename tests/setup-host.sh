#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Idempotent host setup for building the guest kernel and running the QEMU
# test rig on Debian 12 (as root).  A warm run (everything installed) does
# not touch apt at all.
set -eu

PKGS="gcc-powerpc64le-linux-gnu bc flex bison libelf-dev libssl-dev cpio
linux-source-6.12 qemu-system-ppc sparse python3 python3-ply xz-utils patch"

log() { echo "setup-host: $*" >&2; }

# The initramfs needs busybox-static:ppc64el, fetched by mkinitramfs.sh
# with `apt-get download`; that needs the foreign architecture.
need_update=0
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
	log "adding architecture ppc64el"
	dpkg --add-architecture ppc64el
	need_update=1
fi

missing=
for p in $PKGS; do
	# dpkg-query prints "install ok installed" only for a fully installed package.
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing="$missing $p"
done

if [ -z "$missing" ] && [ $need_update = 0 ]; then
	log "all packages present"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# One broken index makes apt-get update exit non-zero although the others
# were fetched: ignore its status, retry once, and let install decide.
log "apt-get update"
if ! apt-get update; then
	log "apt-get update failed; retrying once"
	sleep 5
	apt-get update || log "apt-get update failed again; trying install anyway"
fi

if [ -n "$missing" ]; then
	log "installing:$missing"
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends $missing
fi
log "done"
