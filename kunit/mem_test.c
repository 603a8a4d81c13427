// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: memory add and remove flows against the fake PAPR platform and a
 * fake kernel whose every step can fail. After each request, failed or
 * not, the fake's DRCs, the fake kernel's memory and the LMB table must
 * agree, and a failed hypervisor removal must have been signalled.
 *
 * The partition: six LMBs of 256 MiB, DRC 0x80000000 + i at i * 256 MiB.
 * LMBs 0-1 are boot memory (assigned, reserved), 2-3 a hot-added DIMM
 * (assigned), 4-5 a DIMM the hypervisor has plugged (free, UNUSABLE).
 * The scale cases build the same shape at any size, up to 64 TiB.
 */

#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/of.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "fake_papr.h"
#include "pdlpar_compat.h"
#include "pdlpar_mem.h"

#define NR_LMBS		6
#define LMB_DRC(i)	(0x80000000 + (i))
#define LMB_SZ		SZ_256M

struct fake_mem {
	struct pdlpar_mem_host host;
	struct fake_papr fp;
	struct pdlpar_lmb_table table;
	struct device_node *parent;
	unsigned int nr;		/* LMBs */
	bool *added;
	bool *online;
	bool *movable;			/* online in ZONE_MOVABLE */
	unsigned long busy;		/* LMBs that refuse to go offline */
	unsigned long node1;		/* LMBs on node 1, the rest on 0 */
	bool auto_online;		/* the kernel onlines what is added */
	bool movable_default;		/* movable_node: new memory is movable */
	u32 pos[NR_LMBS];		/* first positions of the last commit */
	u32 *dt;			/* flags drmem_info/the tree have */
	int fail_add_at;		/* 1-based add call that fails */
	int fail_online_at;		/* 1-based online call that fails */
	int fail_commit_at;		/* 1-based commit that fails */
	unsigned int adds, onlines, commits, committed, removes;
	u8 *prop;			/* ibm,dynamic-memory */
};

static const __be32 fake_assoc[] = {
	cpu_to_be32(4), cpu_to_be32(0), cpu_to_be32(0), cpu_to_be32(0),
	cpu_to_be32(0),
};

static const char fake_memory_type[] = "memory";

static const struct fake_cc_step lmb_fdt[] = {
	{ PDLPAR_CC_NEXT_CHILD, "memory@0" },
	{ PDLPAR_CC_NEXT_PROPERTY, "device_type", fake_memory_type,
	  sizeof(fake_memory_type) },
	{ PDLPAR_CC_NEXT_PROPERTY, "ibm,associativity", fake_assoc,
	  sizeof(fake_assoc) },
	{ PDLPAR_CC_PREV_PARENT },
	{ PDLPAR_CC_COMPLETE },
};

static struct fake_mem *to_fm(struct pdlpar_mem_host *host)
{
	return container_of(host, struct fake_mem, host);
}

static int lmb_of(struct fake_mem *fm, u64 base)
{
	return base / LMB_SZ;
}

static int fm_drc_lookup(struct pdlpar_mem_host *host, u32 index,
			 struct pdlpar_drc *drc)
{
	memset(drc, 0, sizeof(*drc));
	drc->index = index;
	if (index >= LMB_DRC(0) && index - LMB_DRC(0) < to_fm(host)->nr)
		drc->type = PDLPAR_DRC_TYPE_MEM;
	else if (index == 0x10000000)
		drc->type = PDLPAR_DRC_TYPE_CPU;
	else
		return -ENOENT;
	return 0;
}

static int fm_aa_index(struct pdlpar_mem_host *host, struct device_node *np,
		       u32 *aa_index)
{
	const void *assoc;
	int len;

	assoc = of_get_property(np, "ibm,associativity", &len);
	if (!assoc || len != sizeof(fake_assoc) ||
	    memcmp(assoc, fake_assoc, len))
		return -EPROTO;
	*aa_index = 7;
	return 0;
}

static int fm_nid(struct pdlpar_mem_host *host, const struct pdlpar_lmb *l)
{
	return to_fm(host)->node1 & BIT(lmb_of(to_fm(host), l->base)) ? 1 : 0;
}

static bool fm_removable(struct pdlpar_mem_host *host,
			 const struct pdlpar_lmb *l)
{
	return true;
}

/*
 * As __add_memory(): the whole range or nothing; any part already there
 * is -EEXIST (the resource would collide). With auto_online the kernel
 * onlines it, in the zone its policy picks.
 */
static int fm_add(struct pdlpar_mem_host *host, int nid, u64 base, u64 size)
{
	struct fake_mem *fm = to_fm(host);
	int i, first = lmb_of(fm, base), n = size / LMB_SZ;

	if (++fm->adds == fm->fail_add_at)
		return -ENOMEM;
	if (!n || size % LMB_SZ || first + n > fm->nr)
		return -EINVAL;
	for (i = first; i < first + n; i++)
		if (fm->added[i] || fm_nid(host, &fm->table.lmbs[i]) != nid)
			return fm->added[i] ? -EEXIST : -EINVAL;
	for (i = first; i < first + n; i++) {
		fm->added[i] = true;
		fm->online[i] = fm->auto_online;
		fm->movable[i] = fm->auto_online && fm->movable_default;
	}
	return 0;
}

/* One LMB, one memory block, as on pseries. */
static int fm_offline(struct pdlpar_mem_host *host, u64 base, u64 size,
		      u64 *movable)
{
	struct fake_mem *fm = to_fm(host);
	int i = lmb_of(fm, base);

	if (size != LMB_SZ)
		KUNIT_FAIL(kunit_get_current_test(), "offline of %llx", size);
	*movable = 0;
	if (!fm->added[i])
		return -ENODEV;
	if (fm->busy & BIT(i))
		return -EBUSY;
	if (fm->online[i] && fm->movable[i])
		*movable = 1;
	fm->online[i] = false;
	return 0;
}

