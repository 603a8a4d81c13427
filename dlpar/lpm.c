// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the guest side of a partition migration.
 *
 * Policy lives here; every hcall, RTAS call and kernel hook goes through
 * struct pdlpar_lpm_platform, so KUnit can play the hypervisor's VASI
 * session and fail any step. The rules, drawn as a state diagram in
 * Documentation/pseries-dlpar.rst:
 *
 *  - order: VAS windows closed (and hvpipe suspended) first; the wait for
 *    Suspending; the watchdog stretched; DLPAR requests kept out; join and
 *    suspend, with retries; the post-migration fix-up; DLPAR let back in;
 *    the wait for Completed; watchdog, VAS and hvpipe restored last, on
 *    every path;
 *  - wait for Suspending: Enabled is the hypervisor's pre-copy, which it
 *    bounds, not us -- an hour and more for a large partition -- so it is
 *    polled once a second for as long as it lasts. No H_VASI_STATE at all
 *    (QEMU) means go on. A failed query, a session the hypervisor ended
 *    and a state that cannot be now all end the attempt without a
 *    cancellation: they say nothing we could cancel. The writer may give
 *    up (SIGKILL): that, with the session still live, cancels;
 *  - DLPAR requests run during both waits; only the join, the suspend,
 *    the resume and the fix-up exclude them. Getting the exclusion waits
 *    for a running request, killably;
 *  - suspend: a failure the platform calls transient (a CPU not joined,
 *    the benign race with CPU offline; "not suspendable" for now) is
 *    retried while the session is still Suspending, up to
 *    PDLPAR_LPM_MAX_ATTEMPTS, with 1, 10, 100, 1000 ms between attempts;
 *    any other failure, or the last attempt failing, cancels;
 *  - before every cancellation the session is asked once more: one the
 *    hypervisor already ended is left alone;
 *  - a session is cancelled at most once, with the reason code
 *    (entity: migrating partition) << 24 | the errno;
 *  - the wait for Completed, after the resume, has no deadline either:
 *    the write returns when the memory transfer is done, so that drmgr's
 *    post-migration hooks run then. It ends early only if the writer is
 *    killed or the session cannot be read.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "pdlpar_lpm.h"

/* What the session's state means for us. */
enum lpm_session {
	LPM_GO,		/* Suspending, or no VASI to ask: suspend */
	LPM_WAIT,	/* Enabled: the hypervisor is still copying */
	LPM_ENDED,	/* the hypervisor ended it, or has none */
	LPM_BROKEN,	/* an error, or a state that cannot be now */
};

static enum lpm_session lpm_session(const struct pdlpar_lpm_platform *plat,
				    u64 handle, int *err)
{
	unsigned long state = 0;
	int rc;

	rc = plat->vasi_state(plat, handle, &state);
	*err = rc;
	if (rc == -EOPNOTSUPP)
		return LPM_GO;
	if (rc == -ENOENT)
		return LPM_ENDED;
	if (rc) {
		pr_err("migration: H_VASI_STATE failed: %d\n", rc);
		return LPM_BROKEN;
	}
	switch (state) {
	case PDLPAR_VASI_SUSPENDING:
		return LPM_GO;
	case PDLPAR_VASI_ENABLED:
		return LPM_WAIT;
	case PDLPAR_VASI_ABORTED:
	case PDLPAR_VASI_COMPLETED:
	case PDLPAR_VASI_INVALID:
		pr_info("migration: the hypervisor ended the session (VASI state %lu)\n",
			state);
		*err = state == PDLPAR_VASI_COMPLETED ? -EALREADY : -ECANCELED;
		return LPM_ENDED;
	default:
		pr_err("migration: unexpected VASI state %lu\n", state);
		*err = -EPROTO;
		return LPM_BROKEN;
	}
}

static void lpm_cancel(const struct pdlpar_lpm_platform *plat, u64 handle,
		       struct pdlpar_lpm_result *res, int err)
{
	int rc;

	if (res->cancelled)
		return;
	res->cancelled = true;
	res->reason = PDLPAR_VASI_ENTITY_PARTITION << 24 |
		      (abs(err) & 0xffffff);
	rc = plat->vasi_cancel(plat, handle, res->reason);
	if (rc)
		pr_err("migration: cancelling stream 0x%llx (reason 0x%08x) failed: %d\n",
		       handle, res->reason, rc);
	else
		pr_notice("migration: cancelled stream 0x%llx, reason 0x%08x (%d)\n",
			  handle, res->reason, err);
}

/*
 * Cancel for @err unless the session is over already. Asked once more
 * because a hypervisor may end it while we fail: a cancellation then
 * means nothing at best.
 */
static void lpm_fail(const struct pdlpar_lpm_platform *plat, u64 handle,
		     struct pdlpar_lpm_result *res, int err)
{
	int serr;

	if (lpm_session(plat, handle, &serr) != LPM_ENDED)
		lpm_cancel(plat, handle, res, err);
}

/*
 * 0 to go on; else -errno, and *cancel says whether to cancel: only when
 * the writer was killed, the hypervisor still copying.
 */
static int lpm_wait_suspending(const struct pdlpar_lpm_platform *plat,
			       u64 handle, bool *cancel)
{
	u64 start = plat->now_ms(plat);
	int err;

	for (;;) {
		switch (lpm_session(plat, handle, &err)) {
		case LPM_GO:
			return 0;
		case LPM_ENDED:
			return err ?: -ECANCELED;
		case LPM_BROKEN:
			pr_err("migration: stopped waiting for Suspending, not cancelled\n");
			return err;
		case LPM_WAIT:
			break;
		}
		plat->sleep(plat, 1000);
		if (plat->killed(plat)) {
			pr_notice("migration: the writer was killed after %llu s of pre-copy\n",
				  (plat->now_ms(plat) - start) / 1000);
			*cancel = true;
			return -EINTR;
		}
	}
}

