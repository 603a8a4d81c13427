// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: fetching a DRC's device-tree subtree with
 * ibm,configure-connector (PAPR 7.3.5; QEMU docs/specs/ppc-spapr-hotplug).
 *
 * Each call returns one step of a walk over the subtree: a new child or
 * sibling node (its name in the work area), a property of the current
 * node (name, length and value in the work area), ascend to the parent,
 * or done. The work area is the platform's state between calls: we never
 * touch it but to read the answer.
 *
 * The walk is bounded in calls, nodes, properties and depth, and every
 * offset the platform hands us is checked against the work area, so a
 * looping or malformed answer fails cleanly with nothing left allocated.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "pdlpar_compat.h"
#include "pdlpar_drc.h"

/* Work area words (PAPR table 7.60). */
#define WA_DRC_INDEX	0
#define WA_ZERO		1
#define WA_NAME_OFFSET	2
#define WA_PROP_LENGTH	3
#define WA_PROP_OFFSET	4
#define WA_HEADER_LEN	(5 * 4)

/*
 * Every step costs a call; a walk longer than this is looping. Busy
 * answers do not count: each step has a deadline of its own.
 */
#define CC_MAX_CALLS	(PDLPAR_CC_MAX_NODES * 2 + PDLPAR_CC_MAX_PROPS + 8)

struct cc_walk {
	const struct pdlpar_platform *plat;
	u32 index;
	bool configured;
	u8 *wa;
	struct of_changeset *ocs;	/* NULL: walk without keeping nodes */
	struct device_node *top;	/* parent of the fetched subtree */
	struct device_node *cur;	/* current node; NULL: none */
	unsigned int depth;		/* of the current node; 0: none */
	unsigned int nr_nodes;
	unsigned int nr_props;
};

static u32 wa_word(const u8 *wa, unsigned int word)
{
	return get_unaligned_be32(wa + word * 4);
}

/* A NUL-terminated string at @offset, inside the work area, or NULL. */
static const char *wa_string(const u8 *wa, u32 offset)
{
	const char *s;

	if (offset < WA_HEADER_LEN || offset >= PDLPAR_CC_WA_SIZE)
		return NULL;
	s = (const char *)wa + offset;
	if (!s[0] || strnlen(s, PDLPAR_CC_WA_SIZE - offset) ==
		     PDLPAR_CC_WA_SIZE - offset)
		return NULL;
	return s;
}

static int cc_new_node(struct cc_walk *w, bool sibling)
{
	const char *name = wa_string(w->wa, wa_word(w->wa, WA_NAME_OFFSET));
	struct device_node *parent, *np;

	if (!name) {
		pr_err("DRC 0x%08x: configure-connector: node name offset %u is outside the work area or unterminated\n",
		       w->index, wa_word(w->wa, WA_NAME_OFFSET));
		return -EPROTO;
	}
	if (sibling && !w->depth) {
		pr_err("DRC 0x%08x: configure-connector: sibling node \"%s\" before any node\n",
		       w->index, name);
		return -EPROTO;
	}
	if (!sibling && w->depth >= PDLPAR_CC_MAX_DEPTH) {
		pr_err("DRC 0x%08x: configure-connector: node \"%s\" nested deeper than %u\n",
		       w->index, name, PDLPAR_CC_MAX_DEPTH);
		return -E2BIG;
	}
	if (w->nr_nodes >= PDLPAR_CC_MAX_NODES) {
		pr_err("DRC 0x%08x: configure-connector: more than %u nodes\n",
		       w->index, PDLPAR_CC_MAX_NODES);
		return -E2BIG;
	}

	parent = sibling ? w->cur->parent : (w->cur ?: w->top);
	np = of_changeset_create_node(w->ocs, parent, name);
	if (!np)
		return -ENOMEM;
	w->cur = np;
	if (!sibling)
		w->depth++;
	w->nr_nodes++;
	return 0;
}

