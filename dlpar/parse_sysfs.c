// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: parse a write to /sys/kernel/dlpar into a struct
 * pdlpar_request, and format a request back for log lines.
 *
 * The grammar is what drmgr writes:
 *
 *   <cpu|memory|dt> <add|remove> <index IDX | count N | indexed-count N IDX>
 *
 * with tokens separated by exactly one space. Every write mainline 6.12
 * takes for a request (dlpar_store()) is taken with the same meaning,
 * except for what mainline ignores after the request; so
 *
 * - IDX and N are numbers as kstrtou32(s, 0, ...) reads them: an
 *   optional '+', then decimal, "0x"/"0X" hex or leading-0 octal, any
 *   number of leading zeros, at most U32_MAX (kstrtou32() itself reads
 *   them). N of 0 is refused (mainline refuses it too, in the memory
 *   code; dt and mainline's CPU code take no count at all);
 * - each token may end in one newline (mainline's sysfs_streq() and
 *   kstrtou32() allow one), "cpu add index 0x10\n" being the usual case;
 * - dt requests take only an index.
 *
 * Refused although mainline takes them, because mainline only ignores
 * what is there: anything after the identifier (extra tokens, a space,
 * bytes after a NUL) and any NUL byte; and writes longer than
 * PDLPAR_SYSFS_MAX, which mainline takes only with redundant leading
 * zeros or ignored bytes (the longest write without either is 60 bytes).
 *
 * Errors: -E2BIG for a write longer than PDLPAR_SYSFS_MAX, -EINVAL for
 * anything else wrong, each with one log line saying what (not
 * rate-limited: the file is root's, and every refusal must be explained);
 * *req is written only on success.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/printk.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/types.h>
#include <kunit/visibility.h>

#include "pdlpar.h"

/* "indexed-count N IDX" has the most: five; one more to report as extra. */
#define MAX_TOKENS	6

struct token {
	const char *s;
	int len;	/* an int for "%.*s"; at most PDLPAR_SYSFS_MAX */
};

static bool token_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && !memcmp(t->s, word, t->len);
}

/*
 * Reject every byte that is not printable ASCII, every space that does
 * not separate two tokens, and every newline that does not end a token
 * (at most one per token, after at least one other byte of it).
 */
static int check_chars(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == ' ') {
			if (i == 0) {
				pr_err("sysfs: leading space\n");
				return -EINVAL;
			}
			if (i == n - 1 || (i == n - 2 && s[i + 1] == '\n')) {
				pr_err("sysfs: trailing space\n");
				return -EINVAL;
			}
			if (s[i + 1] == '\n') {
				pr_err("sysfs: newline at offset %zu; one may only end a word or number\n",
				       i + 1);
				return -EINVAL;
			}
			if (s[i + 1] == ' ') {
				pr_err("sysfs: more than one space at offset %zu\n",
				       i);
				return -EINVAL;
			}
		} else if (c == '\0') {
			pr_err("sysfs: NUL byte at offset %zu of the %zu-byte write\n",
			       i, n);
			return -EINVAL;
		} else if (c == '\n') {
			if (i == 0 || s[i - 1] == '\n' ||
			    (i < n - 1 && s[i + 1] != ' ')) {
				pr_err("sysfs: newline at offset %zu; one may only end a word or number\n",
				       i);
				return -EINVAL;
			}
		} else if (c < 0x21 || c > 0x7e) {
			pr_err("sysfs: invalid byte 0x%02x at offset %zu\n",
			       c, i);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Split checked text into tokens, each without its newline; returns how
 * many, at most @max.
 */
static unsigned int split(const char *s, size_t n, struct token *t,
			  unsigned int max)
{
	unsigned int nr = 0;
	size_t i = 0;

	while (i < n && nr < max) {
		size_t start = i;

		while (i < n && s[i] != ' ')
			i++;
		t[nr].s = s + start;
		t[nr].len = i - start;
		if (s[i - 1] == '\n')
			t[nr].len--;
		nr++;
		i++;	/* the single space */
	}
	return nr;
}

/*
 * A number as mainline reads it: kstrtou32(s, 0, ...) on the token.
 * @what names it in the log line.
 */
static int parse_u32(const struct token *t, const char *what, u32 *val)
{
	char num[PDLPAR_SYSFS_MAX + 1];
	int ret;

	memcpy(num, t->s, t->len);
	num[t->len] = '\0';
	ret = kstrtou32(num, 0, val);
	if (ret == -ERANGE) {
		pr_err("sysfs: %s \"%.*s\" does not fit in 32 bits\n",
		       what, t->len, t->s);
		return -EINVAL;
	}
	if (ret) {
		pr_err("sysfs: %s \"%.*s\" is not a decimal, 0x hex or 0 octal number\n",
		       what, t->len, t->s);
		return -EINVAL;
	}
	return 0;
}

static int parse_index(const struct token *t, u32 *index)
{
	return parse_u32(t, "DRC index", index);
}

static int parse_count(const struct token *t, u32 *count)
{
	int ret = parse_u32(t, "count", count);

	if (!ret && !*count) {
		pr_err("sysfs: count \"%.*s\" is zero; at least 1 is needed\n",
		       t->len, t->s);
		return -EINVAL;
	}
	return ret;
}

/**
 * pdlpar_parse_sysfs() - parse a write to /sys/kernel/dlpar
 * @buf: the text written; not modified, need not be NUL-terminated.
 * @count: number of bytes written; only these are read.
 * @req: filled in on success, untouched on failure.
 *
 * Parses "<cpu|memory|dt> <add|remove> <index IDX | count N |
 * indexed-count N IDX>", each token optionally followed by one newline,
 * numbers read with kstrtou32(s, 0, ...), into
 * @req with @req->source set to %PDLPAR_SRC_SYSFS and the fields the
 * identifier does not use zeroed. Every write mainline's dlpar_store()
 * takes is taken with the same meaning, but for the exceptions at the
 * top of this file.
 *
 * Return: 0 on success, -E2BIG if @count exceeds %PDLPAR_SYSFS_MAX,
 * -EINVAL for any other malformed write (one line in the kernel log says
 * why).
 */
int pdlpar_parse_sysfs(const char *buf, size_t count,
		       struct pdlpar_request *req)
{
	struct token t[MAX_TOKENS];
	struct pdlpar_request r;
	unsigned int nr, next;
	size_t n = count;
	int ret;

	if (count > PDLPAR_SYSFS_MAX) {
		pr_err("sysfs: write of %zu bytes exceeds the %d-byte limit\n",
		       count, PDLPAR_SYSFS_MAX);
		return -E2BIG;
	}
	if (!buf)
		n = 0;
	if (!n || (n == 1 && buf[0] == '\n')) {
		pr_err("sysfs: empty request\n");
		return -EINVAL;
	}
	ret = check_chars(buf, n);
	if (ret)
		return ret;
	nr = split(buf, n, t, MAX_TOKENS);

	memset(&r, 0, sizeof(r));
	r.source = PDLPAR_SRC_SYSFS;

	if (token_is(&t[0], "cpu")) {
		r.resource = PDLPAR_RES_CPU;
	} else if (token_is(&t[0], "memory")) {
		r.resource = PDLPAR_RES_MEM;
	} else if (token_is(&t[0], "dt")) {
		r.resource = PDLPAR_RES_DT;
	} else {
		pr_err("sysfs: unknown resource \"%.*s\"\n",
		       t[0].len, t[0].s);
		return -EINVAL;
	}

	if (nr < 2) {
		pr_err("sysfs: missing action after \"%.*s\"\n",
		       t[0].len, t[0].s);
		return -EINVAL;
	}
	if (token_is(&t[1], "add")) {
		r.action = PDLPAR_ACT_ADD;
	} else if (token_is(&t[1], "remove")) {
		r.action = PDLPAR_ACT_REMOVE;
	} else {
		pr_err("sysfs: unknown action \"%.*s\"\n",
		       t[1].len, t[1].s);
		return -EINVAL;
	}

	if (nr < 3) {
		pr_err("sysfs: missing index, count or indexed-count after \"%.*s\"\n",
		       t[1].len, t[1].s);
		return -EINVAL;
	}
	if (token_is(&t[2], "index")) {
		r.id_type = PDLPAR_ID_INDEX;
	} else if (token_is(&t[2], "count")) {
		r.id_type = PDLPAR_ID_COUNT;
	} else if (token_is(&t[2], "indexed-count")) {
		r.id_type = PDLPAR_ID_INDEXED_COUNT;
	} else {
		pr_err("sysfs: unknown DRC identifier \"%.*s\"\n",
		       t[2].len, t[2].s);
		return -EINVAL;
	}
	if (r.resource == PDLPAR_RES_DT && r.id_type != PDLPAR_ID_INDEX) {
		pr_err("sysfs: dt requests take a DRC index\n");
		return -EINVAL;
	}

	if (nr < 4) {
		pr_err("sysfs: missing %s after \"%.*s\"\n",
		       r.id_type == PDLPAR_ID_INDEX ? "DRC index" :
		       "count", t[2].len, t[2].s);
		return -EINVAL;
	}
	if (r.id_type == PDLPAR_ID_INDEX)
		ret = parse_index(&t[3], &r.index);
	else
		ret = parse_count(&t[3], &r.count);
	if (ret)
		return ret;
	next = 4;

	if (r.id_type == PDLPAR_ID_INDEXED_COUNT) {
		if (nr < 5) {
			pr_err("sysfs: missing DRC index after \"%.*s %.*s\"\n",
			       t[2].len, t[2].s, t[3].len, t[3].s);
			return -EINVAL;
		}
		ret = parse_index(&t[4], &r.index);
		if (ret)
			return ret;
		next = 5;
	}

	if (nr > next) {
		pr_err("sysfs: extra token \"%.*s\"\n",
		       t[next].len, t[next].s);
		return -EINVAL;
	}

	memcpy(req, &r, sizeof(*req));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_parse_sysfs);

/**
 * pdlpar_resource_name() - name of a resource type
 * @resource: an enum pdlpar_resource.
 *
 * Return: the word /sys/kernel/dlpar uses for @resource ("cpu", "memory",
 * "dt"; "slot", "phb", "pci" and "pmem" for those only the hypervisor
 * asks for), or "unknown".
 */
const char *pdlpar_resource_name(unsigned int resource)
{
	switch (resource) {
	case PDLPAR_RES_CPU:
		return "cpu";
	case PDLPAR_RES_MEM:
		return "memory";
	case PDLPAR_RES_SLOT:
		return "slot";
	case PDLPAR_RES_PHB:
		return "phb";
	case PDLPAR_RES_PCI:
		return "pci";
	case PDLPAR_RES_PMEM:
		return "pmem";
	case PDLPAR_RES_DT:
		return "dt";
	default:
		return "unknown";
	}
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_resource_name);

/**
 * pdlpar_action_name() - name of an action
 * @action: an enum pdlpar_action.
 *
 * Return: "add", "remove" or "unknown".
 */
const char *pdlpar_action_name(unsigned int action)
{
	switch (action) {
	case PDLPAR_ACT_ADD:
		return "add";
	case PDLPAR_ACT_REMOVE:
		return "remove";
	default:
		return "unknown";
	}
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_action_name);

/**
 * pdlpar_format_request() - describe a request in the sysfs grammar
 * @req: the request.
 * @buf: where to write the text, always NUL-terminated if @size > 0.
 * @size: size of @buf.
 *
 * Writes e.g. "cpu add index 0x10000008" or "memory remove indexed-count
 * 2 0x80000004"; a DRC name is written as name "<name>". For a cpu,
 * memory or dt request by index, count or indexed-count the text parses
 * back to the same request with pdlpar_parse_sysfs(). Meant for log
 * lines: the text is truncated to fit @buf.
 *
 * Return: the number of characters written to @buf, not counting the
 * NUL, as scnprintf() returns it.
 */
int pdlpar_format_request(const struct pdlpar_request *req, char *buf,
			  size_t size)
{
	const char *res = pdlpar_resource_name(req->resource);
	const char *act = pdlpar_action_name(req->action);

	switch (req->id_type) {
	case PDLPAR_ID_INDEX:
		return scnprintf(buf, size, "%s %s index 0x%x", res, act,
				 req->index);
	case PDLPAR_ID_COUNT:
		return scnprintf(buf, size, "%s %s count %u", res, act,
				 req->count);
	case PDLPAR_ID_INDEXED_COUNT:
		return scnprintf(buf, size, "%s %s indexed-count %u 0x%x", res,
				 act, req->count, req->index);
	case PDLPAR_ID_NAME:
		return scnprintf(buf, size, "%s %s name \"%.*s\"", res, act,
				 (int)sizeof(req->name), req->name);
	default:
		return scnprintf(buf, size, "%s %s id-type %u", res, act,
				 req->id_type);
	}
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_format_request);
