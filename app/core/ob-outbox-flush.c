/* ob-outbox-flush.c — flushes, and each account's connection between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A flush starts a run for every account with messages due and waits for
 * those runs, and for runs already going for those accounts. When a run
 * ends, the account's connection stays open for the idle time (messages
 * queued meanwhile reuse it), and if more became due another run starts
 * at once, for the same waiting flushes.
 */
#include "config.h"

#include "ob-outbox-private.h"
#include "ob-smtp-client.h"

typedef struct
{
  guint pending;
} FlushData;

void
ob_outbox_connection_free (ObOutboxConnection *connection)
{
  g_clear_handle_id (&connection->idle_id, g_source_remove);
  if (connection->client != NULL)
    ob_smtp_client_close (connection->client);
  g_clear_object (&connection->client);
  g_ptr_array_unref (connection->waiters);
  g_free (connection->account_id);
  g_free (connection);
}

static void
waiter_done (GTask *task)
{
  FlushData *data = g_task_get_task_data (task);

  if (--data->pending > 0)
    return;
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

/* After the last run: the flushes waiting for this account are done. */
static void
settle (ObOutbox           *self,
        ObOutboxConnection *connection,
        gboolean            cancelled)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (!cancelled && self->online && ob_outbox_run_start (self, connection))
    return;
  waiters = g_steal_pointer (&connection->waiters);
  connection->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    waiter_done (g_ptr_array_index (waiters, i));
  ob_outbox_schedule (self);
}

static void
idle_quit_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ob_smtp_client_quit_finish (OB_SMTP_CLIENT (source), result, NULL);
}

static gboolean
idle_cb (gpointer data)
{
  ObOutboxConnection *connection = data;
  g_autoptr(ObSmtpClient) client = g_steal_pointer (&connection->client);

  connection->idle_id = 0;
  ob_smtp_client_quit_async (client, NULL, idle_quit_cb, NULL);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  ObOutbox           *outbox;
  ObOutboxConnection *connection;
  gboolean            cancelled;
} Goodbye;

static void
goodbye_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Goodbye *goodbye = data;

  ob_smtp_client_quit_finish (OB_SMTP_CLIENT (source), result, NULL);
  settle (goodbye->outbox, goodbye->connection, goodbye->cancelled);
  g_object_unref (goodbye->outbox);
  g_free (goodbye);
}

/**
 * ob_outbox_connection_ended:
 * @cancelled: whether the run was cancelled
 *
 * After a run: keeps the connection open for the idle time, or says
 * goodbye now when there is none, then tells the waiting flushes or starts
 * the next run.
 */
void
ob_outbox_connection_ended (ObOutbox           *self,
                            ObOutboxConnection *connection,
                            gboolean            cancelled)
{
  if (connection->client != NULL && !ob_smtp_client_is_connected (connection->client))
    g_clear_object (&connection->client);

  if (connection->client != NULL && self->idle_timeout == 0)
    {
      g_autoptr(ObSmtpClient) client = g_steal_pointer (&connection->client);
      Goodbye *goodbye = g_new0 (Goodbye, 1);

      /* Said before the flush finishes, so a command that exits next does
       * not leave the server waiting. */
      goodbye->outbox = g_object_ref (self);
      goodbye->connection = connection;
      goodbye->cancelled = cancelled;
      ob_smtp_client_quit_async (client, NULL, goodbye_cb, goodbye);
      return;
    }
  if (connection->client != NULL)
    connection->idle_id = g_timeout_add_seconds (self->idle_timeout, idle_cb, connection);
  settle (self, connection, cancelled);
}

static ObOutboxConnection *
get_connection (ObOutbox   *self,
                const char *account_id)
{
  ObOutboxConnection *connection = g_hash_table_lookup (self->connections, account_id);

  if (connection == NULL)
    {
      connection = g_new0 (ObOutboxConnection, 1);
      connection->account_id = g_strdup (account_id);
      connection->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->connections, connection->account_id, connection);
    }
  return connection;
}

/**
 * ob_outbox_start_due:
 * @account_id: (nullable): only this account's messages
 * @waiter: (nullable): a flush to tell when the accounts concerned are done
 *
 * Starts a run for every account with messages due, unless offline, and
 * lets @waiter wait for those and for runs already going.
 */
void
ob_outbox_start_due (ObOutbox   *self,
                     const char *account_id,
                     GTask      *waiter)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = ob_outbox_now ();
  GHashTableIter iter;
  gpointer key, value;

  if (!self->online)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i);
      const char *id = ob_outbox_entry_get_account_id (entry);

      if (ob_outbox_entry_is_due (entry, now) &&
          (account_id == NULL || g_str_equal (id, account_id)))
        g_hash_table_add (accounts, (gpointer) id);
    }
  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((ObOutboxConnection *) value)->run != NULL &&
        (account_id == NULL || g_str_equal (key, account_id)))
      g_hash_table_add (accounts, key);

  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ObOutboxConnection *connection = get_connection (self, key);

      if (waiter != NULL)
        {
          ((FlushData *) g_task_get_task_data (waiter))->pending++;
          g_ptr_array_add (connection->waiters, g_object_ref (waiter));
        }
      if (connection->run != NULL)
        ob_outbox_run_link_waiters (connection->run);
      else if (!ob_outbox_run_start (self, connection))
        settle (self, connection, FALSE);
    }
}

/**
 * ob_outbox_flush_async:
 * @account_id: (nullable): only this account's messages
 * @cancellable: (nullable): stops the sending: messages whose final dot has
 *   not left go back to the queue
 *
 * Sends every message that is due now, one connection per account, and
 * finishes when they (and any run already going for those accounts) are
 * done. Each message's outcome is in its entry. While offline, finishes at
 * once, sending nothing.
 */
void
ob_outbox_flush_async (ObOutbox            *self,
                       const char          *account_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FlushData *data;

  g_return_if_fail (OB_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_outbox_flush_async);
  data = g_new0 (FlushData, 1);
  /* Held while the runs start, so none can finish the flush early. */
  data->pending = 1;
  g_task_set_task_data (task, data, g_free);
  ob_outbox_start_due (self, account_id, task);
  waiter_done (task);
}

gboolean
ob_outbox_flush_finish (ObOutbox      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
