// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: parse an RTAS hotplug event log into a struct
 * pdlpar_request.
 *
 * The log is what rtas check-exception wrote into its buffer, all
 * big-endian:
 *
 *   0  rtas_error_log header (8 bytes): version, flags, ..., type and the
 *      length of everything after it (the extended log);
 *   8  v6 extended log header (16 bytes): flags, log format, company id;
 *  24  sections, each with an 8-byte header (id, length, version,
 *      subtype, creator) and running to the end of the extended log.
 *
 * Exactly one of the sections must be the hotplug ("HP") section.
 *
 * Errors: every malformed log gives -EINVAL and one rate-limited log
 * line naming the field and its bad value; the caller can only drop the
 * event, so finer errnos would tell it nothing. *req is written only
 * on success.
 *
 * This runs from the RTAS event interrupt handler: it must not sleep or
 * allocate, and every walk over the log is bounded by its length.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "pdlpar.h"

/* rtas_error_log: the fixed header. */
#define ELOG_HDR_LEN		8
#define ELOG_VERSION		0	/* u8 */
#define ELOG_FLAGS		1	/* u8 */
#define ELOG_EXT_LEN		4	/* be32 */
#define ELOG_VERSION_6		6
#define ELOG_FLAG_EXTENDED	0x04

/* rtas_ext_event_log_v6: the extended log header, at ELOG_HDR_LEN. */
#define V6_HDR_LEN		16
#define V6_FORMAT		2	/* u8, low nibble */
#define V6_FORMAT_MASK		0x0f
#define V6_COMPANY		12	/* be32 */
#define V6_FORMAT_EVENT_LOG	14
#define V6_COMPANY_IBM		0x49424d00	/* "IBM\0" */

/* Section header, PDLPAR_SECTION_HDR_LEN bytes. */
#define SECT_ID			0	/* be16 */
#define SECT_LEN		2	/* be16, header included */

/* HP section body, after the section header. */
#define HP_RESOURCE		0
#define HP_ACTION		1
#define HP_ID_TYPE		2
#define HP_FIXED_LEN		4	/* resource, action, id_type, reserved */
#define HP_UNION		(PDLPAR_SECTION_HDR_LEN + HP_FIXED_LEN)

static int parse_hp_section(const u8 *sect, unsigned int slen, size_t off,
			    struct pdlpar_request *r)
{
	const u8 *u = sect + HP_UNION;
	unsigned int need;

	if (slen < HP_UNION) {
		pr_err_ratelimited("event: HP section at offset %zu is %u bytes, too short for its %u-byte header and resource/action/id type\n",
				   off, slen, HP_UNION);
		return -EINVAL;
	}

	r->resource = sect[PDLPAR_SECTION_HDR_LEN + HP_RESOURCE];
	r->action = sect[PDLPAR_SECTION_HDR_LEN + HP_ACTION];
	r->id_type = sect[PDLPAR_SECTION_HDR_LEN + HP_ID_TYPE];

	/* PDLPAR_RES_DT only ever comes from /sys/kernel/dlpar. */
	if (r->resource < PDLPAR_RES_CPU || r->resource > PDLPAR_RES_PMEM) {
		pr_err_ratelimited("event: unknown HP resource %u\n",
				   r->resource);
		return -EINVAL;
	}
	if (r->action != PDLPAR_ACT_ADD && r->action != PDLPAR_ACT_REMOVE) {
		pr_err_ratelimited("event: unknown HP action %u\n", r->action);
		return -EINVAL;
	}

	switch (r->id_type) {
	case PDLPAR_ID_INDEX:
	case PDLPAR_ID_COUNT:
		need = 4;
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		need = 8;
		break;
	case PDLPAR_ID_NAME:
		need = 1;
		break;
	default:
		pr_err_ratelimited("event: unknown HP identifier type %u\n",
				   r->id_type);
		return -EINVAL;
	}

	if (slen - HP_UNION < need) {
		pr_err_ratelimited("event: HP section length %u leaves %u bytes for the identifier, identifier type %u needs %u\n",
				   slen, slen - HP_UNION, r->id_type, need);
		return -EINVAL;
	}

	switch (r->id_type) {
	case PDLPAR_ID_INDEX:
		r->index = get_unaligned_be32(u);
		break;
	case PDLPAR_ID_COUNT:
		r->count = get_unaligned_be32(u);
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		r->count = get_unaligned_be32(u);
		r->index = get_unaligned_be32(u + 4);
		break;
	case PDLPAR_ID_NAME: {
		const u8 *nul = memchr(u, '\0', slen - HP_UNION);
		size_t nlen, i;

		if (!nul) {
			pr_err_ratelimited("event: DRC name is not NUL-terminated within the %u-byte HP section\n",
					   slen);
			return -EINVAL;
		}
		nlen = nul - u;
		if (!nlen) {
			pr_err_ratelimited("event: DRC name is empty\n");
			return -EINVAL;
		}
		if (nlen >= PDLPAR_DRC_NAME_MAX) {
			pr_err_ratelimited("event: DRC name length %zu exceeds the limit of %d\n",
					   nlen, PDLPAR_DRC_NAME_MAX - 1);
			return -EINVAL;
		}
		for (i = 0; i < nlen; i++) {
			if (u[i] < 0x20 || u[i] > 0x7e) {
				pr_err_ratelimited("event: DRC name byte %zu is 0x%02x, not printable ASCII\n",
						   i, u[i]);
				return -EINVAL;
			}
		}
		memcpy(r->name, u, nlen);
		break;
	}
	}

