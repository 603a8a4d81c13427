// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: CPU add and remove, by DRC index, count and indexed-count.
 *
 * Every request is all or nothing. A removal goes in phases (offline every
 * thread, prepare the detach, release every DRC, detach) so that each
 * failure has a complete undo, and when one fails every DRC of the request
 * is unisolated: a hypervisor with a removal pending takes that as the
 * guest's refusal and rolls its unplug back instead of waiting for ever.
 *
 * The flows talk to the kernel only through struct pdlpar_cpu_host.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "pdlpar_cpu.h"

/* The host's failures are logged by the host; ours here. */

static int cpu_lookup(struct pdlpar_cpu_host *host, struct pdlpar_core *core)
{
	u32 index = core->drc.index;
	int rc;

	rc = host->ops->drc_lookup(host, index, &core->drc);
	if (rc == -ENOENT) {
		pr_err("cpu: DRC 0x%08x does not exist\n", index);
		return -ENODEV;
	}
	if (rc) {
		pr_err("cpu: DRC 0x%08x: lookup failed: %d\n", index, rc);
		return rc;
	}
	if (core->drc.type != PDLPAR_DRC_TYPE_CPU) {
		pr_err("cpu: DRC 0x%08x (%s) is not a CPU DRC\n", index,
		       core->drc.name);
		return -EINVAL;
	}
	return 0;
}

static void cpu_core_init(struct pdlpar_core *core, u32 index)
{
	unsigned int i;

	memset(core, 0, sizeof(*core));
	core->drc.index = index;
	for (i = 0; i < PDLPAR_MAX_THREADS; i++)
		core->cpu[i] = -1;
}

/* Bring the threads in @mask (bit i: thread i) to @online; undo on error. */
static int cpu_threads_set(struct pdlpar_cpu_host *host,
			   struct pdlpar_core *core, unsigned long mask,
			   bool online)
{
	unsigned int i, j;
	int rc, undo;

	for (i = 0; i < core->nthreads; i++) {
		if (!(mask & BIT(i)))
			continue;
		/* SMT control keeps this thread down: ask, as the kernel does. */
		if (online && !host->ops->cpu_bootable(host, core->cpu[i])) {
			pr_info("cpu: DRC 0x%08x: CPU %d stays offline (SMT control)\n",
				core->drc.index, core->cpu[i]);
			mask &= ~BIT(i);
			continue;
		}
		rc = host->ops->cpu_set_online(host, core->cpu[i], online);
		if (!rc)
			continue;
		pr_err("cpu: DRC 0x%08x: could not %s CPU %d: %d\n",
		       core->drc.index, online ? "online" : "offline",
		       core->cpu[i], rc);
		for (j = 0; j < i; j++) {
			if (!(mask & BIT(j)))
				continue;
			undo = host->ops->cpu_set_online(host, core->cpu[j],
							 !online);
			if (undo)
				pr_err("cpu: CPU %d left %s: %d\n",
				       core->cpu[j],
				       online ? "online" : "offline", undo);
		}
		return rc;
	}
	return 0;
}

static unsigned long cpu_all_threads(const struct pdlpar_core *core)
{
	return BIT(core->nthreads) - 1;
}

static unsigned long cpu_online_threads(const struct pdlpar_core *core)
{
	unsigned long mask = 0;
	unsigned int i;

	for (i = 0; i < core->nthreads; i++)
		if (core->was_online[i])
			mask |= BIT(i);
	return mask;
}

/*
 * Take a core we added out again: offline its threads, give its DRC back,
 * detach its nodes. Whatever cannot be undone leaves the core whole and
 * the guest's: online if a thread will not go offline, offline if the DRC
 * will not go back.
 */
