/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/unaligned.h>, big-endian accessors only.
 *
 * As in the kernel, a value is loaded with a plain unaligned-safe copy
 * and then converted, so on a little-endian host (x86) be32_to_cpu() is
 * a real byte swap and a parser that forgot it would read garbage.
 */
#ifndef _PDLPAR_FUZZ_LINUX_UNALIGNED_H
#define _PDLPAR_FUZZ_LINUX_UNALIGNED_H

#include <string.h>
#include <linux/types.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define be16_to_cpu(x)	((u16)__builtin_bswap16(x))
#define be32_to_cpu(x)	((u32)__builtin_bswap32(x))
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define be16_to_cpu(x)	((u16)(x))
#define be32_to_cpu(x)	((u32)(x))
#else
#error "unknown byte order"
#endif
#define cpu_to_be16(x)	be16_to_cpu(x)
#define cpu_to_be32(x)	be32_to_cpu(x)

static inline u16 get_unaligned_be16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return be16_to_cpu(v);
}

static inline u32 get_unaligned_be32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

static inline void put_unaligned_be16(u16 val, void *p)
{
	u16 v = cpu_to_be16(val);

	memcpy(p, &v, sizeof(v));
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	u32 v = cpu_to_be32(val);

	memcpy(p, &v, sizeof(v));
}

#endif /* _PDLPAR_FUZZ_LINUX_UNALIGNED_H */
