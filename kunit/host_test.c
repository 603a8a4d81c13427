// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real CPU host's device-tree steps (hotplug-cpu/host.c) on the
 * live tree of the guest running the tests, with an of_reconfig notifier
 * that fails. A core subtree (a cpu node with a child, and an L2 cache
 * node beside it) is fetched from the fake platform's configure-connector
 * as the module fetches one, under a test node attached below the root.
 * Afterwards the nodes must be where the return code says and hold no
 * reference but the test's own.
 *
 * The test's notifier runs before every other one and ends the chain for
 * the test's nodes, so the pseries SMP notifier never sees them: it would
 * mark their threads present, and BUG() on detaching a thread online.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/notifier.h>
#include <linux/of.h>
#include <asm/smp.h>

#include "fake_papr.h"
#include "pdlpar_compat.h"
#include "pdlpar_cpu.h"

#define HT_DRC		0x1000fff0
#define HT_PH_CPU	0x7ffd0a01
#define HT_PH_L2	0x7ffd0a02
#define HT_MARKER	"pdlpar,kunit-host"
#define HT_PARENT	"pdlpar-kunit-host"
#define HT_CPU_PATH	"/" HT_PARENT "/PowerPC,POWER9@fff0"
#define HT_CHILD_PATH	HT_CPU_PATH "/pdlpar-kunit-child"
#define HT_L2_PATH	"/" HT_PARENT "/l2-cache@fff1"
/* No thread of a POWER partition has so high a hardware id. */
#define HT_NO_HWID	0x7fff0000

enum { HT_CPU, HT_CHILD, HT_L2, HT_NODES };

struct host_test {
	struct kunit *test;
	struct notifier_block nb;
	struct of_changeset parent_ocs;
	struct device_node *parent;
	struct fake_papr fp;
	struct fake_cc_step fdt[16];
	__be32 server, my_index, ph_cpu, ph_l2;
	struct pdlpar_core core;
	struct pdlpar_dt_fragment frag;
	struct device_node *np[HT_NODES];	/* the test's references */
	struct property bogus;			/* on no node */
	int attach_err, detach_err;		/* the notifier's answers */
	unsigned int attaches, detaches;	/* calls for the core's nodes */
};

static const char ht_cpu_type[] = "cpu";
static const char ht_cache_type[] = "cache";
static const char ht_marker[] = "kunit";

static const char * const ht_paths[HT_NODES] = {
	[HT_CPU] = HT_CPU_PATH,
	[HT_CHILD] = HT_CHILD_PATH,
	[HT_L2] = HT_L2_PATH,
};

/*
 * Before the pseries SMP notifier and the rest: the parent and the core's
 * nodes end the chain here. A node with interrupt servers gets the
 * answer the test set, as pseries_add_processor() would give it.
 */
static int ht_notify(struct notifier_block *nb, unsigned long action,
		     void *data)
{
	struct host_test *ht = container_of(nb, struct host_test, nb);
	struct of_reconfig_data *rd = data;
	int err = 0;

	if (rd->dn == ht->parent)
		return NOTIFY_STOP;
	if (!of_property_present(rd->dn, HT_MARKER))
		return NOTIFY_DONE;
	if (action == OF_RECONFIG_ATTACH_NODE) {
		ht->attaches++;
		err = ht->attach_err;
	} else if (action == OF_RECONFIG_DETACH_NODE) {
		ht->detaches++;
		err = ht->detach_err;
	}
	if (err && of_property_present(rd->dn, "ibm,ppc-interrupt-server#s"))
		return notifier_from_errno(err);
	return NOTIFY_STOP;
}

static void ht_step(struct host_test *ht, unsigned int *n, int status,
		    const char *name, const void *value, u32 length)
{
	ht->fdt[(*n)++] = (struct fake_cc_step){ status, name, value, length };
}

