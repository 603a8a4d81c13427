// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CPU add and remove flows against the fake PAPR platform and a
 * fake kernel (device tree and CPU masks), with a failure injected at every
 * RTAS call and at every host step (attach, detach, online, offline) in
 * turn. After each failure, the platform's DRCs, the device tree and the
 * CPU masks must be what they were, and a failed removal must have been
 * signalled on every DRC of the request.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/of.h>
#include <linux/string.h>

#include "fake_papr.h"
#include "pdlpar_compat.h"
#include "pdlpar_cpu.h"

#define NCPUS		512	/* 240 cores of two threads, and more */
#define NCORES		256
#define CPU_DRC(n)	(0x10000000 + (n))
#define LMB_DRC		0x80000004

struct fake_core {
	u32 drc;
	bool present;
	bool prepared;
	unsigned int nthreads;
	u32 hwid[PDLPAR_MAX_THREADS];
	struct fake_cc_step fdt[5];
	__be32 servers[PDLPAR_MAX_THREADS];
	__be32 my_index;
};

struct fake_host {
	struct pdlpar_cpu_host host;
	struct fake_papr fp;
	struct fake_core cores[NCORES];
	unsigned int nr_cores;
	bool present[NCPUS];
	bool online[NCPUS];
	unsigned int steps;		/* host steps that may fail, so far */
	u64 fail_steps;			/* bit k-1: step k fails */
	int refs;			/* core_find/attach minus core_put */
	bool attach_keeps_nodes;	/* a failed attach leaves the nodes */
	bool smt_off;			/* smt/control off */
	int smt_threads;		/* smt/control's level; 0: all */
	bool booted_once[NCPUS];	/* as cpus_booted_once_mask */
	struct device_node *parent;
	struct kunit *test;
};

static const char cpu_type[] = "cpu";

static struct fake_host *to_fh(struct pdlpar_cpu_host *host)
{
	return container_of(host, struct fake_host, host);
}

static bool fh_step_fails(struct fake_host *fh)
{
	fh->steps++;
	return fh->steps <= 64 && (fh->fail_steps & BIT_ULL(fh->steps - 1));
}

static struct fake_core *fh_core(struct fake_host *fh, u32 drc)
{
	unsigned int i;

	for (i = 0; i < fh->nr_cores; i++)
		if (fh->cores[i].drc == drc)
			return &fh->cores[i];
	return NULL;
}

static int fh_cpu_of(struct fake_host *fh, u32 hwid)
{
	/* Logical CPU n has hardware id n * 8 while present. */
	return hwid % 8 == 0 && hwid / 8 < NCPUS && fh->present[hwid / 8] ?
	       hwid / 8 : -1;
}

static int fh_cpu_drcs(struct pdlpar_cpu_host *host, u32 *indexes, int max)
{
	struct fake_host *fh = to_fh(host);
	unsigned int i;
	int n = 0;

	for (i = 0; i < fh->nr_cores; i++) {
		if (n == max)
			return -E2BIG;
		indexes[n++] = fh->cores[i].drc;
	}
	return n;
}

static int fh_drc_lookup(struct pdlpar_cpu_host *host, u32 index,
			 struct pdlpar_drc *drc)
{
	struct fake_host *fh = to_fh(host);
	struct fake_drc *f = fake_papr_drc(&fh->fp, index);

	if (!f)
		return -ENOENT;
	drc->index = index;
	drc->type = f->is_lmb ? PDLPAR_DRC_TYPE_MEM : PDLPAR_DRC_TYPE_CPU;
	snprintf(drc->name, sizeof(drc->name), "%s %u",
		 f->is_lmb ? "LMB" : "CPU", index & 0xffff);
	return 0;
}

static void fh_fill(struct fake_host *fh, struct fake_core *c,
		    struct pdlpar_core *core)
{
	unsigned int i;

	core->nthreads = c->nthreads;
	for (i = 0; i < c->nthreads; i++) {
		core->hwid[i] = c->hwid[i];
		core->cpu[i] = fh_cpu_of(fh, c->hwid[i]);
	}
	core->node = c;
	fh->refs++;
}

static int fh_core_find(struct pdlpar_cpu_host *host, struct pdlpar_core *core)
{
	struct fake_host *fh = to_fh(host);
	struct fake_core *c = fh_core(fh, core->drc.index);

	if (!c || !c->present)
		return -ENODEV;
	fh_fill(fh, c, core);
	return 0;
}

static int fh_core_attach(struct pdlpar_cpu_host *host,
			  struct pdlpar_core *core,
			  struct pdlpar_dt_fragment *frag)
{
	struct fake_host *fh = to_fh(host);
	struct fake_core *c = fh_core(fh, core->drc.index);
	struct of_changeset_entry *ce;
	const __be32 *servers;
	unsigned int i;
	int len;

	if (fh_step_fails(fh)) {
		/* As the real host when the nodes cannot be detached again. */
		if (fh->attach_keeps_nodes) {
			pdlpar_dt_fragment_free(frag);
			c->present = true;
		}
		return -EIO;
	}
	/* What the platform handed over must describe this core. */
	ce = list_first_entry(&frag->ocs->entries, struct of_changeset_entry,
			      node);
	servers = of_get_property(ce->np, "ibm,ppc-interrupt-server#s", &len);
	KUNIT_ASSERT_NOT_NULL(fh->test, servers);
	KUNIT_ASSERT_EQ(fh->test, len, (int)(c->nthreads * 4));
	for (i = 0; i < c->nthreads; i++) {
		KUNIT_ASSERT_EQ(fh->test, be32_to_cpu(servers[i]), c->hwid[i]);
		KUNIT_ASSERT_FALSE(fh->test, fh->present[c->hwid[i] / 8]);
		fh->present[c->hwid[i] / 8] = true;
	}
	c->present = true;
	pdlpar_dt_fragment_free(frag);
	fh_fill(fh, c, core);
	return 0;
}

