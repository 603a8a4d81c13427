// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the guest side of a partition migration against a fake
 * hypervisor that keeps a VASI session (Enabled, Suspending, Suspended,
 * Resumed, Completed, Aborted) and answers H_VASI_STATE and
 * H_VASI_SIGNAL as PAPR says, with a fault injected at each step in turn.
 * Every path must cancel exactly when it has to, once, with the right
 * reason code, and leave the begin/end and watchdog hooks balanced.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "pdlpar_lpm.h"

#define STREAM		0x1234ULL
#define MAX_SCRIPT	8
#define MINUTE_MS	(60 * 1000ULL)

/* Where the migration is, as a DLPAR request running beside it sees. */
enum fv_phase { PH_WAIT, PH_JOIN, PH_RESUMED, PH_INCLUDED };

struct fake_vasi {
	struct pdlpar_lpm_platform plat;
	bool no_vasi;			/* H_FUNCTION, like QEMU */
	enum pdlpar_vasi_state state;
	/* Enabled polls before the hypervisor goes Suspending; -1: never. */
	int enabled_polls;
	/* Or: the pre-copy ends at this time of the fake clock. */
	u64 precopy_ms;
	/* The writer gets SIGKILL at this time; 0: never. */
	u64 kill_at_ms;
	int exclude_rc;			/* what exclude() gives */
	int excluded;			/* exclude() minus include() */
	unsigned int exclusion_errors;	/* a step in the wrong window */
	enum fv_phase phase;
	int state_error_at;		/* 1-based H_VASI_STATE that fails */
	int state_error;		/* ... with this */
	/* What each join_and_suspend attempt gives; past the end: 0. */
	int join[MAX_SCRIPT];
	/* The hypervisor ends the session after this attempt fails (1-based). */
	int end_after_attempt;
	enum pdlpar_vasi_state end_state;
	bool suspend_while_enabled;	/* state goes Suspended early */
	/* Resumed polls after the resume before Completed. */
	int resumed_polls;
	unsigned int state_calls, cancels, joins, begins, ends;
	int watchdog_depth, watchdog_max;
	unsigned int resumed_calls;
	u32 reason;
	u64 now;
	unsigned int slept[16], nslept;
	struct mutex lock;		/* what DLPAR requests take */
	/* A DLPAR request from another kthread: when it ran, and when. */
	bool spawn_in_wait, spawn_in_join, spawned;
	struct completion req_done;
	enum fv_phase req_phase;
	bool req_waited;		/* the wait saw it finish */
	bool req_blocked;		/* the join saw it blocked */
};

static struct fake_vasi *to_fv(const struct pdlpar_lpm_platform *plat)
{
	return container_of(plat, struct fake_vasi, plat);
}

static int fv_state(const struct pdlpar_lpm_platform *plat, u64 handle,
		    unsigned long *state)
{
	struct fake_vasi *fv = to_fv(plat);

	fv->state_calls++;
	if (fv->state_calls == fv->state_error_at)
		return fv->state_error;
	if (fv->no_vasi)
		return -EOPNOTSUPP;
	if (handle != STREAM)
		return -ENOENT;
	/* The waits (Enabled, Resumed) run with DLPAR requests let in. */
	if (fv->excluded && (fv->state == PDLPAR_VASI_ENABLED ||
			     fv->state == PDLPAR_VASI_RESUMED))
		fv->exclusion_errors++;
	if (fv->state == PDLPAR_VASI_ENABLED && fv->precopy_ms &&
	    fv->now >= fv->precopy_ms)
		fv->state = PDLPAR_VASI_SUSPENDING;
	if (fv->state == PDLPAR_VASI_ENABLED && !fv->precopy_ms &&
	    fv->enabled_polls >= 0 && fv->enabled_polls-- == 0)
		fv->state = fv->suspend_while_enabled ?
			    PDLPAR_VASI_SUSPENDED : PDLPAR_VASI_SUSPENDING;
	if (fv->state == PDLPAR_VASI_RESUMED && fv->resumed_polls-- <= 0)
		fv->state = PDLPAR_VASI_COMPLETED;
	*state = fv->state;
	return 0;
}

