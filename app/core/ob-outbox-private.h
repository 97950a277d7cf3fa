/* ob-outbox-private.h — what the outbox's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-outbox.c holds the object and its model; ob-outbox-load.c reads the
 * spool and settles a crash's leftovers; ob-outbox-actions.c queues and
 * carries out the person's actions; ob-outbox-flush.c starts runs and keeps
 * connections between them; ob-outbox-run.c sends, one run per account at
 * a time; ob-outbox-policy.c decides, as pure functions, what each outcome
 * makes of a message's record.
 */
#pragma once

#include "ob-diagnosis.h"
#include "ob-outbox.h"
#include "ob-outbox-entry-private.h"
#include "ob-send-log.h"
#include "ob-spool.h"

G_BEGIN_DECLS

typedef struct _ObOutboxRun ObOutboxRun;

/* One account's connection, kept open for a while between runs. */
typedef struct
{
  char          *account_id;
  ObSmtpClient  *client;
  guint          idle_id;
  ObOutboxRun   *run;       /* the run in progress, or NULL */
  GPtrArray     *waiters;   /* GTask of flushes waiting for this account */
} ObOutboxConnection;

struct _ObOutbox
{
  GObject             parent_instance;

  char               *root;
  ObSpool            *spool;
  ObSendLog          *send_log;
  ObAccountStore     *accounts;
  GNetworkMonitor    *monitor;
  gulong              monitor_handler;
  gboolean            online;
  guint               keep_sent_days;
  guint               idle_timeout;
  ObTranscript       *transcript;
  ObOutboxSecretFunc  secret_func;
  gpointer            secret_data;
  GDestroyNotify      secret_destroy;

  GPtrArray          *entries;      /* ObOutboxEntry, oldest first */
  GHashTable         *connections;  /* account id → ObOutboxConnection */
  guint               timer_id;
};

gint64   ob_outbox_now                 (void);
void     ob_outbox_schedule            (ObOutbox        *self);
void     ob_outbox_show_record         (ObOutbox        *self,
                                        ObOutboxRecord  *record);
void     ob_outbox_forget              (ObOutbox        *self,
                                        const char      *id);
void     ob_outbox_prune_sent          (ObSpool         *spool,
                                        guint            keep_sent_days,
                                        gint64           now,
                                        GPtrArray       *removed);

/* ob-outbox-run.c */
gboolean ob_outbox_run_start           (ObOutbox           *self,
                                        ObOutboxConnection *connection);
void     ob_outbox_run_link_waiters    (ObOutboxRun        *run);

/* ob-outbox-flush.c */
void     ob_outbox_connection_free     (ObOutboxConnection *connection);
void     ob_outbox_connection_ended    (ObOutbox           *self,
                                        ObOutboxConnection *connection,
                                        gboolean            cancelled);
void     ob_outbox_start_due           (ObOutbox           *self,
                                        const char         *account_id,
                                        GTask              *waiter);

/* ob-outbox-policy.c */
gint64   ob_outbox_policy_backoff      (guint            attempts);
void     ob_outbox_policy_mark_sending (ObOutboxRecord  *record);
void     ob_outbox_policy_mark_sent    (ObOutboxRecord  *record,
                                        gint64           time,
                                        const char      *final_reply,
                                        GStrv            refused);
void     ob_outbox_policy_fail         (ObOutboxRecord           *record,
                                        const GError             *error,
                                        const ObDiagnosisContext *context,
                                        gint64                    now);
void     ob_outbox_policy_apply_result (ObOutboxRecord           *record,
                                        ObSendResult             *result,
                                        const ObDiagnosisContext *context,
                                        gint64                    now);
void     ob_outbox_policy_recover      (ObOutboxRecord           *record,
                                        const ObSpoolJournal     *journal,
                                        gint64                    now);
void     ob_outbox_policy_requeue      (ObOutboxRecord           *record,
                                        gint64                    now);

G_END_DECLS
