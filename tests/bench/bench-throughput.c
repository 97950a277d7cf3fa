/* bench-throughput.c — messages per second over one pipelined connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A local sink delays every reply by 10 ms, standing in for a 10 ms round
 * trip. Outbound sends 1000 small messages over one connection; then
 * Python's smtplib, which waits for each reply in turn like most clients,
 * sends the same 1000 to a fresh sink. Prints both rates, their ratio and
 * the waits per message. Goals: ≤ 1.1 waits per message, ≥ 85 messages/s,
 * ≥ 3.5 × smtplib.
 */
#include "config.h"

#include <string.h>

#include "ob-envelope.h"
#include "ob-raw-message.h"
#include "ob-send-result.h"
#include "ob-smtp-client.h"
#include "ob-smtp-sink.h"

#define N_MESSAGES 1000
#define DELAY_MS   10
#define MESSAGE "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: bench\r\n\r\n" \
                "A small message.\r\n"

static double
run_outbound (guint *waits)
{
  g_autoptr(ObSmtpSink) sink = ob_smtp_sink_new (DELAY_MS);
  g_autoptr(ObSmtpClient) client = NULL;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (MESSAGE, strlen (MESSAGE));
  g_autoptr(GError) error = NULL;
  guint before;
  gint64 start;
  double elapsed;

  g_assert_true (ob_smtp_sink_start (sink, &error));
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      ObEnvelope *envelope = ob_envelope_new ("ada@example.com");

      g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.org", NULL));
      g_ptr_array_add (envelopes, envelope);
      g_ptr_array_add (messages, ob_raw_message_new_from_bytes (bytes, &error));
      g_assert_no_error (error);
    }

  client = ob_smtp_client_new ("127.0.0.1", ob_smtp_sink_get_port (sink), OB_SECURITY_NONE);
  g_assert_true (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_no_error (error);

  before = ob_smtp_client_get_round_trips (client);
  start = g_get_monotonic_time ();
  results = ob_smtp_client_send_batch_sync (client, envelopes, messages, NULL);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *waits = ob_smtp_client_get_round_trips (client) - before;

  for (guint i = 0; i < results->len; i++)
    g_assert_true (ob_send_result_is_sent (g_ptr_array_index (results, i)));
  ob_smtp_client_quit_sync (client, NULL, NULL);
  g_assert_true (ob_smtp_sink_wait (sink, N_MESSAGES, 10000));
  ob_smtp_sink_stop (sink);
  return elapsed;
}

static double
run_smtplib (void)
{
  g_autoptr(ObSmtpSink) sink = ob_smtp_sink_new (DELAY_MS);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *count = g_strdup_printf ("%d", N_MESSAGES);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) python = NULL;

  g_assert_true (ob_smtp_sink_start (sink, &error));
  port = g_strdup_printf ("%u", ob_smtp_sink_get_port (sink));
  python = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3",
                             g_getenv ("OB_SMTPLIB_SCRIPT"), port, count, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (python, NULL, NULL, &out, NULL, &error));
  g_assert_true (g_subprocess_get_successful (python));
  ob_smtp_sink_stop (sink);
  return g_ascii_strtod (out, NULL);
}

int
main (int argc, char *argv[])
{
  guint waits = 0;
  double ours, theirs, our_rate, their_rate;

  ours = run_outbound (&waits);
  theirs = run_smtplib ();
  our_rate = N_MESSAGES / ours;
  their_rate = N_MESSAGES / theirs;

  g_print ("%d messages, every reply delayed %d ms\n", N_MESSAGES, DELAY_MS);
  g_print ("outbound:        %7.1f messages/s, %.3f waits per message (goal ≥ 85/s, ≤ 1.1)\n",
           our_rate, (double) waits / N_MESSAGES);
  g_print ("python smtplib:  %7.1f messages/s\n", their_rate);
  g_print ("ratio:           %7.2f × (goal ≥ 3.5)\n", our_rate / their_rate);
  return 0;
}
