// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the DRC primitives and DRC lookup, against the fake PAPR
 * platform, with a failure injected at every RTAS call in turn. After
 * each, the fake's DRC must be where a clean rollback leaves it, and our
 * view of the DRC must agree with the fake's.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "fake_papr.h"
#include "pdlpar_compat.h"

#define CPU_DRC		0x10000001
#define LMB_DRC		0x80000004

/* Our state must be the fake's, unless we never learnt it. */
static void expect_consistent(struct kunit *test, const struct fake_drc *f,
			      const struct pdlpar_drc *d)
{
	if (d->state != PDLPAR_DRC_UNKNOWN)
		KUNIT_EXPECT_EQ_MSG(test, d->state, f->state,
				    "ours %s, platform's %s",
				    pdlpar_drc_state_name(d->state),
				    pdlpar_drc_state_name(f->state));
}

static void drc_init(struct pdlpar_drc *d, u32 index,
		     enum pdlpar_drc_state state)
{
	memset(d, 0, sizeof(*d));
	d->index = index;
	d->state = state;
}

/* --- acquire --- */

static void acquire_ok(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), 0);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNISOLATED);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNISOLATED);
	/* sense, allocation, isolation */
	KUNIT_EXPECT_EQ(test, fp.calls, 3U);
}

struct inject_case {
	const char *desc;
	u64 fail_mask;
	int status;
	int rc;
	enum pdlpar_drc_state platform_after;
};

static void inject_desc(const struct inject_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

/* A successful acquire makes 3 calls; call 4 is the undo of call 3. */
static const struct inject_case acquire_cases[] = {
	{ "sense fails (hw error)", BIT(0), -1, -EIO, PDLPAR_DRC_UNUSABLE },
	{ "sense fails (param)", BIT(0), -3, -EINVAL, PDLPAR_DRC_UNUSABLE },
	{ "allocate fails (hw)", BIT(1), -1, -EIO, PDLPAR_DRC_UNUSABLE },
	{ "allocate fails (param)", BIT(1), -3, -EINVAL, PDLPAR_DRC_UNUSABLE },
	{ "allocate fails (other)", BIT(1), -9000, -EIO, PDLPAR_DRC_UNUSABLE },
	{ "unisolate fails, undone", BIT(2), -1, -EIO, PDLPAR_DRC_UNUSABLE },
	{ "unisolate fails (param), undone", BIT(2), -3, -EINVAL,
	  PDLPAR_DRC_UNUSABLE },
	{ "unisolate and its undo fail", BIT(2) | BIT(3), -1, -EIO,
	  PDLPAR_DRC_AVAILABLE },
};

KUNIT_ARRAY_PARAM(acquire_inject, acquire_cases, inject_desc);

static void acquire_injected(struct kunit *test)
{
	const struct inject_case *c = test->param_value;
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	fp.fail_mask = c->fail_mask;
	fp.fail_status = c->status;

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), c->rc);
	KUNIT_EXPECT_EQ(test, f->state, c->platform_after);
	KUNIT_EXPECT_TRUE(test, f->attached);
	expect_consistent(test, f, &d);
}

static void acquire_refuses_present(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), -EEXIST);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_CONFIGURED);
	KUNIT_EXPECT_EQ(test, fp.calls, 1U);
}

static void acquire_empty_drc(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	/* No device behind the DRC: the platform refuses the allocation. */
	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, false);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	expect_consistent(test, f, &d);
}

static void acquire_unknown_drc(struct kunit *test)
{
	struct fake_papr fp;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNKNOWN);
}

/* --- busy and extended delay --- */

static void rtas_delay_hints(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(PDLPAR_RTAS_BUSY), 0U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9900), 1U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9901), 10U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9902), 100U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9903), 1000U);
	/* 10 s and 100 s hints: polled once a second. */
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9904), 1000U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9905), 1000U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(9906), 0U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(0), 0U);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_delay_ms(-1), 0U);
}

/* A status that is not busy is final: no wait. */
static void rtas_retry_final(struct kunit *test)
{
	struct fake_papr fp;

	fake_papr_init(&fp);
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, 0, 0));
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, -1, 0));
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, -3, 0));
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, 9906, 0));
	KUNIT_EXPECT_EQ(test, fp.delays, 0U);
}

