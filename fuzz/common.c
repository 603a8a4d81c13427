// SPDX-License-Identifier: GPL-2.0
/*
 * Checks shared by the pseries-dlpar parser fuzzers. Each states a
 * promise of include/pdlpar.h or of the parsers' kernel-doc; a broken
 * one aborts, which libFuzzer reports as a crash and saves the input.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>

#include "fuzz.h"

static const u8 *cur_data;
static size_t cur_size;

int fuzz_init(int *argc, char ***argv)
{
	pdlpar_fuzz_verbose = !!getenv("PDLPAR_FUZZ_VERBOSE");
	return 0;
}

/* Start an input: remember it for reports, forget the last one's log. */
void pdlpar_fuzz_begin(const u8 *data, size_t size)
{
	cur_data = data;
	cur_size = size;
	memset(&pdlpar_fuzz_log, 0, sizeof(pdlpar_fuzz_log));
}

static void print_req(const char *what, const struct pdlpar_request *r)
{
	fprintf(stderr,
		"%s: source %d resource %u action %u id_type %u index 0x%x count %u name \"%.*s\"\n",
		what, r->source, r->resource, r->action, r->id_type, r->index,
		r->count, (int)sizeof(r->name), r->name);
}

/* With PDLPAR_FUZZ_VERBOSE set, say what each input gave. */
void pdlpar_fuzz_result(const char *what, int ret,
			const struct pdlpar_request *req)
{
	char text[256];

	if (!pdlpar_fuzz_verbose)
		return;
	if (ret) {
		fprintf(stderr, "%s: %d\n", what, ret);
		return;
	}
	pdlpar_format_request(req, text, sizeof(text));
	fprintf(stderr, "%s: 0 \"%s\"\n", what, text);
}

