#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/checkpatch.sh RESULTS KDIR
#
# checkpatch --strict (KDIR's) on our sources, then on the 6.12 kernel
# patch series. A job of make check (tests/check.sh); records PASS/FAIL
# lines in RESULTS.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
results=$1
KDIR=$2
out=$top/out

pass() { echo "PASS $1" >> "$results"; echo "ok - $1"; }
fail() {
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1"
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
if (cd "$KDIR" && "$cp" --strict --quiet "$top"/kernel/patches/6.12/*.patch) \
	> "$out/checkpatch-patches.txt" 2>&1; then
	pass "checkpatch --strict: kernel patch series for 6.12"
else
	fail "checkpatch --strict: kernel patch series for 6.12" \
		"$out/checkpatch-patches.txt"
fi