static int fh_core_detach_prepare(struct pdlpar_cpu_host *host,
				  struct pdlpar_core *core)
{
	struct fake_host *fh = to_fh(host);
	struct fake_core *c = core->node;

	if (fh_step_fails(fh))
		return -ENOMEM;
	c->prepared = true;
	return 0;
}

static void fh_core_detach_commit(struct pdlpar_cpu_host *host,
				  struct pdlpar_core *core)
{
	struct fake_host *fh = to_fh(host);
	struct fake_core *c = core->node;
	unsigned int i;

	KUNIT_EXPECT_TRUE(fh->test, c->prepared);
	for (i = 0; i < c->nthreads; i++) {
		/* The kernel BUG()s on detaching an online CPU. */
		KUNIT_EXPECT_FALSE(fh->test, fh->online[c->hwid[i] / 8]);
		fh->present[c->hwid[i] / 8] = false;
	}
	c->present = false;
	c->prepared = false;
}

static void fh_core_detach_abort(struct pdlpar_cpu_host *host,
				 struct pdlpar_core *core)
{
	struct fake_core *c = core->node;

	c->prepared = false;
}

static void fh_core_put(struct pdlpar_cpu_host *host, struct pdlpar_core *core)
{
	to_fh(host)->refs--;
	core->node = NULL;
}

static bool fh_cpu_online(struct pdlpar_cpu_host *host, int cpu)
{
	return to_fh(host)->online[cpu];
}

static unsigned int fh_cpus_online(struct pdlpar_cpu_host *host)
{
	struct fake_host *fh = to_fh(host);
	unsigned int i, n = 0;

	for (i = 0; i < NCPUS; i++)
		n += fh->online[i];
	return n;
}

/* The kernel's SMT rule; the fake's cores have two threads. */
static bool fh_smt_allows(struct fake_host *fh, int cpu)
{
	int thread = cpu % 2;

	if (!thread)
		return true;
	if (fh->smt_off)
		return false;
	return !fh->smt_threads || thread < fh->smt_threads;
}

static int fh_cpu_set_online(struct pdlpar_cpu_host *host, int cpu,
			     bool online)
{
	struct fake_host *fh = to_fh(host);

	KUNIT_ASSERT_TRUE(fh->test, cpu >= 0 && cpu < NCPUS);
	KUNIT_ASSERT_TRUE(fh->test, fh->present[cpu]);
	if (fh_step_fails(fh))
		return -EBUSY;
	/*
	 * As cpu_up() for a thread SMT control keeps down: one that never
	 * ran is booted, then refused (-ECANCELED); one that ran, -EPERM.
	 */
	if (online && !fh_smt_allows(fh, cpu)) {
		if (fh->booted_once[cpu])
			return -EPERM;
		fh->booted_once[cpu] = true;
		return -ECANCELED;
	}
	if (online)
		fh->booted_once[cpu] = true;
	/* As the kernel: the last online CPU does not go. */
	if (!online && fh->online[cpu] && fh_cpus_online(host) == 1)
		return -EBUSY;
	fh->online[cpu] = online;
	return 0;
}

static bool fh_cpu_bootable(struct pdlpar_cpu_host *host, int cpu)
{
	return fh_smt_allows(to_fh(host), cpu);
}

static struct device_node *fh_cc_parent(struct pdlpar_cpu_host *host)
{
	return to_fh(host)->parent;
}

static const struct pdlpar_cpu_host_ops fh_ops = {
	.cpu_drcs = fh_cpu_drcs,
	.drc_lookup = fh_drc_lookup,
	.core_find = fh_core_find,
	.core_attach = fh_core_attach,
	.core_detach_prepare = fh_core_detach_prepare,
	.core_detach_commit = fh_core_detach_commit,
	.core_detach_abort = fh_core_detach_abort,
	.core_put = fh_core_put,
	.cpu_online = fh_cpu_online,
	.cpu_set_online = fh_cpu_set_online,
	.cpu_bootable = fh_cpu_bootable,
	.cpus_online = fh_cpus_online,
	.cc_parent = fh_cc_parent,
};

enum core_kind {
	BOOTED,		/* present since boot: CONFIGURED, online */
	PENDING,	/* hot-added by the hypervisor, not yet taken */
	EMPTY,		/* a DRC with nothing behind it */
};

/*
 * Core n has @nthreads threads with hardware ids (2n + t) * 8, so logical
 * CPU 2n + t when present.
 */
static void fh_add_core(struct fake_host *fh, unsigned int n,
			unsigned int nthreads, enum core_kind kind)
{
	struct fake_core *c = &fh->cores[fh->nr_cores++];
	struct fake_drc *f;
	unsigned int t;

	c->drc = CPU_DRC(n);
	c->nthreads = nthreads;
	for (t = 0; t < nthreads; t++) {
		c->hwid[t] = (2 * n + t) * 8;
		c->servers[t] = cpu_to_be32(c->hwid[t]);
	}
	c->my_index = cpu_to_be32(c->drc);
	c->fdt[0] = (struct fake_cc_step){ PDLPAR_CC_NEXT_CHILD, "cpu@0" };
	c->fdt[1] = (struct fake_cc_step){ PDLPAR_CC_NEXT_PROPERTY,
		"device_type", cpu_type, sizeof(cpu_type) };
	c->fdt[2] = (struct fake_cc_step){ PDLPAR_CC_NEXT_PROPERTY,
		"ibm,ppc-interrupt-server#s", c->servers, nthreads * 4 };
	c->fdt[3] = (struct fake_cc_step){ PDLPAR_CC_NEXT_PROPERTY,
		"ibm,my-drc-index", &c->my_index, 4 };
	c->fdt[4] = (struct fake_cc_step){ PDLPAR_CC_COMPLETE };

	f = fake_papr_add_drc(&fh->fp, c->drc,
			      kind == BOOTED ? PDLPAR_DRC_CONFIGURED :
					       PDLPAR_DRC_UNUSABLE,
			      kind != EMPTY);
	KUNIT_ASSERT_NOT_NULL(fh->test, f);
	f->fdt = c->fdt;
	f->fdt_len = ARRAY_SIZE(c->fdt);
	if (kind == BOOTED) {
		c->present = true;
		for (t = 0; t < nthreads; t++) {
			fh->present[2 * n + t] = true;
			fh->online[2 * n + t] = true;
		}
	}
}

