// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the pseries-dlpar request parsers: RTAS hotplug event
 * logs and /sys/kernel/dlpar writes.
 *
 * Every failing parse must leave the request exactly as it was, so the
 * error tests fill it with a 0xa5 pattern first and compare afterwards.
 * The event log suite also catches the parser's refusal lines, through a
 * static stub on pdlpar_event_log_refusal(): exactly one per refused log.
 */

#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "pdlpar.h"
#include "pdlpar_compat.h"

/* ---------------------------------------------------------------------- */
/* Building QEMU-shaped event logs                                        */
/* ---------------------------------------------------------------------- */

#define EV_BUF_LEN	2048	/* RTAS_ERROR_LOG_MAX */
#define EV_PH_LEN	48
#define EV_UH_LEN	24

/* Byte offsets in a log with the default layout: PH, UH, 20-byte HP. */
#define OFF_VERSION	0
#define OFF_FLAGS	1
#define OFF_EXT_LEN	4
#define OFF_V6_FORMAT	(8 + 2)
#define OFF_V6_COMPANY	(8 + 12)
#define OFF_PH		24
#define OFF_PH_LEN	(OFF_PH + 2)
#define OFF_UH		(OFF_PH + EV_PH_LEN)			/* 72 */
#define OFF_UH_LEN	(OFF_UH + 2)
#define OFF_HP		(OFF_UH + EV_UH_LEN)			/* 96 */
#define OFF_HP_LEN	(OFF_HP + 2)
#define EV_LOG_LEN	(OFF_HP + PDLPAR_HP_SECTION_LEN)	/* 116 */
#define EV_EXT_LEN	(EV_LOG_LEN - 8)			/* 108 */

#define ID_PH		0x5048
#define ID_UH		0x5548

/* PH in a log with the HP section first. */
#define OFF_PH_AFTER_HP	(OFF_PH + PDLPAR_HP_SECTION_LEN)	/* 44 */

/**
 * struct ev_spec - what build_log() lays out
 * @resource: HP section resource byte.
 * @action: HP section action byte.
 * @id_type: HP section identifier type byte.
 * @w0: first be32 of the identifier union: index or count.
 * @w1: second be32 of the union: the index of an indexed-count.
 * @name: if set, the union is this string and its NUL instead.
 * @hp_len: if set, the HP section length, cutting its natural content
 *	short or padding it with zeros; the extended log length follows.
 * @hp_first: put the HP section before PH and UH.
 * @pad: bytes of padding after the last section, inside the extended log.
 * @pad_fill: what the padding is made of.
 */
struct ev_spec {
	u8 resource;
	u8 action;
	u8 id_type;
	u32 w0;
	u32 w1;
	const char *name;
	u16 hp_len;
	bool hp_first;
	u16 pad;
	u8 pad_fill;
};

/**
 * struct ev_patch - a big-endian value written over a built log
 * @off: byte offset in the log.
 * @width: 1, 2 or 4 bytes; 0 ends a patch list.
 * @val: the value.
 */
struct ev_patch {
	u16 off;
	u8 width;
	u32 val;
};

#define P8(o, v)	{ .off = (o), .width = 1, .val = (v) }
#define P16(o, v)	{ .off = (o), .width = 2, .val = (v) }
#define P32(o, v)	{ .off = (o), .width = 4, .val = (v) }
#define EV_MAX_PATCHES	2

#define HP(res, act, idt)	.resource = PDLPAR_RES_##res,		\
				.action = PDLPAR_ACT_##act,		\
				.id_type = PDLPAR_ID_##idt

/* The default request of the error tests: a valid CPU add by index. */
#define EV_CPU_ADD	HP(CPU, ADD, INDEX), .w0 = 0x10000008

static size_t put_section(u8 *p, u16 id, u16 len, u8 fill)
{
	size_t i;

	put_unaligned_be16(id, p);
	put_unaligned_be16(len, p + 2);
	p[4] = 1;			/* version */
	p[5] = 0;			/* subtype */
	put_unaligned_be16(0x4800, p + 6);	/* creator: 'H'ypervisor */
	for (i = 8; i < len; i++)
		p[i] = fill + i;
	return len;
}

/* The length of the HP section build_log() lays out. */
static u16 hp_section_len(const struct ev_spec *s)
{
	if (s->hp_len)
		return s->hp_len;
	if (s->name)
		return 12 + strlen(s->name) + 1;
	return PDLPAR_HP_SECTION_LEN;
}

/* Where the HP section build_log() lays out ends. */
static size_t hp_section_end(const struct ev_spec *s)
{
	size_t start = s->hp_first ? OFF_PH : OFF_HP;

	return start + hp_section_len(s);
}

static size_t put_hp_section(u8 *p, const struct ev_spec *s)
{
	size_t natural = PDLPAR_HP_SECTION_LEN;
	u16 len;

	p[8] = s->resource;
	p[9] = s->action;
	p[10] = s->id_type;
	p[11] = 0;
	if (s->name) {
		natural = 12 + strlen(s->name) + 1;
		memcpy(p + 12, s->name, natural - 12);
	} else {
		put_unaligned_be32(s->w0, p + 12);
		put_unaligned_be32(s->w1, p + 16);
	}
	len = s->hp_len ? s->hp_len : natural;
	put_unaligned_be16(PDLPAR_SECTION_ID_HP, p);
	put_unaligned_be16(len, p + 2);
	p[4] = 1;
	p[5] = 0;
	put_unaligned_be16(0x4800, p + 6);
	return len;
}

/*
 * Lay out a QEMU-shaped hotplug event log at @buf, zeroing all @size
 * bytes first: rtas_error_log header, v6 extended header, PH, UH and HP
 * sections, then any padding. Returns the length of the log.
 */
static size_t build_log(u8 *buf, size_t size, const struct ev_spec *s)
{
	size_t off = 24;

	memset(buf, 0, size);
	buf[0] = 6;			/* version 6 */
	buf[1] = 0x04;			/* extended log present */
	buf[2] = 0;
	buf[3] = 0xe5;			/* RTAS_TYPE_HOTPLUG */
	buf[8] = 0x80;			/* v6: log valid */
	buf[8 + 2] = 0x80 | 14;		/* PowerPC format, event log */
	put_unaligned_be32(0x49424d00, buf + OFF_V6_COMPANY);

	if (s->hp_first)
		off += put_hp_section(buf + off, s);
	off += put_section(buf + off, ID_PH, EV_PH_LEN, 0x10);
	off += put_section(buf + off, ID_UH, EV_UH_LEN, 0x60);
	if (!s->hp_first)
		off += put_hp_section(buf + off, s);
	memset(buf + off, s->pad_fill, s->pad);
	off += s->pad;

	put_unaligned_be32(off - 8, buf + OFF_EXT_LEN);
	return off;
}

static void apply_patches(u8 *buf, const struct ev_patch *p)
{
	int i;

	for (i = 0; i < EV_MAX_PATCHES && p[i].width; i++) {
		if (p[i].width == 1)
			buf[p[i].off] = p[i].val;
		else if (p[i].width == 2)
			put_unaligned_be16(p[i].val, buf + p[i].off);
		else
			put_unaligned_be32(p[i].val, buf + p[i].off);
	}
}

static void fill_req(struct pdlpar_request *req, struct pdlpar_request *copy)
{
	memset(req, 0xa5, sizeof(*req));
	memcpy(copy, req, sizeof(*copy));
}

/* A request the parsers produced must make sense on its own. */
static void expect_sane(struct kunit *test, const struct pdlpar_request *r)
{
	KUNIT_EXPECT_EQ(test, r->source, PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_GE(test, r->resource, PDLPAR_RES_CPU);
	KUNIT_EXPECT_LE(test, r->resource, PDLPAR_RES_PMEM);
	KUNIT_EXPECT_GE(test, r->action, PDLPAR_ACT_ADD);
	KUNIT_EXPECT_LE(test, r->action, PDLPAR_ACT_REMOVE);
	switch (r->id_type) {
	case PDLPAR_ID_INDEX:
		KUNIT_EXPECT_EQ(test, r->count, 0);
		break;
	case PDLPAR_ID_COUNT:
		KUNIT_EXPECT_NE(test, r->count, 0);
		KUNIT_EXPECT_EQ(test, r->index, 0);
		break;
	case PDLPAR_ID_INDEXED_COUNT:
		KUNIT_EXPECT_NE(test, r->count, 0);
		break;
	case PDLPAR_ID_NAME:
		KUNIT_EXPECT_GT(test, strnlen(r->name, sizeof(r->name)), 0);
		KUNIT_EXPECT_LT(test, strnlen(r->name, sizeof(r->name)),
				sizeof(r->name));
		break;
	default:
		KUNIT_FAIL(test, "id_type %u", r->id_type);
	}
}

/* ---------------------------------------------------------------------- */
/* Refusal lines, and the built-in handler's view of a handed-back log    */
/* ---------------------------------------------------------------------- */

/**
 * struct refusals - the refusal lines the parser logged during a test
 * @lines: how many since the last reset.
 * @last: the last one.
 */
struct refusals {
	unsigned int lines;
	char last[192];
};

/* Replaces pdlpar_event_log_refusal() in the pdlpar_parse_event suite. */
static void record_refusal(struct va_format *vaf)
{
	struct kunit *test = kunit_get_current_test();
	struct refusals *r = test->priv;
	va_list args;

	r->lines++;
	va_copy(args, *vaf->va);
	vsnprintf(r->last, sizeof(r->last), vaf->fmt, args);
	va_end(args);
}

static int parse_event_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct refusals), GFP_KERNEL);
	if (!test->priv)
		return -ENOMEM;
	kunit_activate_static_stub(test, pdlpar_event_log_refusal,
				   record_refusal);
	return 0;
}

static struct refusals *refusals_reset(struct kunit *test)
{
	struct refusals *r = test->priv;

	r->lines = 0;
	r->last[0] = '\0';
	return r;
}

static bool is_io_resource(unsigned int resource)
{
	return resource == PDLPAR_RES_SLOT || resource == PDLPAR_RES_PHB ||
	       resource == PDLPAR_RES_PCI;
}

/*
 * The built-in handler, given an event back, looks for the HP section
 * the way get_pseries_errorlog() does: from offset 24 to the end the
 * extended length claims, section lengths as they are, first HP section
 * wins, and nothing checked (not the version, nor the extended flag).
 * This follows that walk and returns the offset of the HP section it
 * ends at, or 0 where it would find none (and dereference NULL), read
 * outside the @len-byte buffer or go round for ever.
 */
