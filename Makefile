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
#   make bench        time CPU add/remove (by index, by count) with the
#                     module and with the built-in code in one guest, and
#                     print the ratio (BENCH_ITERATIONS=N rounds, default
#                     10; BENCH_TRACE=N adds N traced rounds and a
#                     breakdown of where the time goes); then memory:
#                     one guest per partition size (BENCH_MAXMEM=8G,1T,4T),
#                     hypervisor DIMM add/remove (BENCH_DIMMS=1G,64G,512G,
#                     those that fit; BENCH_MEM_ROUNDS=1), refused sysfs
#                     and drmgr requests, against the kernel's own calls
#                     (the floor); BENCH_PARTS=cpu,mem picks the halves;
#                     BENCH_KERNEL=7.3 runs it on the Linux 7.3 guest
#                     kernel (no debug options; default 6.12);
#                     not part of make check
#   make soak         one guest, a seeded random mix of hypervisor, sysfs
#                     and kernel operations with invariants checked after
#                     each (SOAK_MINUTES=60, SOAK_SEED=<today>,
#                     SOAK_MAINLINE=1: the same with the module unloaded);
#                     5 minutes of it run in make check
#   make print-artifacts   KDIR=, KERNEL=, INITRD=, MODULE= lines
#   make install      build pseries_dlpar.ko and install it with
#                     modules_install (KDIR, INSTALL_MOD_PATH, INSTALL_MOD_DIR)
#   make dkms-source  copy the module's source and dkms.conf to
#                     $(DESTDIR)/usr/src/pseries-dlpar-$(VERSION) for DKMS

TOP := $(CURDIR)
comma := ,
CROSS_COMPILE ?= powerpc64le-linux-gnu-
KBUILD_ARGS := ARCH=powerpc CROSS_COMPILE=$(CROSS_COMPILE) \
	CONFIG_PSERIES_DLPAR=m CONFIG_PSERIES_DLPAR_KUNIT_TEST=m

.PHONY: all modules check demo guest bench soak print-artifacts kernel clean

# The release, for DKMS and packages: dkms.conf's PACKAGE_VERSION.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(TOP)/dkms.conf)

# make install builds for KDIR, by default the running kernel's build
# tree, natively on a Power host (unless CROSS_COMPILE is given) and
# cross-compiled elsewhere. Only pseries_dlpar.ko is built and installed,
# into $(INSTALL_MOD_PATH)/lib/modules/<release>/$(INSTALL_MOD_DIR).
INSTALL_MOD_DIR ?= updates
INSTALL_KDIR = $(if $(KDIR),$(KDIR),/lib/modules/$(shell uname -r)/build)
INSTALL_CROSS = $(if $(and $(filter file,$(origin CROSS_COMPILE)),\
	$(filter ppc64%,$(shell uname -m))),,$(CROSS_COMPILE))
INSTALL_ARGS = -C "$(INSTALL_KDIR)" M=$(TOP) ARCH=powerpc \
	CROSS_COMPILE=$(INSTALL_CROSS) CONFIG_PSERIES_DLPAR=m
# What DKMS needs to build the module: the sources in every directory
# Kbuild names an object in, and include/.
DKMS_DIRS = $(filter-out ./,$(sort $(dir $(filter %.o,$(shell cat $(TOP)/Kbuild)))))
DKMS_FILES = dkms.conf Makefile Kbuild Kconfig README.md \
	$(patsubst $(TOP)/%,%,$(wildcard $(addprefix $(TOP)/,\
	$(addsuffix *.[ch],$(DKMS_DIRS) include/))))

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

BENCH_ITERATIONS ?= 10
BENCH_PARTS ?= cpu,mem
BENCH_MAXMEM ?= 8G,1T,4T
BENCH_DIMMS ?= 1G,64G,512G
BENCH_MEM_ROUNDS ?= 1
BENCH_KERNEL ?= 6.12
bench:
	@for p in $(subst $(comma), ,$(BENCH_PARTS)); do case $$p in \
		cpu|mem) ;; *) echo "BENCH_PARTS: unknown part $$p" \
			"(cpu, mem)" >&2; exit 2 ;; esac; done && \
	mkdir -p $(TOP)/out && \
	case "$(BENCH_KERNEL)" in \
	6.12) $(TOP)/tests/build.sh > $(TOP)/out/artifacts.env ;; \
	7.3) $(TOP)/tests/build.sh > /dev/null && \
		$(TOP)/tests/kernel73.sh --artifacts \
		> $(TOP)/out/artifacts.env ;; \
	*) echo "BENCH_KERNEL: 6.12 or 7.3" >&2; exit 2 ;; esac && \
	. $(TOP)/out/artifacts.env && status=0 && \
	case ",$(BENCH_PARTS)," in *,cpu,*) \
	python3 $(TOP)/tests/bench.py --kernel "$$KERNEL" --initrd "$$INITRD" \
		--logdir $(TOP)/out --iterations $(BENCH_ITERATIONS) \
		$(if $(BENCH_TRACE),--trace $(BENCH_TRACE)) || status=1 ;; \
	esac && \
	case ",$(BENCH_PARTS)," in *,mem,*) \
	python3 $(TOP)/tests/bench_mem.py --kernel "$$KERNEL" \
		--initrd "$$INITRD" --logdir $(TOP)/out \
		--maxmem $(BENCH_MAXMEM) --dimms $(BENCH_DIMMS) \
		--rounds $(BENCH_MEM_ROUNDS) || status=1 ;; \
	esac && exit $$status

SOAK_MINUTES ?= 60
soak:
	@mkdir -p $(TOP)/out && \
	$(TOP)/tests/build.sh > $(TOP)/out/artifacts.env && \
	. $(TOP)/out/artifacts.env && \
	python3 $(TOP)/tests/soak.py --kernel "$$KERNEL" --initrd "$$INITRD" \
		--logdir $(TOP)/out/soak --minutes $(SOAK_MINUTES) \
		$(if $(SOAK_SEED),--seed $(SOAK_SEED)) \
		$(if $(SOAK_MAINLINE),--mainline)

print-artifacts:
	@$(TOP)/tests/build.sh 2>/dev/null

clean:
	@kdir=$$($(TOP)/kernel/build-kernel.sh 2>/dev/null) && \
	$(MAKE) -C "$$kdir" M=$(TOP) $(KBUILD_ARGS) clean
	rm -rf $(TOP)/out

.PHONY: install dkms-source

install:
	@[ -d "$(INSTALL_KDIR)" ] || { echo "make install: no kernel build" \
		"tree at $(INSTALL_KDIR); give KDIR=" >&2; exit 1; }
	$(MAKE) $(INSTALL_ARGS) modules
	$(MAKE) $(INSTALL_ARGS) INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install

dkms-source:
	@[ -n "$(VERSION)" ] || { echo "dkms-source: no PACKAGE_VERSION" \
		"in dkms.conf" >&2; exit 1; }
	mkdir -p "$(DESTDIR)/usr/src/pseries-dlpar-$(VERSION)"
	cd $(TOP) && cp --parents $(DKMS_FILES) \
		"$(DESTDIR)/usr/src/pseries-dlpar-$(VERSION)/"