/* A sleep is cut short at the deadline, and a call at it is the last. */
static void rtas_retry_deadline(struct kunit *test)
{
	struct fake_papr fp;
	ktime_t deadline;

	fake_papr_init(&fp);
	deadline = pdlpar_rtas_deadline(&fp.plat);
	KUNIT_EXPECT_EQ(test, deadline,
			ms_to_ktime(PDLPAR_RTAS_STEP_TIMEOUT_MS));
	fp.clock = ktime_sub_us(deadline, 300);
	KUNIT_EXPECT_TRUE(test, pdlpar_rtas_retry(&fp.plat, 9905, deadline));
	KUNIT_EXPECT_EQ(test, fp.slept_ms, 1U);
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, 9905, deadline));
	KUNIT_EXPECT_FALSE(test, pdlpar_rtas_retry(&fp.plat, -2, deadline));
	KUNIT_EXPECT_EQ(test, fp.delays, 1U);
}

struct busy_case {
	const char *desc;
	int status;
	unsigned int calls;	/* answered so often; UINT_MAX: always */
	int rc;
	unsigned int slept_ms;	/* in total, if the acquire succeeds */
	unsigned int max_delay_ms;	/* the longest single sleep */
};

static void busy_desc(const struct busy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

static const struct busy_case busy_cases[] = {
	{ "busy 3 times: no sleep", -2, 3, 0, 0, 0 },
	{ "9900 once", 9900, 1, 0, 1, 1 },
	{ "9901 once", 9901, 1, 0, 10, 10 },
	{ "9902 twice", 9902, 2, 0, 200, 100 },
	{ "9903 once", 9903, 1, 0, 1000, 1000 },
	{ "9904 once: 1 s, not 10", 9904, 1, 0, 1000, 1000 },
	{ "9905 once: 1 s, not 100", 9905, 1, 0, 1000, 1000 },
	{ "9905 59 times: in time", 9905, 59, 0, 59000, 1000 },
	{ "busy for ever", -2, UINT_MAX, -EBUSY, 0, 0 },
	{ "9900 for ever", 9900, UINT_MAX, -EBUSY, 0, 1 },
	{ "9905 for ever", 9905, UINT_MAX, -EBUSY, 0, 1000 },
};

KUNIT_ARRAY_PARAM(busy, busy_cases, busy_desc);

/*
 * Busy answers on the allocation call (call 2) of an acquire. Each is
 * retried, after the delay asked for (clamped to 1 s), until the
 * allocation's own deadline, 60 s after it began on the fake clock.
 */
static void acquire_busy(struct kunit *test)
{
	const struct busy_case *c = test->param_value;
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;
	ktime_t deadline;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	fp.runs[0] = (struct fake_run){ 2, c->calls, c->status };

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), c->rc);
	KUNIT_EXPECT_EQ(test, fp.max_delay_ms, c->max_delay_ms);
	KUNIT_EXPECT_EQ(test, f->state, c->rc ? PDLPAR_DRC_UNUSABLE :
						PDLPAR_DRC_UNISOLATED);
	expect_consistent(test, f, &d);
	if (!c->rc) {
		/* Every busy answer retried once, after its delay. */
		KUNIT_EXPECT_EQ(test, fp.calls, 3 + c->calls);
		KUNIT_EXPECT_EQ(test, fp.delays, c->calls);
		KUNIT_EXPECT_EQ(test, fp.slept_ms, c->slept_ms);
		KUNIT_EXPECT_EQ(test, fp.clock,
				fake_papr_cost(&fp, fp.calls, c->slept_ms));
		return;
	}
	/*
	 * Given up at the allocation's deadline, not before and not long
	 * after: the last sleep ends by it (rounded up to a millisecond),
	 * then one call is made.
	 */
	deadline = ktime_add_ms(fake_papr_cost(&fp, 1, 0),
				PDLPAR_RTAS_STEP_TIMEOUT_MS);
	KUNIT_EXPECT_GE(test, fp.clock, deadline);
	KUNIT_EXPECT_LE(test, fp.clock,
			ktime_add(deadline, fake_papr_cost(&fp, 1, 1)));
	/* No more calls than the deadline allows: it is the clock's. */
	KUNIT_EXPECT_LE(test, fp.calls,
			2 + PDLPAR_RTAS_STEP_TIMEOUT_MS * 1000 /
			    FAKE_CALL_COST_US);
	kunit_info(test, "gave up after %u calls, %lld us", fp.calls,
		   ktime_to_us(fp.clock));
}

/*
 * Each operation has a deadline of its own: three calls in a row that
 * are busy for 50 s each go through, 150 s in all.
 */
