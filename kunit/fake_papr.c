// SPDX-License-Identifier: GPL-2.0
/*
 * A fake PAPR platform for KUnit. Transitions follow QEMU 7.2's logical
 * DRC state machine; see fake_papr.h and shared/notes/qemu-drc.md.
 */

#include <linux/bits.h>
#include <linux/container_of.h>
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "fake_papr.h"

static struct fake_papr *to_fake(const struct pdlpar_platform *plat)
{
	return container_of(plat, struct fake_papr, plat);
}

/*
 * Counts and logs a call and advances the clock by its cost. True, with
 * *status set, if an answer is injected into it: fail_mask first, then
 * the runs. FAKE_SENSE_EMPTY is only injected into get-sensor-state.
 */
static bool fake_call(struct fake_papr *fp, enum fake_op op, int type,
		      u32 index, int value, int *status)
{
	const struct fake_run *r;
	bool armed = false;
	unsigned int i;
	int answer = 0;

	fp->calls++;
	fp->clock = ktime_add_us(fp->clock, fp->call_cost_us);
	if (fp->calls <= FAKE_MAX_LOG)
		fp->log[fp->calls - 1] = (struct fake_call){
			.op = op, .type = type, .value = value, .index = index,
		};
	if (fp->calls <= 64 && (fp->fail_mask & BIT_ULL(fp->calls - 1))) {
		armed = true;
		answer = fp->fail_status;
	}
	for (i = 0; !armed && i < FAKE_MAX_RUNS; i++) {
		r = &fp->runs[i];
		if (r->calls && fp->calls >= r->from &&
		    fp->calls - r->from < r->calls) {
			armed = true;
			answer = r->status;
		}
	}
	if (!armed || (answer == FAKE_SENSE_EMPTY && op != FAKE_OP_SENSE))
		return false;
	fp->injected++;
	*status = answer;
	return true;
}

/**
 * fake_papr_call - what the fake's k-th RTAS call was
 * @fp: the platform
 * @k: 1-based call number
 *
 * Return: the logged call, or NULL past the calls made or logged.
 */
const struct fake_call *fake_papr_call(const struct fake_papr *fp,
				       unsigned int k)
{
	if (!k || k > fp->calls || k > FAKE_MAX_LOG)
		return NULL;
	return &fp->log[k - 1];
}

/**
 * fake_papr_drc - find a DRC of the fake platform
 * @fp: the platform
 * @index: the DRC index
 *
 * Return: the DRC or NULL.
 */
struct fake_drc *fake_papr_drc(struct fake_papr *fp, u32 index)
{
	unsigned int i;

	if (fp->range && index - fp->range_first < fp->range_nr)
		return &fp->range[index - fp->range_first];
	for (i = 0; i < fp->nr_drcs; i++)
		if (fp->drcs[i].index == index)
			return &fp->drcs[i];
	return NULL;
}

static int fake_get_sensor(const struct pdlpar_platform *plat, int sensor,
			   u32 index, int *state)
{
	struct fake_papr *fp = to_fake(plat);
	struct fake_drc *drc;
	int status;

	if (fake_call(fp, FAKE_OP_SENSE, sensor, index, 0, &status)) {
		if (status != FAKE_SENSE_EMPTY)
			return status;
		*state = PDLPAR_SENSE_EMPTY;
		return 0;
	}
	drc = fake_papr_drc(fp, index);
	if (!drc || sensor != PDLPAR_DR_ENTITY_SENSE)
		return PDLPAR_RTAS_PARAM_ERROR;
	*state = drc->state == PDLPAR_DRC_UNUSABLE ? PDLPAR_SENSE_UNUSABLE :
						     PDLPAR_SENSE_PRESENT;
	return 0;
}