/*
 * As device_online() with the block's online_type: the zone asked for,
 * or with none the kernel's default -- which for a block the movable
 * zone no longer spans is a kernel zone, unless movable_node.
 */
static int fm_online(struct pdlpar_mem_host *host, u64 base, u64 size,
		     const u64 *movable)
{
	struct fake_mem *fm = to_fm(host);
	int i = lmb_of(fm, base);

	if (size != LMB_SZ)
		KUNIT_FAIL(kunit_get_current_test(), "online of %llx", size);
	if (!fm->added[i])
		return -ENODEV;
	if (++fm->onlines == fm->fail_online_at)
		return -ENOMEM;
	if (!fm->online[i])
		fm->movable[i] = movable ? *movable & 1 : fm->movable_default;
	fm->online[i] = true;
	return 0;
}

static int fm_remove(struct pdlpar_mem_host *host, u64 base, u64 size)
{
	struct fake_mem *fm = to_fm(host);
	int i, first = lmb_of(fm, base), n = size / LMB_SZ;

	fm->removes++;
	/* The real host refuses what __remove_memory() would BUG() on ... */
	for (i = first; i < first + n; i++)
		if (fm->online[i])
			return -EBUSY;
	for (i = first; i < first + n; i++) {
		/* ... and the flows must never get that far. */
		if (!fm->added[i])
			KUNIT_FAIL(kunit_get_current_test(),
				   "LMB %d removed twice", i);
		fm->added[i] = false;
	}
	return 0;
}

/* As the real host: on failure drmem_info and the tree are unchanged. */
static int fm_commit(struct pdlpar_mem_host *host, const u32 *pos,
		     unsigned int n)
{
	struct fake_mem *fm = to_fm(host);
	unsigned int i;

	if (++fm->commits == fm->fail_commit_at)
		return -ENOMEM;
	fm->committed = n;
	for (i = 0; i < n && i < NR_LMBS; i++)
		fm->pos[i] = pos[i];
	for (i = 0; i < n; i++)
		fm->dt[pos[i]] = fm->table.lmbs[pos[i]].flags;
	return 0;
}

static struct device_node *fm_cc_parent(struct pdlpar_mem_host *host)
{
	return to_fm(host)->parent;
}

static const struct pdlpar_mem_host_ops fm_ops = {
	.drc_lookup = fm_drc_lookup,
	.aa_index = fm_aa_index,
	.nid = fm_nid,
	.removable = fm_removable,
	.add = fm_add,
	.offline = fm_offline,
	.online = fm_online,
	.remove = fm_remove,
	.commit = fm_commit,
	.cc_parent = fm_cc_parent,
};

static void fm_exit(void *data)
{
	struct fake_mem *fm = data;

	pdlpar_lmb_table_free(&fm->table);
	of_node_put(fm->parent);
	fake_papr_free(&fm->fp);
	kvfree(fm->added);
	kvfree(fm->online);
	kvfree(fm->movable);
	kvfree(fm->dt);
	kvfree(fm->prop);
}

/*
 * A partition of @nr LMBs: @boot of boot memory (assigned, reserved),
 * then assigned ones up to @assigned, then free ones the hypervisor has
 * memory behind (UNUSABLE, attached).
 */
static struct fake_mem *fm_init_n(struct kunit *test, u32 nr, u32 boot,
				  u32 assigned)
{
	struct fake_mem *fm = kunit_kzalloc(test, sizeof(*fm), GFP_KERNEL);
	size_t len = 4 + (size_t)nr * PDLPAR_DRCONF_V1_CELL;
	struct fake_drc *f;
	u32 flags, i;
	u8 *c;

	KUNIT_ASSERT_NOT_NULL(test, fm);
	fake_papr_init(&fm->fp);
	fm->nr = nr;
	fm->added = kvcalloc(nr, sizeof(bool), GFP_KERNEL);
	fm->online = kvcalloc(nr, sizeof(bool), GFP_KERNEL);
	fm->movable = kvcalloc(nr, sizeof(bool), GFP_KERNEL);
	fm->dt = kvcalloc(nr, sizeof(u32), GFP_KERNEL);
	fm->prop = kvzalloc(len, GFP_KERNEL);
	f = fake_papr_add_range(&fm->fp, LMB_DRC(0), nr);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fm_exit, fm), 0);
	KUNIT_ASSERT_TRUE(test, f && fm->added && fm->online && fm->movable &&
			  fm->dt && fm->prop);
	put_unaligned_be32(nr, fm->prop);
	for (i = 0; i < nr; i++, f++) {
		flags = i < assigned ? PDLPAR_LMB_ASSIGNED : 0;
		if (i < boot)
			flags |= PDLPAR_LMB_RESERVED;
		c = fm->prop + 4 + (size_t)i * PDLPAR_DRCONF_V1_CELL;
		put_unaligned_be64((u64)i * LMB_SZ, c);
		put_unaligned_be32(LMB_DRC(i), c + 8);
		put_unaligned_be32(0, c + 16);
		put_unaligned_be32(flags, c + 20);
		f->state = i < assigned ? PDLPAR_DRC_CONFIGURED :
					  PDLPAR_DRC_UNUSABLE;
		f->attached = true;
		f->is_lmb = true;
		f->fdt = lmb_fdt;
		f->fdt_len = ARRAY_SIZE(lmb_fdt);
		fm->added[i] = i < assigned;
		fm->online[i] = i < assigned;
		fm->dt[i] = flags;
	}
	KUNIT_ASSERT_EQ(test, pdlpar_lmb_table_parse(&fm->table, fm->prop,
						     len, false, LMB_SZ,
						     LMB_SZ), 0);
	fm->parent = of_find_node_by_path("/");
	KUNIT_ASSERT_NOT_NULL(test, fm->parent);
	fm->host.ops = &fm_ops;
	fm->host.plat = &fm->fp.plat;
	fm->host.table = &fm->table;
	return fm;
}

