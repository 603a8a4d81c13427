// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real hypervisor and kernel behind a migration.
 *
 * The join: stop_machine() runs lpm_join_cpu() on every online CPU with
 * interrupts off. Each CPU calls H_JOIN; the hypervisor keeps all but the
 * last in the call and answers the last H_CONTINUE, and that CPU calls
 * ibm,suspend-me. Whichever CPU leaves the join first -- the suspending
 * one after the resume, or one whose H_JOIN failed -- marks the join
 * released and H_PRODs every other CPU out of H_JOIN. A CPU woken before
 * the release (a stray prod, e.g. from paravirt spinlocks) joins again.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/nmi.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/stop_machine.h>
#include <asm/hvcall.h>
#include <asm/plpar_wrappers.h>
#include <asm/pseries-dlpar.h>
#include <asm/smp.h>

#include "pdlpar_core.h"
#include "pdlpar_lpm.h"
#include "pdlpar_mem.h"

/**
 * struct lpm_join - what the CPUs of one join share
 * @left: CPUs that have left the join.
 * @released: set by the first CPU to leave, before it prods the others.
 * @tried: a CPU got H_CONTINUE and called ibm,suspend-me.
 * @suspend_rc: what ibm,suspend-me gave.
 * @join_rc: -EIO once any CPU's H_JOIN failed.
 */
struct lpm_join {
	atomic_t left;
	bool released;
	bool tried;
	int suspend_rc;
	int join_rc;
};

/*
 * The first CPU out of the join releases it: it publishes the release,
 * then H_PRODs every other online CPU out of H_JOIN. A CPU that was woken
 * before the release (a stray prod) sees it unset and joins again.
 */
static void lpm_leave(struct lpm_join *j)
{
	unsigned int cpu, me = smp_processor_id();
	long hvrc;

	if (atomic_inc_return(&j->left) != 1)
		return;
	WRITE_ONCE(j->released, true);
	/* Pairs with the barrier after H_JOIN returns in lpm_join_cpu(). */
	smp_mb();
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		hvrc = plpar_hcall_norets(H_PROD,
					  get_hard_smp_processor_id(cpu));
		if (hvrc != H_SUCCESS)
			pr_err_ratelimited("migration: H_PROD of CPU %u: %ld\n",
					   cpu, hvrc);
	}
}

/* This CPU suspends the partition; every other one is in H_JOIN. */
static int lpm_suspend_here(struct lpm_join *j)
{
	int fw = 0;

	j->suspend_rc = pseries_partition_suspend_me(&fw);
	j->tried = true;
	if (j->suspend_rc)
		pr_err("migration: ibm,suspend-me: %d (RTAS %d)\n",
		       j->suspend_rc, fw);
	return j->suspend_rc;
}

static int lpm_join_cpu(void *arg)
{
	struct lpm_join *j = arg;
	long hvrc;
	int rc;

	for (;;) {
		/* H_JOIN wants MSR[EE] off, not just soft-masked. */
		hard_irq_disable();
		hvrc = plpar_hcall_norets(H_JOIN);
		if (hvrc == H_CONTINUE) {
			rc = lpm_suspend_here(j);
			break;
		}
		if (hvrc != H_SUCCESS) {
			pr_err_ratelimited("migration: H_JOIN on CPU %u: %ld\n",
					   smp_processor_id(), hvrc);
			j->join_rc = -EIO;
			rc = -EIO;
			break;
		}
		/* Prodded: see the release before trusting it. */
		smp_mb();
		if (READ_ONCE(j->released)) {
			rc = 0;
			break;
		}
	}
	lpm_leave(j);
	/* The partition may have been stopped for a long time. */
	touch_nmi_watchdog();
	rcu_cpu_stall_reset();
	return rc;
}

static int real_join_and_suspend(const struct pdlpar_lpm_platform *plat)
{
	struct lpm_join j = { .left = ATOMIC_INIT(0) };
	int rc;

	rc = stop_machine(lpm_join_cpu, &j, cpu_online_mask);
	if (j.join_rc)
		return j.join_rc;
	if (j.tried)
		return j.suspend_rc;
	/* The CPUs were never all stopped: stop_machine()'s own error. */
	return rc ?: -EIO;
}

static int real_vasi_state(const struct pdlpar_lpm_platform *plat,
			   u64 handle, unsigned long *state)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE];
	long hvrc = plpar_hcall(H_VASI_STATE, ret, handle);

	switch (hvrc) {
	case H_SUCCESS:
		*state = ret[0];
		return 0;
	case H_FUNCTION:
		return -EOPNOTSUPP;
	case H_PARAMETER:
		return -ENOENT;
	default:
		pr_err("migration: H_VASI_STATE: %ld\n", hvrc);
		return -EIO;
	}
}

static int real_vasi_cancel(const struct pdlpar_lpm_platform *plat,
			    u64 handle, u32 reason)
{
	long hvrc = plpar_hcall_norets(H_VASI_SIGNAL, handle,
				       H_VASI_SIGNAL_CANCEL, reason);

	if (hvrc == H_SUCCESS)
		return 0;
	return hvrc == H_FUNCTION ? -EOPNOTSUPP : -EIO;
}

static void real_begin(const struct pdlpar_lpm_platform *plat)
{
	pseries_migration_begin();
}

static void real_watchdog(const struct pdlpar_lpm_platform *plat,
			  bool suspending)
{
	pseries_migration_watchdog(suspending);
}

static void real_resumed(const struct pdlpar_lpm_platform *plat)
{
	post_mobility_fixup();
	/* The LMB table follows the new device tree. */
	pdlpar_mem_resync();
}

static void real_end(const struct pdlpar_lpm_platform *plat)
{
	pseries_migration_end();
}

static int real_exclude(const struct pdlpar_lpm_platform *plat)
{
	return pdlpar_request_lock();
}

static void real_include(const struct pdlpar_lpm_platform *plat)
{
	pdlpar_request_unlock();
}

/*
 * Killable, not interruptible: a pending ordinary signal would end every
 * sleep at once and turn the poll into a busy loop.
 */
static void real_sleep(const struct pdlpar_lpm_platform *plat,
		       unsigned int ms)
{
	schedule_timeout_killable(msecs_to_jiffies(ms));
}

static bool real_killed(const struct pdlpar_lpm_platform *plat)
{
	return fatal_signal_pending(current);
}

static u64 real_now_ms(const struct pdlpar_lpm_platform *plat)
{
	return ktime_to_ms(ktime_get());
}

const struct pdlpar_lpm_platform pdlpar_lpm_real_platform = {
	.vasi_state = real_vasi_state,
	.vasi_cancel = real_vasi_cancel,
	.join_and_suspend = real_join_and_suspend,
	.begin = real_begin,
	.watchdog = real_watchdog,
	.resumed = real_resumed,
	.end = real_end,
	.exclude = real_exclude,
	.include = real_include,
	.sleep = real_sleep,
	.killed = real_killed,
	.now_ms = real_now_ms,
};
