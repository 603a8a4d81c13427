#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: set up, build, boot, and show a request flowing through us.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "Setting up the host and building (cached after the first run)..."
if ! env=$("$top/tests/build.sh" 2> "$log"); then
	cat "$log" >&2
	exit 1
fi
eval "$env"
python3 "$top/tests/demo.py" --kernel "$KERNEL" --initrd "$INITRD"
