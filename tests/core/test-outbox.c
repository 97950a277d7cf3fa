/* test-outbox.c — the outbox against the scripted server: retries, failures,
 * limits, the network, and what a restart finds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "ob-enum-types.h"
#include "ob-envelope.h"
#include "ob-outbox.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-spool.h"
#include "ob-test-network-monitor.h"
#include "ob-test-util.h"
#include "outbox-fixture.h"

typedef struct
{
  char                 *root;
  ObFakeSmtpServer     *server;
  ObAccountStore       *store;
  ObAccount            *account;
  ObTestNetworkMonitor *monitor;
  ObOutbox             *outbox;
  guint                 secret_calls;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->root = g_build_filename (g_get_user_data_dir (), "outbound", NULL);
  f->server = ob_fake_smtp_server_new ();
  f->store = outbox_test_store_new (g_get_user_config_dir ());
  f->monitor = ob_test_network_monitor_new (TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->outbox);
  ob_fake_smtp_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  g_clear_object (&f->monitor);
  g_free (f->root);
}

static ObOutbox *
open_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  ObOutbox *outbox = ob_outbox_new (f->root, f->store);

  ob_outbox_set_network_monitor (outbox, G_NETWORK_MONITOR (f->monitor));
  /* Goodbye at the end of each flush, so the scripts can expect QUIT. */
  ob_outbox_set_idle_timeout (outbox, 0);
  g_assert_true (ob_outbox_load_sync (outbox, NULL, &error));
  g_assert_no_error (error);
  return outbox;
}

/* Starts the server with the script written so far, and the outbox with
 * an account that sends there. */
static void
start (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  f->account = outbox_test_add_account (f->store, "ada@example.com",
                                        ob_fake_smtp_server_get_port (f->server));
  f->outbox = open_outbox (f);
}

static void
script_quit (ObFakeSmtpServer *server)
{
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
}

static void
assert_script_followed (Fixture *f)
{
  g_assert_true (ob_fake_smtp_server_wait_done (f->server, OUTBOX_TEST_TIMEOUT_MS));
  ob_fake_smtp_server_stop (f->server);
  ob_fake_smtp_server_assert_no_errors (f->server);
}

static gboolean
sent_folder_has (Fixture    *f,
                 const char *id)
{
  g_autofree char *path = g_build_filename (f->root, "sent", id, "message.eml", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_send_batch (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *status = NULL;
  ObOutboxEntry *entry;

  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 2, "A");
  script_quit (f->server);
  start (f);

  first = outbox_test_enqueue (f->outbox, f->account, 1);
  second = outbox_test_enqueue (f->outbox, f->account, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->outbox)), ==, 2);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  /* Both over one connection, and both moved to the sent folder with the
   * server's word for them. */
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 1);
  entry = ob_outbox_lookup (f->outbox, first);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpstr (ob_outbox_entry_get_queue_id (entry), ==, "A0");
  g_assert_cmpstr (ob_outbox_entry_get_final_reply (entry), ==, "250 2.0.0 Ok: queued as A0");
  g_assert_cmpstr (ob_outbox_entry_get_message_id (entry), ==, "<1@outbox.test>");
  g_assert_cmpuint (ob_outbox_entry_get_attempts (entry), ==, 1);
  g_assert_cmpint (ob_outbox_entry_get_sent_time (entry), >, 0);
  status = ob_outbox_entry_dup_status_text (entry);
  g_assert_nonnull (strstr (status, "A0"));
  g_assert_cmpstr (ob_outbox_entry_get_queue_id (ob_outbox_lookup (f->outbox, second)), ==,
                   "A1");
  g_assert_true (sent_folder_has (f, first));
  g_assert_true (sent_folder_has (f, second));
}

typedef struct
{
  GThread *main_thread;
  GArray  *reports;      /* guint64 */
  gboolean off_thread;
} Progress;

static void
bytes_sent_cb (ObOutboxEntry *entry,
               GParamSpec    *pspec,
               Progress      *progress)
{
  guint64 bytes = ob_outbox_entry_get_bytes_sent (entry);

  progress->off_thread |= g_thread_self () != progress->main_thread;
  g_array_append_val (progress->reports, bytes);
}

