/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: what differs between the kernels the module builds for,
 * Linux 6.12 LTS and 7.3, in one place, so that the flows read the same
 * on both.
 */
#ifndef _PDLPAR_COMPAT_H
#define _PDLPAR_COMPAT_H

#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

struct kunit;

/*
 * Symbol namespaces: MODULE_IMPORT_NS() takes a bare identifier up to
 * 6.12 and a string literal from 6.13 on (commit cdd30ebb1b9f, "module:
 * Convert symbol namespace to string literal"); the modinfo tag both
 * write is the same string, so write it directly.
 */
#define PDLPAR_IMPORT_NS(ns)	MODULE_INFO(import_ns, #ns)

/*
 * The memory block device holding @addr, with a reference the caller
 * drops with pdlpar_memory_block_put(); NULL if there is none. After
 * 6.12, find_memory_block(section) gave way to memory_block_get(block
 * id); Kbuild finds out which one the kernel has. Both are called under
 * the device hotplug lock.
 */
static inline struct memory_block *pdlpar_memory_block_get(u64 addr)
{
#ifdef PDLPAR_HAVE_MEMORY_BLOCK_GET
	return memory_block_get(phys_to_block_id(addr));
#else
	return find_memory_block(pfn_to_section_nr(PHYS_PFN(addr)));
#endif
}

static inline void pdlpar_memory_block_put(struct memory_block *mem)
{
	put_device(&mem->dev);
}

/*
 * One zeroed object of @p's type: 7.3 has kzalloc_obj() (and its
 * checkpatch asks for it), 6.12 does not.
 */
#ifndef kzalloc_obj
#define kzalloc_obj(p, gfp)	kzalloc(sizeof(p), gfp)
#endif

/*
 * alloc_contig_range()'s third argument: a migrate type up to 6.12
 * (MIGRATE_MOVABLE for an ordinary allocation), flags after it
 * (ACR_FLAGS_NONE).
 */
#ifdef ACR_FLAGS_NONE
#define PDLPAR_ACR_MOVABLE	ACR_FLAGS_NONE
#else
#define PDLPAR_ACR_MOVABLE	MIGRATE_MOVABLE
#endif

/*
 * A KUnit parameter generator's prototype: 7.3's generators also get the
 * test (struct kunit *), 6.12's do not; Kbuild finds out which.
 */
#ifdef PDLPAR_HAVE_KUNIT_GEN_PARAMS_TEST
#define PDLPAR_KUNIT_GEN_PARAMS(name) \
	const void *(name)(struct kunit *test, const void *prev, char *desc)
#else
#define PDLPAR_KUNIT_GEN_PARAMS(name) \
	const void *(name)(const void *prev, char *desc)
#endif

#endif /* _PDLPAR_COMPAT_H */
