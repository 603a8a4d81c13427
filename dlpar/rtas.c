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
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <asm/rtas.h>
#include <kunit/visibility.h>

#include "pdlpar_drc.h"

/*
 * Longest we wait, summed over the retries of one RTAS operation, before
 * calling it failed. An extended delay of 9905 (100 s) is never waited for.
 */
#define PDLPAR_RTAS_MAX_WAIT_MS	10000

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
	if (ms)
		msleep(ms);
	else
		cond_resched();
}

const struct pdlpar_platform pdlpar_rtas_platform = {
	.get_sensor = rtas_get_sensor_call,
	.set_indicator = rtas_set_indicator_call,
	.configure_connector = rtas_configure_connector_call,
	.delay = rtas_delay,
};

static bool rtas_status_busy(int status)
{
	return status == PDLPAR_RTAS_BUSY ||
	       (status >= PDLPAR_RTAS_DELAY_MIN &&
		status <= PDLPAR_RTAS_DELAY_MAX);
}

/**
 * pdlpar_rtas_retry - wait before retrying a busy RTAS call
 * @plat: the platform, whose ->delay() does the waiting
 * @status: the RTAS status the call returned
 * @waited_ms: time waited so far for this operation; updated
 *
 * RTAS_BUSY (-2) is retried after 1 ms, an extended delay 990x after
 * 10^x ms, as long as the total stays within 10 s.
 *
 * Return: 1 if the caller should repeat the call, 0 if @status is final.
 */
int pdlpar_rtas_retry(const struct pdlpar_platform *plat, int status,
		      unsigned int *waited_ms)
{
	unsigned int ms = 1;
	int i;

	if (!rtas_status_busy(status))
		return 0;
	if (status != PDLPAR_RTAS_BUSY)
		for (i = PDLPAR_RTAS_DELAY_MIN; i < status; i++)
			ms *= 10;
	if (*waited_ms + ms > PDLPAR_RTAS_MAX_WAIT_MS)
		return 0;
	*waited_ms += ms;
	plat->delay(plat, ms);
	return 1;
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
