// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: memory (LMB) add and remove, by DRC index, count and
 * indexed-count.
 *
 * Every request is all or nothing, and goes in phases so that each
 * failure has a complete undo:
 *
 *  add:    acquire every DRC and read its associativity (configure-
 *          connector) -> add the memory, offline -> online it all ->
 *          write drmem_info and the device tree
 *  remove: offline every LMB -> isolate every DRC -> remove the memory ->
 *          write drmem_info and the device tree -> give every DRC back
 *          (the point of no return)
 *
 * Isolating comes before removing the memory because the hypervisor may
 * refuse it (QEMU refuses to isolate an LMB it has not marked for unplug):
 * the refusal then costs an online, not a re-add. The device tree is
 * written before the DRCs go back so that a failed write can still be
 * undone. When a hypervisor removal fails, every DRC of the request that
 * is still ours is unisolated, so the hypervisor rolls its unplug back
 * instead of waiting.
 *
 * Cost: a request of n LMBs makes the RTAS calls PAPR needs for n DRCs,
 * one kernel add and one remove per run of contiguous LMBs of one node
 * (not per LMB: each call takes the memory hotplug lock and its RCU
 * grace period), the per-block online and offline the kernel has no
 * cheaper way for, and one device-tree write. Nothing is sized to the
 * request by a constant: a request may name every LMB of the partition.
 *
 * The flows talk to the kernel only through struct pdlpar_mem_host.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>

#include "pdlpar_mem.h"

/**
 * struct mem_op - one LMB as a request moves it
 * @lmb: the LMB, in the host's table.
 * @drc: its DRC.
 * @nid: the node its memory goes to (add) or came from (remove).
 * @step: how far it got: 0 nothing, then one value for each phase done.
 * @flags: the LMB's flags before the request.
 * @aa_index: the LMB's aa_index before the request.
 * @movable: which of its blocks were online in ZONE_MOVABLE before a
 *	removal offlined them, so that an undo puts them back there.
 * @dt_flags: the flags drmem_info and the device tree have for it.
 * @dt_aa_index: the aa_index they have.
 */
struct mem_op {
	struct pdlpar_lmb *lmb;
	struct pdlpar_drc drc;
	int nid;
	int step;
	u32 flags;
	u32 aa_index;
	u64 movable;
	u32 dt_flags;
	u32 dt_aa_index;
};

static void op_init(struct mem_op *op, struct pdlpar_lmb *l, u32 index)
{
	memset(op, 0, sizeof(*op));
	op->lmb = l;
	op->drc.index = index;
	op->drc.type = PDLPAR_DRC_TYPE_MEM;
	if (l) {
		op->flags = l->flags;
		op->aa_index = l->aa_index;
		op->dt_flags = l->flags;
		op->dt_aa_index = l->aa_index;
	}
}

static u32 lmb_pos(struct pdlpar_mem_host *host, const struct pdlpar_lmb *l)
{
	return l - host->table->lmbs;
}

/*
 * The run of ops from @i on whose LMBs are at @step, on one node, and
 * together cover one range [*base, *base + *size), in either order
 * (indexed-count goes up, count removal down). Returns its end.
 */
static unsigned int mem_run(struct pdlpar_mem_host *host, struct mem_op *ops,
			    unsigned int i, unsigned int n, int step,
			    u64 *base, u64 *size)
{
	u64 sz = host->table->lmb_size, lo = ops[i].lmb->base, hi = lo + sz;
	unsigned int j;

	for (j = i + 1; j < n; j++) {
		if (ops[j].step != step || ops[j].nid != ops[i].nid)
			break;
		if (ops[j].lmb->base == hi)
			hi += sz;
		else if (ops[j].lmb->base + sz == lo)
			lo -= sz;
		else
			break;
	}
	*base = lo;
	*size = hi - lo;
	return j;
}

/*
 * Remove the memory of every op at @from, run by run, moving each to
 * @to. A run the kernel refuses keeps all its memory; @undo: go on with
 * the next run (an undo does what it can), else stop there.
 */
