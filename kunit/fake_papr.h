/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake PAPR platform for KUnit: logical DRCs that follow QEMU 7.2's
 * state machine (hw/ppc/spapr_drc.c; shared/notes/qemu-drc.md), a
 * configure-connector that walks a scripted subtree, and failures
 * injected at any RTAS call.
 */
#ifndef _PDLPAR_FAKE_PAPR_H
#define _PDLPAR_FAKE_PAPR_H

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

#define FAKE_MAX_DRCS	8

struct fake_papr {
	struct pdlpar_platform plat;
	struct fake_drc drcs[FAKE_MAX_DRCS];
	unsigned int nr_drcs;
	unsigned int calls;		/* RTAS calls so far */
	u64 fail_mask;			/* bit k-1 set: call k fails ... */
	int fail_status;		/* ... with this status */
	unsigned int busy_from;		/* answer busy from this call ... */
	unsigned int busy_calls;	/* ... this many times */
	int busy_status;
	unsigned int slept_ms;		/* total of ->delay() */
};

void fake_papr_init(struct fake_papr *fp);
struct fake_drc *fake_papr_add_drc(struct fake_papr *fp, u32 index,
				   enum pdlpar_drc_state state, bool attached);
struct fake_drc *fake_papr_drc(struct fake_papr *fp, u32 index);

/* A scripted CPU core subtree like QEMU's (one node, two properties). */
extern const struct fake_cc_step fake_cpu_fdt[];
extern const unsigned int fake_cpu_fdt_len;

#endif /* _PDLPAR_FAKE_PAPR_H */
