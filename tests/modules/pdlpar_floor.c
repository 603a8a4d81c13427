// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark helper, not part of the product: the floor under a memory
 * DLPAR request. It times the kernel's own memory hot-plug calls on a
 * range with no DRC, RTAS or device-tree step, so that make bench can
 * say how far above them a DLPAR request is.
 *
 * The range must be hot-plugged memory, online, in whole memory blocks
 * (a DIMM the hypervisor added). Writing "0x<base> 0x<size>" to
 *
 *   /sys/kernel/debug/pdlpar_floor/run
 *
 * removes it with offline_and_remove_memory(), one call per System RAM
 * resource in it (timed: "remove"), then adds it back with one
 * add_memory(nid, base, size, MHP_MEMMAP_ON_MEMORY) and device_online() of
 * each of its blocks under one hold of the device hotplug lock (timed:
 * "add"): the fewest calls the kernel needs. nid is the node of the
 * range's first page. The memory is online again afterwards. Reading the
 * file gives the times of the last run in ns:
 *
 *   base=0x... size=0x... blocks=N add_ns=... remove_ns=...
 *
 * A failure is an errno from the write and one log line; a removal that
 * fails half-way adds back what it removed.
 */

#define pr_fmt(fmt) "pdlpar_floor: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

#include "pdlpar_compat.h"

static DEFINE_MUTEX(floor_lock);
static struct dentry *floor_dir;

/* The last run, under floor_lock. */
static u64 last_base, last_size, last_add_ns, last_remove_ns;
static bool have_run;

/*
 * Add [base, end) in one add_memory() call (one System RAM resource, a
 * memmap per block on the memory itself where the kernel can), then
 * online each of its blocks under one hold of the device hotplug lock.
 */
static int floor_add(int nid, u64 base, u64 end, u64 bs)
{
	struct memory_block *mem;
	u64 addr;
	int rc;

	if (base == end)
		return 0;
	rc = add_memory(nid, base, end - base, MHP_MEMMAP_ON_MEMORY);
	if (rc) {
		pr_err("add_memory(%d, 0x%llx, 0x%llx): %d\n", nid, base,
		       end - base, rc);
		return rc;
	}
	lock_device_hotplug();
	for (addr = base; addr < end; addr += bs) {
		mem = pdlpar_memory_block_get(addr);
		if (!mem) {
			rc = -ENODEV;
			break;
		}
		rc = device_online(&mem->dev);
		pdlpar_memory_block_put(mem);
		/* 1: already online (an auto-online policy). */
		if (rc < 0)
			break;
		rc = 0;
	}
	unlock_device_hotplug();
	if (rc)
		pr_err("online of the block at 0x%llx: %d\n", addr, rc);
	return rc;
}

/*
 * The range's System RAM resources: offline_and_remove_memory() releases
 * what it removes from one resource, so it is called once per resource
 * (a DLPAR add may have made one per LMB, or one for many).
 */
struct floor_walk {
	u64 covered;	/* bytes of System RAM seen */
	u64 removed;	/* end of what has been removed */
	bool remove;
	int rc;
};

static int floor_piece(struct resource *res, void *arg)
{
	struct floor_walk *w = arg;
	u64 start = res->start, size = resource_size(res);

	w->covered += size;
	if (!w->remove)
		return 0;
	w->rc = offline_and_remove_memory(start, size);
	if (w->rc) {
		pr_err("offline_and_remove_memory(0x%llx, 0x%llx): %d\n", start,
		       size, w->rc);
		return w->rc;
	}
	w->removed = start + size;
	return 0;
}

static int floor_walk(u64 base, u64 end, struct floor_walk *w)
{
	return walk_iomem_res_desc(IORES_DESC_NONE,
				   IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				   base, end - 1, w, floor_piece);
}

static int floor_run(u64 base, u64 size)
{
	u64 bs = memory_block_size_bytes(), end = base + size, addr;
	struct floor_walk w = { };
	struct page *page;
	u64 t0, t1, t2;
	int nid, rc;

	if (!size || end < base || !IS_ALIGNED(base, bs) ||
	    !IS_ALIGNED(size, bs)) {
		pr_err("range 0x%llx+0x%llx is not in whole blocks of 0x%llx\n",
		       base, size, bs);
		return -EINVAL;
	}
	for (addr = base; addr < end; addr += bs) {
		if (!pfn_to_online_page(PHYS_PFN(addr))) {
			pr_err("block at 0x%llx is not online\n", addr);
			return -EINVAL;
		}
	}
	floor_walk(base, end, &w);
	if (w.covered != size) {
		pr_err("range 0x%llx+0x%llx: only 0x%llx of it is System RAM\n",
		       base, size, w.covered);
		return -EINVAL;
	}
	page = pfn_to_online_page(PHYS_PFN(base));
	nid = page_to_nid(page);

	w = (struct floor_walk){ .removed = base, .remove = true };
	t0 = ktime_get_ns();
	floor_walk(base, end, &w);
	if (w.rc || w.removed != end) {
		/* Leave it as it was: add back what went. */
		floor_add(nid, base, w.removed, bs);
		return w.rc ? w.rc : -EIO;
	}
	t1 = ktime_get_ns();
	rc = floor_add(nid, base, end, bs);
	if (rc)
		return rc;
	t2 = ktime_get_ns();

	last_base = base;
	last_size = size;
	last_remove_ns = t1 - t0;
	last_add_ns = t2 - t1;
	have_run = true;
	return 0;
}

static ssize_t floor_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	char buf[64];
	u64 base, size;
	char extra;
	int rc;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "0x%llx 0x%llx %c", &base, &size, &extra) != 2) {
		pr_err("want \"0x<base> 0x<size>\"\n");
		return -EINVAL;
	}
	mutex_lock(&floor_lock);
	rc = floor_run(base, size);
	mutex_unlock(&floor_lock);
	return rc ? rc : len;
}

static ssize_t floor_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	char buf[128];
	int n;

	mutex_lock(&floor_lock);
	if (have_run)
		n = scnprintf(buf, sizeof(buf),
			      "base=0x%llx size=0x%llx blocks=%llu add_ns=%llu remove_ns=%llu\n",
			      last_base, last_size,
			      last_size / memory_block_size_bytes(),
			      last_add_ns, last_remove_ns);
	else
		n = scnprintf(buf, sizeof(buf), "none\n");
	mutex_unlock(&floor_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations floor_fops = {
	.owner = THIS_MODULE,
	.read = floor_read,
	.write = floor_write,
	.llseek = default_llseek,
};

static int __init floor_init(void)
{
	floor_dir = debugfs_create_dir("pdlpar_floor", NULL);
	debugfs_create_file("run", 0600, floor_dir, NULL, &floor_fops);
	return 0;
}

static void __exit floor_exit(void)
{
	debugfs_remove(floor_dir);
}

module_init(floor_init);
module_exit(floor_exit);
PDLPAR_IMPORT_NS(PSERIES_DLPAR);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pseries-dlpar bench helper: memory hot-plug floor");