static struct fake_mem *fm_init(struct kunit *test)
{
	return fm_init_n(test, NR_LMBS, 2, 4);
}

static struct pdlpar_request req_of(u8 action, u8 id_type, u32 index,
				    u32 count, enum pdlpar_source src)
{
	struct pdlpar_request r = {
		.source = src,
		.resource = PDLPAR_RES_MEM,
		.action = action,
		.id_type = id_type,
		.index = index,
		.count = count,
	};

	/* The parsers leave count 0 for a request by index. */
	if (id_type == PDLPAR_ID_INDEX)
		r.count = 0;
	return r;
}

/*
 * Memory, DRC and table agree for every LMB: assigned exactly when added
 * and online, its DRC CONFIGURED then and not ours (UNUSABLE) otherwise,
 * unless it is one the platform could not take back (@held).
 */
static void expect_consistent(struct kunit *test, struct fake_mem *fm,
			      unsigned long held)
{
	struct pdlpar_lmb *l;
	struct fake_drc *f;
	bool assigned;
	u32 i;

	for (i = 0; i < fm->nr; i++) {
		l = pdlpar_lmb_by_drc(&fm->table, LMB_DRC(i));
		f = fake_papr_drc(&fm->fp, LMB_DRC(i));
		assigned = l->flags & PDLPAR_LMB_ASSIGNED;
		KUNIT_EXPECT_EQ_MSG(test, fm->added[i], assigned, "LMB %d", i);
		KUNIT_EXPECT_EQ_MSG(test, fm->online[i], assigned, "LMB %d",
				    i);
		KUNIT_EXPECT_EQ_MSG(test, fm->dt[i], l->flags,
				    "LMB %d: drmem_info and the tree", i);
		if (assigned || (held & BIT(i)))
			KUNIT_EXPECT_EQ_MSG(test, f->state,
					    PDLPAR_DRC_CONFIGURED, "LMB %d", i);
		else if (f->attached)
			KUNIT_EXPECT_EQ_MSG(test, f->state, PDLPAR_DRC_UNUSABLE,
					    "LMB %d", i);
	}
}

static void add_by_index(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 LMB_DRC(4), 1, PDLPAR_SRC_SYSFS);

	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_TRUE(test, fm->online[4]);
	KUNIT_EXPECT_EQ(test, fm->table.lmbs[4].aa_index, 7U);
	KUNIT_EXPECT_EQ(test, fm->commits, 1U);
	KUNIT_EXPECT_EQ(test, fm->committed, 1U);
	KUNIT_EXPECT_EQ(test, fm->pos[0], 4U);
	expect_consistent(test, fm, 0);
	/* Twice is refused, and changes nothing. */
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EEXIST);
	KUNIT_EXPECT_EQ(test, fm->commits, 1U);
	expect_consistent(test, fm, 0);
}

static void add_indexed_count_and_count(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 2, PDLPAR_SRC_HYPERVISOR);

	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->committed, 2U);
	expect_consistent(test, fm, 0);
	/* Nothing left to add. */
	r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0, 1, PDLPAR_SRC_SYSFS);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOSPC);
	expect_consistent(test, fm, 0);
}

/* A count add skips an LMB the platform has no memory behind. */
static void add_count_skips_empty(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0,
					 1, PDLPAR_SRC_SYSFS);

	fake_papr_drc(&fm->fp, LMB_DRC(4))->attached = false;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_TRUE(test, fm->online[5]);
	KUNIT_EXPECT_FALSE(test, fm->added[4]);
}

/*
 * An add of two that fails at the kernel's add or online of the second
 * LMB undoes the first: nothing added, every DRC back. LMB 5 is on
 * another node, so each LMB is a run of its own with its own add.
 */
static void add_fails_undone(struct kunit *test)
{
	static const struct { int add, online; } at[] = {
		{ 1, 0 }, { 2, 0 }, { 0, 1 }, { 0, 2 },
	};
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 2, PDLPAR_SRC_SYSFS);
	struct fake_mem *fm;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(at); i++) {
		fm = fm_init(test);
		fm->node1 = BIT(5);
		/* QEMU lets the guest give an unflagged LMB back only so. */
		fake_papr_drc(&fm->fp, LMB_DRC(4))->flagged = false;
		fm->fail_add_at = at[i].add;
		fm->fail_online_at = at[i].online;
		KUNIT_EXPECT_LT(test, pdlpar_mem_request(&fm->host, &r), 0);
		KUNIT_EXPECT_EQ(test, fm->commits, 0U);
		/* QEMU refuses to isolate an LMB it has not flagged: held. */
		expect_consistent(test, fm, BIT(4) | BIT(5));
		KUNIT_EXPECT_EQ(test, fm->table.lmbs[4].aa_index, 0U);
	}
}

static void flag(struct fake_mem *fm, int i)
{
	fake_papr_drc(&fm->fp, LMB_DRC(i))->flagged = true;
}

static void remove_hypervisor(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(2),
					 2, PDLPAR_SRC_HYPERVISOR);

	flag(fm, 2);
	flag(fm, 3);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_FALSE(test, fm->added[2] || fm->added[3]);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(2))->deleted, 1U);
	KUNIT_EXPECT_EQ(test, fm->table.lmbs[3].aa_index, U32_MAX);
	KUNIT_EXPECT_EQ(test, fm->committed, 2U);
	expect_consistent(test, fm, 0);
}

/*
 * The kernel cannot offline the first LMB (mainline never tells the
 * hypervisor then): every DRC of the request is unisolated.
 */
static void remove_first_busy_signalled(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(2),
					 2, PDLPAR_SRC_HYPERVISOR);

	flag(fm, 2);
	flag(fm, 3);
	fm->busy = BIT(2);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EBUSY);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(2))->rejections,
			1U);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(3))->rejections,
			1U);
	KUNIT_EXPECT_EQ(test, fm->commits, 0U);
	expect_consistent(test, fm, 0);
}

