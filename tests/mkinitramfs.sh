#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT.cpio.gz [KO_FILE...]
#
# Build a gzip'ed newc initramfs for the ppc64le test guest: Debian's static
# busybox (cached under $PDLPAR_CACHE/busybox), its applet links, the given
# modules under /lib/modules/pdlpar/ and an /init that mounts the usual
# filesystems, prints the readiness marker "PDLPAR-GUEST-READY" and runs a
# shell on /dev/hvc0 with PS1 "pdlpar# ".
#
# Also the real DLPAR client: drmgr from Debian's powerpc-ibm-utils (and
# bash), with the shared libraries they load and the dynamic loader, from
# the ppc64el packages (cached under $PDLPAR_CACHE/drmgr/<key of their
# versions>). busybox's sh stays the init shell; drmgr's lock and log go
# to /var/lock and /var/log.
set -eu

cache=${PDLPAR_CACHE:-/var/cache/pseries-dlpar}
bbdir=$cache/busybox

log() { echo "mkinitramfs: $*" >&2; }

[ $# -ge 1 ] || { echo "usage: $0 OUT.cpio.gz [KO_FILE...]" >&2; exit 2; }
out=$1
shift
for ko in "$@"; do
	[ -f "$ko" ] || { log "no such module: $ko"; exit 1; }
done

# Fetch and unpack busybox once; the extracted tree is the cache.
bb=$bbdir/root/bin/busybox
if [ ! -x "$bb" ]; then
	log "fetching busybox-static:ppc64el into $bbdir"
	rm -rf "$bbdir"
	mkdir -p "$bbdir/deb"
	fetch() { (cd "$bbdir/deb" && apt-get download busybox-static:ppc64el); }
	if ! fetch; then
		# The ppc64el lists may be missing; a flaky update can still help.
		dpkg --print-foreign-architectures | grep -qx ppc64el ||
			dpkg --add-architecture ppc64el
		apt-get update || true
		fetch
	fi
	dpkg-deb -x "$bbdir"/deb/busybox-static_*.deb "$bbdir/root.tmp"
	mv "$bbdir/root.tmp" "$bbdir/root"
	[ -x "$bb" ] || { log "busybox not found in the package"; exit 1; }
fi

# drmgr and bash, with what they load at run time. powerpc-ibm-utils also
# Depends on bc, librtasevent2 and zlib1g, for its other tools and scripts:
# drmgr loads none of them, so they are not fetched.
DRMGR_PKGS="powerpc-ibm-utils bash libc6 libnuma1 librtas2 libtinfo6"
MULTIARCH=powerpc64le-linux-gnu
if command -v $MULTIARCH-readelf >/dev/null; then
	READELF=$MULTIARCH-readelf
else
	READELF=readelf
fi

# "pkg=version" of every package, as apt-get download would fetch them.
# One apt-cache call: each one reads every package list (~2 s).
drmgr_versions() {
	# shellcheck disable=SC2046
	v=$(apt-cache show --no-all-versions $(for p in $DRMGR_PKGS; do
		echo "$p:ppc64el"; done) 2>/dev/null |
		awk '/^Package: /{p=$2} /^Version: /{print p "=" $2}')
	[ "$(echo "$v" | wc -l)" = "$(echo "$DRMGR_PKGS" | wc -w)" ] || return 1
	echo "$v"
}
if ! versions=$(drmgr_versions); then
	dpkg --print-foreign-architectures | grep -qx ppc64el ||
		dpkg --add-architecture ppc64el
	apt-get update >&2 || true
	versions=$(drmgr_versions) ||
		{ log "cannot find the ppc64el packages: $DRMGR_PKGS"; exit 1; }
fi
key=$(echo "$versions" | sha256sum | cut -c1-16)
drdir=$cache/drmgr/$key
if [ ! -x "$drdir/root/usr/sbin/drmgr" ]; then
	log "fetching $DRMGR_PKGS (ppc64el) into $drdir"
	mkdir -p "$cache/drmgr"
	# Unpacked aside and renamed into place: a build running at the same
	# time sees either nothing or the whole tree.
	new=$(mktemp -d "$cache/drmgr/.new.XXXXXX")
	mkdir "$new/deb"
	# Exactly the versions the key names.
	# shellcheck disable=SC2046
	(cd "$new/deb" && apt-get download $(echo "$versions" |
		sed 's/^\([^=]*\)=/\1:ppc64el=/')) >&2 ||
		{ rm -rf "$new"; log "apt-get download failed"; exit 1; }
	for d in "$new"/deb/*.deb; do
		dpkg-deb -x "$d" "$new/root"
	done
	# Docs, man pages, locales and glibc's charset modules: never used.
	rm -rf "$new/deb" "$new/root/usr/share" "$new/root/usr/lib/$MULTIARCH/gconv"
	echo "$versions" > "$new/VERSIONS"
	[ -x "$new/root/usr/sbin/drmgr" ] ||
		{ rm -rf "$new"; log "no drmgr in powerpc-ibm-utils"; exit 1; }
	chmod 755 "$new"
	mv -T "$new" "$drdir" 2>/dev/null || rm -rf "$new"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/root" \
	"$root/etc" "$root/lib/modules/pdlpar"
cp "$bb" "$root/bin/busybox"
# The kernel opens /dev/console for init before /init can mount devtmpfs.
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3

# busybox is ppc64le and cannot run here to list its applets: link the ones
# /init needs now, and let /init run `busybox --install -s` for the rest.
applets="sh ash mount mkdir cat echo setsid cttyhack"
for a in $applets; do
	case "$a" in busybox) continue ;; esac
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done

for ko in "$@"; do
	cp "$ko" "$root/lib/modules/pdlpar/"
done

# drmgr, bash and the closure of their DT_NEEDED libraries, all in the
# loader's own directory (searched without an ld.so.cache). Nothing else
# from the packages: no docs, man pages or locales.
drroot=$drdir/root
libdir=/lib/$MULTIARCH
mkdir -p "$root$libdir" "$root/lib64" "$root/var/lock" "$root/var/log"
cp "$drroot/usr/sbin/drmgr" "$root/usr/sbin/drmgr"
cp "$drroot/bin/bash" "$root/bin/bash"
interp=$($READELF -l "$drroot/usr/sbin/drmgr" |
	sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
[ "$interp" = /lib64/ld64.so.2 ] ||
	{ log "drmgr wants the loader $interp, not /lib64/ld64.so.2"; exit 1; }
cp -L "$drroot/$libdir/ld64.so.2" "$root$libdir/ld64.so.2"
ln -s "$libdir/ld64.so.2" "$root/lib64/ld64.so.2"
todo="$root/usr/sbin/drmgr $root/bin/bash"
while [ -n "$todo" ]; do
	next=
	for f in $todo; do
		for lib in $($READELF -d "$f" |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			[ -e "$root$libdir/$lib" ] && continue
			src=
			for d in "$drroot$libdir" "$drroot/usr$libdir"; do
				[ -e "$d/$lib" ] && { src=$d/$lib; break; }
			done
			[ -n "$src" ] || { log "$lib (for ${f#"$root"})" \
				"is in none of: $DRMGR_PKGS"; exit 1; }
			cp -L "$src" "$root$libdir/$lib"
			next="$next $root$libdir/$lib"
		done
	done
	todo=$next
done

cat > "$root/init" <<'EOF'
#!/bin/sh
# Test guest init: mount, announce readiness, give the console a shell.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM=dumb
mount -t proc proc /proc
/bin/busybox --install -s 2>/dev/null
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
[ -d /sys/kernel/tracing ] && mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t tmpfs tmpfs /tmp 2>/dev/null
# Keep printk on the console (tests grep it) but drop the noisy debug level.
echo 7 > /proc/sys/kernel/printk 2>/dev/null
cd /root
# No echo: busybox's line editing then falls back to plain canonical reads,
# so the console carries only output and prompts (no echo, no escape codes).
stty -echo 2>/dev/null
export PS1='pdlpar# ' PS2=''
# "make guest" asks for the module to be loaded at boot.
if grep -qw pdlpar_autoload /proc/cmdline; then
	insmod /lib/modules/pdlpar/pseries_dlpar.ko
fi
echo "PDLPAR-GUEST-READY"
# setsid+cttyhack give the shell hvc0 as controlling tty, so ^C works.
# The console shell ends when its tty reads EOF, which happens after the
# partition suspends and resumes (ibm,suspend-me, then QMP system_wakeup):
# start another rather than let init exit and the kernel panic.
while :; do
	setsid cttyhack sh -i
	stty -echo 2>/dev/null
	echo "PDLPAR-SHELL-RESTARTED"
done
EOF
chmod 755 "$root/init"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
log "wrote $out"