static int fake_allocation(struct fake_drc *drc, int value)
{
	switch (value) {
	case PDLPAR_ALLOC_USABLE:
		if (drc->state != PDLPAR_DRC_UNUSABLE)
			return 0;
		if (!drc->attached || drc->flagged)
			return PDLPAR_RTAS_PARAM_ERROR;
		drc->state = PDLPAR_DRC_AVAILABLE;
		return 0;
	case PDLPAR_ALLOC_UNUSABLE:
		if (drc->state == PDLPAR_DRC_UNUSABLE)
			return 0;
		if (drc->state != PDLPAR_DRC_AVAILABLE)
			return PDLPAR_RTAS_PARAM_ERROR;
		drc->state = PDLPAR_DRC_UNUSABLE;
		if (drc->flagged) {
			/* The unplug completes: the device is deleted. */
			drc->flagged = false;
			drc->attached = false;
			drc->deleted++;
		}
		return 0;
	default:
		return PDLPAR_RTAS_PARAM_ERROR;
	}
}

static int fake_isolation(struct fake_drc *drc, int value)
{
	switch (value) {
	case PDLPAR_ISOLATE:
		switch (drc->state) {
		case PDLPAR_DRC_UNISOLATED:
			return PDLPAR_RTAS_PARAM_ERROR;
		case PDLPAR_DRC_CONFIGURED:
			if (drc->is_lmb && !drc->flagged)
				return PDLPAR_RTAS_HW_ERROR;
			drc->state = PDLPAR_DRC_AVAILABLE;
			return 0;
		default:
			return 0;
		}
	case PDLPAR_UNISOLATE:
		switch (drc->state) {
		case PDLPAR_DRC_UNUSABLE:
			return PDLPAR_RTAS_PARAM_ERROR;
		case PDLPAR_DRC_AVAILABLE:
			drc->state = PDLPAR_DRC_UNISOLATED;
			drc->cc_pos = 0;
			return 0;
		default:
			/* The guest refuses a pending removal. */
			if (drc->flagged) {
				drc->flagged = false;
				drc->rejections++;
			}
			return 0;
		}
	default:
		return PDLPAR_RTAS_PARAM_ERROR;
	}
}

static int fake_set_indicator(const struct pdlpar_platform *plat,
			      int indicator, u32 index, int value)
{
	struct fake_papr *fp = to_fake(plat);
	struct fake_drc *drc;
	int status;

	if (fake_call(fp, FAKE_OP_INDICATOR, indicator, index, value, &status))
		return status;
	drc = fake_papr_drc(fp, index);
	if (!drc)
		return PDLPAR_RTAS_PARAM_ERROR;
	if (indicator == PDLPAR_ALLOCATION_STATE)
		return fake_allocation(drc, value);
	if (indicator == PDLPAR_ISOLATION_STATE)
		return fake_isolation(drc, value);
	return PDLPAR_RTAS_PARAM_ERROR;
}

/* Work area layout: five header words, then names and values. */
#define FAKE_WA_DATA	24

static int fake_configure_connector(const struct pdlpar_platform *plat,
				    void *work_area)
{
	struct fake_papr *fp = to_fake(plat);
	const struct fake_cc_step *step;
	u8 *wa = work_area;
	struct fake_drc *drc;
	size_t name_len;
	int status;

	if (fake_call(fp, FAKE_OP_CC, 0, get_unaligned_be32(wa), 0, &status))
		return status;
	drc = fake_papr_drc(fp, get_unaligned_be32(wa));
	if (!drc)
		return PDLPAR_RTAS_PARAM_ERROR;
	if (drc->state != PDLPAR_DRC_UNISOLATED &&
	    drc->state != PDLPAR_DRC_CONFIGURED)
		return PDLPAR_RTAS_CC_NOT_CONFIGURABLE;
	if (drc->cc_pos >= drc->fdt_len)
		return PDLPAR_RTAS_HW_ERROR;

	step = &drc->fdt[drc->cc_pos++];
	switch (step->status) {
	case PDLPAR_CC_COMPLETE:
		drc->state = PDLPAR_DRC_CONFIGURED;
		drc->cc_pos = 0;
		break;
	case PDLPAR_CC_NEXT_SIBLING:
	case PDLPAR_CC_NEXT_CHILD:
	case PDLPAR_CC_NEXT_PROPERTY:
		if (step->fill)
			memset(wa + FAKE_WA_DATA, 0xff,
			       PDLPAR_CC_WA_SIZE - FAKE_WA_DATA);
		name_len = step->name ? strlen(step->name) + 1 : 0;
		if (name_len)
			memcpy(wa + FAKE_WA_DATA, step->name, name_len);
		put_unaligned_be32(FAKE_WA_DATA, wa + 8);
		if (step->status == PDLPAR_CC_NEXT_PROPERTY) {
			put_unaligned_be32(step->length, wa + 12);
			put_unaligned_be32(FAKE_WA_DATA + name_len, wa + 16);
			/*
			 * A step that gives its own value offset only claims
			 * a value (of any length): there is none to copy.
			 */
			if (!step->value_off &&
			    FAKE_WA_DATA + name_len + step->length <=
			    PDLPAR_CC_WA_SIZE)
				memcpy(wa + FAKE_WA_DATA + name_len,
				       step->value, step->length);
		}
		/* Steps may give raw offsets, to test the guest's checks. */
		if (step->name_off)
			put_unaligned_be32(step->name_off, wa + 8);
		if (step->value_off)
			put_unaligned_be32(step->value_off, wa + 16);
		break;
	default:
		break;
	}
	return step->status;
}