/* The same by index, and the second LMB busy. */
static void remove_index_busy_signalled(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 LMB_DRC(3), 1, PDLPAR_SRC_HYPERVISOR);

	flag(fm, 3);
	fm->busy = BIT(3);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EBUSY);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(3))->rejections,
			1U);
	expect_consistent(test, fm, 0);
}

/*
 * The administrator removes memory QEMU has not flagged: the isolate is
 * refused, the LMBs come back online, nothing is lost, and no refusal
 * is signalled (nobody asked for the removal but us).
 */
static void remove_sysfs_refused_by_platform(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0,
					 2, PDLPAR_SRC_SYSFS);

	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EIO);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(2))->rejections,
			0U);
	KUNIT_EXPECT_EQ(test, fm->commits, 0U);
	expect_consistent(test, fm, 0);
	/* And a later hypervisor removal still works. */
	flag(fm, 2);
	flag(fm, 3);
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(2), 2,
		   PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	expect_consistent(test, fm, 0);
}

/* A count removal passes over a busy LMB to one that can go. */
static void remove_count_skips_busy(struct kunit *test)
{
	struct fake_mem *fm = fm_init(test);
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0,
					 1, PDLPAR_SRC_SYSFS);

	flag(fm, 2);
	flag(fm, 3);
	fm->busy = BIT(3);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_FALSE(test, fm->added[2]);
	KUNIT_EXPECT_TRUE(test, fm->online[3]);
	expect_consistent(test, fm, 0);
	/* Reserved boot memory is never counted. */
	r.count = 2;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EINVAL);
	expect_consistent(test, fm, 0);
}

/* --- each kind of answer injected at every RTAS call of a flow --- */

struct mem_case {
	const char *desc;
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
	enum pdlpar_source src;
	unsigned long flagged;	/* LMBs the hypervisor asked to unplug */
};

static const struct mem_case mem_cases[] = {
	{ "hypervisor removes 2 by indexed-count", PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_INDEXED_COUNT, LMB_DRC(2), 2, PDLPAR_SRC_HYPERVISOR,
	  BIT(2) | BIT(3) },
	{ "sysfs removes 1 by count", PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 1,
	  PDLPAR_SRC_SYSFS, BIT(2) | BIT(3) },
	{ "add 2 by indexed-count", PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT,
	  LMB_DRC(4), 2, PDLPAR_SRC_HYPERVISOR, 0 },
	{ "add 1 by count", PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0, 1,
	  PDLPAR_SRC_SYSFS, 0 },
};

static struct fake_kind_param mem_params[ARRAY_SIZE(mem_cases) *
					 FAKE_NR_KINDS];

static PDLPAR_KUNIT_GEN_PARAMS(mem_gen_params)
{
	BUILD_BUG_ON(offsetof(struct mem_case, desc));
	return fake_kind_param_next(prev, mem_params, mem_cases,
				    sizeof(mem_cases[0]),
				    ARRAY_SIZE(mem_cases), desc);
}

static struct fake_mem *mem_case_run(struct kunit *test,
				     const struct mem_case *c,
				     const struct fake_kind *kind,
				     unsigned int k, int *rc)
{
	struct pdlpar_request r = req_of(c->action, c->id_type, c->index,
					 c->count, c->src);
	struct fake_mem *fm = fm_init(test);
	int i;

	for (i = 0; i < NR_LMBS; i++)
		if (c->flagged & BIT(i))
			flag(fm, i);
	if (kind)
		fake_papr_inject(&fm->fp, kind, k);
	*rc = pdlpar_mem_request(&fm->host, &r);
	return fm;
}

/* Everything ended as in the clean run @ok. */
static void mem_expect_as(struct kunit *test, struct fake_mem *fm,
			  struct fake_mem *ok, const char *what)
{
	struct fake_drc *f, *g;
	int i;

	for (i = 0; i < NR_LMBS; i++) {
		f = fake_papr_drc(&fm->fp, LMB_DRC(i));
		g = fake_papr_drc(&ok->fp, LMB_DRC(i));
		KUNIT_EXPECT_EQ_MSG(test, fm->added[i], ok->added[i],
				    "%s: LMB %d", what, i);
		KUNIT_EXPECT_EQ_MSG(test, fm->online[i], ok->online[i],
				    "%s: LMB %d", what, i);
		KUNIT_EXPECT_EQ_MSG(test, f->state, g->state, "%s: LMB %d",
				    what, i);
		KUNIT_EXPECT_EQ_MSG(test, f->deleted, g->deleted, "%s: LMB %d",
				    what, i);
		KUNIT_EXPECT_EQ_MSG(test, f->rejections, g->rejections,
				    "%s: LMB %d", what, i);
		KUNIT_EXPECT_EQ_MSG(test, f->flagged, g->flagged, "%s: LMB %d",
				    what, i);
		KUNIT_EXPECT_EQ_MSG(test, fm->table.lmbs[i].flags,
				    ok->table.lmbs[i].flags, "%s: LMB %d",
				    what, i);
		KUNIT_EXPECT_EQ_MSG(test, fm->table.lmbs[i].aa_index,
				    ok->table.lmbs[i].aa_index, "%s: LMB %d",
				    what, i);
	}
	KUNIT_EXPECT_EQ_MSG(test, fm->commits, ok->commits, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, fm->committed, ok->committed, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(fm->pos, ok->pos, sizeof(fm->pos)), 0,
			    "%s", what);
}

/*
 * The LMBs whose DRC an add had unisolated before call @k: QEMU will not
 * take such an LMB back (it is not flagged), so after a failed add the
 * guest holds its DRC, CONFIGURED, with no memory behind it.
 */
static unsigned long mem_held(const struct fake_papr *clean, unsigned int k)
{
	const struct fake_call *call;
	unsigned long held = 0;
	unsigned int j;

	for (j = 1; j < k; j++) {
		call = fake_papr_call(clean, j);
		if (call->op == FAKE_OP_INDICATOR &&
		    call->type == PDLPAR_ISOLATION_STATE &&
		    call->value == PDLPAR_UNISOLATE)
			held |= BIT(call->index - LMB_DRC(0));
	}
	return held;
}

