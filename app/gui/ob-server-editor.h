/* ob-server-editor.h — an account's server settings, edited by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-enums.h"

G_BEGIN_DECLS

#define OB_TYPE_SERVER_EDITOR (ob_server_editor_get_type ())

G_DECLARE_FINAL_TYPE (ObServerEditor, ob_server_editor, OB, SERVER_EDITOR, AdwPreferencesGroup)

/* Signal "changed": a field was edited. */
GtkWidget *ob_server_editor_new         (void);
void       ob_server_editor_load        (ObServerEditor   *self,
                                         ObAccount        *account);
void       ob_server_editor_apply       (ObServerEditor   *self,
                                         ObAccount        *account);
gboolean   ob_server_editor_is_complete (ObServerEditor   *self);
gboolean   ob_server_editor_focus_field (ObServerEditor   *self,
                                         ObDiagnosisField  field);

G_END_DECLS
