/* ob-connection-test-view.h — an account's connection test, as a live checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ob-account.h"
#include "ob-connection-test.h"

G_BEGIN_DECLS

#define OB_TYPE_CONNECTION_TEST_VIEW (ob_connection_test_view_get_type ())

G_DECLARE_FINAL_TYPE (ObConnectionTestView, ob_connection_test_view, OB, CONNECTION_TEST_VIEW,
                      GtkWidget)

ObConnectionTestView *ob_connection_test_view_new         (void);
void                  ob_connection_test_view_run         (ObConnectionTestView *self,
                                                           ObAccount            *account,
                                                           const char           *secret,
                                                           gboolean              send_test_message);
void                  ob_connection_test_view_cancel      (ObConnectionTestView *self);
gboolean              ob_connection_test_view_get_running (ObConnectionTestView *self);
ObConnectionTest     *ob_connection_test_view_get_test    (ObConnectionTestView *self);

G_END_DECLS
