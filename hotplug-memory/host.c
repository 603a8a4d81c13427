// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real kernel behind struct pdlpar_mem_host.
 *
 * The LMB table is read from /ibm,dynamic-reconfiguration-memory when the
 * module loads; if that node is missing or malformed, memory stays with
 * the built-in code. While we own memory, the kernel's own LMB array
 * (drmem_info, read by kexec/kdump and by the built-in code after rmmod)
 * is kept equal to our table: drmem_commit_lmbs() writes the LMBs a
 * request changed into it and rewrites ibm,dynamic-memory(-v2) from it
 * once per request, keeping the built-in notifier from re-reading what
 * was just written, and puts the array back if that write fails. When somebody
 * else rewrites the property (a migration), the table is marked stale and
 * read again, with the same checks, before the next request.
 *
 * Locking: pdlpar_mem_lock guards the table; requests hold it throughout,
 * inside the device hotplug lock. The of_reconfig notifier never takes it:
 * it runs under the notifier chain's lock and, in a migration, under
 * cpus_read_lock(), both of which a request takes inside pdlpar_mem_lock.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <kunit/visibility.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/of.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <asm/drmem.h>
#include <asm/fadump.h>
#include <asm/topology.h>

#include "pdlpar_compat.h"
#include "pdlpar_core.h"
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

/*
 * The blocks of a range, in pieces __remove_memory() takes in one call:
 * within one System RAM resource (it releases the range from a single
 * resource: a range across two would leave part of them, and the next
 * add of that memory would collide), and all with or all without a
 * memmap on the memory itself (a mixed range BUG()s).
 */
struct rm_walk {
	u64 covered;
	bool remove;
};

static int rm_piece(u64 start, u64 end, bool remove)
{
	u64 bs = memory_block_size_bytes(), addr, from = start;
	struct memory_block *mem;
	bool altmap = false;
	int state;

	for (addr = start; addr < end; addr += bs) {
		mem = pdlpar_memory_block_get(addr);
		if (!mem)
			return -ENODEV;
		state = mem->state;
		if (addr != from && !!mem->altmap != altmap && remove) {
			__remove_memory(from, addr - from);
			from = addr;
		}
		altmap = mem->altmap;
		pdlpar_memory_block_put(mem);
		/* __remove_memory() BUG()s on a block that is not offline. */
		if (state != MEM_OFFLINE)
			return -EBUSY;
	}
	if (remove)
		__remove_memory(from, end - from);
	return 0;
}

static int rm_walk_cb(struct resource *res, void *arg)
{
	struct rm_walk *w = arg;

	w->covered += resource_size(res);
	return rm_piece(res->start, res->end + 1, w->remove);
}

static int host_remove(struct pdlpar_mem_host *host, u64 base, u64 size)
{
	struct rm_walk w = { };
	int rc;

	/* Check every block first: the removal is all or nothing. */
	rc = walk_iomem_res_desc(IORES_DESC_NONE,
				 IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				 base, base + size - 1, &w, rm_walk_cb);
	if (rc)
		return rc;
	if (w.covered != size) {
		pr_err("memory: 0x%llx-0x%llx is not all System RAM\n", base,
		       base + size - 1);
		return -EINVAL;
	}
	w.remove = true;
	return walk_iomem_res_desc(IORES_DESC_NONE,
				   IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				   base, base + size - 1, &w, rm_walk_cb);
}

/*
 * How long one memory block of a hypervisor removal may take to go
 * offline. A block in ZONE_MOVABLE holding a page that cannot be migrated
 * (pinned, or taken with alloc_contig_range()) never does: the kernel's
 * offline_pages() retries until the offlining task has a fatal signal
 * (in ZONE_NORMAL it refuses at once), and the event thread gets none, so
 * mainline's removal never ends and the hypervisor is never answered.
 * After this long the event thread is sent SIGKILL, offline_pages() gives
 * up with -EINTR and undoes its isolation, and the removal is refused and
 * reported like any other. A block offlines in well under a second
 * (0.3 s under TCG with every debug option on); 0 waits for ever, as
 * mainline does. Sysfs writers are not timed: they can be killed.
 */
