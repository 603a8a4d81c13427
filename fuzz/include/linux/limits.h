/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/limits.h>. glibc's <limits.h> includes
 * the UAPI header of this name, so it is kept (#include_next) and the
 * kernel's own limits are added, defined as include/linux/limits.h does.
 */
#ifndef _PDLPAR_FUZZ_LINUX_LIMITS_H
#define _PDLPAR_FUZZ_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <linux/types.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)

#endif /* _PDLPAR_FUZZ_LINUX_LIMITS_H */
