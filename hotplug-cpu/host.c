// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real kernel behind struct pdlpar_cpu_host.
 *
 * Cores are the "cpu" nodes under /cpus that carry ibm,my-drc-index.
 * Attaching a core's nodes makes the pseries SMP notifier mark its threads
 * present (pseries_add_processor()); detaching them clears them again, so
 * every thread must be offline first. CPUs go on and offline with
 * device_online()/device_offline() under the device hotplug lock, which
 * pdlpar_cpu_handle() holds for the whole request.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <asm/smp.h>
#include <asm/topology.h>
#include <kunit/visibility.h>

#include "pdlpar_compat.h"
#include "pdlpar_cpu.h"

static struct device_node *cpus_node;

static int host_cpu_drcs(struct pdlpar_cpu_host *host, u32 *indexes, int max)
{
	return pdlpar_drc_list(PDLPAR_DRC_TYPE_CPU, indexes, max);
}

static int host_drc_lookup(struct pdlpar_cpu_host *host, u32 index,
			   struct pdlpar_drc *drc)
{
	return pdlpar_drc_lookup(index, drc);
}

/* Fills the core's threads and their logical CPUs from its node. */
static int host_core_threads(struct pdlpar_core *core, struct device_node *np)
{
	const __be32 *servers;
	unsigned int i;
	int len, cpu;

	servers = of_get_property(np, "ibm,ppc-interrupt-server#s", &len);
	if (!servers || len <= 0 || len % 4 ||
	    len / 4 > PDLPAR_MAX_THREADS) {
		pr_err("cpu: %pOF: bad ibm,ppc-interrupt-server#s (%d bytes)\n",
		       np, servers ? len : -1);
		return -EINVAL;
	}
	core->nthreads = len / 4;
	for (i = 0; i < core->nthreads; i++) {
		core->hwid[i] = be32_to_cpu(servers[i]);
		core->cpu[i] = -1;
		for_each_present_cpu(cpu) {
			if (get_hard_smp_processor_id(cpu) == core->hwid[i]) {
				core->cpu[i] = cpu;
				break;
			}
		}
	}
	return 0;
}

static int host_core_find(struct pdlpar_cpu_host *host,
			  struct pdlpar_core *core)
{
	struct device_node *np;
	u32 index;
	int rc;

	for_each_child_of_node(cpus_node, np) {
		if (!of_node_is_type(np, "cpu") ||
		    of_property_read_u32(np, "ibm,my-drc-index", &index) ||
		    index != core->drc.index)
			continue;
		rc = host_core_threads(core, np);
		if (rc) {
			of_node_put(np);
			return rc;
		}
		core->node = np;
		return 0;
	}
	return -ENODEV;
}

static struct device_node *frag_root(struct pdlpar_dt_fragment *frag)
{
	struct of_changeset_entry *ce;

	ce = list_first_entry_or_null(&frag->ocs->entries,
				      struct of_changeset_entry, node);
	return ce ? ce->np : NULL;
}

/*
 * Whether a node of @ocs is in the live tree. __of_attach_node() clears
 * OF_DETACHED and __of_detach_node() sets it, so after a failed apply or
 * revert this tells an entry error, which of_changeset_apply() has undone
 * (tree unchanged), from a notifier error, which it has not.
 */
static bool ocs_in_tree(struct of_changeset *ocs)
{
	struct of_changeset_entry *ce;

	list_for_each_entry(ce, &ocs->entries, node)
		if (ce->action == OF_RECONFIG_ATTACH_NODE &&
		    !of_node_check_flag(ce->np, OF_DETACHED))
			return true;
	return false;
}

/*
 * Undo a failed attach of @frag whose failure was @rc. A notifier error
 * leaves the nodes attached: take them out again, so that the caller can
 * free them. If some stay in the tree even so, the tree keeps them all
 * (@frag is consumed): freeing a node under the tree is far worse than
 * leaking one the revert did detach.
 */
static int host_attach_undo(struct pdlpar_core *core,
			    struct pdlpar_dt_fragment *frag, int rc)
{
	struct device_node *np = frag_root(frag);
	int err;

	if (!ocs_in_tree(frag->ocs))
		return rc;
	err = of_changeset_revert(frag->ocs);
	/* A notifier error here still leaves the nodes detached. */
	if (err)
		pr_err("cpu: DRC 0x%08x: undoing the attach of %pOF reported %d\n",
		       core->drc.index, np, err);
	if (!ocs_in_tree(frag->ocs))
		return rc;
	pr_err("cpu: DRC 0x%08x: %pOF could not be detached again; its nodes stay in the device tree\n",
	       core->drc.index, np);
	pdlpar_dt_fragment_applied(frag);
	return rc;
}

static int host_core_attach(struct pdlpar_cpu_host *host,
			    struct pdlpar_core *core,
			    struct pdlpar_dt_fragment *frag)
{
	struct device_node *np = frag_root(frag);
	unsigned int i;
	u32 index;
	int rc;

