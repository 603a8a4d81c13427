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
 * removes it, one memory block at a time, with offline_and_remove_memory()
 * (timed: "remove"), then adds it back, one memory block at a time, with
 * add_memory(nid, ..., MHP_MEMMAP_ON_MEMORY) and device_online() of the
 * new block under the device hotplug lock (timed: "add"), as a DLPAR add
 * does per LMB. The memory is online again afterwards. Reading the file
 * gives the times of the last run in ns:
 *
 *   base=0x... size=0x... blocks=N add_ns=... remove_ns=...
 *
 * A failure is an errno from the write and one log line; a removal that
 * fails half-way adds back what it removed.
 */

#define pr_fmt(fmt) "pdlpar_floor: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

static DEFINE_MUTEX(floor_lock);
static struct dentry *floor_dir;

/* The last run, under floor_lock. */
static u64 last_base, last_size, last_add_ns, last_remove_ns;
static bool have_run;

/* Add one memory block and online it, as a DLPAR add does per LMB. */
static int floor_add_block(int nid, u64 addr, u64 bs)
{
	struct memory_block *mem;
	int rc;

	rc = add_memory(nid, addr, bs, MHP_MEMMAP_ON_MEMORY);
	if (rc) {
		pr_err("add_memory(%d, 0x%llx, 0x%llx): %d\n", nid, addr, bs,
		       rc);
		return rc;
	}
	lock_device_hotplug();
	mem = find_memory_block(pfn_to_section_nr(PHYS_PFN(addr)));
	if (!mem) {
		rc = -ENODEV;
	} else {
		rc = device_online(&mem->dev);
		/* 1: already online (auto-online policy). */
		if (rc > 0)
			rc = 0;
		put_device(&mem->dev);
	}
	unlock_device_hotplug();
	if (rc)
		pr_err("online of the block at 0x%llx: %d\n", addr, rc);
	return rc;
}

/* Add [base, end) back, block by block; the first error is returned. */
static int floor_add(int nid, u64 base, u64 end, u64 bs)
{
	u64 addr;
	int rc;

	for (addr = base; addr < end; addr += bs) {
		rc = floor_add_block(nid, addr, bs);
		if (rc)
			return rc;
	}
	return 0;
}

static int floor_run(u64 base, u64 size)
{
	u64 bs = memory_block_size_bytes(), end = base + size, addr;
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
	page = pfn_to_online_page(PHYS_PFN(base));
	nid = page_to_nid(page);

	t0 = ktime_get_ns();
	for (addr = base; addr < end; addr += bs) {
		rc = offline_and_remove_memory(addr, bs);
		if (rc) {
			pr_err("offline_and_remove_memory(0x%llx, 0x%llx): %d\n",
			       addr, bs, rc);
			/* Leave it as it was: add back what went. */
			floor_add(nid, base, addr, bs);
			return rc;
		}
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
MODULE_IMPORT_NS(PSERIES_DLPAR);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pseries-dlpar bench helper: memory hot-plug floor");
