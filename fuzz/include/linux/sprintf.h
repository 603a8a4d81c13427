/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/sprintf.h>. snprintf() is the C
 * library's; scnprintf() is in fuzz/shim.c, with the kernel's return
 * value (what was written, not what would have been).
 */
#ifndef _PDLPAR_FUZZ_LINUX_SPRINTF_H
#define _PDLPAR_FUZZ_LINUX_SPRINTF_H

#include <stdio.h>
#include <linux/printk.h>

__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif /* _PDLPAR_FUZZ_LINUX_SPRINTF_H */
