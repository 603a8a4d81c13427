// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the LMB table, read from ibm,dynamic-memory(-v2).
 *
 * The property comes from the hypervisor (at boot, and again after a
 * migration), so it is checked as hostile input: counts that overrun its
 * length, empty or overflowing runs, LMBs not aligned to the kernel's
 * memory block size, duplicate DRC indexes and overlapping LMBs are each
 * refused with one line naming the field, and nothing is built.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "pdlpar_mem.h"

static const char *prop_name(bool v2)
{
	return v2 ? "ibm,dynamic-memory-v2" : "ibm,dynamic-memory";
}

/* Number of LMBs the property describes, after checking its shape. */
static int lmb_count(const u8 *p, int len, bool v2, u64 lmb_size, u32 *nr)
{
	u32 cells, i, seq;
	u64 total = 0;

	if (len < 4) {
		pr_err("memory: %s is %d bytes, too short for its count\n",
		       prop_name(v2), len);
		return -EINVAL;
	}
	cells = get_unaligned_be32(p);
	if ((u64)cells * PDLPAR_DRCONF_V1_CELL > (u64)len - 4) {
		pr_err("memory: %s counts %u entries, its %d bytes hold %d\n",
		       prop_name(v2), cells, len,
		       (len - 4) / PDLPAR_DRCONF_V1_CELL);
		return -EINVAL;
	}
	if (!v2) {
		total = cells;
	} else {
		for (i = 0; i < cells; i++) {
			seq = get_unaligned_be32(p + 4 +
						 i * PDLPAR_DRCONF_V2_CELL);
			if (!seq) {
				pr_err("memory: %s run %u has no LMBs\n",
				       prop_name(v2), i);
				return -EINVAL;
			}
			total += seq;
			if (total > PDLPAR_MAX_LMBS)
				break;
		}
	}
	if (total > PDLPAR_MAX_LMBS) {
		pr_err("memory: %s describes more than %lu LMBs\n",
		       prop_name(v2), PDLPAR_MAX_LMBS);
		return -E2BIG;
	}
	*nr = total;
	return 0;
}

/* Reads every LMB into t->lmbs, checking each on its own. */
static int lmb_fill(struct pdlpar_lmb_table *t, const u8 *p, u64 block_size)
{
	u32 cells = get_unaligned_be32(p), i, k, seq, pos = 0;
	const u8 *c;
	struct pdlpar_lmb *l;

	for (i = 0; i < cells; i++) {
		c = p + 4 + i * PDLPAR_DRCONF_V1_CELL;
		if (!t->v2) {
			l = &t->lmbs[pos++];
			l->base = get_unaligned_be64(c);
			l->drc_index = get_unaligned_be32(c + 8);
			l->aa_index = get_unaligned_be32(c + 16);
			l->flags = get_unaligned_be32(c + 20);
			seq = 1;
		} else {
			seq = get_unaligned_be32(c);
			for (k = 0; k < seq; k++) {
				l = &t->lmbs[pos++];
				l->base = get_unaligned_be64(c + 4) +
					  (u64)k * t->lmb_size;
				l->drc_index = get_unaligned_be32(c + 12) + k;
				l->aa_index = get_unaligned_be32(c + 16);
				l->flags = get_unaligned_be32(c + 20);
			}
			/* A run must not wrap its addresses or DRC indexes. */
			if (get_unaligned_be32(c + 12) > U32_MAX - (seq - 1) ||
			    get_unaligned_be64(c + 4) >
			    U64_MAX - (u64)seq * t->lmb_size) {
				pr_err("memory: %s run %u (%u LMBs from DRC 0x%08x) wraps around\n",
				       prop_name(t->v2), i, seq,
				       get_unaligned_be32(c + 12));
				return -EINVAL;
			}
		}
	}
	for (pos = 0; pos < t->nr; pos++) {
		l = &t->lmbs[pos];
		if (l->base % block_size || l->base > U64_MAX - t->lmb_size) {
			pr_err("memory: %s LMB 0x%08x: base 0x%llx is not a memory block boundary\n",
			       prop_name(t->v2), l->drc_index, l->base);
			return -EINVAL;
		}
	}
	return 0;
}

static int cmp_base(const void *a, const void *b, const void *priv)
{
	const struct pdlpar_lmb *lmbs = priv;
	u64 x = lmbs[*(const u32 *)a].base, y = lmbs[*(const u32 *)b].base;

	return x < y ? -1 : x > y;
}

static void swap_pos(void *a, void *b, int size, const void *priv)
{
	swap(*(u32 *)a, *(u32 *)b);
}

