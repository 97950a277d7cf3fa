/* ob-window.h — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-application.h"

G_BEGIN_DECLS

#define OB_TYPE_WINDOW (ob_window_get_type ())

G_DECLARE_FINAL_TYPE (ObWindow, ob_window, OB, WINDOW, AdwApplicationWindow)

ObWindow  *ob_window_new                  (ObApplication *application);
void       ob_window_select_account       (ObWindow      *self,
                                           ObAccount     *account);
ObAccount *ob_window_get_selected_account (ObWindow      *self);
void       ob_window_add_toast            (ObWindow      *self,
                                           AdwToast      *toast);
void       ob_window_add_toast_for_widget (GtkWidget     *widget,
                                           AdwToast      *toast);

G_END_DECLS
