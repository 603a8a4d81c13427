/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/errno.h>: the UAPI errno values are the
 * kernel's (asm-generic/errno-base.h), so this only forwards to them.
 * glibc includes <linux/errno.h> itself, which is why it must not
 * shadow it with anything else.
 */
#ifndef _PDLPAR_FUZZ_LINUX_ERRNO_H
#define _PDLPAR_FUZZ_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _PDLPAR_FUZZ_LINUX_ERRNO_H */