static void cpu_unadd(struct pdlpar_cpu_host *host, struct pdlpar_core *core,
		      bool online)
{
	unsigned int t;
	int rc;

	if (online && cpu_threads_set(host, core, cpu_all_threads(core), false))
		goto keep;
	/* Detaching an online CPU's node is a BUG() in the pseries notifier. */
	for (t = 0; t < core->nthreads; t++) {
		if (core->cpu[t] >= 0 &&
		    host->ops->cpu_online(host, core->cpu[t])) {
			pr_err("cpu: DRC 0x%08x: CPU %d is still online\n",
			       core->drc.index, core->cpu[t]);
			goto keep;
		}
	}
	rc = host->ops->core_detach_prepare(host, core);
	if (rc) {
		pr_err("cpu: DRC 0x%08x: cannot prepare the detach: %d\n",
		       core->drc.index, rc);
		goto keep;
	}
	rc = pdlpar_drc_release(host->plat, &core->drc);
	if (rc) {
		host->ops->core_detach_abort(host, core);
		pr_err("cpu: DRC 0x%08x: cannot give the DRC back: %d\n",
		       core->drc.index, rc);
		goto keep;
	}
	host->ops->core_detach_commit(host, core);
	host->ops->core_put(host, core);
	return;
keep:
	pr_err("cpu: DRC 0x%08x: the added core stays\n", core->drc.index);
	host->ops->core_put(host, core);
}

/*
 * Add one core: acquire its DRC, fetch its nodes, attach them, online
 * every thread. @quiet_unavailable: the DRC is a count candidate, and one
 * with nothing behind it is skipped rather than reported (-EAGAIN).
 */
