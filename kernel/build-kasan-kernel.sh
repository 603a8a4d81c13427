#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the KASAN variant of the guest kernel: build-kernel.sh, unchanged,
# run on kernel/guest.config + kernel/kasan.config with its own cache
# ($PDLPAR_CACHE/kasan), so the two builds never evict each other and the
# main kernel's key does not depend on this variant. Prints the build
# directory on stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PDLPAR_CACHE:-/var/cache/pseries-dlpar}/kasan
stage=$cache/script

mkdir -p "$stage"
# The staged copy is what build-kernel.sh keys on: refresh it only when
# its inputs changed, so that an unchanged variant stays cached.
cat "$here/guest.config" "$here/kasan.config" > "$stage/guest.config.new"
cp "$here/build-kernel.sh" "$stage/build-kernel.sh.new"
for f in guest.config build-kernel.sh; do
	if cmp -s "$stage/$f.new" "$stage/$f"; then
		rm "$stage/$f.new"
	else
		mv "$stage/$f.new" "$stage/$f"
	fi
done
chmod +x "$stage/build-kernel.sh"
rm -rf "$stage/patches"
ln -s "$here/patches" "$stage/patches"
PDLPAR_CACHE=$cache exec "$stage/build-kernel.sh"