static struct fake_host *fh_new(struct kunit *test)
{
	struct fake_host *fh = kunit_kzalloc(test, sizeof(*fh), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fh);
	fake_papr_init(&fh->fp);
	fh->host.ops = &fh_ops;
	fh->host.plat = &fh->fp.plat;
	fh->test = test;
	fh->parent = of_find_node_by_path("/");
	KUNIT_ASSERT_NOT_NULL(test, fh->parent);
	return fh;
}

static void fh_free(struct fake_host *fh)
{
	KUNIT_EXPECT_EQ_MSG(fh->test, fh->refs, 0, "core references leaked");
	of_node_put(fh->parent);
	fake_papr_free(&fh->fp);
}

/* What a clean rollback must restore. */
struct fh_snap {
	enum pdlpar_drc_state state[NCORES];
	bool attached[NCORES];
	bool core_present[NCORES];
	bool present[NCPUS];
	bool online[NCPUS];
};

/* Snapshots are too large for the stack at 240 cores. */
static struct fh_snap *fh_snap_alloc(struct kunit *test)
{
	struct fh_snap *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

static void fh_snap(struct fake_host *fh, struct fh_snap *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < fh->fp.nr_drcs; i++) {
		s->state[i] = fh->fp.drcs[i].state;
		s->attached[i] = fh->fp.drcs[i].attached;
	}
	for (i = 0; i < fh->nr_cores; i++)
		s->core_present[i] = fh->cores[i].present;
	memcpy(s->present, fh->present, sizeof(s->present));
	memcpy(s->online, fh->online, sizeof(s->online));
}

static void fh_expect_unchanged(struct kunit *test, struct fake_host *fh,
				const struct fh_snap *before, const char *what)
{
	struct fh_snap *now = fh_snap_alloc(test);
	unsigned int i;

	fh_snap(fh, now);
	for (i = 0; i < fh->fp.nr_drcs; i++) {
		KUNIT_EXPECT_EQ_MSG(test, now->state[i], before->state[i],
				    "%s: DRC %u state", what, i);
		KUNIT_EXPECT_EQ_MSG(test, now->attached[i], before->attached[i],
				    "%s: DRC %u device", what, i);
	}
	KUNIT_EXPECT_EQ_MSG(test, memcmp(now->core_present,
					 before->core_present,
					 sizeof(now->core_present)), 0,
			    "%s: device tree changed", what);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(now->present, before->present,
					 sizeof(now->present)), 0,
			    "%s: present mask changed", what);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(now->online, before->online,
					 sizeof(now->online)), 0,
			    "%s: online mask changed", what);
}

static int fh_request_from(struct fake_host *fh, enum pdlpar_source source,
			   u8 action, u8 id_type, u32 index, u32 count)
{
	struct pdlpar_request req = {
		.source = source,
		.resource = PDLPAR_RES_CPU,
		.action = action,
		.id_type = id_type,
		.index = index,
		.count = count,
	};

	return pdlpar_cpu_request(&fh->host, &req);
}

static int fh_request(struct fake_host *fh, u8 action, u8 id_type, u32 index,
		      u32 count)
{
	return fh_request_from(fh, PDLPAR_SRC_HYPERVISOR, action, id_type,
			       index, count);
}

/* --- scenarios, each built on a fresh fake --- */

struct cpu_case {
	const char *desc;
	/* Sets up the fake and returns the request's expected clean rc. */
	void (*setup)(struct fake_host *fh);
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
	bool hypervisor_removal;	/* DRCs flagged: a failure signals */
};

static void setup_one_pending(struct fake_host *fh)
{
	fh_add_core(fh, 0, 2, BOOTED);
	fh_add_core(fh, 1, 2, PENDING);
}

static void setup_two_pending(struct fake_host *fh)
{
	fh_add_core(fh, 0, 2, BOOTED);
	fh_add_core(fh, 1, 2, PENDING);
	fh_add_core(fh, 2, 2, PENDING);
	fh_add_core(fh, 3, 2, EMPTY);
}

static void setup_three_booted(struct fake_host *fh)
{
	fh_add_core(fh, 0, 2, BOOTED);
	fh_add_core(fh, 1, 2, BOOTED);
	fh_add_core(fh, 2, 2, BOOTED);
}

static void flag_all_but_boot(struct fake_host *fh)
{
	unsigned int i;

	for (i = 1; i < fh->fp.nr_drcs; i++)
		fh->fp.drcs[i].flagged = true;
}

static const struct cpu_case cpu_cases[] = {
	{ "add by index", setup_one_pending, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
	  CPU_DRC(1), 0 },
	{ "add by count", setup_two_pending, PDLPAR_ACT_ADD, PDLPAR_ID_COUNT,
	  0, 2 },
	{ "add by indexed-count", setup_two_pending, PDLPAR_ACT_ADD,
	  PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1), 2 },
	{ "remove by index", setup_three_booted, PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_INDEX, CPU_DRC(2), 0, true },
	{ "remove by count", setup_three_booted, PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_COUNT, 0, 2, true },
	{ "remove by indexed-count", setup_three_booted, PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1), 2, true },
};