/* The core's subtree, as configure-connector hands it over. */
static unsigned int ht_script(struct host_test *ht)
{
	unsigned int n = 0;

	ht_step(ht, &n, PDLPAR_CC_NEXT_CHILD, "PowerPC,POWER9@fff0", NULL, 0);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "device_type", ht_cpu_type,
		sizeof(ht_cpu_type));
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "ibm,my-drc-index",
		&ht->my_index, 4);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "ibm,ppc-interrupt-server#s",
		&ht->server, 4);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "ibm,phandle", &ht->ph_cpu, 4);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "l2-cache", &ht->ph_l2, 4);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, HT_MARKER, ht_marker,
		sizeof(ht_marker));
	ht_step(ht, &n, PDLPAR_CC_NEXT_CHILD, "pdlpar-kunit-child", NULL, 0);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, HT_MARKER, ht_marker,
		sizeof(ht_marker));
	ht_step(ht, &n, PDLPAR_CC_PREV_PARENT, NULL, NULL, 0);
	ht_step(ht, &n, PDLPAR_CC_NEXT_SIBLING, "l2-cache@fff1", NULL, 0);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "device_type", ht_cache_type,
		sizeof(ht_cache_type));
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, "ibm,phandle", &ht->ph_l2, 4);
	ht_step(ht, &n, PDLPAR_CC_NEXT_PROPERTY, HT_MARKER, ht_marker,
		sizeof(ht_marker));
	ht_step(ht, &n, PDLPAR_CC_COMPLETE, NULL, NULL, 0);
	return n;
}

static int ht_init(struct kunit *test)
{
	struct host_test *ht = kunit_kzalloc(test, sizeof(*ht), GFP_KERNEL);
	struct device_node *root, *np;
	unsigned int cpu;
	int rc;

	KUNIT_ASSERT_NOT_NULL(test, ht);
	test->priv = ht;
	ht->test = test;
	/* Nothing of an earlier run may be left over. */
	np = of_find_node_by_path("/" HT_PARENT);
	of_node_put(np);
	KUNIT_ASSERT_NULL(test, np);
	np = of_find_node_by_phandle(HT_PH_CPU);
	of_node_put(np);
	KUNIT_ASSERT_NULL(test, np);

	ht->nb.notifier_call = ht_notify;
	ht->nb.priority = INT_MAX;
	KUNIT_ASSERT_EQ(test, of_reconfig_notifier_register(&ht->nb), 0);

	root = of_find_node_by_path("/");
	KUNIT_ASSERT_NOT_NULL(test, root);
	of_changeset_init(&ht->parent_ocs);
	ht->parent = of_changeset_create_node(&ht->parent_ocs, root, HT_PARENT);
	of_node_put(root);
	KUNIT_ASSERT_NOT_NULL(test, ht->parent);
	rc = of_changeset_apply(&ht->parent_ocs);
	if (rc) {
		/* Not attached: the node and its changeset go. */
		of_node_put(ht->parent);
		of_changeset_destroy(&ht->parent_ocs);
		ht->parent = NULL;
	}
	KUNIT_ASSERT_EQ(test, rc, 0);

	ht->bogus.name = "pdlpar,kunit-bogus";
	ht->my_index = cpu_to_be32(HT_DRC);
	ht->ph_cpu = cpu_to_be32(HT_PH_CPU);
	ht->ph_l2 = cpu_to_be32(HT_PH_L2);
	/* A thread that is really present, so that the attach can succeed. */
	cpu = cpumask_first(cpu_present_mask);
	ht->server = cpu_to_be32(get_hard_smp_processor_id(cpu));
	fake_papr_init(&ht->fp);
	return 0;
}

/* Fetch the core's nodes into ht->frag and take a reference on each. */
static void ht_fetch(struct kunit *test, struct host_test *ht)
{
	struct of_changeset_entry *ce;
	struct fake_drc *f;
	unsigned int i = 0;

	f = fake_papr_add_drc(&ht->fp, HT_DRC, PDLPAR_DRC_UNISOLATED, true);
	f->fdt = ht->fdt;
	f->fdt_len = ht_script(ht);
	memset(&ht->core, 0, sizeof(ht->core));
	ht->core.drc.index = HT_DRC;
	ht->core.drc.type = PDLPAR_DRC_TYPE_CPU;
	ht->core.drc.state = PDLPAR_DRC_UNISOLATED;
	KUNIT_ASSERT_EQ(test, pdlpar_drc_configure(&ht->fp.plat, &ht->core.drc,
						   ht->parent, &ht->frag), 0);
	KUNIT_ASSERT_EQ(test, ht->frag.nr_nodes, (unsigned int)HT_NODES);
	list_for_each_entry(ce, &ht->frag.ocs->entries, node)
		ht->np[i++] = of_node_get(ce->np);
	KUNIT_ASSERT_STREQ(test, ht->np[HT_L2]->full_name, "l2-cache@fff1");
	/* Created, queued and ours: three references each. */
	for (i = 0; i < HT_NODES; i++)
		KUNIT_ASSERT_EQ(test, kref_read(&ht->np[i]->kobj.kref), 3U);
}