/* Builds both indexes; refuses duplicate DRC indexes and overlaps. */
static int lmb_index(struct pdlpar_lmb_table *t)
{
	const struct pdlpar_lmb *a, *b;
	u32 pos;
	int rc;

	for (pos = 0; pos < t->nr; pos++) {
		t->by_base[pos] = pos;
		/* QEMU gives boot memory runs DRC 0 + k, marked invalid. */
		if (t->lmbs[pos].flags & PDLPAR_LMB_DRC_INVALID)
			continue;
		rc = xa_insert(&t->by_drc, t->lmbs[pos].drc_index,
			       xa_mk_value(pos), GFP_KERNEL);
		if (rc == -EBUSY) {
			pr_err("memory: %s names DRC 0x%08x twice\n",
			       prop_name(t->v2), t->lmbs[pos].drc_index);
			return -EINVAL;
		}
		if (rc)
			return rc;
	}
	sort_r(t->by_base, t->nr, sizeof(u32), cmp_base, swap_pos, t->lmbs);
	for (pos = 1; pos < t->nr; pos++) {
		a = &t->lmbs[t->by_base[pos - 1]];
		b = &t->lmbs[t->by_base[pos]];
		if (a->base + t->lmb_size > b->base) {
			pr_err("memory: %s LMBs 0x%08x and 0x%08x overlap at 0x%llx\n",
			       prop_name(t->v2), a->drc_index, b->drc_index,
			       b->base);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * pdlpar_lmb_table_parse - build the LMB table from the device tree
 * @t: the table to fill; left empty on error
 * @prop: the value of ibm,dynamic-memory or ibm,dynamic-memory-v2
 * @len: its length in bytes
 * @v2: which of the two it is
 * @lmb_size: the value of ibm,lmb-size
 * @block_size: the kernel's memory block size
 *
 * Return: 0; -EINVAL for a malformed or inconsistent property (one line
 * logged naming the field), -E2BIG for more than %PDLPAR_MAX_LMBS LMBs,
 * or -ENOMEM.
 */
int pdlpar_lmb_table_parse(struct pdlpar_lmb_table *t, const void *prop,
			   int len, bool v2, u64 lmb_size, u64 block_size)
{
	int rc;

	memset(t, 0, sizeof(*t));
	xa_init(&t->by_drc);
	t->v2 = v2;
	t->lmb_size = lmb_size;
	if (!block_size || !lmb_size || lmb_size % block_size) {
		pr_err("memory: ibm,lmb-size 0x%llx is not a multiple of the memory block size 0x%llx\n",
		       lmb_size, block_size);
		return -EINVAL;
	}
	if (lmb_size / block_size > PDLPAR_MAX_LMB_BLOCKS) {
		pr_err("memory: ibm,lmb-size 0x%llx holds more than %d memory blocks of 0x%llx\n",
		       lmb_size, PDLPAR_MAX_LMB_BLOCKS, block_size);
		return -EINVAL;
	}
	if (!prop)
		len = 0;
	rc = lmb_count(prop, len, v2, lmb_size, &t->nr);
	if (rc)
		return rc;
	t->lmbs = kvcalloc(t->nr, sizeof(*t->lmbs), GFP_KERNEL);
	t->by_base = kvcalloc(t->nr, sizeof(*t->by_base), GFP_KERNEL);
	rc = -ENOMEM;
	if (t->lmbs && t->by_base)
		rc = lmb_fill(t, prop, block_size);
	if (!rc)
		rc = lmb_index(t);
	if (rc)
		pdlpar_lmb_table_free(t);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lmb_table_parse);

/**
 * pdlpar_lmb_table_free - free what pdlpar_lmb_table_parse() built
 * @t: the table; left empty
 */
void pdlpar_lmb_table_free(struct pdlpar_lmb_table *t)
{
	xa_destroy(&t->by_drc);
	kvfree(t->lmbs);
	kvfree(t->by_base);
	t->lmbs = NULL;
	t->by_base = NULL;
	t->nr = 0;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lmb_table_free);

/**
 * pdlpar_lmb_by_drc - find an LMB by its DRC index
 * @t: the table
 * @drc_index: the DRC index
 *
 * Return: the LMB, or NULL if no LMB has that DRC.
 */
struct pdlpar_lmb *pdlpar_lmb_by_drc(struct pdlpar_lmb_table *t,
				     u32 drc_index)
{
	void *v = xa_load(&t->by_drc, drc_index);

	return v ? &t->lmbs[xa_to_value(v)] : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lmb_by_drc);

/**
 * pdlpar_lmb_by_addr - find the LMB that holds a physical address
 * @t: the table
 * @addr: the address
 *
 * Return: the LMB, or NULL if no LMB covers @addr.
 */
struct pdlpar_lmb *pdlpar_lmb_by_addr(const struct pdlpar_lmb_table *t,
				      u64 addr)
{
	u32 lo = 0, hi = t->nr, mid;
	struct pdlpar_lmb *l;

	/* The last LMB starting at or below @addr. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->lmbs[t->by_base[mid]].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	l = &t->lmbs[t->by_base[lo - 1]];
	return addr - l->base < t->lmb_size ? l : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lmb_by_addr);
