/* ob-mta-sts-check.h — fetching a domain's MTA-STS policy and judging it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

typedef struct _ObMtaStsResult ObMtaStsResult;

void               ob_mta_sts_check_async   (GResolver            *resolver,
                                             SoupSession          *session,
                                             const char           *url_template,
                                             const char           *domain,
                                             guint                 timeout_ms,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
ObMtaStsResult    *ob_mta_sts_check_finish  (GAsyncResult         *result,
                                             GError              **error);
ObDomainCheckItem *ob_mta_sts_result_report (ObMtaStsResult       *result,
                                             GPtrArray            *mx_hosts);
void               ob_mta_sts_result_free   (ObMtaStsResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObMtaStsResult, ob_mta_sts_result_free)

G_END_DECLS