static int ht_attach(struct host_test *ht)
{
	const struct pdlpar_cpu_host_ops *ops = pdlpar_cpu_real_host.ops;
	int rc;

	lock_device_hotplug();
	rc = ops->core_attach(&pdlpar_cpu_real_host, &ht->core, &ht->frag);
	unlock_device_hotplug();
	return rc;
}

static void ht_detach(struct host_test *ht, bool bogus)
{
	const struct pdlpar_cpu_host_ops *ops = pdlpar_cpu_real_host.ops;
	int rc;

	lock_device_hotplug();
	rc = ops->core_detach_prepare(&pdlpar_cpu_real_host, &ht->core);
	/* An entry whose apply fails: the apply reverts the detaches. */
	if (!rc && bogus)
		rc = of_changeset_remove_property(ht->core.detach,
						  ht->np[HT_CPU], &ht->bogus);
	if (!rc)
		ops->core_detach_commit(&pdlpar_cpu_real_host, &ht->core);
	unlock_device_hotplug();
	KUNIT_ASSERT_EQ(ht->test, rc, 0);
}

static void ht_put_core(struct host_test *ht)
{
	lock_device_hotplug();
	pdlpar_cpu_real_host.ops->core_put(&pdlpar_cpu_real_host, &ht->core);
	unlock_device_hotplug();
}

/* The node the tree finds at @path, or NULL; no reference kept. */
static struct device_node *ht_lookup(const char *path)
{
	struct device_node *np = of_find_node_by_path(path);

	of_node_put(np);
	return np;
}

static struct device_node *ht_lookup_phandle(phandle ph)
{
	struct device_node *np = of_find_node_by_phandle(ph);

	of_node_put(np);
	return np;
}

static void ht_expect_in_tree(struct kunit *test, struct host_test *ht)
{
	unsigned int i;

	for (i = 0; i < HT_NODES; i++) {
		KUNIT_EXPECT_FALSE_MSG(test, of_node_check_flag(ht->np[i],
								OF_DETACHED),
				       "%s", ht_paths[i]);
		KUNIT_EXPECT_PTR_EQ_MSG(test, ht_lookup(ht_paths[i]),
					ht->np[i], "%s", ht_paths[i]);
	}
	KUNIT_EXPECT_PTR_EQ(test, ht_lookup_phandle(HT_PH_CPU), ht->np[HT_CPU]);
	KUNIT_EXPECT_PTR_EQ(test, ht_lookup_phandle(HT_PH_L2), ht->np[HT_L2]);
}

/* Out of the tree, and nothing left under the test's parent. */
static void ht_expect_out_of_tree(struct kunit *test, struct host_test *ht)
{
	struct device_node *child;
	unsigned int i;

	for (i = 0; i < HT_NODES; i++) {
		KUNIT_EXPECT_TRUE_MSG(test, of_node_check_flag(ht->np[i],
							       OF_DETACHED),
				      "%s", ht_paths[i]);
		KUNIT_EXPECT_NULL_MSG(test, ht_lookup(ht_paths[i]), "%s",
				      ht_paths[i]);
	}
	KUNIT_EXPECT_NULL(test, ht_lookup_phandle(HT_PH_CPU));
	KUNIT_EXPECT_NULL(test, ht_lookup_phandle(HT_PH_L2));
	child = of_get_next_child(ht->parent, NULL);
	KUNIT_EXPECT_NULL(test, child);
	of_node_put(child);
}

