// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real memory host (hotplug-memory/host.c) on the live device
 * tree and LMB array (drmem_info, through drmem_lmb_get() and
 * drmem_commit_lmbs()) of the guest running the tests, with the module
 * loaded and owning memory: the LMB table's read and its check against
 * that array, the commit of the array and ibm,dynamic-memory(-v2), the
 * notifier that tells the module's own writes from a migration's, the
 * guard before __remove_memory(), the rollback of a partial offline and
 * the row appended to ibm,associativity-lookup-arrays.
 *
 * The test's of_reconfig notifier runs before every other one. While the
 * test writes the tree itself (a malformed property, or putting back the
 * original), it ends the chain there, so that neither the module nor the
 * pseries memory notifier acts on it; when asked, it refuses the update
 * of one property. Every case puts back what it changed: the properties
 * (their original structs), the LMB array, the module's table, its stale
 * flag and the state of the memory blocks.
 */

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/ioport.h>
#include <linux/kmsg_dump.h>
#include <linux/memory.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/of.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <asm/drmem.h>

#include "pdlpar_compat.h"
#include "pdlpar_mem.h"

#define MH_DRCONF	"/ibm,dynamic-reconfiguration-memory"
#define MH_AA		"ibm,associativity-lookup-arrays"
#define MH_LINE		512

struct mem_host_test {
	struct kunit *test;
	struct notifier_block nb;	/* of_reconfig */
	struct notifier_block mnb;	/* memory blocks */
	struct device_node *drconf;
	bool v2;
	const char *dm_name;		/* ibm,dynamic-memory(-v2) */
	struct property *dm, *aa;	/* the originals */
	struct drmem_lmb *drmem_was;	/* the kernel's LMBs, as they were */
	struct pdlpar_lmb *table_was;	/* a copy of the module's table */
	u32 table_nr;
	int stale_was;
	u64 log_seq;
	/* The of_reconfig notifier: */
	bool stop;			/* end the chain for drconf */
	const char *fail_prop;		/* refuse the update of this one */
	int fail_err;
	unsigned int refused;
	/* The memory notifier: */
	unsigned long refuse_pfn;	/* refuse to offline this block */
	unsigned long watch_pfn;	/* count this block's changes */
	unsigned int offlined, onlined;
	u64 blocks[2];			/* put back online at the end */
	unsigned int nr_blocks;
};

static struct pdlpar_mem_host *mh_host(void)
{
	return &pdlpar_mem_real_host;
}

static int mh_of_notify(struct notifier_block *nb, unsigned long action,
			void *data)
{
	struct mem_host_test *mt = container_of(nb, struct mem_host_test, nb);
	struct of_reconfig_data *rd = data;

	if (rd->dn != mt->drconf)
		return NOTIFY_DONE;
	if (READ_ONCE(mt->stop))
		return NOTIFY_STOP;
	if (action == OF_RECONFIG_UPDATE_PROPERTY && mt->fail_prop &&
	    !strcmp(rd->prop->name, mt->fail_prop)) {
		mt->refused++;
		return notifier_from_errno(mt->fail_err);
	}
	return NOTIFY_DONE;
}

static int mh_mem_notify(struct notifier_block *nb, unsigned long action,
			 void *arg)
{
	struct mem_host_test *mt = container_of(nb, struct mem_host_test, mnb);
	struct memory_notify *mn = arg;

	if (mn->start_pfn == mt->refuse_pfn && action == MEM_GOING_OFFLINE)
		return notifier_from_errno(-EBUSY);
	if (mn->start_pfn == mt->watch_pfn) {
		if (action == MEM_OFFLINE)
			mt->offlined++;
		else if (action == MEM_ONLINE)
			mt->onlined++;
	}
	return NOTIFY_OK;
}

/*
 * Puts @prop in the place of the node's property of that name, as the
 * module does (of_update_property() is not exported). The tree keeps the
 * old one on its dead list.
 */
static int mh_update(struct mem_host_test *mt, struct property *prop)
{
	struct of_changeset ocs;
	int rc;

	of_changeset_init(&ocs);
	rc = of_changeset_update_property(&ocs, mt->drconf, prop);
	if (!rc)
		rc = of_changeset_apply(&ocs);
	of_changeset_destroy(&ocs);
	return rc;
}

/* Writes @prop (or, if NULL, removes @name) unseen by other notifiers. */
static void mh_write(struct mem_host_test *mt, const char *name,
		     struct property *prop)
{
	struct property *cur = of_find_property(mt->drconf, name, NULL);