static int mem_remove_runs(struct pdlpar_mem_host *host, struct mem_op *ops,
			   unsigned int n, int from, int to, bool undo)
{
	unsigned int i = 0, j, k;
	u64 base, size;
	int rc, err = 0;

	while (i < n) {
		if (ops[i].step != from) {
			i++;
			continue;
		}
		j = mem_run(host, ops, i, n, from, &base, &size);
		rc = host->ops->remove(host, base, size);
		if (rc) {
			pr_err("memory: DRC 0x%08x: 0x%llx-0x%llx is not offline, not removed (%d)\n",
			       ops[i].drc.index, base, base + size - 1, rc);
			if (!undo)
				return rc;
			err = err ?: rc;
		} else {
			for (k = i; k < j; k++)
				ops[k].step = to;
		}
		i = j;
	}
	return err;
}

/*
 * The LMB behind a DRC index, or why there is none: -EINVAL for a DRC
 * that is not memory, -ENODEV for no such DRC.
 */
static int mem_lookup(struct pdlpar_mem_host *host, u32 index,
		      struct mem_op *op)
{
	struct pdlpar_drc drc;
	int rc;

	op_init(op, pdlpar_lmb_by_drc(host->table, index), index);
	if (op->lmb)
		return 0;
	rc = host->ops->drc_lookup(host, index, &drc);
	if (rc == -ENOENT) {
		pr_err("memory: DRC 0x%08x does not exist\n", index);
		return -ENODEV;
	}
	if (!rc && drc.type != PDLPAR_DRC_TYPE_MEM) {
		pr_err("memory: DRC 0x%08x (%s) is not a memory DRC\n", index,
		       drc.name);
		return -EINVAL;
	}
	pr_err("memory: DRC 0x%08x is not an LMB of ibm,dynamic-memory\n",
	       index);
	return -ENODEV;
}

/* Why @l cannot be removed, or 0. Logs nothing: the caller decides. */
static int lmb_unremovable(struct pdlpar_mem_host *host,
			   const struct pdlpar_lmb *l)
{
	if (!(l->flags & PDLPAR_LMB_ASSIGNED))
		return -ENODEV;
	if (l->flags & (PDLPAR_LMB_RESERVED | PDLPAR_LMB_DRC_INVALID) ||
	    !host->ops->removable(host, l))
		return -EBUSY;
	return 0;
}

static int lmb_offline(struct pdlpar_mem_host *host, struct mem_op *op,
		       bool quiet)
{
	int rc;

	op->movable = 0;
	rc = host->ops->offline(host, op->lmb->base, host->table->lmb_size,
				&op->movable);
	if (rc && !quiet)
		pr_err("memory: DRC 0x%08x: could not offline 0x%llx: %d\n",
		       op->drc.index, op->lmb->base, rc);
	return rc;
}

/* @zones: put each block back in the zone it was in; else the default. */
static int lmb_online(struct pdlpar_mem_host *host, struct mem_op *op,
		      bool zones)
{
	int rc;

	rc = host->ops->online(host, op->lmb->base, host->table->lmb_size,
			       zones ? &op->movable : NULL);
	if (rc)
		pr_err("memory: DRC 0x%08x: could not online 0x%llx: %d\n",
		       op->drc.index, op->lmb->base, rc);
	return rc;
}

static bool op_unwritten(const struct mem_op *op)
{
	return op->lmb && (op->lmb->flags != op->dt_flags ||
			   op->lmb->aa_index != op->dt_aa_index);
}

/*
 * Write every LMB whose flags or aa_index differ from what drmem_info
 * and the device tree have, in one write. On failure both are as they
 * were (the host's promise), and so is what the ops remember of them.
 */
static int mem_commit(struct pdlpar_mem_host *host, struct mem_op *ops,
		      unsigned int n, u32 *pos)
{
	unsigned int i, changed = 0;
	int rc;

	for (i = 0; i < n; i++)
		if (op_unwritten(&ops[i]))
			pos[changed++] = lmb_pos(host, ops[i].lmb);
	if (!changed)
		return 0;
	rc = host->ops->commit(host, pos, changed);
	if (rc) {
		pr_err("memory: writing %u LMBs to drmem_info and ibm,dynamic-memory failed: %d\n",
		       changed, rc);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (!ops[i].lmb)
			continue;
		ops[i].dt_flags = ops[i].lmb->flags;
		ops[i].dt_aa_index = ops[i].lmb->aa_index;
	}
	return 0;
}

