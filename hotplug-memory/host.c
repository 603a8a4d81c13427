// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real kernel behind struct pdlpar_mem_host.
 *
 * The LMB table is read from /ibm,dynamic-reconfiguration-memory when the
 * module loads; if that node is missing or malformed, memory stays with
 * the built-in code. While we own memory, the kernel's own LMB array
 * (drmem_info, read by kexec/kdump and by the built-in code after rmmod)
 * is kept equal to our table, and ibm,dynamic-memory(-v2) is rewritten
 * from it once per request with drmem_update_dt(), which also keeps the
 * built-in notifier from re-reading what was just written. When somebody
 * else rewrites the property (a migration), the table is marked stale and
 * read again, with the same checks, before the next request.
 *
 * Locking: pdlpar_mem_lock guards the table; requests hold it throughout,
 * inside the device hotplug lock. The of_reconfig notifier never takes it:
 * it runs under the notifier chain's lock and, in a migration, under
 * cpus_read_lock(), both of which a request takes inside pdlpar_mem_lock.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/device.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/of.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <asm/drmem.h>
#include <asm/fadump.h>
#include <asm/topology.h>

#include "pdlpar_mem.h"

static DEFINE_MUTEX(pdlpar_mem_lock);
static struct pdlpar_lmb_table table;
static bool mem_owned;
static bool nb_registered;
static atomic_t table_stale = ATOMIC_INIT(0);
static struct device_node *drconf;
/* The task writing the property for us: its notifications are ours. */
static struct task_struct *mem_writer;

static int host_drc_lookup(struct pdlpar_mem_host *host, u32 index,
			   struct pdlpar_drc *drc)
{
	return pdlpar_drc_lookup(index, drc);
}

/*
 * Swaps the property in; of_update_property() is not exported. A
 * notifier's error leaves the new value in place (the old one stays on
 * the node's dead properties, as for every update), so there is nothing
 * to undo: only the error is passed on.
 */
static int aa_rows_update(struct property *prop)
{
	struct of_changeset ocs;
	int rc;

	of_changeset_init(&ocs);
	rc = of_changeset_update_property(&ocs, drconf, prop);
	if (rc) {
		kfree(prop->name);
		kfree(prop->value);
		kfree(prop);
	} else {
		/* A failed apply may have put it in the tree: never free it. */
		rc = of_changeset_apply(&ocs);
	}
	of_changeset_destroy(&ocs);
	return rc;
}

/*
 * The row of ibm,associativity-lookup-arrays equal to the LMB's
 * associativity (its first cell is the count of the rest). Every row has
 * the same width; a row that is missing is appended, as the built-in
 * code does, so that the kernel's NUMA code finds the node.
 */
static int host_aa_index(struct pdlpar_mem_host *host, struct device_node *np,
			 u32 *aa_index)
{
	const __be32 *a, *rows;
	struct property *prop;
	u32 nrows, width, i;
	int plen, len, rc;
	__be32 *v;

	a = of_get_property(np, "ibm,associativity", &len);
	if (!a || len < 4)
		return -EPROTO;
	/* A domain first seen here needs its distances (FORM1 affinity). */
	update_numa_distance(np);

	rows = of_get_property(drconf, "ibm,associativity-lookup-arrays",
			       &plen);
	if (!rows || plen < 8) {
		pr_err("memory: no usable ibm,associativity-lookup-arrays\n");
		return -ENODEV;
	}
	nrows = be32_to_cpu(rows[0]);
	width = be32_to_cpu(rows[1]);
	if (!width || width > 64 || nrows > (plen / 4 - 2) / width) {
		pr_err("memory: ibm,associativity-lookup-arrays: %u rows of %u in %d bytes\n",
		       nrows, width, plen);
		return -EINVAL;
	}
	if (be32_to_cpu(a[0]) < width || len / 4 - 1 < width) {
		pr_err("memory: LMB associativity has %d cells, lookup rows %u\n",
		       len / 4 - 1, width);
		return -EPROTO;
	}
	for (i = 0; i < nrows; i++) {
		if (!memcmp(&rows[2 + i * width], &a[1], width * 4)) {
			*aa_index = i;
			return 0;
		}
	}

	prop = kzalloc(sizeof(*prop), GFP_KERNEL);
	v = kzalloc(plen + width * 4, GFP_KERNEL);
	if (prop)
		prop->name = kstrdup("ibm,associativity-lookup-arrays",
				     GFP_KERNEL);
	if (!prop || !v || !prop->name) {
		if (prop)
			kfree(prop->name);
		kfree(prop);
		kfree(v);
		return -ENOMEM;
	}
	memcpy(v, rows, (2 + nrows * width) * 4);
	memcpy(&v[2 + nrows * width], &a[1], width * 4);
	v[0] = cpu_to_be32(nrows + 1);
	prop->value = v;
	prop->length = (2 + (nrows + 1) * width) * 4;
	of_property_set_flag(prop, OF_DYNAMIC);
	rc = aa_rows_update(prop);
	if (rc) {
		pr_err("memory: adding a row to ibm,associativity-lookup-arrays failed: %d\n",
		       rc);
		return rc;
	}
	*aa_index = nrows;
	return 0;
}

