// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the ordered queue of hypervisor events.
 *
 * Events arrive in the hotplug interrupt handler, already parsed. They
 * wait in a fixed ring, so queueing never allocates and a burst cannot
 * fail on GFP_ATOMIC (mainline drops an event silently when it does), and
 * one work item on an ordered workqueue carries them out in arrival order.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/kfifo.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <kunit/visibility.h>

#include "pdlpar_core.h"

static DEFINE_KFIFO(event_fifo, struct pdlpar_request, PDLPAR_QUEUE_LEN);
static DEFINE_SPINLOCK(event_lock);
static struct workqueue_struct *event_wq;

static void event_work_fn(struct work_struct *work)
{
	struct pdlpar_request req;
	unsigned long flags;
	unsigned int got;

	for (;;) {
		spin_lock_irqsave(&event_lock, flags);
		got = kfifo_get(&event_fifo, &req);
		spin_unlock_irqrestore(&event_lock, flags);
		if (!got)
			break;
		pdlpar_handle_request(&req);
	}
}

static DECLARE_WORK(event_work, event_work_fn);

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
		queue_work(event_wq, &event_work);
	return queued;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_queue_event);

/**
 * pdlpar_queue_init - create the event workqueue
 *
 * Return: 0 or -ENOMEM.
 */
int pdlpar_queue_init(void)
{
	event_wq = alloc_ordered_workqueue("pseries_dlpar", 0);
	return event_wq ? 0 : -ENOMEM;
}

/**
 * pdlpar_queue_exit - carry out queued events, then destroy the workqueue
 *
 * The caller has made sure no more events can be queued.
 */
void pdlpar_queue_exit(void)
{
	destroy_workqueue(event_wq);
}
