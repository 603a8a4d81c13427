// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pdlpar_parse_sysfs() on any bytes, as written to
 * /sys/kernel/dlpar (not NUL-terminated: ASan sees any read past them;
 * libFuzzer itself checks they are not modified).
 *
 * Beyond memory safety and undefined behaviour, it checks what the
 * parser promises: -E2BIG exactly for writes over PDLPAR_SYSFS_MAX,
 * otherwise -EINVAL, *req untouched and one log line for a bad write;
 * for a good one sane fields, and pdlpar_format_request() giving back
 * the write itself (in its one canonical spelling), which parses to the
 * same request. pdlpar_format_request() also gets garbage requests.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>

#include "fuzz.h"

/*
 * What pdlpar_format_request() must print for a write the parser took.
 * The grammar (top of dlpar/parse_sysfs.c) has one spelling for all but
 * a DRC index, whose "0X", upper-case digits and leading zeros the
 * request does not keep, and the newline at the end.
 */
static size_t canonical(const char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;

	if (n && in[n - 1] == '\n')
		n--;
	while (i < n) {
		bool start = !i || in[i - 1] == ' ';

		if (start && in[i] == '0' && i + 1 < n &&
		    (in[i + 1] == 'x' || in[i + 1] == 'X')) {
			out[o++] = '0';
			out[o++] = 'x';
			i += 2;
			while (i + 1 < n && in[i] == '0' && in[i + 1] != ' ')
				i++;
			while (i < n && in[i] != ' ')
				out[o++] = tolower((unsigned char)in[i++]);
		} else {
			out[o++] = in[i++];
		}
	}
	out[o] = '\0';
	return o;
}

/* Any request, even one no parser makes: stays inside the buffer. */
static void format_garbage(const u8 *data, size_t size)
{
	struct pdlpar_request r;
	char *buf;
	size_t len;
	int n;

	if (size < sizeof(r))
		return;
	memcpy(&r, data, sizeof(r));
	len = data[size - 1];
	buf = malloc(len);
	if (!buf && len)
		abort();
	n = pdlpar_format_request(&r, buf, len);
	FUZZ_CHECK(len ? (size_t)n < len && !buf[n] : !n,
		   "format of a garbage request into %zu bytes returned %d",
		   len, n);
	free(buf);
}

int fuzz_one_input(const u8 *data, size_t size)
{
	const char *text = (const char *)data;
	char want[PDLPAR_SYSFS_MAX + 1], got[PDLPAR_SYSFS_MAX + 1];
	struct pdlpar_request req, canary;
	int ret;

	pdlpar_fuzz_begin(data, size);
	memset(&req, 0xa5, sizeof(req));
	memcpy(&canary, &req, sizeof(req));

	ret = pdlpar_parse_sysfs(text, size, &req);
	pdlpar_fuzz_result("parse_sysfs", ret, &req);
	FUZZ_CHECK((ret == -E2BIG) == (size > PDLPAR_SYSFS_MAX),
		   "returned %d for %zu bytes", ret, size);
	if (ret) {
		pdlpar_fuzz_check_failed(ret, &req, &canary);
		format_garbage(data, size);
		return 0;
	}

	pdlpar_fuzz_check_fields(&req);
	FUZZ_CHECK(req.source == PDLPAR_SRC_SYSFS, "source %d", req.source);
	FUZZ_CHECK(req.resource == PDLPAR_RES_CPU ||
		   req.resource == PDLPAR_RES_MEM ||
		   req.resource == PDLPAR_RES_DT, "resource %u", req.resource);
	FUZZ_CHECK(req.id_type != PDLPAR_ID_NAME, "a name from sysfs");
	FUZZ_CHECK(req.resource != PDLPAR_RES_DT ||
		   req.id_type == PDLPAR_ID_INDEX,
		   "dt request with id_type %u", req.id_type);

	canonical(text, size, want);
	pdlpar_format_request(&req, got, sizeof(got));
	FUZZ_CHECK(!strcmp(want, got), "accepted as \"%s\", formats as \"%s\"",
		   want, got);
	pdlpar_fuzz_check_format(&req);
	pdlpar_fuzz_check_round_trip(&req);
	return 0;
}