static void cpu_case_desc(const struct cpu_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpu_flow, cpu_cases, cpu_case_desc);

static struct fake_host *case_fixture(struct kunit *test,
				      const struct cpu_case *c)
{
	struct fake_host *fh = fh_new(test);

	c->setup(fh);
	if (c->hypervisor_removal)
		flag_all_but_boot(fh);
	return fh;
}

static int case_run(struct fake_host *fh, const struct cpu_case *c)
{
	return fh_request(fh, c->action, c->id_type, c->index, c->count);
}

/* The flow succeeds and leaves what it should. */
static void cpu_flow_ok(struct kunit *test)
{
	const struct cpu_case *c = test->param_value;
	struct fake_host *fh = case_fixture(test, c);
	unsigned int i, changed = 0;
	struct fh_snap *before = fh_snap_alloc(test);

	fh_snap(fh, before);
	KUNIT_ASSERT_EQ(test, case_run(fh, c), 0);
	for (i = 0; i < fh->nr_cores; i++) {
		struct fake_drc *f = &fh->fp.drcs[i];
		struct fake_core *core = &fh->cores[i];

		if (core->present == before->core_present[i])
			continue;
		changed++;
		if (c->action == PDLPAR_ACT_ADD) {
			KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_CONFIGURED);
			KUNIT_EXPECT_TRUE(test, fh->online[core->hwid[0] / 8]);
			KUNIT_EXPECT_TRUE(test, fh->online[core->hwid[1] / 8]);
		} else {
			KUNIT_EXPECT_EQ(test, f->state, PDLPAR_DRC_UNUSABLE);
			KUNIT_EXPECT_EQ(test, f->deleted, 1U);
			KUNIT_EXPECT_FALSE(test, fh->present[core->hwid[0] / 8]);
		}
		KUNIT_EXPECT_EQ(test, f->rejections, 0U);
	}
	KUNIT_EXPECT_EQ(test, changed, c->count ?: 1U);
	/* The boot core stays. */
	KUNIT_EXPECT_TRUE(test, fh->cores[0].present);
	KUNIT_EXPECT_TRUE(test, fh->online[0]);
	fh_free(fh);
}

static bool case_asked(const struct cpu_case *c, u32 index)
{
	if (c->id_type == PDLPAR_ID_COUNT)
		return index != CPU_DRC(0);
	if (c->id_type == PDLPAR_ID_INDEX)
		return index == c->index;
	return index >= c->index && index < c->index + c->count;
}

/*
 * After a failed removal each core the hypervisor asked for is either
 * back as it was, and told the removal failed, or - if the platform had
 * already reclaimed it when a later core failed - cleanly gone: never in
 * between. Only the give-back of a later core can fail after an earlier
 * one was reclaimed, so a single-core request is always fully undone.
 */
static void expect_removal_undone(struct kunit *test, struct fake_host *fh,
				  const struct cpu_case *c,
				  const struct fh_snap *before,
				  const char *what)
{
	unsigned int i, t, gone = 0;

	for (i = 0; i < fh->nr_cores; i++) {
		struct fake_drc *f = &fh->fp.drcs[i];
		struct fake_core *core = &fh->cores[i];

		if (!case_asked(c, f->index)) {
			KUNIT_EXPECT_EQ_MSG(test, f->state, before->state[i],
					    "%s: DRC %u touched", what, i);
			continue;
		}
		if (f->deleted) {
			gone++;
			KUNIT_EXPECT_EQ_MSG(test, f->state, PDLPAR_DRC_UNUSABLE,
					    "%s: DRC %u", what, i);
			KUNIT_EXPECT_FALSE_MSG(test, core->present,
					       "%s: core %u half gone", what, i);
			for (t = 0; t < core->nthreads; t++)
				KUNIT_EXPECT_FALSE(test,
						   fh->present[core->hwid[t] / 8]);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, f->state, before->state[i],
				    "%s: DRC %u state", what, i);
		KUNIT_EXPECT_TRUE_MSG(test, f->attached, "%s: DRC %u", what, i);
		KUNIT_EXPECT_EQ_MSG(test, core->present,
				    before->core_present[i],
				    "%s: core %u", what, i);
		for (t = 0; t < core->nthreads; t++) {
			int cpu = core->hwid[t] / 8;

			KUNIT_EXPECT_EQ_MSG(test, fh->online[cpu],
					    before->online[cpu],
					    "%s: CPU %d", what, cpu);
			KUNIT_EXPECT_EQ(test, fh->present[cpu],
					before->present[cpu]);
		}
		/* Asked to remove, so told it failed. */
		KUNIT_EXPECT_EQ_MSG(test, f->rejections, 1U,
				    "%s: DRC %u not signalled", what, i);
		KUNIT_EXPECT_FALSE(test, f->flagged);
	}
	if (c->id_type == PDLPAR_ID_INDEX)
		KUNIT_EXPECT_EQ_MSG(test, gone, 0U, "%s: core lost", what);
	/* The boot core never moves. */
	KUNIT_EXPECT_TRUE(test, fh->cores[0].present);
	KUNIT_EXPECT_TRUE(test, fh->online[0]);
}

static struct fake_kind_param cpu_inject_params[ARRAY_SIZE(cpu_cases) *
					       FAKE_NR_KINDS];