static int fv_cancel(const struct pdlpar_lpm_platform *plat, u64 handle,
		     u32 reason)
{
	struct fake_vasi *fv = to_fv(plat);

	fv->cancels++;
	fv->reason = reason;
	if (fv->no_vasi)
		return -EOPNOTSUPP;
	switch (fv->state) {
	case PDLPAR_VASI_ENABLED:
	case PDLPAR_VASI_SUSPENDING:
		fv->state = PDLPAR_VASI_ABORTED;
		return 0;
	default:
		return -EIO;	/* nothing to cancel */
	}
}

static int fv_request(void *data)
{
	struct fake_vasi *fv = data;

	mutex_lock(&fv->lock);
	fv->req_phase = fv->phase;
	mutex_unlock(&fv->lock);
	/* All: the test and the fake may both wait for it. */
	complete_all(&fv->req_done);
	return 0;
}

static void fv_spawn(struct fake_vasi *fv)
{
	fv->spawned = true;
	if (IS_ERR(kthread_run(fv_request, fv, "pdlpar-kunit-req")))
		complete_all(&fv->req_done);	/* the test then fails */
}

static int fv_join(const struct pdlpar_lpm_platform *plat)
{
	struct fake_vasi *fv = to_fv(plat);
	int rc = fv->joins < MAX_SCRIPT ? fv->join[fv->joins] : 0;

	fv->joins++;
	fv->phase = PH_JOIN;
	if (fv->excluded != 1)
		fv->exclusion_errors++;
	/* A request during the join waits until the fix-up is done. */
	if (fv->spawn_in_join && !fv->spawned) {
		fv_spawn(fv);
		msleep(100);
		fv->req_blocked = !completion_done(&fv->req_done);
	}
	/* The platform suspends only a session that is Suspending. */
	if (!rc && !fv->no_vasi && fv->state != PDLPAR_VASI_SUSPENDING)
		rc = -ECANCELED;
	if (!rc)
		fv->state = PDLPAR_VASI_RESUMED;
	else if (fv->joins == fv->end_after_attempt)
		fv->state = fv->end_state;
	return rc;
}

static void fv_begin(const struct pdlpar_lpm_platform *plat)
{
	to_fv(plat)->begins++;
}

static void fv_watchdog(const struct pdlpar_lpm_platform *plat, bool on)
{
	struct fake_vasi *fv = to_fv(plat);

	fv->watchdog_depth += on ? 1 : -1;
	fv->watchdog_max = max(fv->watchdog_max, fv->watchdog_depth);
}

static void fv_resumed(const struct pdlpar_lpm_platform *plat)
{
	struct fake_vasi *fv = to_fv(plat);

	fv->resumed_calls++;
	fv->phase = PH_RESUMED;
	if (fv->excluded != 1)
		fv->exclusion_errors++;
}

static int fv_exclude(const struct pdlpar_lpm_platform *plat)
{
	struct fake_vasi *fv = to_fv(plat);

	if (fv->exclude_rc)
		return fv->exclude_rc;
	mutex_lock(&fv->lock);
	fv->excluded++;
	return 0;
}

static void fv_include(const struct pdlpar_lpm_platform *plat)
{
	struct fake_vasi *fv = to_fv(plat);

	fv->excluded--;
	fv->phase = PH_INCLUDED;
	mutex_unlock(&fv->lock);
}

static bool fv_killed(const struct pdlpar_lpm_platform *plat)
{
	struct fake_vasi *fv = to_fv(plat);

	return fv->kill_at_ms && fv->now >= fv->kill_at_ms;
}

static void fv_end(const struct pdlpar_lpm_platform *plat)
{
	to_fv(plat)->ends++;
}