static int cc_new_property(struct cc_walk *w)
{
	u32 name_off = wa_word(w->wa, WA_NAME_OFFSET);
	u32 len = wa_word(w->wa, WA_PROP_LENGTH);
	u32 off = wa_word(w->wa, WA_PROP_OFFSET);
	const char *name = wa_string(w->wa, name_off);
	struct property *prop, **tail;

	if (!w->depth) {
		pr_err("DRC 0x%08x: configure-connector: property before any node\n",
		       w->index);
		return -EPROTO;
	}
	if (!name) {
		pr_err("DRC 0x%08x: configure-connector: property name offset %u is outside the work area or unterminated\n",
		       w->index, name_off);
		return -EPROTO;
	}
	if (off < WA_HEADER_LEN || off > PDLPAR_CC_WA_SIZE ||
	    len > PDLPAR_CC_WA_SIZE - off) {
		pr_err("DRC 0x%08x: configure-connector: property \"%s\" value (offset %u, length %u) runs past the work area\n",
		       w->index, name, off, len);
		return -EPROTO;
	}
	if (w->nr_props >= PDLPAR_CC_MAX_PROPS) {
		pr_err("DRC 0x%08x: configure-connector: more than %u properties\n",
		       w->index, PDLPAR_CC_MAX_PROPS);
		return -E2BIG;
	}
	w->nr_props++;

	/*
	 * The node is detached and ours until the changeset is applied, so
	 * the property goes straight onto its list; of_node_release() frees
	 * it with the node (three allocations, as it expects).
	 */
	prop = kzalloc_obj(*prop, GFP_KERNEL);
	if (!prop)
		return -ENOMEM;
	prop->name = kstrdup(name, GFP_KERNEL);
	prop->value = kmemdup(w->wa + off, len, GFP_KERNEL);
	if (!prop->name || (!prop->value && len)) {
		kfree(prop->name);
		kfree(prop->value);
		kfree(prop);
		return -ENOMEM;
	}
	prop->length = len;
	for (tail = &w->cur->properties; *tail; tail = &(*tail)->next)
		;
	*tail = prop;
	return 0;
}

static int cc_ascend(struct cc_walk *w)
{
	if (!w->depth) {
		pr_err("DRC 0x%08x: configure-connector: ascend above the subtree's root\n",
		       w->index);
		return -EPROTO;
	}
	w->depth--;
	w->cur = w->depth ? w->cur->parent : NULL;
	return 0;
}

static int cc_step(struct cc_walk *w, int status)
{
	switch (status) {
	case PDLPAR_CC_NEXT_SIBLING:
		return cc_new_node(w, true);
	case PDLPAR_CC_NEXT_CHILD:
		return cc_new_node(w, false);
	case PDLPAR_CC_NEXT_PROPERTY:
		return cc_new_property(w);
	default:
		return cc_ascend(w);
	}
}

/* One step of the walk: a call, retried while busy until its deadline. */
static int cc_call(struct cc_walk *w)
{
	ktime_t deadline = pdlpar_rtas_deadline(w->plat);
	int status;

	do {
		status = w->plat->configure_connector(w->plat, w->wa);
	} while (pdlpar_rtas_retry(w->plat, status, deadline));
	return status;
}

/*
 * Without a changeset the walk only has to reach its end: it may resume
 * one that stopped half-way, so the steps' shape is not checked; the
 * bound on calls still holds.
 */
static int cc_walk(struct cc_walk *w)
{
	unsigned int calls;
	int status, rc;

	put_unaligned_be32(w->index, w->wa + WA_DRC_INDEX * 4);
	put_unaligned_be32(0, w->wa + WA_ZERO * 4);

	for (calls = 0; calls < CC_MAX_CALLS; calls++) {
		status = cc_call(w);
		switch (status) {
		case PDLPAR_CC_COMPLETE:
			/* The platform now has the DRC configured. */
			w->configured = true;
			/* Finishing an interrupted walk may give no node. */
			if (w->ocs && !w->nr_nodes) {
				pr_err("DRC 0x%08x: configure-connector completed without a node\n",
				       w->index);
				return -EPROTO;
			}
			return 0;
		case PDLPAR_CC_NEXT_SIBLING:
		case PDLPAR_CC_NEXT_CHILD:
		case PDLPAR_CC_NEXT_PROPERTY:
		case PDLPAR_CC_PREV_PARENT:
			rc = w->ocs ? cc_step(w, status) : 0;
			break;
		case PDLPAR_CC_MORE_MEMORY:
			pr_err("DRC 0x%08x: configure-connector asked for a second work area, which we do not provide\n",
			       w->index);
			return -ENOSPC;
		default:
			pr_err("DRC 0x%08x: configure-connector failed, RTAS status %d\n",
			       w->index, status);
			return pdlpar_rtas_errno(status) ?: -EIO;
		}
		if (rc)
			return rc;
	}
	pr_err("DRC 0x%08x: configure-connector did not complete in %u calls\n",
	       w->index, CC_MAX_CALLS);
	return -ELOOP;
}

