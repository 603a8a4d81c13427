// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper, not part of the product: takes a physical memory range out
 * of the page allocator (alloc_contig_range()) so that the kernel cannot
 * offline the memory block holding it, until the module is unloaded. The
 * end-to-end tests use it to make an LMB removal fail deterministically.
 *
 *   insmod pdlpar_memhold.ko base=0x40000000 size=0x100000
 */

#define pr_fmt(fmt) "pdlpar_memhold: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>

#include "pdlpar_compat.h"

static unsigned long base;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "physical address of the range to hold");
static unsigned long size = PAGE_SIZE;
module_param(size, ulong, 0444);
MODULE_PARM_DESC(size, "bytes to hold");

static int __init memhold_init(void)
{
	int rc;

	if (!size || base % PAGE_SIZE || size % PAGE_SIZE)
		return -EINVAL;
	rc = alloc_contig_range(PHYS_PFN(base), PHYS_PFN(base + size),
				PDLPAR_ACR_MOVABLE, GFP_KERNEL);
	if (rc) {
		pr_err("cannot take 0x%lx+0x%lx: %d\n", base, size, rc);
		return rc;
	}
	pr_info("holding 0x%lx+0x%lx\n", base, size);
	return 0;
}

static void __exit memhold_exit(void)
{
	free_contig_range(PHYS_PFN(base), PHYS_PFN(size));
	pr_info("released 0x%lx+0x%lx\n", base, size);
}

module_init(memhold_init);
module_exit(memhold_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pseries-dlpar test helper: pin a physical range");
