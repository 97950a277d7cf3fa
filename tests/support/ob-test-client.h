/* ob-test-client.h — a minimal blocking line client for testing servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ObTestClient ObTestClient;

ObTestClient *ob_test_client_connect      (guint16                port);
void          ob_test_client_free         (ObTestClient          *client);
void          ob_test_client_send         (ObTestClient          *client,
                                           const char            *text);
char         *ob_test_client_read_reply   (ObTestClient          *client);
void          ob_test_client_skip_reply   (ObTestClient          *client);
void          ob_test_client_expect_reply (ObTestClient          *client,
                                           const char            *expected);
GBytes       *ob_test_client_read_bytes   (ObTestClient          *client,
                                           gsize                  count);
gboolean      ob_test_client_sees_end     (ObTestClient          *client);
gboolean      ob_test_client_start_tls    (ObTestClient          *client,
                                           guint16                port,
                                           GTlsCertificateFlags  *errors,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObTestClient, ob_test_client_free)

G_END_DECLS