void pdlpar_fuzz_fail(int line, const char *cond, const char *fmt, ...)
{
	va_list args;
	size_t i;

	fprintf(stderr, "\npdlpar fuzz: check failed at line %d: %s\npdlpar fuzz: ",
		line, cond);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fprintf(stderr, "\npdlpar fuzz: input (%zu bytes):", cur_size);
	for (i = 0; i < cur_size && i < 512; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", cur_data[i]);
	fprintf(stderr, "\npdlpar fuzz: last log line: %s\n",
		pdlpar_fuzz_log.last[0] ? pdlpar_fuzz_log.last : "(none)\n");
	abort();
}

/* Independent of the shim's byte swapping, which they check. */
u16 pdlpar_fuzz_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

u32 pdlpar_fuzz_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static unsigned int err_lines(void)
{
	unsigned int n = 0;
	int i;

	for (i = 0; i <= LOGLEVEL_ERR; i++)
		n += pdlpar_fuzz_log.lines[i];
	return n;
}

/*
 * A refused input: a known errno, *req untouched (include/pdlpar.h) and
 * one error line saying why (the parsers' kernel-doc).
 */
void pdlpar_fuzz_check_failed(int ret, const struct pdlpar_request *req,
			      const struct pdlpar_request *canary)
{
	FUZZ_CHECK(ret == -EINVAL || ret == -E2BIG, "returned %d", ret);
	FUZZ_CHECK(!memcmp(req, canary, sizeof(*req)),
		   "*req written although the parse failed (%d)", ret);
	FUZZ_CHECK(err_lines() == 1, "%u error lines for one refusal",
		   err_lines());
	FUZZ_CHECK(!pdlpar_fuzz_log.bad_lines,
		   "a log line is not one line of printable ASCII");
}

static bool all_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/*
 * An accepted input, whichever parser: nothing logged at error level, a
 * known action and identifier type, the fields that identifier type does
 * not use zeroed, a count of at least 1, a name of 1 to
 * PDLPAR_DRC_NAME_MAX - 1 printable characters and its NUL.
 */
void pdlpar_fuzz_check_fields(const struct pdlpar_request *r)
{
	size_t nlen, i;

	FUZZ_CHECK(!err_lines(), "accepted, but logged an error");
	FUZZ_CHECK(!pdlpar_fuzz_log.bad_lines,
		   "a log line is not one line of printable ASCII");
	FUZZ_CHECK(r->action == PDLPAR_ACT_ADD ||
		   r->action == PDLPAR_ACT_REMOVE, "action %u", r->action);

	switch (r->id_type) {
	case PDLPAR_ID_INDEX:
		FUZZ_CHECK(!r->count, "count %u set for an index", r->count);
		break;
	case PDLPAR_ID_COUNT:
		FUZZ_CHECK(!r->index, "index 0x%x set for a count", r->index);
		FUZZ_CHECK(r->count, "count 0");
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		FUZZ_CHECK(r->count, "count 0");
		break;
	case PDLPAR_ID_NAME:
		FUZZ_CHECK(!r->index && !r->count,
			   "index 0x%x, count %u set for a name", r->index,
			   r->count);
		nlen = strnlen(r->name, sizeof(r->name));
		FUZZ_CHECK(nlen && nlen < sizeof(r->name),
			   "name of %zu characters", nlen);
		for (i = 0; i < nlen; i++)
			FUZZ_CHECK(r->name[i] >= 0x20 && r->name[i] <= 0x7e,
				   "name byte %zu is 0x%02x", i,
				   (u8)r->name[i]);
		return;
	default:
		FUZZ_CHECK(0, "id_type %u", r->id_type);
	}
	FUZZ_CHECK(all_zero(r->name, sizeof(r->name)),
		   "name set for id_type %u", r->id_type);
}

/*
 * pdlpar_format_request() into a buffer of every size up to the full
 * text: never past the buffer, always NUL-terminated, the prefix of the
 * full text, and scnprintf()'s return value.
 */
void pdlpar_fuzz_check_format(const struct pdlpar_request *r)
{
	char full[256];
	size_t size;
	int n, m;

	n = pdlpar_format_request(r, full, sizeof(full));
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(full) - 1 &&
		   strlen(full) == (size_t)n,
		   "format returned %d for \"%s\"", n, full);
	for (size = 0; size <= (size_t)n + 1; size++) {
		/* Exactly @size bytes, so ASan sees one byte too many. */
		char *buf = malloc(size);

		if (!buf && size)
			abort();
		m = pdlpar_format_request(r, buf, size);
		if (!size) {
			FUZZ_CHECK(m == 0, "format into 0 bytes returned %d", m);
		} else {
			FUZZ_CHECK(m == ((size_t)n < size ? n : (int)size - 1),
				   "format into %zu bytes returned %d", size, m);
			FUZZ_CHECK(buf[m] == '\0' && !memcmp(buf, full, m),
				   "format into %zu bytes: not \"%.*s\"", size,
				   m, full);
		}
		free(buf);
	}
}

/*
 * "For a cpu, memory or dt request by index, count or indexed-count the
 * text parses back to the same request with pdlpar_parse_sysfs()"
 * (pdlpar_format_request()'s kernel-doc); it comes back as a sysfs one.
 */
void pdlpar_fuzz_check_round_trip(const struct pdlpar_request *r)
{
	struct pdlpar_request back;
	char text[PDLPAR_SYSFS_MAX + 1];
	int n, ret;

	n = pdlpar_format_request(r, text, sizeof(text));
	FUZZ_CHECK((size_t)n < sizeof(text) - 1, "\"%s\" is too long", text);
	memset(&back, 0x5a, sizeof(back));
	ret = pdlpar_parse_sysfs(text, n, &back);
	if (ret || back.source != PDLPAR_SRC_SYSFS ||
	    back.resource != r->resource || back.action != r->action ||
	    back.id_type != r->id_type || back.index != r->index ||
	    back.count != r->count ||
	    memcmp(back.name, r->name, sizeof(r->name))) {
		print_req("request", r);
		if (!ret)
			print_req("parsed back", &back);
		FUZZ_CHECK(0, "\"%s\" parses back to %d and another request",
			   text, ret);
	}
}
