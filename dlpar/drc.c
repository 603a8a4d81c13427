// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: DRC lookup and the DRC state protocol.
 *
 * A logical DRC (a CPU core or an LMB) moves UNUSABLE -> AVAILABLE ->
 * UNISOLATED -> CONFIGURED as the guest acquires it, and back as it
 * releases it (PAPR 13.5.3.4; QEMU hw/ppc/spapr_drc.c). Each primitive
 * here either completes its moves or undoes the ones it made, and keeps
 * struct pdlpar_drc's @state equal to what the platform last confirmed.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/of.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "pdlpar_drc.h"
#include "pdlpar_trace.h"

static const char * const drc_state_names[] = {
	[PDLPAR_DRC_UNKNOWN] = "unknown",
	[PDLPAR_DRC_UNUSABLE] = "unusable",
	[PDLPAR_DRC_AVAILABLE] = "available",
	[PDLPAR_DRC_UNISOLATED] = "unisolated",
	[PDLPAR_DRC_CONFIGURED] = "configured",
};

/**
 * pdlpar_drc_state_name - name of a DRC state, for log lines
 * @state: the state
 *
 * Return: a static string.
 */
const char *pdlpar_drc_state_name(enum pdlpar_drc_state state)
{
	if (state < ARRAY_SIZE(drc_state_names))
		return drc_state_names[state];
	return "invalid";
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_state_name);

/**
 * pdlpar_drc_set_state - record a state the platform confirmed
 * @drc: the DRC
 * @to: its state now
 *
 * Fires the drc_state tracepoint for a change; learning the state of a DRC
 * we knew nothing about is not one.
 */
void pdlpar_drc_set_state(struct pdlpar_drc *drc, enum pdlpar_drc_state to)
{
	if (drc->state == to)
		return;
	if (drc->state != PDLPAR_DRC_UNKNOWN)
		trace_pdlpar_drc_state(drc->index, drc->state, to);
	drc->state = to;
}

/**
 * pdlpar_drc_sense - read a DRC's dr-entity-sense sensor
 * @plat: the platform
 * @index: the DRC index
 * @sense: where the sensor value goes
 *
 * Retries while the platform is busy, within one operation's deadline.
 *
 * Return: 0 or an errno from pdlpar_rtas_errno().
 */
int pdlpar_drc_sense(const struct pdlpar_platform *plat, u32 index, int *sense)
{
	ktime_t deadline = pdlpar_rtas_deadline(plat);
	int status;

	do {
		status = plat->get_sensor(plat, PDLPAR_DR_ENTITY_SENSE, index,
					  sense);
	} while (pdlpar_rtas_retry(plat, status, deadline));

	if (status)
		pr_warn("DRC 0x%08x: get-sensor-state(dr-entity-sense) failed, RTAS status %d\n",
			index, status);
	return pdlpar_rtas_errno(status);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_sense);

/*
 * One set-indicator, retried while busy within one operation's deadline;
 * on success @drc moves to @to.
 * Failures are logged here, with the RTAS status, because only here is
 * it known which step failed.
 */
static int drc_indicate_q(const struct pdlpar_platform *plat,
			  struct pdlpar_drc *drc, int indicator, int value,
			  enum pdlpar_drc_state to, bool quiet)
{
	ktime_t deadline = pdlpar_rtas_deadline(plat);
	int status;

	do {
		status = plat->set_indicator(plat, indicator, drc->index,
					     value);
	} while (pdlpar_rtas_retry(plat, status, deadline));

	/* Only a refusal is quiet: it leaves the DRC where it was. */
	if (status && quiet && pdlpar_rtas_errno(status) == -EINVAL)
		return -EINVAL;
	if (status) {
		pr_warn("DRC 0x%08x: set-indicator(%s, %d) failed in state %s, RTAS status %d\n",
			drc->index,
			indicator == PDLPAR_ISOLATION_STATE ?
			"isolation-state" : "allocation-state",
			value, pdlpar_drc_state_name(drc->state), status);
		return pdlpar_rtas_errno(status);
	}
	pdlpar_drc_set_state(drc, to);
	return 0;
}

