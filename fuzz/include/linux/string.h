/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/string.h>: the parsers use only the
 * mem*() and str*() functions the C library has with the same meaning,
 * and using the library's lets ASan check every access they make.
 */
#ifndef _PDLPAR_FUZZ_LINUX_STRING_H
#define _PDLPAR_FUZZ_LINUX_STRING_H

#include <string.h>

#endif /* _PDLPAR_FUZZ_LINUX_STRING_H */
