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

# checkpatch: our sources, then the kernel patch series.
cp=$KDIR/scripts/checkpatch.pl
srcs=$(cd "$top" && git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$srcs" ] || srcs=$(cd "$top" && ls dlpar/*.[ch] include/*.h kunit/*.[ch])
bad=0
: > "$out/checkpatch.txt"
for f in $srcs; do
	if ! (cd "$KDIR" && "$cp" --strict --no-tree --quiet -f "$top/$f") \
		>> "$out/checkpatch.txt" 2>&1; then
		bad=1
	fi
done
if [ $bad = 0 ] && ! grep -qE 'ERROR|WARNING|CHECK' "$out/checkpatch.txt"; then
	pass "checkpatch --strict: our sources"
else
	fail "checkpatch --strict: our sources" "$out/checkpatch.txt"
fi
if (cd "$KDIR" && "$cp" --strict --quiet "$top"/kernel/patches/6.12/*.patch) \
	> "$out/checkpatch-patches.txt" 2>&1; then
	pass "checkpatch --strict: kernel patch series for 6.12"
else
	fail "checkpatch --strict: kernel patch series for 6.12" \
		"$out/checkpatch-patches.txt"
fi

# libFuzzer on both request parsers, 30 s each (PDLPAR_FUZZ_SECONDS).
"$top/tests/fuzz.sh" "$results"

"$top/tests/dkms.sh" "$results" "$KDIR"
# KUnit again on the KASAN kernel (built once, cached like the main one).
kstart=$(date +%s)
"$top/tests/kasan.sh" "$results"
echo "# KASAN KUnit took $(( $(date +%s) - kstart )) s"
# The second kernel, Linux 7.3: build, checkpatch, KUnit and the e2e
# subset beside mainline 7.3 (cached like the main one).
kstart=$(date +%s)
"$top/tests/kernel73.sh" "$results"
echo "# Linux 7.3 took $(( $(date +%s) - kstart )) s"
python3 "$top/tests/run_tests.py" --kdir "$KDIR" --kernel "$KERNEL" \
	--initrd "$INITRD" --results "$results" --logdir "$out"
# Five minutes of the soak, its seed the day's date (printed; make soak
# SOAK_SEED=<it> replays it).
kstart=$(date +%s)
rm -rf "$out/soak"
python3 "$top/tests/soak.py" --kernel "$KERNEL" --initrd "$INITRD" \
	--minutes "${PDLPAR_CHECK_SOAK_MINUTES:-5}" \
	--seed "$(date +%Y%m%d)" --logdir "$out/soak" --results "$results"
echo "# soak took $(( $(date +%s) - kstart )) s"
echo "# make check took $(( $(date +%s) - start )) s"
summary
