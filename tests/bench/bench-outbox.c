/* bench-outbox.c — what crash safety costs: queueing and sending through the
 * outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queues 300 small messages (each written and synced to disk: the message,
 * its record, their directories), then sends them through the outbox to a
 * local sink that delays every reply by 10 ms, standing in for a 10 ms
 * round trip; the journal syncs twice per message, around its final dot.
 * Prints the time to queue one message (mean and worst) and the sending
 * rate, next to the rate of the bare client over one connection.
 */
#include "config.h"

#include <string.h>

#include "ob-account-store.h"
#include "ob-envelope.h"
#include "ob-outbox.h"
#include "ob-raw-message.h"
#include "ob-send-result.h"
#include "ob-smtp-client.h"
#include "ob-smtp-sink.h"
#include "ob-test-util.h"

#define N_MESSAGES 300
#define DELAY_MS   10
#define MESSAGE "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: bench\r\n\r\n" \
                "A small message.\r\n"

static ObEnvelope *
make_envelope (void)
{
  ObEnvelope *envelope = ob_envelope_new ("ada@example.com");

  g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.org", NULL));
  return envelope;
}

static ObRawMessage *
make_message (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (MESSAGE, strlen (MESSAGE));
  g_autoptr(GError) error = NULL;
  ObRawMessage *message = ob_raw_message_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return message;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_assert_true (ob_outbox_flush_finish (OB_OUTBOX (source), result, NULL));
  g_main_loop_quit (data);
}

static double
run_client (void)
{
  g_autoptr(ObSmtpSink) sink = ob_smtp_sink_new (DELAY_MS);
  g_autoptr(ObSmtpClient) client = NULL;
  g_autoptr(GPtrArray) envelopes = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_true (ob_smtp_sink_start (sink, &error));
  envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_ptr_array_add (envelopes, make_envelope ());
      g_ptr_array_add (messages, make_message ());
    }
  client = ob_smtp_client_new ("127.0.0.1", ob_smtp_sink_get_port (sink), OB_SECURITY_NONE);
  start = g_get_monotonic_time ();
  g_assert_true (ob_smtp_client_connect_sync (client, NULL, &error));
  results = ob_smtp_client_send_batch_sync (client, envelopes, messages, NULL);
  ob_smtp_client_quit_sync (client, NULL, NULL);
  for (guint i = 0; i < results->len; i++)
    g_assert_true (ob_send_result_is_sent (g_ptr_array_index (results, i)));
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ObSmtpSink) sink = ob_smtp_sink_new (DELAY_MS);
  g_autofree char *dir = g_dir_make_tmp ("ob-bench-outbox-XXXXXX", NULL);
  g_autofree char *accounts = g_build_filename (dir, "accounts.ini", NULL);
  g_autofree char *root = g_build_filename (dir, "spool", NULL);
  g_autoptr(ObAccountStore) store = ob_account_store_new (accounts);
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  gint64 worst = 0, total = 0, start;
  double sending, bare;
  guint flights;

  g_assert_true (ob_smtp_sink_start (sink, &error));
  ob_account_set_host (account, "127.0.0.1");
  ob_account_set_port (account, ob_smtp_sink_get_port (sink));
  ob_account_set_security (account, OB_SECURITY_NONE);
  g_assert_true (ob_account_store_add (store, account, &error));
  g_assert_no_error (error);

  outbox = ob_outbox_new (root, store);
  ob_outbox_set_network_monitor (outbox, NULL);
  ob_outbox_set_idle_timeout (outbox, 0);
  g_assert_true (ob_outbox_load_sync (outbox, NULL, &error));

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      g_autoptr(ObEnvelope) envelope = make_envelope ();
      g_autoptr(ObRawMessage) message = make_message ();
      g_autofree char *id = NULL;
      gint64 began = g_get_monotonic_time (), took;

      id = ob_outbox_enqueue (outbox, account, envelope, OB_MESSAGE_SOURCE (message), &error);
      g_assert_no_error (error);
      took = g_get_monotonic_time () - began;
      total += took;
      worst = MAX (worst, took);
    }

  start = g_get_monotonic_time ();
  ob_outbox_flush_async (outbox, NULL, NULL, flushed_cb, loop);
  g_main_loop_run (loop);
  sending = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_true (ob_smtp_sink_wait (sink, N_MESSAGES, 10000));
  g_assert_cmpuint (ob_smtp_sink_get_n_connections (sink), ==, 1);
  flights = ob_smtp_sink_get_n_flights (sink);
  ob_smtp_sink_stop (sink);
  bare = run_client ();

  g_print ("queueing: %.2f ms per message on average, %.2f ms at worst (%u messages)\n",
           total / 1000.0 / N_MESSAGES, worst / 1000.0, N_MESSAGES);
  g_print ("sending through the outbox: %.0f messages/s (%.2f s for %u, one connection, "
           "%.2f waits per message)\n", N_MESSAGES / sending, sending, N_MESSAGES,
           flights / (double) N_MESSAGES);
  g_print ("sending with the bare client: %.0f messages/s (%.2f s)\n", N_MESSAGES / bare, bare);

  g_clear_object (&outbox);
  ob_test_remove_tree (dir);
  return 0;
}
