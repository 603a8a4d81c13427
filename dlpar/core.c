// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the module. It registers as the pseries DLPAR provider,
 * turns hypervisor events and /sys/kernel/dlpar writes into requests and
 * carries each out, one at a time.
 *
 * Locking: pdlpar_request_mutex serialises all requests, whatever their
 * source, and a migration's join, suspend and fix-up with them (not its
 * waits, which last as long as the hypervisor's pre-copy). It is taken
 * killably: a writer waiting for it can be killed, and the hung-task
 * detector leaves a killable wait alone -- the event thread waits behind
 * a long memory request that way too. Hypervisor events are queued from
 * the interrupt handler and carried out, in order, by the event thread in
 * queue.c; sysfs requests are carried out in the writer's context.
 * pdlpar_migration_mutex lets one migration run at a time.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <asm/pseries-dlpar.h>
#include <kunit/visibility.h>

#include "pdlpar_compat.h"
#include "pdlpar_core.h"
#include "pdlpar_cpu.h"
#include "pdlpar_lpm.h"
#include "pdlpar_mem.h"

#define CREATE_TRACE_POINTS
#include "pdlpar_trace.h"

struct pdlpar_stats pdlpar_stats;
EXPORT_SYMBOL_IF_KUNIT(pdlpar_stats);
static DEFINE_MUTEX(pdlpar_request_mutex);
static DEFINE_MUTEX(pdlpar_migration_mutex);
static struct dentry *pdlpar_debugfs;

/*
 * What /sys/kernel/dlpar lists: drmgr reads it to learn which resources
 * the kernel handles, so it names exactly the resources whose requests
 * work, whether we carry them out or hand them to the built-in code.
 */
#define PDLPAR_SUPPORTED	"memory,cpu,dt"

/*
 * Hand a request to the built-in pseries code. It takes the device
 * hotplug lock itself, so the caller must not hold it.
 */
static int pdlpar_hand_back(const struct pdlpar_request *req)
{
	struct pseries_hp_errorlog elog = {
		.resource = req->resource,
		.action = req->action,
		.id_type = req->id_type,
	};

	switch (req->id_type) {
	case PDLPAR_ID_INDEX:
		elog._drc_u.drc_index = cpu_to_be32(req->index);
		break;
	case PDLPAR_ID_COUNT:
		elog._drc_u.drc_count = cpu_to_be32(req->count);
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		elog._drc_u.ic.count = cpu_to_be32(req->count);
		elog._drc_u.ic.index = cpu_to_be32(req->index);
		break;
	default:
		/* The built-in code has no use for a name either. */
		return -EOPNOTSUPP;
	}
	return handle_dlpar_errorlog(&elog);
}

