// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: configure-connector against the fake PAPR platform. Every status
 * of the work-area protocol, malformed and looping answers, and a failure
 * at every call of a fetch.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/of.h>
#include <linux/string.h>

#include "fake_papr.h"

#define CPU_DRC		0x10000001

struct cc_fixture {
	struct fake_papr fp;
	struct fake_drc *f;
	struct pdlpar_drc d;
	struct device_node *parent;
	struct pdlpar_dt_fragment frag;
};

static struct cc_fixture *cc_setup(struct kunit *test,
				   const struct fake_cc_step *fdt,
				   unsigned int len)
{
	struct cc_fixture *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fx);
	fake_papr_init(&fx->fp);
	fx->f = fake_papr_add_drc(&fx->fp, CPU_DRC, PDLPAR_DRC_UNISOLATED,
				  true);
	if (fdt) {
		fx->f->fdt = fdt;
		fx->f->fdt_len = len;
	}
	fx->d.index = CPU_DRC;
	fx->d.state = PDLPAR_DRC_UNISOLATED;
	/* Nodes are only created under it, never attached. */
	fx->parent = of_find_node_by_path("/");
	KUNIT_ASSERT_NOT_NULL(test, fx->parent);
	return fx;
}

static void cc_teardown(struct cc_fixture *fx)
{
	pdlpar_dt_fragment_free(&fx->frag);
	of_node_put(fx->parent);
}

/* The n-th node the fragment creates, in fetch order. */
static struct device_node *frag_node(struct pdlpar_dt_fragment *frag,
				     unsigned int n)
{
	struct of_changeset_entry *ce;

	list_for_each_entry(ce, &frag->ocs->entries, node)
		if (ce->action == OF_RECONFIG_ATTACH_NODE && !n--)
			return ce->np;
	return NULL;
}

static void fetch_cpu(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);
	struct device_node *np;
	const __be32 *servers;
	const char *type;
	int len;

	KUNIT_ASSERT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), 0);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_nodes, 1U);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_props, 2U);
	KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_CONFIGURED);
	KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_CONFIGURED);

	np = frag_node(&fx->frag, 0);
	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_EXPECT_STREQ(test, np->full_name, "PowerPC,POWER9@8");
	KUNIT_EXPECT_PTR_EQ(test, np->parent, fx->parent);
	KUNIT_EXPECT_TRUE(test, of_node_check_flag(np, OF_DETACHED));

	type = of_get_property(np, "device_type", &len);
	KUNIT_ASSERT_NOT_NULL(test, type);
	KUNIT_EXPECT_EQ(test, len, 4);
	KUNIT_EXPECT_STREQ(test, type, "cpu");
	servers = of_get_property(np, "ibm,ppc-interrupt-server#s", &len);
	KUNIT_ASSERT_NOT_NULL(test, servers);
	KUNIT_EXPECT_EQ(test, len, 4);
	KUNIT_EXPECT_EQ(test, be32_to_cpu(servers[0]), 8U);
	/* Properties keep the platform's order. */
	KUNIT_EXPECT_STREQ(test, np->properties->name, "device_type");
	cc_teardown(fx);
	KUNIT_EXPECT_NULL(test, fx->frag.ocs);
}

static const u8 one_byte = 1;

/* A core with a cache child, the cache with its own child, a sibling. */
static const struct fake_cc_step tree_fdt[] = {
	{ PDLPAR_CC_NEXT_CHILD, "core@8" },
	{ PDLPAR_CC_NEXT_PROPERTY, "a", &one_byte, 1 },
	{ PDLPAR_CC_NEXT_CHILD, "l2-cache@10" },
	{ PDLPAR_CC_NEXT_PROPERTY, "b", &one_byte, 1 },
	{ PDLPAR_CC_NEXT_CHILD, "l3-cache@20" },
	{ PDLPAR_CC_PREV_PARENT },
	{ PDLPAR_CC_NEXT_SIBLING, "l2-cache@11" },
	{ PDLPAR_CC_NEXT_PROPERTY, "empty", NULL, 0 },
	{ PDLPAR_CC_PREV_PARENT },
	{ PDLPAR_CC_NEXT_PROPERTY, "c", &one_byte, 1 },
	{ PDLPAR_CC_COMPLETE },
};