static PDLPAR_KUNIT_GEN_PARAMS(cpu_inject_gen_params)
{
	BUILD_BUG_ON(offsetof(struct cpu_case, desc));
	return fake_kind_param_next(prev, cpu_inject_params, cpu_cases,
				    sizeof(cpu_cases[0]),
				    ARRAY_SIZE(cpu_cases), desc);
}

/*
 * A failure injected into the flow is reported as it is, but that an add
 * by count passes over a core the platform will not give and then finds
 * too few (the cases have no spare core).
 */
static int case_rc(const struct cpu_case *c, const struct fake_kind *kind,
		   const struct fake_call *call)
{
	if (c->action == PDLPAR_ACT_ADD && c->id_type == PDLPAR_ID_COUNT &&
	    fake_kind_refuses(kind, call))
		return -ENOSPC;
	return fake_kind_errno(kind);
}

/* The flow ended exactly as the clean run @ok did. */
static void expect_as_clean(struct kunit *test, struct fake_host *fh,
			    struct fake_host *ok, const struct fh_snap *after,
			    const char *what)
{
	unsigned int i;

	fh_expect_unchanged(test, fh, after, what);
	for (i = 0; i < fh->fp.nr_drcs; i++) {
		KUNIT_EXPECT_EQ_MSG(test, fh->fp.drcs[i].deleted,
				    ok->fp.drcs[i].deleted, "%s: DRC %u", what,
				    i);
		KUNIT_EXPECT_EQ_MSG(test, fh->fp.drcs[i].rejections,
				    ok->fp.drcs[i].rejections, "%s: DRC %u",
				    what, i);
		KUNIT_EXPECT_EQ_MSG(test, fh->fp.drcs[i].flagged,
				    ok->fp.drcs[i].flagged, "%s: DRC %u", what,
				    i);
	}
}

/*
 * Each kind of answer at every RTAS call of the flow, then (for one kind:
 * they do not depend on it) a failure at every host step.
 *
 * A busy answer, an EMPTY where no sensor is read and a refused isolate
 * (retried after a walk) must leave everything as the clean run did,
 * with only the retries on the clock. Any other failure must leave
 * everything as it was; a failed removal must have been signalled on
 * every DRC of the request (and the hypervisor's pending removals
 * thereby cancelled).
 */
static void cpu_flow_injected(struct kunit *test)
{
	const struct fake_kind_param *p = test->param_value;
	const struct cpu_case *c = p->c;
	const struct fake_kind *kind = p->kind;
	unsigned int rtas_calls, host_steps, k, injected = 0, tolerated = 0;
	const struct fake_call *call;
	struct fake_host *fh, *ok;
	struct fh_snap *before = fh_snap_alloc(test);
	struct fh_snap *after = fh_snap_alloc(test);
	char what[48];
	int rc;

	ok = case_fixture(test, c);
	KUNIT_ASSERT_EQ(test, case_run(ok, c), 0);
	fh_snap(ok, after);
	rtas_calls = ok->fp.calls;
	host_steps = kind == &fake_kinds[0] ? ok->steps : 0;
	fh_free(ok);
	KUNIT_ASSERT_GT(test, rtas_calls, 0U);
	KUNIT_ASSERT_LE(test, rtas_calls, FAKE_MAX_LOG);
	KUNIT_ASSERT_LE(test, host_steps, 64U);

	for (k = 1; k <= rtas_calls + host_steps; k++) {
		bool rtas = k <= rtas_calls;

		call = rtas ? fake_papr_call(&ok->fp, k) : NULL;
		fh = case_fixture(test, c);
		fh_snap(fh, before);
		if (rtas)
			fake_papr_inject(&fh->fp, kind, k);
		else
			fh->fail_steps = BIT_ULL(k - rtas_calls - 1);
		snprintf(what, sizeof(what), "%s %u: %s",
			 rtas ? "RTAS call" : "host step",
			 rtas ? k : k - rtas_calls,
			 rtas ? kind->name : "failed");

		rc = case_run(fh, c);
		if (rtas)
			fake_expect_injected(test, &fh->fp, &ok->fp, kind, k,
					     what);
		injected += !rtas || fh->fp.injected;
		if (rtas && fake_kind_tolerated(kind, call)) {
			tolerated++;
			KUNIT_EXPECT_EQ_MSG(test, rc, 0, "%s", what);
			expect_as_clean(test, fh, ok, after, what);
		} else {
			if (!rtas)
				KUNIT_EXPECT_NE_MSG(test, rc, 0,
						    "%s unnoticed", what);
			else
				KUNIT_EXPECT_EQ_MSG(test, rc,
						    case_rc(c, kind, call),
						    "%s", what);
			if (c->action == PDLPAR_ACT_ADD)
				fh_expect_unchanged(test, fh, before, what);
			else
				expect_removal_undone(test, fh, c, before,
						      what);
		}
		fh_free(fh);
	}
	kunit_info(test, "%u injected (%u RTAS calls, %u host steps), %u %s",
		   injected, rtas_calls, host_steps, tolerated, "tolerated");
}

/* Seed 000: the boot CPU is offline; the hypervisor removes core 1. */
static void seed_000(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	fh_add_core(fh, 0, 1, BOOTED);
	fh_add_core(fh, 1, 1, BOOTED);
	fh->online[0] = false;
	fh->fp.drcs[1].flagged = true;
	fh_snap(fh, before);

	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), -EBUSY);
	fh_expect_unchanged(test, fh, before, "seed 000");
	KUNIT_EXPECT_TRUE(test, fh->online[2]);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].rejections, 1U);
	KUNIT_EXPECT_FALSE(test, fh->fp.drcs[1].flagged);

	/* cpu0 back online: the repeated request now succeeds. */
	fh->online[0] = true;
	fh->fp.drcs[1].flagged = true;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].deleted, 1U);
	KUNIT_EXPECT_FALSE(test, fh->present[2]);
	fh_free(fh);
}