/* The entry shows how far the upload got, on the main thread, and ends at
 * the message's size; the server's SIZE is remembered on the account. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ObRawMessage) message = outbox_test_message (1, 2 * 1024 * 1024);
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("ada@example.com");
  g_autoptr(ObAccountStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  Progress progress = { g_thread_self (), g_array_new (FALSE, FALSE, sizeof (guint64)), FALSE };
  ObOutboxEntry *entry;
  guint64 size;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", "SIZE 35882577", NULL);
  outbox_test_script_accept (f->server, 1, "P");
  script_quit (f->server);
  start (f);

  g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.org", &error));
  id = ob_outbox_enqueue (f->outbox, f->account, envelope, OB_MESSAGE_SOURCE (message), &error);
  g_assert_no_error (error);
  entry = ob_outbox_lookup (f->outbox, id);
  size = ob_outbox_entry_get_size (entry);
  g_assert_cmpuint (size, >, 2 * 1024 * 1024);
  g_assert_cmpuint (ob_outbox_entry_get_bytes_sent (entry), ==, 0);
  g_signal_connect (entry, "notify::bytes-sent", G_CALLBACK (bytes_sent_cb), &progress);

  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
  g_assert_false (progress.off_thread);
  g_assert_cmpuint (progress.reports->len, >=, 1);
  for (guint i = 1; i < progress.reports->len; i++)
    g_assert_cmpuint (g_array_index (progress.reports, guint64, i - 1), <,
                      g_array_index (progress.reports, guint64, i));
  g_assert_cmpuint (g_array_index (progress.reports, guint64, progress.reports->len - 1), ==,
                    size);
  g_assert_cmpuint (ob_outbox_entry_get_bytes_sent (entry), ==, size);
  g_signal_handlers_disconnect_by_data (entry, &progress);
  g_array_unref (progress.reports);

  g_assert_cmpuint (ob_account_get_size_limit (f->account), ==, 35882577);
  reloaded = ob_account_store_new (ob_account_store_get_path (f->store));
  g_assert_true (ob_account_store_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ob_account_get_size_limit (ob_account_store_lookup (reloaded,
                                                                        "ada@example.com")),
                    ==, 35882577);
}

/* RCPT is the last line the script answers: once the server has it, the
 * client is in the transaction, before its final dot. */
static gboolean
server_got_recipient (gpointer data)
{
  g_autoptr(GBytes) received = ob_fake_smtp_server_get_received (data);
  gsize size = 0;
  const char *text = g_bytes_get_data (received, &size);

  return size > 0 && g_strstr_len (text, size, "RCPT TO:") != NULL;
}

/* Cancelling a flush before the final dot leaves puts the message back in
 * the queue, as it was: the composer relies on it. */
static void
test_cancel_requeues (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  ObOutboxEntry *entry;

  outbox_test_script_greeting (f->server, TRUE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_stall (f->server, OB_FAKE_SMTP_SERVER_FOREVER);
  start (f);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  ob_outbox_flush_async (f->outbox, ob_account_get_id (f->account), cancellable,
                         ob_test_store_result_cb, &result);
  g_assert_true (ob_test_wait_until (server_got_recipient, f->server, OUTBOX_TEST_TIMEOUT_MS));
  g_cancellable_cancel (cancellable);
  g_assert_true (ob_test_wait_result (&result, OUTBOX_TEST_TIMEOUT_MS));
  g_assert_false (ob_outbox_flush_finish (f->outbox, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_true (outbox_test_wait_for_state (f->outbox, id, OB_OUTBOX_STATE_QUEUED));
  g_assert_no_error (ob_outbox_entry_get_error (entry));
  g_assert_false (sent_folder_has (f, id));
}

static void
test_temporary_then_success (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  ObOutboxEntry *entry;
  gint64 before;

  outbox_test_script_greeting (f->server, TRUE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "451 4.3.0 Queue full, try again later\r\n");
  script_quit (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 1, "B");
  script_quit (f->server);
  start (f);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  before = g_get_real_time () / G_USEC_PER_SEC;
  outbox_test_flush (f->outbox, NULL);

  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (ob_outbox_entry_get_waiting (entry), ==, OB_OUTBOX_WAIT_RETRY);
  g_assert_cmpuint (ob_outbox_entry_get_attempts (entry), ==, 1);
  /* The first retry comes about a minute later, not at once. */
  g_assert_cmpint (ob_outbox_entry_get_next_attempt (entry), >=, before + 48);
  g_assert_cmpint (ob_outbox_entry_get_next_attempt (entry), <=, before + 61);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_SMTP_ERROR, OB_SMTP_ERROR_TEMPORARY);
  status = ob_outbox_entry_dup_status_text (entry);
  g_assert_true (g_str_has_prefix (status, "Will try again at "));

  /* Not due yet: a flush sends nothing. */
  outbox_test_flush (f->outbox, NULL);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 1);

  g_assert_true (ob_outbox_retry (f->outbox, id, &error));
  g_assert_no_error (error);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
  g_assert_null (ob_outbox_entry_get_error (entry));
}

static void
test_permanent_failure (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  ObOutboxEntry *entry;

  outbox_test_script_greeting (f->server, TRUE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*",
                                    "550 5.1.1 <bob@example.org>: Recipient address rejected\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "554 5.5.1 No valid recipients\r\n");
  script_quit (f->server);
  start (f);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_FAILED);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_SMTP_ERROR,
                  OB_SMTP_ERROR_RECIPIENT_REJECTED);
  g_assert_nonnull (ob_outbox_entry_get_diagnosis_title (entry));
  status = ob_outbox_entry_dup_status_text (entry);
  g_assert_true (g_str_has_prefix (status, "Not sent: "));

  /* A failed message is not retried on its own, and not resolvable. */
  g_assert_false (ob_outbox_resolve_uncertain (f->outbox, id, OB_OUTBOX_RESOLUTION_SEND_AGAIN,
                                               &error));
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_WRONG_STATE);
}

