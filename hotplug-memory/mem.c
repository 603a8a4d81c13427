// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: memory (LMB) add and remove, by DRC index, count and
 * indexed-count.
 *
 * Every request is all or nothing, and goes in phases so that each
 * failure has a complete undo:
 *
 *  add:    acquire every DRC and read its associativity (configure-
 *          connector) -> add every LMB's memory, offline -> online it all
 *  remove: offline every LMB -> isolate every DRC -> remove the memory ->
 *          give every DRC back (the point of no return)
 *
 * Isolating comes before removing the memory because the hypervisor may
 * refuse it (QEMU refuses to isolate an LMB it has not marked for unplug):
 * the refusal then costs an online, not a re-add. When a hypervisor
 * removal fails, every DRC of the request that is still ours is
 * unisolated, so the hypervisor rolls its unplug back instead of waiting.
 *
 * The flows talk to the kernel only through struct pdlpar_mem_host.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "pdlpar_mem.h"

/**
 * struct mem_op - one LMB as a request moves it
 * @lmb: the LMB, in the host's table.
 * @drc: its DRC.
 * @nid: the node its memory goes to (add) or came from (remove).
 * @step: how far it got: 0 nothing, then 1, 2, 3 for each phase done.
 * @flags: the LMB's flags before the request.
 * @aa_index: the LMB's aa_index before the request.
 */
struct mem_op {
	struct pdlpar_lmb *lmb;
	struct pdlpar_drc drc;
	int nid;
	int step;
	u32 flags;
	u32 aa_index;
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
	}
}

static u32 lmb_pos(struct pdlpar_mem_host *host, const struct pdlpar_lmb *l)
{
	return l - host->table->lmbs;
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

static int lmb_set_online(struct pdlpar_mem_host *host, struct mem_op *op,
			  bool online)
{
	int rc;

	rc = host->ops->set_online(host, op->lmb->base, host->table->lmb_size,
				   online);
	if (rc)
		pr_err("memory: DRC 0x%08x: could not %s 0x%llx: %d\n",
		       op->drc.index, online ? "online" : "offline",
		       op->lmb->base, rc);
	return rc;
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
		if (op->step >= RM_OFFLINE && !lmb_set_online(host, op, true))
			op->step = 0;
	}
}

/* The phases after offlining: isolate, remove, release. */
static int mem_remove_ops(struct pdlpar_mem_host *host, struct mem_op *ops,
			  unsigned int n)
{
	u64 size = host->table->lmb_size;
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = pdlpar_drc_isolate(host->plat, &ops[i].drc);
		if (rc)
			return rc;
		ops[i].step = RM_ISOLATED;
	}
	for (i = 0; i < n; i++) {
		rc = host->ops->remove(host, ops[i].lmb->base, size);
		if (rc) {
			pr_err("memory: DRC 0x%08x: 0x%llx is not offline, not removed\n",
			       ops[i].drc.index, ops[i].lmb->base);
			return rc;
		}
		ops[i].step = RM_REMOVED;
	}
	for (i = 0; i < n; i++) {
		/* On failure the DRC is reconfigured; the LMB gets re-added. */
		rc = pdlpar_drc_unallocate(host->plat, &ops[i].drc);
		if (rc)
			return rc;
		ops[i].step = RM_RELEASED;
		ops[i].lmb->flags &= ~PDLPAR_LMB_ASSIGNED;
		ops[i].lmb->aa_index = U32_MAX;
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
		if (lmb_set_online(host, &ops[i], false))
			return -EBUSY;
		ops[i].step = RM_OFFLINE;
	}
	return 0;
}

/*
 * Pick @n LMBs to remove, highest address first, skipping those the
 * kernel cannot offline now: a busy LMB is no reason to fail while
 * another can go.
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
		if (host->ops->set_online(host, l->base, t->lmb_size, false)) {
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

enum { ADD_ACQUIRED = 1, ADD_ADDED, ADD_ONLINE };

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
	u64 size = host->table->lmb_size;
	unsigned int i;

	for (i = n; i-- > 0;) {
		struct mem_op *op = &ops[i];

		/*
		 * Offline even what we never onlined: the kernel may have
		 * (auto_online_blocks), and removing online memory BUG()s.
		 */
		if (op->step >= ADD_ADDED) {
			if (lmb_set_online(host, op, false) ||
			    host->ops->remove(host, op->lmb->base, size)) {
				/* In use already: it stays, and says so. */
				op->lmb->flags |= PDLPAR_LMB_ASSIGNED;
				continue;
			}
			op->step = ADD_ACQUIRED;
		}
		if (op->step == ADD_ACQUIRED) {
			op->lmb->aa_index = op->aa_index;
			mem_add_release(host, op);
			op->step = 0;
		}
	}
}

/*
 * Acquire the DRC and learn the LMB's node. @skip_refused: the LMB is a
 * count candidate, and a DRC the platform will not give at all is
 * reported as -EAGAIN (passed over), not as a failure; a failure once
 * the DRC was ours never is.
 */