static size_t builtin_hp_offset(const u8 *p, size_t len)
{
	size_t off = 24, end, steps;

	if (!p || len < 24)
		return 0;
	end = 8 + (size_t)get_unaligned_be32(p + OFF_EXT_LEN);
	/* It wants 20 bytes: the v6 header and a padded vendor_log[1]. */
	if (end < 8 + 20 || (p[OFF_V6_FORMAT] & 0x0f) != 14 ||
	    get_unaligned_be32(p + OFF_V6_COMPANY) != 0x49424d00)
		return 0;
	for (steps = 0; off < end && steps <= len; steps++) {
		if (off + 4 > len)
			return 0;
		if (get_unaligned_be16(p + off) == PDLPAR_SECTION_ID_HP)
			return off;
		off += get_unaligned_be16(p + off + 2);
	}
	return 0;
}

/*
 * pdlpar_parse_event() and pdlpar_classify_event() on one log, checking
 * what holds for every log: each logs exactly one line when it refuses
 * and none otherwise; they agree (a request for a CPU, memory or PMEM
 * log the parser accepts, a hand-back for an I/O log it accepts, and a
 * refusal or a hand-back for a log it refuses); a hand-back leaves the
 * request alone and sends the built-in handler to an I/O HP section
 * inside the buffer. Returns what pdlpar_parse_event() returned.
 */
static int parse_event(struct kunit *test, const void *log, size_t len,
		       struct pdlpar_request *req)
{
	struct pdlpar_request before = *req, creq = *req;
	struct refusals *r = refusals_reset(test);
	enum pdlpar_event_class cls;
	size_t off;
	int ret;

	ret = pdlpar_parse_event(log, len, req);
	KUNIT_EXPECT_EQ_MSG(test, r->lines, ret ? 1 : 0,
			    "parse returned %d, last line \"%s\"", ret,
			    r->last);

	refusals_reset(test);
	cls = pdlpar_classify_event(log, len, &creq);
	KUNIT_EXPECT_EQ_MSG(test, r->lines,
			    cls == PDLPAR_EVENT_REFUSED ? 1 : 0,
			    "class %d, last line \"%s\"", cls, r->last);

	if (!ret && !is_io_resource(req->resource)) {
		KUNIT_EXPECT_EQ(test, cls, PDLPAR_EVENT_REQUEST);
		KUNIT_EXPECT_MEMEQ(test, &creq, req, sizeof(creq));
		return ret;
	}
	if (!ret)
		KUNIT_EXPECT_EQ(test, cls, PDLPAR_EVENT_HAND_BACK);
	else
		KUNIT_EXPECT_NE(test, cls, PDLPAR_EVENT_REQUEST);
	KUNIT_EXPECT_MEMEQ(test, &creq, &before, sizeof(creq));

	if (cls == PDLPAR_EVENT_HAND_BACK) {
		const u8 *p = log;

		off = builtin_hp_offset(p, len);
		KUNIT_ASSERT_NE_MSG(test, off, 0,
				    "handed back, the built-in walk fails");
		KUNIT_ASSERT_LE(test, off + PDLPAR_SECTION_HDR_LEN + 1, len);
		KUNIT_EXPECT_TRUE(test, is_io_resource(p[off + 8]));
	}
	return ret;
}

/* ---------------------------------------------------------------------- */
/* pdlpar_parse_event(): valid logs                                       */
/* ---------------------------------------------------------------------- */

#define NAME79	"0123456789012345678901234567890123456789012345678901234567890123456789012345678"
#define NAME80	NAME79 "9"

struct ev_ok_case {
	const char *desc;
	struct ev_spec spec;
	struct ev_patch patch[EV_MAX_PATCHES];
	/* the expected request */
	u8 resource;
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
	const char *name;
};

#define WANT(res, act, idt)	.resource = PDLPAR_RES_##res,		\
				.action = PDLPAR_ACT_##act,		\
				.id_type = PDLPAR_ID_##idt

static const struct ev_ok_case ev_ok_cases[] = {
	{ "cpu add by index",
	  { HP(CPU, ADD, INDEX), .w0 = 0x10000008 }, {},
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "cpu remove by index",
	  { HP(CPU, REMOVE, INDEX), .w0 = 0x10000001 }, {},
	  WANT(CPU, REMOVE, INDEX), .index = 0x10000001 },
	{ "cpu add by count",
	  { HP(CPU, ADD, COUNT), .w0 = 2 }, {},
	  WANT(CPU, ADD, COUNT), .count = 2 },
	{ "memory add by count",
	  { HP(MEM, ADD, COUNT), .w0 = 4 }, {},
	  WANT(MEM, ADD, COUNT), .count = 4 },
	{ "memory remove by count",
	  { HP(MEM, REMOVE, COUNT), .w0 = 1 }, {},
	  WANT(MEM, REMOVE, COUNT), .count = 1 },
	{ "memory add by indexed-count",
	  { HP(MEM, ADD, INDEXED_COUNT), .w0 = 2, .w1 = 0x80000004 }, {},
	  WANT(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ "memory remove by indexed-count",
	  { HP(MEM, REMOVE, INDEXED_COUNT), .w0 = 16, .w1 = 0x80000010 }, {},
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = 16,
	  .index = 0x80000010 },
	{ "pmem add by index",
	  { HP(PMEM, ADD, INDEX), .w0 = 0x40000001 }, {},
	  WANT(PMEM, ADD, INDEX), .index = 0x40000001 },
	{ "pmem remove by index",
	  { HP(PMEM, REMOVE, INDEX), .w0 = 0x40000002 }, {},
	  WANT(PMEM, REMOVE, INDEX), .index = 0x40000002 },
	{ "pci add by index",
	  { HP(PCI, ADD, INDEX), .w0 = 0x20000001 }, {},
	  WANT(PCI, ADD, INDEX), .index = 0x20000001 },
	{ "pci remove by index",
	  { HP(PCI, REMOVE, INDEX), .w0 = 0x20000002 }, {},
	  WANT(PCI, REMOVE, INDEX), .index = 0x20000002 },
	{ "slot add by index",
	  { HP(SLOT, ADD, INDEX), .w0 = 0x20000003 }, {},
	  WANT(SLOT, ADD, INDEX), .index = 0x20000003 },
	{ "phb remove by index",
	  { HP(PHB, REMOVE, INDEX), .w0 = 0x20000000 }, {},
	  WANT(PHB, REMOVE, INDEX), .index = 0x20000000 },
	{ "cpu add by DRC name",
	  { HP(CPU, ADD, NAME), .name = "CPU 1" }, {},
	  WANT(CPU, ADD, NAME), .name = "CPU 1" },
	{ "slot add by DRC name",
	  { HP(SLOT, ADD, NAME), .name = "U78CB.001.WZS00AD-P1-C1" }, {},
	  WANT(SLOT, ADD, NAME), .name = "U78CB.001.WZS00AD-P1-C1" },
	{ "pci remove by 79-byte DRC name",
	  { HP(PCI, REMOVE, NAME), .name = NAME79 }, {},
	  WANT(PCI, REMOVE, NAME), .name = NAME79 },
	{ "1-byte DRC name padded to 20 bytes",
	  { HP(PMEM, ADD, NAME), .name = "P", .hp_len = 20 }, {},
	  WANT(PMEM, ADD, NAME), .name = "P" },
	{ "index in a 28-byte HP section",
	  { HP(CPU, ADD, INDEX), .w0 = 0x10000010, .hp_len = 28 }, {},
	  WANT(CPU, ADD, INDEX), .index = 0x10000010 },
	{ "count ignores the second union word",
	  { HP(CPU, ADD, COUNT), .w0 = 3, .w1 = 0xdeadbeef }, {},
	  WANT(CPU, ADD, COUNT), .count = 3 },
	{ "index ignores the second union word",
	  { HP(MEM, REMOVE, INDEX), .w0 = 0x80000000, .w1 = 0xdeadbeef }, {},
	  WANT(MEM, REMOVE, INDEX), .index = 0x80000000 },
	{ "HP section first",
	  { HP(CPU, REMOVE, INDEX), .w0 = 0x10000002, .hp_first = true }, {},
	  WANT(CPU, REMOVE, INDEX), .index = 0x10000002 },
	{ "index 0",
	  { HP(CPU, ADD, INDEX), .w0 = 0 }, {},
	  WANT(CPU, ADD, INDEX), .index = 0 },
	{ "index 0xffffffff",
	  { HP(CPU, ADD, INDEX), .w0 = U32_MAX }, {},
	  WANT(CPU, ADD, INDEX), .index = U32_MAX },
	{ "count 0xffffffff",
	  { HP(MEM, ADD, COUNT), .w0 = U32_MAX }, {},
	  WANT(MEM, ADD, COUNT), .count = U32_MAX },
	{ "indexed-count 0xffffffff 0xffffffff",
	  { HP(MEM, REMOVE, INDEXED_COUNT), .w0 = U32_MAX, .w1 = U32_MAX }, {},
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = U32_MAX,
	  .index = U32_MAX },
	{ "all other flag bits set",
	  { EV_CPU_ADD }, { P8(OFF_FLAGS, 0xff), P8(OFF_V6_FORMAT, 0xfe) },
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "other v6 format nibble bits clear",
	  { EV_CPU_ADD }, { P8(OFF_V6_FORMAT, 0x0e) },
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	/* Later log versions keep the v6 layout. */
	{ "log version 7",
	  { EV_CPU_ADD }, { P8(OFF_VERSION, 7) },
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "log version 0xff",
	  { HP(MEM, REMOVE, COUNT), .w0 = 2 }, { P8(OFF_VERSION, 0xff) },
	  WANT(MEM, REMOVE, COUNT), .count = 2 },
	/* What follows the HP section is not read. */
	{ "1 byte of padding after the HP section",
	  { EV_CPU_ADD, .pad = 1 }, {},
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "4 bytes of padding after the HP section",
	  { HP(MEM, ADD, INDEXED_COUNT), .w0 = 2, .w1 = 0x80000004,
	    .pad = 4 }, {},
	  WANT(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ "7 bytes of 0xff after the HP section",
	  { EV_CPU_ADD, .pad = 7, .pad_fill = 0xff }, {},
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "8 zero bytes after the HP section",
	  { HP(CPU, REMOVE, COUNT), .w0 = 1, .pad = 8 }, {},
	  WANT(CPU, REMOVE, COUNT), .count = 1 },
	{ "zero padding to the end of the buffer",
	  { EV_CPU_ADD, .pad = EV_BUF_LEN - EV_LOG_LEN }, {},
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
	{ "log version 7, padded DRC name",
	  { HP(CPU, ADD, NAME), .name = "CPU 1", .pad = 3 },
	  { P8(OFF_VERSION, 7) },
	  WANT(CPU, ADD, NAME), .name = "CPU 1" },
	{ "pci add, log version 7, padded",
	  { HP(PCI, ADD, INDEX), .w0 = 0x20000004, .pad = 5 },
	  { P8(OFF_VERSION, 7) },
	  WANT(PCI, ADD, INDEX), .index = 0x20000004 },
	{ "zero-length PH section after the HP section",
	  { HP(CPU, REMOVE, INDEX), .w0 = 0x10000002, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP + 2, 0) },
	  WANT(CPU, REMOVE, INDEX), .index = 0x10000002 },
	{ "PH section length 0xffff after the HP section",
	  { HP(MEM, ADD, COUNT), .w0 = 1, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP + 2, 0xffff) },
	  WANT(MEM, ADD, COUNT), .count = 1 },
	{ "a second HP section after the first",
	  { EV_CPU_ADD, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP, PDLPAR_SECTION_ID_HP) },
	  WANT(CPU, ADD, INDEX), .index = 0x10000008 },
};

static void ev_ok_desc(const struct ev_ok_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ev_ok, ev_ok_cases, ev_ok_desc);

/* The valid logs that pass @want, as test parameters. */
static const void *ev_ok_next(const void *prev, char *desc,
			      bool (*want)(const struct ev_ok_case *c))
{
	const struct ev_ok_case *c = ev_ok_cases;

	if (prev)
		c = (const struct ev_ok_case *)prev + 1;
	for (; c < ev_ok_cases + ARRAY_SIZE(ev_ok_cases); c++) {
		if (want(c)) {
			ev_ok_desc(c, desc);
			return c;
		}
	}
	return NULL;
}

static bool ev_sysfs_form(const struct ev_ok_case *c)
{
	return (c->resource == PDLPAR_RES_CPU ||
		c->resource == PDLPAR_RES_MEM) && c->id_type != PDLPAR_ID_NAME;
}

/* Those logs whose request /sys/kernel/dlpar could also make. */
static PDLPAR_KUNIT_GEN_PARAMS(ev_sysfs_form_gen_params)
{
	return ev_ok_next(prev, desc, ev_sysfs_form);
}

static void expect_ok_request(struct kunit *test, const struct ev_ok_case *c,
			      const struct pdlpar_request *r)
{
	char zero[PDLPAR_DRC_NAME_MAX] = {};
	size_t nlen = c->name ? strlen(c->name) : 0;

	KUNIT_EXPECT_EQ(test, r->source, PDLPAR_SRC_HYPERVISOR);
	KUNIT_EXPECT_EQ(test, r->resource, c->resource);
	KUNIT_EXPECT_EQ(test, r->action, c->action);
	KUNIT_EXPECT_EQ(test, r->id_type, c->id_type);
	KUNIT_EXPECT_EQ(test, r->index, c->index);
	KUNIT_EXPECT_EQ(test, r->count, c->count);
	if (c->name)
		KUNIT_EXPECT_STREQ(test, r->name, c->name);
	/* Everything after the name, or all of it, is zeroed. */
	KUNIT_EXPECT_MEMEQ(test, r->name + nlen, zero,
			   PDLPAR_DRC_NAME_MAX - nlen);
}

static void event_valid(struct kunit *test)
{
	const struct ev_ok_case *c = test->param_value;
	struct pdlpar_request req, before;
	size_t len;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);

	/* The whole RTAS buffer, as the event handler passes it. */
	len = build_log(buf, EV_BUF_LEN, &c->spec);
	apply_patches(buf, c->patch);
	fill_req(&req, &before);
	KUNIT_ASSERT_EQ(test, parse_event(test, buf, EV_BUF_LEN, &req), 0);
	expect_ok_request(test, c, &req);

	/* Exactly the log. */
	fill_req(&req, &before);
	KUNIT_ASSERT_EQ(test, parse_event(test, buf, len, &req), 0);
	expect_ok_request(test, c, &req);

	/* An unaligned log. */
	build_log(buf + 1, EV_BUF_LEN, &c->spec);
	apply_patches(buf + 1, c->patch);
	fill_req(&req, &before);
	KUNIT_ASSERT_EQ(test, parse_event(test, buf + 1, len, &req), 0);
	expect_ok_request(test, c, &req);
}