/* Only the test's reference is left on each node; drop it (frees it). */
static void ht_expect_only_ours(struct kunit *test, struct host_test *ht)
{
	unsigned int i;

	for (i = 0; i < HT_NODES; i++)
		KUNIT_EXPECT_EQ_MSG(test, kref_read(&ht->np[i]->kobj.kref), 1U,
				    "%s", ht_paths[i]);
	for (i = 0; i < HT_NODES; i++) {
		if (kref_read(&ht->np[i]->kobj.kref) != 1)
			continue;
		of_node_put(ht->np[i]);
		ht->np[i] = NULL;
	}
}

/*
 * Whatever a failed case left: nodes still in the tree are detached (the
 * child first) so that no node is freed under the tree; references the
 * code under test leaked stay leaked.
 */
static void ht_exit(struct kunit *test)
{
	static const int order[] = { HT_CHILD, HT_CPU, HT_L2 };
	struct host_test *ht = test->priv;
	unsigned int i;

	if (!ht)
		return;
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		struct device_node *np = ht->np[order[i]];

		if (np && !of_node_check_flag(np, OF_DETACHED))
			of_detach_node(np);
	}
	pdlpar_dt_fragment_free(&ht->frag);
	if (ht->core.detach)
		pdlpar_cpu_real_host.ops->core_detach_abort(&pdlpar_cpu_real_host,
							    &ht->core);
	if (ht->core.node)
		ht_put_core(ht);
	for (i = 0; i < HT_NODES; i++)
		of_node_put(ht->np[i]);
	if (ht->parent) {
		of_changeset_revert(&ht->parent_ocs);
		of_node_put(ht->parent);
		of_changeset_destroy(&ht->parent_ocs);
	}
	of_reconfig_notifier_unregister(&ht->nb);
}

/* Attach and detach succeed: the tree is as before, references balanced. */
static void attach_detach_ok(struct kunit *test)
{
	struct host_test *ht = test->priv;

	ht_fetch(test, ht);
	KUNIT_ASSERT_EQ(test, ht_attach(ht), 0);
	KUNIT_EXPECT_NULL(test, ht->frag.ocs);
	KUNIT_EXPECT_PTR_EQ(test, (struct device_node *)ht->core.node,
			    ht->np[HT_CPU]);
	KUNIT_EXPECT_EQ(test, ht->core.nthreads, 1U);
	KUNIT_EXPECT_EQ(test, ht->core.cpu[0],
			(int)cpumask_first(cpu_present_mask));
	KUNIT_EXPECT_EQ(test, ht->attaches, (unsigned int)HT_NODES);
	ht_expect_in_tree(test, ht);

	ht_detach(ht, false);
	KUNIT_EXPECT_NULL(test, ht->core.detach);
	KUNIT_EXPECT_EQ(test, ht->detaches, (unsigned int)HT_NODES);
	ht_expect_out_of_tree(test, ht);
	ht_put_core(ht);
	ht_expect_only_ours(test, ht);
}

/*
 * After a failed attach: @notified nodes were notified of the attach and
 * of the undo, the core holds nothing, and the fragment is the caller's,
 * out of the tree; freeing it leaves only the test's references.
 */
static void ht_expect_attach_undone(struct kunit *test, struct host_test *ht,
				    unsigned int notified)
{
	KUNIT_EXPECT_EQ(test, ht->attaches, notified);
	KUNIT_EXPECT_EQ(test, ht->detaches, notified);
	KUNIT_EXPECT_NULL(test, ht->core.node);
	KUNIT_ASSERT_NOT_NULL(test, ht->frag.ocs);
	ht_expect_out_of_tree(test, ht);
	pdlpar_dt_fragment_free(&ht->frag);
	ht_expect_only_ours(test, ht);
}

/*
 * The notifier refuses the cpu node, as pseries_add_processor() does
 * with no free range of CPU ids: of_changeset_apply() fails with the
 * nodes attached. The host takes them out again; the caller frees them.
 */
static void attach_notifier_fails(struct kunit *test)
{
	struct host_test *ht = test->priv;

	ht_fetch(test, ht);
	ht->attach_err = -ENOSPC;
	KUNIT_EXPECT_EQ(test, ht_attach(ht), -ENOSPC);
	/* Every node was notified, and every one taken out again. */
	ht_expect_attach_undone(test, ht, HT_NODES);
}