static void fetch_tree(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, tree_fdt, ARRAY_SIZE(tree_fdt));
	struct device_node *core, *l2, *l3, *l2b;
	int len;

	KUNIT_ASSERT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), 0);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_nodes, 4U);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_props, 4U);
	core = frag_node(&fx->frag, 0);
	l2 = frag_node(&fx->frag, 1);
	l3 = frag_node(&fx->frag, 2);
	l2b = frag_node(&fx->frag, 3);
	KUNIT_ASSERT_NOT_NULL(test, l2b);
	KUNIT_EXPECT_PTR_EQ(test, core->parent, fx->parent);
	KUNIT_EXPECT_PTR_EQ(test, l2->parent, core);
	KUNIT_EXPECT_PTR_EQ(test, l3->parent, l2);
	KUNIT_EXPECT_PTR_EQ(test, l2b->parent, core);
	KUNIT_EXPECT_STREQ(test, l2b->full_name, "l2-cache@11");
	/* "c" came after two ascents: it belongs to the core. */
	KUNIT_EXPECT_NOT_NULL(test, of_find_property(core, "c", NULL));
	KUNIT_EXPECT_NULL(test, of_find_property(l2, "c", NULL));
	KUNIT_EXPECT_NOT_NULL(test, of_find_property(l2b, "empty", &len));
	KUNIT_EXPECT_EQ(test, len, 0);
	cc_teardown(fx);
}

/* --- malformed and hostile answers --- */

struct bad_cc_case {
	const char *desc;
	const struct fake_cc_step *fdt;
	unsigned int len;
	int rc;
	enum pdlpar_drc_state after;	/* both sides; 0: unisolated */
};

static void bad_cc_desc(const struct bad_cc_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

static const struct fake_cc_step prop_first[] = {
	{ PDLPAR_CC_NEXT_PROPERTY, "a", &one_byte, 1 },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step sibling_first[] = {
	{ PDLPAR_CC_NEXT_SIBLING, "x@0" },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step ascend_too_far[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ PDLPAR_CC_PREV_PARENT },
	{ PDLPAR_CC_PREV_PARENT },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step no_node[] = {
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step name_past_end[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0", .name_off = 5000 },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step name_in_header[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0", .name_off = 4 },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step name_unterminated[] = {
	{ PDLPAR_CC_NEXT_CHILD, NULL, .name_off = 4000, .fill = true },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step name_empty[] = {
	{ PDLPAR_CC_NEXT_CHILD, "" },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step value_past_end[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ PDLPAR_CC_NEXT_PROPERTY, "a", &one_byte, 200, .value_off = 4000 },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step value_huge[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ PDLPAR_CC_NEXT_PROPERTY, "a", &one_byte, 0xffffffff },
	{ PDLPAR_CC_COMPLETE },
};

static const struct fake_cc_step more_memory[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ PDLPAR_CC_MORE_MEMORY },
};

static const struct fake_cc_step hw_error[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ PDLPAR_RTAS_HW_ERROR },
};

static const struct fake_cc_step unknown_status[] = {
	{ PDLPAR_CC_NEXT_CHILD, "x@0" },
	{ 77 },
};

#define DEEP_CHILD(n)	{ PDLPAR_CC_NEXT_CHILD, "d@" #n }
static const struct fake_cc_step too_deep[] = {
	DEEP_CHILD(0), DEEP_CHILD(1), DEEP_CHILD(2), DEEP_CHILD(3),
	DEEP_CHILD(4), DEEP_CHILD(5), DEEP_CHILD(6), DEEP_CHILD(7),
	DEEP_CHILD(8),
	{ PDLPAR_CC_COMPLETE },
};

static const struct bad_cc_case bad_cc_cases[] = {
	{ "property before a node", prop_first, ARRAY_SIZE(prop_first),
	  -EPROTO },
	{ "sibling before a node", sibling_first, ARRAY_SIZE(sibling_first),
	  -EPROTO },
	{ "ascend above the root", ascend_too_far, ARRAY_SIZE(ascend_too_far),
	  -EPROTO },
	{ "complete without a node", no_node, ARRAY_SIZE(no_node), -EPROTO,
	  PDLPAR_DRC_CONFIGURED },
	{ "name offset past the area", name_past_end,
	  ARRAY_SIZE(name_past_end), -EPROTO },
	{ "name offset in the header", name_in_header,
	  ARRAY_SIZE(name_in_header), -EPROTO },
	{ "name unterminated", name_unterminated,
	  ARRAY_SIZE(name_unterminated), -EPROTO },
	{ "empty name", name_empty, ARRAY_SIZE(name_empty), -EPROTO },
	{ "value past the area", value_past_end, ARRAY_SIZE(value_past_end),
	  -EPROTO },
	{ "value length 4 GiB", value_huge, ARRAY_SIZE(value_huge), -EPROTO },
	{ "second work area wanted", more_memory, ARRAY_SIZE(more_memory),
	  -ENOSPC },
	{ "hardware error mid-walk", hw_error, ARRAY_SIZE(hw_error), -EIO },
	{ "unknown status", unknown_status, ARRAY_SIZE(unknown_status), -EIO },
	{ "deeper than the bound", too_deep, ARRAY_SIZE(too_deep), -E2BIG },
};

KUNIT_ARRAY_PARAM(bad_cc, bad_cc_cases, bad_cc_desc);

static void fetch_malformed(struct kunit *test)
{
	const struct bad_cc_case *c = test->param_value;
	struct cc_fixture *fx = cc_setup(test, c->fdt, c->len);
	enum pdlpar_drc_state after = c->after ?: PDLPAR_DRC_UNISOLATED;

	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), c->rc);
	/* Nothing handed out; our view of the DRC is the platform's. */
	KUNIT_EXPECT_NULL(test, fx->frag.ocs);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_nodes, 0U);
	KUNIT_EXPECT_EQ(test, fx->f->state, after);
	KUNIT_EXPECT_EQ(test, fx->d.state, after);
	cc_teardown(fx);
}