static int drc_indicate(const struct pdlpar_platform *plat,
			struct pdlpar_drc *drc, int indicator, int value,
			enum pdlpar_drc_state to)
{
	return drc_indicate_q(plat, drc, indicator, value, to, false);
}

/*
 * @quiet: a refusal -- sensed other than UNUSABLE, or the allocation
 * refused -- is not logged; the caller is looking for DRCs it can have
 * and says once what it found. Every other failure is logged.
 */
static int drc_acquire(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc, bool quiet)
{
	int sense, rc, undo;

	rc = pdlpar_drc_sense(plat, drc->index, &sense);
	if (rc)
		return rc;
	if (sense != PDLPAR_SENSE_UNUSABLE) {
		if (!quiet)
			pr_warn("DRC 0x%08x: cannot acquire, dr-entity-sense is %d (want %d, unusable)\n",
				drc->index, sense, PDLPAR_SENSE_UNUSABLE);
		return sense == PDLPAR_SENSE_PRESENT ? -EEXIST : -ENODEV;
	}
	pdlpar_drc_set_state(drc, PDLPAR_DRC_UNUSABLE);

	rc = drc_indicate_q(plat, drc, PDLPAR_ALLOCATION_STATE,
			    PDLPAR_ALLOC_USABLE, PDLPAR_DRC_AVAILABLE, quiet);
	if (rc)
		return rc;

	rc = drc_indicate(plat, drc, PDLPAR_ISOLATION_STATE, PDLPAR_UNISOLATE,
			  PDLPAR_DRC_UNISOLATED);
	if (rc) {
		undo = drc_indicate(plat, drc, PDLPAR_ALLOCATION_STATE,
				    PDLPAR_ALLOC_UNUSABLE,
				    PDLPAR_DRC_UNUSABLE);
		if (undo)
			pr_err("DRC 0x%08x: left allocated after a failed acquire (%d)\n",
			       drc->index, undo);
	}
	return rc;
}

/**
 * pdlpar_drc_acquire - take a logical DRC from the platform
 * @plat: the platform
 * @drc: the DRC; @drc->state follows what the platform confirms
 *
 * Checks that the DRC senses UNUSABLE (its resource assigned to us but
 * not yet taken), sets allocation-state USABLE, then unisolates. If the
 * unisolate fails the allocation is given back.
 *
 * Return: 0 with the DRC unisolated and ready for configure-connector;
 * -EEXIST if it is already ours, -ENODEV if it is empty, or an errno
 * from pdlpar_rtas_errno() with the DRC where it started.
 */
int pdlpar_drc_acquire(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc)
{
	return drc_acquire(plat, drc, false);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_acquire);

/**
 * pdlpar_drc_try_acquire - pdlpar_drc_acquire() for a DRC that may be refused
 * @plat: the platform
 * @drc: the DRC
 *
 * For requests by count, which pass over DRCs the platform will not
 * give: the same calls and results as pdlpar_drc_acquire(), but a
 * refusal (see pdlpar_drc_acquire_refused()) logs nothing. PAPR has no
 * call that says which DRCs have a resource behind them: QEMU and
 * PowerVM both sense UNUSABLE for a free DRC with or without one, and
 * only the allocation answers. So a DRC costs two RTAS calls to rule out.
 *
 * Return: as pdlpar_drc_acquire().
 */
int pdlpar_drc_try_acquire(const struct pdlpar_platform *plat,
			   struct pdlpar_drc *drc)
{
	return drc_acquire(plat, drc, true);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_try_acquire);

