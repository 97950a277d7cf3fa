/* ob-outbox-run.c — sending what is due, one run per account at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run takes an account's due messages through these steps, in this order
 * down the file:
 *
 *   prepare (worker thread): take each message's lock, check on disk that it
 *     is still queued, apply the account's sending limits, open the message
 *     file, and store the message as "sending" before anything is sent;
 *   secret and connect, unless the account's connection is still open;
 *   send (the client's worker thread): one pipelined batch; the journal
 *     records each final dot before it leaves and each final reply as soon
 *     as it is read (message_hook);
 *   finish (worker thread): store each outcome, move sent messages to the
 *     sent folder, count them against the limits, prune old sent ones;
 *   end: ob-outbox-flush.c keeps the connection for a while, starts again
 *     if more became due, and tells the flushes waiting for this account.
 *
 * The main thread only ever decides and shows; the disk and the network
 * are touched in worker threads.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-account-store.h"
#include "ob-envelope.h"
#include "ob-outbox-private.h"
#include "ob-raw-message.h"
#include "ob-secrets.h"
#include "ob-send-result.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"

/* A message another process holds is looked at again this much later. */
#define BUSY_ELSEWHERE_DELAY 60

typedef struct
{
  ObOutboxEntry   *entry;
  ObOutboxRecord  *record;       /* what the run makes of the message */
  ObSpoolLock     *lock;         /* held from prepare to finish */
  ObMessageSource *message;
  ObEnvelope      *envelope;
  gboolean         sending;      /* stored as "sending" and in the batch */
  gboolean         show;         /* @record is news for the entry */
  gboolean         gone;         /* no longer in the spool */
  gboolean         end_of_data;  /* journalled by the sending thread */
} Item;

typedef struct
{
  GCancellable *cancellable;
  gulong        handler;
} Link;

struct _ObOutboxRun
{
  ObOutbox           *outbox;
  ObOutboxConnection *connection;
  ObAccount          *account;     /* NULL when the account is gone */
  guint               per_minute;
  guint               per_day;
  guint               keep_sent_days;
  char               *host;
  char               *provider_id;
  ObDiagnosisContext  context;
  GPtrArray          *items;       /* Item */
  GHashTable         *by_message;  /* ObMessageSource → Item, for the hook */
  GCancellable       *cancellable;
  GArray             *links;       /* Link: waiting flushes' cancellables */
  gboolean            reused;      /* sent over a connection kept open */
  gboolean            reconnected;
  GError             *journal_error;
  GPtrArray          *pruned;      /* ids removed from the sent folder */
};

static void run_send       (ObOutboxRun *run);
static void run_get_secret (ObOutboxRun *run);
static void run_finish     (ObOutboxRun *run);
static void run_end        (ObOutboxRun *run);

static void
item_free (Item *item)
{
  g_clear_object (&item->entry);
  g_clear_pointer (&item->record, ob_outbox_record_free);
  g_clear_pointer (&item->lock, ob_spool_unlock);
  g_clear_object (&item->message);
  g_clear_pointer (&item->envelope, ob_envelope_unref);
  g_free (item);
}

static void
run_free (ObOutboxRun *run)
{
  for (guint i = 0; i < run->links->len; i++)
    {
      Link *link = &g_array_index (run->links, Link, i);

      g_cancellable_disconnect (link->cancellable, link->handler);
      g_object_unref (link->cancellable);
    }
  g_array_unref (run->links);
  g_clear_pointer (&run->by_message, g_hash_table_unref);
  g_ptr_array_unref (run->items);
  g_clear_pointer (&run->pruned, g_ptr_array_unref);
  g_clear_error (&run->journal_error);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->account);
  g_free (run->host);
  g_free (run->provider_id);
  g_object_unref (run->outbox);
  g_free (run);
}

static void
cancel_linked_cb (GCancellable *cancellable,
                  GCancellable *run_cancellable)
{
  g_cancellable_cancel (run_cancellable);
}

/* Cancelling a waiting flush stops the run, whichever flush started it. */
void
ob_outbox_run_link_waiters (ObOutboxRun *run)
{
  GPtrArray *waiters = run->connection->waiters;

  for (guint i = 0; i < waiters->len; i++)
    {
      GCancellable *cancellable = g_task_get_cancellable (g_ptr_array_index (waiters, i));
      gboolean linked = FALSE;
      Link link;

      for (guint k = 0; k < run->links->len && !linked; k++)
        linked = g_array_index (run->links, Link, k).cancellable == cancellable;
      if (cancellable == NULL || linked)
        continue;
      link.cancellable = g_object_ref (cancellable);
      link.handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_linked_cb),
                                            g_object_ref (run->cancellable), g_object_unref);
      g_array_append_val (run->links, link);
    }
}