static unsigned int hyp_offline_timeout = 120;
module_param(hyp_offline_timeout, uint, 0644);
MODULE_PARM_DESC(hyp_offline_timeout,
		 "seconds a memory block of a hypervisor removal may take to go offline before the removal is refused (0: no limit)");

struct offline_watch {
	struct delayed_work work;
	struct task_struct *task;
};

static void offline_watch_fire(struct work_struct *work)
{
	struct offline_watch *w = container_of(to_delayed_work(work),
					       struct offline_watch, work);

	send_sig(SIGKILL, w->task, 1);
}

static int block_offline(struct memory_block *mem, u64 addr)
{
	unsigned int secs = READ_ONCE(hyp_offline_timeout);
	struct offline_watch w = { .task = current };
	int rc;

	if (!secs || !pdlpar_in_event_thread())
		return device_offline(&mem->dev);
	INIT_DELAYED_WORK_ONSTACK(&w.work, offline_watch_fire);
	schedule_delayed_work(&w.work, secs * HZ);
	rc = device_offline(&mem->dev);
	cancel_delayed_work_sync(&w.work);
	destroy_delayed_work_on_stack(&w.work);
	if (fatal_signal_pending(current)) {
		/* Ours, or an administrator's: spent on this block. */
		flush_signals(current);
		if (rc == -EINTR)
			pr_err("memory: block at 0x%llx not offline after %u s (a page in it cannot be migrated): removal refused\n",
			       addr, secs);
	}
	return rc;
}

/*
 * One memory block on or offline: 0, or a negative errno. Online, it
 * goes to ZONE_MOVABLE (MMOP_ONLINE_MOVABLE), a kernel zone
 * (MMOP_ONLINE_KERNEL), or where the kernel's policy puts new memory
 * (MMOP_ONLINE): what a write of "online_movable", "online_kernel" or
 * "online" to its state file asks for. *@movable, if given, says whether
 * an online block was in ZONE_MOVABLE.
 */
static int block_set(u64 addr, int online_type, bool *movable)
{
	struct memory_block *mem;
	int rc;

	mem = pdlpar_memory_block_get(addr);
	if (!mem)
		return -ENODEV;
	if (movable)
		*movable = mem->state == MEM_ONLINE && mem->zone &&
			   zone_idx(mem->zone) == ZONE_MOVABLE;
	if (online_type == MMOP_OFFLINE) {
		rc = block_offline(mem, addr);
	} else {
		/* device_online() passes it on, then resets it. */
		if (mem->state == MEM_OFFLINE)
			mem->online_type = online_type;
		rc = device_online(&mem->dev);
	}
	pdlpar_memory_block_put(mem);
	/* 1: it already was. */
	return rc < 0 ? rc : 0;
}

static int zone_type(const u64 *movable, unsigned int i)
{
	if (!movable)
		return MMOP_ONLINE;
	return *movable & BIT_ULL(i) ? MMOP_ONLINE_MOVABLE : MMOP_ONLINE_KERNEL;
}

static int host_offline(struct pdlpar_mem_host *host, u64 base, u64 size,
			u64 *movable)
{
	u64 bs = memory_block_size_bytes();
	unsigned int i, n = size / bs;
	bool mov;
	int rc = 0;

	*movable = 0;
	for (i = 0; i < n; i++) {
		rc = block_set(base + i * bs, MMOP_OFFLINE, &mov);
		if (rc)
			break;
		if (mov)
			*movable |= BIT_ULL(i);
	}
	while (rc && i-- > 0)
		if (block_set(base + i * bs, zone_type(movable, i), NULL))
			pr_err("memory: block 0x%llx left offline after a failed offline\n",
			       base + i * bs);
	return rc;
}

