// SPDX-License-Identifier: GPL-2.0
/*
 * pseries-dlpar: the real PAPR platform, and how RTAS statuses are retried
 * and turned into errnos.
 *
 * This file is the only place the module calls RTAS for DRCs; everything
 * above it goes through struct pdlpar_platform.
 */

#define pr_fmt(fmt) "pseries_dlpar: " fmt

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/rtas.h>
#include <kunit/visibility.h>

#include "pdlpar_drc.h"

static int rtas_get_sensor_call(const struct pdlpar_platform *plat, int sensor,
				u32 index, int *state)
{
	int token = rtas_function_token(RTAS_FN_GET_SENSOR_STATE);

	if (token == RTAS_UNKNOWN_SERVICE)
		return PDLPAR_RTAS_HW_ERROR;
	return rtas_call(token, 2, 2, state, sensor, index);
}

static int rtas_set_indicator_call(const struct pdlpar_platform *plat,
				   int indicator, u32 index, int value)
{
	int token = rtas_function_token(RTAS_FN_SET_INDICATOR);

	if (token == RTAS_UNKNOWN_SERVICE)
		return PDLPAR_RTAS_HW_ERROR;
	return rtas_call(token, 3, 1, NULL, indicator, index, value);
}

/*
 * configure-connector needs its work area in the RMA. The kernel's
 * rtas_data_buf is there; we keep the work area's state in our own buffer
 * between calls and hold rtas_data_buf only for one call at a time.
 */
static int rtas_configure_connector_call(const struct pdlpar_platform *plat,
					 void *work_area)
{
	int token = rtas_function_token(RTAS_FN_IBM_CONFIGURE_CONNECTOR);
	int status;

	BUILD_BUG_ON(RTAS_DATA_BUF_SIZE < PDLPAR_CC_WA_SIZE);
	if (token == RTAS_UNKNOWN_SERVICE)
		return PDLPAR_RTAS_HW_ERROR;

	spin_lock(&rtas_data_buf_lock);
	memcpy(rtas_data_buf, work_area, PDLPAR_CC_WA_SIZE);
	status = rtas_call(token, 2, 1, NULL, __pa(rtas_data_buf), 0);
	memcpy(work_area, rtas_data_buf, PDLPAR_CC_WA_SIZE);
	spin_unlock(&rtas_data_buf_lock);

	return status;
}

static void rtas_delay(const struct pdlpar_platform *plat, unsigned int ms)
{
	unsigned long us = ms * USEC_PER_MSEC;

	/*
	 * msleep() rounds up to jiffies and adds one: msleep(1) sleeps two
	 * jiffies, up to 20 ms at HZ=100. The short hints (9900: 1 ms,
	 * 9901: 10 ms) get an hrtimer instead.
	 */
	if (!ms)
		cond_resched();
	else if (ms <= 20)
		usleep_range(us, us + us / 4);
	else
		msleep(ms);
}

static ktime_t rtas_now(const struct pdlpar_platform *plat)
{
	return ktime_get();
}

const struct pdlpar_platform pdlpar_rtas_platform = {
	.get_sensor = rtas_get_sensor_call,
	.set_indicator = rtas_set_indicator_call,
	.configure_connector = rtas_configure_connector_call,
	.delay = rtas_delay,
	.now = rtas_now,
};

static bool rtas_status_busy(int status)
{
	return status == PDLPAR_RTAS_BUSY ||
	       (status >= PDLPAR_RTAS_DELAY_MIN &&
		status <= PDLPAR_RTAS_DELAY_MAX);
}

/**
 * pdlpar_rtas_delay_ms - how long to wait before retrying a busy call
 * @status: an RTAS status
 *
 * RTAS_BUSY (-2) means "call again": the wait is 0, only a reschedule.
 * An extended delay 990x hints at 10^x ms, which is clamped to between
 * 1 ms and %PDLPAR_RTAS_MAX_DELAY_MS.
 *
 * Return: the wait in milliseconds; 0 for any other status too.
 */