static void
show_items (ObOutboxRun *run)
{
  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);

      if (item->gone)
        ob_outbox_forget (run->outbox, item->record->id);
      else if (item->show)
        ob_outbox_show_record (run->outbox, ob_outbox_record_copy (item->record));
      item->show = FALSE;
      if (!item->sending)
        ob_outbox_entry_set_busy (item->entry, FALSE);
    }
}

/* Stores the item's record; when that fails the message stays as it was on
 * disk, and the failure shows on the entry. */
static void
store (ObOutbox       *outbox,
       Item           *item)
{
  g_autoptr(GError) error = NULL;

  item->show = TRUE;
  if (!ob_spool_write (outbox->spool, OB_SPOOL_OUTBOX, item->record, &error))
    ob_outbox_record_set_error (item->record, error, NULL);
}

static GError *
unreadable_error (const GError *error)
{
  return g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_UNREADABLE,
                      _("The queued message cannot be read, so it cannot be sent (%s). Drop it "
                        "and send the message again."), error->message);
}

/* Opens the message and stores it as "sending". Returns FALSE, with the
 * message's record saying why, when it cannot be sent. */
static gboolean
prepare_item (ObOutboxRun *run,
              Item        *item)
{
  ObOutbox *outbox = run->outbox;
  g_autofree char *path = ob_spool_get_message_path (outbox->spool, OB_SPOOL_OUTBOX,
                                                     item->record->id);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ObOutboxRecord) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);
  gint64 now = ob_outbox_now ();

  if (message == NULL)
    {
      g_autoptr(GError) unreadable = unreadable_error (error);

      ob_outbox_policy_fail (item->record, unreadable, NULL, now);
      store (outbox, item);
      return FALSE;
    }
  item->envelope = ob_outbox_record_make_envelope (item->record, &error);
  if (item->envelope == NULL)
    {
      ob_outbox_policy_fail (item->record, error, &run->context, now);
      store (outbox, item);
      return FALSE;
    }

  before = ob_outbox_record_copy (item->record);
  ob_outbox_policy_mark_sending (item->record);
  if (!ob_spool_write (outbox->spool, OB_SPOOL_OUTBOX, item->record, &error))
    {
      /* Never send what is not stored as being sent. */
      g_clear_pointer (&item->record, ob_outbox_record_free);
      item->record = g_steal_pointer (&before);
      item->record->attempts++;
      ob_outbox_policy_fail (item->record, error, NULL, now);
      item->show = TRUE;
      return FALSE;
    }
  item->message = OB_MESSAGE_SOURCE (g_steal_pointer (&message));
  item->sending = item->show = TRUE;
  return TRUE;
}

static void
prepare_queued (ObOutboxRun *run,
                Item        *item,
                guint       *allowance,
                gint64       next,
                gint64       now)
{
  ObOutboxRecord *record = item->record;

  if (run->account == NULL)
    {
      g_autoptr(GError) gone = NULL;

      gone = g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_ACCOUNT,
                          _("The account this message was queued for (“%s”) no longer exists. "
                            "Add it again and retry, or drop the message."),
                          record->account_id);
      ob_outbox_policy_fail (record, gone, NULL, now);
      store (run->outbox, item);
    }
  else if (*allowance == 0)
    {
      record->waiting = OB_OUTBOX_WAIT_RATE_LIMIT;
      record->next_attempt = next;
      store (run->outbox, item);
    }
  else if (prepare_item (run, item))
    {
      (*allowance)--;
      g_hash_table_insert (run->by_message, item->message, item);
    }
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ObOutboxRun *run = task_data;
  ObOutbox *outbox = run->outbox;
  gint64 now = ob_outbox_now (), next = now;
  guint allowance = 0;

  if (run->account != NULL)
    {
      /* Other processes may have sent meanwhile. */
      ob_send_log_reload (outbox->send_log, now, NULL);
      allowance = ob_send_log_allowance (outbox->send_log, run->connection->account_id,
                                         run->per_minute, run->per_day, now, &next);
    }

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);
      g_autoptr(GError) error = NULL;
      ObOutboxRecord *stored;

      item->lock = ob_spool_lock (outbox->spool, OB_SPOOL_OUTBOX, item->record->id, &error);
      if (item->lock == NULL)
        {
          item->gone = g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND);
          item->record->next_attempt = now + BUSY_ELSEWHERE_DELAY;
          item->show = TRUE;
          continue;
        }
      stored = ob_spool_read (outbox->spool, OB_SPOOL_OUTBOX, item->record->id, &error);
      item->show = TRUE;
      if (stored == NULL)
        ob_outbox_policy_fail (item->record, error, NULL, now);
      else
        {
          ob_outbox_record_free (item->record);
          item->record = stored;
          /* Unless another process changed it since it was shown here. */
          if (stored->state == OB_OUTBOX_STATE_QUEUED)
            prepare_queued (run, item, &allowance, next, now);
        }
      if (!item->sending)
        g_clear_pointer (&item->lock, ob_spool_unlock);
    }
  g_task_return_boolean (task, TRUE);
}

