/* test-fake-smtp-server.c — the scripted SMTP server follows and records its script
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-fake-smtp-server.h"
#include "ob-test-certs.h"
#include "ob-test-client.h"
#include "ob-test-util.h"

/* Bounds waiting for the server; it answers in milliseconds. */
#define WAIT_MS 10000

static void
assert_one_script_error (ObFakeSmtpServer *server,
                         const char       *part)
{
  g_auto(GStrv) errors = ob_fake_smtp_server_get_errors (server);

  for (guint i = 0; errors[i] != NULL; i++)
    g_test_message ("fake server: %s", errors[i]);
  g_assert_cmpuint (g_strv_length (errors), ==, 1);
  g_assert_nonnull (strstr (errors[0], part));
}

static ObFakeSmtpServer *
start_server (ObFakeSmtpServer *server)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_start (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ob_fake_smtp_server_get_port (server), >, 0);
  return server;
}

static GTlsCertificate *
test_certificate (ObTestCertKind kind)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  return ob_test_certs_get_server (certs, kind);
}

static void
test_fake_conversation (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (server, "PIPELINING", "8BITMIME", NULL);
  ob_fake_smtp_server_expect_reply (server, "MAIL FROM:<ada@example.com>*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "RCPT TO:<bob@example.com>", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (server);
  ob_fake_smtp_server_send (server, "250 2.0.0 Queued\r\n");
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
  ob_fake_smtp_server_close (server);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_expect_reply (client, "250-localhost\n250-PIPELINING\n250 8BITMIME");
  /* Pipelined: three commands in one write, expected one step each. */
  ob_test_client_send (client, "MAIL FROM:<ada@example.com> BODY=8BITMIME\r\n"
                               "RCPT TO:<bob@example.com>\r\n"
                               "DATA\r\n");
  ob_test_client_expect_reply (client, "250 2.1.0 Ok");
  ob_test_client_expect_reply (client, "250 2.1.5 Ok");
  ob_test_client_expect_reply (client, "354 Go ahead");
  ob_test_client_send (client, "Subject: hi\r\n\r\n..leading dot\r\n.\r\n");
  ob_test_client_expect_reply (client, "250 2.0.0 Queued");
  ob_test_client_send (client, "QUIT\r\n");
  ob_test_client_expect_reply (client, "221 2.0.0 Bye");
  g_assert_true (ob_test_client_sees_end (client));

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (server), ==, 1);

  received = ob_fake_smtp_server_get_received (server);
  ob_test_assert_bytes_equal (received, "EHLO client.example\r\n"
                                        "MAIL FROM:<ada@example.com> BODY=8BITMIME\r\n"
                                        "RCPT TO:<bob@example.com>\r\n"
                                        "DATA\r\n"
                                        "Subject: hi\r\n\r\n..leading dot\r\n.\r\n"
                                        "QUIT\r\n");
  messages = ob_fake_smtp_server_get_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  ob_test_assert_bytes_equal (g_ptr_array_index (messages, 0),
                              "Subject: hi\r\n\r\n..leading dot\r\n");
}

static void
test_fake_mismatch (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect_reply (server, "EHLO *", "250 localhost\r\n");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "HELO client.example\r\n");
  /* The server gives up on a client that left the script. */
  g_assert_true (ob_test_client_sees_end (client));

  g_assert_false (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  assert_one_script_error (server, "expected “EHLO *”, received “HELO client.example”");
}

static void
test_fake_auth_not_shown (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_auto(GStrv) errors = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (server, "AUTH PLAIN LOGIN", NULL);
  ob_fake_smtp_server_expect_reply (server, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
  ob_fake_smtp_server_expect (server, "QUIT");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_expect_reply (client, "250-localhost\n250 AUTH PLAIN LOGIN");
  ob_test_client_send (client, "AUTH LOGIN\r\n");
  ob_test_client_expect_reply (client, "334 VXNlcm5hbWU6");
  ob_test_client_send (client, "c2VjcmV0LXVzZXI=\r\n");
  g_assert_true (ob_test_client_sees_end (client));
  ob_fake_smtp_server_stop (server);

  assert_one_script_error (server, "authentication exchange, not shown");
  errors = ob_fake_smtp_server_get_errors (server);
  g_assert_null (strstr (errors[0], "c2VjcmV0"));
}

static void
test_fake_auth_plain_not_shown (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_auto(GStrv) errors = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect (server, "EHLO *");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "AUTH PLAIN AGFkYQBzZWNyZXQ=\r\n");
  g_assert_true (ob_test_client_sees_end (client));
  ob_fake_smtp_server_stop (server);

  assert_one_script_error (server, "received “AUTH PLAIN …”");
  errors = ob_fake_smtp_server_get_errors (server);
  g_assert_null (strstr (errors[0], "AGFkYQBzZWNyZXQ"));
}