/* --- remove --- */

enum { RM_OFFLINE = 1, RM_ISOLATED, RM_REMOVED, RM_RELEASED };

/* Undo a removal that has not reached the point of no return. */
static void mem_remove_undo(struct pdlpar_mem_host *host, struct mem_op *ops,
			    unsigned int n)
{
	u64 size = host->table->lmb_size;
	unsigned int i;
	int rc;

	for (i = n; i-- > 0;) {
		struct mem_op *op = &ops[i];

		if (op->step == RM_RELEASED)
			continue;
		if (op->step >= RM_REMOVED) {
			rc = host->ops->add(host, op->nid, op->lmb->base, size);
			if (rc) {
				pr_err("memory: DRC 0x%08x: could not add 0x%llx back: %d\n",
				       op->drc.index, op->lmb->base, rc);
				/* The memory is gone: let the DRC go with it. */
				op->lmb->flags &= ~PDLPAR_LMB_ASSIGNED;
				op->lmb->aa_index = U32_MAX;
				rc = pdlpar_drc_release(host->plat, &op->drc);
				if (rc)
					pr_err("memory: DRC 0x%08x: left %s, its memory removed (%d)\n",
					       op->drc.index,
					       pdlpar_drc_state_name(op->drc.state),
					       rc);
				op->step = RM_RELEASED;
				continue;
			}
			op->lmb->flags = op->flags;
			op->lmb->aa_index = op->aa_index;
			op->step = RM_ISOLATED;
		}
		if (op->step >= RM_ISOLATED) {
			rc = pdlpar_drc_reconfigure(host->plat, &op->drc);
			if (rc)
				pr_err("memory: DRC 0x%08x: left %s after a failed removal (%d)\n",
				       op->drc.index,
				       pdlpar_drc_state_name(op->drc.state), rc);
			op->step = RM_OFFLINE;
		}
		if (op->step >= RM_OFFLINE && !lmb_online(host, op, true))
			op->step = 0;
	}
}

/*
 * The phases after offlining: isolate, remove, write the tables, release.
 * A failed release (rare: the platform took the isolate) leaves the LMBs
 * not yet released to the undo, which writes them back as assigned.
 */
static int mem_remove_ops(struct pdlpar_mem_host *host, struct mem_op *ops,
			  unsigned int n, u32 *pos)
{
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = pdlpar_drc_isolate(host->plat, &ops[i].drc);
		if (rc)
			return rc;
		ops[i].step = RM_ISOLATED;
	}
	rc = mem_remove_runs(host, ops, n, RM_ISOLATED, RM_REMOVED, false);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		ops[i].lmb->flags &= ~PDLPAR_LMB_ASSIGNED;
		ops[i].lmb->aa_index = U32_MAX;
	}
	rc = mem_commit(host, ops, n, pos);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		/* On failure the DRC is reconfigured; the LMB gets re-added. */
		rc = pdlpar_drc_unallocate(host->plat, &ops[i].drc);
		if (rc)
			return rc;
		ops[i].step = RM_RELEASED;
	}
	return 0;
}

/*
 * An LMB the guest does not use but whose DRC it still holds (an add that
 * failed on a platform that would not take the DRC back): give it back
 * now that the hypervisor asks. True if it was one and went.
 */
static bool mem_release_held(struct pdlpar_mem_host *host, struct mem_op *op)
{
	int sense, rc;

	if (pdlpar_drc_sense(host->plat, op->drc.index, &sense) ||
	    sense != PDLPAR_SENSE_PRESENT)
		return false;
	rc = pdlpar_drc_release(host->plat, &op->drc);
	if (rc) {
		pr_warn("memory: DRC 0x%08x: held but unused, could not give it back: %d\n",
			op->drc.index, rc);
		return false;
	}
	pr_info("memory: DRC 0x%08x: gave back an LMB held but unused\n",
		op->drc.index);
	return true;
}

