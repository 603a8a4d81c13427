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
# QEMU 11.1, the third, is trixie-backports' build: it needs trixie's
# libraries, so it lives in a minimal trixie root ($PDLPAR_CACHE/qemu-11.1/
# root, made with debootstrap) and runs from there through that root's
# dynamic loader (tests/pdlpar_qemu.py, QEMU111); the host is not upgraded.
#
# Usage: setup-host.sh [base|extras|all]: base is apt's part (what the
# first kernel build needs), extras the rest (QEMU 7.2 and 11.1, sparse
# 0.6.5, the 7.3 source); all, the default, both. Functions run as
# simple commands only: set -e does not act inside one run in a list.
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
q111=$cache/qemu-11.1

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

# Part base: the host's own packages (cross compiler, 6.12 source, QEMU
# 10.0, ...), installed with apt; everything else needs them.
setup_base() {
	# The initramfs needs busybox-static:ppc64el (and the drmgr
	# packages), fetched by mkinitramfs.sh with `apt-get download`: that
	# needs the foreign architecture.
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
}

# Part extras: what only the tests need, mostly downloads into the cache;
# tests/build.sh fetches it while the first kernel builds.
setup_extras() {
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

	# QEMU 11.1: trixie-backports in a debootstrapped trixie root. The root is
	# built in $q111.tmp and moved into place only when QEMU runs from it, with
	# a marker naming the installed version: a warm run checks the marker and
	# one --version and nothing else. Under a lock: two setup-host.sh at once
	# (two builds) must not debootstrap into the same directory.
	q111_run() {
		r=$1
		shift
		QEMU_MODULE_DIR=$r/usr/lib/x86_64-linux-gnu/qemu \
			"$r/lib64/ld-linux-x86-64.so.2" \
			--library-path "$r/lib/x86_64-linux-gnu:$r/usr/lib/x86_64-linux-gnu" \
			"$r/usr/bin/qemu-system-ppc64" -L "$r/usr/share/qemu" "$@"
	}
	q111_umount() {
		for m in dev proc; do
			if mountpoint -q "$q111.tmp/root/$m" 2>/dev/null; then
				umount "$q111.tmp/root/$m" || umount -l "$q111.tmp/root/$m"
			fi
		done
	}
	q111_ok() {
		[ -f "$q111/complete" ] &&
			q111_run "$q111/root" --version > /dev/null 2>&1
	}
	q111_install() {
		if ! installed debootstrap; then
			apt_update
			log "installing debootstrap"
			apt-get install -y --no-install-recommends debootstrap
		fi
		# The machine's own Debian mirror (where bookworm/main comes from).
		mirror=${PDLPAR_DEBIAN_MIRROR:-$(apt-cache policy 2>/dev/null |
			awk '$3 == "bookworm/main" { print $2; exit }')}
		mirror=${mirror:-http://deb.debian.org/debian}
		log "debootstrapping trixie from $mirror into $q111.tmp (QEMU 11.1)"
		q111_umount
		rm -rf "$q111" "$q111.tmp"
		mkdir -p "$q111.tmp"
		trap q111_umount EXIT
		if ! debootstrap --variant=minbase trixie "$q111.tmp/root" "$mirror" \
			> "$q111.tmp/debootstrap.log" 2>&1; then
			tail -n 20 "$q111.tmp/debootstrap.log" >&2
			log "debootstrap failed (log: $q111.tmp/debootstrap.log)"
			exit 1
		fi
		cat > "$q111.tmp/root/etc/apt/sources.list.d/backports.sources" <<EOF
Types: deb
URIs: $mirror
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
		mount -t proc proc "$q111.tmp/root/proc"
		mount --bind /dev "$q111.tmp/root/dev"
		log "installing qemu-system-ppc from trixie-backports into the root"
		chroot "$q111.tmp/root" apt-get update -q
		chroot "$q111.tmp/root" env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends \
			-t trixie-backports qemu-system-ppc qemu-system-data
		chroot "$q111.tmp/root" apt-get clean
		ver=$(chroot "$q111.tmp/root" dpkg-query -W -f='${Version}' \
			qemu-system-ppc)
		q111_umount
		trap - EXIT
		mkdir -p "$q111"
		mv "$q111.tmp/root" "$q111/root"
		rm -rf "$q111.tmp"
		q111_run "$q111/root" --version >&2
		echo "qemu-system-ppc $ver" > "$q111/complete"
	}
	if ! q111_ok; then
		mkdir -p "$cache"
		exec 9> "$cache/qemu-11.1.lock"
		flock 9
		q111_ok || q111_install
		exec 9>&-
	fi
	# sparse for Linux 7.3: its scripts/checker-valid.sh wants
	# __typeof_unqual__, which neither Debian 12's sparse (0.6.4-3) nor
	# trixie's (0.6.4-5) parses; sid's 0.6.5~rc1 does. Its package is
	# downloaded with the trixie root's apt (lists of its own, so the root's
	# sources stay as they are; the mirror's sid may be a snapshot past its
	# Valid-Until, hence the option), unpacked with dpkg -x, and run through
	# the root's loader (it wants glibc 2.38) from a wrapper that
	# tests/kernel73.sh passes as CHECK=.
	sparse73=$cache/bin/sparse-0.6.5
	if [ ! -x "$sparse73" ]; then
		exec 9> "$cache/qemu-11.1.lock"
		flock 9
		r=$q111/root
		mirror=${PDLPAR_DEBIAN_MIRROR:-$(apt-cache policy 2>/dev/null |
			awk '$3 == "bookworm/main" { print $2; exit }')}
		mirror=${mirror:-http://deb.debian.org/debian}
		log "downloading sparse 0.6.5 from sid (for Linux 7.3)"
		rm -rf "$r/tmp/pdlpar-sid" "$cache/sparse-0.6.5"
		mkdir -p "$r/tmp/pdlpar-sid/lists/partial" "$cache/bin"
		echo "deb $mirror sid main" > "$r/tmp/pdlpar-sid/sources.list"
		sid="-o Dir::Etc::SourceList=/tmp/pdlpar-sid/sources.list"
		sid="$sid -o Dir::Etc::SourceParts=- -o Acquire::Check-Valid-Until=false"
		sid="$sid -o Dir::State::Lists=/tmp/pdlpar-sid/lists"
		# shellcheck disable=SC2086
		chroot "$r" apt-get -q $sid update > /dev/null
		# shellcheck disable=SC2086
		chroot "$r" sh -c "cd /tmp/pdlpar-sid && apt-get download -q $sid sparse"
		deb=$(ls "$r"/tmp/pdlpar-sid/sparse_*.deb)
		dpkg -x "$deb" "$cache/sparse-0.6.5"
		rm -rf "$r/tmp/pdlpar-sid"
		cat > "$sparse73.new" <<EOF
#!/bin/sh
r=$r
exec "\$r/lib64/ld-linux-x86-64.so.2" \\
	--library-path "\$r/lib/x86_64-linux-gnu:\$r/usr/lib/x86_64-linux-gnu" \\
	"$cache/sparse-0.6.5/usr/bin/sparse" "\$@"
EOF
		chmod +x "$sparse73.new"
		"$sparse73.new" --version >&2
		mv "$sparse73.new" "$sparse73"
		exec 9>&-
	fi

	# Linux 7.3's source, the second guest kernel: trixie-backports' package
	# (architecture all), downloaded with the trixie root's apt and unpacked
	# with dpkg -x, so that the host keeps its own packages. The tarball and
	# its package version go to $cache/src, where kernel/build-kernel.sh 7.3
	# looks; a warm run checks that they are there and nothing else.
	src73=$cache/src
	if [ ! -f "$src73/linux-source-7.3.version" ] ||
		[ ! -f "$src73/linux-source-7.3.tar.xz" ]; then
		mkdir -p "$src73"
		exec 9> "$cache/src-7.3.lock"
		flock 9
		if [ ! -f "$src73/linux-source-7.3.version" ]; then
			log "downloading linux-source-7.3 from trixie-backports"
			r=$q111/root
			rm -rf "$src73/tmp" "$r/tmp/pdlpar-src"
			mkdir -p "$src73/tmp" "$r/tmp/pdlpar-src"
			chroot "$r" sh -c 'cd /tmp/pdlpar-src &&
				apt-get download -q -t trixie-backports linux-source-7.3' ||
				{ chroot "$r" apt-get update -q &&
				chroot "$r" sh -c 'cd /tmp/pdlpar-src &&
				apt-get download -q -t trixie-backports linux-source-7.3'; }
			deb=$(ls "$r"/tmp/pdlpar-src/linux-source-7.3_*.deb)
			dpkg -x "$deb" "$src73/tmp"
			mv "$src73/tmp/usr/src/linux-source-7.3.tar.xz" "$src73/"
			echo "linux-source-7.3 $(dpkg-deb -f "$deb" Version)" \
				> "$src73/linux-source-7.3.version.new"
			mv "$src73/linux-source-7.3.version.new" \
				"$src73/linux-source-7.3.version"
			rm -rf "$src73/tmp" "$r/tmp/pdlpar-src"
		fi
		exec 9>&-
	fi
}

case ${1:-all} in
base) setup_base ;;
extras) setup_extras ;;
all) setup_base; setup_extras ;;
*) log "unknown part $1 (base, extras or all)"; exit 2 ;;
esac
log "done"
