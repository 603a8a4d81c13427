// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real hypervisor and kernel behind a migration.
 *
 * The join itself -- every online CPU in H_JOIN under stop_machine(), the
 * last one calling ibm,suspend-me, all of them resuming together -- is
 * the kernel's (pseries_join_and_suspend(), one attempt); what is around
 * it (the VASI polls, when to try again, when to cancel, the request
 * lock) is the module's, in lpm.c.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/hvcall.h>
#include <asm/plpar_wrappers.h>
#include <asm/pseries-dlpar.h>

#include "pdlpar_core.h"
#include "pdlpar_lpm.h"
#include "pdlpar_mem.h"

static int real_join_and_suspend(const struct pdlpar_lpm_platform *plat)
{
	return pseries_join_and_suspend();
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