/* The server closes with 421 after the first message: the rest stay
 * queued, and go out at the retry over a new connection. */
static void
test_421_mid_queue (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(GStrv) ids = g_new0 (char *, 3 + 1);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GError) error = NULL;

  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 1, "C");
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*",
                                    "421 4.3.2 Service shutting down\r\n");
  ob_fake_smtp_server_close (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 2, "D");
  script_quit (f->server);
  start (f);

  for (guint i = 0; i < 3; i++)
    ids[i] = outbox_test_enqueue (f->outbox, f->account, i + 1);
  outbox_test_flush (f->outbox, NULL);

  g_assert_cmpint (outbox_test_state (f->outbox, ids[0]), ==, OB_OUTBOX_STATE_SENT);
  for (guint i = 1; i < 3; i++)
    {
      ObOutboxEntry *entry = ob_outbox_lookup (f->outbox, ids[i]);

      g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_QUEUED);
      g_assert_cmpint (ob_outbox_entry_get_waiting (entry), ==, OB_OUTBOX_WAIT_RETRY);
      g_assert_error (ob_outbox_entry_get_error (entry), OB_SMTP_ERROR,
                      OB_SMTP_ERROR_SHUTTING_DOWN);
      g_assert_true (ob_outbox_retry (f->outbox, ids[i], &error));
      g_assert_no_error (error);
    }

  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (outbox_test_state (f->outbox, ids[i]), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpstr (ob_outbox_entry_get_queue_id (ob_outbox_lookup (f->outbox, ids[2])), ==,
                   "D1");

  /* Each message reached the server once. */
  messages = ob_fake_smtp_server_get_messages (f->server);
  received = outbox_test_message_ids (messages);
  g_assert_cmpuint (received->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "<1@outbox.test>");
  g_assert_cmpstr (g_ptr_array_index (received, 1), ==, "<2@outbox.test>");
  g_assert_cmpstr (g_ptr_array_index (received, 2), ==, "<3@outbox.test>");
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(GStrv) ids = g_new0 (char *, 3 + 1);
  g_autofree char *status = NULL;
  ObOutboxEntry *waiting;
  gint64 now;

  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 2, "E");
  script_quit (f->server);
  start (f);
  ob_account_set_limits (f->account, 2, 100);

  for (guint i = 0; i < 3; i++)
    ids[i] = outbox_test_enqueue (f->outbox, f->account, i + 1);
  now = g_get_real_time () / G_USEC_PER_SEC;
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  g_assert_cmpint (outbox_test_state (f->outbox, ids[0]), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[1]), ==, OB_OUTBOX_STATE_SENT);
  /* The third waits, visibly, until the minute allows one more. */
  waiting = ob_outbox_lookup (f->outbox, ids[2]);
  g_assert_cmpint (ob_outbox_entry_get_state (waiting), ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (ob_outbox_entry_get_waiting (waiting), ==, OB_OUTBOX_WAIT_RATE_LIMIT);
  g_assert_cmpint (ob_outbox_entry_get_next_attempt (waiting), >=, now + 59);
  g_assert_cmpint (ob_outbox_entry_get_next_attempt (waiting), <=, now + 61);
  g_assert_cmpuint (ob_outbox_entry_get_attempts (waiting), ==, 0);
  status = ob_outbox_entry_dup_status_text (waiting);
  g_assert_true (g_str_has_prefix (status, "Waiting: sending limit reached, next at "));

  /* The count is on disk: a new process sees the same limit. */
  g_clear_object (&f->outbox);
  f->outbox = open_outbox (f);
  g_assert_true (ob_outbox_retry (f->outbox, ids[2], NULL));
  outbox_test_flush (f->outbox, NULL);
  g_assert_cmpint (ob_outbox_entry_get_waiting (ob_outbox_lookup (f->outbox, ids[2])), ==,
                   OB_OUTBOX_WAIT_RATE_LIMIT);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 1);
}

