/* ob-test-gui.h — helpers for GUI tests under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-application.h"

G_BEGIN_DECLS

typedef gboolean (*ObTestPredicate) (gpointer data);

gboolean ob_test_gui_wait_until (ObTestPredicate predicate,
                                 gpointer        data,
                                 guint           timeout_ms);
void     ob_test_gui_iterate    (guint           ms);
char    *ob_test_gui_screenshot (GtkWidget      *widget,
                                 const char     *name);
GtkWidget *ob_test_gui_find_label (GtkWidget   *root,
                                   const char  *text);
GtkWidget *ob_test_gui_find_widget (GtkWidget  *root,
                                    GType       type);
guint      ob_test_gui_count_widgets (GtkWidget *root,
                                      GType      type);
AdwMessageDialog *ob_test_gui_find_message_dialog    (void);
gboolean          ob_test_gui_message_dialog_is_open (gpointer unused);

void       ob_test_gui_assert_labelled (GtkWidget *root);

ObApplication *ob_test_gui_start_app (int        *argc,
                                      char     ***argv,
                                      gboolean    isolate_dirs);

G_END_DECLS