/* Sleeping is advancing the clock. */
static void fake_delay(const struct pdlpar_platform *plat, unsigned int ms)
{
	struct fake_papr *fp = to_fake(plat);

	fp->clock = ktime_add_ms(fp->clock, ms);
	fp->slept_ms += ms;
	fp->delays++;
	fp->max_delay_ms = max(fp->max_delay_ms, ms);
}

static ktime_t fake_now(const struct pdlpar_platform *plat)
{
	return to_fake(plat)->clock;
}

/**
 * fake_papr_init - an empty fake platform with no failures armed
 * @fp: the platform
 *
 * Its clock starts at 0 and each RTAS call costs %FAKE_CALL_COST_US.
 */
void fake_papr_init(struct fake_papr *fp)
{
	memset(fp, 0, sizeof(*fp));
	fp->drcs = fp->small;
	fp->max_drcs = FAKE_MAX_DRCS;
	fp->plat.get_sensor = fake_get_sensor;
	fp->plat.set_indicator = fake_set_indicator;
	fp->plat.configure_connector = fake_configure_connector;
	fp->plat.delay = fake_delay;
	fp->plat.now = fake_now;
	fp->call_cost_us = FAKE_CALL_COST_US;
}

/**
 * fake_papr_cost - clock time of RTAS calls and sleeps on the fake
 * @fp: the platform, for the cost of a call
 * @calls: how many calls
 * @slept_ms: how long they slept in total
 *
 * Return: what they advance the fake's clock by.
 */
ktime_t fake_papr_cost(const struct fake_papr *fp, unsigned int calls,
		       unsigned int slept_ms)
{
	return ktime_add_ms(ns_to_ktime((u64)calls * fp->call_cost_us *
					 NSEC_PER_USEC),
			    slept_ms);
}

const struct fake_kind fake_kinds[FAKE_NR_KINDS] = {
	{ "hw error", PDLPAR_RTAS_HW_ERROR, 1 },
	{ "param error", PDLPAR_RTAS_PARAM_ERROR, 1 },
	{ "sense empty", FAKE_SENSE_EMPTY, 1 },
	{ "busy x3", PDLPAR_RTAS_BUSY, 3, true, 0 },
	{ "9900", 9900, 1, true, 1 },
	{ "9902 x2", 9902, 2, true, 200 },
	{ "9905 (1 s)", 9905, 1, true, 1000 },
};

/**
 * fake_papr_inject - arm an injection of @kind
 * @fp: the platform
 * @kind: what to answer
 * @call: from which call on (1-based)
 */
void fake_papr_inject(struct fake_papr *fp, const struct fake_kind *kind,
		      unsigned int call)
{
	fp->runs[0] = (struct fake_run){
		.from = call, .calls = kind->times, .status = kind->status,
	};
}

/**
 * fake_kind_lands - is @kind injected at all into a call like @call?
 * @kind: what is injected
 * @call: the call, as a run without injection made it
 *
 * Return: false only for EMPTY armed for a call that reads no sensor.
 */
bool fake_kind_lands(const struct fake_kind *kind,
		     const struct fake_call *call)
{
	return kind->status != FAKE_SENSE_EMPTY || call->op == FAKE_OP_SENSE;
}

