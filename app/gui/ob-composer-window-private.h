/* ob-composer-window-private.h — what the composer's two halves share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-composer-window.c edits the message and keeps its draft safe;
 * ob-composer-window-send.c sends it and shows what became of it.
 */
#pragma once

#include "ob-composer-window.h"
#include "ob-draft-store.h"
#include "ob-outbox-entry.h"
#include "ob-recipient-row.h"
#include "ob-send-status.h"

G_BEGIN_DECLS

struct _ObComposerWindow
{
  AdwWindow         parent_instance;

  ObDraft          *draft;
  ObDraftStore     *drafts;
  gboolean          draft_saved;     /* a copy of it is on disk */
  gboolean          loading;         /* fields being filled from the draft */
  guint             autosave_id;
  GCancellable     *cancellable;     /* for the window's life */
  GCancellable     *send_cancellable;
  ObOutboxEntry    *entry;           /* the message once it is in the outbox */
  gulong            progress_handler;
  GPtrArray        *attachments;     /* ObAttachmentRow, in order */

  /* template children */
  AdwWindowTitle   *window_title;
  AdwToastOverlay  *toast_overlay;
  GtkWidget        *form_box;
  AdwComboRow      *from_row;
  ObRecipientRow   *to_row;
  ObRecipientRow   *cc_row;
  ObRecipientRow   *bcc_row;
  GtkToggleButton  *cc_toggle;
  AdwEntryRow      *subject_row;
  GtkLabel         *problem_label;
  GtkTextView      *body_view;
  AdwPreferencesGroup *attachments_group;
  GtkLabel         *size_warning_label;
  ObSendStatus     *send_status;
  GtkWidget        *fields_list;
};

ObAccount *ob_composer_window_get_account      (ObComposerWindow *self);
void       ob_composer_window_set_editable     (ObComposerWindow *self,
                                                gboolean          editable);
void       ob_composer_window_forget_draft     (ObComposerWindow *self);
void       ob_composer_window_show_problem     (ObComposerWindow *self,
                                                const char       *problem);
void       ob_composer_window_toast_parent     (ObComposerWindow *self,
                                                const char       *text);

/* ob-composer-window-send.c */
void       ob_composer_window_send             (ObComposerWindow *self);
void       ob_composer_window_send_init        (ObComposerWindow *self);
void       ob_composer_window_send_dispose     (ObComposerWindow *self);

G_END_DECLS