static void expect_cut(struct kunit *test, const struct ev_ok_case *c,
		       const u8 *buf, size_t cut, size_t len, const char *how)
{
	struct pdlpar_request req, before;
	int ret;

	fill_req(&req, &before);
	ret = parse_event(test, buf, cut, &req);
	if (cut < len) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "%s, len %zu", how, cut);
		KUNIT_EXPECT_MEMEQ_MSG(test, &req, &before, sizeof(req),
				       "%s, len %zu", how, cut);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s, len %zu", how, cut);
		expect_ok_request(test, c, &req);
	}
}

/*
 * Every valid log cut short at every length: first a buffer that holds
 * the whole log but is passed as shorter, so a parser reading past the
 * length would find a good log there and wrongly succeed; then a copy
 * allocated to the exact length, for KASAN.
 */
static void event_truncated(struct kunit *test)
{
	const struct ev_ok_case *c = test->param_value;
	size_t len, cut;
	u8 *full;

	full = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, full);
	len = build_log(full, EV_BUF_LEN, &c->spec);
	apply_patches(full, c->patch);

	for (cut = 0; cut <= len; cut++) {
		u8 *buf = kmalloc(cut, GFP_KERNEL);

		expect_cut(test, c, full, cut, len, "in place");
		KUNIT_ASSERT_NOT_NULL(test, buf);
		memcpy(buf, full, cut);
		expect_cut(test, c, buf, cut, len, "exact copy");
		kfree(buf);
	}
}

static void expect_ext_cut(struct kunit *test, const struct ev_ok_case *c,
			   const u8 *buf, size_t len, size_t cut)
{
	struct pdlpar_request req, before;
	int ret;

	fill_req(&req, &before);
	ret = parse_event(test, buf, len, &req);
	if (cut < hp_section_end(&c->spec)) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL,
				    "extended length %zu, len %zu", cut - 8, len);
		KUNIT_EXPECT_MEMEQ_MSG(test, &req, &before, sizeof(req),
				       "extended length %zu, len %zu",
				       cut - 8, len);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, ret, 0,
				    "extended length %zu, len %zu", cut - 8, len);
		expect_ok_request(test, c, &req);
	}
}

/*
 * Every valid log with its extended length cut short, the rest of the
 * log left in the buffer: a shorter extended log that cuts the HP
 * section or leaves it out is refused; one that still holds the HP
 * section whole is accepted, whatever it cuts after it.
 */
static void event_ext_truncated(struct kunit *test)
{
	const struct ev_ok_case *c = test->param_value;
	size_t len, cut;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	len = build_log(buf, EV_BUF_LEN, &c->spec);
	apply_patches(buf, c->patch);

	for (cut = 8; cut < len; cut++) {
		put_unaligned_be32(cut - 8, buf + OFF_EXT_LEN);
		expect_ext_cut(test, c, buf, EV_BUF_LEN, cut);
		expect_ext_cut(test, c, buf, cut, cut);
	}
}

/* ---------------------------------------------------------------------- */
/* pdlpar_parse_event(): invalid logs                                     */
/* ---------------------------------------------------------------------- */

struct ev_err_case {
	const char *desc;
	struct ev_spec spec;
	struct ev_patch patch[EV_MAX_PATCHES];
};

