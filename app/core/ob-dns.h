/* ob-dns.h — DNS lookups with a time limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void       ob_dns_lookup_records_async    (GResolver            *resolver,
                                           const char           *name,
                                           GResolverRecordType   type,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GList     *ob_dns_lookup_records_finish   (GAsyncResult         *result,
                                           GError              **error);

void       ob_dns_lookup_txt_async        (GResolver            *resolver,
                                           const char           *name,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray *ob_dns_lookup_txt_finish       (GAsyncResult         *result,
                                           GError              **error);

void       ob_dns_lookup_addresses_async  (GResolver            *resolver,
                                           const char           *host,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GList     *ob_dns_lookup_addresses_finish (GAsyncResult         *result,
                                           GError              **error);

GPtrArray *ob_dns_txt_records_join        (GList                *records);
gboolean   ob_dns_error_is_not_found      (const GError         *error);

G_END_DECLS