/**
 * pdlpar_cc_walk - walk ibm,configure-connector for a DRC
 * @plat: the platform
 * @index: an unisolated DRC's index
 * @parent: where the subtree will be attached (e.g. /cpus); NULL to walk
 *	the subtree only to bring the DRC to CONFIGURED, keeping nothing
 * @frag: filled in with the nodes on success; NULL if @parent is NULL
 * @configured: set when the platform said the walk is complete, which
 *	leaves the DRC configured on its side even if the answer was bad
 *
 * The walk only: the DRC's state is drc.c's to change, which does it in
 * pdlpar_drc_configure(). Busy statuses are retried, each step of the
 * walk within its own deadline (pdlpar_rtas_retry()); any other failure,
 * malformed answer or walk over the bounds frees whatever was fetched.
 *
 * Return: 0; -EPROTO for a malformed answer, -E2BIG past a bound, -ELOOP
 * if the walk does not end, -ENOSPC if the platform wants a second work
 * area, -ENOMEM, or an errno from pdlpar_rtas_errno().
 */
int pdlpar_cc_walk(const struct pdlpar_platform *plat, u32 index,
		   struct device_node *parent, struct pdlpar_dt_fragment *frag,
		   bool *configured)
{
	struct cc_walk w = {
		.plat = plat,
		.index = index,
		.top = parent,
	};
	struct pdlpar_dt_fragment tmp = { };
	int rc;

	w.wa = kzalloc(PDLPAR_CC_WA_SIZE, GFP_KERNEL);
	if (!w.wa)
		return -ENOMEM;
	if (parent && frag) {
		w.ocs = kzalloc_obj(*w.ocs, GFP_KERNEL);
		if (!w.ocs) {
			kfree(w.wa);
			return -ENOMEM;
		}
		of_changeset_init(w.ocs);
	}

	rc = cc_walk(&w);
	kfree(w.wa);
	*configured = w.configured;

	tmp.ocs = w.ocs;
	tmp.nr_nodes = w.nr_nodes;
	tmp.nr_props = w.nr_props;
	if (rc) {
		pdlpar_dt_fragment_free(&tmp);
		return rc;
	}
	if (frag)
		*frag = tmp;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_cc_walk);

/**
 * pdlpar_dt_fragment_free - free fetched nodes that are not in the tree
 * @frag: the fragment, never applied or reverted (every node detached);
 *	emptied
 */
void pdlpar_dt_fragment_free(struct pdlpar_dt_fragment *frag)
{
	struct of_changeset_entry *ce;

	if (!frag->ocs)
		return;
	/* Drop the reference of_changeset_create_node() gave us ... */
	list_for_each_entry(ce, &frag->ocs->entries, node)
		if (ce->action == OF_RECONFIG_ATTACH_NODE)
			of_node_put(ce->np);
	/* ... and the changeset's: the detached nodes are freed. */
	of_changeset_destroy(frag->ocs);
	kfree(frag->ocs);
	memset(frag, 0, sizeof(*frag));
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_dt_fragment_free);

/**
 * pdlpar_dt_fragment_applied - let go of a fragment whose nodes are attached
 * @frag: a fragment whose changeset was applied; emptied
 *
 * The nodes now belong to the device tree: the reference each node was
 * created with becomes the tree's, and only the changeset goes.
 */
void pdlpar_dt_fragment_applied(struct pdlpar_dt_fragment *frag)
{
	if (!frag->ocs)
		return;
	of_changeset_destroy(frag->ocs);
	kfree(frag->ocs);
	memset(frag, 0, sizeof(*frag));
}
