/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/types.h>, for the parser fuzzers only.
 *
 * The UAPI header (found with #include_next) gives __u32, __be32 and
 * friends; the kernel's short names are defined on them exactly as
 * include/asm-generic/int-ll64.h does.
 */
#ifndef _PDLPAR_FUZZ_LINUX_TYPES_H
#define _PDLPAR_FUZZ_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

typedef __s8 s8;
typedef __u8 u8;
typedef __s16 s16;
typedef __u16 u16;
typedef __s32 s32;
typedef __u32 u32;
typedef __s64 s64;
typedef __u64 u64;

#endif /* _PDLPAR_FUZZ_LINUX_TYPES_H */