static void acquire_deadline_per_step(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	/* The sense, the allocation and the unisolate. */
	fp.runs[0] = (struct fake_run){ 1, 50, 9905 };
	fp.runs[1] = (struct fake_run){ 52, 50, 9905 };
	fp.runs[2] = (struct fake_run){ 103, 50, 9905 };

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), 0);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNISOLATED);
	KUNIT_EXPECT_EQ(test, fp.calls, 153U);
	KUNIT_EXPECT_EQ(test, fp.slept_ms, 150000U);
	KUNIT_EXPECT_EQ(test, fp.clock, fake_papr_cost(&fp, 153, 150000));

	/* One step busy past its deadline fails; the walk is not started. */
	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	fp.runs[0] = (struct fake_run){ 1, 50, 9905 };
	fp.runs[1] = (struct fake_run){ 52, 61, 9905 };
	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), -EBUSY);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	expect_consistent(test, f, &d);
}

/* --- release --- */

static void release_ok_flagged(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_CONFIGURED);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), 0);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, f->deleted, 1U);
	KUNIT_EXPECT_EQ(test, f->rejections, 0U);
}

/*
 * A successful release makes 3 calls (sense, isolate, unusable). If the
 * last fails, the undo unisolates (call 4) and walks configure-connector
 * (calls 5-8 with the scripted CPU subtree) back to CONFIGURED.
 */
static const struct inject_case release_cases[] = {
	{ "sense fails", BIT(0), -1, -EIO, PDLPAR_DRC_CONFIGURED },
	{ "isolate fails", BIT(1), -1, -EIO, PDLPAR_DRC_CONFIGURED },
	{ "isolate refused twice", BIT(1) | BIT(6), -3, -EINVAL,
	  PDLPAR_DRC_CONFIGURED },
	{ "unusable fails, reconfigured", BIT(2), -1, -EIO,
	  PDLPAR_DRC_CONFIGURED },
	{ "unusable and unisolate fail", BIT(2) | BIT(3), -1, -EIO,
	  PDLPAR_DRC_AVAILABLE },
	{ "unusable and reconfigure fail", BIT(2) | BIT(5), -1, -EIO,
	  PDLPAR_DRC_UNISOLATED },
};

KUNIT_ARRAY_PARAM(release_inject, release_cases, inject_desc);

static void release_injected(struct kunit *test)
{
	const struct inject_case *c = test->param_value;
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_CONFIGURED);
	fp.fail_mask = c->fail_mask;
	fp.fail_status = c->status;

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), c->rc);
	KUNIT_EXPECT_EQ(test, f->state, c->platform_after);
	expect_consistent(test, f, &d);
	/* Nothing was deleted and the hypervisor's request still stands. */
	KUNIT_EXPECT_EQ(test, f->deleted, 0U);
	KUNIT_EXPECT_TRUE(test, f->flagged);
	KUNIT_EXPECT_EQ(test, f->rejections, 0U);
}

static void release_unflagged_lmb_refused(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, LMB_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->is_lmb = true;
	drc_init(&d, LMB_DRC, PDLPAR_DRC_CONFIGURED);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), -EIO);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_CONFIGURED);
	expect_consistent(test, f, &d);
}

static void release_not_present(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), -ENODEV);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, fp.calls, 1U);
}

/* After a failed fetch the walk is unfinished; release must finish it. */
static void release_after_interrupted_walk(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNISOLATED, true);
	f->cc_pos = 2;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNISOLATED);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), 0);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNUSABLE);
}

/*
 * A reconfigure that failed half-way left the walk unfinished, but we
 * believe the DRC configured: the platform's refusal to isolate is the
 * only sign. Release finishes the walk and succeeds.
 */
static void release_after_unknown_interrupted_walk(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNISOLATED, true);
	f->cc_pos = 2;
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_CONFIGURED);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_release(&fp.plat, &d), 0);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, f->deleted, 1U);
}

/* --- every primitive, each kind of answer injected at every call --- */

enum drc_prim {
	PRIM_ACQUIRE,
	PRIM_CONFIGURE,
	PRIM_ISOLATE,
	PRIM_RELEASE,
	PRIM_RECONFIGURE,
	PRIM_SIGNAL,
};

#define MAX_PRIMS	3