static guint
count_sending (ObOutboxRun *run)
{
  guint n = 0;

  for (guint i = 0; i < run->items->len; i++)
    n += ((Item *) g_ptr_array_index (run->items, i))->sending;
  return n;
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ObOutboxRun *run = data;
  ObSmtpClient *client = run->connection->client;

  show_items (run);
  if (count_sending (run) == 0)
    {
      run_end (run);
      return;
    }
  if (client != NULL && ob_smtp_client_is_connected (client))
    {
      run->reused = TRUE;
      run_send (run);
      return;
    }
  run_get_secret (run);
}

/* Every message still to be sent gets the same failure. */
static void
fail_all (ObOutboxRun  *run,
          const GError *error)
{
  gint64 now = ob_outbox_now ();

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);

      if (item->sending)
        ob_outbox_policy_fail (item->record, error, &run->context, now);
    }
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ObOutboxRun *run = data;
  ObSmtpClient *client = OB_SMTP_CLIENT (source);
  g_autoptr(GError) error = NULL;

  if (!ob_smtp_client_connect_finish (client, result, &error))
    {
      g_clear_object (&run->connection->client);
      fail_all (run, error);
      run_finish (run);
      return;
    }
  run_send (run);
}

static gboolean
is_token_mechanism (const char *mechanism)
{
  return mechanism != NULL && (g_ascii_strcasecmp (mechanism, "XOAUTH2") == 0 ||
                               g_ascii_strcasecmp (mechanism, "OAUTHBEARER") == 0);
}

static void
run_connect (ObOutboxRun *run,
             const char  *secret)
{
  ObOutboxConnection *connection = run->connection;
  gboolean is_token = is_token_mechanism (ob_account_get_auth_mechanism (run->account));

  g_clear_handle_id (&connection->idle_id, g_source_remove);
  if (connection->client != NULL)
    ob_smtp_client_close (connection->client);
  g_clear_object (&connection->client);
  connection->client = ob_account_create_client (run->account, secret, is_token);
  if (run->outbox->transcript != NULL)
    ob_smtp_client_set_transcript (connection->client, run->outbox->transcript);
  ob_smtp_client_connect_async (connection->client, run->cancellable, connected_cb, run);
}

static void
secret_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ObOutboxRun *run = data;
  g_autoptr(GError) error = NULL;
  char *secret = g_task_propagate_pointer (G_TASK (result), &error);

  if (secret == NULL)
    {
      g_autoptr(GError) reason = NULL;

      if (error == NULL)
        reason = g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD,
                              _("There is no password for “%s”. Enter it in the account’s "
                                "settings."), ob_account_get_address (run->account));
      else if (error->domain == OB_OUTBOX_ERROR ||
               g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reason = g_steal_pointer (&error);
      else
        reason = g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD,
                              _("Could not get the password for “%s”: %s"),
                              ob_account_get_address (run->account), error->message);
      fail_all (run, reason);
      run_finish (run);
      return;
    }
  run_connect (run, secret);
  ob_secrets_free (secret);
}

