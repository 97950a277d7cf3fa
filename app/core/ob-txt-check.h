/* ob-txt-check.h — the checks that judge one kind of TXT record at a name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

/**
 * ObTxtCheckReportFunc:
 * @item: the item to add findings to; it already shows @records
 * @records: (element-type utf8): the records of the check's kind, maybe none
 * @name_index: the index of the name @records were found at
 * @user_data: the report data given to ob_txt_check_async()
 */
typedef void (*ObTxtCheckReportFunc) (ObDomainCheckItem *item,
                                      GPtrArray         *records,
                                      guint              name_index,
                                      gpointer           user_data);

/**
 * ObTxtCheck:
 * @kind: the kind of the item
 * @version: what records of this kind start with, after “v=”
 * @lookup_failed: the summary when a lookup fails, marked for translation
 * @report: judges the records
 */
typedef struct
{
  ObDomainCheckKind     kind;
  const char           *version;
  const char           *lookup_failed;
  ObTxtCheckReportFunc  report;
} ObTxtCheck;

GPtrArray         *ob_txt_check_pick_records (GPtrArray           *texts,
                                              const char          *version);

void               ob_txt_check_async        (const ObTxtCheck    *check,
                                              GResolver           *resolver,
                                              const char * const  *names,
                                              guint                timeout_ms,
                                              gpointer             report_data,
                                              GDestroyNotify       report_data_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
ObDomainCheckItem *ob_txt_check_finish       (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