	if (!np || !of_node_is_type(np, "cpu")) {
		pr_err("cpu: DRC 0x%08x: configure-connector gave no cpu node\n",
		       core->drc.index);
		return -EPROTO;
	}
	if (of_property_read_u32(np, "ibm,my-drc-index", &index) ||
	    index != core->drc.index) {
		pr_err("cpu: DRC 0x%08x: the fetched node %s names another DRC\n",
		       core->drc.index, np->full_name);
		return -EPROTO;
	}
	rc = host_core_threads(core, np);
	if (rc)
		return rc;
	if (num_present_cpus() + core->nthreads > num_possible_cpus()) {
		pr_err("cpu: DRC 0x%08x: no room for %u more threads (%u of %u possible CPUs present)\n",
		       core->drc.index, core->nthreads, num_present_cpus(),
		       num_possible_cpus());
		return -ENOSPC;
	}

	/*
	 * A failed entry is reverted by the apply itself; a failed notifier
	 * (the pseries SMP notifier finding no free range of CPU ids, say)
	 * is not: the nodes are attached, and are ours to take out again.
	 */
	rc = of_changeset_apply(frag->ocs);
	if (rc) {
		pr_err("cpu: DRC 0x%08x: attaching %s failed: %d\n",
		       core->drc.index, np->full_name, rc);
		return host_attach_undo(core, frag, rc);
	}
	/* The notifier gave each thread a logical CPU; find them. */
	rc = host_core_threads(core, np);
	for (i = 0; !rc && i < core->nthreads; i++)
		if (core->cpu[i] < 0)
			rc = -ENODEV;
	if (rc) {
		pr_err("cpu: DRC 0x%08x: threads of %s got no logical CPU\n",
		       core->drc.index, np->full_name);
		return host_attach_undo(core, frag, rc);
	}
	core->node = of_node_get(np);
	pdlpar_dt_fragment_applied(frag);
	/* Distances for a NUMA domain first seen here, before any thread runs. */
	update_numa_distance(np);
	return 0;
}

/* The next cache node in @np's hierarchy, referenced. */
static struct device_node *next_cache(struct device_node *np)
{
	const __be32 *ph;

	ph = of_get_property(np, "l2-cache", NULL);
	if (!ph)
		ph = of_get_property(np, "next-level-cache", NULL);
	return ph ? of_find_node_by_phandle(be32_to_cpup(ph)) : NULL;
}

/* Whether a cpu node other than @except uses @cache. */
static bool cache_in_use(struct device_node *cache, struct device_node *except)
{
	struct device_node *cpu, *c, *next;
	bool used = false;

	for_each_child_of_node(cpus_node, cpu) {
		if (cpu == except || !of_node_is_type(cpu, "cpu"))
			continue;
		for (c = next_cache(cpu); c && !used; c = next) {
			used = c == cache;
			next = next_cache(c);
			of_node_put(c);
		}
		of_node_put(c);
		if (used) {
			of_node_put(cpu);
			break;
		}
	}
	return used;
}

/*
 * Queue the detach of @np and everything below it, deepest nodes first,
 * as a changeset must detach them: collect the subtree breadth-first
 * (parents before children), then queue it backwards.
 */
static int detach_subtree(struct of_changeset *ocs, struct device_node *np)
{
	struct device_node **nodes, *child;
	unsigned int n = 0, i;
	int rc = 0;

	nodes = kcalloc(PDLPAR_CC_MAX_NODES, sizeof(*nodes), GFP_KERNEL);
	if (!nodes)
		return -ENOMEM;
	nodes[n++] = of_node_get(np);
	for (i = 0; i < n && !rc; i++) {
		for_each_child_of_node(nodes[i], child) {
			if (n == PDLPAR_CC_MAX_NODES) {
				of_node_put(child);
				rc = -E2BIG;
				break;
			}
			nodes[n++] = of_node_get(child);
		}
	}
	while (n--) {
		if (!rc)
			rc = of_changeset_detach_node(ocs, nodes[n]);
		of_node_put(nodes[n]);
	}
	kfree(nodes);
	return rc;
}

static int host_core_detach_prepare(struct pdlpar_cpu_host *host,
				    struct pdlpar_core *core)
{
	struct device_node *np = core->node, *cache, *next;
	struct of_changeset *ocs;
	int rc;

	ocs = kzalloc_obj(*ocs, GFP_KERNEL);
	if (!ocs)
		return -ENOMEM;
	of_changeset_init(ocs);
	rc = detach_subtree(ocs, np);
	/* The caches only this core used go with it. */
	for (cache = next_cache(np); !rc && cache; cache = next) {
		next = NULL;
		if (!cache_in_use(cache, np)) {
			rc = detach_subtree(ocs, cache);
			if (!rc)
				next = next_cache(cache);
		}
		of_node_put(cache);
	}
	if (rc) {
		of_changeset_destroy(ocs);
		kfree(ocs);
		return rc;
	}
	core->detach = ocs;
	return 0;
}

