// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the ordered queue of hypervisor events.
 *
 * Events arrive in the hotplug interrupt handler, already parsed. They
 * wait in a fixed ring, so queueing never allocates and a burst cannot
 * fail on GFP_ATOMIC (mainline drops an event silently when it does), and
 * one kernel thread carries them out in arrival order.
 *
 * A thread of our own, not a workqueue, because it can take a signal: a
 * memory block in ZONE_MOVABLE holding a page that cannot be migrated
 * makes offline_pages() retry until the offlining task has a fatal
 * signal, which a workqueue's worker never gets (mainline's removal then
 * never ends, and the hypervisor never hears back). The thread lets
 * SIGKILL in; the memory host sends it one when a block of a hypervisor
 * removal does not go offline in time (hotplug-memory/host.c), and an
 * administrator may too. A kill ends what the thread is doing, never the
 * thread: it is flushed before each request, and the request lock is
 * taken again if a kill cut the wait for it short.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/err.h>
#include <linux/kfifo.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <kunit/visibility.h>

#include "pdlpar_core.h"

static DEFINE_KFIFO(event_fifo, struct pdlpar_request, PDLPAR_QUEUE_LEN);
static DEFINE_SPINLOCK(event_lock);
static DECLARE_WAIT_QUEUE_HEAD(event_wait);
static struct task_struct *event_task;

static bool event_get(struct pdlpar_request *req)
{
	unsigned long flags;
	bool got;

	spin_lock_irqsave(&event_lock, flags);
	got = kfifo_get(&event_fifo, req);
	spin_unlock_irqrestore(&event_lock, flags);
	return got;
}

static bool event_waiting(void)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&event_lock, flags);
	empty = kfifo_is_empty(&event_fifo);
	spin_unlock_irqrestore(&event_lock, flags);
	return !empty;
}

static int event_thread_fn(void *unused)
{
	struct pdlpar_request req;

	allow_signal(SIGKILL);
	for (;;) {
		wait_event_interruptible(event_wait, event_waiting() ||
					 kthread_should_stop());
		while (event_get(&req)) {
			/* A kill meant for the request before is spent. */
			flush_signals(current);
			pdlpar_handle_request(&req);
		}
		flush_signals(current);
		/* Stopped: what was queued before the stop has run. */
		if (kthread_should_stop() && !event_waiting())
			return 0;
	}
}

/**
 * pdlpar_in_event_thread - whether we run in the hypervisor event thread
 *
 * Return: true in the thread that carries out hypervisor events.
 */
bool pdlpar_in_event_thread(void)
{
	return current == event_task;
}

/**
 * pdlpar_event_thread - the thread that carries out hypervisor events
 *
 * Return: its task, or NULL before pdlpar_queue_init().
 */
struct task_struct *pdlpar_event_thread(void)
{
	return event_task;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_event_thread);

/**
 * pdlpar_queue_event - queue a parsed hypervisor event
 * @req: the request; copied
 *
 * Callable from hard interrupt context.
 *
 * Return: true if queued, false if the queue is full (the caller logs it).
 */
bool pdlpar_queue_event(const struct pdlpar_request *req)
{
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(&event_lock, flags);
	queued = kfifo_put(&event_fifo, *req);
	spin_unlock_irqrestore(&event_lock, flags);
	if (queued)
		wake_up(&event_wait);
	return queued;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_queue_event);

/**
 * pdlpar_queue_init - start the event thread
 *
 * Return: 0 or a negative errno.
 */
int pdlpar_queue_init(void)
{
	struct task_struct *t;

	t = kthread_run(event_thread_fn, NULL, "pseries_dlpar");
	if (IS_ERR(t))
		return PTR_ERR(t);
	event_task = t;
	return 0;
}

/**
 * pdlpar_queue_exit - carry out queued events, then stop the event thread
 *
 * The caller has made sure no more events can be queued.
 */
void pdlpar_queue_exit(void)
{
	kthread_stop(event_task);
	event_task = NULL;
}
