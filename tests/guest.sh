#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make guest: boot the test guest with pseries_dlpar loaded, its console on
# this terminal and QMP on a socket, for poking at DLPAR by hand.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$top/tests/build.sh")"
qmp=$top/out/qmp.sock
cat <<EOM
Guest console follows (Ctrl-A x quits QEMU, Ctrl-A c toggles its monitor).
QMP: $qmp, e.g.
  socat - UNIX-CONNECT:$qmp
  {"execute":"qmp_capabilities"}
  {"execute":"device_add","arguments":{"driver":"power10_v2.0-spapr-cpu-core","core-id":4,"id":"core1"}}
EOM
exec qemu-system-ppc64 \
	-machine pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off \
	-accel tcg -cpu power10 \
	-smp 4,maxcpus=16,threads=4,cores=4,sockets=1 -m 1G,slots=4,maxmem=4G \
	-nodefaults -display none \
	-chardev stdio,id=con,mux=on,signal=off -mon chardev=con \
	-device spapr-vty,chardev=con \
	-qmp "unix:$qmp,server=on,wait=off" \
	-kernel "$KERNEL" -initrd "$INITRD" \
	-append "console=hvc0 pdlpar_autoload"
