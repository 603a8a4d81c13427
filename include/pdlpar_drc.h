/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: the boundary to the hypervisor and the DRC protocol.
 *
 * Every RTAS call the module makes goes through a struct pdlpar_platform,
 * so that KUnit can drive the real protocol code against a fake PAPR
 * platform and fail any call on demand.
 */
#ifndef _PDLPAR_DRC_H
#define _PDLPAR_DRC_H

#include <linux/ktime.h>
#include <linux/types.h>

struct device_node;
struct of_changeset;

/* RTAS sensor and indicator types for DRCs (PAPR 13.5.3.4, table 13.7). */
#define PDLPAR_ISOLATION_STATE		9001
#define PDLPAR_DR_INDICATOR		9002
#define PDLPAR_ALLOCATION_STATE		9003
#define PDLPAR_DR_ENTITY_SENSE		9003	/* get-sensor-state */

/* isolation-state values */
#define PDLPAR_ISOLATE			0
#define PDLPAR_UNISOLATE		1

/* allocation-state values */
#define PDLPAR_ALLOC_UNUSABLE		0
#define PDLPAR_ALLOC_USABLE		1

/* dr-entity-sense values */
#define PDLPAR_SENSE_EMPTY		0
#define PDLPAR_SENSE_PRESENT		1
#define PDLPAR_SENSE_UNUSABLE		2

/* RTAS status values (PAPR 7.2.8) the protocol code tells apart. */
#define PDLPAR_RTAS_OK			0
#define PDLPAR_RTAS_HW_ERROR		-1
#define PDLPAR_RTAS_BUSY		-2
#define PDLPAR_RTAS_PARAM_ERROR		-3
#define PDLPAR_RTAS_DELAY_MIN		9900
#define PDLPAR_RTAS_DELAY_MAX		9905
#define PDLPAR_RTAS_CC_NOT_CONFIGURABLE	-9003

/* ibm,configure-connector status values (PAPR 7.3.5, table 7.59). */
#define PDLPAR_CC_COMPLETE		0
#define PDLPAR_CC_NEXT_SIBLING		1
#define PDLPAR_CC_NEXT_CHILD		2
#define PDLPAR_CC_NEXT_PROPERTY		3
#define PDLPAR_CC_PREV_PARENT		4
#define PDLPAR_CC_MORE_MEMORY		5

/* The work area configure-connector reads and writes: one 4 KiB page. */
#define PDLPAR_CC_WA_SIZE		4096

/**
 * struct pdlpar_platform - the RTAS calls the DRC protocol needs
 * @get_sensor: rtas get-sensor-state; stores the value in @state.
 * @set_indicator: rtas set-indicator.
 * @configure_connector: rtas ibm,configure-connector on a
 *	%PDLPAR_CC_WA_SIZE work area that the callee may read and write.
 * @delay: wait before retrying a busy call: sleep @ms milliseconds, or
 *	only give the CPU away (cond_resched()) for 0.
 * @now: a monotonic clock, for the deadline of busy retries.
 *
 * Each RTAS call returns the raw RTAS status. They are called with no
 * locks held and may sleep.
 */
struct pdlpar_platform {
	int (*get_sensor)(const struct pdlpar_platform *plat, int sensor,
			  u32 index, int *state);
	int (*set_indicator)(const struct pdlpar_platform *plat, int indicator,
			     u32 index, int value);
	int (*configure_connector)(const struct pdlpar_platform *plat,
				   void *work_area);
	void (*delay)(const struct pdlpar_platform *plat, unsigned int ms);
	ktime_t (*now)(const struct pdlpar_platform *plat);
};

/* Our view of a logical DRC, in the order PAPR moves through them. */
enum pdlpar_drc_state {
	PDLPAR_DRC_UNKNOWN = 0,
	PDLPAR_DRC_UNUSABLE = 1,
	PDLPAR_DRC_AVAILABLE = 2,
	PDLPAR_DRC_UNISOLATED = 3,
	PDLPAR_DRC_CONFIGURED = 4,
};

/* DRC types, from the ibm,drc-types strings. */
enum pdlpar_drc_type {
	PDLPAR_DRC_TYPE_OTHER = 0,
	PDLPAR_DRC_TYPE_CPU,
	PDLPAR_DRC_TYPE_MEM,
	PDLPAR_DRC_TYPE_PHB,
	PDLPAR_DRC_TYPE_SLOT,
};

/**
 * struct pdlpar_drc - one DRC as the module sees it
 * @index: the DRC index.
 * @type: what it connects.
 * @name: its ibm,drc-names / drc-info name.
 * @power_domain: its power domain (-1: live insertion).
 * @state: the state our last successful RTAS call left it in.
 */