/*
 * The administrator's removal fails: the hypervisor, which may have a
 * removal of its own pending on the core, is not told anything.
 */
static void sysfs_failure_not_signalled(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	fh_add_core(fh, 0, 1, BOOTED);
	fh_add_core(fh, 1, 1, BOOTED);
	fh->online[0] = false;
	fh->fp.drcs[1].flagged = true;
	fh_snap(fh, before);

	KUNIT_EXPECT_EQ(test, fh_request_from(fh, PDLPAR_SRC_SYSFS,
					      PDLPAR_ACT_REMOVE,
					      PDLPAR_ID_INDEX, CPU_DRC(1), 0),
			-EBUSY);
	fh_expect_unchanged(test, fh, before, "sysfs");
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].rejections, 0U);
	KUNIT_EXPECT_TRUE(test, fh->fp.drcs[1].flagged);
	KUNIT_EXPECT_EQ(test, fh->fp.calls, 0U);
	fh_free(fh);
}

/*
 * SMT control keeps the second thread of an added core offline, off or
 * at a reduced level: the add succeeds with the primary thread online.
 */
static void add_with_smt(struct kunit *test, bool off, int threads)
{
	struct fake_host *fh = fh_new(test);

	setup_one_pending(fh);
	fh->smt_off = off;
	fh->smt_threads = threads;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	KUNIT_EXPECT_TRUE(test, fh->online[2]);
	KUNIT_EXPECT_FALSE(test, fh->online[3]);
	KUNIT_EXPECT_TRUE(test, fh->present[3]);
	/* And the core still goes whole. */
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	KUNIT_EXPECT_FALSE(test, fh->present[2]);
	KUNIT_EXPECT_FALSE(test, fh->present[3]);
	fh_free(fh);
}

static void add_with_smt_off(struct kunit *test)
{
	add_with_smt(test, true, 0);
}

static void add_with_smt_level_1(struct kunit *test)
{
	add_with_smt(test, false, 1);
}

/*
 * A thread that will not go offline while an add is undone: the core is
 * kept whole (online, its DRC ours), never detached with a CPU online.
 */
static void add_undo_keeps_online_core(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_two_pending(fh);
	/*
	 * indexed-count 2: core 1 goes in (host steps 1-3: attach, two
	 * onlines); core 2's attach (step 4) fails; undoing core 1, the
	 * offline of its first thread (step 5) fails.
	 */
	fh->fail_steps = BIT_ULL(3) | BIT_ULL(4);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1),
					 2), -EIO);
	KUNIT_EXPECT_TRUE(test, fh->cores[1].present);
	KUNIT_EXPECT_TRUE(test, fh->online[2]);
	KUNIT_EXPECT_TRUE(test, fh->online[3]);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_CONFIGURED);
	/* Core 2 was undone completely. */
	KUNIT_EXPECT_FALSE(test, fh->cores[2].present);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[2].state, PDLPAR_DRC_UNUSABLE);
	fh_free(fh);
}

/* A failed attach: the fetched nodes are freed and the DRC given back. */
static void add_attach_fails(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_one_pending(fh);
	fh->fail_steps = BIT_ULL(0);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), -EIO);
	KUNIT_EXPECT_FALSE(test, fh->cores[1].present);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_UNUSABLE);
	fh_free(fh);
}

/*
 * A failed attach whose nodes stay in the tree: the DRC stays the guest's
 * with them, so that a removal can take the core out again.
 */
static void add_attach_fails_nodes_stay(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_one_pending(fh);
	fh->fail_steps = BIT_ULL(0);
	fh->attach_keeps_nodes = true;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), -EIO);
	KUNIT_EXPECT_TRUE(test, fh->cores[1].present);
	KUNIT_EXPECT_FALSE(test, fh->present[2]);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_CONFIGURED);
	KUNIT_EXPECT_EQ(test, fh->refs, 0);

	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	KUNIT_EXPECT_FALSE(test, fh->cores[1].present);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_UNUSABLE);
	fh_free(fh);
}

/* A removal the hypervisor repeats after it went through (seed 002). */
static void remove_twice(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	setup_three_booted(fh);
	flag_all_but_boot(fh);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	fh_snap(fh, before);
	fh->fp.calls = 0;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), -ENODEV);
	fh_expect_unchanged(test, fh, before, "repeat");
	/* Sensed unusable: not ours, nothing to signal. */
	KUNIT_EXPECT_EQ(test, fh->fp.calls, 1U);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].rejections, 0U);
	fh_free(fh);
}

static void add_twice(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	setup_one_pending(fh);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	fh_snap(fh, before);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), -EEXIST);
	fh_expect_unchanged(test, fh, before, "repeat");
	fh_free(fh);
}

static void remove_non_cpu_drc(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fake_drc *lmb;
	struct fh_snap *before = fh_snap_alloc(test);

	setup_three_booted(fh);
	lmb = fake_papr_add_drc(&fh->fp, LMB_DRC, PDLPAR_DRC_CONFIGURED, true);
	lmb->is_lmb = true;
	lmb->flagged = true;
	fh_snap(fh, before);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 LMB_DRC, 0), -EINVAL);
	fh_expect_unchanged(test, fh, before, "LMB DRC");
	/* Not a CPU DRC: its own pending removal is none of ours. */
	KUNIT_EXPECT_EQ(test, lmb->rejections, 0U);
	KUNIT_EXPECT_TRUE(test, lmb->flagged);
	KUNIT_EXPECT_EQ(test, fh->fp.calls, 0U);
	fh_free(fh);
}

/*
 * Count removal takes the highest-indexed cores; the boot core goes last,
 * and not at all while it holds the last online CPUs.
 */