static void mem_expect_failed(struct kunit *test, struct fake_mem *fm,
			      const struct mem_case *c,
			      const struct fake_papr *clean, unsigned int k,
			      const char *what)
{
	struct fake_drc *f;
	unsigned long held;
	int i;

	if (c->action == PDLPAR_ACT_ADD) {
		held = mem_held(clean, k);
		KUNIT_EXPECT_EQ_MSG(test, fm->commits, 0U, "%s", what);
		for (i = 4; i < NR_LMBS; i++) {
			KUNIT_EXPECT_FALSE_MSG(test, fm->added[i], "%s: LMB %d",
					       what, i);
			KUNIT_EXPECT_EQ_MSG(test, fm->table.lmbs[i].aa_index,
					    0U, "%s: LMB %d", what, i);
		}
		expect_consistent(test, fm, held);
		return;
	}
	expect_consistent(test, fm, 0);
	for (i = 0; i < NR_LMBS; i++) {
		f = fake_papr_drc(&fm->fp, LMB_DRC(i));
		if (!(c->flagged & BIT(i)))
			continue;
		if (c->src != PDLPAR_SRC_HYPERVISOR) {
			/* Nobody asked but us: nothing signalled. */
			KUNIT_EXPECT_TRUE_MSG(test, fm->added[i], "%s: LMB %d",
					      what, i);
			KUNIT_EXPECT_EQ_MSG(test, f->rejections, 0U,
					    "%s: LMB %d", what, i);
			KUNIT_EXPECT_TRUE_MSG(test, f->flagged, "%s: LMB %d",
					      what, i);
			continue;
		}
		if (!fm->added[i]) {
			/*
			 * Given back before a later LMB's give-back failed:
			 * only the first LMB can be, and then it is gone.
			 */
			KUNIT_EXPECT_EQ_MSG(test, i, 2, "%s: LMB lost", what);
			KUNIT_EXPECT_EQ_MSG(test, f->deleted, 1U, "%s", what);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, f->rejections, 1U,
				    "%s: LMB %d not signalled", what, i);
		KUNIT_EXPECT_FALSE_MSG(test, f->flagged, "%s: LMB %d", what,
				       i);
	}
	/* Written only once the memory is out; then back if it returned. */
	if (fm->added[2] && fm->added[3] && fm->commits)
		KUNIT_EXPECT_EQ_MSG(test, fm->commits, 2U, "%s", what);
}

/*
 * Each kind of answer at each RTAS call of a flow. Busy answers, an EMPTY
 * where no sensor is read and a refused isolate (retried after a walk)
 * change nothing but the clock. An add by count passes over an LMB the
 * platform will not give, to the next one. Any other failure is undone
 * as far as PAPR lets it be, and signalled when the hypervisor asked.
 */
static void mem_flow_injected(struct kunit *test)
{
	const struct fake_kind_param *p = test->param_value;
	const struct mem_case *c = p->c;
	const struct fake_kind *kind = p->kind;
	const struct fake_call *call;
	struct fake_mem *ok, *fm;
	unsigned int k, calls;
	char what[48];
	int rc;

	ok = mem_case_run(test, c, NULL, 0, &rc);
	KUNIT_ASSERT_EQ(test, rc, 0);
	calls = ok->fp.calls;
	KUNIT_ASSERT_GT(test, calls, 0U);
	KUNIT_ASSERT_LE(test, calls, FAKE_MAX_LOG);
	for (k = 1; k <= calls; k++) {
		call = fake_papr_call(&ok->fp, k);
		snprintf(what, sizeof(what), "RTAS call %u: %s", k, kind->name);
		fm = mem_case_run(test, c, kind, k, &rc);
		fake_expect_injected(test, &fm->fp, &ok->fp, kind, k, what);
		if (fake_kind_tolerated(kind, call)) {
			KUNIT_EXPECT_EQ_MSG(test, rc, 0, "%s", what);
			mem_expect_as(test, fm, ok, what);
		} else if (c->action == PDLPAR_ACT_ADD &&
			   c->id_type == PDLPAR_ID_COUNT &&
			   fake_kind_refuses(kind, call)) {
			KUNIT_EXPECT_EQ_MSG(test, rc, 0, "%s", what);
			KUNIT_EXPECT_FALSE_MSG(test, fm->added[4], "%s", what);
			KUNIT_EXPECT_TRUE_MSG(test, fm->online[5], "%s", what);
			KUNIT_EXPECT_EQ_MSG(test, fm->pos[0], 5U, "%s", what);
			expect_consistent(test, fm, 0);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, rc, fake_kind_errno(kind),
					    "%s", what);
			mem_expect_failed(test, fm, c, &ok->fp, k, what);
		}
	}
}

static void refused_requests(struct kunit *test)
{
	static const struct {
		u8 action, id_type;
		u32 index, count;
		int rc;
	} cases[] = {
		{ PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX, 0x10000000, 1, -EINVAL },
		{ PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX, 0x80000010, 1, -ENODEV },
		{ PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX, LMB_DRC(4), 1, -ENODEV },
		{ PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX, LMB_DRC(0), 1, -EBUSY },
		{ PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4), 2,
		  -ENODEV },
		{ PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(5), 2,
		  -ENODEV },
		{ PDLPAR_ACT_ADD, PDLPAR_ID_INDEX, LMB_DRC(2), 1, -EEXIST },
		{ PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0, 3, -ENOSPC },
		{ PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT, 0xffffffff, 2,
		  -EINVAL },
		{ PDLPAR_ACT_ADD, PDLPAR_ID_NAME, 0, 1, -EOPNOTSUPP },
	};
	struct pdlpar_request r;
	struct fake_mem *fm;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fm = fm_init(test);
		r = req_of(cases[i].action, cases[i].id_type, cases[i].index,
			   cases[i].count, PDLPAR_SRC_SYSFS);
		KUNIT_EXPECT_EQ_MSG(test, pdlpar_mem_request(&fm->host, &r),
				    cases[i].rc, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, fm->commits, 0U, "case %u", i);
		/* At most a sense of each unassigned LMB named. */
		KUNIT_EXPECT_LE_MSG(test, fm->fp.calls, 2U, "case %u", i);
		expect_consistent(test, fm, 0);
	}
}