/* A walk that never ends: one node with ever more properties ... */
static void fetch_too_many_props(struct kunit *test)
{
	unsigned int n = PDLPAR_CC_MAX_PROPS + 2, i;
	struct fake_cc_step *fdt;
	struct cc_fixture *fx;

	fdt = kunit_kcalloc(test, n + 1, sizeof(*fdt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	fdt[0] = (struct fake_cc_step){ PDLPAR_CC_NEXT_CHILD, "x@0" };
	for (i = 1; i < n; i++)
		fdt[i] = (struct fake_cc_step){ PDLPAR_CC_NEXT_PROPERTY, "p",
						&one_byte, 1 };
	fdt[n] = (struct fake_cc_step){ PDLPAR_CC_COMPLETE };
	fx = cc_setup(test, fdt, n + 1);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), -E2BIG);
	KUNIT_EXPECT_NULL(test, fx->frag.ocs);
	cc_teardown(fx);
}

/* ... or ever more sibling nodes ... */
static void fetch_too_many_nodes(struct kunit *test)
{
	unsigned int n = PDLPAR_CC_MAX_NODES + 2, i;
	struct fake_cc_step *fdt;
	struct cc_fixture *fx;

	fdt = kunit_kcalloc(test, n + 1, sizeof(*fdt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	fdt[0] = (struct fake_cc_step){ PDLPAR_CC_NEXT_CHILD, "x@0" };
	for (i = 1; i < n; i++)
		fdt[i] = (struct fake_cc_step){ PDLPAR_CC_NEXT_SIBLING, "y@0" };
	fdt[n] = (struct fake_cc_step){ PDLPAR_CC_COMPLETE };
	fx = cc_setup(test, fdt, n + 1);

	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), -E2BIG);
	KUNIT_EXPECT_NULL(test, fx->frag.ocs);
	cc_teardown(fx);
}

