/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: the guest side of a partition migration (LPM), and its
 * boundary to the hypervisor and the kernel.
 *
 * The sequence (PAPR 15.7, "Partition Migration"): wait until the
 * hypervisor's VASI session for the migration stream is Suspending; join
 * every online CPU (H_JOIN) and suspend the partition with ibm,suspend-me
 * on the last one; after the resume, update the device tree and the rest
 * of the kernel's view; wait until the session is Completed. When the
 * guest cannot complete its part it cancels the session (H_VASI_SIGNAL
 * Cancel) -- exactly once, and never when the hypervisor already ended it.
 */
#ifndef _PDLPAR_LPM_H
#define _PDLPAR_LPM_H

#include <linux/types.h>

/* VASI session states, as H_VASI_STATE returns them (PAPR 15.7.3). */
enum pdlpar_vasi_state {
	PDLPAR_VASI_INVALID = 0,
	PDLPAR_VASI_ENABLED = 1,
	PDLPAR_VASI_ABORTED = 2,
	PDLPAR_VASI_SUSPENDING = 3,
	PDLPAR_VASI_SUSPENDED = 4,
	PDLPAR_VASI_RESUMED = 5,
	PDLPAR_VASI_COMPLETED = 6,
};

/* Byte 0 of a cancellation's reason code: who cancels (PAPR 15.7.3.2). */
#define PDLPAR_VASI_ENTITY_PARTITION	6

/*
 * Suspend attempts while the hypervisor keeps the session Suspending.
 * The waits for Suspending and for Completed have no bound of ours: the
 * hypervisor's pre-copy and memory transfer last as long as they last.
 */
#define PDLPAR_LPM_MAX_ATTEMPTS		5

struct pdlpar_lpm_platform;

/**
 * struct pdlpar_lpm_platform - what a migration needs from the hypervisor
 *	and the kernel
 * @vasi_state: H_VASI_STATE for the stream @handle. Returns 0 with
 *	@state set; -EOPNOTSUPP if the hypervisor does not implement it
 *	(QEMU); -ENOENT if there is no such session (H_PARAMETER: never
 *	started, or already cleaned up); -EIO for anything else.
 * @vasi_cancel: H_VASI_SIGNAL Cancel with @reason; 0 or -errno.
 * @join_and_suspend: joins every online CPU and suspends the partition
 *	on one of them. Returns 0 once resumed after a suspend; -EAGAIN if
 *	a CPU was not joined when the suspend was tried (a CPU going
 *	offline: the benign race), -EBUSY if the platform found the
 *	partition not suspendable for now, -ECANCELED if the platform
 *	aborted the suspend, -EIO if a CPU's H_JOIN failed or the suspend
 *	failed otherwise, -ENOMEM or -EBUSY if the CPUs could not be
 *	stopped.
 * @begin: before anything else (VAS windows closed, hvpipe suspended).
 * @watchdog: stretch (true) or restore (false) the lockup watchdog.
 * @resumed: after a successful suspend: the kernel's post-migration
 *	fix-ups, then the module's own tables re-read.
 * @end: after everything (VAS windows reopened, hvpipe resumed).
 * @exclude: keeps DLPAR requests out, waiting for a running one to end;
 *	0, or -EINTR if the writer was killed meanwhile.
 * @include: lets DLPAR requests in again.
 * @sleep: sleeps @ms milliseconds; a fatal signal may end it early.
 * @killed: whether the writer got a fatal signal (SIGKILL).
 * @now_ms: a monotonic clock in milliseconds, for the logs.
 */
struct pdlpar_lpm_platform {
	int (*vasi_state)(const struct pdlpar_lpm_platform *plat, u64 handle,
			  unsigned long *state);
	int (*vasi_cancel)(const struct pdlpar_lpm_platform *plat, u64 handle,
			   u32 reason);
	int (*join_and_suspend)(const struct pdlpar_lpm_platform *plat);
	void (*begin)(const struct pdlpar_lpm_platform *plat);
	void (*watchdog)(const struct pdlpar_lpm_platform *plat,
			 bool suspending);
	void (*resumed)(const struct pdlpar_lpm_platform *plat);
	void (*end)(const struct pdlpar_lpm_platform *plat);
	int (*exclude)(const struct pdlpar_lpm_platform *plat);
	void (*include)(const struct pdlpar_lpm_platform *plat);
	void (*sleep)(const struct pdlpar_lpm_platform *plat, unsigned int ms);
	bool (*killed)(const struct pdlpar_lpm_platform *plat);
	u64 (*now_ms)(const struct pdlpar_lpm_platform *plat);
};

/**
 * struct pdlpar_lpm_result - how a migration ended, for logs and tests
 * @attempts: suspend attempts made.
 * @cancelled: whether the session was cancelled.
 * @reason: the reason code sent with the cancellation.
 * @resumed: whether the partition suspended and resumed.
 */
struct pdlpar_lpm_result {
	unsigned int attempts;
	bool cancelled;
	u32 reason;
	bool resumed;
};

int pdlpar_lpm_migrate(const struct pdlpar_lpm_platform *plat, u64 handle,
		       struct pdlpar_lpm_result *res);
int pdlpar_lpm_parse_stream(const char *buf, size_t count, u64 *handle);

extern const struct pdlpar_lpm_platform pdlpar_lpm_real_platform;

#endif /* _PDLPAR_LPM_H */