/**
 * fake_kind_errno - the errno an injected failure of @kind is reported as
 * @kind: a kind that is not transient
 *
 * Return: -ENODEV for EMPTY (the DRC is not there), else the errno
 * pdlpar_rtas_errno() maps the status to.
 */
int fake_kind_errno(const struct fake_kind *kind)
{
	if (kind->status == FAKE_SENSE_EMPTY)
		return -ENODEV;
	return pdlpar_rtas_errno(kind->status);
}

/**
 * fake_kind_tolerated - must the flow end as if nothing was injected?
 * @kind: what was injected
 * @call: the call it was injected into, as a run without injection made it
 *
 * Busy and extended-delay answers are retried. EMPTY is not injected into
 * a call that reads no sensor. A refused isolate (-3) is retried once
 * after a configure-connector walk (pdlpar_drc_isolate(): the refusal may
 * mean an unfinished walk), which on the fake completes and succeeds.
 * Everything else is a failure the flow must undo.
 *
 * Return: true if the flow must end as without the injection.
 */
bool fake_kind_tolerated(const struct fake_kind *kind,
			 const struct fake_call *call)
{
	if (kind->transient || !fake_kind_lands(kind, call))
		return true;
	return kind->status == PDLPAR_RTAS_PARAM_ERROR &&
	       call->op == FAKE_OP_INDICATOR &&
	       call->type == PDLPAR_ISOLATION_STATE &&
	       call->value == PDLPAR_ISOLATE;
}

/**
 * fake_expect_injected - check what an injection at call @k added
 * @test: the test
 * @fp: the platform after the injected run
 * @clean: the same platform after a run without injection
 * @kind: what was injected
 * @k: at which call
 * @what: what to say on failure
 *
 * The injection must have been made exactly where it could be. A busy
 * one must have added only its retries: @kind->times calls, and on the
 * clock their cost and @kind->sleep_ms.
 */
void fake_expect_injected(struct kunit *test, const struct fake_papr *fp,
			  const struct fake_papr *clean,
			  const struct fake_kind *kind, unsigned int k,
			  const char *what)
{
	const struct fake_call *call = fake_papr_call(clean, k);
	ktime_t retries;

	KUNIT_ASSERT_NOT_NULL_MSG(test, call, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, fp->injected,
			    fake_kind_lands(kind, call) ? kind->times : 0,
			    "%s", what);
	if (!kind->transient)
		return;
	retries = fake_papr_cost(fp, kind->times, kind->sleep_ms);
	KUNIT_EXPECT_EQ_MSG(test, fp->calls, clean->calls + kind->times, "%s",
			    what);
	KUNIT_EXPECT_EQ_MSG(test, fp->slept_ms, kind->sleep_ms, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, fp->clock, ktime_add(clean->clock, retries),
			    "%s", what);
}

/**
 * fake_kind_refuses - does @kind at @call make an acquire a refusal?
 * @kind: what is injected
 * @call: the call, as a run without injection made it
 *
 * A DRC sensed empty, or whose allocation is refused (-3 on the
 * allocation, or on the unisolate, which the acquire then undoes), is
 * one the platform will not give: an add by count passes over it.
 *
 * Return: true for those injections.
 */
bool fake_kind_refuses(const struct fake_kind *kind,
		       const struct fake_call *call)
{
	if (kind->status == FAKE_SENSE_EMPTY)
		return call->op == FAKE_OP_SENSE;
	return kind->status == PDLPAR_RTAS_PARAM_ERROR &&
	       call->op == FAKE_OP_INDICATOR &&
	       (call->type == PDLPAR_ALLOCATION_STATE ||
		call->value == PDLPAR_UNISOLATE);
}

/**
 * fake_kind_param_next - KUnit parameters: every case with every kind
 * @prev: the previous parameter; NULL for the first
 * @params: room for @nr_cases * %FAKE_NR_KINDS parameters
 * @cases: the test's case table; each case starts with its description
 *	(a const char *)
 * @case_size: the size of one case
 * @nr_cases: the number of cases
 * @desc: the parameter's description, filled in
 *
 * Return: the next parameter, a struct fake_kind_param; NULL after the last.
 */
