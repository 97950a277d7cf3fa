/* ob-draft.h — a message being written, as the composer keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_DRAFT (ob_draft_get_type ())

G_DECLARE_FINAL_TYPE (ObDraft, ob_draft, OB, DRAFT, GObject)

/* Properties, each notified on change: id (construct-only; a new random id
 * when none is given), account-id, to, cc, bcc (as typed: comma-separated),
 * subject, body, attachments (GStrv of absolute paths), modified (seconds
 * since the Unix epoch; every change sets it to now). Strings are never
 * NULL: "" when empty. */
ObDraft            *ob_draft_new             (const char          *id);
const char         *ob_draft_get_id          (ObDraft             *self);
const char         *ob_draft_get_account_id  (ObDraft             *self);
void                ob_draft_set_account_id  (ObDraft             *self,
                                              const char          *account_id);
const char         *ob_draft_get_to          (ObDraft             *self);
void                ob_draft_set_to          (ObDraft             *self,
                                              const char          *to);
const char         *ob_draft_get_cc          (ObDraft             *self);
void                ob_draft_set_cc          (ObDraft             *self,
                                              const char          *cc);
const char         *ob_draft_get_bcc         (ObDraft             *self);
void                ob_draft_set_bcc         (ObDraft             *self,
                                              const char          *bcc);
const char         *ob_draft_get_subject     (ObDraft             *self);
void                ob_draft_set_subject     (ObDraft             *self,
                                              const char          *subject);
const char         *ob_draft_get_body        (ObDraft             *self);
void                ob_draft_set_body        (ObDraft             *self,
                                              const char          *body);
const char * const *ob_draft_get_attachments (ObDraft             *self);
void                ob_draft_set_attachments (ObDraft             *self,
                                              const char * const  *paths);
gint64              ob_draft_get_modified    (ObDraft             *self);
void                ob_draft_set_modified    (ObDraft             *self,
                                              gint64               modified);
gboolean            ob_draft_is_empty        (ObDraft             *self);

G_END_DECLS