	if ((r->id_type == PDLPAR_ID_COUNT ||
	     r->id_type == PDLPAR_ID_INDEXED_COUNT) && !r->count) {
		pr_err_ratelimited("event: DRC count 0; at least 1 is needed\n");
		return -EINVAL;
	}

	return 0;
}

/**
 * pdlpar_parse_event() - parse an RTAS hotplug event log
 * @log: the log, as rtas check-exception returned it.
 * @len: size of the buffer holding @log; the log may be shorter.
 * @req: filled in on success, untouched on failure.
 *
 * Checks the rtas_error_log and v6 extended headers, walks the sections
 * of the extended log (each must lie wholly inside it) and decodes the
 * one hotplug section into @req, with @req->source set to
 * %PDLPAR_SRC_HYPERVISOR and the fields the identifier type does not use
 * zeroed. Safe in hard-IRQ context: it neither sleeps nor allocates.
 *
 * Return: 0 on success, -EINVAL if the log is malformed in any way (one
 * rate-limited line in the kernel log says why).
 */
int pdlpar_parse_event(const void *log, size_t len, struct pdlpar_request *req)
{
	const u8 *p = log;
	struct pdlpar_request r;
	const u8 *hp = NULL;
	unsigned int hp_len = 0;
	size_t off, end, hp_off = 0;
	u32 ext_len, company;
	u8 format;
	int ret;

	if (!p || len < ELOG_HDR_LEN) {
		pr_err_ratelimited("event: log of %zu bytes is shorter than its %d-byte header\n",
				   p ? len : 0, ELOG_HDR_LEN);
		return -EINVAL;
	}
	if (p[ELOG_VERSION] != ELOG_VERSION_6) {
		pr_err_ratelimited("event: log version %u, expected %d\n",
				   p[ELOG_VERSION], ELOG_VERSION_6);
		return -EINVAL;
	}
	if (!(p[ELOG_FLAGS] & ELOG_FLAG_EXTENDED)) {
		pr_err_ratelimited("event: extended log flag clear in byte 1 (0x%02x)\n",
				   p[ELOG_FLAGS]);
		return -EINVAL;
	}
	ext_len = get_unaligned_be32(p + ELOG_EXT_LEN);
	if (ext_len > len - ELOG_HDR_LEN) {
		pr_err_ratelimited("event: extended log length %u exceeds the %zu-byte buffer\n",
				   ext_len, len);
		return -EINVAL;
	}
	if (ext_len < V6_HDR_LEN) {
		pr_err_ratelimited("event: extended log length %u is shorter than the %d-byte v6 header\n",
				   ext_len, V6_HDR_LEN);
		return -EINVAL;
	}
	format = p[ELOG_HDR_LEN + V6_FORMAT] & V6_FORMAT_MASK;
	if (format != V6_FORMAT_EVENT_LOG) {
		pr_err_ratelimited("event: log format %u, expected %d\n",
				   format, V6_FORMAT_EVENT_LOG);
		return -EINVAL;
	}
	company = get_unaligned_be32(p + ELOG_HDR_LEN + V6_COMPANY);
	if (company != V6_COMPANY_IBM) {
		pr_err_ratelimited("event: company id 0x%08x, expected 0x%08x\n",
				   company, V6_COMPANY_IBM);
		return -EINVAL;
	}

	/*
	 * Every section is at least PDLPAR_SECTION_HDR_LEN bytes long, so
	 * this walk ends after at most ext_len / 8 steps.
	 */
	end = ELOG_HDR_LEN + (size_t)ext_len;
	for (off = ELOG_HDR_LEN + V6_HDR_LEN; off < end; ) {
		unsigned int id, slen;

		if (end - off < PDLPAR_SECTION_HDR_LEN) {
			pr_err_ratelimited("event: section header at offset %zu does not fit in the %zu bytes left of the extended log\n",
					   off, end - off);
			return -EINVAL;
		}
		id = get_unaligned_be16(p + off + SECT_ID);
		slen = get_unaligned_be16(p + off + SECT_LEN);
		if (slen < PDLPAR_SECTION_HDR_LEN) {
			pr_err_ratelimited("event: section 0x%04x at offset %zu has length %u, shorter than its %d-byte header\n",
					   id, off, slen, PDLPAR_SECTION_HDR_LEN);
			return -EINVAL;
		}
		if (slen > end - off) {
			pr_err_ratelimited("event: section 0x%04x at offset %zu has length %u, past the end of the extended log at offset %zu\n",
					   id, off, slen, end);
			return -EINVAL;
		}
		if (id == PDLPAR_SECTION_ID_HP) {
			if (hp) {
				pr_err_ratelimited("event: second HP section at offset %zu (the first is at %zu)\n",
						   off, hp_off);
				return -EINVAL;
			}
			hp = p + off;
			hp_off = off;
			hp_len = slen;
		}
		off += slen;
	}

	if (!hp) {
		pr_err_ratelimited("event: no HP section in the %u-byte extended log\n",
				   ext_len);
		return -EINVAL;
	}

	memset(&r, 0, sizeof(r));
	r.source = PDLPAR_SRC_HYPERVISOR;
	ret = parse_hp_section(hp, hp_len, hp_off, &r);
	if (ret)
		return ret;

	memcpy(req, &r, sizeof(*req));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_parse_event);