/* Offline: nothing is attempted; back online: what is due goes out by
 * itself. */
static void
test_network_loss (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *status = NULL;
  ObOutboxEntry *entry;

  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 1, "F");
  script_quit (f->server);
  ob_test_network_monitor_set_available (f->monitor, FALSE);
  start (f);
  g_assert_false (ob_outbox_get_online (f->outbox));

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (ob_outbox_entry_get_waiting (entry), ==, OB_OUTBOX_WAIT_NETWORK);
  status = ob_outbox_entry_dup_status_text (entry);
  g_assert_cmpstr (status, ==, "Waiting for the network");
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 0);

  ob_test_network_monitor_set_available (f->monitor, TRUE);
  g_assert_true (ob_outbox_get_online (f->outbox));
  g_assert_true (outbox_test_wait_for_state (f->outbox, id, OB_OUTBOX_STATE_SENT));
  assert_script_followed (f);
}

/* Lost after the final dot: uncertain, never sent again unasked. */
static void
test_uncertain (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *again = NULL;
  g_autofree char *arrived = NULL;
  g_autoptr(GError) error = NULL;

  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 1, "G");
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_drop (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 1, "H");
  script_quit (f->server);
  start (f);

  arrived = outbox_test_enqueue (f->outbox, f->account, 1);
  again = outbox_test_enqueue (f->outbox, f->account, 2);
  outbox_test_flush (f->outbox, NULL);
  g_assert_cmpint (outbox_test_state (f->outbox, arrived), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpint (outbox_test_state (f->outbox, again), ==, OB_OUTBOX_STATE_UNCERTAIN);
  g_assert_error (ob_outbox_entry_get_error (ob_outbox_lookup (f->outbox, again)),
                  OB_SMTP_ERROR, OB_SMTP_ERROR_OUTCOME_UNKNOWN);

  /* Neither a flush nor a plain retry sends it again. */
  outbox_test_flush (f->outbox, NULL);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 1);
  g_assert_false (ob_outbox_retry (f->outbox, again, &error));
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (ob_outbox_resolve_uncertain (f->outbox, again, OB_OUTBOX_RESOLUTION_SEND_AGAIN,
                                              &error));
  g_assert_no_error (error);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);
  g_assert_cmpint (outbox_test_state (f->outbox, again), ==, OB_OUTBOX_STATE_SENT);
}

static void
test_mark_sent (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  outbox_test_script_greeting (f->server, FALSE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_drop (f->server);
  start (f);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);
  g_assert_cmpint (outbox_test_state (f->outbox, id), ==, OB_OUTBOX_STATE_UNCERTAIN);

  g_assert_true (ob_outbox_resolve_uncertain (f->outbox, id, OB_OUTBOX_RESOLUTION_MARK_SENT,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_test_state (f->outbox, id), ==, OB_OUTBOX_STATE_SENT);
  g_assert_true (sent_folder_has (f, id));
}

/* One message's file is gone: it fails with a clear reason, and the rest
 * of the queue goes on. */
static void
test_unreadable_message (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *broken = NULL;
  g_autofree char *fine = NULL;
  g_autofree char *path = NULL;
  ObOutboxEntry *entry;

  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 1, "I");
  script_quit (f->server);
  start (f);

  broken = outbox_test_enqueue (f->outbox, f->account, 1);
  fine = outbox_test_enqueue (f->outbox, f->account, 2);
  path = g_build_filename (f->root, "outbox", broken, "message.eml", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);

  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);
  entry = ob_outbox_lookup (f->outbox, broken);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_FAILED);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_UNREADABLE);
  g_assert_cmpint (outbox_test_state (f->outbox, fine), ==, OB_OUTBOX_STATE_SENT);
}

