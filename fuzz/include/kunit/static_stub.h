/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <kunit/static_stub.h>: as in a kernel built
 * without CONFIG_KUNIT, a redirect never redirects. The dead call only
 * type-checks the arguments, as the real redirect does.
 */
#ifndef _PDLPAR_FUZZ_KUNIT_STATIC_STUB_H
#define _PDLPAR_FUZZ_KUNIT_STATIC_STUB_H

#define KUNIT_STATIC_STUB_REDIRECT(real_fn_name, args...)	\
	do {							\
		if (0)						\
			real_fn_name(args);			\
	} while (0)

#endif /* _PDLPAR_FUZZ_KUNIT_STATIC_STUB_H */
