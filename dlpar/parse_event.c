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
 *      subtype, creator).
 *
 * Parsing is two steps. The first finds the hotplug ("HP") section: it
 * checks the headers and walks the sections up to the first HP section,
 * which must hold at least its fixed fields (resource, action, identifier
 * type). What follows the HP section -- padding, other sections, a second
 * HP section -- is not looked at. The second step decodes the HP section
 * strictly. pdlpar_classify_event() stops after the first step for I/O
 * events (PCI, slot, PHB), which belong to rtas_errd: the built-in code
 * passes them on, so the strict decoding must not keep them from it.
 *
 * Log versions 6 and later are read; later versions keep the v6 layout.
 * Versions before 6 have no sections, so no HP section.
 *
 * Errors: a refused log gives -EINVAL (or PDLPAR_EVENT_REFUSED) and
 * exactly one rate-limited log line, through pdlpar_event_log_refusal(),
 * naming the field and its bad value. The caller can only drop the event,
 * so finer errnos would tell it nothing. *req is written only on success.
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
#include <kunit/static_stub.h>
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

/**
 * pdlpar_event_log_refusal() - log why a hypervisor event log was refused
 * @vaf: the reason, naming the field and its value, without a newline.
 *
 * Every refused log is reported here exactly once, so that KUnit can
 * count and read the lines (it redirects this function). Rate-limited
 * as a whole: a flood of bad events cannot flood the kernel log.
 */
void pdlpar_event_log_refusal(struct va_format *vaf)
{
	KUNIT_STATIC_STUB_REDIRECT(pdlpar_event_log_refusal, vaf);
	pr_err_ratelimited("event: %pV\n", vaf);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_event_log_refusal);

static __printf(1, 2) void event_err(const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pdlpar_event_log_refusal(&vaf);
	va_end(args);
}

/* The HP section of a log: where it starts and its length. */
struct hp_section {
	const u8 *p;
	unsigned int len;
};

/*
 * Check the headers and walk the sections to the first HP section. On
 * success *hp holds a section that lies wholly inside the extended log,
 * which lies wholly inside the @len bytes at @p, and that is at least
 * HP_UNION bytes long. Otherwise one line says why.
 *
 * The built-in handler, given an event back, walks the sections the same
 * way (first HP section wins, each section's length read as is) and
 * dereferences what it finds without checking: a log this accepts leads
 * it to the same HP section, through sections this has checked.
 */
static bool find_hp_section(const u8 *p, size_t len, struct hp_section *hp)
{
	size_t off, end;
	u32 ext_len, company;
	u8 format;

	if (!p || len < ELOG_HDR_LEN) {
		event_err("log of %zu bytes is shorter than its %d-byte header",
			  p ? len : 0, ELOG_HDR_LEN);
		return false;
	}
	if (p[ELOG_VERSION] < ELOG_VERSION_6) {
		event_err("log version %u, expected %d or later (earlier logs have no HP section)",
			  p[ELOG_VERSION], ELOG_VERSION_6);
		return false;
	}
	if (!(p[ELOG_FLAGS] & ELOG_FLAG_EXTENDED)) {
		event_err("extended log flag clear in byte 1 (0x%02x)",
			  p[ELOG_FLAGS]);
		return false;
	}
	ext_len = get_unaligned_be32(p + ELOG_EXT_LEN);
	if (ext_len > len - ELOG_HDR_LEN) {
		event_err("extended log length %u exceeds the %zu-byte buffer",
			  ext_len, len);
		return false;
	}
	if (ext_len < V6_HDR_LEN) {
		event_err("extended log length %u is shorter than the %d-byte v6 header",
			  ext_len, V6_HDR_LEN);
		return false;
	}
	format = p[ELOG_HDR_LEN + V6_FORMAT] & V6_FORMAT_MASK;
	if (format != V6_FORMAT_EVENT_LOG) {
		event_err("log format %u, expected %d", format,
			  V6_FORMAT_EVENT_LOG);
		return false;
	}
	company = get_unaligned_be32(p + ELOG_HDR_LEN + V6_COMPANY);
	if (company != V6_COMPANY_IBM) {
		event_err("company id 0x%08x, expected 0x%08x", company,
			  V6_COMPANY_IBM);
		return false;
	}

	/*
	 * Every section is at least PDLPAR_SECTION_HDR_LEN bytes long, so
	 * this walk ends after at most ext_len / 8 steps.
	 */
	end = ELOG_HDR_LEN + (size_t)ext_len;
	for (off = ELOG_HDR_LEN + V6_HDR_LEN; off < end; ) {
		unsigned int id, slen;

		if (end - off < PDLPAR_SECTION_HDR_LEN) {
			event_err("section header at offset %zu does not fit in the %zu bytes left of the extended log, no HP section before it",
				  off, end - off);
			return false;
		}
		id = get_unaligned_be16(p + off + SECT_ID);
		slen = get_unaligned_be16(p + off + SECT_LEN);
		if (id == PDLPAR_SECTION_ID_HP) {
			if (slen < HP_UNION) {
				event_err("HP section length %u shorter than %d (header, resource, action, identifier type)",
					  slen, HP_UNION);
				return false;
			}
			if (slen > end - off) {
				event_err("HP section at offset %zu has length %u, past the end of the extended log at offset %zu",
					  off, slen, end);
				return false;
			}
			hp->p = p + off;
			hp->len = slen;
			return true;
		}
		if (slen < PDLPAR_SECTION_HDR_LEN) {
			event_err("section 0x%04x at offset %zu has length %u, shorter than its %d-byte header",
				  id, off, slen, PDLPAR_SECTION_HDR_LEN);
			return false;
		}
		if (slen > end - off) {
			event_err("section 0x%04x at offset %zu has length %u, past the end of the extended log at offset %zu",
				  id, off, slen, end);
			return false;
		}
		off += slen;
	}

	event_err("no HP section in the %u-byte extended log", ext_len);
	return false;
}