/*
 * Keep the named LMBs that hold memory, and offline them, all or none.
 * An LMB of the range the guest does not have is passed over, as when
 * QEMU removes a DIMM the guest took only part of; one whose DRC it still
 * holds is given back. *n becomes the number kept.
 */
static int mem_offline_named(struct pdlpar_mem_host *host, struct mem_op *ops,
			     unsigned int *n)
{
	unsigned int i, kept = 0, released = 0;
	u32 first = ops[0].drc.index;
	int rc;

	for (i = 0; i < *n; i++) {
		if (!(ops[i].lmb->flags & PDLPAR_LMB_ASSIGNED)) {
			released += mem_release_held(host, &ops[i]);
			continue;
		}
		rc = lmb_unremovable(host, ops[i].lmb);
		if (rc) {
			pr_err("memory: DRC 0x%08x: memory the kernel cannot give up\n",
			       ops[i].drc.index);
			return rc;
		}
		ops[kept++] = ops[i];
	}
	for (i = kept; i < *n; i++)
		op_init(&ops[i], NULL, 0);
	*n = kept;
	if (!kept && !released) {
		pr_err("memory: DRC 0x%08x: no LMB of the request is assigned to this partition\n",
		       first);
		return -ENODEV;
	}
	for (i = 0; i < kept; i++) {
		ops[i].nid = host->ops->nid(host, ops[i].lmb);
		if (lmb_offline(host, &ops[i], false))
			return -EBUSY;
		ops[i].step = RM_OFFLINE;
	}
	return 0;
}

/*
 * Pick @n LMBs to remove, highest address first, skipping those the
 * kernel cannot offline now: a busy LMB is no reason to fail while
 * another can go. One line says why if too few can.
 */
static int mem_offline_count(struct pdlpar_mem_host *host, struct mem_op *ops,
			     unsigned int n)
{
	struct pdlpar_lmb_table *t = host->table;
	unsigned int got = 0, avail = 0, busy = 0;
	struct pdlpar_lmb *l;
	u32 i;

	for (i = 0; i < t->nr; i++)
		if (!lmb_unremovable(host, &t->lmbs[i]))
			avail++;
	if (avail < n) {
		pr_err("memory: %u LMBs asked for, %u can be removed\n", n,
		       avail);
		return -EINVAL;
	}
	for (i = t->nr; i-- > 0 && got < n;) {
		l = &t->lmbs[t->by_base[i]];
		if (lmb_unremovable(host, l))
			continue;
		op_init(&ops[got], l, l->drc_index);
		ops[got].nid = host->ops->nid(host, l);
		if (lmb_offline(host, &ops[got], true)) {
			busy++;
			op_init(&ops[got], NULL, 0);
			continue;
		}
		ops[got++].step = RM_OFFLINE;
	}
	if (got < n) {
		pr_err("memory: only %u of %u LMBs could be offlined (%u busy)\n",
		       got, n, busy);
		return -EBUSY;
	}
	return 0;
}

/* --- add --- */

enum { ADD_ACQUIRED = 1, ADD_OFFLINE, ADD_ADDED, ADD_ONLINE };

/* What makes an LMB no candidate for an add by count. */
#define LMB_NOT_FREE	(PDLPAR_LMB_ASSIGNED | PDLPAR_LMB_RESERVED | \
			 PDLPAR_LMB_DRC_INVALID)

/* Reads the LMB's ibm,associativity with configure-connector. */
static int mem_fetch_aa(struct pdlpar_mem_host *host, struct mem_op *op,
			u32 *aa_index)
{
	struct pdlpar_dt_fragment frag = { };
	struct of_changeset_entry *ce;
	const void *assoc = NULL;
	int rc, len = 0;

	rc = pdlpar_drc_configure(host->plat, &op->drc, host->ops->cc_parent(host),
				  &frag);
	if (rc)
		return rc;
	ce = list_first_entry_or_null(&frag.ocs->entries,
				      struct of_changeset_entry, node);
	if (ce)
		assoc = of_get_property(ce->np, "ibm,associativity", &len);
	if (!assoc || len < 4 || len % 4) {
		pr_err("memory: DRC 0x%08x: configure-connector gave no usable ibm,associativity\n",
		       op->drc.index);
		rc = -EPROTO;
	} else {
		rc = host->ops->aa_index(host, ce->np, aa_index);
	}
	pdlpar_dt_fragment_free(&frag);
	return rc;
}