static int cpu_add_one(struct pdlpar_cpu_host *host, struct pdlpar_core *core,
		       bool quiet_unavailable)
{
	struct pdlpar_dt_fragment frag = { };
	int rc, rel;

	rc = cpu_lookup(host, core);
	if (rc)
		return rc;
	rc = host->ops->core_find(host, core);
	if (!rc) {
		host->ops->core_put(host, core);
		if (!quiet_unavailable)
			pr_err("cpu: DRC 0x%08x: the core is already present\n",
			       core->drc.index);
		return -EEXIST;
	}
	if (rc != -ENODEV)
		return rc;

	rc = pdlpar_drc_acquire(host->plat, &core->drc);
	if (rc) {
		/* Not ours to take at all: a count add passes over it. */
		if (quiet_unavailable &&
		    pdlpar_drc_acquire_refused(rc, &core->drc))
			return -EAGAIN;
		pr_err("cpu: DRC 0x%08x: cannot acquire: %d\n",
		       core->drc.index, rc);
		return rc;
	}
	rc = pdlpar_drc_configure(host->plat, &core->drc,
				  host->ops->cc_parent(host), &frag);
	if (rc)
		goto release;
	rc = host->ops->core_attach(host, core, &frag);
	if (rc && !frag.ocs) {
		/*
		 * The nodes stayed in the tree: keep the DRC that goes with
		 * them, so that a removal can still take the core out.
		 */
		pr_err("cpu: DRC 0x%08x: the core's nodes stay after a failed add, and so does the DRC\n",
		       core->drc.index);
		return rc;
	}
	if (rc) {
		pdlpar_dt_fragment_free(&frag);
		goto release;
	}
	rc = cpu_threads_set(host, core, cpu_all_threads(core), true);
	if (rc) {
		cpu_unadd(host, core, false);
		return rc;
	}
	return 0;

release:
	rel = pdlpar_drc_release(host->plat, &core->drc);
	if (rel)
		pr_err("cpu: DRC 0x%08x: left %s after a failed add: %d\n",
		       core->drc.index, pdlpar_drc_state_name(core->drc.state),
		       rel);
	return rc;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/*
 * The platform's CPU DRCs, ascending, in *@list (kvfree()d by the
 * caller, also on error). The list grows until they all fit: a
 * partition may have any number.
 */
static int cpu_drc_list(struct pdlpar_cpu_host *host, u32 **list)
{
	int max = 256, n;

	for (;;) {
		*list = kvmalloc_array(max, sizeof(**list), GFP_KERNEL);
		if (!*list)
			return -ENOMEM;
		n = host->ops->cpu_drcs(host, *list, max);
		if (n != -E2BIG || max > INT_MAX / 8)
			break;
		kvfree(*list);
		max *= 2;
	}
	if (n < 0)
		pr_err("cpu: cannot list the CPU DRCs: %d\n", n);
	else
		sort(*list, n, sizeof(**list), cmp_u32, NULL);
	return n;
}

/*
 * The @count CPU DRCs from @first on, in the platform's order, in *@out
 * (kvfree()d by the caller): never more than the platform has.
 */
static int cpu_indexed(struct pdlpar_cpu_host *host, u32 first, u32 count,
		       u32 **out)
{
	u32 *list;
	int n, i;

	n = cpu_drc_list(host, &list);
	for (i = 0; i < n && list[i] != first; i++)
		;
	if (n >= 0 && i == n) {
		pr_err("cpu: DRC 0x%08x is not a CPU DRC of this partition\n",
		       first);
		n = -EINVAL;
	} else if (n >= 0 && count > n - i) {
		pr_err("cpu: %u CPU DRCs asked for from 0x%08x, %d exist\n",
		       count, first, n - i);
		n = -EINVAL;
	} else if (n >= 0) {
		/* The list itself, moved down: no copy to allocate. */
		memmove(list, &list[i], count * sizeof(*list));
		*out = list;
		return count;
	}
	kvfree(list);
	return n;
}

static int cpu_add(struct pdlpar_cpu_host *host, const u32 *indexes,
		   unsigned int want, unsigned int ncand, bool by_count)
{
	struct pdlpar_core *cores;
	unsigned int added = 0, i;
	int rc = 0;

	if (want > ncand) {
		pr_err("cpu: %u CPUs asked for, the platform has %u CPU DRCs\n",
		       want, ncand);
		return -ENOSPC;
	}
	cores = kvcalloc(want, sizeof(*cores), GFP_KERNEL);
	if (!cores)
		return -ENOMEM;
	for (i = 0; i < ncand && added < want; i++) {
		cpu_core_init(&cores[added], indexes[i]);
		rc = cpu_add_one(host, &cores[added], by_count);
		if (by_count && (rc == -EAGAIN || rc == -EEXIST)) {
			rc = 0;
			continue;
		}
		if (rc)
			break;
		added++;
	}
	if (!rc && added < want) {
		pr_err("cpu: only %u of the %u CPUs asked for could be added\n",
		       added, want);
		rc = -ENOSPC;
	}
	if (rc)
		while (added--)
			cpu_unadd(host, &cores[added], true);
	else
		while (added--)
			host->ops->core_put(host, &cores[added]);
	kvfree(cores);
	return rc;
}

static int cpu_add_by_count(struct pdlpar_cpu_host *host, u32 count)
{
	u32 *list;
	int n, rc;

	n = cpu_drc_list(host, &list);
	rc = n < 0 ? n : cpu_add(host, list, count, n, true);
	kvfree(list);
	return rc;
}

/* --- removal --- */

/*
 * Checks that removing the cores leaves a CPU online. The boot core may
 * go like any other (the kernel hands the boot CPU's duties to another
 * online CPU when it goes offline); only the last online CPU stays.
 */
static int cpu_remove_check(struct pdlpar_cpu_host *host,
			    struct pdlpar_core *cores, unsigned int n)
{
	unsigned int i, t, going = 0;

	for (i = 0; i < n; i++)
		for (t = 0; t < cores[i].nthreads; t++)
			if (cores[i].cpu[t] >= 0 &&
			    host->ops->cpu_online(host, cores[i].cpu[t]))
				going++;
	if (going >= host->ops->cpus_online(host)) {
		pr_err("cpu: removing %u core(s) would leave no CPU online\n",
		       n);
		return -EBUSY;
	}
	return 0;
}

/*
 * Tell the hypervisor, for every CPU DRC of a failed removal that is still
 * ours, that the removal failed. Harmless where no removal is pending. A
 * DRC of another type is left alone: unisolating an LMB whose DIMM the
 * hypervisor is removing would roll that unrelated removal back.
 */
static void cpu_signal_failure(struct pdlpar_cpu_host *host,
			       struct pdlpar_core *cores, unsigned int n)
{
	unsigned int i;
	int sense, rc;

	for (i = 0; i < n; i++) {
		struct pdlpar_drc *drc = &cores[i].drc;

		if (drc->type != PDLPAR_DRC_TYPE_CPU)
			continue;
		if (drc->state == PDLPAR_DRC_UNKNOWN) {
			/* Never got to it: is it ours at all? */
			if (pdlpar_drc_sense(host->plat, drc->index, &sense) ||
			    sense != PDLPAR_SENSE_PRESENT)
				continue;
		}
		rc = dlpar_unisolate_drc(host->plat, drc);
		if (rc && rc != -EALREADY)
			pr_err("cpu: DRC 0x%08x: could not signal the failed removal: %d\n",
			       drc->index, rc);
	}
}

/*
 * Bring back a core whose DRC we gave back but whose nodes we still have.
 * Returns whether the core is still the guest's; if the platform will not
 * give it back, its nodes must go too.
 */
static bool cpu_reacquire(struct pdlpar_cpu_host *host,
			  struct pdlpar_core *core)
{
	int rc;

	rc = pdlpar_drc_acquire(host->plat, &core->drc);
	if (rc) {
		pr_err("cpu: DRC 0x%08x: the platform took the core before the removal failed (%d); it is removed\n",
		       core->drc.index, rc);
		return false;
	}
	rc = pdlpar_drc_configure(host->plat, &core->drc, NULL, NULL);
	if (!rc)
		return true;
	/* Acquired but not configurable: give it back for good. */
	if (!pdlpar_drc_release(host->plat, &core->drc)) {
		pr_err("cpu: DRC 0x%08x: could not reconfigure the core (%d); it is removed\n",
		       core->drc.index, rc);
		return false;
	}
	pr_err("cpu: DRC 0x%08x: left %s after a failed removal: %d\n",
	       core->drc.index, pdlpar_drc_state_name(core->drc.state), rc);
	return true;
}

/* How far a removal got with each core, for its undo. */
enum {
	CORE_FOUND = BIT(0),
	CORE_OFFLINE = BIT(1),
	CORE_PREPARED = BIT(2),
	CORE_ISOLATED = BIT(3),
	CORE_RELEASED = BIT(4),
};

/*
 * Undo a failed removal, last step first. A core whose DRC was already
 * given back (the point of no return) is re-acquired if the platform
 * still has it; if not, the hypervisor has taken it and the guest lets
 * its nodes go too, so that no CPU is left that has no hardware.
 */
static void cpu_remove_undo(struct pdlpar_cpu_host *host,
			    struct pdlpar_core *cores, const u8 *stage,
			    unsigned int n)
{
	unsigned int i;
	int rc;

	for (i = n; i-- > 0;) {
		struct pdlpar_core *core = &cores[i];

		if (stage[i] & CORE_RELEASED) {
			if (!cpu_reacquire(host, core)) {
				host->ops->core_detach_commit(host, core);
				host->ops->core_put(host, core);
				continue;
			}
		} else if (stage[i] & CORE_ISOLATED) {
			rc = pdlpar_drc_reconfigure(host->plat, &core->drc);
			if (rc)
				pr_err("cpu: DRC 0x%08x: left %s: %d\n",
				       core->drc.index,
				       pdlpar_drc_state_name(core->drc.state),
				       rc);
		}
		if (stage[i] & CORE_PREPARED)
			host->ops->core_detach_abort(host, core);
		if (stage[i] & CORE_OFFLINE)
			cpu_threads_set(host, core, cpu_online_threads(core),
					true);
		if (stage[i] & CORE_FOUND)
			host->ops->core_put(host, core);
	}
}

/*
 * Remove @n cores, all or nothing as far as PAPR allows: every step that
 * can be undone is taken for every core (offline, prepare the detach,
 * isolate) before any DRC is given back, and the give-backs come last.
 * If the @hypervisor asked and the removal fails, it is told so.
 */
static int cpu_remove(struct pdlpar_cpu_host *host, struct pdlpar_core *cores,
		      unsigned int n, bool hypervisor)
{
	unsigned int i, t;
	int rc = 0, err;
	u8 *stage;

	stage = kvcalloc(n, sizeof(*stage), GFP_KERNEL);
	if (!stage)
		return -ENOMEM;

	/* Every DRC's type is known before any failure is signalled. */
	for (i = 0; i < n; i++) {
		err = cpu_lookup(host, &cores[i]);
		rc = rc ?: err;
	}
	if (rc)
		goto undo;
	for (i = 0; i < n; i++) {
		rc = host->ops->core_find(host, &cores[i]);
		if (rc == -ENODEV)
			pr_err("cpu: DRC 0x%08x: no such core in the guest (already removed, or never added)\n",
			       cores[i].drc.index);
		if (rc)
			goto undo;
		stage[i] |= CORE_FOUND;
		/* The guest holds the core, so the platform has it configured. */
		pdlpar_drc_set_state(&cores[i].drc, PDLPAR_DRC_CONFIGURED);
	}
	rc = cpu_remove_check(host, cores, n);
	if (rc)
		goto undo;

	for (i = 0; i < n; i++) {
		for (t = 0; t < cores[i].nthreads; t++)
			cores[i].was_online[t] = cores[i].cpu[t] >= 0 &&
				host->ops->cpu_online(host, cores[i].cpu[t]);
		rc = cpu_threads_set(host, &cores[i],
				     cpu_online_threads(&cores[i]), false);
		if (rc)
			goto undo;
		stage[i] |= CORE_OFFLINE;
	}
	for (i = 0; i < n; i++) {
		rc = host->ops->core_detach_prepare(host, &cores[i]);
		if (rc) {
			pr_err("cpu: DRC 0x%08x: cannot prepare the detach: %d\n",
			       cores[i].drc.index, rc);
			goto undo;
		}
		stage[i] |= CORE_PREPARED;
	}
	for (i = 0; i < n; i++) {
		rc = pdlpar_drc_isolate(host->plat, &cores[i].drc);
		if (rc)
			goto undo;
		stage[i] |= CORE_ISOLATED;
	}
	for (i = 0; i < n; i++) {
		rc = pdlpar_drc_unallocate(host->plat, &cores[i].drc);
		if (rc)
			goto undo;
		stage[i] |= CORE_RELEASED;
	}
	for (i = 0; i < n; i++) {
		host->ops->core_detach_commit(host, &cores[i]);
		host->ops->core_put(host, &cores[i]);
	}
	kvfree(stage);
	return 0;

undo:
	cpu_remove_undo(host, cores, stage, n);
	if (hypervisor)
		cpu_signal_failure(host, cores, n);
	kvfree(stage);
	return rc;
}

/*
 * Count removal: the @count highest-indexed cores the guest has. The boot
 * core, usually the lowest, is only chosen when the others do not
 * suffice; cpu_remove_check() still keeps the last online CPU.
 */
static int cpu_remove_by_count(struct pdlpar_cpu_host *host, u32 count,
			       bool hypervisor)
{
	struct pdlpar_core *cores = NULL;
	unsigned int chosen = 0;
	struct pdlpar_core probe;
	u32 *list;
	int n, i, rc;

	n = cpu_drc_list(host, &list);
	if (n >= 0 && count > n) {
		pr_err("cpu: %u cores asked for, the platform has %d CPU DRCs\n",
		       count, n);
		n = -EINVAL;
	}
	if (n >= 0) {
		cores = kvcalloc(count, sizeof(*cores), GFP_KERNEL);
		if (!cores)
			n = -ENOMEM;
	}
	for (i = n - 1; i >= 0 && chosen < count; i--) {
		cpu_core_init(&probe, list[i]);
		if (host->ops->core_find(host, &probe))
			continue;
		host->ops->core_put(host, &probe);
		cpu_core_init(&cores[chosen++], list[i]);
	}
	kvfree(list);
	if (n < 0)
		rc = n;
	else if (chosen < count)
		rc = -EINVAL;
	else
		rc = cpu_remove(host, cores, count, hypervisor);
	if (n >= 0 && chosen < count)
		pr_err("cpu: %u cores asked for, the guest has %u\n", count,
		       chosen);
	kvfree(cores);
	return rc;
}

/*
 * A hypervisor removal refused before its cores were looked at: tell the
 * hypervisor, on each CPU DRC it named that the guest still holds.
 */
static void cpu_signal_named(struct pdlpar_cpu_host *host,
			     const struct pdlpar_request *req)
{
	struct pdlpar_core core;
	u32 *list = NULL;
	int n, i;

	if (req->id_type == PDLPAR_ID_INDEX) {
		cpu_core_init(&core, req->index);
		if (!cpu_lookup(host, &core))
			cpu_signal_failure(host, &core, 1);
		return;
	}
	n = cpu_drc_list(host, &list);
	for (i = 0; i < n; i++) {
		if (list[i] < req->index ||
		    list[i] - req->index >= req->count)
			continue;
		cpu_core_init(&core, list[i]);
		core.drc.type = PDLPAR_DRC_TYPE_CPU;
		cpu_signal_failure(host, &core, 1);
	}
	kvfree(list);
}

/**
 * pdlpar_cpu_request - carry out a CPU add or remove request
 * @host: the kernel side (real or fake)
 * @req: a request with resource %PDLPAR_RES_CPU
 *
 * By index: that core. By count: add picks CPU DRCs the platform can give
 * us, lowest index first, skipping ones with nothing behind them; remove
 * picks the highest-indexed cores. By indexed-count: the @req->count CPU
 * DRCs from @req->index on, in index order. Always all
 * or nothing as far as PAPR allows; when a removal the hypervisor asked
 * for fails, every CPU DRC of the request that is still the guest's is
 * unisolated to tell it so.
 *
 * Return: 0, or a negative errno: -ENODEV (no such DRC or core), -EINVAL
 * (not a CPU DRC, too few DRCs), -EEXIST (add: already present), -EBUSY
 * (remove: no CPU would stay online, or a CPU refused to go offline),
 * -ENOSPC (add by count: not enough CPUs available), -EOPNOTSUPP (DRC
 * names), or an errno from the DRC protocol.
 */
int pdlpar_cpu_request(struct pdlpar_cpu_host *host,
		       const struct pdlpar_request *req)
{
	bool hypervisor = req->source == PDLPAR_SRC_HYPERVISOR;
	bool add = req->action == PDLPAR_ACT_ADD;
	struct pdlpar_core *cores = NULL;
	u32 *indexes = NULL;
	u32 n = 1, i;
	int rc;

	if (req->id_type == PDLPAR_ID_NAME) {
		pr_err("cpu: requests by DRC name are not supported\n");
		return -EOPNOTSUPP;
	}
	if (req->id_type != PDLPAR_ID_INDEX)
		n = req->count;
	if (add && req->id_type == PDLPAR_ID_COUNT)
		return cpu_add_by_count(host, n);
	if (req->id_type == PDLPAR_ID_COUNT)
		return cpu_remove_by_count(host, n, hypervisor);

	/* The state is sized to the request, which cpu_indexed() bounds. */
	if (req->id_type == PDLPAR_ID_INDEX) {
		indexes = kvcalloc(1, sizeof(*indexes), GFP_KERNEL);
		rc = indexes ? 0 : -ENOMEM;
		if (indexes)
			indexes[0] = req->index;
	} else {
		rc = cpu_indexed(host, req->index, n, &indexes);
	}
	if (rc < 0)
		goto refused;
	if (add) {
		rc = cpu_add(host, indexes, n, n, false);
		goto out;
	}
	cores = kvcalloc(n, sizeof(*cores), GFP_KERNEL);
	if (!cores) {
		rc = -ENOMEM;
		goto refused;
	}
	for (i = 0; i < n; i++)
		cpu_core_init(&cores[i], indexes[i]);
	rc = cpu_remove(host, cores, n, hypervisor);
	goto out;

refused:
	/* Refused before any core was looked at: the hypervisor still hears. */
	if (hypervisor && !add)
		cpu_signal_named(host, req);
out:
	kvfree(indexes);
	kvfree(cores);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_cpu_request);