static void fv_sleep(const struct pdlpar_lpm_platform *plat, unsigned int ms)
{
	struct fake_vasi *fv = to_fv(plat);

	/* A request while the hypervisor copies: it must not wait for us. */
	if (fv->spawn_in_wait && !fv->spawned &&
	    fv->state == PDLPAR_VASI_ENABLED) {
		fv_spawn(fv);
		fv->req_waited = wait_for_completion_timeout(&fv->req_done,
							     10 * HZ);
	}
	fv->now += ms;
	if (fv->nslept < ARRAY_SIZE(fv->slept))
		fv->slept[fv->nslept++] = ms;
}

static u64 fv_now(const struct pdlpar_lpm_platform *plat)
{
	return to_fv(plat)->now;
}

static void fv_init(struct fake_vasi *fv)
{
	memset(fv, 0, sizeof(*fv));
	fv->plat = (struct pdlpar_lpm_platform){
		.vasi_state = fv_state,
		.vasi_cancel = fv_cancel,
		.join_and_suspend = fv_join,
		.begin = fv_begin,
		.watchdog = fv_watchdog,
		.resumed = fv_resumed,
		.end = fv_end,
		.exclude = fv_exclude,
		.include = fv_include,
		.sleep = fv_sleep,
		.killed = fv_killed,
		.now_ms = fv_now,
	};
	mutex_init(&fv->lock);
	init_completion(&fv->req_done);
	fv->state = PDLPAR_VASI_SUSPENDING;
	fv->resumed_polls = 1;
}

#define REASON(err)	(PDLPAR_VASI_ENTITY_PARTITION << 24 | (err))

struct lpm_case {
	const char *desc;
	void (*setup)(struct fake_vasi *fv);
	int rc;
	bool cancelled;
	u32 reason;
	unsigned int attempts;
	bool resumed;
};

static void s_qemu(struct fake_vasi *fv)
{
	fv->no_vasi = true;
}

static void s_plain(struct fake_vasi *fv)
{
}

static void s_enabled_then_suspending(struct fake_vasi *fv)
{
	fv->state = PDLPAR_VASI_ENABLED;
	fv->enabled_polls = 3;
}

/* PowerVM: an hour-long pre-copy and more, then Suspending. */
static void s_precopy_two_hours(struct fake_vasi *fv)
{
	fv->state = PDLPAR_VASI_ENABLED;
	fv->precopy_ms = 120 * MINUTE_MS;
	fv->resumed_polls = 20 * 60;	/* 20 minutes of memory transfer */
}

static void s_killed_in_precopy(struct fake_vasi *fv)
{
	s_precopy_two_hours(fv);
	fv->kill_at_ms = 10 * MINUTE_MS;
}

static void s_killed_waiting_for_dlpar(struct fake_vasi *fv)
{
	fv->exclude_rc = -EINTR;
}

static void s_killed_after_resume(struct fake_vasi *fv)
{
	fv->resumed_polls = 1000;
	fv->kill_at_ms = 10 * 1000;
}

static void s_state_error_first(struct fake_vasi *fv)
{
	fv->state_error_at = 1;
	fv->state_error = -EIO;
}

static void s_aborted_in_wait(struct fake_vasi *fv)
{
	fv->state = PDLPAR_VASI_ABORTED;
}

static void s_completed_in_wait(struct fake_vasi *fv)
{
	fv->state = PDLPAR_VASI_COMPLETED;
}

static void s_no_session(struct fake_vasi *fv)
{
	fv->state_error_at = 1;
	fv->state_error = -ENOENT;
}

static void s_suspended_too_early(struct fake_vasi *fv)
{
	fv->state = PDLPAR_VASI_ENABLED;
	fv->enabled_polls = 0;
	fv->suspend_while_enabled = true;
}

static void s_race_once(struct fake_vasi *fv)
{
	fv->join[0] = -EAGAIN;
}

static void s_race_then_busy(struct fake_vasi *fv)
{
	fv->join[0] = -EAGAIN;
	fv->join[1] = -EBUSY;
	fv->join[2] = -EAGAIN;
}

static void s_race_exhausted(struct fake_vasi *fv)
{
	int i;

	for (i = 0; i < PDLPAR_LPM_MAX_ATTEMPTS; i++)
		fv->join[i] = -EAGAIN;
}