/*
 * ... or a platform that is busy for ever: the step fails at its
 * deadline, with nothing kept. Each busy answer costs 1 ms here, to keep
 * the test short.
 */
static void fetch_busy_forever(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);
	ktime_t deadline;

	fx->fp.call_cost_us = 1000;
	fx->fp.runs[0] = (struct fake_run){ 2, UINT_MAX, PDLPAR_RTAS_BUSY };
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d,
						   fx->parent, &fx->frag),
			-EBUSY);
	KUNIT_EXPECT_NULL(test, fx->frag.ocs);
	KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_UNISOLATED);
	KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_UNISOLATED);
	/* Busy is retried at once, without sleeping. */
	KUNIT_EXPECT_EQ(test, fx->fp.slept_ms, 0U);
	KUNIT_EXPECT_EQ(test, fx->fp.delays, fx->fp.calls - 2);
	/* Step 2 began after step 1's call. */
	deadline = ktime_add_ms(fake_papr_cost(&fx->fp, 1, 0),
				PDLPAR_RTAS_STEP_TIMEOUT_MS);
	KUNIT_EXPECT_GE(test, fx->fp.clock, deadline);
	KUNIT_EXPECT_LE(test, fx->fp.clock,
			ktime_add(deadline, fake_papr_cost(&fx->fp, 1, 0)));
	cc_teardown(fx);
}

static void fetch_busy_then_ok(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);

	fx->fp.runs[0] = (struct fake_run){ 2, 2, 9901 };
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d,
						   fx->parent, &fx->frag), 0);
	KUNIT_EXPECT_EQ(test, fx->fp.slept_ms, 20U);
	KUNIT_EXPECT_EQ(test, fx->fp.max_delay_ms, 10U);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_props, 2U);
	cc_teardown(fx);
}

/*
 * Every step of the walk has a deadline of its own: four steps each busy
 * for 50 s (9905, polled once a second) make a 200 s walk that succeeds.
 */
static void fetch_deadline_per_step(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);
	unsigned int i;

	for (i = 0; i < 4; i++)
		fx->fp.runs[i] = (struct fake_run){ 1 + i * 51, 50, 9905 };
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d,
						   fx->parent, &fx->frag), 0);
	KUNIT_EXPECT_EQ(test, fx->fp.calls, 4 * 51U);
	KUNIT_EXPECT_EQ(test, fx->fp.slept_ms, 200000U);
	KUNIT_EXPECT_EQ(test, fx->fp.clock,
			fake_papr_cost(&fx->fp, 4 * 51, 200000));
	KUNIT_EXPECT_EQ(test, fx->frag.nr_props, 2U);
	KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_CONFIGURED);
	cc_teardown(fx);
}

/*
 * Busy answers are not steps: more of them than the walk's bound on calls
 * do not make it "loop".
 */
static void fetch_busy_not_counted(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);

	fx->fp.runs[0] = (struct fake_run){ 2, 5000, PDLPAR_RTAS_BUSY };
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d,
						   fx->parent, &fx->frag), 0);
	KUNIT_EXPECT_EQ(test, fx->fp.calls, fake_cpu_fdt_len + 5000);
	KUNIT_EXPECT_EQ(test, fx->frag.nr_props, 2U);
	cc_teardown(fx);
}

static void fetch_not_unisolated(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);

	fx->f->state = PDLPAR_DRC_AVAILABLE;
	fx->d.state = PDLPAR_DRC_AVAILABLE;
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
						   &fx->frag), -ENXIO);
	KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_AVAILABLE);
	KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_AVAILABLE);
	cc_teardown(fx);
}