struct prim_case {
	const char *desc;
	enum pdlpar_drc_state platform;	/* the fake DRC's state */
	enum pdlpar_drc_state ours;	/* what we know of it */
	bool attached;
	bool flagged;
	unsigned int nr;
	enum drc_prim prims[MAX_PRIMS];	/* run in turn until one fails */
};

static const struct prim_case prim_cases[] = {
	{ "acquire", PDLPAR_DRC_UNUSABLE, PDLPAR_DRC_UNKNOWN, true, false,
	  1, { PRIM_ACQUIRE } },
	{ "acquire, configure, release", PDLPAR_DRC_UNUSABLE,
	  PDLPAR_DRC_UNKNOWN, true, false, 3,
	  { PRIM_ACQUIRE, PRIM_CONFIGURE, PRIM_RELEASE } },
	{ "isolate", PDLPAR_DRC_CONFIGURED, PDLPAR_DRC_CONFIGURED, true, true,
	  1, { PRIM_ISOLATE } },
	{ "release", PDLPAR_DRC_CONFIGURED, PDLPAR_DRC_CONFIGURED, true, true,
	  1, { PRIM_RELEASE } },
	{ "reconfigure", PDLPAR_DRC_AVAILABLE, PDLPAR_DRC_AVAILABLE, true,
	  true, 1, { PRIM_RECONFIGURE } },
	{ "signal, configured", PDLPAR_DRC_CONFIGURED, PDLPAR_DRC_CONFIGURED,
	  true, true, 1, { PRIM_SIGNAL } },
	{ "signal, isolated", PDLPAR_DRC_AVAILABLE, PDLPAR_DRC_AVAILABLE, true,
	  true, 1, { PRIM_SIGNAL } },
	{ "signal, state unknown", PDLPAR_DRC_CONFIGURED, PDLPAR_DRC_UNKNOWN,
	  true, true, 1, { PRIM_SIGNAL } },
};

static struct fake_kind_param prim_params[ARRAY_SIZE(prim_cases) *
					  FAKE_NR_KINDS];

static PDLPAR_KUNIT_GEN_PARAMS(prim_gen_params)
{
	BUILD_BUG_ON(offsetof(struct prim_case, desc));
	return fake_kind_param_next(prev, prim_params, prim_cases,
				    sizeof(prim_cases[0]),
				    ARRAY_SIZE(prim_cases), desc);
}

static int prim_run(struct fake_papr *fp, struct pdlpar_drc *d,
		    enum drc_prim prim)
{
	switch (prim) {
	case PRIM_ACQUIRE:
		return pdlpar_drc_acquire(&fp->plat, d);
	case PRIM_CONFIGURE:
		return pdlpar_drc_configure(&fp->plat, d, NULL, NULL);
	case PRIM_ISOLATE:
		return pdlpar_drc_isolate(&fp->plat, d);
	case PRIM_RELEASE:
		return pdlpar_drc_release(&fp->plat, d);
	case PRIM_RECONFIGURE:
		return pdlpar_drc_reconfigure(&fp->plat, d);
	case PRIM_SIGNAL:
		return dlpar_unisolate_drc(&fp->plat, d);
	}
	return -EINVAL;
}

/* How a run of a case ended. */
struct prim_end {
	int rc;
	unsigned int failed;		/* which primitive failed */
	enum pdlpar_drc_state ours;	/* ours when it began */
	unsigned int first_call;	/* its first RTAS call */
	enum pdlpar_drc_state platform, now;
	unsigned int deleted, rejections;
	bool flagged;
};

static void prim_case_run(struct kunit *test, const struct prim_case *c,
			  struct fake_papr *fp, const struct fake_kind *kind,
			  unsigned int k, struct prim_end *end)
{
	struct pdlpar_drc d;
	struct fake_drc *f;
	unsigned int i;

	fake_papr_init(fp);
	f = fake_papr_add_drc(fp, CPU_DRC, c->platform, c->attached);
	f->flagged = c->flagged;
	drc_init(&d, CPU_DRC, c->ours);
	if (kind)
		fake_papr_inject(fp, kind, k);

	memset(end, 0, sizeof(*end));
	for (i = 0; i < c->nr && !end->rc; i++) {
		end->failed = i;
		end->ours = d.state;
		end->first_call = fp->calls + 1;
		end->rc = prim_run(fp, &d, c->prims[i]);
	}
	end->platform = f->state;
	end->now = d.state;
	end->deleted = f->deleted;
	end->rejections = f->rejections;
	end->flagged = f->flagged;
	expect_consistent(test, f, &d);
}

