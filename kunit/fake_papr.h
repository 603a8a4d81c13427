/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake PAPR platform for KUnit: logical DRCs that follow QEMU 7.2's
 * state machine (hw/ppc/spapr_drc.c; shared/notes/qemu-drc.md), a
 * configure-connector that walks a scripted subtree, a fake clock that
 * the calls and the busy delays advance, and any status (or a sensor
 * value of EMPTY) injected at any RTAS call.
 */
#ifndef _PDLPAR_FAKE_PAPR_H
#define _PDLPAR_FAKE_PAPR_H

#include <linux/ktime.h>
#include <linux/limits.h>

#include "pdlpar_drc.h"

struct kunit;

/* One answer of the scripted configure-connector walk. */
struct fake_cc_step {
	int status;		/* a PDLPAR_CC_* value */
	const char *name;	/* node or property name */
	const void *value;	/* property value */
	u32 length;		/* property length */
	u32 name_off;		/* if set, the name offset given instead */
	u32 value_off;		/* if set, the value offset given instead */
	bool fill;		/* fill the work area's data with 0xff first */
};

struct fake_drc {
	u32 index;
	bool is_lmb;		/* LMBs may only be isolated when flagged */
	bool attached;		/* the hypervisor has a device behind it */
	bool flagged;		/* the hypervisor asked to unplug it */
	enum pdlpar_drc_state state;
	const struct fake_cc_step *fdt;	/* the device's subtree */
	unsigned int fdt_len;
	unsigned int cc_pos;	/* the walk's position, kept by the DRC */
	unsigned int rejections;	/* removal failures signalled to us */
	unsigned int deleted;		/* times the device was released */
};

/* DRCs held in the struct; fake_papr_add_drc() allocates room for more. */
#define FAKE_MAX_DRCS	8

/*
 * Injected in place of an RTAS status: a get-sensor-state call answers
 * success with dr-entity-sense EMPTY, which PowerVM can give for a DRC
 * whose resource went away (QEMU's logical DRCs never do). Any other call
 * it is armed for goes through as if nothing was injected.
 */
#define FAKE_SENSE_EMPTY	INT_MAX

/* A run of injected answers: calls @from .. @from + @calls - 1. */
struct fake_run {
	unsigned int from;
	unsigned int calls;
	int status;		/* an RTAS status or FAKE_SENSE_EMPTY */
};

#define FAKE_MAX_RUNS	4

/* What each RTAS call was, for tests that reason about call k. */
enum fake_op {
	FAKE_OP_SENSE = 1,	/* get-sensor-state */
	FAKE_OP_INDICATOR,	/* set-indicator */
	FAKE_OP_CC,		/* ibm,configure-connector */
};

struct fake_call {
	enum fake_op op;
	int type;		/* sensor or indicator */
	int value;		/* indicator value */
	u32 index;		/* the DRC */
};

#define FAKE_MAX_LOG	64	/* calls logged, as fail_mask's reach */

/* What an RTAS call costs on the fake clock unless a test says else. */
#define FAKE_CALL_COST_US	100

struct fake_papr {
	struct pdlpar_platform plat;
	struct fake_drc *drcs;		/* small, or allocated once full */
	struct fake_drc small[FAKE_MAX_DRCS];
	unsigned int nr_drcs;
	unsigned int max_drcs;
	struct fake_drc *range;		/* DRCs range_first + i, any number */
	u32 range_first;
	u32 range_nr;
	unsigned int calls;		/* RTAS calls so far */
	u64 fail_mask;			/* bit k-1 set: call k fails ... */
	int fail_status;		/* ... with this status */
	struct fake_run runs[FAKE_MAX_RUNS];	/* more injected answers */
	unsigned int injected;		/* answers injected so far */
	ktime_t clock;			/* ->now() */
	unsigned int call_cost_us;	/* what each RTAS call takes */
	unsigned int slept_ms;		/* total of ->delay() */
	unsigned int delays;		/* ->delay() calls, 0 ms ones too */
	unsigned int max_delay_ms;	/* longest single ->delay() */
	struct fake_call log[FAKE_MAX_LOG];	/* the first calls */
};

/*
 * Kinds of answer the flow tests inject at every RTAS call in turn.
 * Busy ones are transient: the flow must end as it would have without.
 */
struct fake_kind {
	const char *name;
	int status;		/* an RTAS status or FAKE_SENSE_EMPTY */
	unsigned int times;	/* answered by this many calls in a row */
	bool transient;		/* busy or extended delay */
	unsigned int sleep_ms;	/* transient: what its retries sleep */
};

#define FAKE_NR_KINDS	7
extern const struct fake_kind fake_kinds[FAKE_NR_KINDS];

/* A parameter of a test run for each case and each kind of injection. */
struct fake_kind_param {
	const void *c;		/* the case */
	const struct fake_kind *kind;
};

const void *fake_kind_param_next(const void *prev,
				 struct fake_kind_param *params,
				 const void *cases, size_t case_size,
				 unsigned int nr_cases, char *desc);
void fake_papr_inject(struct fake_papr *fp, const struct fake_kind *kind,
		      unsigned int call);
int fake_kind_errno(const struct fake_kind *kind);
bool fake_kind_lands(const struct fake_kind *kind,
		     const struct fake_call *call);
bool fake_kind_refuses(const struct fake_kind *kind,
		       const struct fake_call *call);
bool fake_kind_tolerated(const struct fake_kind *kind,
			 const struct fake_call *call);
void fake_expect_injected(struct kunit *test, const struct fake_papr *fp,
			  const struct fake_papr *clean,
			  const struct fake_kind *kind, unsigned int k,
			  const char *what);
ktime_t fake_papr_cost(const struct fake_papr *fp, unsigned int calls,
		       unsigned int slept_ms);

void fake_papr_init(struct fake_papr *fp);
struct fake_drc *fake_papr_add_drc(struct fake_papr *fp, u32 index,
				   enum pdlpar_drc_state state, bool attached);
struct fake_drc *fake_papr_add_range(struct fake_papr *fp, u32 first, u32 n);
void fake_papr_free(struct fake_papr *fp);
struct fake_drc *fake_papr_drc(struct fake_papr *fp, u32 index);
const struct fake_call *fake_papr_call(const struct fake_papr *fp,
				       unsigned int k);

/* A scripted CPU core subtree like QEMU's (one node, two properties). */
extern const struct fake_cc_step fake_cpu_fdt[];
extern const unsigned int fake_cpu_fdt_len;

#endif /* _PDLPAR_FAKE_PAPR_H */