static int pdlpar_dispatch(const struct pdlpar_request *req)
{
	int rc;

	switch (req->resource) {
	case PDLPAR_RES_CPU:
		return pdlpar_cpu_handle(req);
	case PDLPAR_RES_MEM:
		if (pdlpar_mem_owned()) {
			rc = pdlpar_mem_handle(req);
			if (rc != PDLPAR_MEM_NOT_OURS)
				return rc;
		}
		return pdlpar_hand_back(req);
	case PDLPAR_RES_PMEM:
	case PDLPAR_RES_DT:
		return pdlpar_hand_back(req);
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * pdlpar_request_lock - keep every other DLPAR request out
 *
 * Waits for a running request to end, killably.
 *
 * Return: 0 with the lock held, or -EINTR if the caller was killed.
 */
int pdlpar_request_lock(void)
{
	return mutex_lock_killable(&pdlpar_request_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_request_lock);

/**
 * pdlpar_request_unlock - let DLPAR requests in again
 */
void pdlpar_request_unlock(void)
{
	mutex_unlock(&pdlpar_request_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_request_unlock);

/**
 * pdlpar_handle_request - carry out one request and report its result
 * @req: the request
 *
 * Serialised with every other request and with a migration's suspend.
 * Logs one line with the result, counts it, and fires the
 * request_start/request_end tracepoints.
 *
 * Return: 0 or a negative errno; -EINTR if the caller was killed while
 * it waited its turn (nothing was done).
 */
int pdlpar_handle_request(const struct pdlpar_request *req)
{
	char what[128];
	int rc;

	pdlpar_format_request(req, what, sizeof(what));
	/*
	 * A hypervisor event always gets its turn: a kill of the event
	 * thread (see queue.c) ends what it does, not its wait for this.
	 */
	while ((rc = pdlpar_request_lock()) && pdlpar_in_event_thread())
		flush_signals(current);
	if (rc)
		return rc;
	trace_pdlpar_request_start(req, 0);
	rc = pdlpar_dispatch(req);
	trace_pdlpar_request_end(req, rc);

	/* Still serialised: the log shows requests in the order they ran. */
	atomic_long_inc(&pdlpar_stats.requests);
	if (req->source == PDLPAR_SRC_HYPERVISOR)
		atomic_long_inc(&pdlpar_stats.requests_hypervisor);
	if (rc) {
		atomic_long_inc(&pdlpar_stats.requests_failed);
		pr_err("%s request \"%s\" failed: %d\n",
		       req->source == PDLPAR_SRC_SYSFS ? "sysfs" : "hypervisor",
		       what, rc);
	} else {
		pr_info("%s request \"%s\" done\n",
			req->source == PDLPAR_SRC_SYSFS ? "sysfs" : "hypervisor",
			what);
	}
	mutex_unlock(&pdlpar_request_mutex);
	return rc;
}

/* check-exception's "no errors found": nothing was pending. */
#define PDLPAR_RTAS_NO_EVENT	1

/**
 * pdlpar_hotplug_event - the provider's hook for a hotplug interrupt
 * @status: what RTAS check-exception returned
 * @log: the RTAS error log it filled in (stale unless @status is 0)
 * @len: the log buffer's size
 *
 * Hard interrupt context. An interrupt with nothing pending is not an
 * event. I/O events are handed back on their resource alone, before any
 * strict check, so that the built-in code passes them to rtas_errd;
 * everything else is decoded and queued, or refused.
 *
 * Return: false to let the built-in code handle the event, true if the
 * module took it.
 */
VISIBLE_IF_KUNIT bool pdlpar_hotplug_event(int status, const void *log,
					   size_t len)
{
	struct pdlpar_request req;
	char what[128];

	if (status == PDLPAR_RTAS_NO_EVENT) {
		/*
		 * Nothing to take: QEMU raised the line for an event that an
		 * earlier check-exception had already returned, or the
		 * interrupt was spurious. The buffer still holds the last
		 * event's log, so it must not be read (the built-in handler
		 * would carry that event out again).
		 */
		atomic_long_inc(&pdlpar_stats.interrupts_no_event);
		return true;
	}
	atomic_long_inc(&pdlpar_stats.events);
	if (status) {
		atomic_long_inc(&pdlpar_stats.events_rejected);
		pr_err_ratelimited("event: RTAS check-exception failed: %d\n",
				   status);
		return true;
	}

	switch (pdlpar_classify_event(log, len, &req)) {
	case PDLPAR_EVENT_REQUEST:
		break;
	case PDLPAR_EVENT_HAND_BACK:
		/* Userspace (rtas_errd, drmgr) handles I/O hotplug. */
		atomic_long_inc(&pdlpar_stats.events_handed_back);
		return false;
	case PDLPAR_EVENT_REFUSED:
	default:
		/* The parser logged what was wrong. */
		atomic_long_inc(&pdlpar_stats.events_rejected);
		return true;
	}

	if (!pdlpar_queue_event(&req)) {
		atomic_long_inc(&pdlpar_stats.events_dropped);
		pdlpar_format_request(&req, what, sizeof(what));
		pr_err_ratelimited("event queue full, dropped hypervisor request \"%s\"\n",
				   what);
	}
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_hotplug_event);

static ssize_t pdlpar_dlpar_store(const char *buf, size_t count)
{
	struct pdlpar_request req;
	int rc;

	rc = pdlpar_parse_sysfs(buf, count, &req);
	if (rc)
		return rc;
	rc = pdlpar_handle_request(&req);
	return rc ? rc : count;
}

/*
 * A migration keeps DLPAR requests out only from its join to the end of
 * its post-migration fix-up (pdlpar_lpm_migrate() takes the request lock
 * there): a request (sysfs, or a hypervisor event from the queue) that
 * arrives meanwhile waits and runs after it, and the join waits for a
 * request that is running. During the waits for Suspending and for
 * Completed, requests run as usual. Nothing is refused, no event is lost.
 */
static int pdlpar_migrate(u64 handle, const char *via)
{
	struct pdlpar_lpm_result res;
	int rc;

	rc = mutex_lock_killable(&pdlpar_migration_mutex);
	if (rc)
		return rc;
	atomic_long_inc(&pdlpar_stats.migrations);
	pr_info("migration of stream 0x%llx (%s) starts\n", handle, via);
	rc = pdlpar_lpm_migrate(&pdlpar_lpm_real_platform, handle, &res);

	if (res.cancelled)
		atomic_long_inc(&pdlpar_stats.migrations_cancelled);
	if (rc) {
		atomic_long_inc(&pdlpar_stats.migrations_failed);
		pr_err("migration of stream 0x%llx failed: %d (%u suspend attempts, %s)\n",
		       handle, rc, res.attempts,
		       res.cancelled ? "cancelled" : "not cancelled");
	} else {
		pr_info("migration of stream 0x%llx done\n", handle);
	}
	mutex_unlock(&pdlpar_migration_mutex);
	return rc;
}

static ssize_t pdlpar_migration_store(const char *buf, size_t count)
{
	u64 handle;
	int rc;

	rc = pdlpar_lpm_parse_stream(buf, count, &handle);
	if (!rc)
		rc = pdlpar_migrate(handle, "sysfs");
	return rc ? rc : count;
}

static int pdlpar_suspend_me(u64 handle)
{
	return pdlpar_migrate(handle, "ibm,suspend-me");
}

static ssize_t pdlpar_dlpar_show(char *buf)
{
	return sysfs_emit(buf, "%s\n", PDLPAR_SUPPORTED);
}

static const struct pseries_dlpar_provider pdlpar_provider = {
	.owner = THIS_MODULE,
	.hotplug_event = pdlpar_hotplug_event,
	.dlpar_store = pdlpar_dlpar_store,
	.dlpar_show = pdlpar_dlpar_show,
	.migration_store = pdlpar_migration_store,
	.suspend_me = pdlpar_suspend_me,
};

static int pdlpar_stats_show(struct seq_file *m, void *v)
{
	seq_printf(m, "events %ld\n", atomic_long_read(&pdlpar_stats.events));
	seq_printf(m, "events_rejected %ld\n",
		   atomic_long_read(&pdlpar_stats.events_rejected));
	seq_printf(m, "events_handed_back %ld\n",
		   atomic_long_read(&pdlpar_stats.events_handed_back));
	seq_printf(m, "events_dropped %ld\n",
		   atomic_long_read(&pdlpar_stats.events_dropped));
	seq_printf(m, "requests %ld\n",
		   atomic_long_read(&pdlpar_stats.requests));
	seq_printf(m, "requests_hypervisor %ld\n",
		   atomic_long_read(&pdlpar_stats.requests_hypervisor));
	seq_printf(m, "requests_failed %ld\n",
		   atomic_long_read(&pdlpar_stats.requests_failed));
	seq_printf(m, "migrations %ld\n",
		   atomic_long_read(&pdlpar_stats.migrations));
	seq_printf(m, "migrations_failed %ld\n",
		   atomic_long_read(&pdlpar_stats.migrations_failed));
	seq_printf(m, "migrations_cancelled %ld\n",
		   atomic_long_read(&pdlpar_stats.migrations_cancelled));
	seq_printf(m, "interrupts_no_event %ld\n",
		   atomic_long_read(&pdlpar_stats.interrupts_no_event));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pdlpar_stats);

static int __init pdlpar_init(void)
{
	int rc;

	rc = pdlpar_cpu_host_init();
	if (rc)
		return rc;
	rc = pdlpar_mem_host_init();
	if (rc)
		goto out_cpu;
	rc = pdlpar_queue_init();
	if (rc)
		goto out_mem;

	pdlpar_debugfs = debugfs_create_dir("pseries_dlpar", NULL);
	debugfs_create_file("stats", 0444, pdlpar_debugfs, NULL,
			    &pdlpar_stats_fops);

	rc = pseries_dlpar_register_provider(&pdlpar_provider);
	if (rc) {
		pr_err("cannot become the DLPAR provider: %d\n", rc);
		debugfs_remove_recursive(pdlpar_debugfs);
		pdlpar_queue_exit();
		goto out_mem;
	}
	pr_info("DLPAR provider registered: hotplug events, /sys/kernel/dlpar and partition migration\n");
	return 0;

out_mem:
	pdlpar_mem_host_exit();
out_cpu:
	pdlpar_cpu_host_exit();
	return rc;
}

static void __exit pdlpar_exit(void)
{
	/* No new events after this ... */
	pseries_dlpar_unregister_provider(&pdlpar_provider);
	/* ... and the queued ones are carried out before we go. */
	pdlpar_queue_exit();
	debugfs_remove_recursive(pdlpar_debugfs);
	pdlpar_mem_host_exit();
	pdlpar_cpu_host_exit();
	pr_info("DLPAR provider unregistered, built-in DLPAR restored\n");
}

module_init(pdlpar_init);
module_exit(pdlpar_exit);

MODULE_LICENSE("GPL");
PDLPAR_IMPORT_NS(PSERIES_DLPAR);
MODULE_DESCRIPTION("Dynamic logical partitioning provider for pseries");
MODULE_AUTHOR("pseries-dlpar developers");