static void
test_fake_bare_lf (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect_reply (server, "EHLO *", "250 localhost\r\n");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "EHLO client.example\n");
  ob_test_client_expect_reply (client, "250 localhost");

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  assert_one_script_error (server, "bare LF");
}

typedef struct
{
  ObTestCertKind       kind;
  GTlsCertificateFlags flags;  /* 0: the handshake succeeds */
} TlsCase;

static const TlsCase tls_cases[] = {
  { OB_TEST_CERT_LOCALHOST, 0 },
  { OB_TEST_CERT_RSA, 0 },
  /* Validation accepts a 1024-bit key: flagging it is the client's job. */
  { OB_TEST_CERT_WEAK_KEY, 0 },
  { OB_TEST_CERT_WRONG_HOST, G_TLS_CERTIFICATE_BAD_IDENTITY },
  { OB_TEST_CERT_EXPIRED, G_TLS_CERTIFICATE_EXPIRED },
  { OB_TEST_CERT_SELF_SIGNED, G_TLS_CERTIFICATE_UNKNOWN_CA },
};

static void
test_fake_starttls (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tls_cases); i++)
    {
      const TlsCase *c = &tls_cases[i];
      g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
      g_autoptr(ObTestClient) client = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) received = NULL;
      GTlsCertificateFlags errors;
      guint16 port;

      g_test_message ("case %zu: certificate %d", i, c->kind);
      ob_fake_smtp_server_add_greeting_and_ehlo (server, "STARTTLS", NULL);
      if (c->flags == 0)
        {
          ob_fake_smtp_server_starttls (server, test_certificate (c->kind));
          ob_fake_smtp_server_expect_reply (server, "EHLO *", "250 localhost\r\n");
          ob_fake_smtp_server_expect_reply (server, "QUIT", "221 Bye\r\n");
        }
      else
        {
          ob_fake_smtp_server_expect_reply (server, "STARTTLS", "220 Go ahead\r\n");
          ob_fake_smtp_server_start_tls_refused (server, test_certificate (c->kind));
        }
      start_server (server);
      port = ob_fake_smtp_server_get_port (server);

      client = ob_test_client_connect (port);
      ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
      ob_test_client_send (client, "EHLO client.example\r\n");
      ob_test_client_expect_reply (client, "250-localhost\n250 STARTTLS");
      ob_test_client_send (client, "STARTTLS\r\n");
      ob_test_client_skip_reply (client);

      if (c->flags == 0)
        {
          g_assert_true (ob_test_client_start_tls (client, port, &errors, &error));
          g_assert_no_error (error);
          ob_test_client_send (client, "EHLO client.example\r\n");
          ob_test_client_expect_reply (client, "250 localhost");
          ob_test_client_send (client, "QUIT\r\n");
          ob_test_client_expect_reply (client, "221 Bye");
        }
      else
        {
          g_assert_false (ob_test_client_start_tls (client, port, &errors, &error));
          g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
          g_assert_cmphex (errors & c->flags, ==, c->flags);
        }

      g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
      ob_fake_smtp_server_stop (server);
      ob_fake_smtp_server_assert_no_errors (server);

      /* What came over TLS is recorded decrypted, after what came before. */
      received = ob_fake_smtp_server_get_received (server);
      ob_test_assert_bytes_equal (received, c->flags == 0
                          ? "EHLO client.example\r\nSTARTTLS\r\n"
                            "EHLO client.example\r\nQUIT\r\n"
                          : "EHLO client.example\r\nSTARTTLS\r\n");
    }
}