/*
 * Where a primitive that failed at @call leaves the DRC, on both sides:
 * where it began (acquire and release undo their moves), except that a
 * walk that fails leaves the DRC unisolated with the walk unfinished
 * (isolate and release finish it later), and the signal's own unisolate
 * fails with the DRC already reconfigured.
 */
static enum pdlpar_drc_state prim_fail_state(const struct prim_case *c,
					     const struct prim_end *end,
					     const struct fake_call *call,
					     unsigned int k)
{
	if (call->op == FAKE_OP_CC)
		return PDLPAR_DRC_UNISOLATED;
	/* From AVAILABLE the signal reconfigures first, then unisolates. */
	if (c->prims[end->failed] == PRIM_SIGNAL &&
	    end->ours == PDLPAR_DRC_AVAILABLE && k != end->first_call)
		return PDLPAR_DRC_CONFIGURED;
	return end->ours == PDLPAR_DRC_UNKNOWN ? c->platform : end->ours;
}

/*
 * Each kind of answer at each RTAS call the case makes when nothing is
 * injected. Busy answers (and the injections a flow must tolerate) must
 * change nothing but the clock; a failure must be reported with its
 * errno and leave the DRC where prim_fail_state() says, the hypervisor's
 * pending removal standing and nothing deleted.
 */
static void prim_injected(struct kunit *test)
{
	const struct fake_kind_param *p = test->param_value;
	const struct prim_case *c = p->c;
	const struct fake_kind *kind = p->kind;
	struct fake_papr *clean, *fp;
	struct prim_end ok, end;
	const struct fake_call *call;
	unsigned int k, tolerated = 0;
	char what[16];

	clean = kunit_kzalloc(test, sizeof(*clean), GFP_KERNEL);
	fp = kunit_kzalloc(test, sizeof(*fp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clean);
	KUNIT_ASSERT_NOT_NULL(test, fp);
	prim_case_run(test, c, clean, NULL, 0, &ok);
	KUNIT_ASSERT_EQ(test, ok.rc, 0);
	KUNIT_ASSERT_GT(test, clean->calls, 0U);
	KUNIT_ASSERT_LE(test, clean->calls, FAKE_MAX_LOG);

	for (k = 1; k <= clean->calls; k++) {
		call = fake_papr_call(clean, k);
		prim_case_run(test, c, fp, kind, k, &end);
		if (fake_kind_tolerated(kind, call)) {
			tolerated++;
			KUNIT_EXPECT_EQ_MSG(test, end.rc, 0, "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.platform, ok.platform,
					    "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.deleted, ok.deleted,
					    "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.rejections,
					    ok.rejections, "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.flagged, ok.flagged,
					    "call %u", k);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, end.rc, fake_kind_errno(kind),
					    "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.platform,
					    prim_fail_state(c, &end, call, k),
					    "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.deleted, 0U, "call %u",
					    k);
			KUNIT_EXPECT_EQ_MSG(test, end.rejections, 0U,
					    "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, end.flagged, c->flagged,
					    "call %u", k);
		}
		snprintf(what, sizeof(what), "call %u", k);
		fake_expect_injected(test, fp, clean, kind, k, what);
	}
	kunit_info(test, "%u calls, %u injections tolerated", clean->calls,
		   tolerated);
}

/* --- the failed-removal signal --- */

static void signal_from_configured(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_CONFIGURED);

	KUNIT_EXPECT_EQ(test, dlpar_unisolate_drc(&fp.plat, &d),
			0);
	KUNIT_EXPECT_EQ(test, f->rejections, 1U);
	KUNIT_EXPECT_FALSE(test, f->flagged);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_CONFIGURED);
	expect_consistent(test, f, &d);
}

static void signal_from_unknown(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);

	KUNIT_EXPECT_EQ(test, dlpar_unisolate_drc(&fp.plat, &d),
			0);
	KUNIT_EXPECT_EQ(test, f->rejections, 1U);
	expect_consistent(test, f, &d);
}

/* Isolated already: from AVAILABLE the signal would be a state change. */
static void signal_from_isolated(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_AVAILABLE, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_AVAILABLE);

	KUNIT_EXPECT_EQ(test, dlpar_unisolate_drc(&fp.plat, &d),
			0);
	KUNIT_EXPECT_EQ(test, f->rejections, 1U);
	KUNIT_EXPECT_FALSE(test, f->flagged);
	KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_CONFIGURED);
	expect_consistent(test, f, &d);
}