	WRITE_ONCE(mt->stop, true);
	if (!prop)
		of_remove_property(mt->drconf, cur);
	else if (cur)
		mh_update(mt, prop);
	else
		of_add_property(mt->drconf, prop);
	WRITE_ONCE(mt->stop, false);
}

/* A new dynamic property; the tree keeps it (on its dead list) forever. */
static struct property *mh_new_prop(struct kunit *test, const char *name,
				    const void *value, int len)
{
	struct property *p = kzalloc(sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->name = kstrdup(name, GFP_KERNEL);
	p->value = kmemdup(value, len, GFP_KERNEL);
	p->length = len;
	of_property_set_flag(p, OF_DYNAMIC);
	if (!p->name || !p->value) {
		kfree(p->name);
		kfree(p->value);
		kfree(p);
		KUNIT_FAIL_AND_ABORT(test, "out of memory");
	}
	return p;
}

static void mh_restore_prop(struct mem_host_test *mt, struct property *orig)
{
	if (of_find_property(mt->drconf, orig->name, NULL) != orig)
		mh_write(mt, orig->name, orig);
}

/*
 * The kernel's LMBs that differ from what they were, put back. Returns
 * whether there were any (the property was then written).
 */
static bool mh_restore_drmem(struct mem_host_test *mt)
{
	struct drmem_lmb_change *chg;
	struct drmem_lmb d, *w;
	unsigned int i, n = 0;

	chg = kvmalloc_array(mt->table_nr, sizeof(*chg), GFP_KERNEL);
	if (!chg)
		return false;
	for (i = 0; i < mt->table_nr; i++) {
		w = &mt->drmem_was[i];
		if (drmem_lmb_get(i, &d) ||
		    (d.flags == w->flags && d.aa_index == w->aa_index))
			continue;
		chg[n].pos = i;
		chg[n].flags = w->flags;
		chg[n].aa_index = w->aa_index;
		n++;
	}
	/* Unseen by other notifiers, as mh_write(): a test's own write. */
	WRITE_ONCE(mt->stop, true);
	if (n && drmem_commit_lmbs(chg, n))
		pr_err("mem_host_test: the LMB array could not be restored\n");
	WRITE_ONCE(mt->stop, false);
	kvfree(chg);
	return n;
}

/* Everything a case may have changed, put back. */
static void mh_restore(void *data)
{
	struct mem_host_test *mt = data;
	struct pdlpar_lmb_table *t = mh_host()->table;

	lock_device_hotplug();
	mh_restore_prop(mt, mt->dm);
	mh_restore_prop(mt, mt->aa);
	/*
	 * The kernel's LMBs go back through drmem_commit_lmbs(), which
	 * writes the property from them: the original goes back after it.
	 */
	if (mh_restore_drmem(mt))
		mh_restore_prop(mt, mt->dm);
	if (t->nr == mt->table_nr)
		memcpy(t->lmbs, mt->table_was, t->nr * sizeof(*t->lmbs));
	atomic_set(pdlpar_mem_host_kunit.stale, mt->stale_was);
	unlock_device_hotplug();
}

static void mh_unregister(void *data)
{
	of_reconfig_notifier_unregister(data);
}

static void mh_unregister_mem(void *data)
{
	unregister_memory_notifier(data);
}

static void mh_put_node(void *data)
{
	of_node_put(data);
}

/* The blocks a case offlined, online again (where they were). */
static void mh_online_blocks(void *data)
{
	struct mem_host_test *mt = data;
	struct memory_block *mem;
	unsigned int i;

	lock_device_hotplug();
	for (i = 0; i < mt->nr_blocks; i++) {
		mem = pdlpar_memory_block_get(mt->blocks[i]);
		if (!mem)
			continue;
		if (mem->state == MEM_OFFLINE) {
			mem->online_type = MMOP_ONLINE_KERNEL;
			device_online(&mem->dev);
		}
		pdlpar_memory_block_put(mem);
	}
	unlock_device_hotplug();
}

static int mh_init(struct kunit *test)
{
	struct mem_host_test *mt = kunit_kzalloc(test, sizeof(*mt), GFP_KERNEL);
	struct pdlpar_lmb_table *t = mh_host()->table;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, mt);
	test->priv = mt;
	mt->test = test;
	mt->refuse_pfn = ULONG_MAX;
	mt->watch_pfn = ULONG_MAX;
	if (!pdlpar_mem_host_kunit.owned())
		kunit_skip(test, "the module does not own memory here");

	mt->drconf = of_find_node_by_path(MH_DRCONF);
	KUNIT_ASSERT_NOT_NULL(test, mt->drconf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mh_put_node,
							mt->drconf), 0);
	mt->dm_name = "ibm,dynamic-memory";
	mt->dm = of_find_property(mt->drconf, mt->dm_name, NULL);
	if (!mt->dm) {
		mt->v2 = true;
		mt->dm_name = "ibm,dynamic-memory-v2";
		mt->dm = of_find_property(mt->drconf, mt->dm_name, NULL);
	}
	KUNIT_ASSERT_NOT_NULL(test, mt->dm);
	mt->aa = of_find_property(mt->drconf, MH_AA, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mt->aa);
	KUNIT_ASSERT_EQ(test, t->nr, (u32)drmem_lmb_count());

	mt->drmem_was = kunit_kmalloc_array(test, t->nr,
					    sizeof(*mt->drmem_was), GFP_KERNEL);
	mt->table_was = kunit_kmalloc_array(test, t->nr, sizeof(*t->lmbs),
					    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mt->drmem_was);
	KUNIT_ASSERT_NOT_NULL(test, mt->table_was);
	lock_device_hotplug();
	for (i = 0; i < t->nr; i++)
		if (drmem_lmb_get(i, &mt->drmem_was[i]))
			break;
	memcpy(mt->table_was, t->lmbs, t->nr * sizeof(*t->lmbs));
	mt->table_nr = t->nr;
	mt->stale_was = atomic_read(pdlpar_mem_host_kunit.stale);
	unlock_device_hotplug();
	KUNIT_ASSERT_EQ_MSG(test, i, t->nr, "the kernel's LMB %u unreadable", i);

	mt->nb.notifier_call = mh_of_notify;
	mt->nb.priority = INT_MAX;
	KUNIT_ASSERT_EQ(test, of_reconfig_notifier_register(&mt->nb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mh_unregister,
							&mt->nb), 0);
	mt->mnb.notifier_call = mh_mem_notify;
	mt->mnb.priority = INT_MAX;
	KUNIT_ASSERT_EQ(test, register_memory_notifier(&mt->mnb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mh_unregister_mem,
							&mt->mnb), 0);
	/* Run before the notifiers go: the restores must end the chain. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mh_restore, mt),
			0);
	return 0;
}

/* --- the kernel log ------------------------------------------------------ */