static const struct ev_err_case ev_err_cases[] = {
	/* rtas_error_log header */
	{ "version 5", { EV_CPU_ADD }, { P8(OFF_VERSION, 5) } },
	{ "version 1", { EV_CPU_ADD }, { P8(OFF_VERSION, 1) } },
	{ "version 0", { EV_CPU_ADD }, { P8(OFF_VERSION, 0) } },
	{ "extended flag clear", { EV_CPU_ADD }, { P8(OFF_FLAGS, 0) } },
	{ "only the other flag bits set", { EV_CPU_ADD },
	  { P8(OFF_FLAGS, 0xfb) } },
	{ "extended length 4000", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 4000) } },
	{ "extended length one past the buffer", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, EV_BUF_LEN - 7) } },
	{ "extended length 0xffffffff", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 0xffffffff) } },
	{ "extended length 0xfffffff8", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 0xfffffff8) } },
	{ "extended length 0x80000000", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 0x80000000) } },
	{ "extended length 15", { EV_CPU_ADD }, { P32(OFF_EXT_LEN, 15) } },
	{ "extended length 0", { EV_CPU_ADD }, { P32(OFF_EXT_LEN, 0) } },
	/* v6 extended log header */
	{ "log format 13", { EV_CPU_ADD }, { P8(OFF_V6_FORMAT, 0x8d) } },
	{ "log format 0", { EV_CPU_ADD }, { P8(OFF_V6_FORMAT, 0x80) } },
	{ "log format 15", { EV_CPU_ADD }, { P8(OFF_V6_FORMAT, 0x8f) } },
	{ "log format 14 in the high nibble", { EV_CPU_ADD },
	  { P8(OFF_V6_FORMAT, 0xe0) } },
	{ "company IBN", { EV_CPU_ADD }, { P32(OFF_V6_COMPANY, 0x49424e00) } },
	{ "company 0", { EV_CPU_ADD }, { P32(OFF_V6_COMPANY, 0) } },
	{ "company IBM with a non-NUL last byte", { EV_CPU_ADD },
	  { P32(OFF_V6_COMPANY, 0x49424d20) } },
	{ "company IBM little-endian", { EV_CPU_ADD },
	  { P32(OFF_V6_COMPANY, 0x004d4249) } },
	/* the section walk */
	{ "extended length covers only the v6 header", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 16) } },
	{ "extended length ends inside PH", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, 40) } },
	{ "extended length ends before HP", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, OFF_HP - 8) } },
	{ "extended length ends inside the HP header", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, OFF_HP - 8 + 4) } },
	{ "extended length ends inside HP", { EV_CPU_ADD },
	  { P32(OFF_EXT_LEN, EV_EXT_LEN - 1) } },
	{ "extended length ends inside HP, padding after it",
	  { EV_CPU_ADD, .pad = 8 }, { P32(OFF_EXT_LEN, EV_EXT_LEN - 1) } },
	{ "UH section 4 bytes too long", { EV_CPU_ADD },
	  { P16(OFF_UH_LEN, EV_UH_LEN + 4) } },
	{ "zero-length PH section", { EV_CPU_ADD }, { P16(OFF_PH_LEN, 0) } },
	{ "zero-length UH section", { EV_CPU_ADD }, { P16(OFF_UH_LEN, 0) } },
	{ "zero-length HP section", { EV_CPU_ADD }, { P16(OFF_HP_LEN, 0) } },
	{ "7-byte PH section", { EV_CPU_ADD }, { P16(OFF_PH_LEN, 7) } },
	{ "HP section runs past the end", { EV_CPU_ADD },
	  { P16(OFF_HP_LEN, PDLPAR_HP_SECTION_LEN + 1) } },
	{ "UH section length 0xffff", { EV_CPU_ADD },
	  { P16(OFF_UH_LEN, 0xffff) } },
	{ "PH section length 0x8000", { EV_CPU_ADD },
	  { P16(OFF_PH_LEN, 0x8000) } },
	{ "no HP section: HP renamed UH", { EV_CPU_ADD },
	  { P16(OFF_HP, ID_UH) } },
	{ "no HP section: lower-case hp", { EV_CPU_ADD },
	  { P16(OFF_HP, 0x6870) } },
	{ "no HP section: byte-swapped HP", { EV_CPU_ADD },
	  { P16(OFF_HP, 0x5048) } },
	/* The first HP section is the one read: resource 0x68, 0x18. */
	{ "UH renamed HP, before the real one", { EV_CPU_ADD },
	  { P16(OFF_UH, PDLPAR_SECTION_ID_HP) } },
	{ "PH renamed HP, before the real one", { EV_CPU_ADD },
	  { P16(OFF_PH, PDLPAR_SECTION_ID_HP) } },
	/* the HP section */
	{ "HP section length 0xffff", { EV_CPU_ADD },
	  { P16(OFF_HP_LEN, 0xffff) } },
	{ "HP section runs into padding past the end",
	  { EV_CPU_ADD, .pad = 4 },
	  { P16(OFF_HP_LEN, PDLPAR_HP_SECTION_LEN + 5) } },
	{ "8-byte HP section", { EV_CPU_ADD, .hp_len = 8 } },
	{ "11-byte HP section", { EV_CPU_ADD, .hp_len = 11 } },
	{ "index in a 12-byte HP section", { EV_CPU_ADD, .hp_len = 12 } },
	{ "index in a 15-byte HP section", { EV_CPU_ADD, .hp_len = 15 } },
	{ "count in a 15-byte HP section",
	  { HP(MEM, ADD, COUNT), .w0 = 1, .hp_len = 15 } },
	{ "indexed-count in a 16-byte HP section",
	  { HP(MEM, ADD, INDEXED_COUNT), .w0 = 1, .w1 = 0x80000000,
	    .hp_len = 16 } },
	{ "indexed-count in a 19-byte HP section",
	  { HP(MEM, ADD, INDEXED_COUNT), .w0 = 1, .w1 = 0x80000000,
	    .hp_len = 19 } },
	{ "DRC name in a 12-byte HP section",
	  { HP(CPU, ADD, NAME), .name = "CPU 1", .hp_len = 12 } },
	{ "DRC name without its NUL",
	  { HP(CPU, ADD, NAME), .name = "CPU 1", .hp_len = 12 + 5 } },
	{ "empty DRC name", { HP(CPU, ADD, NAME), .name = "" } },
	{ "80-byte DRC name", { HP(CPU, ADD, NAME), .name = NAME80 } },
	{ "DRC name with a tab", { HP(CPU, ADD, NAME), .name = "CPU\t1" } },
	{ "DRC name with 0x7f", { HP(CPU, ADD, NAME), .name = "CPU\x7f" } },
	{ "DRC name with 0x80", { HP(CPU, ADD, NAME), .name = "CPU\x80" } },
	{ "resource 0", { .resource = 0, .action = 1, .id_type = 2, .w0 = 1 } },
	{ "resource 7 (dt)",
	  { .resource = 7, .action = 1, .id_type = 2, .w0 = 1 } },
	{ "resource 8", { .resource = 8, .action = 1, .id_type = 2, .w0 = 1 } },
	{ "resource 0xff",
	  { .resource = 0xff, .action = 1, .id_type = 2, .w0 = 1 } },
	{ "action 0", { .resource = 1, .action = 0, .id_type = 2, .w0 = 1 } },
	{ "action 3", { .resource = 1, .action = 3, .id_type = 2, .w0 = 1 } },
	{ "action 0xff",
	  { .resource = 1, .action = 0xff, .id_type = 2, .w0 = 1 } },
	{ "id type 0", { .resource = 1, .action = 1, .id_type = 0, .w0 = 1 } },
	{ "id type 5", { .resource = 1, .action = 1, .id_type = 5, .w0 = 1 } },
	{ "id type 0xff",
	  { .resource = 1, .action = 1, .id_type = 0xff, .w0 = 1 } },
	{ "count 0", { HP(MEM, ADD, COUNT), .w0 = 0 } },
	{ "indexed-count with count 0",
	  { HP(MEM, REMOVE, INDEXED_COUNT), .w0 = 0, .w1 = 0x80000004 } },
};

static void ev_err_desc(const struct ev_err_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ev_err, ev_err_cases, ev_err_desc);

static void event_invalid(struct kunit *test)
{
	const struct ev_err_case *c = test->param_value;
	struct pdlpar_request req, before;
	size_t len;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	len = build_log(buf, EV_BUF_LEN, &c->spec);
	apply_patches(buf, c->patch);

	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, parse_event(test, buf, EV_BUF_LEN, &req),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

	/* Whatever the log claims, a buffer of just the log is no better. */
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, parse_event(test, buf, len, &req), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

/* ---------------------------------------------------------------------- */
/* pdlpar_classify_event(): what the event handler does with a log        */
/* ---------------------------------------------------------------------- */

struct ev_class_case {
	const char *desc;
	struct ev_spec spec;
	struct ev_patch patch[EV_MAX_PATCHES];
	enum pdlpar_event_class want;
	/* for PDLPAR_EVENT_REFUSED: in the one line logged */
	const char *line;
};

#define HAND_BACK	.want = PDLPAR_EVENT_HAND_BACK
#define REQUEST		.want = PDLPAR_EVENT_REQUEST
#define REFUSED(l)	.want = PDLPAR_EVENT_REFUSED, .line = (l)

static const struct ev_class_case ev_class_cases[] = {
	/* I/O events: the resource is all that is read. */
	{ "pci add by index",
	  { HP(PCI, ADD, INDEX), .w0 = 0x20000001 }, {}, HAND_BACK },
	{ "slot remove by DRC name",
	  { HP(SLOT, REMOVE, NAME), .name = "U78CB.001.WZS00AD-P1-C1" }, {},
	  HAND_BACK },
	{ "phb add by index",
	  { HP(PHB, ADD, INDEX), .w0 = 0x20000000 }, {}, HAND_BACK },
	{ "pci, action 0",
	  { .resource = 5, .action = 0, .id_type = 2, .w0 = 1 }, {},
	  HAND_BACK },
	{ "slot, action 0xff",
	  { .resource = 3, .action = 0xff, .id_type = 2, .w0 = 1 }, {},
	  HAND_BACK },
	{ "phb, identifier type 0",
	  { .resource = 4, .action = 1, .id_type = 0, .w0 = 1 }, {},
	  HAND_BACK },
	{ "pci, identifier type 9",
	  { .resource = 5, .action = 2, .id_type = 9, .w0 = 1 }, {},
	  HAND_BACK },
	{ "slot, index in a 12-byte HP section",
	  { HP(SLOT, ADD, INDEX), .w0 = 1, .hp_len = 12 }, {}, HAND_BACK },
	{ "phb, indexed-count in a 16-byte HP section",
	  { HP(PHB, ADD, INDEXED_COUNT), .w0 = 1, .w1 = 2, .hp_len = 16 }, {},
	  HAND_BACK },
	{ "pci, DRC name without its NUL",
	  { HP(PCI, ADD, NAME), .name = "C1", .hp_len = 12 + 2 }, {},
	  HAND_BACK },
	{ "slot, empty DRC name",
	  { HP(SLOT, ADD, NAME), .name = "" }, {}, HAND_BACK },
	{ "phb, 80-byte DRC name",
	  { HP(PHB, REMOVE, NAME), .name = NAME80 }, {}, HAND_BACK },
	{ "pci, DRC name with 0x80",
	  { HP(PCI, REMOVE, NAME), .name = "C\x80" }, {}, HAND_BACK },
	{ "slot, count 0",
	  { HP(SLOT, ADD, COUNT), .w0 = 0 }, {}, HAND_BACK },
	{ "pci, log version 7",
	  { HP(PCI, REMOVE, INDEX), .w0 = 1 }, { P8(OFF_VERSION, 7) },
	  HAND_BACK },
	{ "phb, log version 0xff, action 0",
	  { .resource = 4, .action = 0, .id_type = 2, .w0 = 1 },
	  { P8(OFF_VERSION, 0xff) }, HAND_BACK },
	{ "slot, 0xff padding after the HP section",
	  { HP(SLOT, ADD, INDEX), .w0 = 1, .pad = 5, .pad_fill = 0xff }, {},
	  HAND_BACK },
	{ "pci, zero-length PH section after the HP section",
	  { HP(PCI, ADD, INDEX), .w0 = 1, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP + 2, 0) }, HAND_BACK },
	{ "pci, then a cpu HP section",
	  { HP(PCI, ADD, INDEX), .w0 = 1, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP, PDLPAR_SECTION_ID_HP),
	    P8(OFF_PH_AFTER_HP + 8, PDLPAR_RES_CPU) }, HAND_BACK },
	/* Other resources: decoded strictly. */
	{ "cpu add by index", { EV_CPU_ADD }, {}, REQUEST },
	{ "memory remove by count, log version 7, padded",
	  { HP(MEM, REMOVE, COUNT), .w0 = 2, .pad = 6 },
	  { P8(OFF_VERSION, 7) }, REQUEST },
	{ "pmem add by index",
	  { HP(PMEM, ADD, INDEX), .w0 = 0x40000001 }, {}, REQUEST },
	{ "cpu, then a pci HP section",
	  { EV_CPU_ADD, .hp_first = true },
	  { P16(OFF_PH_AFTER_HP, PDLPAR_SECTION_ID_HP),
	    P8(OFF_PH_AFTER_HP + 8, PDLPAR_RES_PCI) }, REQUEST },
	{ "cpu, action 3",
	  { .resource = 1, .action = 3, .id_type = 2, .w0 = 1 }, {},
	  REFUSED("unknown HP action 3") },
	{ "memory, count 0",
	  { HP(MEM, ADD, COUNT), .w0 = 0 }, {}, REFUSED("DRC count 0") },
	{ "cpu, index in a 12-byte HP section",
	  { EV_CPU_ADD, .hp_len = 12 }, {},
	  REFUSED("HP section length 12 leaves 0 bytes for the identifier") },
	{ "resource 0",
	  { .resource = 0, .action = 1, .id_type = 2, .w0 = 1 }, {},
	  REFUSED("unknown HP resource 0") },
	{ "resource 7 (dt)",
	  { .resource = 7, .action = 1, .id_type = 2, .w0 = 1 }, {},
	  REFUSED("unknown HP resource 7") },
	/* I/O events whose HP section cannot be read. */
	{ "pci, 11-byte HP section",
	  { HP(PCI, ADD, INDEX), .w0 = 1, .hp_len = 11 }, {},
	  REFUSED("HP section length 11 shorter than 12") },
	{ "slot, 8-byte HP section",
	  { HP(SLOT, ADD, INDEX), .w0 = 1, .hp_len = 8 }, {},
	  REFUSED("HP section length 8 shorter than 12") },
	{ "phb, zero-length HP section",
	  { HP(PHB, ADD, INDEX), .w0 = 1 }, { P16(OFF_HP_LEN, 0) },
	  REFUSED("HP section length 0 shorter than 12") },
	{ "pci, HP section runs past the extended log",
	  { HP(PCI, ADD, INDEX), .w0 = 1 }, { P16(OFF_HP_LEN, 21) },
	  REFUSED("HP section at offset 96 has length 21, past the end") },
	{ "slot, extended log ends inside the HP section",
	  { HP(SLOT, ADD, INDEX), .w0 = 1 },
	  { P32(OFF_EXT_LEN, EV_EXT_LEN - 1) },
	  REFUSED("HP section at offset 96 has length 20, past the end") },
	{ "phb, extended log ends inside the HP section header",
	  { HP(PHB, ADD, INDEX), .w0 = 1 }, { P32(OFF_EXT_LEN, OFF_HP - 4) },
	  REFUSED("section header at offset 96 does not fit in the 4 bytes left") },
	{ "pci, zero-length UH section before the HP section",
	  { HP(PCI, ADD, INDEX), .w0 = 1 }, { P16(OFF_UH_LEN, 0) },
	  REFUSED("section 0x5548 at offset 72 has length 0") },
	{ "slot, no HP section",
	  { HP(SLOT, ADD, INDEX), .w0 = 1 }, { P16(OFF_HP, ID_UH) },
	  REFUSED("no HP section in the 108-byte extended log") },
	{ "phb, log version 5",
	  { HP(PHB, ADD, INDEX), .w0 = 1 }, { P8(OFF_VERSION, 5) },
	  REFUSED("log version 5, expected 6 or later") },
	{ "pci, extended log flag clear",
	  { HP(PCI, ADD, INDEX), .w0 = 1 }, { P8(OFF_FLAGS, 0) },
	  REFUSED("extended log flag clear") },
	{ "slot, extended length past the buffer",
	  { HP(SLOT, ADD, INDEX), .w0 = 1 }, { P32(OFF_EXT_LEN, 0xfffffff8) },
	  REFUSED("extended log length 4294967288 exceeds the") },
	{ "phb, company 0",
	  { HP(PHB, ADD, INDEX), .w0 = 1 }, { P32(OFF_V6_COMPANY, 0) },
	  REFUSED("company id 0x00000000, expected 0x49424d00") },
};