/**
 * pdlpar_drc_acquire_refused - whether a failed acquire was a refusal
 * @rc: what pdlpar_drc_acquire() returned
 * @drc: the DRC it was given
 *
 * The platform will not give the DRC, and the guest holds nothing of
 * it: sensed empty (-ENODEV), present but not ours to take (-EEXIST), or
 * a state change refused (-EINVAL) with the DRC back UNUSABLE (its
 * allocation refused because nothing is behind it, or undone after a
 * refused unisolate). A request by count passes over such a DRC; any
 * other failure -- the sensor call itself refused, or a DRC left
 * allocated -- is a real one.
 *
 * Return: true for a refusal.
 */
bool pdlpar_drc_acquire_refused(int rc, const struct pdlpar_drc *drc)
{
	return rc == -ENODEV || rc == -EEXIST ||
	       (rc == -EINVAL && drc->state == PDLPAR_DRC_UNUSABLE);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_acquire_refused);

/**
 * pdlpar_drc_configure - walk configure-connector on an unisolated DRC
 * @plat: the platform
 * @drc: the DRC; moves to CONFIGURED once the platform completes the walk
 * @parent: where fetched nodes will go; NULL to keep nothing
 * @frag: the fetched nodes on success; NULL if @parent is NULL
 *
 * Every DRC state change is made here, in drc.c: configure-connector
 * (cc.c) only walks and says whether the platform finished.
 *
 * Return: what pdlpar_cc_walk() returns.
 */
int pdlpar_drc_configure(const struct pdlpar_platform *plat,
			 struct pdlpar_drc *drc, struct device_node *parent,
			 struct pdlpar_dt_fragment *frag)
{
	bool configured = false;
	int rc;

	rc = pdlpar_cc_walk(plat, drc->index, parent, frag, &configured);
	if (configured)
		pdlpar_drc_set_state(drc, PDLPAR_DRC_CONFIGURED);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_configure);

/**
 * pdlpar_drc_reconfigure - bring an isolated DRC back to CONFIGURED
 * @plat: the platform
 * @drc: a DRC we isolated (AVAILABLE); nothing is done if it is CONFIGURED
 *
 * Unisolates it, then walks configure-connector to the end without keeping
 * the nodes (the guest still has them). The platform only lets a DRC be
 * isolated again, or a removal be refused, from CONFIGURED.
 *
 * Return: 0 or an errno from the RTAS calls.
 */
int pdlpar_drc_reconfigure(const struct pdlpar_platform *plat,
			   struct pdlpar_drc *drc)
{
	int rc;

	/* Already back (a failed give-back undoes itself). */
	if (drc->state == PDLPAR_DRC_CONFIGURED)
		return 0;
	rc = drc_indicate(plat, drc, PDLPAR_ISOLATION_STATE, PDLPAR_UNISOLATE,
			  PDLPAR_DRC_UNISOLATED);
	if (rc)
		return rc;
	return pdlpar_drc_configure(plat, drc, NULL, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_reconfigure);

/**
 * pdlpar_drc_isolate - first half of a release: isolate a DRC we own
 * @plat: the platform
 * @drc: the DRC; @drc->state follows what the platform confirms
 *
 * Checks that the DRC senses PRESENT, finishes an interrupted
 * configure-connector walk if there is one (the platform refuses to
 * isolate a DRC in the middle of one: QEMU answers -3 from UNISOLATE),
 * then isolates it; a refusal (-3) gets one more walk and one retry, for
 * a walk left unfinished that we did not know of. Undone by
 * pdlpar_drc_reconfigure().
 *
 * Return: 0 with the DRC AVAILABLE; -ENODEV if it is not ours, or an
 * errno from pdlpar_rtas_errno() with the DRC where it was.
 */
int pdlpar_drc_isolate(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc)
{
	int sense, rc;

	rc = pdlpar_drc_sense(plat, drc->index, &sense);
	if (rc)
		return rc;
	if (sense != PDLPAR_SENSE_PRESENT) {
		pr_warn("DRC 0x%08x: cannot release, dr-entity-sense is %d (want %d, present)\n",
			drc->index, sense, PDLPAR_SENSE_PRESENT);
		return -ENODEV;
	}
	if (drc->state < PDLPAR_DRC_AVAILABLE)
		pdlpar_drc_set_state(drc, PDLPAR_DRC_CONFIGURED);
	if (drc->state == PDLPAR_DRC_UNISOLATED) {
		rc = pdlpar_drc_configure(plat, drc, NULL, NULL);
		if (rc)
			return rc;
	}
	rc = drc_indicate(plat, drc, PDLPAR_ISOLATION_STATE, PDLPAR_ISOLATE,
			  PDLPAR_DRC_AVAILABLE);
	/*
	 * A walk we did not know about may be unfinished (one an undo could
	 * not complete): the refusal says so. Finish it and try once more.
	 */
	if (rc == -EINVAL && !pdlpar_drc_configure(plat, drc, NULL, NULL))
		rc = drc_indicate(plat, drc, PDLPAR_ISOLATION_STATE,
				  PDLPAR_ISOLATE, PDLPAR_DRC_AVAILABLE);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_isolate);

/**
 * pdlpar_drc_unallocate - second half of a release: give the DRC back
 * @plat: the platform
 * @drc: an isolated DRC
 *
 * Sets allocation-state UNUSABLE. This is the point of no return: a
 * hypervisor with a removal pending reclaims the resource at once. If the
 * call fails the DRC is reconfigured, back where the release started.
 *
 * Return: 0 with the DRC UNUSABLE, or an errno from pdlpar_rtas_errno().
 */
int pdlpar_drc_unallocate(const struct pdlpar_platform *plat,
			  struct pdlpar_drc *drc)
{
	int rc, undo;

