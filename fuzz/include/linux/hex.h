/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/hex.h>; hex_to_bin() is in fuzz/shim.c. */
#ifndef _PDLPAR_FUZZ_LINUX_HEX_H
#define _PDLPAR_FUZZ_LINUX_HEX_H

int hex_to_bin(unsigned char ch);

#endif /* _PDLPAR_FUZZ_LINUX_HEX_H */
