/* ob-composer-window.h — writing and sending a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-draft.h"

G_BEGIN_DECLS

#define OB_TYPE_COMPOSER_WINDOW (ob_composer_window_get_type ())

G_DECLARE_FINAL_TYPE (ObComposerWindow, ob_composer_window, OB, COMPOSER_WINDOW, AdwWindow)

ObComposerWindow *ob_composer_window_new           (GtkWindow        *parent,
                                                    ObAccount        *account);
ObComposerWindow *ob_composer_window_new_for_draft (GtkWindow        *parent,
                                                    ObDraft          *draft);
ObDraft          *ob_composer_window_get_draft     (ObComposerWindow *self);
void              ob_composer_window_add_attachment (ObComposerWindow *self,
                                                     GFile            *file);
void              ob_composer_window_restore_drafts (GtkApplication  *app);

G_END_DECLS
