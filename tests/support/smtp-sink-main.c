/* smtp-sink-main.c — the SMTP sink as a program of its own
 *
 * For benchmarks that drive the sink from another program (Python's
 * smtplib, for one): it listens on 127.0.0.1, prints "PORT <n>", and exits
 * once the expected messages have arrived and the client has left, or when
 * time is up. Its last lines give the counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ob-smtp-sink.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ObSmtpSink) sink = NULL;
  g_autoptr(GError) error = NULL;
  int delay_ms = 10;
  int n_messages = 1;
  int timeout_s = 60;
  gboolean done;
  const GOptionEntry entries[] = {
    { "delay-ms", 0, 0, G_OPTION_ARG_INT, &delay_ms,
      "Hold every reply back this long after its command (default 10)", "MS" },
    { "messages", 0, 0, G_OPTION_ARG_INT, &n_messages,
      "Exit after this many messages, once the client has left (default 1)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s,
      "Give up after this many seconds (default 60)", "SECONDS" },
    { NULL }
  };

  context = g_option_context_new ("— an SMTP server on 127.0.0.1 that accepts everything");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (delay_ms < 0 || n_messages < 0 || timeout_s <= 0)
    {
      g_printerr ("--delay-ms and --messages cannot be negative, --timeout must be positive\n");
      return EXIT_FAILURE;
    }

  sink = ob_smtp_sink_new (delay_ms);
  if (!ob_smtp_sink_start (sink, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  printf ("PORT %u\n", ob_smtp_sink_get_port (sink));
  fflush (stdout);

  done = ob_smtp_sink_wait (sink, n_messages, timeout_s * 1000);
  ob_smtp_sink_stop (sink);

  printf ("MESSAGES %u\n", ob_smtp_sink_get_n_messages (sink));
  printf ("FLIGHTS %u\n", ob_smtp_sink_get_n_flights (sink));
  printf ("DATA-BYTES %" G_GUINT64_FORMAT "\n", ob_smtp_sink_get_n_data_bytes (sink));
  if (!done)
    {
      g_printerr ("timed out after %d s with %u of %d messages\n", timeout_s,
                  ob_smtp_sink_get_n_messages (sink), n_messages);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