/* The platform's word that trying again may work. */
static bool lpm_transient(int rc)
{
	return rc == -EAGAIN || rc == -EBUSY;
}

static int lpm_suspend(const struct pdlpar_lpm_platform *plat, u64 handle,
		       struct pdlpar_lpm_result *res, bool *ended)
{
	unsigned int pause = 1;
	int rc, err;

	for (res->attempts = 1; ; res->attempts++) {
		rc = plat->join_and_suspend(plat);
		if (!rc)
			return 0;
		pr_notice("migration: suspend attempt %u of %u failed: %d\n",
			  res->attempts, PDLPAR_LPM_MAX_ATTEMPTS, rc);
		switch (lpm_session(plat, handle, &err)) {
		case LPM_ENDED:
			*ended = true;
			return rc;
		case LPM_GO:
			if (lpm_transient(rc) &&
			    res->attempts < PDLPAR_LPM_MAX_ATTEMPTS)
				break;
			return rc;
		default:
			return rc;
		}
		plat->sleep(plat, pause);
		pause *= 10;
	}
}

/*
 * After the resume the session goes Resumed -> Completed when the memory
 * transfer ends: as long as the hypervisor takes.
 */
static void lpm_wait_completed(const struct pdlpar_lpm_platform *plat,
			       u64 handle)
{
	unsigned long state;
	int rc;

	for (;;) {
		rc = plat->vasi_state(plat, handle, &state);
		if (rc == -EOPNOTSUPP || rc == -ENOENT ||
		    (!rc && state == PDLPAR_VASI_COMPLETED))
			return;
		if (rc || state != PDLPAR_VASI_RESUMED) {
			pr_warn("migration: after the resume, VASI state %lu (%d)\n",
				rc ? 0 : state, rc);
			return;
		}
		plat->sleep(plat, 1000);
		if (plat->killed(plat)) {
			pr_notice("migration: the writer was killed before the session completed\n");
			return;
		}
	}
}

/**
 * pdlpar_lpm_migrate - carry out the guest side of a partition migration
 * @plat: the platform
 * @handle: the migration's stream id
 * @res: filled in with how it went
 *
 * DLPAR requests are kept out (plat->exclude) only from the join to the
 * end of the post-migration fix-up. Returns once the migration completed
 * (the memory transfer too), or failed, or the writer was killed.
 *
 * Return: 0; or -EINTR (killed), -EPROTO, -EIO, -ECANCELED, -EALREADY (the
 * session completed without us), -ENOENT (no such session), or the
 * suspend's errno (-EAGAIN, -EBUSY, -ENOMEM, ...). @res says whether the
 * session was cancelled.
 */
int pdlpar_lpm_migrate(const struct pdlpar_lpm_platform *plat, u64 handle,
		       struct pdlpar_lpm_result *res)
{
	bool cancel = false, ended = false;
	int rc;

	memset(res, 0, sizeof(*res));
	plat->begin(plat);
	rc = lpm_wait_suspending(plat, handle, &cancel);
	if (rc) {
		if (cancel)
			lpm_fail(plat, handle, res, rc);
		goto out;
	}

	plat->watchdog(plat, true);
	rc = plat->exclude(plat);
	if (rc) {
		/* Killed while a DLPAR request ran: the session waits. */
		lpm_fail(plat, handle, res, rc);
		goto watchdog;
	}
	/* The window in which DLPAR requests wait, for the log and tests. */
	pr_info("migration: DLPAR requests held for the join and suspend\n");
	rc = lpm_suspend(plat, handle, res, &ended);
	if (!rc) {
		res->resumed = true;
		plat->resumed(plat);
	}
	plat->include(plat);
	pr_info("migration: DLPAR requests let in again\n");
	if (!rc)
		lpm_wait_completed(plat, handle);
	else if (!ended)
		lpm_fail(plat, handle, res, rc);
watchdog:
	plat->watchdog(plat, false);
out:
	plat->end(plat);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lpm_migrate);

/**
 * pdlpar_lpm_parse_stream - read a write to /sys/kernel/mobility/migration
 * @buf: what was written
 * @count: its length
 * @handle: the stream id, on success
 *
 * drmgr writes "0x<stream id in hex>\n". Accepted: "0x" and 1 to 16 hex
 * digits, or a decimal number without a leading zero, then at most one
 * newline. Anything else -- nothing, a sign, an octal-looking number,
 * trailing junk -- is refused with one log line, and nothing starts.
 *
 * Return: 0 or -EINVAL.
 */
int pdlpar_lpm_parse_stream(const char *buf, size_t count, u64 *handle)
{
	const char *p = buf, *end = buf + count;
	unsigned int base = 10, digits = 0, d;
	u64 v = 0;

	if (count && end[-1] == '\n')
		end--;
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (end - p > 1 && p[0] == '0') {
		goto bad;
	}
	for (; p < end; p++, digits++) {
		if (base == 16 && isxdigit(*p))
			d = hex_to_bin(*p);
		else if (isdigit(*p))
			d = *p - '0';
		else
			goto bad;
		if (v > (U64_MAX - d) / base)
			goto bad;
		v = v * base + d;
	}
	if (!digits)
		goto bad;
	*handle = v;
	return 0;
bad:
	pr_err("migration: \"%*pE\" is not a stream id (0x<hex> or decimal)\n",
	       (int)min_t(size_t, count, 40), buf);
	return -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_lpm_parse_stream);
