# SPDX-License-Identifier: GPL-2.0
#
# pseries-dlpar. Kbuild describes the module; this file drives the build
# and the tests on a Debian 12 host (see README.md).
#
#   make              build the modules against KDIR (default: the cached
#                     guest kernel, built first if needed)
#   make check        every check and test; ends with "N passed, N failed"
#   make demo         a real request flowing through the module, narrated
#   make guest        boot the guest with the module loaded: console + QMP
#   make print-artifacts   KDIR=, KERNEL=, INITRD=, MODULE= lines

TOP := $(CURDIR)
CROSS_COMPILE ?= powerpc64le-linux-gnu-
KBUILD_ARGS := ARCH=powerpc CROSS_COMPILE=$(CROSS_COMPILE) \
	CONFIG_PSERIES_DLPAR=m CONFIG_PSERIES_DLPAR_KUNIT_TEST=m

.PHONY: all modules check demo guest print-artifacts kernel clean

all: modules

modules:
	@kdir="$(KDIR)"; [ -n "$$kdir" ] || kdir=$$($(TOP)/kernel/build-kernel.sh); \
	$(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) W=1 modules

kernel:
	@$(TOP)/kernel/build-kernel.sh

check:
	@$(TOP)/tests/check.sh

demo:
	@$(TOP)/tests/demo.sh

guest:
	@$(TOP)/tests/guest.sh

print-artifacts:
	@$(TOP)/tests/build.sh 2>/dev/null

clean:
	@kdir=$$($(TOP)/kernel/build-kernel.sh 2>/dev/null) && \
	$(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) clean
	rm -rf $(TOP)/out