static void mh_log_mark(struct mem_host_test *mt)
{
	struct kmsg_dump_iter it;

	kmsg_dump_rewind(&it);
	mt->log_seq = it.next_seq;
}

/* Whether a line logged since the mark holds @s. */
static bool mh_logged(struct mem_host_test *mt, const char *s)
{
	struct kmsg_dump_iter it;
	size_t len;
	char *line;
	bool found = false;

	line = kunit_kmalloc(mt->test, MH_LINE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(mt->test, line);
	kmsg_dump_rewind(&it);
	it.cur_seq = mt->log_seq;
	while (!found &&
	       kmsg_dump_get_line(&it, false, line, MH_LINE - 1, &len)) {
		line[len] = '\0';
		found = strstr(line, s);
	}
	return found;
}

static __printf(2, 3) void mh_expect_logged(struct mem_host_test *mt,
					    const char *fmt, ...)
{
	va_list args;
	char *s;

	va_start(args, fmt);
	s = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	KUNIT_ASSERT_NOT_NULL(mt->test, s);
	KUNIT_EXPECT_TRUE_MSG(mt->test, mh_logged(mt, s), "not logged: %s", s);
	kfree(s);
}

/* --- the LMB property ---------------------------------------------------- */

/* Parses what the tree has now. */
static void mh_parse(struct mem_host_test *mt, struct pdlpar_lmb_table *t)
{
	struct property *p = of_find_property(mt->drconf, mt->dm_name, NULL);

	KUNIT_ASSERT_NOT_NULL(mt->test, p);
	KUNIT_ASSERT_EQ(mt->test,
			pdlpar_lmb_table_parse(t, p->value, p->length, mt->v2,
					       mh_host()->table->lmb_size,
					       memory_block_size_bytes()), 0);
}

/* Encodes @n LMBs in the tree's format (v2: one run each). */
static struct property *mh_encode(struct mem_host_test *mt,
				  const struct pdlpar_lmb *l, u32 n)
{
	int len = 4 + n * PDLPAR_DRCONF_V1_CELL;
	struct property *p;
	u8 *buf, *c;
	u32 i;

	buf = kunit_kzalloc(mt->test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(mt->test, buf);
	put_unaligned_be32(n, buf);
	for (i = 0, c = buf + 4; i < n; i++, c += PDLPAR_DRCONF_V1_CELL) {
		if (mt->v2) {
			put_unaligned_be32(1, c);
			put_unaligned_be64(l[i].base, c + 4);
		} else {
			put_unaligned_be64(l[i].base, c);
		}
		put_unaligned_be32(l[i].drc_index, c + 8 + 4 * mt->v2);
		put_unaligned_be32(l[i].aa_index, c + 16);
		put_unaligned_be32(l[i].flags, c + 20);
	}
	p = mh_new_prop(mt->test, mt->dm_name, buf, len);
	kunit_kfree(mt->test, buf);
	return p;
}

/* The kernel's LMB @i, read as the module reads it. */
static struct drmem_lmb mh_drmem(struct kunit *test, u32 i)
{
	struct drmem_lmb d = { };

	KUNIT_ASSERT_EQ(test, drmem_lmb_get(i, &d), 0);
	return d;
}

/* The kernel's LMB array says what @t says, LMB by LMB. */
static void mh_expect_drmem_is(struct kunit *test,
			       const struct pdlpar_lmb_table *t)
{
	struct drmem_lmb dl, *d = &dl;
	u32 i;

	KUNIT_ASSERT_EQ(test, (u32)drmem_lmb_count(), t->nr);
	for (i = 0; i < t->nr; i++) {
		dl = mh_drmem(test, i);
		KUNIT_EXPECT_EQ_MSG(test, d->base_addr, t->lmbs[i].base,
				    "LMB %u", i);
		KUNIT_EXPECT_EQ_MSG(test, d->drc_index, t->lmbs[i].drc_index,
				    "LMB %u", i);
		KUNIT_EXPECT_EQ_MSG(test, d->aa_index, t->lmbs[i].aa_index,
				    "LMB %u", i);
		KUNIT_EXPECT_EQ_MSG(test, d->flags & ~DRMEM_LMB_RESERVED,
				    t->lmbs[i].flags, "LMB %u", i);
	}
}

static void mh_expect_drmem_unchanged(struct kunit *test,
				      struct mem_host_test *mt)
{
	struct drmem_lmb d, *w;
	u32 i, bad = 0;

	KUNIT_ASSERT_EQ(test, (u32)drmem_lmb_count(), mt->table_nr);
	for (i = 0; i < mt->table_nr; i++) {
		d = mh_drmem(test, i);
		w = &mt->drmem_was[i];
		if (d.base_addr != w->base_addr || d.drc_index != w->drc_index ||
		    d.aa_index != w->aa_index || d.flags != w->flags)
			bad++;
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "LMBs changed in the kernel's array");
}

/* An LMB with a DRC that is not assigned: not the partition's memory. */
static u32 mh_free_lmb(struct kunit *test, const struct pdlpar_lmb_table *t)
{
	u32 i;

	for (i = 0; i < t->nr; i++)
		if (!(t->lmbs[i].flags &
		      (PDLPAR_LMB_ASSIGNED | PDLPAR_LMB_DRC_INVALID)))
			return i;
	kunit_skip(test, "every LMB is assigned");
	return 0;
}

/* --- 1: the table is checked against the kernel's LMB array --------------- */

static void table_read_ok(struct kunit *test)
{
	struct pdlpar_lmb_table t;

	KUNIT_ASSERT_EQ(test, pdlpar_mem_host_kunit.table_read(&t), 0);
	mh_expect_drmem_is(test, &t);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_check(&t), 0);
	pdlpar_lmb_table_free(&t);
}

/* A table one LMB short of the kernel's array is refused. */
static void table_check_count(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table t;

	mh_parse(mt, &t);
	t.nr--;
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_check(&t), -EINVAL);
	mh_expect_logged(mt,
			 "memory: the kernel has %d LMBs, the device tree %u",
			 drmem_lmb_count(), t.nr);
	t.nr++;
	pdlpar_lmb_table_free(&t);
}

