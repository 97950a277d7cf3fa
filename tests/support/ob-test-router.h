/* ob-test-router.h — connections to made-up hosts, routed to 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OB_TYPE_TEST_ROUTER (ob_test_router_get_type ())

G_DECLARE_FINAL_TYPE (ObTestRouter, ob_test_router, OB, TEST_ROUTER, GObject)

ObTestRouter  *ob_test_router_new               (void);
void           ob_test_router_add               (ObTestRouter *self,
                                                 const char   *host,
                                                 guint16       port,
                                                 guint16       local_port);
guint          ob_test_router_get_attempts      (ObTestRouter *self,
                                                 const char   *host,
                                                 guint16       port);
guint          ob_test_router_get_total_attempts (ObTestRouter *self);
GSocketClient *ob_test_router_new_socket_client (gpointer      router);

G_END_DECLS