static int host_online(struct pdlpar_mem_host *host, u64 base, u64 size,
		       const u64 *movable)
{
	u64 bs = memory_block_size_bytes();
	unsigned int i, n = size / bs;
	int rc = 0;

	for (i = 0; i < n; i++) {
		rc = block_set(base + i * bs, zone_type(movable, i), NULL);
		if (rc)
			break;
	}
	while (rc && i-- > 0)
		if (block_set(base + i * bs, MMOP_OFFLINE, NULL))
			pr_err("memory: block 0x%llx left online after a failed online\n",
			       base + i * bs);
	return rc;
}

static int host_commit(struct pdlpar_mem_host *host, const u32 *pos,
		       unsigned int n)
{
	struct drmem_lmb_change *chg;
	unsigned int i;
	int rc;

	chg = kvmalloc_array(n, sizeof(*chg), GFP_KERNEL);
	if (!chg)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		chg[i].pos = pos[i];
		chg[i].flags = table.lmbs[pos[i]].flags;
		chg[i].aa_index = table.lmbs[pos[i]].aa_index;
	}
	WRITE_ONCE(mem_writer, current);
	/* On failure the kernel's array is as it was, like the property. */
	rc = drmem_commit_lmbs(chg, n);
	WRITE_ONCE(mem_writer, NULL);
	kvfree(chg);
	return rc;
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
	.offline = host_offline,
	.online = host_online,
	.remove = host_remove,
	.commit = host_commit,
	.cc_parent = host_cc_parent,
};

VISIBLE_IF_KUNIT struct pdlpar_mem_host pdlpar_mem_real_host = {
	.ops = &host_ops,
	.plat = &pdlpar_rtas_platform,
	.table = &table,
};
EXPORT_SYMBOL_IF_KUNIT(pdlpar_mem_real_host);

/*
 * The table must describe the LMBs of the kernel's drmem array, in the
 * same order (both come from the same property): the module writes its
 * changes into that array by position.
 */
static int mem_table_check(const struct pdlpar_lmb_table *t)
{
	struct drmem_lmb d;
	u32 i;

	if (drmem_lmb_count() != t->nr) {
		pr_err("memory: the kernel has %d LMBs, the device tree %u\n",
		       drmem_lmb_count(), t->nr);
		return -EINVAL;
	}
	for (i = 0; i < t->nr; i++) {
		if (drmem_lmb_get(i, &d))
			return -EINVAL;
		if (d.drc_index != t->lmbs[i].drc_index ||
		    d.base_addr != t->lmbs[i].base) {
			pr_err("memory: LMB %u is DRC 0x%08x at 0x%llx in the kernel, 0x%08x at 0x%llx in the device tree\n",
			       i, d.drc_index, d.base_addr,
			       t->lmbs[i].drc_index, t->lmbs[i].base);
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
 * Return: what pdlpar_mem_request() returns, or %PDLPAR_MEM_NOT_OURS if
 * the LMB table became unusable meanwhile (the caller hands the request
 * back; nothing was done).
 */
int pdlpar_mem_handle(const struct pdlpar_request *req)
{
	int rc = PDLPAR_MEM_NOT_OURS;

	lock_device_hotplug();
	mutex_lock(&pdlpar_mem_lock);
	mem_table_refresh();
	if (mem_owned)
		rc = pdlpar_mem_request(&pdlpar_mem_real_host, req);
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
	if (!drconf || !drmem_lmb_count()) {
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

#if IS_ENABLED(CONFIG_KUNIT)
const struct pdlpar_mem_host_kunit pdlpar_mem_host_kunit = {
	.table_read = mem_table_read,
	.table_check = mem_table_check,
	.owned = pdlpar_mem_owned,
	.stale = &table_stale,
};
EXPORT_SYMBOL_IF_KUNIT(pdlpar_mem_host_kunit);
#endif