/* The line the table check logs when LMB @a of the kernel is not @l. */
static void mh_expect_lmb_refused(struct mem_host_test *mt, u32 a,
				  const struct pdlpar_lmb *l)
{
	struct drmem_lmb d = mh_drmem(mt->test, a);

	mh_expect_logged(mt,
			 "memory: LMB %u is DRC 0x%08x at 0x%llx in the kernel, 0x%08x at 0x%llx in the device tree",
			 a, d.drc_index, d.base_addr, l->drc_index, l->base);
}

/* A table whose last two DRCs are swapped is refused at the first. */
static void table_check_drc_order(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table t;
	u32 a, b;

	mh_parse(mt, &t);
	a = t.nr - 2;
	b = t.nr - 1;
	KUNIT_ASSERT_NE(test, t.lmbs[a].drc_index, t.lmbs[b].drc_index);
	swap(t.lmbs[a].drc_index, t.lmbs[b].drc_index);
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_check(&t), -EINVAL);
	mh_expect_lmb_refused(mt, a, &t.lmbs[a]);
	pdlpar_lmb_table_free(&t);
}

/* A table whose LMB sits at another address is refused at that LMB. */
static void table_check_base(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table t;
	u32 a;

	mh_parse(mt, &t);
	a = t.nr - 1;
	t.lmbs[a].base += t.lmb_size;
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_check(&t), -EINVAL);
	mh_expect_lmb_refused(mt, a, &t.lmbs[a]);
	pdlpar_lmb_table_free(&t);
}