static void kind_desc(const struct fake_kind *kind, char *desc)
{
	strscpy(desc, kind->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kind, fake_kinds, kind_desc);

/*
 * Each kind of answer at each call of a fetch. A failure hands nothing
 * out and leaves the DRC unisolated on both sides, and a release
 * afterwards (which must finish the interrupted walk) still gives it
 * back cleanly. A busy answer is retried: the fetch gets everything, and
 * only the clock and the calls tell. EMPTY cannot be injected here (no
 * sensor is read): the fetch goes through.
 */
static void fetch_every_call_injected(struct kunit *test)
{
	const struct fake_kind *kind = test->param_value;
	const struct fake_call *call;
	struct cc_fixture *clean;
	unsigned int k;
	char what[16];

	clean = cc_setup(test, NULL, 0);
	KUNIT_ASSERT_EQ(test, pdlpar_drc_configure(&clean->fp.plat, &clean->d,
						   clean->parent, &clean->frag),
			0);
	KUNIT_ASSERT_EQ(test, clean->fp.calls, fake_cpu_fdt_len);

	for (k = 1; k <= fake_cpu_fdt_len; k++) {
		struct cc_fixture *fx = cc_setup(test, NULL, 0);
		int rc;

		call = fake_papr_call(&clean->fp, k);
		KUNIT_ASSERT_EQ(test, call->op, FAKE_OP_CC);
		fake_papr_inject(&fx->fp, kind, k);
		rc = pdlpar_drc_configure(&fx->fp.plat, &fx->d, fx->parent,
					  &fx->frag);
		snprintf(what, sizeof(what), "call %u", k);
		fake_expect_injected(test, &fx->fp, &clean->fp, kind, k, what);
		if (fake_kind_tolerated(kind, call)) {
			KUNIT_EXPECT_EQ_MSG(test, rc, 0, "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, fx->frag.nr_nodes,
					    clean->frag.nr_nodes, "call %u", k);
			KUNIT_EXPECT_EQ_MSG(test, fx->frag.nr_props,
					    clean->frag.nr_props, "call %u", k);
			KUNIT_EXPECT_EQ(test, fx->f->state,
					PDLPAR_DRC_CONFIGURED);
			KUNIT_EXPECT_EQ(test, fx->d.state,
					PDLPAR_DRC_CONFIGURED);
			cc_teardown(fx);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, rc, pdlpar_rtas_errno(kind->status),
				    "call %u", k);
		KUNIT_EXPECT_NULL(test, fx->frag.ocs);
		KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_UNISOLATED);
		KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_UNISOLATED);

		KUNIT_EXPECT_EQ_MSG(test, pdlpar_drc_release(&fx->fp.plat,
							     &fx->d), 0,
				    "release after call %u failed", k);
		KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_UNUSABLE);
		KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_UNUSABLE);
		cc_teardown(fx);
	}
	cc_teardown(clean);
}

/* Walk-only mode resumes a walk that stopped half-way. */
static void walk_resumes(struct kunit *test)
{
	struct cc_fixture *fx = cc_setup(test, NULL, 0);

	fx->f->cc_pos = 2;
	KUNIT_EXPECT_EQ(test, pdlpar_drc_configure(&fx->fp.plat, &fx->d, NULL,
						   NULL), 0);
	KUNIT_EXPECT_EQ(test, fx->f->state, PDLPAR_DRC_CONFIGURED);
	KUNIT_EXPECT_EQ(test, fx->d.state, PDLPAR_DRC_CONFIGURED);
	KUNIT_EXPECT_EQ(test, fx->fp.calls, 2U);
	cc_teardown(fx);
}

static struct kunit_case cc_test_cases[] = {
	KUNIT_CASE(fetch_cpu),
	KUNIT_CASE(fetch_tree),
	KUNIT_CASE_PARAM(fetch_malformed, bad_cc_gen_params),
	KUNIT_CASE(fetch_too_many_props),
	KUNIT_CASE(fetch_too_many_nodes),
	KUNIT_CASE(fetch_busy_forever),
	KUNIT_CASE(fetch_busy_then_ok),
	KUNIT_CASE(fetch_deadline_per_step),
	KUNIT_CASE(fetch_busy_not_counted),
	KUNIT_CASE(fetch_not_unisolated),
	KUNIT_CASE_PARAM(fetch_every_call_injected, kind_gen_params),
	KUNIT_CASE(walk_resumes),
	{}
};

static struct kunit_suite cc_test_suite = {
	.name = "pdlpar_configure_connector",
	.test_cases = cc_test_cases,
};

kunit_test_suites(&cc_test_suite);