static void s_race_qemu_exhausted(struct fake_vasi *fv)
{
	s_race_exhausted(fv);
	fv->no_vasi = true;
}

static void s_race_then_completed(struct fake_vasi *fv)
{
	fv->join[0] = -EBUSY;
	fv->end_after_attempt = 1;
	fv->end_state = PDLPAR_VASI_COMPLETED;
}

static void s_race_then_aborted(struct fake_vasi *fv)
{
	fv->join[0] = -EAGAIN;
	fv->join[1] = -EAGAIN;
	fv->end_after_attempt = 2;
	fv->end_state = PDLPAR_VASI_ABORTED;
}

static void s_join_error(struct fake_vasi *fv)
{
	fv->join[0] = -EIO;
}

static void s_no_memory(struct fake_vasi *fv)
{
	fv->join[0] = -ENOMEM;
}

static void s_platform_aborted_live(struct fake_vasi *fv)
{
	fv->join[0] = -ECANCELED;
}

static void s_state_error_after_race(struct fake_vasi *fv)
{
	fv->join[0] = -EAGAIN;
	/* The poll after the failed attempt fails; the one before cancel
	 * works again.
	 */
	fv->state_error_at = 2;
	fv->state_error = -EIO;
}

static const struct lpm_case lpm_cases[] = {
	{ "QEMU: no VASI, join and suspend", s_qemu, 0, false, 0, 1, true },
	{ "Suspending at once", s_plain, 0, false, 0, 1, true },
	{ "Enabled three polls, then Suspending", s_enabled_then_suspending,
	  0, false, 0, 1, true },
	{ "Enabled two hours, then Suspending: no cancel",
	  s_precopy_two_hours, 0, false, 0, 1, true },
	{ "killed in the pre-copy: cancel once", s_killed_in_precopy, -EINTR,
	  true, REASON(EINTR), 0, false },
	{ "killed while a DLPAR request runs: cancel once",
	  s_killed_waiting_for_dlpar, -EINTR, true, REASON(EINTR), 0, false },
	{ "killed after the resume: stops waiting, no cancel",
	  s_killed_after_resume, 0, false, 0, 1, true },
	{ "H_VASI_STATE error in the wait: no cancel", s_state_error_first,
	  -EIO, false, 0, 0, false },
	{ "Aborted by the hypervisor in the wait: no cancel",
	  s_aborted_in_wait, -ECANCELED, false, 0, 0, false },
	{ "Completed without us: no cancel", s_completed_in_wait, -EALREADY,
	  false, 0, 0, false },
	{ "no such session: no cancel", s_no_session, -ENOENT, false, 0, 0,
	  false },
	{ "Suspended before we joined: no cancel", s_suspended_too_early,
	  -EPROTO, false, 0, 0, false },
	{ "benign race once, then suspended: no cancel", s_race_once, 0,
	  false, 0, 2, true },
	{ "race, busy, race, then suspended: no cancel", s_race_then_busy, 0,
	  false, 0, 4, true },
	{ "benign race every attempt: cancel once after the last",
	  s_race_exhausted, -EAGAIN, true, REASON(EAGAIN),
	  PDLPAR_LPM_MAX_ATTEMPTS, false },
	{ "benign race every attempt, no VASI: cancel tried once",
	  s_race_qemu_exhausted, -EAGAIN, true, REASON(EAGAIN),
	  PDLPAR_LPM_MAX_ATTEMPTS, false },
	{ "busy, then the hypervisor completed: no cancel",
	  s_race_then_completed, -EBUSY, false, 0, 1, false },
	{ "race twice, then Aborted: no cancel", s_race_then_aborted, -EAGAIN,
	  false, 0, 2, false },
	{ "H_JOIN error on a CPU: cancel, no retry", s_join_error, -EIO, true,
	  REASON(EIO), 1, false },
	{ "no memory to stop the CPUs: cancel", s_no_memory, -ENOMEM, true,
	  REASON(ENOMEM), 1, false },
	{ "suspend aborted, session still live: cancel",
	  s_platform_aborted_live, -ECANCELED, true, REASON(ECANCELED), 1,
	  false },
	{ "H_VASI_STATE error after a race: cancel", s_state_error_after_race,
	  -EAGAIN, true, REASON(EAGAIN), 1, false },
};