/* The tree's property has one LMB fewer than the kernel's array: refused. */
static void table_read_count_differs(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table t;
	u32 n = mt->table_nr;

	mh_write(mt, mt->dm_name, mh_encode(mt, mt->table_was, n - 1));
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_read(&t), -EINVAL);
	mh_expect_logged(mt,
			 "memory: the kernel has %d LMBs, the device tree %u",
			 drmem_lmb_count(), n - 1);
	/* The same LMBs, one run each, are accepted. */
	mh_write(mt, mt->dm_name, mh_encode(mt, mt->table_was, n));
	KUNIT_ASSERT_EQ(test, pdlpar_mem_host_kunit.table_read(&t), 0);
	pdlpar_lmb_table_free(&t);
}

/* The tree's property lists the LMBs in another DRC order: refused. */
static void table_read_drc_order_differs(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb *l;
	struct pdlpar_lmb_table t;
	u32 n = mt->table_nr, a = n - 2;

	l = kunit_kmalloc_array(test, n, sizeof(*l), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l);
	memcpy(l, mt->table_was, n * sizeof(*l));
	KUNIT_ASSERT_NE(test, l[a].drc_index, l[a + 1].drc_index);
	swap(l[a], l[a + 1]);
	mh_write(mt, mt->dm_name, mh_encode(mt, l, n));
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, pdlpar_mem_host_kunit.table_read(&t), -EINVAL);
	mh_expect_lmb_refused(mt, a, &l[a]);
}

/* --- 2 and 3: the commit of the LMB array and the device tree ------------ */

static int mh_commit(const u32 *pos, unsigned int n)
{
	struct pdlpar_mem_host *host = mh_host();
	int rc;

	lock_device_hotplug();
	rc = host->ops->commit(host, pos, n);
	unlock_device_hotplug();
	return rc;
}

static u32 *mh_all(struct kunit *test, u32 n)
{
	u32 *pos = kunit_kmalloc_array(test, n, sizeof(*pos), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, pos);
	for (i = 0; i < n; i++)
		pos[i] = i;
	return pos;
}

/*
 * Every LMB committed as it is: the property is rewritten, says what it
 * said, and drmem_info is untouched. The write is the module's own: its
 * notifier does not mark the table stale.
 */
static void commit_unchanged(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table was, now;
	u32 i;

	mh_parse(mt, &was);
	atomic_set(pdlpar_mem_host_kunit.stale, 0);
	KUNIT_EXPECT_EQ(test, mh_commit(mh_all(test, mt->table_nr),
					mt->table_nr), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(pdlpar_mem_host_kunit.stale), 0);
	KUNIT_EXPECT_PTR_NE(test, of_find_property(mt->drconf, mt->dm_name,
						   NULL), mt->dm);
	mh_parse(mt, &now);
	KUNIT_ASSERT_EQ(test, now.nr, was.nr);
	for (i = 0; i < was.nr; i++)
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&now.lmbs[i], &was.lmbs[i],
						 sizeof(now.lmbs[i])), 0,
				    "LMB %u", i);
	mh_expect_drmem_unchanged(test, mt);
	mh_expect_drmem_is(test, &now);
	pdlpar_lmb_table_free(&now);
	pdlpar_lmb_table_free(&was);
}

/*
 * The property cannot be written (it is gone: drmem_update_dt() fails):
 * the commit fails and drmem_info is exactly as before.
 */
static void commit_fails_restores_drmem(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table *t = mh_host()->table;
	u32 pos[2];

	pos[0] = mh_free_lmb(test, t);
	pos[1] = 0;
	t->lmbs[pos[0]].flags ^= PDLPAR_LMB_HOTREMOVABLE;
	t->lmbs[pos[0]].aa_index++;
	t->lmbs[pos[1]].flags ^= PDLPAR_LMB_HOTREMOVABLE;
	mh_write(mt, mt->dm_name, NULL);
	KUNIT_ASSERT_NULL(test, of_find_property(mt->drconf, mt->dm_name,
						 NULL));
	KUNIT_EXPECT_EQ(test, mh_commit(pos, ARRAY_SIZE(pos)), -ENOMEM);
	mh_expect_drmem_unchanged(test, mt);
	KUNIT_EXPECT_NULL(test, of_find_property(mt->drconf, mt->dm_name,
						 NULL));
}