static int mem_add_acquire(struct pdlpar_mem_host *host, struct mem_op *op,
			   bool skip_refused)
{
	u32 aa;
	int rc;

	rc = pdlpar_drc_acquire(host->plat, &op->drc);
	if (rc && skip_refused && pdlpar_drc_acquire_refused(rc, &op->drc))
		return -EAGAIN;
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

/* Phases two and three, for LMBs whose DRCs are all acquired. */
static int mem_add_ops(struct pdlpar_mem_host *host, struct mem_op *ops,
		       unsigned int n)
{
	u64 size = host->table->lmb_size;
	unsigned int i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = host->ops->add(host, ops[i].nid, ops[i].lmb->base, size);
		if (rc) {
			pr_err("memory: DRC 0x%08x: adding 0x%llx to node %d failed: %d\n",
			       ops[i].drc.index, ops[i].lmb->base, ops[i].nid,
			       rc);
			return rc;
		}
		ops[i].step = ADD_ADDED;
	}
	for (i = 0; i < n; i++) {
		rc = lmb_set_online(host, &ops[i], true);
		if (rc)
			return rc;
		ops[i].step = ADD_ONLINE;
	}
	for (i = 0; i < n; i++)
		ops[i].lmb->flags |= PDLPAR_LMB_ASSIGNED;
	return 0;
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
 * because no memory is behind it) is skipped, not a reason to fail; any
 * other failure is, even an -EINVAL once the DRC was ours (from
 * configure-connector: that DRC may now be held, and the request must
 * say so).
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
		pr_err("memory: only %u of %u LMBs could be acquired (%u skipped)\n",
		       got, n, skipped);
		return -ENOSPC;
	}
	return 0;
}

/* --- the request --- */

static void mem_signal_failure(struct pdlpar_mem_host *host,
			       const struct pdlpar_request *req)
{
	struct pdlpar_drc drc = { .type = PDLPAR_DRC_TYPE_MEM };
	u32 i, n = req->id_type == PDLPAR_ID_INDEX ? 1 : req->count;
	struct pdlpar_lmb *l;
	int rc;

	if (req->id_type == PDLPAR_ID_COUNT)
		return;	/* no DRC was named: nothing pending to refuse */
	for (i = 0; i < n; i++) {
		l = pdlpar_lmb_by_drc(host->table, req->index + i);
		/* Not memory, or gone already: nothing to refuse. */
		if (!l || !(l->flags & PDLPAR_LMB_ASSIGNED))
			continue;
		drc.index = l->drc_index;
		drc.state = PDLPAR_DRC_UNKNOWN;
		rc = dlpar_unisolate_drc(host->plat, &drc);
		if (rc && rc != -EALREADY)
			pr_err("memory: DRC 0x%08x: could not signal the failed removal: %d\n",
			       drc.index, rc);
	}
}

static int mem_commit(struct pdlpar_mem_host *host, struct mem_op *ops,
		      unsigned int n, u32 *pos)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		pos[i] = lmb_pos(host, ops[i].lmb);
	return host->ops->commit(host, pos, n);
}

static int mem_do(struct pdlpar_mem_host *host,
		  const struct pdlpar_request *req, struct mem_op *ops,
		  unsigned int n)
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
		rc = add ? mem_add_ops(host, ops, n) :
			   mem_remove_ops(host, ops, n);
	if (rc) {
		if (add)
			mem_add_undo(host, ops, n);
		else
			mem_remove_undo(host, ops, n);
	}
	return rc;
}

/**
 * pdlpar_mem_request - carry out a memory add or remove request
 * @host: the kernel side
 * @req: the request; resource %PDLPAR_RES_MEM
 *
 * All or nothing: on failure every LMB is back as it was (the LMBs a
 * removal had already given back when a later give-back failed are the
 * exception: the platform has them). The kernel's LMB array and the
 * device tree are written once, at the end, for every LMB that changed.
 * A failed removal the hypervisor asked for is signalled on every DRC of
 * the request that is still ours.
 *
 * Return: 0; -EINVAL for a DRC that is not memory or a count larger than
 * what can be removed; -ENODEV for no such LMB (or not assigned, for a
 * removal); -EEXIST for an add of an LMB already assigned; -EBUSY when
 * the kernel cannot give the memory up; -ENOSPC when too few LMBs can be
 * added; -EOPNOTSUPP for DRC names; or an errno from the platform.
 */
int pdlpar_mem_request(struct pdlpar_mem_host *host,
		       const struct pdlpar_request *req)
{
	unsigned int n = req->id_type == PDLPAR_ID_INDEX ? 1 : req->count;
	struct mem_op *ops;
	unsigned int i, changed = 0;
	u32 *pos;
	int rc, crc;

	if (req->id_type == PDLPAR_ID_NAME) {
		pr_err("memory: DRC names are not supported\n");
		return -EOPNOTSUPP;
	}
	if (!n || n > PDLPAR_MAX_REQ_LMBS) {
		pr_err("memory: %u LMBs in one request, at most %u\n", n,
		       PDLPAR_MAX_REQ_LMBS);
		return -EINVAL;
	}
	if (req->id_type == PDLPAR_ID_INDEXED_COUNT &&
	    req->index > U32_MAX - (n - 1)) {
		pr_err("memory: DRC 0x%08x + %u runs past the last DRC index\n",
		       req->index, n);
		return -EINVAL;
	}
	ops = kcalloc(n, sizeof(*ops), GFP_KERNEL);
	pos = kcalloc(n, sizeof(*pos), GFP_KERNEL);
	if (!ops || !pos) {
		kfree(ops);
		kfree(pos);
		return -ENOMEM;
	}

	rc = mem_do(host, req, ops, n);
	if (rc && req->source == PDLPAR_SRC_HYPERVISOR &&
	    req->action == PDLPAR_ACT_REMOVE)
		mem_signal_failure(host, req);

	/* Only the LMBs that changed: a failed request may have moved some. */
	for (i = 0; i < n; i++)
		if (ops[i].lmb && (ops[i].lmb->flags != ops[i].flags ||
				   ops[i].lmb->aa_index != ops[i].aa_index))
			ops[changed++] = ops[i];
	if (changed) {
		crc = mem_commit(host, ops, changed, pos);
		if (crc)
			pr_err("memory: updating ibm,dynamic-memory failed: %d\n",
			       crc);
	}
	kfree(ops);
	kfree(pos);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_mem_request);
