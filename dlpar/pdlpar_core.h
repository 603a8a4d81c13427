/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: what the module's parts share inside the module.
 */
#ifndef _PDLPAR_CORE_H
#define _PDLPAR_CORE_H

#include <linux/atomic.h>
#include "pdlpar.h"

/**
 * struct pdlpar_stats - what the module has seen, for debugfs and tests
 * @events: hotplug events from the hypervisor.
 * @events_rejected: events refused: check-exception failed or a bad log.
 * @events_handed_back: events left to the built-in code in the interrupt
 *	handler (PCI, slot and PHB, which go to rtas_errd).
 * @events_dropped: events lost because the queue was full.
 * @requests: requests carried out, from either source.
 * @requests_hypervisor: those of @requests that came from events: every
 *	event is one of these, handed back, rejected or dropped.
 * @requests_failed: requests that ended with an error.
 * @migrations: partition migrations started (sysfs or ibm,suspend-me).
 * @migrations_failed: migrations that ended with an error.
 * @migrations_cancelled: migrations we cancelled (H_VASI_SIGNAL).
 * @interrupts_no_event: hotplug interrupts with nothing pending
 *	(check-exception "no errors found"); not events.
 */
struct pdlpar_stats {
	atomic_long_t events;
	atomic_long_t events_rejected;
	atomic_long_t events_handed_back;
	atomic_long_t events_dropped;
	atomic_long_t requests;
	atomic_long_t requests_hypervisor;
	atomic_long_t requests_failed;
	atomic_long_t migrations;
	atomic_long_t migrations_failed;
	atomic_long_t migrations_cancelled;
	atomic_long_t interrupts_no_event;
};

extern struct pdlpar_stats pdlpar_stats;

#if IS_ENABLED(CONFIG_KUNIT)
bool pdlpar_hotplug_event(int status, const void *log, size_t len);
#endif

/*
 * Hypervisor events waiting to be carried out. QEMU queues at most one
 * event per DRC; 64 covers any realistic burst, and the worker is held
 * only while a request or a migration's join and suspend run.
 */
#define PDLPAR_QUEUE_LEN	64

int pdlpar_handle_request(const struct pdlpar_request *req);
int pdlpar_request_lock(void);
void pdlpar_request_unlock(void);

struct task_struct;
int pdlpar_queue_init(void);
void pdlpar_queue_exit(void);
bool pdlpar_queue_event(const struct pdlpar_request *req);
bool pdlpar_in_event_thread(void);
struct task_struct *pdlpar_event_thread(void);

#endif /* _PDLPAR_CORE_H */
