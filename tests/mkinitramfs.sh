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
exec setsid cttyhack sh -i
EOF
chmod 755 "$root/init"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
log "wrote $out"