	rc = drc_indicate(plat, drc, PDLPAR_ALLOCATION_STATE,
			  PDLPAR_ALLOC_UNUSABLE, PDLPAR_DRC_UNUSABLE);
	if (rc) {
		undo = pdlpar_drc_reconfigure(plat, drc);
		if (undo)
			pr_err("DRC 0x%08x: left %s after a failed release (%d)\n",
			       drc->index, pdlpar_drc_state_name(drc->state),
			       undo);
	}
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_unallocate);

/**
 * pdlpar_drc_release - give a logical DRC back to the platform
 * @plat: the platform
 * @drc: the DRC; @drc->state follows what the platform confirms
 *
 * pdlpar_drc_isolate() then pdlpar_drc_unallocate(): on any failure the
 * DRC is back where it started.
 *
 * Return: 0 with the DRC unusable; -ENODEV if it is not ours, or an errno
 * from pdlpar_rtas_errno().
 */
int pdlpar_drc_release(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc)
{
	int rc;

	rc = pdlpar_drc_isolate(plat, drc);
	if (rc)
		return rc;
	return pdlpar_drc_unallocate(plat, drc);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_release);

/**
 * dlpar_unisolate_drc - tell the hypervisor a removal failed
 * @plat: the platform
 * @drc: a DRC the hypervisor asked us to remove, still ours
 *
 * Setting isolation-state UNISOLATE on a DRC that is already unisolated
 * or configured changes nothing on the DRC, but a hypervisor that has a
 * removal pending on it takes it as the guest refusing the removal and
 * rolls its unplug back (seed 000; QEMU emits DEVICE_UNPLUG_GUEST_ERROR).
 * A DRC we had already isolated is first brought back to CONFIGURED, as
 * the signal means nothing from AVAILABLE.
 *
 * The name is the one seed 000 and mainline give this signal, so that a
 * reader coming from either finds it; the symbol stays inside the module
 * (exported only to its KUnit tests).
 *
 * Return: 0 once the signal was given; -EALREADY if the DRC was already
 * released (the removal went through); or an errno from the RTAS calls.
 */
int dlpar_unisolate_drc(const struct pdlpar_platform *plat,
			struct pdlpar_drc *drc)
{
	int rc;

