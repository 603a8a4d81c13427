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
 * the write itself in its one canonical spelling (numbers read as
 * kstrtou32(s, 0, ...) reads them, checked by an oracle of its own),
 * which parses to the same request. pdlpar_format_request() also gets garbage requests.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>

#include "fuzz.h"

/*
 * A number as kstrtou32(s, 0, ...) reads it, worked out independently of
 * the shim's copy of lib/kstrtox.c: one optional '+', then a digit (so
 * no sign, space or empty string gets to the C library, which would take
 * them), then strtoull() with base 0, which agrees with the kernel on
 * every other string: a "0x" without a hex digit after it is read as
 * the 0 alone, and the 'x' is then left over.
 */
static bool oracle_u32(const char *s, size_t n, u32 *val)
{
	char num[PDLPAR_SYSFS_MAX + 1], *end;
	unsigned long long v;

	memcpy(num, s, n);
	num[n] = '\0';
	s = num;
	if (*s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	/* A C2x C library would read "0b1" as binary; the kernel does not. */
	if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > U32_MAX)
		return false;
	*val = v;
	return true;
}

/*
 * What pdlpar_format_request() must print for a write the parser took:
 * the words as written, without the newline each may end in, and the
 * numbers as kstrtou32() reads them in their one canonical spelling,
 * "0x" and lower-case hex for a DRC index and decimal for a count.
 */
static void canonical(const char *in, size_t n, char *out, size_t size)
{
	const char *tok[6];
	size_t len[6], i = 0, o = 0;
	unsigned int nr = 0, k;
	u32 v;

	while (i < n && nr < 6) {
		tok[nr] = in + i;
		while (i < n && in[i] != ' ')
			i++;
		len[nr] = in + i - tok[nr];
		if (len[nr] && tok[nr][len[nr] - 1] == '\n')
			len[nr]--;
		nr++;
		i++;
	}
	FUZZ_CHECK(nr >= 4 && nr <= 5, "accepted with %u tokens", nr);
	for (k = 0; k < nr; k++) {
		/* indexed-count N IDX, or index IDX */
		bool is_index = k == 4 || (nr == 4 && len[2] == 5 &&
					   !memcmp(tok[2], "index", 5));

		if (k)
			out[o++] = ' ';
		if (k < 3) {
			memcpy(out + o, tok[k], len[k]);
			o += len[k];
			continue;
		}
		FUZZ_CHECK(oracle_u32(tok[k], len[k], &v),
			   "accepted \"%.*s\", not a number for kstrtou32()",
			   (int)len[k], tok[k]);
		o += snprintf(out + o, size - o, is_index ? "0x%x" : "%u", v);
	}
	out[o] = '\0';
}

/*
 * The shim's kstrtou32() (what the parser calls) against the oracle, on
 * the input as one NUL-terminated string: the same verdict and value.
 */
static void check_kstrtou32(const char *in, size_t n)
{
	char num[PDLPAR_SYSFS_MAX + 1];
	u32 got = 0, want = 0;
	bool ok, oracle;
	size_t len;

	if (n > PDLPAR_SYSFS_MAX)
		return;
	memcpy(num, in, n);
	num[n] = '\0';
	len = strlen(num);
	ok = !kstrtou32(num, 0, &got);
	/* kstrtou32() takes one newline at the end. */
	if (len && num[len - 1] == '\n')
		len--;
	oracle = oracle_u32(num, len, &want);
	FUZZ_CHECK(ok == oracle && got == want,
		   "kstrtou32(\"%s\") %s %u, the oracle %s %u", num,
		   ok ? "reads" : "refuses", got, oracle ? "reads" : "refuses",
		   want);
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
	/* A decimal index is two bytes longer with its 0x. */
	char want[PDLPAR_SYSFS_MAX + 3], got[PDLPAR_SYSFS_MAX + 3];
	struct pdlpar_request req, canary;
	int ret;

	pdlpar_fuzz_begin(data, size);
	check_kstrtou32(text, size);
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

	canonical(text, size, want, sizeof(want));
	pdlpar_format_request(&req, got, sizeof(got));
	FUZZ_CHECK(!strcmp(want, got), "accepted as \"%s\", formats as \"%s\"",
		   want, got);
	pdlpar_fuzz_check_format(&req);
	pdlpar_fuzz_check_round_trip(&req);
	return 0;
}