unsigned int pdlpar_rtas_delay_ms(int status)
{
	unsigned int ms = 1;
	int i;

	if (status < PDLPAR_RTAS_DELAY_MIN || status > PDLPAR_RTAS_DELAY_MAX)
		return 0;
	for (i = PDLPAR_RTAS_DELAY_MIN; i < status; i++)
		ms *= 10;
	return min(ms, PDLPAR_RTAS_MAX_DELAY_MS);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_rtas_delay_ms);

/**
 * pdlpar_rtas_deadline - start the clock for one RTAS operation
 * @plat: the platform, whose clock is read
 *
 * An operation is one call with its busy retries: one get-sensor-state,
 * one set-indicator, or one step of a configure-connector walk. Each
 * gets its own %PDLPAR_RTAS_STEP_TIMEOUT_MS, taken before its first call.
 *
 * Return: the time after which pdlpar_rtas_retry() stops retrying.
 */
ktime_t pdlpar_rtas_deadline(const struct pdlpar_platform *plat)
{
	return ktime_add_ms(plat->now(plat), PDLPAR_RTAS_STEP_TIMEOUT_MS);
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_rtas_deadline);

/**
 * pdlpar_rtas_retry - wait before retrying a busy RTAS call, or give up
 * @plat: the platform, whose ->delay() waits and ->now() tells the time
 * @status: the status the call just returned
 * @deadline: from pdlpar_rtas_deadline(), before the operation's first call
 *
 * Use as::
 *
 *	deadline = pdlpar_rtas_deadline(plat);
 *	do
 *		status = <the RTAS call>;
 *	while (pdlpar_rtas_retry(plat, status, deadline));
 *
 * For RTAS_BUSY (-2) it only reschedules; for an extended delay (990x)
 * it sleeps pdlpar_rtas_delay_ms(), but never past @deadline, so that
 * one last call is made at the deadline. Once the clock has reached
 * @deadline a busy status is final, and pdlpar_rtas_errno() makes it
 * -EBUSY. May sleep.
 *
 * Return: true if the caller should repeat the call; false if @status is
 * not a busy one, or the operation ran out of time.
 */
bool pdlpar_rtas_retry(const struct pdlpar_platform *plat, int status,
		       ktime_t deadline)
{
	s64 left_ns;
	u64 ms;

	if (!rtas_status_busy(status))
		return false;
	left_ns = ktime_to_ns(ktime_sub(deadline, plat->now(plat)));
	if (left_ns <= 0) {
		pr_warn("RTAS still busy (status %d) after %d s, giving up\n",
			status, PDLPAR_RTAS_STEP_TIMEOUT_MS / 1000);
		return false;
	}
	ms = min_t(u64, pdlpar_rtas_delay_ms(status),
		   DIV_ROUND_UP_ULL(left_ns, NSEC_PER_MSEC));
	plat->delay(plat, ms);
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_rtas_retry);

/**
 * pdlpar_rtas_errno - map a final RTAS status to an errno
 * @status: the status of an RTAS call, after retries
 *
 * Return: 0 for success; -EBUSY if the platform stayed busy; -EINVAL for
 * a parameter error (-3: no such DRC or indicator, or a state change the
 * DRC refuses); -ENXIO for a DRC configure-connector cannot configure;
 * -EIO for a hardware error or any other status.
 */
int pdlpar_rtas_errno(int status)
{
	if (status == PDLPAR_RTAS_OK)
		return 0;
	if (rtas_status_busy(status))
		return -EBUSY;
	if (status == PDLPAR_RTAS_PARAM_ERROR)
		return -EINVAL;
	if (status == PDLPAR_RTAS_CC_NOT_CONFIGURABLE)
		return -ENXIO;
	return -EIO;
}
EXPORT_SYMBOL_IF_KUNIT(pdlpar_rtas_errno);