/*
 * The kernel onlines what is added (auto_online_blocks): a failed add of
 * two must offline the first before removing it.
 */
static void add_fails_auto_online(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 2, PDLPAR_SRC_HYPERVISOR);
	struct fake_mem *fm = fm_init(test);

	fm->auto_online = true;
	fm->node1 = BIT(5);
	fm->fail_add_at = 2;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOMEM);
	KUNIT_EXPECT_FALSE(test, fm->added[4]);
	expect_consistent(test, fm, BIT(4) | BIT(5));
}

/*
 * QEMU removes a whole DIMM by indexed-count even if the guest took only
 * part of it: the LMBs the guest does not have are passed over.
 */
static void remove_partial_dimm(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 LMB_DRC(4), 0, PDLPAR_SRC_SYSFS);
	struct fake_mem *fm = fm_init(test);

	KUNIT_ASSERT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	flag(fm, 4);
	flag(fm, 5);
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4), 2,
		   PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_FALSE(test, fm->added[4]);
	KUNIT_EXPECT_EQ(test, fm->committed, 1U);
	KUNIT_EXPECT_EQ(test, fm->pos[0], 4U);
	expect_consistent(test, fm, 0);
}

/*
 * An LMB whose DRC the guest kept after a failed add (QEMU would not take
 * it back then) is given back when the hypervisor removes it.
 */
static void remove_held_lmb(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 LMB_DRC(4), 0, PDLPAR_SRC_SYSFS);
	struct fake_mem *fm = fm_init(test);

	fm->fail_add_at = 1;
	KUNIT_ASSERT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOMEM);
	KUNIT_ASSERT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(4))->state,
			PDLPAR_DRC_CONFIGURED);
	flag(fm, 4);
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX, LMB_DRC(4), 0,
		   PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(4))->deleted, 1U);
	expect_consistent(test, fm, 0);
}

/* A removal by count takes the highest address first. */
static void remove_count_highest_first(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0,
					 1, PDLPAR_SRC_SYSFS);
	struct fake_mem *fm = fm_init(test);

	flag(fm, 2);
	flag(fm, 3);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_FALSE(test, fm->added[3]);
	KUNIT_EXPECT_TRUE(test, fm->added[2]);
	KUNIT_EXPECT_EQ(test, fm->pos[0], 3U);
}

/*
 * A failed removal the administrator asked for signals nothing, even on
 * an LMB the hypervisor has flagged: the signal would cancel its unplug.
 */
static void remove_sysfs_busy_not_signalled(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 LMB_DRC(3), 0, PDLPAR_SRC_SYSFS);
	struct fake_mem *fm = fm_init(test);

	flag(fm, 3);
	fm->busy = BIT(3);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EBUSY);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(3))->rejections,
			0U);
	KUNIT_EXPECT_TRUE(test, fake_papr_drc(&fm->fp, LMB_DRC(3))->flagged);
	expect_consistent(test, fm, 0);
}

/*
 * Blocks online in ZONE_MOVABLE come back there after a removal that
 * failed. Without movable_node the kernel's default for a block the
 * movable zone no longer spans is a kernel zone, which the DIMM's next
 * unplug could then fail on.
 */
static void zones_kept(struct kunit *test)
{
	static const struct {
		enum pdlpar_source src;
		u8 id_type;
		unsigned long busy;
		int rc;
	} cases[] = {
		/* QEMU refuses a guest-initiated isolate. */
		{ PDLPAR_SRC_SYSFS, PDLPAR_ID_COUNT, 0, -EIO },
		/* The last LMB of the DIMM will not go offline. */
		{ PDLPAR_SRC_HYPERVISOR, PDLPAR_ID_INDEXED_COUNT, BIT(3),
		  -EBUSY },
	};
	struct pdlpar_request r;
	struct fake_mem *fm;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fm = fm_init(test);
		fm->movable[2] = true;
		fm->movable[3] = true;
		if (cases[i].src == PDLPAR_SRC_HYPERVISOR) {
			flag(fm, 2);
			flag(fm, 3);
		}
		fm->busy = cases[i].busy;
		r = req_of(PDLPAR_ACT_REMOVE, cases[i].id_type, LMB_DRC(2), 2,
			   cases[i].src);
		KUNIT_EXPECT_EQ_MSG(test, pdlpar_mem_request(&fm->host, &r),
				    cases[i].rc, "case %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, fm->movable[2], "case %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, fm->movable[3], "case %u", i);
		expect_consistent(test, fm, 0);
	}
}

/*
 * Contiguous LMBs of one node are added and removed with one call of
 * the kernel's each; another node starts another run.
 */
static void runs_coalesced(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 2, PDLPAR_SRC_HYPERVISOR);
	struct fake_mem *fm = fm_init(test);

	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->adds, 1U);
	KUNIT_EXPECT_EQ(test, fm->onlines, 2U);
	flag(fm, 4);
	flag(fm, 5);
	r.action = PDLPAR_ACT_REMOVE;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->removes, 1U);
	expect_consistent(test, fm, 0);

	/* By count the LMBs go highest first: the same run, downwards. */
	fm = fm_init(test);
	flag(fm, 2);
	flag(fm, 3);
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 2, PDLPAR_SRC_SYSFS);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->removes, 1U);
	expect_consistent(test, fm, 0);

	fm = fm_init(test);
	fm->node1 = BIT(5);
	r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4), 2,
		   PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->adds, 2U);
	expect_consistent(test, fm, 0);
}

