/* ob-connection-test-row.h — one step of a connection test, as a checklist row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ob-connection-test-step.h"

G_BEGIN_DECLS

#define OB_TYPE_CONNECTION_TEST_ROW (ob_connection_test_row_get_type ())

G_DECLARE_FINAL_TYPE (ObConnectionTestRow, ob_connection_test_row, OB, CONNECTION_TEST_ROW,
                      GtkListBoxRow)

GtkWidget            *ob_connection_test_row_new      (ObConnectionTestStep *step);
ObConnectionTestStep *ob_connection_test_row_get_step (ObConnectionTestRow  *self);
void                  ob_connection_test_row_set_can_review_certificate (ObConnectionTestRow *self,
                                                                         gboolean can_review);

G_END_DECLS