static int host_nid(struct pdlpar_mem_host *host, const struct pdlpar_lmb *l)
{
	struct drmem_lmb d = {
		.base_addr = l->base,
		.drc_index = l->drc_index,
		.aa_index = l->aa_index,
		.flags = l->flags,
	};
	int nid = of_drconf_to_nid_single(&d);

	return nid < 0 || !node_possible(nid) ? first_online_node : nid;
}

static bool host_removable(struct pdlpar_mem_host *host,
			   const struct pdlpar_lmb *l)
{
#ifdef CONFIG_FA_DUMP
	if (is_fadump_memory_area(l->base, table.lmb_size))
		return false;
#endif
	return true;
}

static int host_add(struct pdlpar_mem_host *host, int nid, u64 base, u64 size)
{
	return __add_memory(nid, base, size, MHP_MEMMAP_ON_MEMORY);
}

static int host_remove(struct pdlpar_mem_host *host, u64 base, u64 size)
{
	u64 bs = memory_block_size_bytes(), addr;
	struct memory_block *mem;
	bool offline;

	/* __remove_memory() BUG()s on a block that is not offline. */
	for (addr = base; addr < base + size; addr += bs) {
		mem = find_memory_block(pfn_to_section_nr(PFN_DOWN(addr)));
		if (!mem)
			return -ENODEV;
		offline = mem->state == MEM_OFFLINE;
		put_device(&mem->dev);
		if (!offline)
			return -EBUSY;
	}
	__remove_memory(base, size);
	return 0;
}

/* One memory block on or offline: 0, or a negative errno. */
static int block_set_online(u64 addr, bool online)
{
	struct memory_block *mem;
	int rc;

	mem = find_memory_block(pfn_to_section_nr(PFN_DOWN(addr)));
	if (!mem)
		return -ENODEV;
	rc = online ? device_online(&mem->dev) : device_offline(&mem->dev);
	put_device(&mem->dev);
	/* 1: it already was. */
	return rc < 0 ? rc : 0;
}

static int host_set_online(struct pdlpar_mem_host *host, u64 base, u64 size,
			   bool online)
{
	u64 bs = memory_block_size_bytes(), addr;
	int rc = 0;

	for (addr = base; addr < base + size; addr += bs) {
		rc = block_set_online(addr, online);
		if (rc)
			break;
	}
	while (rc && addr > base) {
		addr -= bs;
		if (block_set_online(addr, !online))
			pr_err("memory: block 0x%llx left %s after a failed %s\n",
			       addr, online ? "online" : "offline",
			       online ? "online" : "offline");
	}
	return rc;
}

