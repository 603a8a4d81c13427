/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pseries-dlpar tracepoints: a request's start and end, and every DRC
 * state change the module makes.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM pseries_dlpar

#if !defined(_PDLPAR_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _PDLPAR_TRACE_H

#include <linux/tracepoint.h>
#include "pdlpar.h"

DECLARE_EVENT_CLASS(pdlpar_request_class,
		    TP_PROTO(const struct pdlpar_request *req, int rc),
		    TP_ARGS(req, rc),
		    TP_STRUCT__entry(__field(u8, source)
				     __field(u8, resource)
				     __field(u8, action)
				     __field(u8, id_type)
				     __field(u32, index)
				     __field(u32, count)
				     __field(int, rc)),
		    TP_fast_assign(__entry->source = req->source;
				   __entry->resource = req->resource;
				   __entry->action = req->action;
				   __entry->id_type = req->id_type;
				   __entry->index = req->index;
				   __entry->count = req->count;
				   __entry->rc = rc;),
		    TP_printk("source=%s resource=%u action=%u id_type=%u index=0x%08x count=%u rc=%d",
			      __entry->source == PDLPAR_SRC_SYSFS ?
			      "sysfs" : "hypervisor",
			      __entry->resource, __entry->action,
			      __entry->id_type, __entry->index,
			      __entry->count, __entry->rc));

DEFINE_EVENT(pdlpar_request_class, pdlpar_request_start,
	     TP_PROTO(const struct pdlpar_request *req, int rc),
	     TP_ARGS(req, rc));

DEFINE_EVENT(pdlpar_request_class, pdlpar_request_end,
	     TP_PROTO(const struct pdlpar_request *req, int rc),
	     TP_ARGS(req, rc));

TRACE_EVENT(pdlpar_drc_state,
	    TP_PROTO(u32 index, int from, int to),
	    TP_ARGS(index, from, to),
	    TP_STRUCT__entry(__field(u32, index)
			     __field(int, from)
			     __field(int, to)),
	    TP_fast_assign(__entry->index = index;
			   __entry->from = from;
			   __entry->to = to;),
	    TP_printk("drc=0x%08x %d->%d", __entry->index, __entry->from,
		      __entry->to));

#endif /* _PDLPAR_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE pdlpar_trace
#include <trace/define_trace.h>