struct pdlpar_drc {
	u32 index;
	enum pdlpar_drc_type type;
	char name[32];
	int power_domain;
	enum pdlpar_drc_state state;
};

extern const struct pdlpar_platform pdlpar_rtas_platform;

/*
 * How long one RTAS operation - a call and its busy retries - may go on.
 * PowerVM answers 990x for seconds while it moves a resource between
 * partitions, so the bound must be generous; but a hypervisor still busy
 * after a minute on a single call is stuck, and the request (with the
 * DLPAR queue behind it and drmgr waiting on it) must fail rather than
 * hang for ever. It is measured on a clock, not summed from the delays
 * asked for: the calls themselves and the sleeps' overshoot count too.
 */
#define PDLPAR_RTAS_STEP_TIMEOUT_MS	60000

/*
 * The longest single sleep. A hint may ask for 100 s (9905); polling such
 * a call once a second costs nothing, and it may be ready sooner.
 */
#define PDLPAR_RTAS_MAX_DELAY_MS	1000U

int pdlpar_rtas_errno(int status);
unsigned int pdlpar_rtas_delay_ms(int status);
ktime_t pdlpar_rtas_deadline(const struct pdlpar_platform *plat);
bool pdlpar_rtas_retry(const struct pdlpar_platform *plat, int status,
		       ktime_t deadline);

int pdlpar_drc_sense(const struct pdlpar_platform *plat, u32 index,
		     int *sense);
int pdlpar_drc_acquire(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc);
int pdlpar_drc_try_acquire(const struct pdlpar_platform *plat,
			   struct pdlpar_drc *drc);
bool pdlpar_drc_acquire_refused(int rc, const struct pdlpar_drc *drc);
int pdlpar_drc_release(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc);
int pdlpar_drc_isolate(const struct pdlpar_platform *plat,
		       struct pdlpar_drc *drc);
int pdlpar_drc_unallocate(const struct pdlpar_platform *plat,
			  struct pdlpar_drc *drc);
int pdlpar_drc_reconfigure(const struct pdlpar_platform *plat,
			   struct pdlpar_drc *drc);
int dlpar_unisolate_drc(const struct pdlpar_platform *plat,
			struct pdlpar_drc *drc);

const char *pdlpar_drc_state_name(enum pdlpar_drc_state state);
void pdlpar_drc_set_state(struct pdlpar_drc *drc, enum pdlpar_drc_state to);
enum pdlpar_drc_type pdlpar_drc_type_from_string(const char *type);

int pdlpar_drc_find_legacy(const void *indexes, int ilen,
			   const void *names, int nlen,
			   const void *types, int tlen,
			   const void *domains, int dlen,
			   u32 index, struct pdlpar_drc *drc);
int pdlpar_drc_find_info(const void *info, int len, u32 index,
			 struct pdlpar_drc *drc);
int pdlpar_drc_lookup(u32 index, struct pdlpar_drc *drc);
int pdlpar_drc_list_legacy(const void *indexes, int ilen, const void *types,
			   int tlen, enum pdlpar_drc_type type, u32 *out,
			   int max);
int pdlpar_drc_list_info(const void *info, int len, enum pdlpar_drc_type type,
			 u32 *out, int max);
int pdlpar_drc_list(enum pdlpar_drc_type type, u32 *out, int max);

/* Bounds that make a looping or malformed configure-connector fail. */
#define PDLPAR_CC_MAX_NODES		64
#define PDLPAR_CC_MAX_PROPS		1024
#define PDLPAR_CC_MAX_DEPTH		8

/**
 * struct pdlpar_dt_fragment - nodes fetched with configure-connector
 * @ocs: a changeset that attaches every fetched node, parents first.
 * @nr_nodes: number of nodes fetched.
 * @nr_props: number of properties fetched.
 *
 * Until the changeset is applied the nodes belong to the fragment and
 * pdlpar_dt_fragment_free() frees them.
 */
struct pdlpar_dt_fragment {
	struct of_changeset *ocs;
	unsigned int nr_nodes;
	unsigned int nr_props;
};

int pdlpar_cc_walk(const struct pdlpar_platform *plat, u32 index,
		   struct device_node *parent, struct pdlpar_dt_fragment *frag,
		   bool *configured);
int pdlpar_drc_configure(const struct pdlpar_platform *plat,
			 struct pdlpar_drc *drc, struct device_node *parent,
			 struct pdlpar_dt_fragment *frag);
void pdlpar_dt_fragment_free(struct pdlpar_dt_fragment *frag);
void pdlpar_dt_fragment_applied(struct pdlpar_dt_fragment *frag);

#endif /* _PDLPAR_DRC_H */