static void lpm_desc(const struct lpm_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lpm, lpm_cases, lpm_desc);

static void migrate(struct kunit *test)
{
	const struct lpm_case *c = test->param_value;
	struct pdlpar_lpm_result res;
	struct fake_vasi fv;
	int rc;

	fv_init(&fv);
	c->setup(&fv);
	rc = pdlpar_lpm_migrate(&fv.plat, STREAM, &res);
	KUNIT_EXPECT_EQ(test, rc, c->rc);
	KUNIT_EXPECT_EQ(test, res.cancelled, c->cancelled);
	KUNIT_EXPECT_EQ(test, fv.cancels, c->cancelled ? 1U : 0U);
	if (c->cancelled) {
		KUNIT_EXPECT_EQ(test, fv.reason, c->reason);
		KUNIT_EXPECT_EQ(test, res.reason, c->reason);
	}
	KUNIT_EXPECT_EQ(test, res.attempts, c->attempts);
	KUNIT_EXPECT_EQ(test, fv.joins, c->attempts);
	KUNIT_EXPECT_EQ(test, res.resumed, c->resumed);
	KUNIT_EXPECT_EQ(test, fv.resumed_calls, c->resumed ? 1U : 0U);
	/* Hooks balanced on every path. */
	KUNIT_EXPECT_EQ(test, fv.begins, 1U);
	KUNIT_EXPECT_EQ(test, fv.ends, 1U);
	KUNIT_EXPECT_EQ(test, fv.watchdog_depth, 0);
	KUNIT_EXPECT_LE(test, fv.watchdog_max, 1);
	/* A resumed partition waits for Completed (or no VASI, or killed). */
	if (c->resumed && !fv.no_vasi && !fv.kill_at_ms)
		KUNIT_EXPECT_EQ(test, fv.state, PDLPAR_VASI_COMPLETED);
	/* Requests kept out exactly from the join to the fix-up. */
	KUNIT_EXPECT_EQ(test, fv.excluded, 0);
	KUNIT_EXPECT_EQ(test, fv.exclusion_errors, 0U);
}

/* The pauses between attempts: 1, 10, 100, 1000 ms, on the fake clock. */
static void retry_backoff(struct kunit *test)
{
	struct pdlpar_lpm_result res;
	struct fake_vasi fv;

	fv_init(&fv);
	s_race_exhausted(&fv);
	pdlpar_lpm_migrate(&fv.plat, STREAM, &res);
	KUNIT_ASSERT_EQ(test, fv.nslept, 4U);
	KUNIT_EXPECT_EQ(test, fv.slept[0], 1U);
	KUNIT_EXPECT_EQ(test, fv.slept[1], 10U);
	KUNIT_EXPECT_EQ(test, fv.slept[2], 100U);
	KUNIT_EXPECT_EQ(test, fv.slept[3], 1000U);
}

/*
 * The wait for Suspending polls once a second for as long as the
 * pre-copy lasts, two hours here, and the wait for Completed as long as
 * the memory transfer: no deadline of ours, no cancel.
 */
static void precopy_no_deadline(struct kunit *test)
{
	struct pdlpar_lpm_result res;
	struct fake_vasi fv;
	unsigned int i;

	fv_init(&fv);
	s_precopy_two_hours(&fv);
	KUNIT_EXPECT_EQ(test, pdlpar_lpm_migrate(&fv.plat, STREAM, &res), 0);
	KUNIT_EXPECT_EQ(test, fv.cancels, 0U);
	KUNIT_EXPECT_GE(test, fv.now, 140 * MINUTE_MS);
	for (i = 0; i < fv.nslept; i++)
		KUNIT_EXPECT_EQ(test, fv.slept[i], 1000U);
	KUNIT_EXPECT_EQ(test, fv.state, PDLPAR_VASI_COMPLETED);
}