static int host_commit(struct pdlpar_mem_host *host, const u32 *pos,
		       unsigned int n)
{
	struct drmem_lmb *d;
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		d = &drmem_info->lmbs[pos[i]];
		d->aa_index = table.lmbs[pos[i]].aa_index;
		d->flags = (d->flags & DRMEM_LMB_RESERVED) |
			   table.lmbs[pos[i]].flags;
	}
	WRITE_ONCE(mem_writer, current);
	rc = drmem_update_dt();
	WRITE_ONCE(mem_writer, NULL);
	return rc ? -ENOMEM : 0;
}

static struct device_node *host_cc_parent(struct pdlpar_mem_host *host)
{
	return of_root;
}

static const struct pdlpar_mem_host_ops host_ops = {
	.drc_lookup = host_drc_lookup,
	.aa_index = host_aa_index,
	.nid = host_nid,
	.removable = host_removable,
	.add = host_add,
	.set_online = host_set_online,
	.remove = host_remove,
	.commit = host_commit,
	.cc_parent = host_cc_parent,
};

static struct pdlpar_mem_host real_host = {
	.ops = &host_ops,
	.plat = &pdlpar_rtas_platform,
	.table = &table,
};

/*
 * The table must describe the LMBs of the kernel's drmem array, in the
 * same order (both come from the same property): the module writes its
 * changes into that array by position.
 */
static int mem_table_check(const struct pdlpar_lmb_table *t)
{
	u32 i;

	if (drmem_info->n_lmbs != t->nr || drmem_info->lmb_size != t->lmb_size) {
		pr_err("memory: the kernel has %d LMBs of 0x%llx, the device tree %u of 0x%llx\n",
		       drmem_info->n_lmbs, drmem_info->lmb_size, t->nr,
		       t->lmb_size);
		return -EINVAL;
	}
	for (i = 0; i < t->nr; i++) {
		if (drmem_info->lmbs[i].drc_index != t->lmbs[i].drc_index) {
			pr_err("memory: LMB %u is DRC 0x%08x in the kernel, 0x%08x in the device tree\n",
			       i, drmem_info->lmbs[i].drc_index,
			       t->lmbs[i].drc_index);
			return -EINVAL;
		}
	}
	return 0;
}

/* Reads the table from the device tree and checks it. */
static int mem_table_read(struct pdlpar_lmb_table *t)
{
	const struct property *prop;
	const __be32 *sz;
	bool v2 = false;
	u64 lmb_size;
	int len, rc;

	sz = of_get_property(drconf, "ibm,lmb-size", &len);
	if (!sz || (len != 4 && len != 8)) {
		pr_err("memory: ibm,lmb-size is missing or %d bytes\n",
		       sz ? len : -1);
		return -EINVAL;
	}
	lmb_size = of_read_number(sz, len / 4);
	prop = of_find_property(drconf, "ibm,dynamic-memory", NULL);
	if (!prop) {
		prop = of_find_property(drconf, "ibm,dynamic-memory-v2", NULL);
		v2 = true;
	}
	if (!prop) {
		pr_err("memory: neither ibm,dynamic-memory nor ibm,dynamic-memory-v2\n");
		return -ENODEV;
	}
	rc = pdlpar_lmb_table_parse(t, prop->value, prop->length, v2, lmb_size,
				    memory_block_size_bytes());
	if (rc)
		return rc;
	rc = mem_table_check(t);
	if (rc)
		pdlpar_lmb_table_free(t);
	return rc;
}

/* Re-reads a stale table; called with pdlpar_mem_lock held. */
static void mem_table_refresh(void)
{
	struct pdlpar_lmb_table t;
	int rc;

	if (!atomic_xchg(&table_stale, 0))
		return;
	rc = mem_table_read(&t);
	if (!rc) {
		pdlpar_lmb_table_free(&table);
		table = t;
		WRITE_ONCE(mem_owned, true);
		pr_info("memory: LMB table re-read: %u LMBs\n", table.nr);
	} else if (mem_owned) {
		WRITE_ONCE(mem_owned, false);
		pr_err("memory: the new LMB table is unusable (%d), memory goes back to the built-in code\n",
		       rc);
	}
}

/*
 * Somebody else rewrote the LMB property (a migration): mark the table
 * stale. Only that -- see the locking note at the top.
 */
