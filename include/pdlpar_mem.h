/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar: memory (LMB) DLPAR, and its boundary to the kernel.
 *
 * The partition's logical memory blocks are described by
 * /ibm,dynamic-reconfiguration-memory: ibm,lmb-size and either
 * ibm,dynamic-memory (v1, one cell per LMB) or ibm,dynamic-memory-v2
 * (runs of consecutive LMBs). The module reads them into a struct
 * pdlpar_lmb_table, looked up by DRC index (xarray) and by address
 * (binary search), never by scanning.
 */
#ifndef _PDLPAR_MEM_H
#define _PDLPAR_MEM_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "pdlpar.h"
#include "pdlpar_drc.h"

struct device_node;

/* ibm,dynamic-memory flags (PAPR 14.6.3.1; asm/drmem.h has the same). */
#define PDLPAR_LMB_ASSIGNED	0x00000008
#define PDLPAR_LMB_DRC_INVALID	0x00000020	/* no DRC: boot memory */
#define PDLPAR_LMB_AI_INVALID	0x00000040
#define PDLPAR_LMB_RESERVED	0x00000080
#define PDLPAR_LMB_HOTREMOVABLE	0x00000100

/* Size of one v1 cell and of one v2 run, in bytes. */
#define PDLPAR_DRCONF_V1_CELL	24
#define PDLPAR_DRCONF_V2_CELL	24

/*
 * Most LMBs we track: a bound on what a hostile ibm,dynamic-memory-v2 can
 * make us allocate. 4M is PAPR's largest partition (64 TiB) in its
 * smallest LMBs (16 MiB).
 */
#define PDLPAR_MAX_LMBS		BIT(22)

/*
 * Memory blocks one LMB may span: a removal records, per block, the zone
 * it was online in (a u64 mask). pseries makes the block size the LMB
 * size, so this is 1 in practice.
 */
#define PDLPAR_MAX_LMB_BLOCKS	64

/**
 * struct pdlpar_lmb - one logical memory block
 * @base: its physical address.
 * @drc_index: its DRC.
 * @aa_index: its row in ibm,associativity-lookup-arrays.
 * @flags: PDLPAR_LMB_* as the property has them.
 */
struct pdlpar_lmb {
	u64 base;
	u32 drc_index;
	u32 aa_index;
	u32 flags;
};

/**
 * struct pdlpar_lmb_table - every LMB of the partition
 * @lmb_size: bytes per LMB.
 * @nr: number of LMBs.
 * @v2: read from ibm,dynamic-memory-v2 rather than ibm,dynamic-memory.
 * @lmbs: the LMBs, in property order (the order of the kernel's drmem
 *	array, which is built from the same property).
 * @by_base: positions in @lmbs, sorted by address.
 * @by_drc: DRC index -> position in @lmbs, for LMBs with a DRC.
 */
struct pdlpar_lmb_table {
	u64 lmb_size;
	u32 nr;
	bool v2;
	struct pdlpar_lmb *lmbs;
	u32 *by_base;
	struct xarray by_drc;
};

int pdlpar_lmb_table_parse(struct pdlpar_lmb_table *t, const void *prop,
			   int len, bool v2, u64 lmb_size, u64 block_size);
void pdlpar_lmb_table_free(struct pdlpar_lmb_table *t);
struct pdlpar_lmb *pdlpar_lmb_by_drc(struct pdlpar_lmb_table *t,
				     u32 drc_index);
struct pdlpar_lmb *pdlpar_lmb_by_addr(const struct pdlpar_lmb_table *t,
				      u64 addr);

struct pdlpar_mem_host;