static void signal_after_release(struct kunit *test)
{
	struct fake_papr fp;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, false);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNUSABLE);

	KUNIT_EXPECT_EQ(test, dlpar_unisolate_drc(&fp.plat, &d),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, fp.calls, 0U);
}

static void signal_fails(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_CONFIGURED, true);
	f->flagged = true;
	drc_init(&d, CPU_DRC, PDLPAR_DRC_CONFIGURED);
	fp.fail_mask = BIT(0);
	fp.fail_status = -1;

	KUNIT_EXPECT_EQ(test, dlpar_unisolate_drc(&fp.plat, &d),
			-EIO);
	KUNIT_EXPECT_EQ(test, f->rejections, 0U);
	KUNIT_EXPECT_TRUE(test, f->flagged);
	expect_consistent(test, f, &d);
}

/* --- status mapping --- */

static void rtas_errno_map(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(0), 0);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(-1), -EIO);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(-2), -EBUSY);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(-3), -EINVAL);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(9900), -EBUSY);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(9905), -EBUSY);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(9906), -EIO);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(-9003), -ENXIO);
	KUNIT_EXPECT_EQ(test, pdlpar_rtas_errno(-9999), -EIO);
}

/* --- lookup --- */

/* Appends a big-endian cell or a string to a property being built. */
struct prop_buf {
	u8 data[256];
	int len;
};

static void put_cell(struct prop_buf *b, u32 v)
{
	put_unaligned_be32(v, b->data + b->len);
	b->len += 4;
}

static void put_str(struct prop_buf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(b->data + b->len, s, n);
	b->len += n;
}

struct legacy_props {
	struct prop_buf ind, names, types, doms;
};

static void legacy_build(struct legacy_props *p)
{
	memset(p, 0, sizeof(*p));
	put_cell(&p->ind, 3);
	put_cell(&p->names, 3);
	put_cell(&p->types, 3);
	put_cell(&p->doms, 3);
	put_cell(&p->ind, 0x10000000);
	put_cell(&p->ind, 0x10000001);
	put_cell(&p->ind, 0x80000004);
	put_str(&p->names, "CPU 0");
	put_str(&p->names, "CPU 1");
	put_str(&p->names, "LMB 4");
	put_str(&p->types, "CPU");
	put_str(&p->types, "CPU");
	put_str(&p->types, "MEM");
	put_cell(&p->doms, 0xffffffff);
	put_cell(&p->doms, 0xffffffff);
	put_cell(&p->doms, 7);
}

static int legacy_find(struct legacy_props *p, u32 index, struct pdlpar_drc *d)
{
	return pdlpar_drc_find_legacy(p->ind.data, p->ind.len,
				      p->names.data, p->names.len,
				      p->types.data, p->types.len,
				      p->doms.data, p->doms.len, index, d);
}

static void lookup_legacy(struct kunit *test)
{
	struct legacy_props p;
	struct pdlpar_drc d;

	legacy_build(&p);
	memset(&d, 0, sizeof(d));
	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x10000001, &d), 0);
	KUNIT_EXPECT_EQ(test, d.index, 0x10000001U);
	KUNIT_EXPECT_EQ(test, d.type, PDLPAR_DRC_TYPE_CPU);
	KUNIT_EXPECT_STREQ(test, d.name, "CPU 1");
	KUNIT_EXPECT_EQ(test, d.power_domain, -1);

	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x80000004, &d), 0);
	KUNIT_EXPECT_EQ(test, d.type, PDLPAR_DRC_TYPE_MEM);
	KUNIT_EXPECT_STREQ(test, d.name, "LMB 4");
	KUNIT_EXPECT_EQ(test, d.power_domain, 7);

	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x10000002, &d), -ENOENT);
}

static void lookup_legacy_malformed(struct kunit *test)
{
	struct legacy_props p;
	struct pdlpar_drc d;

	/* Counts that disagree. */
	legacy_build(&p);
	put_unaligned_be32(2, p.names.data);
	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x10000001, &d), -EINVAL);

	/* A count larger than the array. */
	legacy_build(&p);
	put_unaligned_be32(4, p.ind.data);
	put_unaligned_be32(4, p.names.data);
	put_unaligned_be32(4, p.types.data);
	put_unaligned_be32(4, p.doms.data);
	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x12345678, &d), -EINVAL);

	/* A name list cut inside its last string. */
	legacy_build(&p);
	p.names.len -= 2;
	KUNIT_EXPECT_EQ(test, legacy_find(&p, 0x80000004, &d), -EINVAL);

	/* Missing properties. */
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_legacy(NULL, 0, NULL, 0, NULL, 0,
						     NULL, 0, 1, &d), -EINVAL);
}

