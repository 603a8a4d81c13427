// SPDX-License-Identifier: GPL-2.0
/*
 * A fake PAPR platform for KUnit. Transitions follow QEMU 7.2's logical
 * DRC state machine; see fake_papr.h and shared/notes/qemu-drc.md.
 */

#include <linux/bits.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "fake_papr.h"

static struct fake_papr *to_fake(const struct pdlpar_platform *plat)
{
	return container_of(plat, struct fake_papr, plat);
}

/* Counts the call; true (with *status set) if this call must fail. */
static bool fake_injected(struct fake_papr *fp, int *status)
{
	fp->calls++;
	if (fp->calls <= 64 && (fp->fail_mask & BIT_ULL(fp->calls - 1))) {
		*status = fp->fail_status;
		return true;
	}
	if (fp->busy_calls && fp->calls >= fp->busy_from &&
	    fp->calls < fp->busy_from + fp->busy_calls) {
		*status = fp->busy_status;
		return true;
	}
	return false;
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

	if (fake_injected(fp, &status))
		return status;
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

	if (fake_injected(fp, &status))
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

	if (fake_injected(fp, &status))
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
			if (FAKE_WA_DATA + name_len + step->length <=
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

static void fake_delay(const struct pdlpar_platform *plat, unsigned int ms)
{
	to_fake(plat)->slept_ms += ms;
}

/**
 * fake_papr_init - an empty fake platform with no failures armed
 * @fp: the platform
 */
void fake_papr_init(struct fake_papr *fp)
{
	memset(fp, 0, sizeof(*fp));
	fp->plat.get_sensor = fake_get_sensor;
	fp->plat.set_indicator = fake_set_indicator;
	fp->plat.configure_connector = fake_configure_connector;
	fp->plat.delay = fake_delay;
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
	struct fake_drc *drc = &fp->drcs[fp->nr_drcs++];

	memset(drc, 0, sizeof(*drc));
	drc->index = index;
	drc->state = state;
	drc->attached = attached;
	drc->fdt = fake_cpu_fdt;
	drc->fdt_len = fake_cpu_fdt_len;
	return drc;
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
