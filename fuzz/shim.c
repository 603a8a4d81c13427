// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel functions the parsers call, in user space, for the fuzz
 * targets. hex_to_bin() and scnprintf() are the kernel's (lib/hexdump.c,
 * lib/vsprintf.c) on the C library's vsnprintf(), kstrtoull() and
 * kstrtouint() follow lib/kstrtox.c step by step (no C library or locale
 * in them); printk only records.
 */

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/printk.h>
#include <linux/sprintf.h>

#include "fuzz.h"

struct pdlpar_fuzz_log pdlpar_fuzz_log;
bool pdlpar_fuzz_verbose;

/* lib/hexdump.c: branch-free, so it is the one the parser really runs. */
int hex_to_bin(unsigned char ch)
{
	unsigned char cu = ch & 0xdf;

	return -1 +
		((ch - '0' + 1) & (unsigned int)((ch - '9' - 1) & ('0' - 1 - ch)) >> 8) +
		((cu - 'A' + 11) & (unsigned int)((cu - 'F' - 1) & ('A' - 1 - cu)) >> 8);
}

/*
 * lib/kstrtox.c. Base 0: "0x" or "0X" followed by a hex digit means
 * base 16 (the prefix skipped), any other leading '0' base 8, else base
 * 10. Digits are read while they are below the base, with the overflow
 * of 64 bits noted; then no digit read is -EINVAL, an overflow -ERANGE,
 * and what follows the digits may be one newline and nothing else. One
 * '+' may come first, before the base is looked at; never a '-'.
 */
#define KSTRTOX_OVERFLOW	0x80000000U	/* lib/kstrtox.h: bit 31 */

/* include/linux/ctype.h: _tolower() and isxdigit() (ASCII only). */
static char fast_tolower(const char c)
{
	return c | 0x20;
}

static bool is_xdigit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static const char *parse_integer_fixup_radix(const char *s,
					     unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (fast_tolower(s[1]) == 'x' && is_xdigit(s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && fast_tolower(s[1]) == 'x')
		s += 2;
	return s;
}

static unsigned int parse_integer(const char *s, unsigned int base,
				  unsigned long long *p)
{
	unsigned long long res = 0;
	unsigned int rv = 0;

	for (;; s++) {
		/* As the kernel has it: c from a plain char, lc from c. */
		unsigned int c = *s;
		unsigned int lc = fast_tolower(c);
		unsigned int val;

		if ('0' <= c && c <= '9')
			val = c - '0';
		else if ('a' <= lc && lc <= 'f')
			val = lc - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if (res & (~0ULL << 60)) {
			if (res > (ULLONG_MAX - val) / base)
				rv |= KSTRTOX_OVERFLOW;
		}
		res = res * base + val;
		rv++;
	}
	*p = res;
	return rv;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long r;
	unsigned int rv;

	if (s[0] == '+')
		s++;
	s = parse_integer_fixup_radix(s, &base);
	rv = parse_integer(s, base, &r);
	if (rv & KSTRTOX_OVERFLOW)
		return -ERANGE;
	if (rv == 0)
		return -EINVAL;
	s += rv;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long tmp;
	int rv;

	rv = kstrtoull(s, base, &tmp);
	if (rv < 0)
		return rv;
	if (tmp != (unsigned int)tmp)
		return -ERANGE;
	*res = tmp;
	return 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	if (!size)
		return 0;
	va_start(args, fmt);
	i = vsnprintf(buf, size, fmt, args);
	va_end(args);
	if (i >= 0 && (size_t)i < size)
		return i;
	return size - 1;
}

/*
 * A log line must be one line of printable ASCII: text the parsers copy
 * from their input into the log must not forge or split lines.
 */
static bool one_printable_line(const char *s, int n)
{
	int i;

	if (n < 1 || s[n - 1] != '\n')
		return false;
	for (i = 0; i < n - 1; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/*
 * vsnprintf() that also takes "%pV", the kernel's nested format. Only
 * as the one conversion of @fmt, which is how the parsers use it; any
 * other mix aborts rather than print the wrong thing.
 */
static int format_line(char *line, size_t size, const char *fmt,
		       va_list args)
{
	const char *pv = strstr(fmt, "%pV");
	struct va_format *vaf;
	va_list nested;
	int n, m;

	if (!pv)
		return vsnprintf(line, size, fmt, args);
	if (strchr(fmt, '%') != pv || strchr(pv + 3, '%')) {
		fprintf(stderr, "printk shim: cannot format \"%s\"\n", fmt);
		abort();
	}
	vaf = va_arg(args, struct va_format *);
	n = snprintf(line, size, "%.*s", (int)(pv - fmt), fmt);
	if (n < 0 || (size_t)n >= size)
		return size;
	va_copy(nested, *vaf->va);
	m = vsnprintf(line + n, size - n, vaf->fmt, nested);
	va_end(nested);
	if (m < 0 || (size_t)(n + m) >= size)
		return size;
	n += m;
	m = snprintf(line + n, size - n, "%s", pv + 3);
	if (m < 0 || (size_t)(n + m) >= size)
		return size;
	return n + m;
}

int pdlpar_fuzz_printk(const char *fmt, ...)
{
	struct pdlpar_fuzz_log *log = &pdlpar_fuzz_log;
	int level = 4;	/* MESSAGE_LOGLEVEL_DEFAULT */
	char line[1024];
	va_list args;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	va_start(args, fmt);
	n = format_line(line, sizeof(line), fmt, args);
	va_end(args);

	log->lines[level]++;
	if (n < 0 || (size_t)n >= sizeof(line) || !one_printable_line(line, n))
		log->bad_lines++;
	if (!log->last[0] || level <= 3)
		snprintf(log->last, sizeof(log->last), "<%d>%s", level, line);
	if (pdlpar_fuzz_verbose)
		fprintf(stderr, "<%d>%s", level, line);
	return n;
}