static void info_build(struct prop_buf *b)
{
	memset(b, 0, sizeof(*b));
	put_cell(b, 2);
	put_str(b, "CPU");
	put_str(b, "CPU ");
	put_cell(b, 0x10000000);	/* first index */
	put_cell(b, 0);			/* first name suffix */
	put_cell(b, 4);			/* count */
	put_cell(b, 1);			/* increment */
	put_cell(b, 0xffffffff);
	put_str(b, "MEM");
	put_str(b, "LMB ");
	put_cell(b, 0x80000000);
	put_cell(b, 0);
	put_cell(b, 16);
	put_cell(b, 2);
	put_cell(b, 0xffffffff);
}

static void lookup_info(struct kunit *test)
{
	struct prop_buf b;
	struct pdlpar_drc d;

	info_build(&b);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len, 0x10000003,
						   &d), 0);
	KUNIT_EXPECT_EQ(test, d.type, PDLPAR_DRC_TYPE_CPU);
	KUNIT_EXPECT_STREQ(test, d.name, "CPU 3");
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len, 0x80000004,
						   &d), 0);
	KUNIT_EXPECT_EQ(test, d.type, PDLPAR_DRC_TYPE_MEM);
	KUNIT_EXPECT_STREQ(test, d.name, "LMB 2");
	/* Past the run, between increments, and before the first index. */
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len, 0x10000004,
						   &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len, 0x80000003,
						   &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len, 0x0fffffff,
						   &d), -ENOENT);
	/* Cut short: the second entry is malformed. */
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(b.data, b.len - 1,
						   0x80000004, &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_find_info(NULL, 0, 1, &d), -EINVAL);
}

/* The guest's own device tree: CPU DRCs are listed and found. */
static void lookup_live_tree(struct kunit *test)
{
	struct pdlpar_drc d;
	u32 *list;
	int n;

	list = kunit_kcalloc(test, 64, sizeof(*list), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, list);
	n = pdlpar_drc_list(PDLPAR_DRC_TYPE_CPU, list, 64);
	if (n <= 0)
		kunit_skip(test, "no CPU DRCs in this device tree");
	KUNIT_EXPECT_EQ(test, pdlpar_drc_lookup(list[n - 1], &d), 0);
	KUNIT_EXPECT_EQ(test, d.index, list[n - 1]);
	KUNIT_EXPECT_EQ(test, d.type, PDLPAR_DRC_TYPE_CPU);
	KUNIT_EXPECT_EQ(test, d.state, PDLPAR_DRC_UNKNOWN);
	/* A miss keeps the index it was asked for. */
	KUNIT_EXPECT_EQ(test, pdlpar_drc_lookup(0x1fffffff, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, d.index, 0x1fffffffU);
}

static void list_by_type(struct kunit *test)
{
	struct legacy_props p;
	struct prop_buf b;
	u32 out[20];

	legacy_build(&p);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_list_legacy(p.ind.data, p.ind.len,
						     p.types.data, p.types.len,
						     PDLPAR_DRC_TYPE_CPU, out,
						     20), 2);
	KUNIT_EXPECT_EQ(test, out[1], 0x10000001U);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_list_legacy(p.ind.data, p.ind.len,
						     p.types.data, p.types.len,
						     PDLPAR_DRC_TYPE_CPU, out,
						     1), -E2BIG);
	info_build(&b);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_list_info(b.data, b.len,
						   PDLPAR_DRC_TYPE_MEM, out,
						   20), 16);
	KUNIT_EXPECT_EQ(test, out[15], 0x8000001eU);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_list_info(b.data, b.len - 1,
						   PDLPAR_DRC_TYPE_MEM, out,
						   20), -EINVAL);
}

static void drc_type_strings(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pdlpar_drc_type_from_string("CPU"),
			PDLPAR_DRC_TYPE_CPU);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_type_from_string("MEM"),
			PDLPAR_DRC_TYPE_MEM);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_type_from_string("PHB"),
			PDLPAR_DRC_TYPE_PHB);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_type_from_string("28"),
			PDLPAR_DRC_TYPE_OTHER);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_type_from_string("cpu"),
			PDLPAR_DRC_TYPE_OTHER);
}

