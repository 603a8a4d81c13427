/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: the request model shared by every part of the module.
 *
 * A request says what the hypervisor or the administrator asked for; it
 * does not know where it came from beyond @source, nor who will carry it
 * out. Both parsers fill one in and nothing else does.
 */
#ifndef _PDLPAR_H
#define _PDLPAR_H

#include <linux/types.h>

/* Resource types, as numbered in the hotplug ("HP") event log section. */
enum pdlpar_resource {
	PDLPAR_RES_CPU = 1,
	PDLPAR_RES_MEM = 2,
	PDLPAR_RES_SLOT = 3,
	PDLPAR_RES_PHB = 4,
	PDLPAR_RES_PCI = 5,
	PDLPAR_RES_PMEM = 6,
	/* Not from the hypervisor: /sys/kernel/dlpar's device-tree updates. */
	PDLPAR_RES_DT = 7,
};

enum pdlpar_action {
	PDLPAR_ACT_ADD = 1,
	PDLPAR_ACT_REMOVE = 2,
};

/* How the request names its DRCs, as numbered in the HP section. */
enum pdlpar_id_type {
	PDLPAR_ID_NAME = 1,
	PDLPAR_ID_INDEX = 2,
	PDLPAR_ID_COUNT = 3,
	PDLPAR_ID_INDEXED_COUNT = 4,
};

enum pdlpar_source {
	PDLPAR_SRC_HYPERVISOR,
	PDLPAR_SRC_SYSFS,
};

/* Longest DRC name we accept, with its NUL (PAPR location codes fit). */
#define PDLPAR_DRC_NAME_MAX	80

/**
 * struct pdlpar_request - one DLPAR request, whoever sent it
 * @source: the hypervisor (an RTAS hotplug event) or /sys/kernel/dlpar.
 * @resource: an enum pdlpar_resource.
 * @action: an enum pdlpar_action.
 * @id_type: an enum pdlpar_id_type; says which of the fields below are set.
 * @index: first DRC index, for %PDLPAR_ID_INDEX and
 *	%PDLPAR_ID_INDEXED_COUNT.
 * @count: number of DRCs, for %PDLPAR_ID_COUNT and
 *	%PDLPAR_ID_INDEXED_COUNT; never 0.
 * @name: DRC name, NUL-terminated, for %PDLPAR_ID_NAME.
 */
struct pdlpar_request {
	enum pdlpar_source source;
	u8 resource;
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
	char name[PDLPAR_DRC_NAME_MAX];
};

/* Size of the section header that starts every v6 extended log section. */
#define PDLPAR_SECTION_HDR_LEN	8
/* The HP section: header, type/action/identifier/reserved, 8-byte union. */
#define PDLPAR_HP_SECTION_LEN	(PDLPAR_SECTION_HDR_LEN + 4 + 8)
#define PDLPAR_SECTION_ID_HP	0x4850	/* "HP" */

/* Longest write to /sys/kernel/dlpar that pdlpar_parse_sysfs() accepts. */
#define PDLPAR_SYSFS_MAX	128

/**
 * enum pdlpar_event_class - what becomes of a hypervisor hotplug event
 * @PDLPAR_EVENT_REFUSED: no readable HP section, or one that fails strict
 *	decoding; one line in the kernel log says why.
 * @PDLPAR_EVENT_HAND_BACK: an I/O (PCI, slot, PHB) event, for the built-in
 *	code to pass to rtas_errd; only its resource was read.
 * @PDLPAR_EVENT_REQUEST: a request for the module to carry out.
 */
enum pdlpar_event_class {
	PDLPAR_EVENT_REFUSED = 1,
	PDLPAR_EVENT_HAND_BACK,
	PDLPAR_EVENT_REQUEST,
};

/*
 * The parsers return 0, or -EINVAL for a malformed event log or sysfs
 * write (-E2BIG for a sysfs write longer than PDLPAR_SYSFS_MAX), and
 * leave *req untouched on error.
 */
int pdlpar_parse_event(const void *log, size_t len, struct pdlpar_request *req);
enum pdlpar_event_class pdlpar_classify_event(const void *log, size_t len,
					      struct pdlpar_request *req);
struct va_format;
void pdlpar_event_log_refusal(struct va_format *vaf);
int pdlpar_parse_sysfs(const char *buf, size_t count,
		       struct pdlpar_request *req);
int pdlpar_format_request(const struct pdlpar_request *req, char *buf,
			  size_t size);

const char *pdlpar_resource_name(unsigned int resource);
const char *pdlpar_action_name(unsigned int action);

#endif /* _PDLPAR_H */
