/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/kstrtox.h>: the unsigned conversions
 * the parsers use, in fuzz/shim.c, with lib/kstrtox.c's rules.
 */
#ifndef _PDLPAR_FUZZ_LINUX_KSTRTOX_H
#define _PDLPAR_FUZZ_LINUX_KSTRTOX_H

#include <linux/types.h>

int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);

static inline int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	return kstrtouint(s, base, res);
}

#endif /* _PDLPAR_FUZZ_LINUX_KSTRTOX_H */