/*
 * Which failed acquires are refusals a count request passes over: each
 * outcome is produced by a real acquire against the fake platform.
 */
struct refusal_case {
	const char *desc;
	enum pdlpar_drc_state state;	/* the fake DRC's */
	bool attached;
	struct fake_run run[2];		/* answers injected, if any */
	int rc;
	bool refused;
};

static const struct refusal_case refusal_cases[] = {
	{ "sensed empty", PDLPAR_DRC_UNUSABLE, true,
	  { { 1, 1, FAKE_SENSE_EMPTY } }, -ENODEV, true },
	{ "present, not ours", PDLPAR_DRC_CONFIGURED, true, { }, -EEXIST,
	  true },
	{ "allocation refused, nothing behind it", PDLPAR_DRC_UNUSABLE, false,
	  { }, -EINVAL, true },
	{ "unisolate refused, allocation given back", PDLPAR_DRC_UNUSABLE,
	  true, { { 3, 1, PDLPAR_RTAS_PARAM_ERROR } }, -EINVAL, true },
	{ "unisolate refused, give-back fails: DRC held", PDLPAR_DRC_UNUSABLE,
	  true, { { 3, 1, PDLPAR_RTAS_PARAM_ERROR },
		  { 4, 1, PDLPAR_RTAS_HW_ERROR } }, -EINVAL, false },
	{ "sensor call refused (-3)", PDLPAR_DRC_UNUSABLE, true,
	  { { 1, 1, PDLPAR_RTAS_PARAM_ERROR } }, -EINVAL, false },
	{ "hardware error on allocation", PDLPAR_DRC_UNUSABLE, true,
	  { { 2, 1, PDLPAR_RTAS_HW_ERROR } }, -EIO, false },
};

static void refusal_desc(const struct refusal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(refusal, refusal_cases, refusal_desc);

static void acquire_refusal(struct kunit *test)
{
	const struct refusal_case *c = test->param_value;
	struct fake_papr fp;
	struct pdlpar_drc d;
	int rc;

	fake_papr_init(&fp);
	fake_papr_add_drc(&fp, CPU_DRC, c->state, c->attached);
	fp.runs[0] = c->run[0];
	fp.runs[1] = c->run[1];
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	rc = pdlpar_drc_acquire(&fp.plat, &d);
	KUNIT_EXPECT_EQ(test, rc, c->rc);
	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire_refused(rc, &d), c->refused);
}

static struct kunit_case drc_test_cases[] = {
	KUNIT_CASE(acquire_ok),
	KUNIT_CASE_PARAM(acquire_injected, acquire_inject_gen_params),
	KUNIT_CASE(acquire_refuses_present),
	KUNIT_CASE_PARAM(acquire_refusal, refusal_gen_params),
	KUNIT_CASE(acquire_empty_drc),
	KUNIT_CASE(acquire_unknown_drc),
	KUNIT_CASE(rtas_delay_hints),
	KUNIT_CASE(rtas_retry_final),
	KUNIT_CASE(rtas_retry_deadline),
	KUNIT_CASE_PARAM(acquire_busy, busy_gen_params),
	KUNIT_CASE(acquire_deadline_per_step),
	KUNIT_CASE(release_ok_flagged),
	KUNIT_CASE_PARAM(release_injected, release_inject_gen_params),
	KUNIT_CASE(release_unflagged_lmb_refused),
	KUNIT_CASE(release_not_present),
	KUNIT_CASE(release_after_interrupted_walk),
	KUNIT_CASE(release_after_unknown_interrupted_walk),
	KUNIT_CASE_PARAM(prim_injected, prim_gen_params),
	KUNIT_CASE(signal_from_configured),
	KUNIT_CASE(signal_from_unknown),
	KUNIT_CASE(signal_from_isolated),
	KUNIT_CASE(signal_after_release),
	KUNIT_CASE(signal_fails),
	KUNIT_CASE(rtas_errno_map),
	KUNIT_CASE(lookup_legacy),
	KUNIT_CASE(lookup_legacy_malformed),
	KUNIT_CASE(lookup_info),
	KUNIT_CASE(lookup_live_tree),
	KUNIT_CASE(list_by_type),
	KUNIT_CASE(drc_type_strings),
	{}
};

static struct kunit_suite drc_test_suite = {
	.name = "pdlpar_drc",
	.test_cases = drc_test_cases,
};

kunit_test_suites(&drc_test_suite);
