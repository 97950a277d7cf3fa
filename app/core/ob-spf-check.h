/* ob-spf-check.h — evaluating a domain's SPF record and everything it includes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

void               ob_spf_check_async  (GResolver            *resolver,
                                        const char           *domain,
                                        GPtrArray            *texts,
                                        const char           *server,
                                        guint                 timeout_ms,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
ObDomainCheckItem *ob_spf_check_finish (GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
