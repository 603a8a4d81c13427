#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/checkpatch.sh RESULTS KDIR [VERSION]
#
# checkpatch --strict (KDIR's) on our sources, then on the kernel patch
# series for VERSION (default 6.12). A job of make check (tests/check.sh),
# and for 7.3 part of tests/kernel73.sh, whose results are named
# "[Linux 7.3] ..." and whose reports go to out/7.3/. Records PASS/FAIL
# lines in RESULTS.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=$1
KDIR=$2
ver=${3:-6.12}
out=$top/out
label=
if [ "$ver" != 6.12 ]; then
	out=$top/out/$ver
	label="[Linux $ver] "
fi
mkdir -p "$out"

pass() { echo "PASS $label$1" >> "$results"; echo "ok - $label$1"; }
fail() {
	echo "FAIL $label$1" >> "$results"
	echo "FAIL - $label$1"
	[ -z "${2:-}" ] || sed 's/^/    /' "$2" | tail -n 40
}

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
if (cd "$KDIR" && "$cp" --strict --quiet "$top"/kernel/patches/"$ver"/*.patch) \
	> "$out/checkpatch-patches.txt" 2>&1; then
	pass "checkpatch --strict: kernel patch series for $ver"
else
	fail "checkpatch --strict: kernel patch series for $ver" \
		"$out/checkpatch-patches.txt"
fi