/* The account was removed after the message was queued: held, with the
 * reason, while other accounts' messages go out. */
static void
test_vanished_account (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ObAccount) gone = ob_account_new ("gone@example.com");
  g_autofree char *orphan = NULL;
  g_autofree char *fine = NULL;
  ObOutboxEntry *entry;

  ob_account_set_host (gone, "127.0.0.1");
  outbox_test_script_greeting (f->server, TRUE);
  outbox_test_script_accept (f->server, 1, "J");
  script_quit (f->server);
  start (f);

  orphan = outbox_test_enqueue (f->outbox, gone, 1);
  fine = outbox_test_enqueue (f->outbox, f->account, 2);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  entry = ob_outbox_lookup (f->outbox, orphan);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_HELD);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_ACCOUNT);
  g_assert_cmpint (outbox_test_state (f->outbox, fine), ==, OB_OUTBOX_STATE_SENT);
}

/* Settings that make no usable account (no server, while being edited):
 * held with what is wrong, nothing attempted. */
static void
test_unusable_account (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  ObOutboxEntry *entry;

  start (f);
  ob_account_set_host (f->account, NULL);
  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);

  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_HELD);
  g_assert_nonnull (ob_outbox_entry_get_error (entry));
  g_assert_true (ob_outbox_entry_get_error (entry)->domain == OB_ACCOUNT_ERROR);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 0);
}

static void
password_func (ObOutbox  *outbox,
               ObAccount *account,
               GTask     *task,
               gpointer   user_data)
{
  Fixture *f = user_data;

  f->secret_calls++;
  g_task_return_pointer (task, g_strdup ("wrong-password"), g_free);
}

/* The login is refused: the messages are fine, the account is not, so
 * they wait for the person instead of failing. */
static void
test_login_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  ObOutboxEntry *entry;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *",
                                    "535 5.7.8 Authentication credentials invalid\r\n");
  start (f);
  ob_account_set_username (f->account, "ada");
  ob_outbox_set_secret_func (f->outbox, password_func, f, NULL);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  assert_script_followed (f);

  g_assert_cmpuint (f->secret_calls, ==, 1);
  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_HELD);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED);
  g_assert_nonnull (ob_outbox_entry_get_diagnosis_title (entry));
}

static void
no_password_func (ObOutbox  *outbox,
                  ObAccount *account,
                  GTask     *task,
                  gpointer   user_data)
{
  g_task_return_pointer (task, NULL, NULL);
}

static void
test_no_password (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  ObOutboxEntry *entry;

  start (f);
  ob_account_set_username (f->account, "ada");
  ob_outbox_set_secret_func (f->outbox, no_password_func, NULL, NULL);

  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_HELD);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 0);
}

/* Within the idle time, the next flush uses the same connection; when the
 * server closed it meanwhile, a new one is made and nothing is lost. */
static void
test_connection_reuse (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(GStrv) ids = g_new0 (char *, 3 + 1);

  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 2, "K");
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*",
                                    "421 4.4.2 Idle for too long, closing\r\n");
  ob_fake_smtp_server_close (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 1, "L");
  start (f);
  ob_outbox_set_idle_timeout (f->outbox, 600);

  ids[0] = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);
  ids[1] = outbox_test_enqueue (f->outbox, f->account, 2);
  outbox_test_flush (f->outbox, NULL);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 1);

  ids[2] = outbox_test_enqueue (f->outbox, f->account, 3);
  outbox_test_flush (f->outbox, NULL);
  g_clear_object (&f->outbox);
  assert_script_followed (f);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 2);
}

