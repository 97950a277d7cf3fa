/* ob-spool.h — the outbox on disk: one directory per message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-outbox-record.h"

G_BEGIN_DECLS

#define OB_TYPE_SPOOL (ob_spool_get_type ())

G_DECLARE_FINAL_TYPE (ObSpool, ob_spool, OB, SPOOL, GObject)

typedef enum {
  OB_SPOOL_OUTBOX,
  OB_SPOOL_SENT,
} ObSpoolFolder;

/* What the journal says of one attempt. */
typedef struct
{
  gboolean  end_of_data;   /* the final dot was about to leave */
  guint     reply_code;    /* the reply to it, or 0 when none was read */
  gint64    reply_time;    /* when it was read */
  char     *reply;         /* that reply, as one line */
} ObSpoolJournal;

typedef struct _ObSpoolLock ObSpoolLock;

ObSpool        *ob_spool_new                 (const char          *root);
const char     *ob_spool_get_root            (ObSpool             *self);
char           *ob_spool_get_entry_path      (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const char          *id);
char           *ob_spool_get_message_path    (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const char          *id);
gboolean        ob_spool_ensure              (ObSpool             *self,
                                              GError             **error);

gboolean        ob_spool_add                 (ObSpool             *self,
                                              ObOutboxRecord      *record,
                                              ObMessageSource     *source,
                                              GCancellable        *cancellable,
                                              GError             **error);
GPtrArray      *ob_spool_list                (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              GError             **error);
ObOutboxRecord *ob_spool_read                (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const char          *id,
                                              GError             **error);

ObSpoolLock    *ob_spool_lock                (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const char          *id,
                                              GError             **error);
void            ob_spool_unlock              (ObSpoolLock         *lock);
gboolean        ob_spool_write               (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const ObOutboxRecord *record,
                                              GError             **error);
gboolean        ob_spool_remove              (ObSpool             *self,
                                              ObSpoolFolder        folder,
                                              const char          *id,
                                              GError             **error);
gboolean        ob_spool_move_to_sent        (ObSpool             *self,
                                              const char          *id,
                                              GError             **error);

gboolean        ob_spool_journal_end_of_data (ObSpool             *self,
                                              const char          *id,
                                              guint                attempt,
                                              GError             **error);
gboolean        ob_spool_journal_reply       (ObSpool             *self,
                                              const char          *id,
                                              guint                attempt,
                                              ObSmtpReply         *reply,
                                              GError             **error);
void            ob_spool_journal_read        (ObSpool             *self,
                                              const char          *id,
                                              guint                attempt,
                                              ObSpoolJournal      *journal);
void            ob_spool_journal_clear       (ObSpoolJournal      *journal);

GError         *ob_spool_error_from_errno    (int                  errsv,
                                              const char          *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSpoolLock, ob_spool_unlock)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObSpoolJournal, ob_spool_journal_clear)

G_END_DECLS
