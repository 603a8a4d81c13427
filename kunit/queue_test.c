// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real event ring and its thread, in the loaded module, while
 * the request lock is held as a migration's join and suspend hold it, and
 * while the thread is killed.
 * Every event that fits in the ring waits and is carried out afterwards;
 * none is lost. The requests are hypervisor removals of a DRC that does
 * not exist: the real CPU path refuses them at once and changes nothing.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched/signal.h>

#include "pdlpar_core.h"

/* No partition has this DRC: each request fails fast, touching nothing. */
#define NO_SUCH_DRC	0x1fffff00

static void queue_survives_join(struct kunit *test)
{
	struct pdlpar_request req = {
		.source = PDLPAR_SRC_HYPERVISOR,
		.resource = PDLPAR_RES_CPU,
		.action = PDLPAR_ACT_REMOVE,
		.id_type = PDLPAR_ID_INDEX,
		.index = NO_SUCH_DRC,
	};
	long done0, failed0;
	unsigned long end;
	unsigned int i;

	done0 = atomic_long_read(&pdlpar_stats.requests);
	failed0 = atomic_long_read(&pdlpar_stats.requests_failed);
	/* As pdlpar_lpm_migrate() does around the join and the suspend. */
	KUNIT_ASSERT_EQ(test, pdlpar_request_lock(), 0);
	for (i = 0; i < PDLPAR_QUEUE_LEN; i++)
		if (!pdlpar_queue_event(&req))
			break;
	/* The worker took one out and waits for the lock with it. */
	msleep(200);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests), done0);
	pdlpar_request_unlock();
	KUNIT_EXPECT_EQ(test, i, PDLPAR_QUEUE_LEN);

	end = jiffies + 60 * HZ;
	while (atomic_long_read(&pdlpar_stats.requests) - done0 < i &&
	       time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests) - done0,
			(long)i);
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&pdlpar_stats.requests_failed) - failed0,
			(long)i);
}

/*
 * The event thread lets SIGKILL in (it ends a memory offline that cannot
 * finish). A kill while it waits for the request lock must not drop the
 * request it holds: it waits again, and every event still runs.
 */
static void queue_kill_drops_nothing(struct kunit *test)
{
	struct pdlpar_request req = {
		.source = PDLPAR_SRC_HYPERVISOR,
		.resource = PDLPAR_RES_CPU,
		.action = PDLPAR_ACT_REMOVE,
		.id_type = PDLPAR_ID_INDEX,
		.index = NO_SUCH_DRC,
	};
	struct task_struct *t = pdlpar_event_thread();
	const unsigned int n = 4;
	unsigned long end;
	unsigned int i;
	long done0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	done0 = atomic_long_read(&pdlpar_stats.requests);
	KUNIT_ASSERT_EQ(test, pdlpar_request_lock(), 0);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE(test, pdlpar_queue_event(&req));
	msleep(200);
	/* Twice: the second lands while it waits again. */
	send_sig(SIGKILL, t, 1);
	msleep(200);
	send_sig(SIGKILL, t, 1);
	msleep(200);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests), done0);
	pdlpar_request_unlock();

	end = jiffies + 30 * HZ;
	while (atomic_long_read(&pdlpar_stats.requests) - done0 < n &&
	       time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests) - done0,
			(long)n);
	/* The thread is still there, and takes the next event. */
	KUNIT_EXPECT_PTR_EQ(test, pdlpar_event_thread(), t);
	KUNIT_EXPECT_TRUE(test, pdlpar_queue_event(&req));
	end = jiffies + 30 * HZ;
	while (atomic_long_read(&pdlpar_stats.requests) - done0 < n + 1 &&
	       time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests) - done0,
			(long)n + 1);
}

/*
 * A hotplug interrupt with nothing pending (check-exception returns 1, "no
 * errors found", and leaves the previous log in the buffer) is no event:
 * not counted as one, not refused, the buffer not read. An RTAS failure
 * is an event the module could not take: counted and refused. Found by
 * the soak (2026-12-06), where the first was counted as a refused event.
 */
static void event_nothing_pending(struct kunit *test)
{
	static const u8 stale[64] = { [0 ... 63] = 0xa5 };
	long ev0 = atomic_long_read(&pdlpar_stats.events);
	long rej0 = atomic_long_read(&pdlpar_stats.events_rejected);
	long none0 = atomic_long_read(&pdlpar_stats.interrupts_no_event);
	long req0 = atomic_long_read(&pdlpar_stats.requests);

	KUNIT_EXPECT_TRUE(test, pdlpar_hotplug_event(1, stale, sizeof(stale)));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.events), ev0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.events_rejected),
			rej0);
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&pdlpar_stats.interrupts_no_event),
			none0 + 1);

	KUNIT_EXPECT_TRUE(test, pdlpar_hotplug_event(-1, stale, sizeof(stale)));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.events), ev0 + 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.events_rejected),
			rej0 + 1);
	KUNIT_EXPECT_EQ(test,
			atomic_long_read(&pdlpar_stats.interrupts_no_event),
			none0 + 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&pdlpar_stats.requests), req0);
}

static struct kunit_case queue_test_cases[] = {
	KUNIT_CASE(queue_survives_join),
	KUNIT_CASE(queue_kill_drops_nothing),
	KUNIT_CASE(event_nothing_pending),
	{}
};

static struct kunit_suite queue_test_suite = {
	.name = "pdlpar_queue",
	.test_cases = queue_test_cases,
};

kunit_test_suites(&queue_test_suite);
