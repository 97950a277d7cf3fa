/* ob-outbox-record.h — what the outbox knows about one message, as a value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-types.h"

/* In characters: more than a row or a terminal line shows. */
#define OB_OUTBOX_SUBJECT_MAX 200

G_BEGIN_DECLS

/* Seconds since the Unix epoch; 0 in next_attempt means "now". */
typedef struct
{
  char          *id;
  char          *account_id;
  char          *sender;
  GStrv          recipients;
  ObDsnRet       dsn_ret;
  ObDsnNotify    dsn_notify;
  char          *dsn_envid;
  char          *message_id;
  char          *subject;          /* clean one-line UTF-8, or NULL for none */
  guint64        size;
  gint64         created;

  ObOutboxState  state;
  ObOutboxWait   waiting;
  guint          attempts;
  gint64         since;            /* when this round of attempts began */
  gint64         next_attempt;
  GError        *error;            /* the last failure, or NULL */
  char          *diagnosis_title;  /* the failure in a few words */

  gint64         sent_time;
  char          *final_reply;      /* "250 2.0.0 Ok: queued as 4F2" */
  char          *queue_id;
  GStrv          refused;          /* "address: reply" for recipients refused */
} ObOutboxRecord;

ObOutboxRecord *ob_outbox_record_new            (void);
ObOutboxRecord *ob_outbox_record_copy           (const ObOutboxRecord  *record);
void            ob_outbox_record_free           (ObOutboxRecord        *record);

void            ob_outbox_record_set_subject    (ObOutboxRecord        *record,
                                                 const char            *subject);
void            ob_outbox_record_set_error      (ObOutboxRecord        *record,
                                                 const GError          *error,
                                                 const char            *diagnosis_title);
void            ob_outbox_record_clear_error    (ObOutboxRecord        *record);

ObEnvelope     *ob_outbox_record_make_envelope  (const ObOutboxRecord  *record,
                                                 GError               **error);
void            ob_outbox_record_take_envelope  (ObOutboxRecord        *record,
                                                 ObEnvelope            *envelope);

char           *ob_outbox_record_to_data        (const ObOutboxRecord  *record,
                                                 gsize                 *length);
ObOutboxRecord *ob_outbox_record_new_from_data  (const char            *data,
                                                 gsize                  length,
                                                 GError               **error);

const char     *ob_outbox_state_to_string       (ObOutboxState          state);
gboolean        ob_outbox_state_from_string     (const char            *text,
                                                 ObOutboxState         *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObOutboxRecord, ob_outbox_record_free)

G_END_DECLS
