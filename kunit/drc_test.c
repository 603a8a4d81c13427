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

struct busy_case {
	const char *desc;
	int status;
	unsigned int calls;
	int rc;
	unsigned int slept_ms;
};

static void busy_desc(const struct busy_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

static const struct busy_case busy_cases[] = {
	{ "busy 3 times", -2, 3, 0, 3 },
	{ "9900 once", 9900, 1, 0, 1 },
	{ "9902 twice", 9902, 2, 0, 200 },
	{ "9904 once (10 s)", 9904, 1, 0, 10000 },
	{ "9904 twice: over budget", 9904, 2, -EBUSY, 10000 },
	{ "9905: never waited for", 9905, 1, -EBUSY, 0 },
	{ "busy forever", -2, 100000, -EBUSY, 10000 },
};

KUNIT_ARRAY_PARAM(busy, busy_cases, busy_desc);

/* Busy answers on the allocation call (call 2) of an acquire. */
static void acquire_busy(struct kunit *test)
{
	const struct busy_case *c = test->param_value;
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;

	fake_papr_init(&fp);
	f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	fp.busy_from = 2;
	fp.busy_calls = c->calls;
	fp.busy_status = c->status;

	KUNIT_EXPECT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), c->rc);
	KUNIT_EXPECT_EQ(test, fp.slept_ms, c->slept_ms);
	KUNIT_EXPECT_EQ(test, f->state, c->rc ? PDLPAR_DRC_UNUSABLE :
						PDLPAR_DRC_UNISOLATED);
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

/* --- acquire then release, a failure at every call of the pair --- */

static void acquire_release_every_call(struct kunit *test)
{
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;
	unsigned int k, total;
	int rc;

	/* Count the calls of a clean run first. */
	fake_papr_init(&fp);
	fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
	drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
	KUNIT_ASSERT_EQ(test, pdlpar_drc_acquire(&fp.plat, &d), 0);
	KUNIT_ASSERT_EQ(test, pdlpar_drc_configure(&fp.plat, &d, NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, pdlpar_drc_release(&fp.plat, &d), 0);
	total = fp.calls;
	KUNIT_ASSERT_GT(test, total, 6U);

	for (k = 1; k <= total; k++) {
		fake_papr_init(&fp);
		f = fake_papr_add_drc(&fp, CPU_DRC, PDLPAR_DRC_UNUSABLE, true);
		drc_init(&d, CPU_DRC, PDLPAR_DRC_UNKNOWN);
		fp.fail_mask = BIT_ULL(k - 1);
		fp.fail_status = -1;

		rc = pdlpar_drc_acquire(&fp.plat, &d);
		if (!rc)
			rc = pdlpar_drc_configure(&fp.plat, &d, NULL, NULL);
		if (!rc)
			rc = pdlpar_drc_release(&fp.plat, &d);
		KUNIT_EXPECT_NE_MSG(test, rc, 0, "call %u failed unnoticed", k);
		expect_consistent(test, f, &d);
	}
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

static struct kunit_case drc_test_cases[] = {
	KUNIT_CASE(acquire_ok),
	KUNIT_CASE_PARAM(acquire_injected, acquire_inject_gen_params),
	KUNIT_CASE(acquire_refuses_present),
	KUNIT_CASE(acquire_empty_drc),
	KUNIT_CASE(acquire_unknown_drc),
	KUNIT_CASE_PARAM(acquire_busy, busy_gen_params),
	KUNIT_CASE(release_ok_flagged),
	KUNIT_CASE_PARAM(release_injected, release_inject_gen_params),
	KUNIT_CASE(release_unflagged_lmb_refused),
	KUNIT_CASE(release_not_present),
	KUNIT_CASE(release_after_interrupted_walk),
	KUNIT_CASE(release_after_unknown_interrupted_walk),
	KUNIT_CASE(acquire_release_every_call),
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
