/* ob-test-http-server.h — an HTTP and HTTPS server on 127.0.0.1 for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ObTestHttpServer ObTestHttpServer;

ObTestHttpServer *ob_test_http_server_new          (GTlsCertificate    *certificate);

/* Routes, before ob_test_http_server_start(). @scheme ("http" or "https")
 * and @host NULL match any; the query string is not part of @path. */
void              ob_test_http_server_add          (ObTestHttpServer   *self,
                                                    const char         *scheme,
                                                    const char         *host,
                                                    const char         *path,
                                                    guint               status,
                                                    const char         *body);
void              ob_test_http_server_add_redirect (ObTestHttpServer   *self,
                                                    const char         *scheme,
                                                    const char         *host,
                                                    const char         *path,
                                                    const char         *location);
void              ob_test_http_server_add_large    (ObTestHttpServer   *self,
                                                    const char         *scheme,
                                                    const char         *host,
                                                    const char         *path,
                                                    gsize               size,
                                                    gboolean            announce);

gboolean          ob_test_http_server_start        (ObTestHttpServer   *self,
                                                    GError            **error);
guint16           ob_test_http_server_get_port     (ObTestHttpServer   *self,
                                                    gboolean            https);
char             *ob_test_http_server_get_url      (ObTestHttpServer   *self,
                                                    gboolean            https,
                                                    const char         *path);
GStrv             ob_test_http_server_get_requests (ObTestHttpServer   *self);
void              ob_test_http_server_free         (ObTestHttpServer   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObTestHttpServer, ob_test_http_server_free)

G_END_DECLS