/* Give back a DRC we acquired for an add that did not happen. */
static void mem_add_release(struct pdlpar_mem_host *host, struct mem_op *op)
{
	int rc = pdlpar_drc_release(host->plat, &op->drc);

	if (rc)
		pr_warn("memory: DRC 0x%08x: could not give it back after a failed add (%d), it stays %s\n",
			op->drc.index, rc,
			pdlpar_drc_state_name(op->drc.state));
}

static void mem_add_undo(struct pdlpar_mem_host *host, struct mem_op *ops,
			 unsigned int n)
{
	unsigned int i;

	/*
	 * Offline even what we never onlined: the kernel may have
	 * (auto_online_blocks), and removing online memory BUG()s. What
	 * will not go offline is in use already: it stays, and says so.
	 */
	for (i = n; i-- > 0;) {
		if (ops[i].step < ADD_ADDED)
			continue;
		if (lmb_offline(host, &ops[i], false)) {
			ops[i].lmb->flags |= PDLPAR_LMB_ASSIGNED;
			continue;
		}
		ops[i].step = ADD_OFFLINE;
	}
	mem_remove_runs(host, ops, n, ADD_OFFLINE, ADD_ACQUIRED, true);
	for (i = n; i-- > 0;) {
		struct mem_op *op = &ops[i];

		if (op->step == ADD_OFFLINE) {
			/* The kernel would not remove it: it stays, usable. */
			op->lmb->flags |= PDLPAR_LMB_ASSIGNED;
			lmb_online(host, op, false);
			continue;
		}
		if (op->step != ADD_ACQUIRED)
			continue;
		op->lmb->flags = op->flags;
		op->lmb->aa_index = op->aa_index;
		mem_add_release(host, op);
		op->step = 0;
	}
}

/*
 * Acquire the DRC and learn the LMB's node. @count: the LMB is a count
 * candidate, and a DRC the platform will not give at all is reported as
 * -EAGAIN (passed over, logging nothing), not as a failure; a failure
 * once the DRC was ours never is.
 */
static int mem_add_acquire(struct pdlpar_mem_host *host, struct mem_op *op,
			   bool count)
{
	u32 aa;
	int rc;

	if (count) {
		rc = pdlpar_drc_try_acquire(host->plat, &op->drc);
		if (rc && pdlpar_drc_acquire_refused(rc, &op->drc))
			return -EAGAIN;
	} else {
		rc = pdlpar_drc_acquire(host->plat, &op->drc);
	}
	if (rc)
		return rc;
	rc = mem_fetch_aa(host, op, &aa);
	if (rc) {
		mem_add_release(host, op);
		return rc;
	}
	op->lmb->aa_index = aa;
	op->nid = host->ops->nid(host, op->lmb);
	op->step = ADD_ACQUIRED;
	return 0;
}

/* The phases after acquiring: add, online, write the tables. */
static int mem_add_ops(struct pdlpar_mem_host *host, struct mem_op *ops,
		       unsigned int n, u32 *pos)
{
	unsigned int i = 0, j, k;
	u64 base, size;
	int rc;

	while (i < n) {
		j = mem_run(host, ops, i, n, ADD_ACQUIRED, &base, &size);
		rc = host->ops->add(host, ops[i].nid, base, size);
		if (rc) {
			pr_err("memory: DRC 0x%08x: adding 0x%llx-0x%llx to node %d failed: %d\n",
			       ops[i].drc.index, base, base + size - 1,
			       ops[i].nid, rc);
			return rc;
		}
		for (k = i; k < j; k++)
			ops[k].step = ADD_ADDED;
		i = j;
	}
	for (i = 0; i < n; i++) {
		rc = lmb_online(host, &ops[i], false);
		if (rc)
			return rc;
		ops[i].step = ADD_ONLINE;
	}
	for (i = 0; i < n; i++)
		ops[i].lmb->flags |= PDLPAR_LMB_ASSIGNED;
	rc = mem_commit(host, ops, n, pos);
	if (rc)
		for (i = 0; i < n; i++)
			ops[i].lmb->flags = ops[i].flags;
	return rc;
}

