/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/printk.h>.
 *
 * Every message is formatted for real (so a bad "%.*s" length is an
 * ASan report, as it would be a kernel oops) by pdlpar_fuzz_printk() in
 * fuzz/shim.c, which counts lines per level for the fuzz targets to
 * check and prints them only when PDLPAR_FUZZ_VERBOSE is set. Nothing is
 * rate-limited: the targets count calls, not what reaches the console.
 * "%pV" is understood, as the only conversion of a format.
 */
#ifndef _PDLPAR_FUZZ_LINUX_PRINTK_H
#define _PDLPAR_FUZZ_LINUX_PRINTK_H

#include <stdarg.h>

#define KERN_SOH	"\001"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* A nested format and its arguments, printed with "%pV". */
struct va_format {
	const char *fmt;
	va_list *va;
};

__printf(1, 2) int pdlpar_fuzz_printk(const char *fmt, ...);

/* As without DEBUG: the format is checked, nothing is printed. */
#define no_printk(fmt, ...)					\
({								\
	if (0)							\
		pdlpar_fuzz_printk(fmt, ##__VA_ARGS__);		\
	0;							\
})

#define pr_err(fmt, ...)						\
	pdlpar_fuzz_printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)						\
	pdlpar_fuzz_printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)						\
	pdlpar_fuzz_printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)						\
	pdlpar_fuzz_printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#define pr_err_ratelimited(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	pr_warn(fmt, ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...)	pr_notice(fmt, ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...)	pr_debug(fmt, ##__VA_ARGS__)

#endif /* _PDLPAR_FUZZ_LINUX_PRINTK_H */