/*
 * drmem_info and ibm,dynamic-memory cannot be written: the request fails
 * and is undone, the tables stay as they were, and a hypervisor removal
 * is refused to the hypervisor.
 */
static void commit_fails_undone(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 2, PDLPAR_SRC_HYPERVISOR);
	struct fake_mem *fm = fm_init(test);

	fm->fail_commit_at = 1;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOMEM);
	KUNIT_EXPECT_FALSE(test, fm->added[4] || fm->added[5]);
	KUNIT_EXPECT_EQ(test, fm->table.lmbs[4].aa_index, 0U);
	/* QEMU refuses to isolate an LMB it has not flagged: held. */
	expect_consistent(test, fm, BIT(4) | BIT(5));

	fm = fm_init(test);
	flag(fm, 2);
	flag(fm, 3);
	fm->movable[3] = true;
	fm->fail_commit_at = 1;
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT, LMB_DRC(2), 2,
		   PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOMEM);
	KUNIT_EXPECT_TRUE(test, fm->online[2] && fm->online[3]);
	KUNIT_EXPECT_TRUE(test, fm->movable[3]);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(2))->rejections,
			1U);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(3))->rejections,
			1U);
	KUNIT_EXPECT_EQ(test, fake_papr_drc(&fm->fp, LMB_DRC(2))->deleted, 0U);
	expect_consistent(test, fm, 0);
}

/*
 * A hypervisor removal naming more LMBs than the partition has is
 * refused without allocating for them -- and the hypervisor still hears,
 * on each named LMB that is ours.
 */
static void oversized_refused_signalled(struct kunit *test)
{
	static const struct { u32 count; int rc; } cases[] = {
		{ 7, -ENODEV }, { 1000000, -ENODEV }, { 0x7ffffffe, -ENODEV },
		/* DRC 0x80000002 + 0x7fffffff wraps past the last index. */
		{ 0x7fffffff, -EINVAL },
	};
	struct pdlpar_request r;
	struct fake_mem *fm;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fm = fm_init(test);
		flag(fm, 2);
		flag(fm, 3);
		r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT,
			   LMB_DRC(2), cases[i].count, PDLPAR_SRC_HYPERVISOR);
		KUNIT_EXPECT_EQ_MSG(test, pdlpar_mem_request(&fm->host, &r),
				    cases[i].rc, "count %u", cases[i].count);
		KUNIT_EXPECT_EQ_MSG(test,
				    fake_papr_drc(&fm->fp, LMB_DRC(2))->rejections,
				    1U, "count %u", cases[i].count);
		KUNIT_EXPECT_EQ_MSG(test,
				    fake_papr_drc(&fm->fp, LMB_DRC(3))->rejections,
				    1U, "count %u", cases[i].count);
		expect_consistent(test, fm, 0);
	}
	fm = fm_init(test);
	r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 0x7fffffff,
		   PDLPAR_SRC_SYSFS);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EINVAL);
	r.action = PDLPAR_ACT_ADD;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOSPC);
	KUNIT_EXPECT_EQ(test, fm->fp.calls, 0U);
	expect_consistent(test, fm, 0);
}

/* --- at the sizes partitions have --- */

/* PAPR's largest partition, 64 TiB, in LMBs of 256 MiB. */
#define SCALE_LMBS	262144U
/* A 4 TiB request, as the hypervisor sends it for a DIMM. */
#define SCALE_REQ	16384U

/*
 * A 262,144-LMB table, and a 16,384-LMB DIMM added and removed by the
 * hypervisor: all of it, with one add and one remove call of the kernel's
 * (one run), one write of the tables each, and every DRC given back.
 */
static void scale_64t_add_remove(struct kunit *test)
{
	struct fake_mem *fm = fm_init_n(test, SCALE_LMBS, 4, 4);
	struct pdlpar_request r = req_of(PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 SCALE_REQ, PDLPAR_SRC_HYPERVISOR);
	struct pdlpar_lmb *l;
	u32 i;

	KUNIT_ASSERT_EQ(test, fm->table.nr, SCALE_LMBS);
	l = pdlpar_lmb_by_addr(&fm->table, (u64)SCALE_LMBS * LMB_SZ - 1);
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, l->drc_index, LMB_DRC(SCALE_LMBS - 1));
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_lmb_by_drc(&fm->table,
						    LMB_DRC(SCALE_LMBS - 1)), l);

	KUNIT_ASSERT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->adds, 1U);
	KUNIT_EXPECT_EQ(test, fm->commits, 1U);
	KUNIT_EXPECT_EQ(test, fm->committed, SCALE_REQ);
	for (i = 4; i < 4 + SCALE_REQ; i++)
		flag(fm, i);
	r.action = PDLPAR_ACT_REMOVE;
	KUNIT_ASSERT_EQ(test, pdlpar_mem_request(&fm->host, &r), 0);
	KUNIT_EXPECT_EQ(test, fm->removes, 1U);
	KUNIT_EXPECT_EQ(test, fm->commits, 2U);
	for (i = 4; i < 4 + SCALE_REQ; i++)
		if (fake_papr_drc(&fm->fp, LMB_DRC(i))->deleted != 1)
			break;
	KUNIT_EXPECT_EQ(test, i, 4 + SCALE_REQ);
	expect_consistent(test, fm, 0);
}

/*
 * The tables cannot be written once the 16,384 LMBs are out: all come
 * back, in their zones, each one signalled.
 */
