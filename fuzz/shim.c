// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel functions the parsers call, in user space, for the fuzz
 * targets. hex_to_bin() and scnprintf() are the kernel's (lib/hexdump.c,
 * lib/vsprintf.c) on the C library's vsnprintf(); printk only records.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/hex.h>
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