static void remove_count_choice(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	setup_three_booted(fh);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT,
					 0, 1), 0);
	KUNIT_EXPECT_TRUE(test, fh->cores[0].present);
	KUNIT_EXPECT_TRUE(test, fh->cores[1].present);
	KUNIT_EXPECT_FALSE(test, fh->cores[2].present);
	/* Core 1 offline: the boot core is then the only one left online. */
	fh->online[2] = false;
	fh->online[3] = false;
	fh_snap(fh, before);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT,
					 0, 2), -EBUSY);
	fh_expect_unchanged(test, fh, before, "count 2 of 2");
	/* One: the highest, core 1, goes; the boot core stays. */
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT,
					 0, 1), 0);
	KUNIT_EXPECT_FALSE(test, fh->cores[1].present);
	KUNIT_EXPECT_TRUE(test, fh->cores[0].present);
	KUNIT_EXPECT_TRUE(test, fh->online[0]);
	fh_free(fh);
}

/*
 * The boot core goes like any other while another CPU stays online (the
 * kernel moves the boot CPU's duties), and comes back with an add.
 */
static void remove_boot_core(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_three_booted(fh);
	fh->fp.drcs[0].flagged = true;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
					 CPU_DRC(0), 0), 0);
	KUNIT_EXPECT_FALSE(test, fh->cores[0].present);
	KUNIT_EXPECT_FALSE(test, fh->present[0]);
	KUNIT_EXPECT_FALSE(test, fh->present[1]);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[0].state, PDLPAR_DRC_UNUSABLE);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[0].deleted, 1U);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[0].rejections, 0U);
	KUNIT_EXPECT_TRUE(test, fh->online[2]);
	KUNIT_EXPECT_TRUE(test, fh->online[4]);

	/* The administrator's removal leaves the core with the platform. */
	KUNIT_EXPECT_EQ(test, fh_request_from(fh, PDLPAR_SRC_SYSFS,
					      PDLPAR_ACT_REMOVE,
					      PDLPAR_ID_INDEX, CPU_DRC(1), 0),
			0);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_INDEX,
					 CPU_DRC(1), 0), 0);
	KUNIT_EXPECT_TRUE(test, fh->cores[1].present);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_CONFIGURED);
	fh_free(fh);
}

static void setup_boot_core_only_online(struct fake_host *fh)
{
	setup_three_booted(fh);
	memset(fh->online + 2, 0, 4 * sizeof(fh->online[0]));
}

/* Count add: only DRCs with something behind them, all or nothing. */
static void add_count_short(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	setup_two_pending(fh);
	fh_snap(fh, before);
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_COUNT,
					 0, 3), -ENOSPC);
	fh_expect_unchanged(test, fh, before, "count 3 of 2");
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_COUNT,
					 0, 1), 0);
	KUNIT_EXPECT_TRUE(test, fh->cores[1].present);
	KUNIT_EXPECT_FALSE(test, fh->cores[2].present);
	fh_free(fh);
}

/*
 * Count add passes over a DRC the platform senses present but that the
 * guest has no core for (another partition's, or taken meanwhile).
 */
static void add_count_skips_taken(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_two_pending(fh);
	fh->fp.drcs[1].state = PDLPAR_DRC_CONFIGURED;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD, PDLPAR_ID_COUNT,
					 0, 1), 0);
	KUNIT_EXPECT_FALSE(test, fh->cores[1].present);
	KUNIT_EXPECT_TRUE(test, fh->cores[2].present);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].state, PDLPAR_DRC_CONFIGURED);
	fh_free(fh);
}

/*
 * Requests that must be refused and change nothing: the errno, and how
 * many RTAS calls the refusal may make (only a hypervisor removal's
 * signal makes one: a refusal never reaches for a DRC otherwise).
 */
struct refused_case {
	const char *desc;
	void (*setup)(struct fake_host *fh);
	u8 action;
	u8 id_type;
	u32 index;
	u32 count;
	int rc;
	unsigned int rtas_calls;
};

static void setup_core2_only_online(struct fake_host *fh)
{
	setup_three_booted(fh);
	memset(fh->online, 0, 4 * sizeof(fh->online[0]));
}

static const struct refused_case refused_cases[] = {
	{ "remove the boot core holding the last online CPUs",
	  setup_boot_core_only_online, PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEX,
	  CPU_DRC(0), 0, -EBUSY, 1 },
	{ "remove an unknown DRC", setup_three_booted, PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_INDEX, CPU_DRC(9), 0, -ENODEV, 0 },
	{ "remove the last online core", setup_core2_only_online,
	  PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 1, -EBUSY, 1 },
	{ "remove every core", setup_three_booted, PDLPAR_ACT_REMOVE,
	  PDLPAR_ID_COUNT, 0, 3, -EBUSY, 3 },
	{ "remove more cores than the guest has", setup_three_booted,
	  PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 4, -EINVAL, 0 },
	/* From the hypervisor: each named core the guest has is told. */
	{ "remove indexed-count past the end", setup_three_booted,
	  PDLPAR_ACT_REMOVE, PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1), 3, -EINVAL,
	  4 },
	{ "add a DRC with nothing behind it", setup_two_pending,
	  PDLPAR_ACT_ADD, PDLPAR_ID_INDEX, CPU_DRC(3), 0, -EINVAL, 2 },
	{ "add indexed-count past the end", setup_two_pending, PDLPAR_ACT_ADD,
	  PDLPAR_ID_INDEXED_COUNT, CPU_DRC(2), 3, -EINVAL, 0 },
	{ "add indexed-count from an unknown DRC", setup_two_pending,
	  PDLPAR_ACT_ADD, PDLPAR_ID_INDEXED_COUNT, CPU_DRC(7), 1, -EINVAL, 0 },
	{ "add more cores than the platform has DRCs", setup_two_pending,
	  PDLPAR_ACT_ADD, PDLPAR_ID_COUNT, 0, 0x7fffffff, -ENOSPC, 0 },
	{ "remove more cores than the platform has DRCs", setup_three_booted,
	  PDLPAR_ACT_REMOVE, PDLPAR_ID_COUNT, 0, 0x7fffffff, -EINVAL, 0 },
	{ "DRC name identifier", setup_two_pending, PDLPAR_ACT_ADD,
	  PDLPAR_ID_NAME, 0, 0, -EOPNOTSUPP, 0 },
};