/*
 * A notifier refuses the update of the property: of_update_property()
 * does not pass that on (drmem_update_dt() cannot fail for it), and the
 * new value is in the tree. So the commit succeeds, and drmem_info must
 * say what the property now says -- the two never disagree.
 */
static void commit_notifier_refuses(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_lmb_table *t = mh_host()->table;
	struct pdlpar_lmb_table now;
	u32 pos;

	pos = mh_free_lmb(test, t);
	t->lmbs[pos].flags ^= PDLPAR_LMB_HOTREMOVABLE;
	mt->fail_prop = mt->dm_name;
	mt->fail_err = -EBUSY;
	KUNIT_EXPECT_EQ(test, mh_commit(&pos, 1), 0);
	mt->fail_prop = NULL;
	KUNIT_EXPECT_EQ(test, mt->refused, 1U);
	mh_parse(mt, &now);
	KUNIT_EXPECT_EQ(test, now.lmbs[pos].flags, t->lmbs[pos].flags);
	mh_expect_drmem_is(test, &now);
	pdlpar_lmb_table_free(&now);
}

/*
 * The notifier's filter: the module's own commit leaves the table fresh,
 * somebody else's update of the LMB property marks it stale, an update
 * of another property of the node does not.
 */
static void notify_own_write_filter(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	atomic_t *stale = pdlpar_mem_host_kunit.stale;
	struct property *cur;

	atomic_set(stale, 0);
	KUNIT_EXPECT_EQ(test, mh_commit(mh_all(test, mt->table_nr),
					mt->table_nr), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(stale), 0);
	KUNIT_EXPECT_TRUE(test, pdlpar_mem_host_kunit.owned());

	KUNIT_EXPECT_EQ(test, mh_update(mt, mh_new_prop(test, MH_AA,
							mt->aa->value,
							mt->aa->length)), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(stale), 0);

	cur = of_find_property(mt->drconf, mt->dm_name, NULL);
	KUNIT_EXPECT_EQ(test, mh_update(mt, mh_new_prop(test, mt->dm_name,
							cur->value,
							cur->length)), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(stale), 1);
	KUNIT_EXPECT_TRUE(test, pdlpar_mem_host_kunit.owned());
}

/* --- 4: the guard before __remove_memory() ------------------------------- */

static int mh_remove(u64 base, u64 size)
{
	struct pdlpar_mem_host *host = mh_host();
	int rc;

	lock_device_hotplug();
	rc = host->ops->remove(host, base, size);
	unlock_device_hotplug();
	return rc;
}

/* The state of the block at @addr, or -1 if there is none. */
static int mh_block_state(u64 addr)
{
	struct memory_block *mem;
	int state;

	mem = pdlpar_memory_block_get(addr);
	if (!mem)
		return -1;
	state = mem->state;
	pdlpar_memory_block_put(mem);
	return state;
}

static bool mh_is_ram(u64 base, u64 size)
{
	return region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
				 IORES_DESC_NONE) == REGION_INTERSECTS;
}

/* The end of the System RAM that starts at 0: boot memory. */
static u64 mh_boot_end(void)
{
	u64 bs = memory_block_size_bytes(), end = 0;

	while (mh_is_ram(end, bs))
		end += bs;
	return end;
}

/*
 * Ranges of online boot memory: the block holding the kernel, and the
 * last block of boot memory together with the hole above it. Both are
 * refused before anything is removed; the host must never reach
 * __remove_memory() here (it BUG()s on an online block).
 */
static void remove_online_busy(struct kunit *test)
{
	u64 bs = memory_block_size_bytes();
	/* init_task is in the kernel image's data. */
	u64 kernel = ALIGN_DOWN(__pa(&init_task), bs);
	u64 top = mh_boot_end() - bs;

	KUNIT_ASSERT_EQ(test, mh_block_state(kernel), MEM_ONLINE);
	KUNIT_ASSERT_EQ(test, mh_block_state(top), MEM_ONLINE);
	KUNIT_ASSERT_TRUE(test, mh_is_ram(kernel, bs));

	KUNIT_EXPECT_EQ(test, mh_remove(kernel, bs), -EBUSY);
	KUNIT_EXPECT_EQ(test, mh_block_state(kernel), MEM_ONLINE);
	KUNIT_EXPECT_TRUE(test, mh_is_ram(kernel, bs));

	KUNIT_EXPECT_EQ(test, mh_remove(top, 2 * bs), -EBUSY);
	KUNIT_EXPECT_EQ(test, mh_block_state(top), MEM_ONLINE);
	KUNIT_EXPECT_TRUE(test, mh_is_ram(top, bs));
}

