/* test-smtp-sink.c — the sink accepts messages and counts round trips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-smtp-sink.h"
#include "ob-test-client.h"
#include "ob-test-util.h"

/* Bounds waiting for the sink; it answers in milliseconds. */
#define WAIT_MS 10000

typedef struct
{
  const char *name;
  gboolean    pipelined;
  guint       flights_per_message;
} SinkCase;

static const SinkCase sink_cases[] = {
  { "pipelined", TRUE, 2 },
  { "one command at a time", FALSE, 4 },
};

#define SINK_BODY "Subject: test\r\n\r\nHello.\r\n"

static void
test_sink_flights (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sink_cases); i++)
    {
      const SinkCase *c = &sink_cases[i];
      g_autoptr(ObSmtpSink) sink = ob_smtp_sink_new (10);
      g_autoptr(ObTestClient) client = NULL;
      g_autoptr(GError) error = NULL;
      const guint n_messages = 3;

      g_test_message ("case %s", c->name);
      ob_smtp_sink_start (sink, &error);
      g_assert_no_error (error);

      client = ob_test_client_connect (ob_smtp_sink_get_port (sink));
      ob_test_client_skip_reply (client);
      ob_test_client_send (client, "EHLO client.example\r\n");
      ob_test_client_expect_reply (client, "250-localhost\n250-PIPELINING\n250-8BITMIME\n"
                                           "250-SIZE 104857600\n250 ENHANCEDSTATUSCODES");
      for (guint m = 0; m < n_messages; m++)
        {
          if (c->pipelined)
            {
              ob_test_client_send (client, "MAIL FROM:<ada@example.com>\r\n"
                                           "RCPT TO:<bob@example.com>\r\n"
                                           "DATA\r\n");
              ob_test_client_expect_reply (client, "250 2.1.0 Ok");
              ob_test_client_expect_reply (client, "250 2.1.5 Ok");
            }
          else
            {
              ob_test_client_send (client, "MAIL FROM:<ada@example.com>\r\n");
              ob_test_client_expect_reply (client, "250 2.1.0 Ok");
              ob_test_client_send (client, "RCPT TO:<bob@example.com>\r\n");
              ob_test_client_expect_reply (client, "250 2.1.5 Ok");
              ob_test_client_send (client, "DATA\r\n");
            }
          ob_test_client_expect_reply (client, "354 End data with <CR><LF>.<CR><LF>");
          ob_test_client_send (client, SINK_BODY ".\r\n");
          ob_test_client_expect_reply (client, "250 2.0.0 Ok: queued");
        }
      ob_test_client_send (client, "QUIT\r\n");
      ob_test_client_expect_reply (client, "221 2.0.0 Bye");
      g_assert_true (ob_test_client_sees_end (client));

      g_assert_true (ob_smtp_sink_wait (sink, n_messages, WAIT_MS));
      ob_smtp_sink_stop (sink);
      g_assert_cmpuint (ob_smtp_sink_get_n_connections (sink), ==, 1);
      g_assert_cmpuint (ob_smtp_sink_get_n_messages (sink), ==, n_messages);
      g_assert_cmpuint (ob_smtp_sink_get_n_data_bytes (sink), ==,
                        n_messages * strlen (SINK_BODY));
      /* EHLO, each message, QUIT. */
      g_assert_cmpuint (ob_smtp_sink_get_n_flights (sink), ==,
                        1 + n_messages * c->flights_per_message + 1);
    }
}

static void
test_sink_program (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *counts = NULL;
  guint64 port;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("OB_SMTP_SINK"), "--messages", "1", "--delay-ms", "1",
                              "--timeout", "10", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = ob_test_read_line (output, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, G_MAXUINT16, &port, NULL));

  client = ob_test_client_connect (port);
  ob_test_client_skip_reply (client);
  ob_test_client_send (client, "HELO client.example\r\n"
                               "MAIL FROM:<>\r\n"
                               "RCPT TO:<bob@example.com>\r\n"
                               "DATA\r\n");
  ob_test_client_expect_reply (client, "250 localhost");
  ob_test_client_expect_reply (client, "250 2.1.0 Ok");
  ob_test_client_expect_reply (client, "250 2.1.5 Ok");
  ob_test_client_skip_reply (client);
  ob_test_client_send (client, SINK_BODY ".\r\nQUIT\r\n");
  ob_test_client_expect_reply (client, "250 2.0.0 Ok: queued");
  ob_test_client_expect_reply (client, "221 2.0.0 Bye");
  g_clear_pointer (&client, ob_test_client_free);

  g_assert_true (ob_test_subprocess_wait (process, WAIT_MS, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  counts = ob_test_read_line (output, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (counts, ==, "MESSAGES 1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/sink/flights", test_sink_flights);
  g_test_add_func ("/ob/support/sink/program", test_sink_program);

  return g_test_run ();
}