static void scale_64t_commit_fails(struct kunit *test)
{
	struct pdlpar_request r = req_of(PDLPAR_ACT_REMOVE,
					 PDLPAR_ID_INDEXED_COUNT, LMB_DRC(4),
					 SCALE_REQ, PDLPAR_SRC_HYPERVISOR);
	struct fake_mem *fm = fm_init_n(test, SCALE_LMBS, 4, 4 + SCALE_REQ);
	u32 i;

	for (i = 4; i < 4 + SCALE_REQ; i++)
		flag(fm, i);
	fm->movable[3 + SCALE_REQ] = true;
	fm->fail_commit_at = 1;
	KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -ENOMEM);
	for (i = 4; i < 4 + SCALE_REQ; i++)
		if (fake_papr_drc(&fm->fp, LMB_DRC(i))->rejections != 1)
			break;
	KUNIT_EXPECT_EQ(test, i, 4 + SCALE_REQ);
	KUNIT_EXPECT_TRUE(test, fm->movable[3 + SCALE_REQ]);
	expect_consistent(test, fm, 0);
}

/*
 * What one request costs the module as the partition grows, against a
 * fake whose RTAS calls are free: the same 16-LMB (4 GiB) hypervisor add
 * and remove, a count add nothing can satisfy and a count removal the
 * platform refuses, on partitions of 8 GiB, 1 TiB and 64 TiB. Times are
 * printed, not asserted (a benchmark, not a timed test); the RTAS calls
 * each made are asserted where PAPR fixes them.
 */
static u64 median3(u64 *t)
{
	u64 a = t[0], b = t[1], c = t[2];

	return max(min(a, b), min(max(a, b), c));
}

static const u32 bench_sizes[] = { 32, 4096, SCALE_LMBS };

static void bench_desc(const u32 *size, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u LMBs", *size);
}

KUNIT_ARRAY_PARAM(bench, bench_sizes, bench_desc);

static void scale_bench(struct kunit *test)
{
	const u32 *sizes = test->param_value;
	u64 t_add[3], t_rm[3], t_full, t_refused;
	struct pdlpar_request r;
	unsigned int calls_full;
	struct fake_mem *fm;
	unsigned int i = 0, k, round;
	ktime_t t0;

	{
		fm = fm_init_n(test, sizes[i], 4, 4);
		for (round = 0; round < 3; round++) {
			r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT,
				   LMB_DRC(4), 16, PDLPAR_SRC_HYPERVISOR);
			t0 = ktime_get();
			KUNIT_ASSERT_EQ(test,
					pdlpar_mem_request(&fm->host, &r), 0);
			t_add[round] = ktime_to_ns(ktime_sub(ktime_get(), t0));
			for (k = 4; k < 20; k++)
				flag(fm, k);
			r.action = PDLPAR_ACT_REMOVE;
			t0 = ktime_get();
			KUNIT_ASSERT_EQ(test,
					pdlpar_mem_request(&fm->host, &r), 0);
			t_rm[round] = ktime_to_ns(ktime_sub(ktime_get(), t0));
			/* The hypervisor plugs the DIMM in again. */
			for (k = 4; k < 20; k++)
				fake_papr_drc(&fm->fp, LMB_DRC(k))->attached =
					true;
		}

		/* No memory behind any free DRC: each costs two calls. */
		for (k = 4; k < sizes[i]; k++)
			fake_papr_drc(&fm->fp, LMB_DRC(k))->attached = false;
		fm->fp.calls = 0;
		r = req_of(PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0, 16,
			   PDLPAR_SRC_SYSFS);
		t0 = ktime_get();
		KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r),
				-ENOSPC);
		t_full = ktime_to_ns(ktime_sub(ktime_get(), t0));
		calls_full = fm->fp.calls;
		KUNIT_EXPECT_EQ(test, calls_full, 2 * (sizes[i] - 4));

		/* Sixteen assigned LMBs the platform will not isolate. */
		fm = fm_init_n(test, sizes[i], 4, 20);
		r = req_of(PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 16,
			   PDLPAR_SRC_SYSFS);
		t0 = ktime_get();
		KUNIT_EXPECT_EQ(test, pdlpar_mem_request(&fm->host, &r), -EIO);
		t_refused = ktime_to_ns(ktime_sub(ktime_get(), t0));
		expect_consistent(test, fm, 0);

		kunit_info(test,
			   "bench: %u LMBs (%llu GiB): add 16 %llu us, remove 16 %llu us (medians of 3), add count 16 with none free %llu us (%u RTAS calls), remove count 16 refused %llu us\n",
			   sizes[i], (u64)sizes[i] * LMB_SZ >> 30,
			   median3(t_add) / 1000, median3(t_rm) / 1000,
			   t_full / 1000, calls_full, t_refused / 1000);
	}
}

static struct kunit_case mem_test_cases[] = {
	KUNIT_CASE_SLOW(scale_64t_add_remove),
	KUNIT_CASE_SLOW(scale_64t_commit_fails),
	KUNIT_CASE_PARAM_ATTR(scale_bench, bench_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(zones_kept),
	KUNIT_CASE(runs_coalesced),
	KUNIT_CASE(commit_fails_undone),
	KUNIT_CASE(oversized_refused_signalled),
	KUNIT_CASE(add_fails_auto_online),
	KUNIT_CASE(remove_partial_dimm),
	KUNIT_CASE(remove_held_lmb),
	KUNIT_CASE(remove_count_highest_first),
	KUNIT_CASE(remove_sysfs_busy_not_signalled),
	KUNIT_CASE(add_by_index),
	KUNIT_CASE(add_indexed_count_and_count),
	KUNIT_CASE(add_count_skips_empty),
	KUNIT_CASE(add_fails_undone),
	KUNIT_CASE(remove_hypervisor),
	KUNIT_CASE(remove_first_busy_signalled),
	KUNIT_CASE(remove_index_busy_signalled),
	KUNIT_CASE(remove_sysfs_refused_by_platform),
	KUNIT_CASE(remove_count_skips_busy),
	KUNIT_CASE_PARAM(mem_flow_injected, mem_gen_params),
	KUNIT_CASE(refused_requests),
	{}
};

static struct kunit_suite mem_test_suite = {
	.name = "pdlpar_mem",
	.test_cases = mem_test_cases,
};

kunit_test_suites(&mem_test_suite);