	if (drc->state == PDLPAR_DRC_UNUSABLE)
		return -EALREADY;
	if (drc->state == PDLPAR_DRC_AVAILABLE) {
		rc = pdlpar_drc_reconfigure(plat, drc);
		if (rc)
			return rc;
	}
	rc = drc_indicate(plat, drc, PDLPAR_ISOLATION_STATE, PDLPAR_UNISOLATE,
			  drc->state == PDLPAR_DRC_UNKNOWN ?
			  PDLPAR_DRC_CONFIGURED : drc->state);
	if (!rc)
		pr_info("DRC 0x%08x: unisolated to report the failed removal\n",
			drc->index);
	return rc;
}
EXPORT_SYMBOL_IF_KUNIT(dlpar_unisolate_drc);

/**
 * pdlpar_drc_type_from_string - classify an ibm,drc-types string
 * @type: the string
 *
 * Return: the DRC type, %PDLPAR_DRC_TYPE_OTHER for anything unknown.
 */
enum pdlpar_drc_type pdlpar_drc_type_from_string(const char *type)
{
	if (!strcmp(type, "CPU"))
		return PDLPAR_DRC_TYPE_CPU;
	if (!strcmp(type, "MEM"))
		return PDLPAR_DRC_TYPE_MEM;
	if (!strcmp(type, "PHB"))
		return PDLPAR_DRC_TYPE_PHB;
	if (!strcmp(type, "SLOT"))
		return PDLPAR_DRC_TYPE_SLOT;
	return PDLPAR_DRC_TYPE_OTHER;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_type_from_string);

/*
 * A cursor over an encoded property: a big-endian count, then cells or
 * NUL-terminated strings. Every read is bounds-checked.
 */
struct prop_cursor {
	const u8 *p;
	const u8 *end;
};

static bool cursor_u32(struct prop_cursor *c, u32 *val)
{
	if (c->end - c->p < 4)
		return false;
	*val = get_unaligned_be32(c->p);
	c->p += 4;
	return true;
}

static const char *cursor_string(struct prop_cursor *c)
{
	const char *s = (const char *)c->p;
	size_t n;

	if (c->p >= c->end)
		return NULL;
	n = strnlen(s, c->end - c->p);
	if (n == c->end - c->p)
		return NULL;
	c->p += n + 1;
	return s;
}

static void cursor_init(struct prop_cursor *c, const void *prop, int len)
{
	c->p = prop;
	c->end = c->p + (prop && len > 0 ? len : 0);
}

/* One ibm,drc-info entry: a run of DRCs of one type. */
struct drc_info_run {
	const char *type;
	const char *prefix;
	u32 start;		/* first index */
	u32 suffix;		/* first name suffix */
	u32 count;
	u32 inc;		/* index increment */
	u32 domain;		/* power domain */
};

static bool cursor_drc_info_run(struct prop_cursor *c, struct drc_info_run *r)
{
	r->type = cursor_string(c);
	r->prefix = cursor_string(c);
	return r->type && r->prefix && cursor_u32(c, &r->start) &&
	       cursor_u32(c, &r->suffix) && cursor_u32(c, &r->count) &&
	       cursor_u32(c, &r->inc) && cursor_u32(c, &r->domain);
}

/**
 * pdlpar_drc_find_legacy - look a DRC up in the four ibm,drc-* arrays
 * @indexes: ibm,drc-indexes and its length in bytes
 * @ilen: length of @indexes
 * @names: ibm,drc-names
 * @nlen: length of @names
 * @types: ibm,drc-types
 * @tlen: length of @types
 * @domains: ibm,drc-power-domains
 * @dlen: length of @domains
 * @index: the DRC index wanted
 * @drc: filled in on success (@drc->state is left alone)
 *
 * Entry i of each array describes the DRC at position i of ibm,drc-indexes.
 *
 * Return: 0; -ENOENT if @index is not there; -EINVAL if the arrays are
 * malformed or disagree in length.
 */
int pdlpar_drc_find_legacy(const void *indexes, int ilen,
			   const void *names, int nlen,
			   const void *types, int tlen,
			   const void *domains, int dlen,
			   u32 index, struct pdlpar_drc *drc)
{
	struct prop_cursor ci, cn, ct, cd;
	u32 n, nn, nt, nd, i, val, pd;
	const char *name, *type;

	cursor_init(&ci, indexes, ilen);
	cursor_init(&cn, names, nlen);
	cursor_init(&ct, types, tlen);
	cursor_init(&cd, domains, dlen);
	if (!cursor_u32(&ci, &n) || !cursor_u32(&cn, &nn) ||
	    !cursor_u32(&ct, &nt) || !cursor_u32(&cd, &nd))
		return -EINVAL;
	if (n != nn || n != nt || n != nd || n > (u32)(ilen / 4 - 1))
		return -EINVAL;

	for (i = 0; i < n; i++) {
		name = cursor_string(&cn);
		type = cursor_string(&ct);
		if (!cursor_u32(&ci, &val) || !cursor_u32(&cd, &pd) ||
		    !name || !type)
			return -EINVAL;
		if (val != index)
			continue;
		drc->index = index;
		drc->type = pdlpar_drc_type_from_string(type);
		strscpy(drc->name, name, sizeof(drc->name));
		drc->power_domain = (int)pd;
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_find_legacy);

/**
 * pdlpar_drc_find_info - look a DRC up in an ibm,drc-info property
 * @info: the property value
 * @len: its length in bytes
 * @index: the DRC index wanted
 * @drc: filled in on success (@drc->state is left alone)
 *
 * Each entry of ibm,drc-info describes a run of DRCs: type, name prefix,
 * first index, first name suffix, number of DRCs, index increment and
 * power domain. DRC i of the run has index first + i * increment and
 * name prefix followed by (first suffix + i).
 *
 * Return: 0; -ENOENT if @index is not there; -EINVAL if the property is
 * malformed.
 */
int pdlpar_drc_find_info(const void *info, int len, u32 index,
			 struct pdlpar_drc *drc)
{
	struct drc_info_run r;
	struct prop_cursor c;
	u32 n, e, i;

	cursor_init(&c, info, len);
	if (!cursor_u32(&c, &n))
		return -EINVAL;
	for (e = 0; e < n; e++) {
		if (!cursor_drc_info_run(&c, &r))
			return -EINVAL;
		if (!r.count || index < r.start)
			continue;
		if (r.inc) {
			if ((index - r.start) % r.inc)
				continue;
			i = (index - r.start) / r.inc;
		} else {
			i = index == r.start ? 0 : r.count;
		}
		if (i >= r.count)
			continue;
		drc->index = index;
		drc->type = pdlpar_drc_type_from_string(r.type);
		snprintf(drc->name, sizeof(drc->name), "%s%u", r.prefix,
			 r.suffix + i);
		drc->power_domain = (int)r.domain;
		return 0;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_find_info);

/**
 * pdlpar_drc_lookup - find a DRC in the device tree
 * @index: the DRC index
 * @drc: filled in on success, with @drc->state UNKNOWN; on failure only
 *	@drc->index is set
 *
 * Searches every node that carries ibm,drc-info, then every node that
 * carries the legacy ibm,drc-indexes arrays.
 *
 * Return: 0; -ENOENT if no node describes @index; -EINVAL if a property
 * describing DRCs is malformed.
 */
int pdlpar_drc_lookup(u32 index, struct pdlpar_drc *drc)
{
	const void *ind, *names, *types, *doms, *info;
	int ilen, nlen, tlen, dlen, len, rc;
	struct device_node *np;

	memset(drc, 0, sizeof(*drc));
	drc->index = index;
	for_each_node_with_property(np, "ibm,drc-info") {
		info = of_get_property(np, "ibm,drc-info", &len);
		rc = pdlpar_drc_find_info(info, len, index, drc);
		if (rc != -ENOENT) {
			of_node_put(np);
			return rc;
		}
	}
	for_each_node_with_property(np, "ibm,drc-indexes") {
		ind = of_get_property(np, "ibm,drc-indexes", &ilen);
		names = of_get_property(np, "ibm,drc-names", &nlen);
		types = of_get_property(np, "ibm,drc-types", &tlen);
		doms = of_get_property(np, "ibm,drc-power-domains", &dlen);
		rc = pdlpar_drc_find_legacy(ind, ilen, names, nlen, types, tlen,
					    doms, dlen, index, drc);
		if (rc != -ENOENT) {
			of_node_put(np);
			return rc;
		}
	}
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_lookup);

/**
 * pdlpar_drc_list_legacy - the DRCs of one type in ibm,drc-indexes/-types
 * @indexes: ibm,drc-indexes
 * @ilen: its length in bytes
 * @types: ibm,drc-types
 * @tlen: its length in bytes
 * @type: the type wanted
 * @out: where the indexes go
 * @max: room in @out
 *
 * Return: the number of DRCs found, or -EINVAL if the arrays are
 * malformed, or -E2BIG if there are more than @max.
 */
int pdlpar_drc_list_legacy(const void *indexes, int ilen, const void *types,
			   int tlen, enum pdlpar_drc_type type, u32 *out,
			   int max)
{
	struct prop_cursor ci, ct;
	const char *t;
	u32 n, nt, i, val;
	int found = 0;

	cursor_init(&ci, indexes, ilen);
	cursor_init(&ct, types, tlen);
	if (!cursor_u32(&ci, &n) || !cursor_u32(&ct, &nt) || n != nt)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		t = cursor_string(&ct);
		if (!cursor_u32(&ci, &val) || !t)
			return -EINVAL;
		if (pdlpar_drc_type_from_string(t) != type)
			continue;
		if (found == max)
			return -E2BIG;
		out[found++] = val;
	}
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_list_legacy);

/**
 * pdlpar_drc_list_info - the DRCs of one type in ibm,drc-info
 * @info: the property value
 * @len: its length in bytes
 * @type: the type wanted
 * @out: where the indexes go
 * @max: room in @out
 *
 * Return: the number of DRCs found, or -EINVAL if the property is
 * malformed, or -E2BIG if there are more than @max.
 */
int pdlpar_drc_list_info(const void *info, int len, enum pdlpar_drc_type type,
			 u32 *out, int max)
{
	struct drc_info_run r;
	struct prop_cursor c;
	int found = 0;
	u32 n, e, i;

	cursor_init(&c, info, len);
	if (!cursor_u32(&c, &n))
		return -EINVAL;
	for (e = 0; e < n; e++) {
		if (!cursor_drc_info_run(&c, &r))
			return -EINVAL;
		if (pdlpar_drc_type_from_string(r.type) != type)
			continue;
		for (i = 0; i < r.count; i++) {
			if (found == max)
				return -E2BIG;
			out[found++] = r.start + i * r.inc;
		}
	}
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_list_info);

/**
 * pdlpar_drc_list - the platform's DRCs of one type, from the device tree
 * @type: the type wanted
 * @out: where the indexes go
 * @max: room in @out
 *
 * Uses the first node whose ibm,drc-info, or failing that whose legacy
 * arrays, describe DRCs of @type.
 *
 * Return: the number of DRCs found (0 if none), or a negative errno from
 * the property parsers.
 */
int pdlpar_drc_list(enum pdlpar_drc_type type, u32 *out, int max)
{
	const void *ind, *types, *info;
	struct device_node *np;
	int ilen, tlen, len, n;

	for_each_node_with_property(np, "ibm,drc-info") {
		info = of_get_property(np, "ibm,drc-info", &len);
		n = pdlpar_drc_list_info(info, len, type, out, max);
		if (n) {
			of_node_put(np);
			return n;
		}
	}
	for_each_node_with_property(np, "ibm,drc-indexes") {
		ind = of_get_property(np, "ibm,drc-indexes", &ilen);
		types = of_get_property(np, "ibm,drc-types", &tlen);
		n = pdlpar_drc_list_legacy(ind, ilen, types, tlen, type, out,
					   max);
		if (n) {
			of_node_put(np);
			return n;
		}
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_drc_list);
