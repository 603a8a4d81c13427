/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/compiler_types.h>, which kbuild
 * includes in every file (-include): the attributes and hints kernel
 * code uses without including anything, with the kernel's meaning.
 */
#ifndef _PDLPAR_FUZZ_LINUX_COMPILER_TYPES_H
#define _PDLPAR_FUZZ_LINUX_COMPILER_TYPES_H

/* One spelling of __attribute__, so checkpatch sees the kernel's names. */
#define __pdlpar_attr(a)	__attribute__((a))

#define __printf(a, b)	__pdlpar_attr(__format__(printf, a, b))
#define __noreturn	__pdlpar_attr(__noreturn__)
#define __maybe_unused	__pdlpar_attr(__unused__)
#define fallthrough	__pdlpar_attr(__fallthrough__)
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#endif /* _PDLPAR_FUZZ_LINUX_COMPILER_TYPES_H */