static void
run_get_secret (ObOutboxRun *run)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  /* Settings being edited may not make a usable account yet. */
  if (!ob_account_validate (run->account, &error))
    {
      fail_all (run, error);
      run_finish (run);
      return;
    }
  if (!ob_account_needs_login (run->account))
    {
      run_connect (run, NULL);
      return;
    }
  task = g_task_new (run->outbox, run->cancellable, secret_cb, run);
  g_task_set_source_tag (task, run_get_secret);
  run->outbox->secret_func (run->outbox, run->account, task, run->outbox->secret_data);
}

/* In the sending thread: the journal is written before the final dot
 * leaves and as soon as its reply is read, so a restart knows which
 * messages the server may hold. When the journal cannot be written, the
 * dot must not leave: cancelling stops the batch before it. */
static void
message_hook (ObSmtpClient    *client,
              ObMessageSource *message,
              ObSendResult    *result,
              gpointer         data)
{
  ObOutboxRun *run = data;
  ObSpool *spool = run->outbox->spool;
  Item *item = g_hash_table_lookup (run->by_message, message);
  g_autoptr(GError) error = NULL;
  ObSmtpReply *reply;

  if (item == NULL)
    return;
  if (result == NULL)
    {
      if (ob_spool_journal_end_of_data (spool, item->record->id, item->record->attempts, &error))
        item->end_of_data = TRUE;
      else if (run->journal_error == NULL)
        {
          run->journal_error = g_steal_pointer (&error);
          g_cancellable_cancel (run->cancellable);
        }
      return;
    }
  reply = ob_send_result_get_final_reply (result);
  if (reply != NULL)
    ob_spool_journal_reply (spool, item->record->id, item->record->attempts, reply, NULL);
}

/* A connection kept open may have been closed by the server meanwhile:
 * then the first message failed at once, before any final dot. */
static gboolean
connection_was_stale (ObOutboxRun *run,
                      GPtrArray   *results)
{
  ObSendResult *first = results->len > 0 ? g_ptr_array_index (results, 0) : NULL;
  const GError *error = first ? ob_send_result_get_error (first) : NULL;

  if (!run->reused || run->reconnected || error == NULL || error->domain != OB_SMTP_ERROR)
    return FALSE;
  for (guint i = 0; i < run->items->len; i++)
    if (((Item *) g_ptr_array_index (run->items, i))->end_of_data)
      return FALSE;
  return (error->code == OB_SMTP_ERROR_CONNECTION_LOST ||
          error->code == OB_SMTP_ERROR_SHUTTING_DOWN ||
          error->code == OB_SMTP_ERROR_TIMEOUT) &&
         ob_smtp_error_get_stage (error) <= OB_SMTP_STAGE_MAIL;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  ObOutboxRun *run = data;
  ObSmtpClient *client = OB_SMTP_CLIENT (source);
  g_autoptr(GPtrArray) results = ob_smtp_client_send_batch_finish (client, result, NULL);
  gint64 now = ob_outbox_now ();
  guint k = 0;

  ob_smtp_client_set_message_hook (client, NULL, NULL);
  if (connection_was_stale (run, results))
    {
      run->reconnected = TRUE;
      run_get_secret (run);
      return;
    }

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);
      ObSendResult *outcome;

      if (!item->sending)
        continue;
      outcome = g_ptr_array_index (results, k++);
      if (run->journal_error != NULL && !ob_send_result_is_sent (outcome))
        ob_outbox_policy_fail (item->record, run->journal_error, NULL, now);
      else
        ob_outbox_policy_apply_result (item->record, outcome, &run->context, now);
    }
  run_finish (run);
}

static void
run_send (ObOutboxRun *run)
{
  ObSmtpClient *client = run->connection->client;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  ObSmtpCapabilities *caps = ob_smtp_client_get_capabilities (client);

  g_clear_handle_id (&run->connection->idle_id, g_source_remove);
  if (caps != NULL)
    run->context.size_limit = ob_smtp_capabilities_get_size_limit (caps);
  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);

      if (!item->sending)
        continue;
      g_ptr_array_add (envelopes, item->envelope);
      g_ptr_array_add (messages, item->message);
    }
  ob_smtp_client_set_message_hook (client, message_hook, run);
  ob_smtp_client_send_batch_async (client, envelopes, messages, run->cancellable, sent_cb, run);
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ObOutboxRun *run = task_data;
  ObOutbox *outbox = run->outbox;
  gint64 now = ob_outbox_now ();

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);
      g_autoptr(GError) error = NULL;

      if (!item->sending)
        continue;
      item->show = TRUE;
      /* Should this fail, the journal still tells a restart the outcome. */
      if (!ob_spool_write (outbox->spool, OB_SPOOL_OUTBOX, item->record, &error))
        ob_outbox_record_set_error (item->record, error, NULL);
      else if (item->record->state == OB_OUTBOX_STATE_SENT)
        {
          ob_send_log_record (outbox->send_log, item->record->account_id, now, NULL);
          if (!ob_spool_move_to_sent (outbox->spool, item->record->id, &error))
            ob_outbox_record_set_error (item->record, error, NULL);
        }
      g_clear_pointer (&item->lock, ob_spool_unlock);
    }

  run->pruned = g_ptr_array_new_with_free_func (g_free);
  ob_outbox_prune_sent (outbox->spool, run->keep_sent_days, now, run->pruned);
  g_task_return_boolean (task, TRUE);
}