/**
 * struct pdlpar_mem_host_ops - what the memory flows need from the kernel
 * @drc_lookup: finds a DRC (type, name) by index; -ENOENT if none.
 * @aa_index: finds the row of ibm,associativity-lookup-arrays that
 *	matches the ibm,associativity of @np, the LMB's node as
 *	configure-connector gave it (not attached), adding a row if there
 *	is none, and updates the NUMA distances its domains imply.
 * @nid: the NUMA node the kernel places @lmb on.
 * @removable: whether the kernel may give @lmb up at all (not the
 *	firmware-assisted dump area); offlining decides the rest.
 * @add: adds the memory of [@base, @base + @size) to node @nid
 *	(__add_memory()), offline unless the kernel onlines what is added;
 *	all or nothing. The range may span many LMBs.
 * @offline: offlines every memory block of [@base, @base + @size), one
 *	LMB; sets bit i of *@movable if block i was online in ZONE_MOVABLE.
 *	On failure the blocks it changed are back online in their zones.
 * @online: onlines every memory block of the LMB at @base: in the zones
 *	*@movable says (bit set: ZONE_MOVABLE, clear: a kernel zone) when
 *	putting back what @offline took, in the kernel's default zone when
 *	@movable is NULL. On failure the blocks it changed are offline again.
 * @remove: removes a range whose every block is offline, all or nothing
 *	(__remove_memory(), split where the kernel needs it); -EBUSY,
 *	removing nothing, if a block is not offline. May span many LMBs.
 * @commit: writes the LMBs at positions @pos[0..@n) of the table into the
 *	kernel's drmem array and the device tree, once for all of them; on
 *	failure both are as they were.
 * @cc_parent: the node configure-connector's answer would go under.
 *
 * All are called with the device hotplug lock held.
 */
struct pdlpar_mem_host_ops {
	int (*drc_lookup)(struct pdlpar_mem_host *host, u32 index,
			  struct pdlpar_drc *drc);
	int (*aa_index)(struct pdlpar_mem_host *host, struct device_node *np,
			u32 *aa_index);
	int (*nid)(struct pdlpar_mem_host *host, const struct pdlpar_lmb *lmb);
	bool (*removable)(struct pdlpar_mem_host *host,
			  const struct pdlpar_lmb *lmb);
	int (*add)(struct pdlpar_mem_host *host, int nid, u64 base, u64 size);
	int (*offline)(struct pdlpar_mem_host *host, u64 base, u64 size,
		       u64 *movable);
	int (*online)(struct pdlpar_mem_host *host, u64 base, u64 size,
		      const u64 *movable);
	int (*remove)(struct pdlpar_mem_host *host, u64 base, u64 size);
	int (*commit)(struct pdlpar_mem_host *host, const u32 *pos,
		      unsigned int n);
	struct device_node *(*cc_parent)(struct pdlpar_mem_host *host);
};

/**
 * struct pdlpar_mem_host - the kernel side of memory DLPAR
 * @ops: its operations.
 * @plat: the PAPR platform the DRCs live on.
 * @table: the partition's LMBs; the flows update flags and aa_index.
 */
struct pdlpar_mem_host {
	const struct pdlpar_mem_host_ops *ops;
	const struct pdlpar_platform *plat;
	struct pdlpar_lmb_table *table;
};

int pdlpar_mem_request(struct pdlpar_mem_host *host,
		       const struct pdlpar_request *req);

/*
 * pdlpar_mem_handle()'s answer when memory is not ours to handle: never
 * an errno, so that no error of the kernel's is mistaken for it.
 */
#define PDLPAR_MEM_NOT_OURS	1

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * For KUnit (kunit/mem_host_test.c): the real host, and what of
 * hotplug-memory/host.c is static: the table's read and its check
 * against drmem_info, and the flag its of_reconfig notifier sets.
 */
struct pdlpar_mem_host_kunit {
	int (*table_read)(struct pdlpar_lmb_table *t);
	int (*table_check)(const struct pdlpar_lmb_table *t);
	bool (*owned)(void);
	atomic_t *stale;
};

extern struct pdlpar_mem_host pdlpar_mem_real_host;
extern const struct pdlpar_mem_host_kunit pdlpar_mem_host_kunit;
#endif

int pdlpar_mem_host_init(void);
void pdlpar_mem_host_exit(void);
int pdlpar_mem_handle(const struct pdlpar_request *req);
bool pdlpar_mem_owned(void);
void pdlpar_mem_resync(void);

#endif /* _PDLPAR_MEM_H */