static void ev_class_desc(const struct ev_class_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ev_class, ev_class_cases, ev_class_desc);

static void expect_class(struct kunit *test, const struct ev_class_case *c,
			 const u8 *buf, size_t len)
{
	struct pdlpar_request req, before;
	struct refusals *r;

	fill_req(&req, &before);
	r = refusals_reset(test);
	KUNIT_EXPECT_EQ_MSG(test, pdlpar_classify_event(buf, len, &req),
			    c->want, "len %zu, line \"%s\"", len, r->last);
	if (c->want == PDLPAR_EVENT_REFUSED) {
		KUNIT_EXPECT_EQ_MSG(test, r->lines, 1, "len %zu", len);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(r->last, c->line),
					  "len %zu, line \"%s\"", len, r->last);
	} else {
		KUNIT_EXPECT_EQ_MSG(test, r->lines, 0, "len %zu, line \"%s\"",
				    len, r->last);
	}
	if (c->want == PDLPAR_EVENT_REQUEST) {
		KUNIT_EXPECT_EQ(test, req.resource, c->spec.resource);
		KUNIT_EXPECT_EQ(test, req.action, c->spec.action);
		KUNIT_EXPECT_EQ(test, req.id_type, c->spec.id_type);
		expect_sane(test, &req);
	} else {
		KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
	}
}

/* In the whole RTAS buffer, and in a buffer of just the log. */
static void event_classify(struct kunit *test)
{
	const struct ev_class_case *c = test->param_value;
	size_t len;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	len = build_log(buf, EV_BUF_LEN, &c->spec);
	apply_patches(buf, c->patch);

	expect_class(test, c, buf, EV_BUF_LEN);
	expect_class(test, c, buf, len);
	/* And everything parse_event() checks of every log. */
	parse_event(test, buf, EV_BUF_LEN, &(struct pdlpar_request){});
}

static void event_null(struct kunit *test)
{
	struct pdlpar_request req, before;

	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, parse_event(test, NULL, EV_BUF_LEN, &req),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

/* Write valid rtas_error_log and v6 headers over all of a 2048-byte log. */
static void put_headers(u8 *buf)
{
	buf[0] = 6;
	buf[1] = 0x04;
	buf[3] = 0xe5;
	put_unaligned_be32(EV_BUF_LEN - 8, buf + OFF_EXT_LEN);
	buf[OFF_V6_FORMAT] = 14;
	put_unaligned_be32(0x49424d00, buf + OFF_V6_COMPANY);
}

static void event_garbage(struct kunit *test)
{
	static const u8 fills[] = { 0x00, 0xff, 0xa5, 0x06 };
	struct pdlpar_request req, before;
	size_t i, off;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);

	for (i = 0; i < ARRAY_SIZE(fills); i++) {
		/* Nothing but garbage. */
		memset(buf, fills[i], EV_BUF_LEN);
		fill_req(&req, &before);
		KUNIT_EXPECT_EQ_MSG(test,
				    parse_event(test, buf, EV_BUF_LEN, &req),
				    -EINVAL, "fill 0x%02x", fills[i]);
		KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

		/* Good headers, then garbage sections. */
		put_headers(buf);
		fill_req(&req, &before);
		KUNIT_EXPECT_EQ_MSG(test,
				    parse_event(test, buf, EV_BUF_LEN, &req),
				    -EINVAL, "headers then 0x%02x", fills[i]);
		KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
	}

	/* 253 minimal "XX" sections: a long walk that finds no HP. */
	memset(buf, 0, EV_BUF_LEN);
	put_headers(buf);
	for (off = 24; off < EV_BUF_LEN; off += 8) {
		put_unaligned_be16(0x5858, buf + off);
		put_unaligned_be16(8, buf + off + 2);
	}
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, parse_event(test, buf, EV_BUF_LEN, &req),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

	/* The same with every section an empty HP: the first is too short. */
	for (off = 24; off < EV_BUF_LEN; off += 8)
		put_unaligned_be16(PDLPAR_SECTION_ID_HP, buf + off);
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, parse_event(test, buf, EV_BUF_LEN, &req),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

static u32 prng(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static void expect_untouched_or_sane(struct kunit *test, int ret,
				     const struct pdlpar_request *req,
				     const struct pdlpar_request *before,
				     unsigned int iter)
{
	if (ret) {
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "iteration %u", iter);
		KUNIT_EXPECT_MEMEQ_MSG(test, req, before, sizeof(*req),
				       "iteration %u", iter);
	} else {
		expect_sane(test, req);
	}
}

/*
 * Random damage to valid logs, and random section chains after valid
 * headers: the parser must always return, succeed only with a sane
 * request and otherwise leave the request alone. Seeded, so repeatable.
 */
static void event_fuzz(struct kunit *test)
{
	struct pdlpar_request req, before;
	u32 seed = 0x5eed1e55;
	unsigned int iter;
	u8 *buf;

	buf = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);

	for (iter = 0; iter < 2000; iter++) {
		const struct ev_ok_case *c =
			&ev_ok_cases[prng(&seed) % ARRAY_SIZE(ev_ok_cases)];
		unsigned int flips = 1 + prng(&seed) % 4;
		size_t len = build_log(buf, EV_BUF_LEN, &c->spec);
		int ret;

		while (flips--)
			buf[prng(&seed) % min_t(size_t, len + 8, EV_BUF_LEN)] =
				prng(&seed);
		fill_req(&req, &before);
		ret = parse_event(test, buf,
				  prng(&seed) & 1 ? len : EV_BUF_LEN, &req);
		expect_untouched_or_sane(test, ret, &req, &before, iter);
	}

	for (iter = 0; iter < 2000; iter++) {
		static const u16 ids[] = { ID_PH, ID_UH, PDLPAR_SECTION_ID_HP };
		size_t off, end = 24 + prng(&seed) % (EV_BUF_LEN - 24);
		int ret;

		memset(buf, 0, EV_BUF_LEN);
		put_headers(buf);
		put_unaligned_be32(end - 8, buf + OFF_EXT_LEN);
		for (off = 24; off < EV_BUF_LEN; off++)
			buf[off] = prng(&seed);
		for (off = 24; off + 8 <= end; ) {
			u32 r = prng(&seed);
			u16 slen = r % 64;

			put_unaligned_be16(ids[r % 4 < 3 ? r % 4 : 0] ^
					   (r & 0x10000 ? 0 : 0x0101),
					   buf + off);
			put_unaligned_be16(slen, buf + off + 2);
			if (slen < 8)
				break;
			off += slen;
		}
		fill_req(&req, &before);
		ret = parse_event(test, buf, EV_BUF_LEN, &req);
		expect_untouched_or_sane(test, ret, &req, &before, iter);
	}
}

/* ---------------------------------------------------------------------- */
/* pdlpar_parse_sysfs()                                                   */
/* ---------------------------------------------------------------------- */

/* Describe an input for KTAP: quoted, non-printables escaped. */
static void escape_desc(const char *in, size_t len, char *desc)
{
	const size_t size = KUNIT_PARAM_DESC_SIZE;
	size_t i, o;

	o = scnprintf(desc, size, "\"");
	for (i = 0; i < len; i++) {
		unsigned char ch = in[i];

		if (ch == '\n')
			o += scnprintf(desc + o, size - o, "\\n");
		else if (ch == '\t')
			o += scnprintf(desc + o, size - o, "\\t");
		else if (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\' ||
			 ch == '#')
			o += scnprintf(desc + o, size - o, "\\x%02x", ch);
		else
			o += scnprintf(desc + o, size - o, "%c", ch);
	}
	scnprintf(desc + o, size - o, "\"");
}