static void
write_record (Fixture        *f,
              ObOutboxRecord *record)
{
  g_autoptr(ObSpool) spool = ob_spool_new (f->root);
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_spool_write (spool, OB_SPOOL_OUTBOX, record, &error));
  g_assert_no_error (error);
}

/* What a restart finds after a crash while sending, in each case the
 * journal can tell apart. */
static void
test_restart_recovers (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ObSpool) spool = ob_spool_new (f->root);
  const char *lines[] = { "2.0.0 Ok: queued as Z9", NULL };
  g_autoptr(ObSmtpReply) accepted = ob_smtp_reply_new (250, lines);
  g_auto(GStrv) ids = g_new0 (char *, 4 + 1);
  g_autofree char *damaged = NULL;
  ObOutboxEntry *entry;

  start (f);
  for (guint i = 0; i < 4; i++)
    ids[i] = outbox_test_enqueue (f->outbox, f->account, i + 1);
  g_clear_object (&f->outbox);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(ObOutboxRecord) record = ob_spool_read (spool, OB_SPOOL_OUTBOX, ids[i], NULL);

      record->state = i < 3 ? OB_OUTBOX_STATE_SENDING : OB_OUTBOX_STATE_SENT;
      record->sent_time = i < 3 ? 0 : g_get_real_time () / G_USEC_PER_SEC;
      record->attempts = 2;
      write_record (f, record);
    }
  /* 0: the final dot never left; 1: it left, no reply; 2: accepted; 3:
   * stored as sent, but not yet moved. An old attempt's lines do not count. */
  g_assert_true (ob_spool_journal_end_of_data (spool, ids[0], 1, NULL));
  g_assert_true (ob_spool_journal_reply (spool, ids[0], 1, accepted, NULL));
  g_assert_true (ob_spool_journal_end_of_data (spool, ids[1], 2, NULL));
  g_assert_true (ob_spool_journal_end_of_data (spool, ids[2], 2, NULL));
  g_assert_true (ob_spool_journal_reply (spool, ids[2], 2, accepted, NULL));
  damaged = g_build_filename (f->root, "outbox", "20240101-000000-00000bad", NULL);
  g_assert_cmpint (g_mkdir (damaged, 0700), ==, 0);
  g_clear_pointer (&damaged, g_free);
  damaged = g_build_filename (f->root, "outbox", "20240101-000000-00000bad", "entry.ini", NULL);
  g_assert_true (g_file_set_contents (damaged, "[Message]\nVersion=1\n", -1, NULL));

  f->outbox = open_outbox (f);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[0]), ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[1]), ==, OB_OUTBOX_STATE_UNCERTAIN);
  entry = ob_outbox_lookup (f->outbox, ids[2]);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpstr (ob_outbox_entry_get_queue_id (entry), ==, "Z9");
  g_assert_true (sent_folder_has (f, ids[2]));
  g_assert_true (sent_folder_has (f, ids[3]));
  entry = ob_outbox_lookup (f->outbox, "20240101-000000-00000bad");
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_FAILED);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DAMAGED);

  /* The restart's settling is stored: a second restart finds the same. */
  g_clear_object (&f->outbox);
  f->outbox = open_outbox (f);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[0]), ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[1]), ==, OB_OUTBOX_STATE_UNCERTAIN);
  g_assert_cmpint (outbox_test_state (f->outbox, ids[2]), ==, OB_OUTBOX_STATE_SENT);
}

static void
test_keep_sent (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ObSpool) spool = ob_spool_new (f->root);
  g_autofree char *old = NULL;
  g_autofree char *recent = NULL;
  g_autoptr(ObOutboxRecord) record = NULL;

  start (f);
  old = outbox_test_enqueue (f->outbox, f->account, 1);
  recent = outbox_test_enqueue (f->outbox, f->account, 2);
  g_clear_object (&f->outbox);

  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? old : recent;

      record = ob_spool_read (spool, OB_SPOOL_OUTBOX, id, NULL);
      record->state = OB_OUTBOX_STATE_SENT;
      record->sent_time = g_get_real_time () / G_USEC_PER_SEC - (i == 0 ? 8 : 6) * 24 * 3600;
      write_record (f, record);
      g_assert_true (ob_spool_move_to_sent (spool, id, NULL));
      g_clear_pointer (&record, ob_outbox_record_free);
    }

  f->outbox = ob_outbox_new (f->root, f->store);
  ob_outbox_set_keep_sent_days (f->outbox, 7);
  g_assert_true (ob_outbox_load_sync (f->outbox, NULL, NULL));
  g_assert_null (ob_outbox_lookup (f->outbox, old));
  g_assert_false (sent_folder_has (f, old));
  g_assert_cmpint (outbox_test_state (f->outbox, recent), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->outbox)), ==, 1);
}