/* The undo's own notifier fails too: the nodes are out all the same. */
static void attach_and_undo_notifiers_fail(struct kunit *test)
{
	struct host_test *ht = test->priv;

	ht_fetch(test, ht);
	ht->attach_err = -ENOSPC;
	ht->detach_err = -EBUSY;
	KUNIT_EXPECT_EQ(test, ht_attach(ht), -ENOSPC);
	ht_expect_attach_undone(test, ht, HT_NODES);
}

/*
 * An entry fails to apply: of_changeset_apply() reverts the entries
 * before it and notifies nobody. Nothing is left to undo.
 */
static void attach_entry_fails(struct kunit *test)
{
	struct host_test *ht = test->priv;

	ht_fetch(test, ht);
	KUNIT_ASSERT_EQ(test, of_changeset_remove_property(ht->frag.ocs,
							   ht->np[HT_CPU],
							   &ht->bogus), 0);
	KUNIT_EXPECT_EQ(test, ht_attach(ht), -ENODEV);
	ht_expect_attach_undone(test, ht, 0);
}

/* Attached, but the thread got no logical CPU: the attach is undone. */
static void attach_no_logical_cpu(struct kunit *test)
{
	struct host_test *ht = test->priv;
	int cpu;

	for_each_present_cpu(cpu)
		KUNIT_ASSERT_NE(test, get_hard_smp_processor_id(cpu),
				HT_NO_HWID);
	ht->server = cpu_to_be32(HT_NO_HWID);
	ht_fetch(test, ht);
	KUNIT_EXPECT_EQ(test, ht_attach(ht), -ENODEV);
	ht_expect_attach_undone(test, ht, HT_NODES);
}

/*
 * The notifier refuses the detach of the cpu node: the nodes are
 * detached regardless and must not keep the tree's references.
 */
static void detach_notifier_fails(struct kunit *test)
{
	struct host_test *ht = test->priv;

	ht_fetch(test, ht);
	KUNIT_ASSERT_EQ(test, ht_attach(ht), 0);
	ht->detach_err = -EBUSY;
	ht_detach(ht, false);
	KUNIT_EXPECT_NULL(test, ht->core.detach);
	KUNIT_EXPECT_EQ(test, ht->detaches, (unsigned int)HT_NODES);
	ht_expect_out_of_tree(test, ht);
	ht_put_core(ht);
	ht_expect_only_ours(test, ht);
}

/*
 * An entry of the detach fails: the apply re-attaches what it detached,
 * and the nodes keep the tree's references; a second detach then works.
 */
static void detach_entry_fails(struct kunit *test)
{
	struct host_test *ht = test->priv;
	unsigned int refs[HT_NODES], i;

	ht_fetch(test, ht);
	KUNIT_ASSERT_EQ(test, ht_attach(ht), 0);
	for (i = 0; i < HT_NODES; i++)
		refs[i] = kref_read(&ht->np[i]->kobj.kref);
	ht_detach(ht, true);
	KUNIT_EXPECT_NULL(test, ht->core.detach);
	KUNIT_EXPECT_EQ(test, ht->detaches, 0U);
	ht_expect_in_tree(test, ht);
	for (i = 0; i < HT_NODES; i++)
		KUNIT_EXPECT_EQ_MSG(test, kref_read(&ht->np[i]->kobj.kref),
				    refs[i], "%s", ht_paths[i]);

	ht_detach(ht, false);
	ht_expect_out_of_tree(test, ht);
	ht_put_core(ht);
	ht_expect_only_ours(test, ht);
}

static struct kunit_case host_test_cases[] = {
	KUNIT_CASE(attach_detach_ok),
	KUNIT_CASE(attach_notifier_fails),
	KUNIT_CASE(attach_and_undo_notifiers_fail),
	KUNIT_CASE(attach_entry_fails),
	KUNIT_CASE(attach_no_logical_cpu),
	KUNIT_CASE(detach_notifier_fails),
	KUNIT_CASE(detach_entry_fails),
	{}
};

static struct kunit_suite host_test_suite = {
	.name = "pdlpar_cpu_host",
	.init = ht_init,
	.exit = ht_exit,
	.test_cases = host_test_cases,
};

kunit_test_suites(&host_test_suite);

/* lock_device_hotplug(), which the real host's callers hold. */
PDLPAR_IMPORT_NS(PSERIES_DLPAR);
