/* ob-mx-check.h — a domain's mail exchangers and whether they resolve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

typedef struct _ObMxResult ObMxResult;

void               ob_mx_check_async          (GResolver            *resolver,
                                               const char           *domain,
                                               guint                 timeout_ms,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ObMxResult        *ob_mx_check_finish         (GAsyncResult         *result,
                                               GError              **error);

const GError      *ob_mx_result_get_error     (ObMxResult           *result);
gboolean           ob_mx_result_domain_exists (ObMxResult           *result);
GPtrArray         *ob_mx_result_get_hosts     (ObMxResult           *result);
ObDomainCheckItem *ob_mx_result_report        (ObMxResult           *result);
void               ob_mx_result_free          (ObMxResult           *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObMxResult, ob_mx_result_free)

G_END_DECLS