struct sysfs_ok_case {
	const char *in;
	u8 resource;
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
};

static const struct sysfs_ok_case sysfs_ok_cases[] = {
	{ "cpu add index 0x10000008", WANT(CPU, ADD, INDEX),
	  .index = 0x10000008 },
	{ "cpu remove index 0x10000008", WANT(CPU, REMOVE, INDEX),
	  .index = 0x10000008 },
	{ "cpu add count 1", WANT(CPU, ADD, COUNT), .count = 1 },
	{ "cpu remove count 2", WANT(CPU, REMOVE, COUNT), .count = 2 },
	{ "cpu add indexed-count 2 0x10000000", WANT(CPU, ADD, INDEXED_COUNT),
	  .count = 2, .index = 0x10000000 },
	{ "cpu remove indexed-count 1 0x10000010",
	  WANT(CPU, REMOVE, INDEXED_COUNT), .count = 1, .index = 0x10000010 },
	{ "memory add index 0x80000004", WANT(MEM, ADD, INDEX),
	  .index = 0x80000004 },
	{ "memory remove index 0x80000004", WANT(MEM, REMOVE, INDEX),
	  .index = 0x80000004 },
	{ "memory add count 16", WANT(MEM, ADD, COUNT), .count = 16 },
	{ "memory remove count 4", WANT(MEM, REMOVE, COUNT), .count = 4 },
	{ "memory add indexed-count 2 0x80000004",
	  WANT(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ "memory remove indexed-count 10 0x8000000a",
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = 10, .index = 0x8000000a },
	{ "dt add index 0x30000001", WANT(DT, ADD, INDEX),
	  .index = 0x30000001 },
	{ "dt remove index 0x30000001", WANT(DT, REMOVE, INDEX),
	  .index = 0x30000001 },
	{ "cpu add index 0X1000000A", WANT(CPU, ADD, INDEX),
	  .index = 0x1000000a },
	{ "memory remove index 0xAbCdEf01", WANT(MEM, REMOVE, INDEX),
	  .index = 0xabcdef01 },
	{ "cpu add index 0x1", WANT(CPU, ADD, INDEX), .index = 1 },
	{ "cpu add index 0x0", WANT(CPU, ADD, INDEX), .index = 0 },
	{ "cpu remove index 0x00000001", WANT(CPU, REMOVE, INDEX), .index = 1 },
	{ "cpu add index 0xffffffff", WANT(CPU, ADD, INDEX),
	  .index = U32_MAX },
	{ "memory add count 4294967295", WANT(MEM, ADD, COUNT),
	  .count = U32_MAX },
	{ "memory remove indexed-count 4294967295 0xFFFFFFFF",
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = U32_MAX,
	  .index = U32_MAX },
	{ "cpu add indexed-count 4294967295 0X0",
	  WANT(CPU, ADD, INDEXED_COUNT), .count = U32_MAX, .index = 0 },
	{ "dt remove index 0Xffffffff", WANT(DT, REMOVE, INDEX),
	  .index = U32_MAX },
	/* As mainline reads numbers: kstrtou32(s, 0, ...) */
	{ "cpu add index 268435456", WANT(CPU, ADD, INDEX),
	  .index = 0x10000000 },
	{ "cpu add index 010", WANT(CPU, ADD, INDEX), .index = 8 },
	{ "cpu add index 0", WANT(CPU, ADD, INDEX), .index = 0 },
	{ "cpu add index +0x1", WANT(CPU, ADD, INDEX), .index = 1 },
	{ "cpu add index 0x000000001", WANT(CPU, ADD, INDEX), .index = 1 },
	{ "memory add count 0x2", WANT(MEM, ADD, COUNT), .count = 2 },
	{ "memory add count 010", WANT(MEM, ADD, COUNT), .count = 8 },
	{ "memory add count +3", WANT(MEM, ADD, COUNT), .count = 3 },
	{ "memory add indexed-count 0x2 2147483652",
	  WANT(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ "memory add indexed-count 02 020000000004",
	  WANT(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	/* A newline may end any token, as sysfs_streq() and kstrtou32() let */
	{ "cpu\n add\n index\n 0x1", WANT(CPU, ADD, INDEX), .index = 1 },
	{ "memory remove indexed-count 2\n 0x80000004",
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ "memory\n remove\n indexed-count\n +037777777777\n +037777777777",
	  WANT(MEM, REMOVE, INDEXED_COUNT), .count = U32_MAX,
	  .index = U32_MAX },
};

static void sysfs_ok_desc(const struct sysfs_ok_case *c, char *desc)
{
	escape_desc(c->in, strlen(c->in), desc);
}

KUNIT_ARRAY_PARAM(sysfs_ok, sysfs_ok_cases, sysfs_ok_desc);

/*
 * Each valid write four ways: as is, with a newline, and both again
 * followed by bytes that are not part of the write (no NUL at @count).
 */
static void sysfs_valid(struct kunit *test)
{
	static const char *const variant[] = {
		"plain", "newline", "plain, unterminated",
		"newline, unterminated",
	};
	const struct sysfs_ok_case *c = test->param_value;
	char buf[PDLPAR_SYSFS_MAX + 16];
	size_t n = strlen(c->in);
	int v;

	for (v = 0; v < ARRAY_SIZE(variant); v++) {
		struct pdlpar_request req, before;
		char zero[PDLPAR_DRC_NAME_MAX] = {};
		size_t count = n;

		memset(buf, v >= 2 ? 'x' : '\0', sizeof(buf));
		memcpy(buf, c->in, n);
		if (v & 1)
			buf[count++] = '\n';

		fill_req(&req, &before);
		KUNIT_ASSERT_EQ_MSG(test, pdlpar_parse_sysfs(buf, count, &req),
				    0, "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.source, PDLPAR_SRC_SYSFS,
				    "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.resource, c->resource,
				    "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.action, c->action,
				    "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.id_type, c->id_type,
				    "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.index, c->index,
				    "%s", variant[v]);
		KUNIT_EXPECT_EQ_MSG(test, req.count, c->count,
				    "%s", variant[v]);
		KUNIT_EXPECT_MEMEQ_MSG(test, req.name, zero, sizeof(req.name),
				       "%s", variant[v]);
	}
}

struct sysfs_err_case {
	const char *in;
	size_t len;	/* 0: strlen(in) */
	int err;
};

#define BAD(s)		{ .in = (s), .err = -EINVAL }
/* sizeof - 1 keeps NUL bytes inside the string. */
#define BAD_NUL(s)	{ .in = (s), .len = sizeof(s) - 1, .err = -EINVAL }

static const struct sysfs_err_case sysfs_err_cases[] = {
	/* layout */
	BAD(""),
	BAD("\n"),
	BAD("\n\n"),
	BAD(" "),
	BAD("cpu add index 0x1\n\n"),
	BAD("cpu add index 0x1\r\n"),
	BAD("cpu add\nindex 0x1"),
	BAD("cpu\n\n add index 0x1"),
	BAD("cpu\x20\n add index 0x1"),
	BAD("cpu add\x20\nindex 0x1"),
	BAD("cpu add index\x20\n0x1"),
	BAD("cpu add index 0x\n1"),
	BAD("memory add indexed-count 2\n\n 0x1"),
	BAD("\ncpu add index 0x1"),
	BAD(" cpu add index 0x1"),
	BAD("cpu  add index 0x1"),
	BAD("cpu add  index 0x1"),
	BAD("cpu add index  0x1"),
	BAD("cpu\tadd index 0x1"),
	BAD("cpu add index 0x1\t"),
	BAD("cpu add index\t0x1\n"),
	BAD("cpu add index 0x1\xff"),
	BAD("cpu\xe9 add index 0x1"),
	BAD_NUL("cpu\0add index 0x1"),
	BAD_NUL("\0"),
	/* words */
	BAD("cpuz add index 0x1"),
	BAD("CPU add index 0x1"),
	BAD("mem add index 0x1"),
	BAD("pmem add index 0x1"),
	BAD("pci add index 0x1"),
	BAD("slot add index 0x1"),
	BAD("phb add index 0x1"),
	BAD("cpu insert index 0x1"),
	BAD("cpu Add index 0x1"),
	BAD("cpu add idx 0x1"),
	BAD("cpu add name CPU1"),
	BAD("cpu add indexed_count 1 0x1"),
	/* missing and extra tokens */
	BAD("cpu"),
	BAD("cpu\n"),
	BAD("memory add"),
	BAD("cpu add index"),
	BAD("cpu add index\n"),
	BAD("memory add count"),
	BAD("memory add indexed-count"),
	BAD("memory add indexed-count 2"),
	BAD("memory add indexed-count 2\n"),
	BAD("dt"),
	BAD("dt add"),
	BAD("dt add index"),
	/*
	 * Mainline takes these, ignoring what follows the request (after a
	 * space, or from a NUL on); refused, as the ABI document says.
	 */
	BAD("cpu add index 0x1 "),
	BAD("cpu add index 0x1\x20\n"),	/* a space, then a newline */
	BAD("cpu add index 0x1\n "),
	BAD("cpu add index 0x1 foo"),
	BAD("cpu add index 0x1 0x2"),
	BAD("cpu add count 1 2"),
	BAD("memory add indexed-count 2 0x1 0x2"),
	BAD("dt add index 0x1 extra\n"),
	BAD_NUL("cpu add index 0x1\0"),
	BAD_NUL("cpu add index 0x1\0\n"),
	BAD_NUL("cpu add index 0x1\0garbage"),
	/* dt takes only an index */
	BAD("dt add count 1"),
	BAD("dt remove count 1"),
	BAD("dt add indexed-count 1 0x1"),
	BAD("dt add count"),
	/* DRC indexes */
	BAD("cpu add index 0x"),
	BAD("cpu add index 0X"),
	BAD("cpu add index 0x1ffffffff"),
	BAD("cpu add index 0x100000000"),
	BAD("cpu add index 0x1g"),
	BAD("cpu add index x10"),
	BAD("cpu add index 0x-1"),
	BAD("cpu add index -0x1"),
	BAD("cpu add index 0x+1"),
	BAD("cpu add index 0o17"),
	BAD("cpu add index 00x1"),
	BAD("cpu add index 08"),
	BAD("cpu add index ++1"),
	BAD("cpu add index 0b1"),
	BAD("memory add indexed-count 2 0x"),
	BAD("memory add indexed-count 2 0x123456789"),
	/* counts */
	BAD("memory add count 0"),
	BAD("memory add count 00"),
	BAD("memory add count 0x0"),
	BAD("memory add count +0"),
	BAD("memory add count 09"),
	BAD("memory add count -1"),
	BAD("memory add count 3a"),
	BAD("memory add count 1e3"),
	BAD("memory add count 4294967296"),
	BAD("memory add count 99999999999999999999"),
	BAD("memory add indexed-count 0 0x1"),
	BAD("memory add indexed-count 4294967296 0x1"),
};

static size_t sysfs_err_len(const struct sysfs_err_case *c)
{
	return c->len ? c->len : strlen(c->in);
}

static void sysfs_err_desc(const struct sysfs_err_case *c, char *desc)
{
	escape_desc(c->in, sysfs_err_len(c), desc);
}

KUNIT_ARRAY_PARAM(sysfs_err, sysfs_err_cases, sysfs_err_desc);

static void sysfs_invalid(struct kunit *test)
{
	const struct sysfs_err_case *c = test->param_value;
	struct pdlpar_request req, before;
	char buf[PDLPAR_SYSFS_MAX + 1];
	size_t len = sysfs_err_len(c);

	/* As sysfs hands it over: NUL-terminated at @count. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, c->in, len);
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, pdlpar_parse_sysfs(buf, len, &req), c->err);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

static void sysfs_too_long(struct kunit *test)
{
	struct pdlpar_request req, before;
	char buf[PDLPAR_SYSFS_MAX + 2];

	/* At the limit: read, and rejected for what it says. */
	memset(buf, 'a', sizeof(buf));
	buf[PDLPAR_SYSFS_MAX] = '\0';
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, pdlpar_parse_sysfs(buf, PDLPAR_SYSFS_MAX, &req),
			-EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

	/* One byte over. */
	buf[PDLPAR_SYSFS_MAX + 1] = '\0';
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test,
			pdlpar_parse_sysfs(buf, PDLPAR_SYSFS_MAX + 1, &req),
			-E2BIG);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

	/* A valid request, but a write size over the limit. */
	memset(buf, 0, sizeof(buf));
	strscpy(buf, "cpu add index 0x1", sizeof(buf));
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test,
			pdlpar_parse_sysfs(buf, PDLPAR_SYSFS_MAX + 1, &req),
			-E2BIG);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));

	/* ... and a write size larger than the string within the limit. */
	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, pdlpar_parse_sysfs(buf, 20, &req), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

static void sysfs_null(struct kunit *test)
{
	struct pdlpar_request req, before;

	fill_req(&req, &before);
	KUNIT_EXPECT_EQ(test, pdlpar_parse_sysfs(NULL, 0, &req), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
	KUNIT_EXPECT_EQ(test, pdlpar_parse_sysfs(NULL, 10, &req), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &req, &before, sizeof(req));
}

/*
 * Every spelling of a number, with what kstrtou32(s, 0, ...) makes of it
 * (mainline reads each index and count of a /sys/kernel/dlpar write so).
 * The test checks each line against kstrtou32() itself, so the table
 * cannot drift from the kernel's rule, and then the parser on that token
 * as an index, a count and both numbers of an indexed-count.
 */
struct sysfs_num_case {
	const char *s;
	int ret;	/* kstrtou32(s, 0, &val) */
	u32 val;
};

#define NUM(str, v)	{ .s = (str), .ret = 0, .val = (v) }
#define NUM_BAD(str)	{ .s = (str), .ret = -EINVAL }
#define NUM_BIG(str)	{ .s = (str), .ret = -ERANGE }

static const struct sysfs_num_case sysfs_num_cases[] = {
	/* decimal */
	NUM("0", 0),
	NUM("1", 1),
	NUM("8", 8),
	NUM("10", 10),
	NUM("268435456", 0x10000000),
	NUM("2147483652", 0x80000004),
	NUM("4294967295", U32_MAX),
	NUM_BIG("4294967296"),
	NUM_BIG("18446744073709551615"),	/* fits 64 bits, not 32 */
	NUM_BIG("18446744073709551616"),
	NUM_BIG("99999999999999999999"),
	NUM_BAD("1a"),
	NUM_BAD("1e3"),
	NUM_BAD("1.0"),
	NUM_BAD("1,0"),
	/* hex */
	NUM("0x0", 0),
	NUM("0x1", 1),
	NUM("0X1", 1),
	NUM("0xa", 10),
	NUM("0XA", 10),
	NUM("0x10000008", 0x10000008),
	NUM("0XaBcDeF01", 0xabcdef01),
	NUM("0xffffffff", U32_MAX),
	NUM("0XFFFFFFFF", U32_MAX),
	NUM("0x000000001", 1),
	NUM("0x00000000000000000000ffffffff", U32_MAX),
	NUM_BIG("0x100000000"),
	NUM_BIG("0xffffffffffffffff"),
	NUM_BIG("0x10000000000000000"),
	NUM_BAD("0x"),
	NUM_BAD("0X"),
	NUM_BAD("0xg"),
	NUM_BAD("0x1g"),
	NUM_BAD("0xx1"),
	NUM_BAD("00x1"),
	NUM_BAD("x1"),
	NUM_BAD("0x-1"),
	NUM_BAD("0x+1"),
	NUM_BAD("0x 1"),
	/* octal: a leading 0 */
	NUM("00", 0),
	NUM("007", 7),
	NUM("010", 8),
	NUM("0777", 511),
	NUM("020000000004", 0x80000004),
	NUM("037777777777", U32_MAX),
	NUM("000000000000000000000000000001", 1),
	NUM_BIG("040000000000"),
	NUM_BAD("08"),
	NUM_BAD("09"),
	NUM_BAD("019"),
	NUM_BAD("0o17"),
	NUM_BAD("0b1"),
	/* signs: one '+' is taken, never a '-' */
	NUM("+1", 1),
	NUM("+0", 0),
	NUM("+0x10", 16),
	NUM("+010", 8),
	NUM("+4294967295", U32_MAX),
	NUM_BIG("+4294967296"),
	NUM_BAD("+"),
	NUM_BAD("++1"),
	NUM_BAD("+-1"),
	NUM_BAD("-1"),
	NUM_BAD("-0"),
	NUM_BAD("-+1"),
	NUM_BAD("+ 1"),
	NUM_BAD("+\n"),
	/* empty and white space: one newline at the end, nothing else */
	NUM_BAD(""),
	NUM_BAD("\n"),
	NUM("1\n", 1),
	NUM("0x1\n", 1),
	NUM("010\n", 8),
	NUM_BAD("1\n\n"),
	NUM_BAD("\n1"),
	NUM_BAD("1\r\n"),
	NUM_BAD("1\r"),
	NUM_BAD(" 1"),
	NUM_BAD("1 "),	/* mainline splits at the space first */
	NUM_BAD("\t1"),
	NUM_BAD("1\t"),
	NUM_BAD("\v1"),
	NUM_BAD("1\f"),
	NUM_BAD("1\xff"),
	NUM_BAD("\xb9"),	/* superscript one, in Latin-1 */
};

static void sysfs_num_desc(const struct sysfs_num_case *c, char *desc)
{
	escape_desc(c->s, strlen(c->s), desc);
}

KUNIT_ARRAY_PARAM(sysfs_num, sysfs_num_cases, sysfs_num_desc);

/* Parse @fmt with @num in it; 0 and the request, or an error. */
static int parse_with(struct kunit *test, const char *fmt, const char *num,
		      bool newline, struct pdlpar_request *req)
{
	char buf[PDLPAR_SYSFS_MAX + 1];
	struct pdlpar_request before;
	int n, ret;

	n = scnprintf(buf, sizeof(buf), fmt, num);
	if (newline)
		n += scnprintf(buf + n, sizeof(buf) - n, "\n");
	KUNIT_ASSERT_LT(test, n, (int)sizeof(buf) - 1);
	fill_req(req, &before);
	ret = pdlpar_parse_sysfs(buf, n, req);
	if (ret)
		KUNIT_EXPECT_MEMEQ_MSG(test, req, &before, sizeof(*req),
				       "\"%s\" refused, request touched", buf);
	else
		KUNIT_EXPECT_EQ(test, req->source, PDLPAR_SRC_SYSFS);
	return ret;
}

static void sysfs_numbers(struct kunit *test)
{
	const struct sysfs_num_case *c = test->param_value;
	struct pdlpar_request req;
	bool newline;
	u32 val = 0;
	int ret;

	ret = kstrtou32(c->s, 0, &val);
	KUNIT_ASSERT_EQ_MSG(test, ret, c->ret, "the table is not kstrtou32()");
	if (!ret)
		KUNIT_ASSERT_EQ_MSG(test, val, c->val,
				    "the table is not kstrtou32()");

	/* In the middle of a write, and at its end without and with "\n". */
	for (newline = false; ; newline = true) {
		char tok[64];
		u32 want = 0;
		bool ok;

		/* The last token of the write, as mainline sees it. */
		KUNIT_ASSERT_LT(test, scnprintf(tok, sizeof(tok), "%s%s", c->s,
						newline ? "\n" : ""),
				(int)sizeof(tok) - 1);
		ok = !kstrtou32(tok, 0, &want);

		KUNIT_EXPECT_EQ_MSG(test, !parse_with(test, "cpu add index %s",
						      c->s, newline, &req), ok,
				    "index, newline %d", newline);
		if (ok) {
			KUNIT_EXPECT_EQ(test, req.id_type, PDLPAR_ID_INDEX);
			KUNIT_EXPECT_EQ(test, req.index, want);
			KUNIT_EXPECT_EQ(test, req.count, 0);
		}
		KUNIT_EXPECT_EQ_MSG(test, !parse_with(test, "dt remove index %s",
						      c->s, newline, &req), ok,
				    "dt index, newline %d", newline);
		if (ok)
			KUNIT_EXPECT_EQ(test, req.index, want);
		KUNIT_EXPECT_EQ_MSG(test,
				    !parse_with(test,
						"memory remove indexed-count 2 %s",
						c->s, newline, &req), ok,
				    "indexed-count index, newline %d", newline);
		if (ok) {
			KUNIT_EXPECT_EQ(test, req.id_type,
					PDLPAR_ID_INDEXED_COUNT);
			KUNIT_EXPECT_EQ(test, req.index, want);
			KUNIT_EXPECT_EQ(test, req.count, 2);
		}

		/* A count of 0 is refused, as mainline's memory code does. */
		KUNIT_EXPECT_EQ_MSG(test, !parse_with(test, "memory add count %s",
						      c->s, newline, &req),
				    ok && want,
				    "count, newline %d", newline);
		if (ok && want) {
			KUNIT_EXPECT_EQ(test, req.id_type, PDLPAR_ID_COUNT);
			KUNIT_EXPECT_EQ(test, req.count, want);
			KUNIT_EXPECT_EQ(test, req.index, 0);
		}
		if (newline)
			break;
	}

	/* The count of an indexed-count, never the last token. */
	ret = parse_with(test, "cpu add indexed-count %s 0x10000000", c->s,
			 false, &req);
	KUNIT_EXPECT_EQ_MSG(test, !ret, !c->ret && c->val,
			    "indexed-count count");
	if (!ret) {
		KUNIT_EXPECT_EQ(test, req.id_type, PDLPAR_ID_INDEXED_COUNT);
		KUNIT_EXPECT_EQ(test, req.count, c->val);
		KUNIT_EXPECT_EQ(test, req.index, 0x10000000);
	}
}

/* ---------------------------------------------------------------------- */
/* pdlpar_format_request() and the names                                  */
/* ---------------------------------------------------------------------- */

#define REQ(res, act, idt)	.source = PDLPAR_SRC_SYSFS,		\
				.resource = PDLPAR_RES_##res,		\
				.action = PDLPAR_ACT_##act,		\
				.id_type = PDLPAR_ID_##idt

struct format_case {
	struct pdlpar_request req;
	const char *want;
};

static const struct format_case format_cases[] = {
	{ { REQ(CPU, ADD, INDEX), .index = 0x10000008 },
	  "cpu add index 0x10000008" },
	{ { REQ(CPU, REMOVE, COUNT), .count = 2 }, "cpu remove count 2" },
	{ { REQ(MEM, REMOVE, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	  "memory remove indexed-count 2 0x80000004" },
	{ { REQ(MEM, ADD, COUNT), .count = U32_MAX },
	  "memory add count 4294967295" },
	{ { REQ(DT, ADD, INDEX), .index = 0 }, "dt add index 0x0" },
	{ { REQ(PMEM, ADD, INDEX), .index = 0x40000001 },
	  "pmem add index 0x40000001" },
	{ { REQ(PCI, REMOVE, INDEX), .index = 0x20000001 },
	  "pci remove index 0x20000001" },
	{ { REQ(SLOT, ADD, NAME), .name = "U78CB.001.WZS00AD-P1-C1" },
	  "slot add name \"U78CB.001.WZS00AD-P1-C1\"" },
	{ { REQ(PHB, REMOVE, INDEX), .index = 0x20000000 },
	  "phb remove index 0x20000000" },
	{ { REQ(CPU, ADD, NAME), .name = "CPU 1" }, "cpu add name \"CPU 1\"" },
	{ { .resource = 0, .action = 0, .id_type = 0 },
	  "unknown unknown id-type 0" },
	{ { .resource = 8, .action = 3, .id_type = 9 },
	  "unknown unknown id-type 9" },
};

static void format_request(struct kunit *test)
{
	char buf[160];
	struct pdlpar_request req;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(format_cases); i++) {
		const struct format_case *c = &format_cases[i];

		memset(buf, 0xa5, sizeof(buf));
		ret = pdlpar_format_request(&c->req, buf, sizeof(buf));
		KUNIT_EXPECT_STREQ(test, buf, c->want);
		KUNIT_EXPECT_EQ(test, ret, strlen(c->want));
	}

	/* Short buffers: truncated, terminated, the length written. */
	req = format_cases[0].req;
	memset(buf, 0xa5, sizeof(buf));
	KUNIT_EXPECT_EQ(test, pdlpar_format_request(&req, buf, 8), 7);
	KUNIT_EXPECT_STREQ(test, buf, "cpu add");
	KUNIT_EXPECT_EQ(test, pdlpar_format_request(&req, buf, 1), 0);
	KUNIT_EXPECT_STREQ(test, buf, "");
	KUNIT_EXPECT_EQ(test, pdlpar_format_request(&req, NULL, 0), 0);

	/* A name without a NUL is printed no further than its array. */
	memset(&req, 0, sizeof(req));
	req.resource = PDLPAR_RES_CPU;
	req.action = PDLPAR_ACT_ADD;
	req.id_type = PDLPAR_ID_NAME;
	memset(req.name, 'A', sizeof(req.name));
	ret = pdlpar_format_request(&req, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, ret, strlen("cpu add name \"\"") +
			PDLPAR_DRC_NAME_MAX);
}

/* Formatted cpu, memory and dt requests parse back to themselves. */
static const struct pdlpar_request round_trip_cases[] = {
	{ REQ(CPU, ADD, INDEX), .index = 0x10000008 },
	{ REQ(CPU, REMOVE, INDEX), .index = 0 },
	{ REQ(CPU, ADD, COUNT), .count = 1 },
	{ REQ(CPU, REMOVE, COUNT), .count = U32_MAX },
	{ REQ(CPU, ADD, INDEXED_COUNT), .count = 2, .index = 0x10000000 },
	{ REQ(CPU, REMOVE, INDEXED_COUNT), .count = U32_MAX,
	  .index = U32_MAX },
	{ REQ(MEM, ADD, INDEX), .index = 0x80000004 },
	{ REQ(MEM, REMOVE, INDEX), .index = U32_MAX },
	{ REQ(MEM, ADD, COUNT), .count = 16 },
	{ REQ(MEM, REMOVE, COUNT), .count = 4 },
	{ REQ(MEM, ADD, INDEXED_COUNT), .count = 2, .index = 0x80000004 },
	{ REQ(MEM, REMOVE, INDEXED_COUNT), .count = 3, .index = 0x8000000a },
	{ REQ(DT, ADD, INDEX), .index = 0x30000001 },
	{ REQ(DT, REMOVE, INDEX), .index = 0 },
};

static void round_trip_desc(const struct pdlpar_request *r, char *desc)
{
	pdlpar_format_request(r, desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(round_trip, round_trip_cases, round_trip_desc);

static void round_trip(struct kunit *test)
{
	const struct pdlpar_request *want = test->param_value;
	struct pdlpar_request req, before;
	char buf[PDLPAR_SYSFS_MAX];
	int len;

	len = pdlpar_format_request(want, buf, sizeof(buf));
	KUNIT_ASSERT_GT(test, len, 0);
	fill_req(&req, &before);
	KUNIT_ASSERT_EQ_MSG(test, pdlpar_parse_sysfs(buf, len, &req), 0,
			    "\"%s\"", buf);
	KUNIT_EXPECT_EQ(test, req.source, want->source);
	KUNIT_EXPECT_EQ(test, req.resource, want->resource);
	KUNIT_EXPECT_EQ(test, req.action, want->action);
	KUNIT_EXPECT_EQ(test, req.id_type, want->id_type);
	KUNIT_EXPECT_EQ(test, req.index, want->index);
	KUNIT_EXPECT_EQ(test, req.count, want->count);
	KUNIT_EXPECT_MEMEQ(test, req.name, want->name, sizeof(req.name));
}

/* Requests from the hypervisor log and parse back the same way. */
static void event_round_trip(struct kunit *test)
{
	const struct ev_ok_case *c = test->param_value;
	struct pdlpar_request ev, req, before;
	char buf[PDLPAR_SYSFS_MAX];
	u8 *log;
	int len;

	log = kunit_kzalloc(test, EV_BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, log);
	build_log(log, EV_BUF_LEN, &c->spec);
	apply_patches(log, c->patch);
	KUNIT_ASSERT_EQ(test, pdlpar_parse_event(log, EV_BUF_LEN, &ev), 0);

	len = pdlpar_format_request(&ev, buf, sizeof(buf));
	fill_req(&req, &before);
	KUNIT_ASSERT_EQ_MSG(test, pdlpar_parse_sysfs(buf, len, &req), 0,
			    "\"%s\"", buf);
	KUNIT_EXPECT_EQ(test, req.source, PDLPAR_SRC_SYSFS);
	KUNIT_EXPECT_EQ(test, req.resource, ev.resource);
	KUNIT_EXPECT_EQ(test, req.action, ev.action);
	KUNIT_EXPECT_EQ(test, req.id_type, ev.id_type);
	KUNIT_EXPECT_EQ(test, req.index, ev.index);
	KUNIT_EXPECT_EQ(test, req.count, ev.count);
}

static void names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(0), "unknown");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_CPU), "cpu");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_MEM),
			   "memory");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_SLOT),
			   "slot");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_PHB), "phb");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_PCI), "pci");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_PMEM),
			   "pmem");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(PDLPAR_RES_DT), "dt");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(8), "unknown");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(0x101), "unknown");
	KUNIT_EXPECT_STREQ(test, pdlpar_resource_name(UINT_MAX), "unknown");

	KUNIT_EXPECT_STREQ(test, pdlpar_action_name(0), "unknown");
	KUNIT_EXPECT_STREQ(test, pdlpar_action_name(PDLPAR_ACT_ADD), "add");
	KUNIT_EXPECT_STREQ(test, pdlpar_action_name(PDLPAR_ACT_REMOVE),
			   "remove");
	KUNIT_EXPECT_STREQ(test, pdlpar_action_name(3), "unknown");
	KUNIT_EXPECT_STREQ(test, pdlpar_action_name(0x101), "unknown");
}

