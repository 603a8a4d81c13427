/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: CPU DLPAR, and its boundary to the kernel.
 *
 * The add and remove flows know nothing of the device tree or of CPU
 * hotplug: they ask a struct pdlpar_cpu_host, which the module implements
 * with the real kernel (hotplug-cpu/host.c) and KUnit with a fake whose
 * every step can fail.
 */
#ifndef _PDLPAR_CPU_H
#define _PDLPAR_CPU_H

#include "pdlpar.h"
#include "pdlpar_drc.h"

/* Threads per core we handle; POWER cores have at most 8. */
#define PDLPAR_MAX_THREADS	8

/**
 * struct pdlpar_core - one core, as a request moves it
 * @drc: its DRC.
 * @nthreads: number of hardware threads.
 * @hwid: hardware id of each thread (ibm,ppc-interrupt-server#s).
 * @cpu: logical CPU of each thread, -1 if none.
 * @was_online: which threads were online before a removal touched them.
 * @node: the host's handle on the core's device-tree node.
 * @detach: the host's prepared detach, between prepare and commit.
 */
struct pdlpar_core {
	struct pdlpar_drc drc;
	unsigned int nthreads;
	u32 hwid[PDLPAR_MAX_THREADS];
	int cpu[PDLPAR_MAX_THREADS];
	bool was_online[PDLPAR_MAX_THREADS];
	void *node;
	void *detach;
};

struct pdlpar_cpu_host;

/**
 * struct pdlpar_cpu_host_ops - what the CPU flows need from the kernel
 * @cpu_drcs: fills @indexes with the platform's CPU DRC indexes in
 *	ascending order; returns how many, -E2BIG if more than @max, or
 *	another -errno.
 * @drc_lookup: finds a DRC (type, name) by index; -ENOENT if none.
 * @core_find: fills @core (threads, CPUs, node) for the core whose node
 *	carries @core->drc.index; -ENODEV if there is none.
 * @core_attach: attaches a fetched subtree as a new core and fills
 *	@core's threads and CPUs; consumes @frag on success. A failure
 *	leaves the nodes out of the tree and @frag to the caller to free,
 *	unless they could not be taken out again: then they stay in the
 *	tree, which keeps them, and @frag is consumed (emptied).
 * @core_detach_prepare: prepares detaching the core's nodes, so that
 *	the commit cannot fail for lack of memory.
 * @core_detach_commit: detaches the prepared nodes; cannot fail (a
 *	notifier's error is logged, and the nodes go all the same).
 * @core_detach_abort: drops a prepared detach.
 * @core_put: drops what core_find() or core_attach() holds.
 * @cpu_online: whether a logical CPU is online.
 * @cpu_set_online: onlines or offlines a logical CPU (device_online()).
 * @cpu_bootable: whether SMT control lets @cpu, a thread of a core being
 *	added, come online -- what the kernel's cpu_bootable() decides for
 *	a CPU that never ran (cpu_up() would boot it and then fail it with
 *	-ECANCELED).
 * @cpus_online: how many CPUs are online.
 * @cc_parent: the node fetched cores go under (/cpus).
 *
 * All are called with the device hotplug lock held (the real host takes
 * it around each request).
 */
struct pdlpar_cpu_host_ops {
	int (*cpu_drcs)(struct pdlpar_cpu_host *host, u32 *indexes, int max);
	int (*drc_lookup)(struct pdlpar_cpu_host *host, u32 index,
			  struct pdlpar_drc *drc);
	int (*core_find)(struct pdlpar_cpu_host *host,
			 struct pdlpar_core *core);
	int (*core_attach)(struct pdlpar_cpu_host *host,
			   struct pdlpar_core *core,
			   struct pdlpar_dt_fragment *frag);
	int (*core_detach_prepare)(struct pdlpar_cpu_host *host,
				   struct pdlpar_core *core);
	void (*core_detach_commit)(struct pdlpar_cpu_host *host,
				   struct pdlpar_core *core);
	void (*core_detach_abort)(struct pdlpar_cpu_host *host,
				  struct pdlpar_core *core);
	void (*core_put)(struct pdlpar_cpu_host *host,
			 struct pdlpar_core *core);
	bool (*cpu_online)(struct pdlpar_cpu_host *host, int cpu);
	int (*cpu_set_online)(struct pdlpar_cpu_host *host, int cpu,
			      bool online);
	bool (*cpu_bootable)(struct pdlpar_cpu_host *host, int cpu);
	unsigned int (*cpus_online)(struct pdlpar_cpu_host *host);
	struct device_node *(*cc_parent)(struct pdlpar_cpu_host *host);
};

/**
 * struct pdlpar_cpu_host - the kernel side of CPU DLPAR
 * @ops: its operations.
 * @plat: the PAPR platform the DRCs live on.
 */
struct pdlpar_cpu_host {
	const struct pdlpar_cpu_host_ops *ops;
	const struct pdlpar_platform *plat;
};

int pdlpar_cpu_request(struct pdlpar_cpu_host *host,
		       const struct pdlpar_request *req);

#if IS_ENABLED(CONFIG_KUNIT)
extern struct pdlpar_cpu_host pdlpar_cpu_real_host;
#endif

int pdlpar_cpu_host_init(void);
void pdlpar_cpu_host_exit(void);
int pdlpar_cpu_handle(const struct pdlpar_request *req);

#endif /* _PDLPAR_CPU_H */