/* An LMB the partition does not have is not System RAM: refused. */
static void remove_not_ram(struct kunit *test)
{
	struct pdlpar_lmb_table *t = mh_host()->table;
	u64 base = t->lmbs[mh_free_lmb(test, t)].base;
	int rc;

	KUNIT_ASSERT_EQ(test, region_intersects(base, t->lmb_size,
						IORESOURCE_SYSTEM_RAM,
						IORES_DESC_NONE),
			REGION_DISJOINT);
	rc = mh_remove(base, t->lmb_size);
	KUNIT_EXPECT_TRUE_MSG(test, rc == -EINVAL || rc == -ENODEV, "rc %d",
			      rc);
	KUNIT_EXPECT_EQ(test, mh_block_state(base), -1);
}

/* --- 5: a partial offline is rolled back --------------------------------- */

static int mh_zone(u64 addr)
{
	return zone_idx(page_zone(pfn_to_page(PFN_DOWN(addr))));
}

/*
 * Two online blocks of boot memory; the second cannot be offlined (the
 * test's memory notifier refuses it). If the first can, the host must
 * put it back online in its zone. Boot memory the kernel cannot move out
 * of refuses the first block too; the next pair is tried.
 */
static void offline_partial_rollback(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	struct pdlpar_mem_host *host = mh_host();
	u64 bs = memory_block_size_bytes();
	u64 end = mh_boot_end(), a, movable;
	int rc, zone;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, mh_online_blocks,
							mt), 0);
	for (a = bs; a + 2 * bs <= end; a += bs) {
		if (mh_block_state(a) != MEM_ONLINE ||
		    mh_block_state(a + bs) != MEM_ONLINE)
			continue;
		zone = mh_zone(a);
		mt->blocks[0] = a;
		mt->blocks[1] = a + bs;
		mt->nr_blocks = 2;
		mt->watch_pfn = PFN_DOWN(a);
		mt->refuse_pfn = PFN_DOWN(a + bs);
		mt->offlined = 0;
		mt->onlined = 0;
		lock_device_hotplug();
		rc = host->ops->offline(host, a, 2 * bs, &movable);
		unlock_device_hotplug();
		KUNIT_ASSERT_NE(test, rc, 0);
		if (!mt->offlined)
			continue;	/* the first block would not go */

		kunit_info(test, "blocks 0x%llx and 0x%llx: %d\n", a, a + bs,
			   rc);
		KUNIT_EXPECT_EQ(test, rc, -EBUSY);
		KUNIT_EXPECT_EQ(test, mt->onlined, 1U);
		KUNIT_EXPECT_EQ(test, mh_block_state(a), MEM_ONLINE);
		KUNIT_EXPECT_EQ(test, mh_block_state(a + bs), MEM_ONLINE);
		if (mh_block_state(a) == MEM_ONLINE)
			KUNIT_EXPECT_EQ(test, mh_zone(a), zone);
		KUNIT_EXPECT_EQ(test, movable, zone == ZONE_MOVABLE ? 1ULL : 0);
		return;
	}
	kunit_skip(test, "no block of boot memory could be offlined");
}

/* --- 6: ibm,associativity-lookup-arrays ---------------------------------- */

struct mh_aa {
	struct device_node np;
	struct property prop;
	__be32 assoc[65];
};

/* A node whose ibm,associativity is row @row, or all 0xffffffff if < 0. */
static struct device_node *mh_aa_node(struct mem_host_test *mt, int row)
{
	const __be32 *rows = of_get_property(mt->drconf, MH_AA, NULL);
	struct mh_aa *n = kunit_kzalloc(mt->test, sizeof(*n), GFP_KERNEL);
	u32 width, i;

	KUNIT_ASSERT_NOT_NULL(mt->test, n);
	KUNIT_ASSERT_NOT_NULL(mt->test, rows);
	width = be32_to_cpu(rows[1]);
	KUNIT_ASSERT_LE(mt->test, width, 64U);
	n->assoc[0] = cpu_to_be32(width);
	for (i = 0; i < width; i++)
		n->assoc[1 + i] = row < 0 ? cpu_to_be32(U32_MAX) :
				  rows[2 + row * width + i];
	n->prop.name = "ibm,associativity";
	n->prop.value = n->assoc;
	n->prop.length = (1 + width) * 4;
	n->np.properties = &n->prop;
	n->np.full_name = "pdlpar-kunit-lmb";
	return &n->np;
}

