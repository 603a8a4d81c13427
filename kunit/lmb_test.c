// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the LMB table read from ibm,dynamic-memory (v1) and
 * ibm,dynamic-memory-v2, its lookups, and every malformation it refuses.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "pdlpar_mem.h"

#define LMB_SZ		SZ_256M
#define BLOCK_SZ	SZ_256M

struct cell {
	u32 seq;	/* v2 only */
	u64 base;
	u32 drc;
	u32 aa;
	u32 flags;
};

/* Builds a property; returns its length. @buf holds 4 + 24 * n bytes. */
static int build(u8 *buf, bool v2, const struct cell *c, u32 n, u32 count)
{
	u32 i;
	u8 *p;

	put_unaligned_be32(count, buf);
	for (i = 0; i < n; i++) {
		p = buf + 4 + i * 24;
		if (!v2) {
			put_unaligned_be64(c[i].base, p);
			put_unaligned_be32(c[i].drc, p + 8);
			put_unaligned_be32(0, p + 12);
			put_unaligned_be32(c[i].aa, p + 16);
			put_unaligned_be32(c[i].flags, p + 20);
		} else {
			put_unaligned_be32(c[i].seq, p);
			put_unaligned_be64(c[i].base, p + 4);
			put_unaligned_be32(c[i].drc, p + 12);
			put_unaligned_be32(c[i].aa, p + 16);
			put_unaligned_be32(c[i].flags, p + 20);
		}
	}
	return 4 + n * 24;
}

static void v1_lookups(struct kunit *test)
{
	/* Out of address order on purpose, with a hole at 2 GiB. */
	static const struct cell c[] = {
		{ 0, 0x40000000, 0x80000004, 0, PDLPAR_LMB_ASSIGNED },
		{ 0, 0x00000000, 0x80000000, 0, PDLPAR_LMB_RESERVED },
		{ 0, 0x90000000, 0x80000009, 1, 0 },
	};
	struct pdlpar_lmb_table t;
	struct pdlpar_lmb *l;
	u8 buf[4 + 3 * 24];
	int len = build(buf, false, c, 3, 3);

	KUNIT_ASSERT_EQ(test, pdlpar_lmb_table_parse(&t, buf, len, false,
						     LMB_SZ, BLOCK_SZ), 0);
	KUNIT_EXPECT_EQ(test, t.nr, 3U);
	l = pdlpar_lmb_by_drc(&t, 0x80000009);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, l->base, 0x90000000ULL);
	KUNIT_EXPECT_EQ(test, l->aa_index, 1U);
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_drc(&t, 0x80000001));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, 0x4fffffff),
			    pdlpar_lmb_by_drc(&t, 0x80000004));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, 0),
			    pdlpar_lmb_by_drc(&t, 0x80000000));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, 0x9fffffff),
			    pdlpar_lmb_by_drc(&t, 0x80000009));
	/* Holes and the end are nobody's. */
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_addr(&t, 0x10000000));
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_addr(&t, 0x50000000));
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_addr(&t, 0xa0000000));
	/* Property order is kept: it is the kernel's drmem order. */
	KUNIT_EXPECT_EQ(test, t.lmbs[1].drc_index, 0x80000000U);
	pdlpar_lmb_table_free(&t);
}

static void v2_runs(struct kunit *test)
{
	static const struct cell c[] = {
		{ 4, 0x00000000, 0x80000000, 0, PDLPAR_LMB_ASSIGNED },
		{ 12, 0x40000000, 0x80000004, 0xffffffff, 0 },
	};
	struct pdlpar_lmb_table t;
	struct pdlpar_lmb *l;
	u8 buf[4 + 2 * 24];
	int len = build(buf, true, c, 2, 2);
	u32 i;

	KUNIT_ASSERT_EQ(test, pdlpar_lmb_table_parse(&t, buf, len, true,
						     LMB_SZ, BLOCK_SZ), 0);
	KUNIT_ASSERT_EQ(test, t.nr, 16U);
	for (i = 0; i < 16; i++) {
		l = pdlpar_lmb_by_drc(&t, 0x80000000 + i);
		KUNIT_ASSERT_NOT_NULL(test, l);
		KUNIT_EXPECT_EQ(test, l->base, (u64)i * LMB_SZ);
		KUNIT_EXPECT_EQ(test, l->flags,
				i < 4 ? PDLPAR_LMB_ASSIGNED : 0U);
		KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, l->base + 5),
				    l);
	}
	pdlpar_lmb_table_free(&t);
}

/* An LMB of two memory blocks is fine; lookups cover both. */
static void lmb_of_two_blocks(struct kunit *test)
{
	static const struct cell c[] = {
		{ 2, 0x00000000, 0x80000000, 0, 0 },
	};
	struct pdlpar_lmb_table t;
	u8 buf[4 + 24];
	int len = build(buf, true, c, 1, 1);

	KUNIT_ASSERT_EQ(test, pdlpar_lmb_table_parse(&t, buf, len, true,
						     SZ_512M, SZ_256M), 0);
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, SZ_512M + SZ_256M),
			    pdlpar_lmb_by_drc(&t, 0x80000001));
	pdlpar_lmb_table_free(&t);
}