static int mem_of_notify(struct notifier_block *nb, unsigned long action,
			 void *data)
{
	struct of_reconfig_data *rd = data;

	switch (action) {
	case OF_RECONFIG_ADD_PROPERTY:
	case OF_RECONFIG_REMOVE_PROPERTY:
	case OF_RECONFIG_UPDATE_PROPERTY:
		break;
	default:
		return NOTIFY_DONE;
	}
	if (rd->dn != drconf || READ_ONCE(mem_writer) == current ||
	    (strcmp(rd->prop->name, "ibm,dynamic-memory") &&
	     strcmp(rd->prop->name, "ibm,dynamic-memory-v2") &&
	     strcmp(rd->prop->name, "ibm,lmb-size")))
		return NOTIFY_DONE;
	atomic_set(&table_stale, 1);
	return NOTIFY_OK;
}

static struct notifier_block mem_of_nb = {
	.notifier_call = mem_of_notify,
};

/**
 * pdlpar_mem_resync - read the LMB table again after a migration
 *
 * The notifier follows every rewrite of the property; this also catches a
 * destination whose device tree changed some other way. The table is
 * re-read, with every check, before the next memory request; if it is
 * unusable then, memory goes back to the built-in code.
 */
void pdlpar_mem_resync(void)
{
	if (nb_registered)
		atomic_set(&table_stale, 1);
}

/**
 * pdlpar_mem_owned - whether the module carries out memory requests
 *
 * Return: true once the LMB table was read and checked.
 */
bool pdlpar_mem_owned(void)
{
	return READ_ONCE(mem_owned) || atomic_read(&table_stale);
}

/**
 * pdlpar_mem_handle - carry out a memory request on the real kernel
 * @req: the request
 *
 * Holds the device hotplug lock throughout, like the CPU path, so that a
 * request is atomic with respect to userspace onlining memory blocks.
 *
 * Return: what pdlpar_mem_request() returns, or -EAGAIN if the LMB table
 * became unusable meanwhile (the caller hands the request back).
 */
int pdlpar_mem_handle(const struct pdlpar_request *req)
{
	int rc = -EAGAIN;

	lock_device_hotplug();
	mutex_lock(&pdlpar_mem_lock);
	mem_table_refresh();
	if (mem_owned)
		rc = pdlpar_mem_request(&real_host, req);
	mutex_unlock(&pdlpar_mem_lock);
	unlock_device_hotplug();
	return rc;
}

/**
 * pdlpar_mem_host_init - read the LMB table and take memory over
 *
 * A partition without dynamic memory, or with a property we refuse,
 * leaves memory requests to the built-in code; that is logged, not an
 * error.
 *
 * Return: 0, or -ENOMEM.
 */
int pdlpar_mem_host_init(void)
{
	int rc;

	drconf = of_find_node_by_path("/ibm,dynamic-reconfiguration-memory");
	if (!drconf || !drmem_info->lmbs) {
		pr_info("memory: no dynamic memory, left to the built-in code\n");
		return 0;
	}
	rc = mem_table_read(&table);
	if (rc == -ENOMEM)
		goto out_put;
	if (rc) {
		pr_err("memory: left to the built-in code\n");
		return 0;
	}
	rc = of_reconfig_notifier_register(&mem_of_nb);
	if (rc) {
		pdlpar_lmb_table_free(&table);
		goto out_put;
	}
	nb_registered = true;
	WRITE_ONCE(mem_owned, true);
	pr_info("memory: %u LMBs of %llu MiB\n", table.nr, table.lmb_size >> 20);
	return 0;

out_put:
	of_node_put(drconf);
	drconf = NULL;
	return rc;
}

/**
 * pdlpar_mem_host_exit - let go of the LMB table
 */
void pdlpar_mem_host_exit(void)
{
	if (nb_registered)
		of_reconfig_notifier_unregister(&mem_of_nb);
	nb_registered = false;
	pdlpar_lmb_table_free(&table);
	WRITE_ONCE(mem_owned, false);
	of_node_put(drconf);
	drconf = NULL;
}
