// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pdlpar_parse_event() on any bytes, as the buffer
 * rtas check-exception filled (the input is exactly that buffer, so
 * ASan sees any read past it).
 *
 * Beyond memory safety and undefined behaviour, it checks what the
 * parser promises: -EINVAL, *req untouched and one log line for a bad
 * log; for a good one a hypervisor request with sane fields, decoded
 * from an "HP" section lying inside the buffer, that formats safely and,
 * for cpu and memory, parses back through the sysfs grammar.
 *
 * It does not insist on one layout (log version, padding after the
 * log): those are the parser's choice.
 */

#include <string.h>
#include <linux/errno.h>

#include "fuzz.h"

/* The v6 headers before the first section. */
#define FIRST_SECTION	(8 + 16)
/* Section header, then resource, action, identifier type, reserved. */
#define HP_ID_OFF	(PDLPAR_SECTION_HDR_LEN + 4)

/*
 * Is there an HP section in @data, wholly inside it and long enough for
 * the identifier, that says what @r says? Any parser, however lenient,
 * must have taken the request from one.
 */
static bool from_hp_section(const u8 *data, size_t size,
			    const struct pdlpar_request *r)
{
	size_t off, need, slen;
	const u8 *s, *u;

	switch (r->id_type) {
	case PDLPAR_ID_NAME:
		need = strnlen(r->name, sizeof(r->name)) + 1;
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		need = 8;
		break;
	default:
		need = 4;
	}

	for (off = FIRST_SECTION; off + HP_ID_OFF + need <= size; off++) {
		s = data + off;
		u = s + HP_ID_OFF;
		slen = pdlpar_fuzz_be16(s + 2);
		if (pdlpar_fuzz_be16(s) != PDLPAR_SECTION_ID_HP ||
		    slen < HP_ID_OFF + need || slen > size - off)
			continue;
		if (s[8] != r->resource || s[9] != r->action ||
		    s[10] != r->id_type)
			continue;
		switch (r->id_type) {
		case PDLPAR_ID_INDEX:
			if (pdlpar_fuzz_be32(u) == r->index)
				return true;
			break;
		case PDLPAR_ID_COUNT:
			if (pdlpar_fuzz_be32(u) == r->count)
				return true;
			break;
		case PDLPAR_ID_INDEXED_COUNT:
			if (pdlpar_fuzz_be32(u) == r->count &&
			    pdlpar_fuzz_be32(u + 4) == r->index)
				return true;
			break;
		case PDLPAR_ID_NAME:
			if (!memcmp(u, r->name, need))
				return true;
			break;
		}
	}
	return false;
}

int fuzz_one_input(const u8 *data, size_t size)
{
	struct pdlpar_request req, canary;
	int ret;

	pdlpar_fuzz_begin(data, size);
	memset(&req, 0xa5, sizeof(req));
	memcpy(&canary, &req, sizeof(req));

	ret = pdlpar_parse_event(data, size, &req);
	pdlpar_fuzz_result("parse_event", ret, &req);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL, "returned %d, not -EINVAL", ret);
		pdlpar_fuzz_check_failed(ret, &req, &canary);
		return 0;
	}

	pdlpar_fuzz_check_fields(&req);
	FUZZ_CHECK(req.source == PDLPAR_SRC_HYPERVISOR, "source %d",
		   req.source);
	/* PDLPAR_RES_DT only ever comes from /sys/kernel/dlpar. */
	FUZZ_CHECK(req.resource >= PDLPAR_RES_CPU &&
		   req.resource <= PDLPAR_RES_PMEM, "resource %u",
		   req.resource);
	FUZZ_CHECK(from_hp_section(data, size, &req),
		   "no HP section in the buffer says this");
	pdlpar_fuzz_check_format(&req);
	if ((req.resource == PDLPAR_RES_CPU ||
	     req.resource == PDLPAR_RES_MEM) && req.id_type != PDLPAR_ID_NAME)
		pdlpar_fuzz_check_round_trip(&req);
	return 0;
}