/* Acquire the named LMBs, all of them or none. */
static int mem_acquire_named(struct pdlpar_mem_host *host, struct mem_op *ops,
			     unsigned int n)
{
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		if (ops[i].lmb->flags & PDLPAR_LMB_ASSIGNED) {
			pr_err("memory: DRC 0x%08x: already assigned to this partition\n",
			       ops[i].drc.index);
			return -EEXIST;
		}
		if (ops[i].lmb->flags & PDLPAR_LMB_RESERVED) {
			pr_err("memory: DRC 0x%08x: reserved\n",
			       ops[i].drc.index);
			return -EBUSY;
		}
	}
	for (i = 0; i < n; i++) {
		rc = mem_add_acquire(host, &ops[i], false);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Acquire @n free LMBs, lowest DRC first. A DRC the platform will not
 * give us (empty, present but not ours to take, or refusing allocation
 * because no memory is behind it) is skipped quietly, not a reason to
 * fail; one line at the end says how many were. Any other failure is
 * one, even an -EINVAL once the DRC was ours (from configure-connector:
 * that DRC may now be held, and the request must say so).
 */
static int mem_acquire_count(struct pdlpar_mem_host *host, struct mem_op *ops,
			     unsigned int n)
{
	struct pdlpar_lmb_table *t = host->table;
	unsigned int got = 0, avail = 0, skipped = 0;
	struct pdlpar_lmb *l;
	u32 i;
	int rc;

	for (i = 0; i < t->nr; i++)
		if (!(t->lmbs[i].flags & LMB_NOT_FREE))
			avail++;
	if (avail < n) {
		pr_err("memory: %u LMBs asked for, %u are free\n", n, avail);
		return -ENOSPC;
	}
	for (i = 0; i < t->nr && got < n; i++) {
		l = &t->lmbs[i];
		if (l->flags & LMB_NOT_FREE)
			continue;
		op_init(&ops[got], l, l->drc_index);
		rc = mem_add_acquire(host, &ops[got], true);
		if (rc == -EAGAIN) {
			skipped++;
			op_init(&ops[got], NULL, 0);
			continue;
		}
		if (rc)
			return rc;
		got++;
	}
	if (got < n) {
		pr_err("memory: only %u of %u LMBs could be acquired (%u free ones refused by the platform)\n",
		       got, n, skipped);
		return -ENOSPC;
	}
	return 0;
}

/* --- the request --- */

/*
 * Unisolate every LMB of the request that is still ours. Only LMBs the
 * table has are looked at, so a count larger than the partition costs
 * no more than the partition.
 */
static void mem_signal_failure(struct pdlpar_mem_host *host,
			       const struct pdlpar_request *req)
{
	struct pdlpar_drc drc = { .type = PDLPAR_DRC_TYPE_MEM };
	struct pdlpar_lmb_table *t = host->table;
	unsigned long idx, last;
	struct pdlpar_lmb *l;
	void *entry;
	int rc;

	if (req->id_type == PDLPAR_ID_COUNT)
		return;	/* no DRC was named: nothing pending to refuse */
	last = req->index;
	if (req->id_type == PDLPAR_ID_INDEXED_COUNT && req->count)
		last = min_t(u64, (u64)req->index + req->count - 1, U32_MAX);
	xa_for_each_range(&t->by_drc, idx, entry, req->index, last) {
		l = &t->lmbs[xa_to_value(entry)];
		/* Gone already: nothing to refuse. */
		if (!(l->flags & PDLPAR_LMB_ASSIGNED))
			continue;
		drc.index = l->drc_index;
		drc.state = PDLPAR_DRC_UNKNOWN;
		rc = dlpar_unisolate_drc(host->plat, &drc);
		if (rc && rc != -EALREADY)
			pr_err("memory: DRC 0x%08x: could not signal the failed removal: %d\n",
			       drc.index, rc);
	}
}

static int mem_do(struct pdlpar_mem_host *host,
		  const struct pdlpar_request *req, struct mem_op *ops,
		  unsigned int n, u32 *pos)
{
	bool add = req->action == PDLPAR_ACT_ADD;
	unsigned int i;
	int rc = 0;

	if (req->id_type != PDLPAR_ID_COUNT) {
		for (i = 0; i < n && !rc; i++)
			rc = mem_lookup(host, req->index + i, &ops[i]);
		if (rc)
			return rc;
		rc = add ? mem_acquire_named(host, ops, n) :
			   mem_offline_named(host, ops, &n);
	} else {
		rc = add ? mem_acquire_count(host, ops, n) :
			   mem_offline_count(host, ops, n);
	}
	if (!rc)
		rc = add ? mem_add_ops(host, ops, n, pos) :
			   mem_remove_ops(host, ops, n, pos);
	if (rc) {
		if (add)
			mem_add_undo(host, ops, n);
		else
			mem_remove_undo(host, ops, n);
		/*
		 * What the undo could not put back (memory in use, memory
		 * that would not come back) the tables must still say.
		 */
		if (mem_commit(host, ops, n, pos))
			pr_err("memory: ibm,dynamic-memory does not show what the failed request left\n");
	}
	return rc;
}

/* What a request names, checked before anything is allocated. */
static int mem_check(struct pdlpar_mem_host *host,
		     const struct pdlpar_request *req, unsigned int n)
{
	if (req->id_type == PDLPAR_ID_NAME) {
		pr_err("memory: DRC names are not supported\n");
		return -EOPNOTSUPP;
	}
	if (!n) {
		pr_err("memory: a request for no LMBs\n");
		return -EINVAL;
	}
	if (req->id_type == PDLPAR_ID_INDEXED_COUNT &&
	    req->index > U32_MAX - (n - 1)) {
		pr_err("memory: DRC 0x%08x + %u runs past the last DRC index\n",
		       req->index, n);
		return -EINVAL;
	}
	/* More than the partition has cannot be: say so before allocating. */
	if (n > host->table->nr) {
		pr_err("memory: %u LMBs asked for, the partition has %u\n", n,
		       host->table->nr);
		if (req->id_type == PDLPAR_ID_INDEXED_COUNT)
			return -ENODEV;
		return req->action == PDLPAR_ACT_ADD ? -ENOSPC : -EINVAL;
	}
	return 0;
}

/**
 * pdlpar_mem_request - carry out a memory add or remove request
 * @host: the kernel side
 * @req: the request; resource %PDLPAR_RES_MEM
 *
 * All or nothing: on failure every LMB is back as it was (the LMBs a
 * removal had already given back when a later give-back failed are the
 * exception: the platform has them), in the zone it was in. The kernel's
 * LMB array and the device tree are written once, for every LMB that
 * changed; if that write fails the request is undone. A request may name
 * any number of LMBs: its state is sized to it. A failed removal the
 * hypervisor asked for -- refused for any reason, before or after work
 * started -- is signalled on every DRC of the request that is still ours.
 *
 * Return: 0; -EINVAL for a DRC that is not memory or a count larger than
 * what can be removed; -ENODEV for no such LMB (or not assigned, for a
 * removal); -EEXIST for an add of an LMB already assigned; -EBUSY when
 * the kernel cannot give the memory up; -ENOSPC when too few LMBs can be
 * added; -EOPNOTSUPP for DRC names; -ENOMEM; or an errno from the
 * platform or the kernel.
 */
int pdlpar_mem_request(struct pdlpar_mem_host *host,
		       const struct pdlpar_request *req)
{
	unsigned int n = req->id_type == PDLPAR_ID_INDEX ? 1 : req->count;
	struct mem_op *ops = NULL;
	u32 *pos = NULL;
	int rc;

	rc = mem_check(host, req, n);
	if (!rc) {
		ops = kvcalloc(n, sizeof(*ops), GFP_KERNEL);
		pos = kvcalloc(n, sizeof(*pos), GFP_KERNEL);
		rc = ops && pos ? mem_do(host, req, ops, n, pos) : -ENOMEM;
	}
	if (rc && req->source == PDLPAR_SRC_HYPERVISOR &&
	    req->action == PDLPAR_ACT_REMOVE)
		mem_signal_failure(host, req);
	kvfree(ops);
	kvfree(pos);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_mem_request);