static void refused_desc(const struct refused_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(refused, refused_cases, refused_desc);

static void request_refused(struct kunit *test)
{
	const struct refused_case *c = test->param_value;
	struct fake_host *fh = fh_new(test);
	struct fh_snap *before = fh_snap_alloc(test);

	c->setup(fh);
	fh_snap(fh, before);
	KUNIT_EXPECT_EQ(test, fh_request(fh, c->action, c->id_type, c->index,
					 c->count), c->rc);
	fh_expect_unchanged(test, fh, before, c->desc);
	KUNIT_EXPECT_EQ(test, fh->fp.calls, c->rtas_calls);
	fh_free(fh);
}

/*
 * A POWER10 partition's 240 cores, added and removed in one request
 * each, by indexed-count and by count: no cap, all or nothing.
 */
static void cores_240(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);
	unsigned int i, online = 0;

	fh_add_core(fh, 0, 2, BOOTED);
	for (i = 1; i <= 240; i++)
		fh_add_core(fh, i, 2, PENDING);
	KUNIT_ASSERT_EQ(test, fh_request(fh, PDLPAR_ACT_ADD,
					 PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1),
					 240), 0);
	for (i = 0; i < NCPUS; i++)
		online += fh->online[i];
	KUNIT_EXPECT_EQ(test, online, 482U);
	for (i = 1; i <= 240; i++)
		fh->fp.drcs[i].flagged = true;
	KUNIT_ASSERT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE,
					 PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1),
					 240), 0);
	for (i = 1; i <= 240; i++)
		KUNIT_EXPECT_EQ_MSG(test, fh->fp.drcs[i].deleted, 1U,
				    "core %u", i);
	KUNIT_EXPECT_EQ(test, fh_cpus_online(&fh->host), 2U);
	fh_free(fh);

	/* By count, from the administrator. */
	fh = fh_new(test);
	fh_add_core(fh, 0, 2, BOOTED);
	for (i = 1; i <= 240; i++)
		fh_add_core(fh, i, 2, PENDING);
	KUNIT_ASSERT_EQ(test, fh_request_from(fh, PDLPAR_SRC_SYSFS,
					      PDLPAR_ACT_ADD, PDLPAR_ID_COUNT,
					      0, 240), 0);
	KUNIT_EXPECT_EQ(test, fh_cpus_online(&fh->host), 482U);
	KUNIT_ASSERT_EQ(test, fh_request_from(fh, PDLPAR_SRC_SYSFS,
					      PDLPAR_ACT_REMOVE,
					      PDLPAR_ID_COUNT, 0, 240), 0);
	KUNIT_EXPECT_EQ(test, fh_cpus_online(&fh->host), 2U);
	fh_free(fh);
}

/*
 * A hypervisor removal naming more cores than exist is refused before
 * any core is touched -- and still signalled on the named ones the
 * guest holds, so the hypervisor is not left waiting.
 */
static void oversized_removal_signalled(struct kunit *test)
{
	struct fake_host *fh = fh_new(test);

	setup_three_booted(fh);
	fh->fp.drcs[1].flagged = true;
	fh->fp.drcs[2].flagged = true;
	KUNIT_EXPECT_EQ(test, fh_request(fh, PDLPAR_ACT_REMOVE,
					 PDLPAR_ID_INDEXED_COUNT, CPU_DRC(1),
					 1000000), -EINVAL);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[1].rejections, 1U);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[2].rejections, 1U);
	KUNIT_EXPECT_EQ(test, fh->fp.drcs[0].rejections, 0U);
	KUNIT_EXPECT_EQ(test, fh_cpus_online(&fh->host), 6U);
	fh_free(fh);
}

static struct kunit_case cpu_test_cases[] = {
	KUNIT_CASE(cores_240),
	KUNIT_CASE(oversized_removal_signalled),
	KUNIT_CASE_PARAM(cpu_flow_ok, cpu_flow_gen_params),
	KUNIT_CASE_PARAM(cpu_flow_injected, cpu_inject_gen_params),
	KUNIT_CASE(seed_000),
	KUNIT_CASE_PARAM(request_refused, refused_gen_params),
	KUNIT_CASE(sysfs_failure_not_signalled),
	KUNIT_CASE(add_count_skips_taken),
	KUNIT_CASE(add_with_smt_off),
	KUNIT_CASE(add_with_smt_level_1),
	KUNIT_CASE(add_undo_keeps_online_core),
	KUNIT_CASE(add_attach_fails),
	KUNIT_CASE(add_attach_fails_nodes_stay),
	KUNIT_CASE(remove_twice),
	KUNIT_CASE(add_twice),
	KUNIT_CASE(remove_non_cpu_drc),
	KUNIT_CASE(remove_count_choice),
	KUNIT_CASE(remove_boot_core),
	KUNIT_CASE(add_count_short),
	{}
};

static struct kunit_suite cpu_test_suite = {
	.name = "pdlpar_cpu",
	.test_cases = cpu_test_cases,
};

kunit_test_suites(&cpu_test_suite);