static u8 hp_resource(const struct hp_section *hp)
{
	return hp->p[PDLPAR_SECTION_HDR_LEN + HP_RESOURCE];
}

/* Decode an HP section find_hp_section() returned into *r. */
static int decode_hp_section(const struct hp_section *hp,
			     struct pdlpar_request *r)
{
	const u8 *sect = hp->p, *u = sect + HP_UNION;
	unsigned int slen = hp->len;
	unsigned int need;

	r->resource = hp_resource(hp);
	r->action = sect[PDLPAR_SECTION_HDR_LEN + HP_ACTION];
	r->id_type = sect[PDLPAR_SECTION_HDR_LEN + HP_ID_TYPE];

	/* PDLPAR_RES_DT only ever comes from /sys/kernel/dlpar. */
	if (r->resource < PDLPAR_RES_CPU || r->resource > PDLPAR_RES_PMEM) {
		event_err("unknown HP resource %u", r->resource);
		return -EINVAL;
	}
	if (r->action != PDLPAR_ACT_ADD && r->action != PDLPAR_ACT_REMOVE) {
		event_err("unknown HP action %u", r->action);
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
		event_err("unknown HP identifier type %u", r->id_type);
		return -EINVAL;
	}

	if (slen - HP_UNION < need) {
		event_err("HP section length %u leaves %u bytes for the identifier, identifier type %u needs %u",
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
			event_err("DRC name is not NUL-terminated within the %u-byte HP section",
				  slen);
			return -EINVAL;
		}
		nlen = nul - u;
		if (!nlen) {
			event_err("DRC name is empty");
			return -EINVAL;
		}
		if (nlen >= PDLPAR_DRC_NAME_MAX) {
			event_err("DRC name length %zu exceeds the limit of %d",
				  nlen, PDLPAR_DRC_NAME_MAX - 1);
			return -EINVAL;
		}
		for (i = 0; i < nlen; i++) {
			if (u[i] < 0x20 || u[i] > 0x7e) {
				event_err("DRC name byte %zu is 0x%02x, not printable ASCII",
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
		event_err("DRC count 0; at least 1 is needed");
		return -EINVAL;
	}

	return 0;
}

/* Decode into a zeroed copy, so that *req is written only on success. */
static int decode_request(const struct hp_section *hp,
			  struct pdlpar_request *req)
{
	struct pdlpar_request r;
	int ret;

	memset(&r, 0, sizeof(r));
	r.source = PDLPAR_SRC_HYPERVISOR;
	ret = decode_hp_section(hp, &r);
	if (ret)
		return ret;

	memcpy(req, &r, sizeof(*req));
	return 0;
}

/**
 * pdlpar_parse_event() - parse an RTAS hotplug event log
 * @log: the log, as rtas check-exception returned it.
 * @len: size of the buffer holding @log; the log may be shorter.
 * @req: filled in on success, untouched on failure.
 *
 * Checks the rtas_error_log (version 6 or later) and v6 extended headers,
 * walks the sections of the extended log up to the first hotplug section
 * (each must lie wholly inside the extended log; what follows the hotplug
 * section is not looked at) and decodes that section into @req, whatever
 * its resource, with @req->source set to %PDLPAR_SRC_HYPERVISOR and the
 * fields the identifier type does not use zeroed. Safe in hard-IRQ
 * context: it neither sleeps nor allocates.
 *
 * Return: 0 on success, -EINVAL if the log is malformed in any way (one
 * rate-limited line in the kernel log says why).
 */
int pdlpar_parse_event(const void *log, size_t len, struct pdlpar_request *req)
{
	struct hp_section hp;

	if (!find_hp_section(log, len, &hp))
		return -EINVAL;
	return decode_request(&hp, req);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_parse_event);

/**
 * pdlpar_classify_event() - decide what to do with an RTAS hotplug event
 * @log: the log, as rtas check-exception returned it.
 * @len: size of the buffer holding @log; the log may be shorter.
 * @req: filled in for %PDLPAR_EVENT_REQUEST, untouched otherwise.
 *
 * Finds the hotplug section as pdlpar_parse_event() does. An I/O event
 * (PCI, slot, PHB) is classified on its resource alone: the rest of its
 * hotplug section is for rtas_errd to judge. Any other event is decoded
 * strictly. Safe in hard-IRQ context: it neither sleeps nor allocates.
 *
 * Return: %PDLPAR_EVENT_HAND_BACK for an I/O event, whose log the
 * built-in code can then be trusted to find the same hotplug section in;
 * %PDLPAR_EVENT_REQUEST with @req filled in; or %PDLPAR_EVENT_REFUSED if
 * the log has no readable hotplug section or, for other resources, fails
 * decoding (one rate-limited line in the kernel log says why).
 */
enum pdlpar_event_class pdlpar_classify_event(const void *log, size_t len,
					      struct pdlpar_request *req)
{
	struct hp_section hp;

	if (!find_hp_section(log, len, &hp))
		return PDLPAR_EVENT_REFUSED;

	switch (hp_resource(&hp)) {
	case PDLPAR_RES_SLOT:
	case PDLPAR_RES_PHB:
	case PDLPAR_RES_PCI:
		return PDLPAR_EVENT_HAND_BACK;
	}

	if (decode_request(&hp, req))
		return PDLPAR_EVENT_REFUSED;
	return PDLPAR_EVENT_REQUEST;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_classify_event);
