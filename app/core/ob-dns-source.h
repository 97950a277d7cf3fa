/* ob-dns-source.h — what DNS says about a domain's mail servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void    ob_dns_source_lookup_srv_async  (GResolver           *resolver,
                                         const char          *name,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GList  *ob_dns_source_lookup_srv_finish (GAsyncResult        *result,
                                         GError             **error);

void    ob_dns_source_lookup_mx_async   (GResolver           *resolver,
                                         const char          *domain,
                                         guint                timeout_ms,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char   *ob_dns_source_lookup_mx_finish  (GAsyncResult        *result,
                                         GError             **error);

GStrv   ob_dns_source_mx_names          (const char          *mx_host);

G_END_DECLS