static struct kunit_case parse_event_cases[] = {
	KUNIT_CASE_PARAM(event_valid, ev_ok_gen_params),
	KUNIT_CASE_PARAM(event_truncated, ev_ok_gen_params),
	KUNIT_CASE_PARAM(event_ext_truncated, ev_ok_gen_params),
	KUNIT_CASE_PARAM(event_invalid, ev_err_gen_params),
	KUNIT_CASE_PARAM(event_classify, ev_class_gen_params),
	KUNIT_CASE(event_null),
	KUNIT_CASE(event_garbage),
	KUNIT_CASE(event_fuzz),
	{}
};

static struct kunit_suite parse_event_suite = {
	.name = "pdlpar_parse_event",
	.init = parse_event_init,
	.test_cases = parse_event_cases,
};

static struct kunit_case parse_sysfs_cases[] = {
	KUNIT_CASE_PARAM(sysfs_valid, sysfs_ok_gen_params),
	KUNIT_CASE_PARAM(sysfs_invalid, sysfs_err_gen_params),
	KUNIT_CASE(sysfs_too_long),
	KUNIT_CASE(sysfs_null),
	KUNIT_CASE_PARAM(sysfs_numbers, sysfs_num_gen_params),
	KUNIT_CASE(format_request),
	KUNIT_CASE_PARAM(round_trip, round_trip_gen_params),
	KUNIT_CASE_PARAM(event_round_trip, ev_sysfs_form_gen_params),
	KUNIT_CASE(names),
	{}
};

static struct kunit_suite parse_sysfs_suite = {
	.name = "pdlpar_parse_sysfs",
	.test_cases = parse_sysfs_cases,
};

kunit_test_suites(&parse_event_suite, &parse_sysfs_suite);

PDLPAR_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the pseries-dlpar module");
MODULE_LICENSE("GPL");