static void
finished_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ObOutboxRun *run = data;

  for (guint i = 0; i < run->items->len; i++)
    {
      Item *item = g_ptr_array_index (run->items, i);

      item->sending = FALSE;
    }
  show_items (run);
  for (guint i = 0; i < run->pruned->len; i++)
    ob_outbox_forget (run->outbox, g_ptr_array_index (run->pruned, i));
  run_end (run);
}

static void
run_finish (ObOutboxRun *run)
{
  g_autoptr(GTask) task = g_task_new (run->outbox, NULL, finished_cb, run);

  g_task_set_source_tag (task, run_finish);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, finish_thread);
}

/**
 * ob_outbox_run_start:
 *
 * Starts a run of the account's due messages.
 *
 * Returns: %FALSE when none is due, and nothing was started
 */
gboolean
ob_outbox_run_start (ObOutbox           *self,
           ObOutboxConnection *connection)
{
  g_autoptr(GTask) task = NULL;
  ObOutboxRun *run;
  ObAccount *account;
  gint64 now = ob_outbox_now ();

  run = g_new0 (ObOutboxRun, 1);
  run->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < self->entries->len; i++)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i);
      Item *item;

      if (!ob_outbox_entry_is_due (entry, now) ||
          !g_str_equal (ob_outbox_entry_get_account_id (entry), connection->account_id))
        continue;
      item = g_new0 (Item, 1);
      item->entry = g_object_ref (entry);
      item->record = ob_outbox_record_copy (ob_outbox_entry_get_record (entry));
      g_ptr_array_add (run->items, item);
    }
  if (run->items->len == 0)
    {
      g_ptr_array_unref (run->items);
      g_free (run);
      return FALSE;
    }

  run->outbox = g_object_ref (self);
  run->connection = connection;
  run->cancellable = g_cancellable_new ();
  run->links = g_array_new (FALSE, FALSE, sizeof (Link));
  run->by_message = g_hash_table_new (NULL, NULL);
  account = ob_account_store_lookup (self->accounts, connection->account_id);
  if (account != NULL)
    {
      run->account = g_object_ref (account);
      run->per_minute = ob_account_get_max_per_minute (account);
      run->per_day = ob_account_get_max_per_day (account);
      run->host = g_strdup (ob_account_get_host (account));
      run->provider_id = g_strdup (ob_account_get_provider_id (account));
      run->context.host = run->host;
      run->context.provider_id = run->provider_id;
      run->context.port = ob_account_get_port (account);
      run->context.has_security = TRUE;
      run->context.security = ob_account_get_security (account);
    }
  run->context.offline = !self->online;
  run->keep_sent_days = self->keep_sent_days;
  for (guint i = 0; i < run->items->len; i++)
    ob_outbox_entry_set_busy (((Item *) g_ptr_array_index (run->items, i))->entry, TRUE);

  connection->run = run;
  ob_outbox_run_link_waiters (run);
  task = g_task_new (self, NULL, prepared_cb, run);
  g_task_set_source_tag (task, ob_outbox_run_start);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, prepare_thread);
  return TRUE;
}

static void
run_end (ObOutboxRun *run)
{
  g_autoptr(ObOutbox) self = g_object_ref (run->outbox);
  ObOutboxConnection *connection = run->connection;
  gboolean cancelled = g_cancellable_is_cancelled (run->cancellable);

  connection->run = NULL;
  run_free (run);
  ob_outbox_connection_ended (self, connection, cancelled);
}
