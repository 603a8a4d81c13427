#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz both request parsers with libFuzzer (fuzz/): build the targets
# into out/fuzz/ and run each for a bounded time on a fresh copy of its
# committed seed corpus, with ASan, UBSan and leak detection.
#
#   tests/fuzz.sh [RESULTS]    (RESULTS: out/fuzz/results.txt if not given)
#   PDLPAR_FUZZ_SECONDS=N      seconds of fuzzing per target (default 30)
#
# Prints "ok - fuzz: <target> (N runs, S s)" or "FAIL - ..." per target,
# appends "PASS <name>"/"FAIL <name>" to RESULTS as tests/check.sh does,
# and exits non-zero on any crash, leak, sanitizer report, broken
# property, timeout or build failure. A failing input is saved in
# out/fuzz/artifacts/<target>/; run the target on it to reproduce.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/out/fuzz
secs=${PDLPAR_FUZZ_SECONDS:-30}
mkdir -p "$out"
if [ -n "${1:-}" ]; then
	results=$1
else
	results=$out/results.txt
	: > "$results"
fi
case $secs in
''|*[!0-9]*|0) echo "fuzz.sh: PDLPAR_FUZZ_SECONDS=$secs is not a positive number" >&2
	exit 2 ;;
esac

# target, corpus (fuzz/corpus/<dir>), longest input to try
targets="parse_event:event:2048 parse_sysfs:sysfs:256"
failed=0
# First line of a sanitizer, libFuzzer or property report.
report='ERROR: (libFuzzer|[A-Za-z]+Sanitizer)|runtime error:|pdlpar fuzz: check failed'

pass() { echo "PASS $1" >> "$results"; echo "ok - $1 $2"; }
fail() {
	echo "FAIL $1" >> "$results"
	echo "FAIL - $1 $2"
	[ -z "${3:-}" ] || sed 's/^/    /' "$3" | tail -n 40
	failed=1
}

if ! command -v clang-14 > /dev/null; then
	echo "clang-14 not found: run tests/setup-host.sh" > "$out/build.log"
	false
else
	make -C "$top/fuzz" OUT="$out" > "$out/build.log" 2>&1
fi
# shellcheck disable=SC2181
if [ $? != 0 ]; then
	for t in $targets; do
		fail "fuzz: ${t%%:*}" "(build failed)" "$out/build.log"
	done
	exit 1
fi

for t in $targets; do
	IFS=: read -r name corpus maxlen <<< "$t"
	work=$out/corpus/$name
	art=$out/artifacts/$name
	log=$out/$name.log
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	cp "$top/fuzz/corpus/$corpus/"* "$work/"

	start=$(date +%s)
	# -timeout: one input taking 10 s is a hang; timeout(1) catches a
	# fuzzer that never stops.
	timeout -k 10 $((secs + 120)) "$out/$name" -max_total_time="$secs" \
		-timeout=10 -detect_leaks=1 -max_len="$maxlen" \
		-use_value_profile=1 -dict="$top/fuzz/$name.dict" \
		-print_final_stats=1 -artifact_prefix="$art/" "$work" \
		> "$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")

	why=
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		why="did not stop"
	elif [ $rc != 0 ]; then
		why="exit status $rc"
	elif grep -qE "$report|^SUMMARY: " "$log"; then
		why="error report"
	elif [ -z "$runs" ]; then
		why="no run count"
	elif [ -n "$(ls -A "$art")" ]; then
		why="left artifacts"
	fi
	if [ -z "$why" ]; then
		pass "fuzz: $name" "($runs runs, $took s)"
		continue
	fi
	# The report from its first line, or the end of the log.
	first=$(grep -nm1 -E "$report" "$log" | cut -d: -f1)
	if [ -n "$first" ]; then
		tail -n +"$first" "$log" | head -n 40 > "$out/$name.report"
	else
		tail -n 40 "$log" > "$out/$name.report"
	fi
	fail "fuzz: $name" "($why after ${runs:-?} runs, $took s; log out/fuzz/$name.log; reproduce: out/fuzz/$name out/fuzz/artifacts/$name/<file>)" \
		"$out/$name.report"
done
exit $failed
