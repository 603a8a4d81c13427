/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar parser fuzzers: what the printk shim records and the
 * checks both targets share (fuzz/common.c).
 */
#ifndef _PDLPAR_FUZZ_H
#define _PDLPAR_FUZZ_H

#include <linux/printk.h>
#include <linux/types.h>

#include "pdlpar.h"

#define LOGLEVEL_ERR	3

/**
 * struct pdlpar_fuzz_log - what the parser logged for the current input
 * @lines: lines per log level (KERN_EMERG 0 to KERN_DEBUG 7).
 * @bad_lines: lines that were not exactly one line of printable ASCII.
 * @last: the last error line, or the first line if none, for reports.
 */
struct pdlpar_fuzz_log {
	unsigned int lines[8];
	unsigned int bad_lines;
	char last[256];
};

extern struct pdlpar_fuzz_log pdlpar_fuzz_log;
extern bool pdlpar_fuzz_verbose;

/* libFuzzer's entry points, by their kernel-style names in our code. */
int fuzz_init(int *argc, char ***argv) __asm__("LLVMFuzzerInitialize");
int fuzz_one_input(const u8 *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

void pdlpar_fuzz_begin(const u8 *data, size_t size);
void pdlpar_fuzz_result(const char *what, int ret,
			const struct pdlpar_request *req);
__printf(3, 4) __noreturn
void pdlpar_fuzz_fail(int line, const char *cond, const char *fmt, ...);

/* Report the input, the log and the failed property, then abort(). */
#define FUZZ_CHECK(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			pdlpar_fuzz_fail(__LINE__, #cond, fmt,		\
					 ##__VA_ARGS__);		\
	} while (0)

u32 pdlpar_fuzz_be32(const u8 *p);
u16 pdlpar_fuzz_be16(const u8 *p);
void pdlpar_fuzz_check_failed(int ret, const struct pdlpar_request *req,
			      const struct pdlpar_request *canary);
void pdlpar_fuzz_check_fields(const struct pdlpar_request *r);
void pdlpar_fuzz_check_format(const struct pdlpar_request *r);
void pdlpar_fuzz_check_round_trip(const struct pdlpar_request *r);

#endif /* _PDLPAR_FUZZ_H */