static int mh_aa_index(struct device_node *np, u32 *aa)
{
	struct pdlpar_mem_host *host = mh_host();
	int rc;

	lock_device_hotplug();
	rc = host->ops->aa_index(host, np, aa);
	unlock_device_hotplug();
	return rc;
}

/* A row that is there: its index, and the property as it was. */
static void aa_index_existing(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	u32 nrows = be32_to_cpup(mt->aa->value), row = nrows - 1, aa = ~0U;

	KUNIT_EXPECT_EQ(test, mh_aa_index(mh_aa_node(mt, row), &aa), 0);
	KUNIT_EXPECT_EQ(test, aa, row);
	KUNIT_EXPECT_PTR_EQ(test, of_find_property(mt->drconf, MH_AA, NULL),
			    mt->aa);
}

/*
 * A row that is not there (no NUMA node has domain 0xffffffff) is
 * appended: the old rows as they were, the new one last, its index
 * returned. Asked again, the host finds it.
 */
static void aa_index_appends(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	const __be32 *was = mt->aa->value, *now;
	u32 nrows = be32_to_cpu(was[0]), width = be32_to_cpu(was[1]), aa, i;
	struct device_node *np = mh_aa_node(mt, -1);
	struct property *p;
	const __be32 *assoc = of_get_property(np, "ibm,associativity", NULL);

	for (i = 0; i < nrows; i++)
		KUNIT_ASSERT_NE(test, memcmp(&was[2 + i * width], &assoc[1],
					     width * 4), 0);
	KUNIT_ASSERT_EQ(test, mh_aa_index(np, &aa), 0);
	KUNIT_EXPECT_EQ(test, aa, nrows);
	p = of_find_property(mt->drconf, MH_AA, NULL);
	KUNIT_ASSERT_PTR_NE(test, p, mt->aa);
	KUNIT_ASSERT_EQ(test, p->length, (int)((2 + (nrows + 1) * width) * 4));
	now = p->value;
	KUNIT_EXPECT_EQ(test, be32_to_cpu(now[0]), nrows + 1);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(now[1]), width);
	KUNIT_EXPECT_EQ(test, memcmp(&now[2], &was[2], nrows * width * 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&now[2 + nrows * width], &assoc[1],
				     width * 4), 0);

	aa = ~0U;
	KUNIT_EXPECT_EQ(test, mh_aa_index(np, &aa), 0);
	KUNIT_EXPECT_EQ(test, aa, nrows);
	KUNIT_EXPECT_PTR_EQ(test, of_find_property(mt->drconf, MH_AA, NULL), p);
}

/* A notifier refuses the update: its error comes back, and is logged. */
static void aa_index_notifier_refuses(struct kunit *test)
{
	struct mem_host_test *mt = test->priv;
	u32 aa = ~0U;

	mt->fail_prop = MH_AA;
	mt->fail_err = -EBUSY;
	mh_log_mark(mt);
	KUNIT_EXPECT_EQ(test, mh_aa_index(mh_aa_node(mt, -1), &aa), -EBUSY);
	mt->fail_prop = NULL;
	KUNIT_EXPECT_EQ(test, mt->refused, 1U);
	KUNIT_EXPECT_EQ(test, aa, ~0U);
	mh_expect_logged(mt,
			 "memory: adding a row to ibm,associativity-lookup-arrays failed: %d",
			 -EBUSY);
}

static struct kunit_case mem_host_test_cases[] = {
	KUNIT_CASE(table_read_ok),
	KUNIT_CASE(table_check_count),
	KUNIT_CASE(table_check_drc_order),
	KUNIT_CASE(table_check_base),
	KUNIT_CASE(table_read_count_differs),
	KUNIT_CASE(table_read_drc_order_differs),
	KUNIT_CASE(commit_unchanged),
	KUNIT_CASE(commit_fails_restores_drmem),
	KUNIT_CASE(commit_notifier_refuses),
	KUNIT_CASE(notify_own_write_filter),
	KUNIT_CASE(remove_online_busy),
	KUNIT_CASE(remove_not_ram),
	KUNIT_CASE(offline_partial_rollback),
	KUNIT_CASE(aa_index_existing),
	KUNIT_CASE(aa_index_appends),
	KUNIT_CASE(aa_index_notifier_refuses),
	{}
};

static struct kunit_suite mem_host_test_suite = {
	.name = "pdlpar_mem_host",
	.init = mh_init,
	.test_cases = mem_host_test_cases,
};

kunit_test_suites(&mem_host_test_suite);

/* drmem_lmb_get(), find_memory_block(), lock_device_hotplug(). */
PDLPAR_IMPORT_NS(PSERIES_DLPAR);
