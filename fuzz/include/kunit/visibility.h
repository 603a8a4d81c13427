/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <kunit/visibility.h>, as without CONFIG_KUNIT. */
#ifndef _PDLPAR_FUZZ_KUNIT_VISIBILITY_H
#define _PDLPAR_FUZZ_KUNIT_VISIBILITY_H

#include <assert.h>

#define VISIBLE_IF_KUNIT static
/*
 * Nothing is exported. The assertion, which the kernel's empty macro
 * does not have, only checks that the symbol exists.
 */
#define EXPORT_SYMBOL_IF_KUNIT(symbol)	\
	static_assert(sizeof(__typeof__(symbol) *), #symbol " exists")

#endif /* _PDLPAR_FUZZ_KUNIT_VISIBILITY_H */