/*
 * A DLPAR request from another kthread while the session is Enabled
 * runs then, not after the migration: the wait does not keep it out.
 */
static void dlpar_runs_during_precopy(struct kunit *test)
{
	struct fake_vasi *fv = kunit_kzalloc(test, sizeof(*fv), GFP_KERNEL);
	struct pdlpar_lpm_result res;

	KUNIT_ASSERT_NOT_NULL(test, fv);
	fv_init(fv);
	s_precopy_two_hours(fv);
	fv->spawn_in_wait = true;
	KUNIT_EXPECT_EQ(test, pdlpar_lpm_migrate(&fv->plat, STREAM, &res), 0);
	KUNIT_EXPECT_TRUE(test, fv->req_waited);
	KUNIT_EXPECT_EQ(test, fv->req_phase, PH_WAIT);
	/* Whatever happened, the kthread is done before fv goes. */
	wait_for_completion(&fv->req_done);
}

/* A request that arrives during the join runs after the fix-up. */
static void dlpar_waits_for_suspend(struct kunit *test)
{
	struct fake_vasi *fv = kunit_kzalloc(test, sizeof(*fv), GFP_KERNEL);
	struct pdlpar_lpm_result res;

	KUNIT_ASSERT_NOT_NULL(test, fv);
	fv_init(fv);
	fv->spawn_in_join = true;
	KUNIT_EXPECT_EQ(test, pdlpar_lpm_migrate(&fv->plat, STREAM, &res), 0);
	KUNIT_EXPECT_TRUE(test, fv->req_blocked);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&fv->req_done,
							  10 * HZ) > 0, true);
	KUNIT_EXPECT_EQ(test, fv->req_phase, PH_INCLUDED);
	wait_for_completion(&fv->req_done);
}

static const struct {
	const char *in;
	int rc;
	u64 handle;
} stream_cases[] = {
	{ "0x1\n", 0, 1 },
	{ "0x1", 0, 1 },
	{ "0xDEADbeef12345678\n", 0, 0xdeadbeef12345678ULL },
	{ "42", 0, 42 },
	{ "0", 0, 0 },
	{ "", -EINVAL, 0 },
	{ "\n", -EINVAL, 0 },
	{ "0x", -EINVAL, 0 },
	{ "0x\n", -EINVAL, 0 },
	{ "garbage", -EINVAL, 0 },
	{ "0x1 junk", -EINVAL, 0 },
	{ "0x1\n\n", -EINVAL, 0 },
	{ "010", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ " 0x1", -EINVAL, 0 },
	{ "0x10000000000000000", -EINVAL, 0 },
	{ "18446744073709551616", -EINVAL, 0 },
	{ "0x1g", -EINVAL, 0 },
};

static void parse_stream(struct kunit *test)
{
	unsigned int i;
	u64 h;
	int rc;

	for (i = 0; i < ARRAY_SIZE(stream_cases); i++) {
		h = 0xa5a5a5a5;
		rc = pdlpar_lpm_parse_stream(stream_cases[i].in,
					     strlen(stream_cases[i].in), &h);
		KUNIT_EXPECT_EQ_MSG(test, rc, stream_cases[i].rc, "%s",
				    stream_cases[i].in);
		KUNIT_EXPECT_EQ_MSG(test, h, rc ? 0xa5a5a5a5ULL :
				    stream_cases[i].handle, "%s",
				    stream_cases[i].in);
	}
}

static struct kunit_case lpm_test_cases[] = {
	KUNIT_CASE_PARAM(migrate, lpm_gen_params),
	KUNIT_CASE(retry_backoff),
	KUNIT_CASE(precopy_no_deadline),
	KUNIT_CASE(dlpar_runs_during_precopy),
	KUNIT_CASE(dlpar_waits_for_suspend),
	KUNIT_CASE(parse_stream),
	{}
};

static struct kunit_suite lpm_test_suite = {
	.name = "pdlpar_lpm",
	.test_cases = lpm_test_cases,
};

kunit_test_suites(&lpm_test_suite);
