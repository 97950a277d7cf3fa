/* ob-tls-rpt.h — SMTP TLS reporting records (RFC 8460) and their check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"
#include "ob-record-error.h"

G_BEGIN_DECLS

char              *ob_tls_rpt_record_parse  (const char           *text,
                                             GError              **error);

void               ob_tls_rpt_check_async   (GResolver            *resolver,
                                             const char           *domain,
                                             guint                 timeout_ms,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
ObDomainCheckItem *ob_tls_rpt_check_finish  (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
