/* ob-outbox-load.c — reading the spool, and settling what a crash left
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading runs in a worker thread: it takes each message's lock (a message
 * another process holds is only read), settles a message left "sending"
 * by its journal, moves one stored as sent to the sent folder, and removes
 * sent messages past the keep-sent-days setting. The main thread then
 * shows the result, leaving alone the messages this process is sending.
 */
#include "config.h"

#include "ob-outbox-private.h"

#define DAY (24 * 60 * 60)

typedef struct
{
  guint       keep_sent_days;
  GPtrArray  *records;    /* ObOutboxRecord */
  GPtrArray  *pruned;     /* ids */
} LoadData;

static LoadData *
load_data_new (ObOutbox *self)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->keep_sent_days = self->keep_sent_days;
  data->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_outbox_record_free);
  data->pruned = g_ptr_array_new_with_free_func (g_free);
  return data;
}

static void
load_data_free (LoadData *data)
{
  g_ptr_array_unref (data->records);
  g_ptr_array_unref (data->pruned);
  g_free (data);
}

static gboolean
is_expired (const ObOutboxRecord *record,
            guint                 keep_sent_days,
            gint64                now)
{
  /* 0 days means keep them forever. */
  return keep_sent_days > 0 && record->sent_time <= now - (gint64) keep_sent_days * DAY;
}

/* A record that cannot be read still names a message the person may want
 * back: it is shown, failed, with what is wrong, and can be dropped. */
static ObOutboxRecord *
damaged_record (const char   *id,
                const GError *error)
{
  ObOutboxRecord *record = ob_outbox_record_new ();

  record->id = g_strdup (id);
  record->account_id = g_strdup ("");
  record->sender = g_strdup ("");
  record->recipients = g_new0 (char *, 1);
  record->state = OB_OUTBOX_STATE_FAILED;
  ob_outbox_record_set_error (record, error, NULL);
  return record;
}

/* Settles an entry a crash left half done. The caller holds its lock. */
static void
recover (ObOutbox        *self,
         ObOutboxRecord  *record,
         gint64           now)
{
  g_autoptr(GError) error = NULL;

  if (record->state == OB_OUTBOX_STATE_SENDING)
    {
      g_auto(ObSpoolJournal) journal = { 0, };

      ob_spool_journal_read (self->spool, record->id, record->attempts, &journal);
      ob_outbox_policy_recover (record, &journal, now);
      if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, record, &error))
        g_warning ("%s", error->message);
      if (record->state == OB_OUTBOX_STATE_SENT)
        ob_send_log_record (self->send_log, record->account_id, record->sent_time, NULL);
    }
  /* Stored as sent, but a crash came before the move. */
  if (record->state == OB_OUTBOX_STATE_SENT && error == NULL &&
      !ob_spool_move_to_sent (self->spool, record->id, &error))
    g_warning ("%s", error->message);
}

/**
 * ob_outbox_prune_sent:
 * @removed: (element-type utf8): gets the ids removed
 *
 * Removes sent messages older than @keep_sent_days. Blocks.
 */
void
ob_outbox_prune_sent (ObSpool   *spool,
                      guint      keep_sent_days,
                      gint64     now,
                      GPtrArray *removed)
{
  g_autoptr(GPtrArray) ids = ob_spool_list (spool, OB_SPOOL_SENT, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(ObSpoolLock) lock = ob_spool_lock (spool, OB_SPOOL_SENT, id, NULL);
      g_autoptr(ObOutboxRecord) record = NULL;

      if (lock != NULL)
        record = ob_spool_read (spool, OB_SPOOL_SENT, id, NULL);
      if (record != NULL && is_expired (record, keep_sent_days, now) &&
          ob_spool_remove (spool, OB_SPOOL_SENT, id, NULL))
        g_ptr_array_add (removed, g_strdup (id));
    }
}

static void
load_folder (ObOutbox      *self,
             ObSpoolFolder  folder,
             LoadData      *data,
             gint64         now)
{
  g_autoptr(GPtrArray) ids = ob_spool_list (self->spool, folder, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(ObSpoolLock) lock = ob_spool_lock (self->spool, folder, id, &error);
      ObOutboxRecord *record;

      /* Someone else holds it: show what it says; it is theirs to change. */
      if (lock == NULL && !g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY))
        continue;
      g_clear_error (&error);
      record = ob_spool_read (self->spool, folder, id, &error);
      if (record == NULL)
        {
          if (!g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND))
            g_ptr_array_add (data->records, damaged_record (id, error));
          continue;
        }
      if (lock != NULL && folder == OB_SPOOL_OUTBOX)
        recover (self, record, now);
      g_ptr_array_add (data->records, record);
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ObOutbox *self = source_object;
  LoadData *data = task_data;
  gint64 now = ob_outbox_now ();
  GError *error = NULL;

  if (!ob_spool_ensure (self->spool, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!ob_send_log_reload (self->send_log, now, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  load_folder (self, OB_SPOOL_OUTBOX, data, now);
  ob_outbox_prune_sent (self->spool, data->keep_sent_days, now, data->pruned);
  load_folder (self, OB_SPOOL_SENT, data, now);
  g_task_return_boolean (task, TRUE);
}

/* Replaces what the model shows with what was read, except for the
 * messages this process is sending. */
static void
merge (ObOutbox  *self,
       GPtrArray *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < records->len; i++)
    {
      ObOutboxRecord *record = g_ptr_array_index (records, i);
      ObOutboxEntry *entry = ob_outbox_lookup (self, record->id);

      g_hash_table_add (seen, record->id);
      if (entry == NULL || !ob_outbox_entry_get_busy (entry))
        ob_outbox_show_record (self, ob_outbox_record_copy (record));
    }
  for (guint i = self->entries->len; i > 0; i--)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i - 1);

      if (!ob_outbox_entry_get_busy (entry) &&
          !g_hash_table_contains (seen, ob_outbox_entry_get_id (entry)))
        ob_outbox_forget (self, ob_outbox_entry_get_id (entry));
    }
  ob_outbox_schedule (self);
}

static GTask *
load_task_new (ObOutbox            *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ob_outbox_load_async);
  g_task_set_task_data (task, load_data_new (self), (GDestroyNotify) load_data_free);
  return task;
}

/**
 * ob_outbox_load_async:
 *
 * Reads the spool, settles what a crash left half done (a message that was
 * being sent becomes uncertain, unless its journal shows the server's
 * final reply or that its final dot never left), removes sent messages
 * older than the keep-sent-days setting, and shows the result. Loading
 * again later picks up what other processes changed.
 */
void
ob_outbox_load_async (ObOutbox            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OB_IS_OUTBOX (self));

  task = load_task_new (self, cancellable, callback, user_data);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ob_outbox_load_finish (ObOutbox      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  merge (self, data->records);
  return TRUE;
}

/**
 * ob_outbox_load_sync:
 *
 * As ob_outbox_load_async(), blocking: for the command line and tests.
 */
gboolean
ob_outbox_load_sync (ObOutbox      *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);

  task = load_task_new (self, cancellable, NULL, NULL);
  g_task_run_in_thread_sync (task, load_thread);
  return ob_outbox_load_finish (self, G_ASYNC_RESULT (task), error);
}
