#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: build with W=1 and sparse, checkpatch our sources and the
# kernel patches, then boot the guest and run KUnit and the end-to-end
# tests. Ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out
results=$out/results.txt
mkdir -p "$out"
: > "$results"

pass() { echo "PASS $1" >> "$results"; echo "ok - $1"; }
fail() {
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 40
}
summary() {
	local p f
	p=$(grep -c '^PASS ' "$results")
	f=$(grep -c '^FAIL ' "$results")
	echo "$p passed, $f failed"
	[ "$f" -eq 0 ]
}

start=$(date +%s)
# Fresh objects, so that W=1 and sparse see every file.
find "$top" -path "$top/out" -prune -o \
	\( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \) -print0 |
	xargs -0 rm -f
if ! "$top/tests/build.sh" --module-log "$out/module-build.log" \
	> "$out/artifacts.env" 2> "$out/build.log"; then
	fail "build: host setup, guest kernel, modules and initramfs" \
		"$out/build.log"
	summary
	exit 1
fi
pass "build: host setup, guest kernel, modules and initramfs"
# shellcheck disable=SC1091
. "$out/artifacts.env"
echo "# build took $(( $(date +%s) - start )) s"

if grep -E 'warning|error' "$out/module-build.log" > "$out/warnings.txt"; then
	fail "build: W=1 and sparse (C=2) report nothing" "$out/warnings.txt"
else
	pass "build: W=1 and sparse (C=2) report nothing"
fi

# The rest runs as jobs side by side (tests/jobs.py): the guests run on
# TCG, mostly one host thread each, so two of them share a 2-core host in
# about the time of one. On a cold run the KASAN and Linux 7.3 kernels
# build beside the guests, niced, in the time the guests leave. Each job
# logs under out/<job>/ and records its own PASS and FAIL lines;
# PDLPAR_CHECK_JOBS sets how many run at once (default: the host's cores).
run="python3 $top/tests/run_tests.py --kdir $KDIR --kernel $KERNEL"
run="$run --initrd $INITRD --results $results"
# The 300 GiB DIMM (part "big") runs on Linux 7.3, whose kernel has none
# of 6.12's debug options: minutes per step there, twice that under
# lockdep and kmemleak.
run73="python3 $top/tests/run_tests.py --kdir $($top/kernel/build-kernel.sh --key 7.3)"
run73="$run73 --kernel $($top/kernel/build-kernel.sh --key 7.3)/vmlinux"
run73="$run73 --initrd $out/7.3/initramfs.cpio.gz --results $results"
soak_min=${PDLPAR_CHECK_SOAK_MINUTES:-5}
rm -rf "$out/soak"
mkdir -p "$out/kernels"
tab=$(printf '\t')
# Longest first (the chain Linux 7.3 -> big first of all), so that no
# long job starts last.
jobs_spec() {
	local k=$top/kernel
	cat <<-EOF
	kernel-7.3${tab}bg,nice${tab}$k/build-kernel.sh 7.3 > /dev/null 2> $out/kernels/7.3.log
	kernel-kasan${tab}bg,nice,after=kernel-7.3${tab}$k/build-kasan-kernel.sh > /dev/null 2> $out/kernels/kasan.log
	linux-7.3${tab}after=kernel-7.3${tab}$top/tests/kernel73.sh $results
	cpu-qemu10${tab}-${tab}PDLPAR_E2E_HV=qemu10 $run --only cpu --logdir $out/cpu-qemu10
	soak${tab}-${tab}python3 $top/tests/soak.py --kernel $KERNEL --initrd $INITRD --minutes $soak_min --seed $(date +%Y%m%d) --logdir $out/soak --results $results
	big-7.3${tab}after=linux-7.3${tab}PDLPAR_KERNEL_LABEL="Linux 7.3" $run73 --only big --logdir $out/big
	cpu-other${tab}-${tab}PDLPAR_E2E_HV=qemu10-smt8,qemu7.2,qemu11.1 $run --only cpu --logdir $out/cpu-other
	shapes${tab}-${tab}$run --only shapes --logdir $out/shapes
	kasan${tab}after=kernel-kasan${tab}$top/tests/kasan.sh $results
	foundation${tab}-${tab}$run --only foundation --logdir $out/foundation
	mem${tab}-${tab}$run --only mem --logdir $out/mem
	lpm${tab}-${tab}$run --only lpm --logdir $out/lpm
	drmgr${tab}-${tab}$run --only drmgr --logdir $out/drmgr
	checkpatch${tab}-${tab}$top/tests/checkpatch.sh $results $KDIR
	fuzz${tab}-${tab}$top/tests/fuzz.sh $results
	dkms${tab}-${tab}$top/tests/dkms.sh $results $KDIR
	EOF
}
jobs_spec | python3 "$top/tests/jobs.py" --jobs "${PDLPAR_CHECK_JOBS:-$(nproc)}" \
	--timing "$out/jobs-timing.txt" --results "$results"
# The CPU side-by-side table, both jobs' rows in one file.
{
	cat "$out/cpu-qemu10/side-by-side.txt" 2>/dev/null
	sed -n '/^|---/,$p' "$out/cpu-other/side-by-side.txt" 2>/dev/null |
		sed 1d
} > "$out/side-by-side.txt"
echo "# make check took $(( $(date +%s) - start )) s"
summary