static void host_core_detach_commit(struct pdlpar_cpu_host *host,
				    struct pdlpar_core *core)
{
	struct of_changeset *ocs = core->detach;
	struct of_changeset_entry *ce;
	bool stay = false;
	int rc;

	rc = of_changeset_apply(ocs);
	/*
	 * Each node that is out of the tree now drops the reference it held
	 * as part of it -- after a notifier error too, which leaves the nodes
	 * detached. Only a failed entry, which the apply reverted, leaves
	 * them in the tree with their reference.
	 */
	list_for_each_entry(ce, &ocs->entries, node) {
		if (ce->action != OF_RECONFIG_DETACH_NODE)
			continue;
		if (of_node_check_flag(ce->np, OF_DETACHED))
			of_node_put(ce->np);
		else
			stay = true;
	}
	/* The DRC is already released: there is nothing to go back to. */
	if (rc && stay)
		pr_err("cpu: DRC 0x%08x: detaching %pOF failed: %d; its nodes stay\n",
		       core->drc.index, core->node, rc);
	else if (rc)
		pr_err("cpu: DRC 0x%08x: a notifier failed detaching %pOF: %d; the nodes are detached\n",
		       core->drc.index, core->node, rc);
	of_changeset_destroy(ocs);
	kfree(ocs);
	core->detach = NULL;
}

static void host_core_detach_abort(struct pdlpar_cpu_host *host,
				   struct pdlpar_core *core)
{
	of_changeset_destroy(core->detach);
	kfree(core->detach);
	core->detach = NULL;
}

static void host_core_put(struct pdlpar_cpu_host *host,
			  struct pdlpar_core *core)
{
	of_node_put(core->node);
	core->node = NULL;
}

static bool host_cpu_online(struct pdlpar_cpu_host *host, int cpu)
{
	return cpu_online(cpu);
}

static int host_cpu_set_online(struct pdlpar_cpu_host *host, int cpu,
			       bool online)
{
	struct device *dev = get_cpu_device(cpu);
	int rc;

	if (!dev)
		return -ENODEV;
	if (online) {
		/* Learn the thread's NUMA node before it comes up. */
		find_and_update_cpu_nid(cpu);
		rc = device_online(dev);
	} else {
		rc = device_offline(dev);
	}
	/* 1: it already was. */
	return rc < 0 ? rc : 0;
}

/*
 * SMT control decides for a thread that never ran as for the others
 * (smt/control, smt/active's level): cpu_smt_thread_enabled(), added by
 * the enablement series for this.
 */
static bool host_cpu_bootable(struct pdlpar_cpu_host *host, int cpu)
{
	return cpu_smt_thread_enabled(cpu);
}

static unsigned int host_cpus_online(struct pdlpar_cpu_host *host)
{
	return num_online_cpus();
}

static struct device_node *host_cc_parent(struct pdlpar_cpu_host *host)
{
	return cpus_node;
}

static const struct pdlpar_cpu_host_ops host_ops = {
	.cpu_drcs = host_cpu_drcs,
	.drc_lookup = host_drc_lookup,
	.core_find = host_core_find,
	.core_attach = host_core_attach,
	.core_detach_prepare = host_core_detach_prepare,
	.core_detach_commit = host_core_detach_commit,
	.core_detach_abort = host_core_detach_abort,
	.core_put = host_core_put,
	.cpu_online = host_cpu_online,
	.cpu_set_online = host_cpu_set_online,
	.cpu_bootable = host_cpu_bootable,
	.cpus_online = host_cpus_online,
	.cc_parent = host_cc_parent,
};

/* The kernel's CPU host; KUnit drives its device-tree steps directly. */
VISIBLE_IF_KUNIT struct pdlpar_cpu_host pdlpar_cpu_real_host = {
	.ops = &host_ops,
	.plat = &pdlpar_rtas_platform,
};
EXPORT_SYMBOL_IF_KUNIT(pdlpar_cpu_real_host);

/**
 * pdlpar_cpu_handle - carry out a CPU request on the real kernel
 * @req: the request
 *
 * Holds the device hotplug lock throughout, so the request is atomic with
 * respect to userspace onlining or offlining CPUs.
 *
 * Return: what pdlpar_cpu_request() returns.
 */
int pdlpar_cpu_handle(const struct pdlpar_request *req)
{
	int rc;

	lock_device_hotplug();
	rc = pdlpar_cpu_request(&pdlpar_cpu_real_host, req);
	unlock_device_hotplug();
	return rc;
}

/**
 * pdlpar_cpu_host_init - find /cpus
 *
 * Return: 0, or -ENODEV without a /cpus node.
 */
int pdlpar_cpu_host_init(void)
{
	cpus_node = of_find_node_by_path("/cpus");
	return cpus_node ? 0 : -ENODEV;
}

/**
 * pdlpar_cpu_host_exit - let go of /cpus
 */
void pdlpar_cpu_host_exit(void)
{
	of_node_put(cpus_node);
}