const void *fake_kind_param_next(const void *prev,
				 struct fake_kind_param *params,
				 const void *cases, size_t case_size,
				 unsigned int nr_cases, char *desc)
{
	const struct fake_kind_param *p = prev;
	unsigned int i = p ? p - params + 1 : 0;
	const void *c;

	if (i >= nr_cases * FAKE_NR_KINDS)
		return NULL;
	c = cases + (i / FAKE_NR_KINDS) * case_size;
	params[i].c = c;
	params[i].kind = &fake_kinds[i % FAKE_NR_KINDS];
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s: %s",
		 *(const char * const *)c, params[i].kind->name);
	return &params[i];
}

/**
 * fake_papr_add_drc - add a logical DRC to the fake platform
 * @fp: the platform
 * @index: its index
 * @state: its state; a device present at boot is CONFIGURED, one the
 *	hypervisor hot-added waits UNUSABLE and attached
 * @attached: whether a device is behind it
 *
 * The DRC's subtree is fake_cpu_fdt until the test changes it.
 *
 * Return: the DRC.
 */
struct fake_drc *fake_papr_add_drc(struct fake_papr *fp, u32 index,
				   enum pdlpar_drc_state state, bool attached)
{
	struct fake_drc *drc, *more;

	if (fp->nr_drcs == fp->max_drcs) {
		/* Earlier pointers into the array go stale here. */
		more = kvcalloc(fp->max_drcs * 2, sizeof(*more), GFP_KERNEL);
		if (!more)
			return NULL;
		memcpy(more, fp->drcs, fp->nr_drcs * sizeof(*more));
		if (fp->drcs != fp->small)
			kvfree(fp->drcs);
		fp->drcs = more;
		fp->max_drcs *= 2;
	}
	drc = &fp->drcs[fp->nr_drcs++];

	memset(drc, 0, sizeof(*drc));
	drc->index = index;
	drc->state = state;
	drc->attached = attached;
	drc->fdt = fake_cpu_fdt;
	drc->fdt_len = fake_cpu_fdt_len;
	return drc;
}

/**
 * fake_papr_add_range - give the platform @n DRCs, @first on
 * @fp: the platform; at most one range
 * @first: the first DRC index
 * @n: how many: as many as a partition has, 262,144 LMBs for 64 TiB
 *
 * They start zeroed (state 0, nothing attached) with
 * their indexes set; the caller gives each its state and subtree.
 * fake_papr_free() frees them.
 *
 * Return: the DRCs, or NULL.
 */
struct fake_drc *fake_papr_add_range(struct fake_papr *fp, u32 first, u32 n)
{
	u32 i;

	fp->range = kvcalloc(n, sizeof(*fp->range), GFP_KERNEL);
	if (!fp->range)
		return NULL;
	fp->range_first = first;
	fp->range_nr = n;
	for (i = 0; i < n; i++)
		fp->range[i].index = first + i;
	return fp->range;
}

/**
 * fake_papr_free - free what fake_papr_add_range() and a growing
 * fake_papr_add_drc() allocated
 * @fp: the platform
 */
void fake_papr_free(struct fake_papr *fp)
{
	if (fp->drcs != fp->small)
		kvfree(fp->drcs);
	fp->drcs = fp->small;
	fp->max_drcs = FAKE_MAX_DRCS;
	kvfree(fp->range);
	fp->range = NULL;
	fp->range_nr = 0;
}

static const __be32 fake_servers[] = { cpu_to_be32(8) };
static const char fake_device_type[] = "cpu";

const struct fake_cc_step fake_cpu_fdt[] = {
	{ PDLPAR_CC_NEXT_CHILD, "PowerPC,POWER9@8" },
	{ PDLPAR_CC_NEXT_PROPERTY, "device_type", fake_device_type,
	  sizeof(fake_device_type) },
	{ PDLPAR_CC_NEXT_PROPERTY, "ibm,ppc-interrupt-server#s", fake_servers,
	  sizeof(fake_servers) },
	{ PDLPAR_CC_COMPLETE },
};

const unsigned int fake_cpu_fdt_len = ARRAY_SIZE(fake_cpu_fdt);