/* Boot memory has no DRC: QEMU gives its runs DRC 0, marked invalid. */
static void drc_invalid_runs(struct kunit *test)
{
	static const struct cell c[] = {
		{ 2, 0, 0, 0xffffffff,
		  PDLPAR_LMB_RESERVED | PDLPAR_LMB_DRC_INVALID },
		{ 2, SZ_512M, 0, 0xffffffff,
		  PDLPAR_LMB_RESERVED | PDLPAR_LMB_DRC_INVALID },
		{ 2, SZ_1G, 0x80000004, 0, 0 },
	};
	struct pdlpar_lmb_table t;
	u8 buf[4 + 3 * 24];
	int len = build(buf, true, c, 3, 3);

	KUNIT_ASSERT_EQ(test, pdlpar_lmb_table_parse(&t, buf, len, true,
						     LMB_SZ, BLOCK_SZ), 0);
	KUNIT_EXPECT_EQ(test, t.nr, 6U);
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_drc(&t, 0));
	KUNIT_EXPECT_NULL(test, pdlpar_lmb_by_drc(&t, 1));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, SZ_1G),
			    pdlpar_lmb_by_drc(&t, 0x80000004));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_addr(&t, SZ_512M), &t.lmbs[2]);
	pdlpar_lmb_table_free(&t);
}

struct bad_case {
	const char *desc;
	bool v2;
	struct cell c[3];
	u32 n;		/* cells in the buffer */
	int count;	/* the count field; -1: n */
	int len;	/* bytes given; -1: all */
	u64 lmb_size;	/* 0: LMB_SZ */
	int rc;
};

static const struct bad_case bad_cases[] = {
	{ "empty property", false, {}, 0, 0, 0, 0, -EINVAL },
	{ "three bytes", false, {}, 0, 0, 3, 0, -EINVAL },
	{ "v1 count overruns the length", false,
	  { { 0, 0, 0x80000000 } }, 1, 2, -1, 0, -EINVAL },
	{ "v1 cell cut short", false,
	  { { 0, 0, 0x80000000 } }, 1, -1, 27, 0, -EINVAL },
	{ "v2 count overruns the length", true,
	  { { 1, 0, 0x80000000 } }, 1, 0x7fffffff, -1, 0, -EINVAL },
	{ "v2 run of no LMBs", true,
	  { { 1, 0, 0x80000000 }, { 0, SZ_1G, 0x80000004 } }, 2, -1, -1, 0,
	  -EINVAL },
	{ "v2 run too long", true,
	  { { PDLPAR_MAX_LMBS + 1, 0, 0x80000000 } }, 1, -1, -1, 0, -E2BIG },
	{ "v2 run wraps DRC indexes", true,
	  { { 3, 0, 0xfffffffe } }, 1, -1, -1, 0, -EINVAL },
	{ "lmb-size not a multiple of the block size", false,
	  { { 0, 0, 0x80000000 } }, 1, -1, -1, SZ_128M, -EINVAL },
	{ "base not on a block boundary", false,
	  { { 0, SZ_128M, 0x80000000 } }, 1, -1, -1, 0, -EINVAL },
	{ "duplicate DRC index", false,
	  { { 0, 0, 0x80000000 }, { 0, SZ_1G, 0x80000000 } }, 2, -1, -1, 0,
	  -EINVAL },
	{ "overlapping LMBs", false,
	  { { 0, SZ_1G, 0x80000000 }, { 0, SZ_1G, 0x80000001 } }, 2, -1, -1,
	  0, -EINVAL },
	{ "overlapping v2 runs", true,
	  { { 4, 0, 0x80000000 }, { 2, SZ_512M, 0x80000010 } }, 2, -1, -1, 0,
	  -EINVAL },
};

static void bad_desc(const struct bad_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad, bad_cases, bad_desc);

static void refused(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	struct pdlpar_lmb_table t;
	u8 buf[4 + 3 * 24];
	int len;

	len = build(buf, c->v2, c->c, c->n, c->count < 0 ? c->n : c->count);
	if (c->len >= 0)
		len = c->len;
	KUNIT_EXPECT_EQ(test, pdlpar_lmb_table_parse(&t, buf, len, c->v2,
						     c->lmb_size ?: LMB_SZ,
						     BLOCK_SZ), c->rc);
	/* Nothing is left built. */
	KUNIT_EXPECT_EQ(test, t.nr, 0U);
	KUNIT_EXPECT_NULL(test, t.lmbs);
	KUNIT_EXPECT_TRUE(test, xa_empty(&t.by_drc));
}

static struct kunit_case lmb_test_cases[] = {
	KUNIT_CASE(v1_lookups),
	KUNIT_CASE(v2_runs),
	KUNIT_CASE(lmb_of_two_blocks),
	KUNIT_CASE(drc_invalid_runs),
	KUNIT_CASE_PARAM(refused, bad_gen_params),
	{}
};

static struct kunit_suite lmb_test_suite = {
	.name = "pdlpar_lmb_table",
	.test_cases = lmb_test_cases,
};

kunit_test_suites(&lmb_test_suite);