static void
test_fake_implicit_tls (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags errors;
  guint16 port;

  ob_fake_smtp_server_start_tls (server, test_certificate (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 Bye\r\n");
  start_server (server);
  port = ob_fake_smtp_server_get_port (server);

  client = ob_test_client_connect (port);
  g_assert_true (ob_test_client_start_tls (client, port, &errors, &error));
  g_assert_no_error (error);
  ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_expect_reply (client, "250-localhost\n250 AUTH PLAIN");
  ob_test_client_send (client, "QUIT\r\n");
  ob_test_client_expect_reply (client, "221 Bye");

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
}

/* The STARTTLS response injection attack needs two replies in one write
 * before the handshake; a raw send delivers exactly that. */
static void
test_fake_raw_send (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) both = NULL;
  GTlsCertificateFlags errors;
  guint16 port;

  ob_fake_smtp_server_add_greeting_and_ehlo (server, "STARTTLS", NULL);
  ob_fake_smtp_server_expect_reply (server, "STARTTLS", "220 Go ahead\r\n250 injected\r\n");
  ob_fake_smtp_server_start_tls (server, test_certificate (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_expect_reply (server, "EHLO *", "250 localhost\r\n");
  start_server (server);
  port = ob_fake_smtp_server_get_port (server);

  client = ob_test_client_connect (port);
  ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_skip_reply (client);
  ob_test_client_send (client, "STARTTLS\r\n");
  both = ob_test_client_read_bytes (client, strlen ("220 Go ahead\r\n250 injected\r\n"));
  ob_test_assert_bytes_equal (both, "220 Go ahead\r\n250 injected\r\n");

  g_assert_true (ob_test_client_start_tls (client, port, &errors, &error));
  g_assert_no_error (error);
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_expect_reply (client, "250 localhost");

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
}

static void
test_fake_stall (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GBytes) received = NULL;

  ob_fake_smtp_server_stall (server, 20);
  ob_fake_smtp_server_send (server, "220 late\r\n");
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 late");
  ob_test_client_send (client, "EHLO client.example\r\n");
  g_clear_pointer (&client, ob_test_client_free);

  /* The client leaving ends the silence. */
  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
  received = ob_fake_smtp_server_get_received (server);
  ob_test_assert_bytes_equal (received, "EHLO client.example\r\n");
}

static void
test_fake_stall_until_stopped (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "EHLO client.example\r\n");

  ob_fake_smtp_server_stop (server);
  g_assert_true (ob_test_client_sees_end (client));
  ob_fake_smtp_server_assert_no_errors (server);
}

static void
test_fake_timeout (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;

  ob_fake_smtp_server_set_timeout (server, 100);
  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect (server, "EHLO *");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  /* Says nothing: the server gives up after its timeout. */
  g_assert_true (ob_test_client_sees_end (client));

  g_assert_false (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  assert_one_script_error (server, "timed out after 100 ms expecting “EHLO *”");
}

static void
test_fake_drop_during_data (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect_reply (server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_drop_during_data (server, 5);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "DATA\r\n");
  ob_test_client_expect_reply (client, "354 Go ahead");
  ob_test_client_send (client, "12345678\r\n.\r\n");
  g_assert_true (ob_test_client_sees_end (client));

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
  messages = ob_fake_smtp_server_get_messages (server);
  g_assert_cmpuint (messages->len, ==, 0);
}

static void
test_fake_drop_after_dot (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect_reply (server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (server);
  ob_fake_smtp_server_drop (server);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  ob_test_client_send (client, "DATA\r\n");
  ob_test_client_expect_reply (client, "354 Go ahead");
  ob_test_client_send (client, "body\r\n.\r\n");
  /* The message arrived, but its reply never comes. */
  g_assert_true (ob_test_client_sees_end (client));

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
  messages = ob_fake_smtp_server_get_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  ob_test_assert_bytes_equal (g_ptr_array_index (messages, 0), "body\r\n");
}

static void
test_fake_bdat (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  ob_fake_smtp_server_send (server, "220 hello\r\n");
  ob_fake_smtp_server_expect_bdat (server);
  ob_fake_smtp_server_send (server, "250 2.0.0 Chunk\r\n");
  ob_fake_smtp_server_expect_bdat (server);
  ob_fake_smtp_server_send (server, "250 2.0.0 Queued\r\n");
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 hello");
  /* Chunks hold any bytes, line ends included, and no dot-stuffing. */
  ob_test_client_send (client, "BDAT 8\r\nHello\r\n.BDAT 7 LAST\r\nworld\r\n");
  ob_test_client_expect_reply (client, "250 2.0.0 Chunk");
  ob_test_client_expect_reply (client, "250 2.0.0 Queued");

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
  messages = ob_fake_smtp_server_get_messages (server);
  g_assert_cmpuint (messages->len, ==, 1);
  ob_test_assert_bytes_equal (g_ptr_array_index (messages, 0), "Hello\r\n.world\r\n");
}

static void
test_fake_reply_delay (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(ObTestClient) client = NULL;

  ob_fake_smtp_server_set_reply_delay (server, 20);
  ob_fake_smtp_server_add_greeting_and_ehlo (server, NULL);
  start_server (server);

  client = ob_test_client_connect (ob_fake_smtp_server_get_port (server));
  ob_test_client_expect_reply (client, "220 localhost ESMTP Outbound test server");
  ob_test_client_send (client, "EHLO client.example\r\n");
  ob_test_client_expect_reply (client, "250 localhost");

  g_assert_true (ob_fake_smtp_server_wait_done (server, WAIT_MS));
  ob_fake_smtp_server_stop (server);
  ob_fake_smtp_server_assert_no_errors (server);
}

static void
test_fake_connections (void)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_auto(GStrv) errors = NULL;

  ob_fake_smtp_server_send (server, "220 first\r\n");
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 Bye\r\n");
  ob_fake_smtp_server_close (server);
  ob_fake_smtp_server_next_connection (server);
  ob_fake_smtp_server_send (server, "220 second\r\n");
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 Bye\r\n");
  ob_fake_smtp_server_next_connection (server);
  ob_fake_smtp_server_send (server, "220 third\r\n");
  start_server (server);

  for (guint i = 0; i < 2; i++)
    {
      guint16 port = ob_fake_smtp_server_get_port (server);
      g_autoptr(ObTestClient) client = ob_test_client_connect (port);

      ob_test_client_expect_reply (client, i == 0 ? "220 first" : "220 second");
      ob_test_client_send (client, i == 0 ? "QUIT\r\n" : "NOOP\r\nQUIT\r\n");
      if (i == 0)
        ob_test_client_expect_reply (client, "221 Bye");
      g_assert_true (ob_test_client_sees_end (client));
    }

  ob_fake_smtp_server_stop (server);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (server), ==, 2);
  first = ob_fake_smtp_server_get_received_on (server, 0);
  second = ob_fake_smtp_server_get_received_on (server, 1);
  ob_test_assert_bytes_equal (first, "QUIT\r\n");
  ob_test_assert_bytes_equal (second, "NOOP\r\nQUIT\r\n");
  g_assert_null (ob_fake_smtp_server_get_received_on (server, 2));

  errors = ob_fake_smtp_server_get_errors (server);
  g_assert_cmpuint (g_strv_length (errors), ==, 2);
  g_assert_cmpstr (errors[0], ==, "connection 1, step 1: expected “QUIT”, received “NOOP”");
  g_assert_cmpstr (errors[1], ==, "connection 2: the client never connected");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/fake-server/conversation", test_fake_conversation);
  g_test_add_func ("/ob/support/fake-server/mismatch", test_fake_mismatch);
  g_test_add_func ("/ob/support/fake-server/auth-not-shown", test_fake_auth_not_shown);
  g_test_add_func ("/ob/support/fake-server/auth-plain-not-shown",
                   test_fake_auth_plain_not_shown);
  g_test_add_func ("/ob/support/fake-server/bare-lf", test_fake_bare_lf);
  g_test_add_func ("/ob/support/fake-server/starttls", test_fake_starttls);
  g_test_add_func ("/ob/support/fake-server/implicit-tls", test_fake_implicit_tls);
  g_test_add_func ("/ob/support/fake-server/raw-send", test_fake_raw_send);
  g_test_add_func ("/ob/support/fake-server/stall", test_fake_stall);
  g_test_add_func ("/ob/support/fake-server/stall-until-stopped", test_fake_stall_until_stopped);
  g_test_add_func ("/ob/support/fake-server/timeout", test_fake_timeout);
  g_test_add_func ("/ob/support/fake-server/drop-during-data", test_fake_drop_during_data);
  g_test_add_func ("/ob/support/fake-server/drop-after-dot", test_fake_drop_after_dot);
  g_test_add_func ("/ob/support/fake-server/bdat", test_fake_bdat);
  g_test_add_func ("/ob/support/fake-server/reply-delay", test_fake_reply_delay);
  g_test_add_func ("/ob/support/fake-server/connections", test_fake_connections);

  return g_test_run ();
}