static void
test_drop_and_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  start (f);
  ob_test_network_monitor_set_available (f->monitor, FALSE);
  id = outbox_test_enqueue (f->outbox, f->account, 1);
  dir = g_build_filename (f->root, "outbox", id, NULL);

  g_assert_false (ob_outbox_drop (f->outbox, "no-such-message", &error));
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ob_outbox_resolve_uncertain (f->outbox, id, OB_OUTBOX_RESOLUTION_MARK_SENT,
                                               &error));
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (ob_outbox_drop (f->outbox, id, &error));
  g_assert_no_error (error);
  g_assert_null (ob_outbox_lookup (f->outbox, id));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->outbox)), ==, 0);
}

static char *
enqueue_text (Fixture    *f,
              const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(ObRawMessage) message = NULL;
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("ada@example.com");
  g_autoptr(GError) error = NULL;
  char *id;

  message = ob_raw_message_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.org", &error));
  id = ob_outbox_enqueue (f->outbox, f->account, envelope, OB_MESSAGE_SOURCE (message), &error);
  g_assert_no_error (error);
  return id;
}

/* The subject is read when the message is queued, decoded and cleaned up,
 * and a restart finds it in the message's details. */
static void
test_subject (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *unclean = NULL;
  g_autofree char *none = NULL;

  start (f);
  ob_test_network_monitor_set_available (f->monitor, FALSE);
  plain = outbox_test_enqueue (f->outbox, f->account, 1);
  encoded = enqueue_text (f, "From: ada@example.com\r\n"
                             "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus\r\n"
                             " =?ISO-8859-1?B?S/Zsbg==?=\r\n"
                             "\r\nBody\r\n");
  unclean = enqueue_text (f, "From: ada@example.com\r\n"
                             "Subject: =?UTF-8?Q?Invoice=0D=0ABcc:_eve@example.net_=1B[2J?=\r\n"
                             "\r\nBody\r\n");
  none = enqueue_text (f, "From: ada@example.com\r\n\r\nBody\r\n");

  for (guint round = 0; round < 2; round++)
    {
      g_assert_cmpstr (ob_outbox_entry_get_subject (ob_outbox_lookup (f->outbox, plain)), ==,
                       "Message 1");
      g_assert_cmpstr (ob_outbox_entry_get_subject (ob_outbox_lookup (f->outbox, encoded)), ==,
                       "Grüße aus Köln");
      g_assert_cmpstr (ob_outbox_entry_get_subject (ob_outbox_lookup (f->outbox, unclean)), ==,
                       "Invoice Bcc: eve@example.net [2J");
      g_assert_null (ob_outbox_entry_get_subject (ob_outbox_lookup (f->outbox, none)));

      g_clear_object (&f->outbox);
      f->outbox = open_outbox (f);
    }
}

#define ADD(path, func) \
  g_test_add ("/ob/outbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("send-batch", test_send_batch);
  ADD ("subject", test_subject);
  ADD ("progress", test_progress);
  ADD ("cancel-requeues", test_cancel_requeues);
  ADD ("temporary-then-success", test_temporary_then_success);
  ADD ("permanent-failure", test_permanent_failure);
  ADD ("421-mid-queue", test_421_mid_queue);
  ADD ("rate-limit", test_rate_limit);
  ADD ("network-loss", test_network_loss);
  ADD ("uncertain", test_uncertain);
  ADD ("mark-sent", test_mark_sent);
  ADD ("unreadable-message", test_unreadable_message);
  ADD ("vanished-account", test_vanished_account);
  ADD ("unusable-account", test_unusable_account);
  ADD ("login-refused", test_login_refused);
  ADD ("no-password", test_no_password);
  ADD ("connection-reuse", test_connection_reuse);
  ADD ("restart-recovers", test_restart_recovers);
  ADD ("keep-sent", test_keep_sent);
  ADD ("drop-and-errors", test_drop_and_errors);

  return g_test_run ();
}
