/* test-smtp-client.c — the SMTP client against a scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test scripts the server's side of one conversation and then checks
 * both what the client reported and, byte for byte, what it sent.
 */
#include "config.h"

#include <string.h>

#include "ob-envelope.h"
#include "ob-fake-smtp-server.h"
#include "ob-raw-message.h"
#include "ob-send-result.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-test-certs.h"
#include "ob-transcript.h"

#define MESSAGE "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: Hi\r\n\r\nHello\r\n"
#define PASSWORD "s3cret-pa55word"

typedef struct
{
  ObFakeSmtpServer *server;
  ObSmtpClient     *client;
  ObTranscript     *transcript;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->server = ob_fake_smtp_server_new ();
  ob_fake_smtp_server_set_timeout (f->server, 10000);
  f->transcript = ob_transcript_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) errors = NULL;

  if (f->client != NULL)
    ob_smtp_client_close (f->client);
  ob_fake_smtp_server_stop (f->server);
  errors = ob_fake_smtp_server_get_errors (f->server);
  for (guint i = 0; errors && errors[i]; i++)
    g_test_message ("server: %s", errors[i]);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  g_clear_object (&f->transcript);
}

/* Starts the scripted server and makes a client for it. */
static ObSmtpClient *
start (Fixture    *f,
       ObSecurity  security)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs;

  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  f->client = ob_smtp_client_new ("127.0.0.1", ob_fake_smtp_server_get_port (f->server), security);
  ob_smtp_client_set_timeout (f->client, 5);
  ob_smtp_client_set_transcript (f->client, f->transcript);
  certs = ob_test_certs_get (&error);
  g_assert_no_error (error);
  ob_smtp_client_set_ca_file (f->client, ob_test_certs_get_ca_file (certs));
  return f->client;
}

static GTlsCertificate *
cert (ObTestCertKind kind)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  return ob_test_certs_get_server (certs, kind);
}

static ObRawMessage *
raw_message (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ObRawMessage *message = ob_raw_message_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return message;
}

static ObEnvelope *
envelope (const char *sender, ...)
{
  ObEnvelope *env = ob_envelope_new (sender);
  va_list args;

  va_start (args, sender);
  for (const char *r = va_arg (args, const char *); r != NULL; r = va_arg (args, const char *))
    g_assert_true (ob_envelope_add_recipient (env, r, NULL));
  va_end (args);
  return env;
}

/* Everything the client sent, as text. */
static char *
sent (Fixture *f)
{
  g_autoptr(GBytes) bytes = NULL;

  ob_fake_smtp_server_stop (f->server);
  bytes = ob_fake_smtp_server_get_received (f->server);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
transcript_text (Fixture *f)
{
  ob_transcript_flush (f->transcript);
  return ob_transcript_to_text (f->transcript);
}

static void
assert_script_followed (Fixture *f)
{
  g_auto(GStrv) errors = NULL;

  ob_fake_smtp_server_stop (f->server);
  errors = ob_fake_smtp_server_get_errors (f->server);
  if (errors != NULL && errors[0] != NULL)
    g_error ("the server's script was not followed: %s", errors[0]);
}

static ObSendResult *
send_one (Fixture      *f,
          ObEnvelope   *env,
          const char   *text,
          GError      **error)
{
  g_autoptr(ObRawMessage) message = raw_message (text);

  return ob_smtp_client_send_sync (f->client, env, OB_MESSAGE_SOURCE (message), NULL, error);
}

static void
test_client_plain_send (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autofree char *wire = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:<ada@example.com>", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<bob@example.org>", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 End data with <CR><LF>.<CR><LF>\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 2.0.0 Ok: queued as 4BxyZ12\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_capabilities_has (ob_smtp_client_get_capabilities (f->client),
                                           OB_SMTP_CAP_8BITMIME));
  result = send_one (f, env, MESSAGE ".dotted\n", &error);
  g_assert_no_error (error);
  g_assert_true (ob_send_result_is_sent (result));
  g_assert_cmpstr (ob_send_result_get_queue_id (result), ==, "4BxyZ12");
  g_assert_cmpstr (ob_send_result_get_accepted (result)[0], ==, "bob@example.org");
  g_assert_true (ob_smtp_client_quit_sync (f->client, NULL, &error));

  wire = sent (f);
  /* CRLF only, the dot doubled, the message ended by CRLF.CRLF. */
  g_assert_cmpstr (wire, ==,
                   "EHLO [127.0.0.1]\r\n"
                   "MAIL FROM:<ada@example.com>\r\n"
                   "RCPT TO:<bob@example.org>\r\n"
                   "DATA\r\n"
                   MESSAGE "..dotted\r\n.\r\n"
                   "QUIT\r\n");
  assert_script_followed (f);
}

static void
expect_envelope (ObFakeSmtpServer *server)
{
  ob_fake_smtp_server_expect (server, "MAIL FROM:<ada@example.com>");
  ob_fake_smtp_server_expect (server, "RCPT TO:<bob@example.org>");
  ob_fake_smtp_server_expect (server, "RCPT TO:<eve@example.org>");
  ob_fake_smtp_server_expect (server, "DATA");
}

static void
test_client_pipelining (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", NULL);
  expect_envelope (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  /* The second envelope must come in the same flight as the first dot,
   * before the server says anything. */
  expect_envelope (f->server);
  ob_fake_smtp_server_send (f->server,
                            "250 ok id=1\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok id=2\r\n");
  start (f, OB_SECURITY_NONE);
  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));

  for (guint i = 0; i < 2; i++)
    {
      g_ptr_array_add (envelopes, envelope ("ada@example.com", "bob@example.org",
                                            "eve@example.org", NULL));
      g_ptr_array_add (messages, raw_message (MESSAGE));
    }
  results = ob_smtp_client_send_batch_sync (f->client, envelopes, messages, NULL);
  g_assert_cmpuint (results->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      ObSendResult *result = g_ptr_array_index (results, i);

      g_assert_no_error ((GError *) ob_send_result_get_error (result));
      g_assert_true (ob_send_result_is_sent (result));
    }
  g_assert_cmpstr (ob_send_result_get_queue_id (g_ptr_array_index (results, 1)), ==, "2");
  /* One wait for EHLO, one for the first envelope, then one per message:
   * the dot and the next envelope share theirs. */
  g_assert_cmpuint (ob_smtp_client_get_round_trips (f->client), ==, 1 + 1 + 2);
  assert_script_followed (f);
}

static void
test_client_bdat (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *wire = NULL;
  GBytes *body;

  /* With CHUNKING and PIPELINING the envelope and the data leave in one
   * flight, without dot-stuffing, and the replies come back together. */
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", "CHUNKING", NULL);
  ob_fake_smtp_server_expect (f->server, "MAIL FROM:<ada@example.com>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<bob@example.org>");
  ob_fake_smtp_server_expect_bdat (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n250 ok\r\n250 ok queued as B1\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE ".dot\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ob_send_result_get_queue_id (result), ==, "B1");
  assert_script_followed (f);

  messages = ob_fake_smtp_server_get_messages (f->server);
  body = g_ptr_array_index (messages, 0);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   MESSAGE ".dot\r\n", strlen (MESSAGE ".dot\r\n"));
  wire = sent (f);
  g_assert_nonnull (strstr (wire, "BDAT 72 LAST\r\n"));
}

static void
test_client_partial_recipients (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org",
                                        "nobody@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  ObSmtpReply *reply = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", "ENHANCEDSTATUSCODES", NULL);
  ob_fake_smtp_server_expect (f->server, "MAIL FROM:<ada@example.com>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<bob@example.org>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<nobody@example.org>");
  ob_fake_smtp_server_expect (f->server, "DATA");
  ob_fake_smtp_server_send (f->server, "250 2.1.0 ok\r\n250 2.1.5 ok\r\n"
                                       "550 5.1.1 <nobody@example.org>: User unknown\r\n"
                                       "354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 2.0.0 Ok\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_no_error (error);
  g_assert_true (ob_send_result_is_sent (result));
  g_assert_cmpstr (ob_send_result_get_accepted (result)[0], ==, "bob@example.org");
  g_assert_null (ob_send_result_get_accepted (result)[1]);
  g_assert_cmpuint (ob_send_result_get_n_rejected (result), ==, 1);
  g_assert_cmpstr (ob_send_result_get_rejected (result, 0, &reply), ==, "nobody@example.org");
  g_assert_cmpuint (ob_smtp_reply_get_code (reply), ==, 550);
  g_assert_cmpstr (ob_smtp_reply_get_enhanced_code (reply), ==, "5.1.1");
  assert_script_followed (f);
}

static void
test_client_all_recipients_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "x@example.org", "y@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autofree char *wire = NULL;

  /* Without PIPELINING: no DATA once every RCPT failed. */
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:<ada@example.com>", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<x@example.org>", "550 5.1.1 no\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<y@example.org>", "550 5.1.1 no\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RSET", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:<ada@example.com>", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<z@example.org>", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_null (result);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_RECIPIENT_REJECTED);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_RCPT);
  g_assert_cmpuint (ob_smtp_reply_get_code (ob_smtp_error_get_reply (error)), ==, 550);
  g_clear_error (&error);

  /* The connection stays usable: the next transaction starts with RSET. */
  {
    g_autoptr(ObEnvelope) next = envelope ("ada@example.com", "z@example.org", NULL);
    g_autoptr(ObSendResult) sent_next = send_one (f, next, MESSAGE, &error);

    g_assert_no_error (error);
    g_assert_true (ob_send_result_is_sent (sent_next));
  }
  assert_script_followed (f);
  wire = sent (f);
  /* No DATA in the first transaction: it ends at the RSET. */
  g_assert_nonnull (strstr (wire, "RSET\r\nMAIL FROM:<ada@example.com>\r\n"));
  g_assert_true (strstr (wire, "DATA") > strstr (wire, "RSET"));
}

static void
test_client_too_many_recipients (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "a@example.org", "b@example.org",
                                        "c@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", NULL);
  ob_fake_smtp_server_expect (f->server, "MAIL FROM:<ada@example.com>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<a@example.org>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<b@example.org>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<c@example.org>");
  ob_fake_smtp_server_expect (f->server, "DATA");
  ob_fake_smtp_server_send (f->server, "250 ok\r\n250 ok\r\n250 ok\r\n"
                                       "452 4.5.3 Too many recipients\r\n354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  /* The rest follow in a second transaction, pipelined with the dot. */
  ob_fake_smtp_server_expect (f->server, "MAIL FROM:<ada@example.com>");
  ob_fake_smtp_server_expect (f->server, "RCPT TO:<c@example.org>");
  ob_fake_smtp_server_expect (f->server, "DATA");
  ob_fake_smtp_server_send (f->server, "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) ob_send_result_get_accepted (result)), ==, 3);
  g_assert_cmpuint (ob_send_result_get_n_rejected (result), ==, 0);
  assert_script_followed (f);
  messages = ob_fake_smtp_server_get_messages (f->server);
  g_assert_cmpuint (messages->len, ==, 2);
}

/* A 421 at each step ends the session with SHUTTING_DOWN at that step. */
static void
test_client_421_everywhere (void)
{
  static const struct {
    ObSmtpStage stage;
  } steps[] = {
    { OB_SMTP_STAGE_GREETING }, { OB_SMTP_STAGE_EHLO }, { OB_SMTP_STAGE_MAIL },
    { OB_SMTP_STAGE_RCPT }, { OB_SMTP_STAGE_DATA }, { OB_SMTP_STAGE_END_OF_DATA },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
      g_autoptr(ObSendResult) result = NULL;
      const char *bye = "421 4.3.2 Service shutting down\r\n";
      ObSmtpStage stage = steps[i].stage;
      gboolean connected;

      fixture_setup (&f, NULL);
      if (stage == OB_SMTP_STAGE_GREETING)
        ob_fake_smtp_server_send (f.server, bye);
      else
        ob_fake_smtp_server_send (f.server, "220 fake ESMTP\r\n");
      if (stage > OB_SMTP_STAGE_GREETING)
        ob_fake_smtp_server_expect_reply (f.server, "EHLO *",
                                          stage == OB_SMTP_STAGE_EHLO ? bye : "250 fake\r\n");
      if (stage > OB_SMTP_STAGE_EHLO)
        ob_fake_smtp_server_expect_reply (f.server, "MAIL *",
                                          stage == OB_SMTP_STAGE_MAIL ? bye : "250 ok\r\n");
      if (stage > OB_SMTP_STAGE_MAIL)
        ob_fake_smtp_server_expect_reply (f.server, "RCPT *",
                                          stage == OB_SMTP_STAGE_RCPT ? bye : "250 ok\r\n");
      if (stage > OB_SMTP_STAGE_RCPT)
        ob_fake_smtp_server_expect_reply (f.server, "DATA",
                                          stage == OB_SMTP_STAGE_DATA ? bye : "354 go\r\n");
      if (stage > OB_SMTP_STAGE_DATA)
        {
          ob_fake_smtp_server_expect_data (f.server);
          ob_fake_smtp_server_send (f.server, bye);
        }
      ob_fake_smtp_server_close (f.server);
      start (&f, OB_SECURITY_NONE);

      g_test_message ("421 at %s", ob_smtp_stage_to_string (stage));
      connected = ob_smtp_client_connect_sync (f.client, NULL, &error);
      if (connected)
        result = send_one (&f, env, MESSAGE, &error);
      g_assert_null (result);
      g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_SHUTTING_DOWN);
      g_assert_cmpint (ob_smtp_error_get_stage (error), ==, stage);
      g_assert_cmpuint (ob_smtp_reply_get_code (ob_smtp_error_get_reply (error)), ==, 421);
      g_assert_false (ob_smtp_client_is_connected (f.client));
      fixture_teardown (&f, NULL);
    }
}

static void
test_client_helo_fallback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_send (f->server, "220 old.example SMTP\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "EHLO [127.0.0.1]", "502 5.5.2 What?\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "HELO [127.0.0.1]", "250 old.example\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ob_smtp_capabilities_get_flags (ob_smtp_client_get_capabilities (f->client)),
                   ==, OB_SMTP_CAP_NONE);
  assert_script_followed (f);
}

static void
test_client_starttls_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN LOGIN", NULL);
  start (f, OB_SECURITY_STARTTLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_false (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_STARTTLS_UNAVAILABLE);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_STARTTLS);

  /* Nothing after EHLO: above all, no AUTH. */
  wire = sent (f);
  g_assert_cmpstr (wire, ==, "EHLO [127.0.0.1]\r\n");
}

static void
test_client_starttls_injection (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  ObSmtpCapabilities *caps;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "STARTTLS", NULL);
  ob_fake_smtp_server_expect (f->server, "STARTTLS");
  /* The attacker's extra reply arrives with the 220, before the handshake. */
  ob_fake_smtp_server_send (f->server, "220 2.0.0 go ahead\r\n250-injected\r\n250 AUTH PLAIN\r\n");
  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_expect_reply (f->server, "EHLO [127.0.0.1]",
                                    "250-fake\r\n250 AUTH LOGIN\r\n");
  start (f, OB_SECURITY_STARTTLS);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_client_is_encrypted (f->client));
  /* What counts is the EHLO after the handshake, not the injected lines. */
  caps = ob_smtp_client_get_capabilities (f->client);
  g_assert_true (ob_smtp_capabilities_has_auth_mechanism (caps, "LOGIN"));
  g_assert_false (ob_smtp_capabilities_has_auth_mechanism (caps, "PLAIN"));
  log = transcript_text (f);
  g_assert_nonnull (strstr (log, "before encryption started"));
  g_assert_null (strstr (log, "injected"));
  assert_script_followed (f);
}

static void
test_client_implicit_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "PIPELINING", NULL);
  start (f, OB_SECURITY_TLS);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_client_is_encrypted (f->client));
  g_assert_nonnull (ob_smtp_client_get_peer_certificate (f->client));
  log = transcript_text (f);
  /* The negotiated version and cipher suite are in the log. */
  g_assert_true (strstr (log, "TLS 1.3") != NULL || strstr (log, "TLS 1.2") != NULL);
  assert_script_followed (f);
}

typedef struct
{
  ObTestCertKind       kind;
  GTlsCertificateFlags flag;
} CertCase;

static void
test_client_bad_certificates (void)
{
  static const CertCase cases[] = {
    { OB_TEST_CERT_WRONG_HOST, G_TLS_CERTIFICATE_BAD_IDENTITY },
    { OB_TEST_CERT_EXPIRED, G_TLS_CERTIFICATE_EXPIRED },
    { OB_TEST_CERT_SELF_SIGNED, G_TLS_CERTIFICATE_UNKNOWN_CA },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GError) error = NULL;

      fixture_setup (&f, NULL);
      ob_fake_smtp_server_start_tls_refused (f.server, cert (cases[i].kind));
      start (&f, OB_SECURITY_TLS);

      g_assert_false (ob_smtp_client_connect_sync (f.client, NULL, &error));
      g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
      g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_TLS);
      g_assert_true (ob_smtp_error_get_certificate_flags (error) & cases[i].flag);
      g_assert_true (G_IS_TLS_CERTIFICATE (ob_smtp_error_get_peer_certificate (error)));
      fixture_teardown (&f, NULL);
    }
}

static void
test_client_pinned_certificate (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *sha = NULL;
  GTlsCertificate *self_signed = cert (OB_TEST_CERT_SELF_SIGNED);

  g_object_get (self_signed, "certificate", &der, NULL);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);

  ob_fake_smtp_server_start_tls (f->server, self_signed);
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  start (f, OB_SECURITY_TLS);
  /* As people copy it: upper case with colons is accepted too. */
  {
    g_autofree char *upper = g_ascii_strup (sha, -1);
    GString *colons = g_string_new (NULL);

    for (gsize i = 0; upper[i]; i += 2)
      g_string_append_printf (colons, "%s%c%c", i ? ":" : "", upper[i], upper[i + 1]);
    g_assert_true (ob_smtp_client_set_pinned_sha256 (f->client, colons->str));
    g_string_free (colons, TRUE);
  }
  g_assert_false (ob_smtp_client_set_pinned_sha256 (f->client, "not a fingerprint"));
  g_assert_true (ob_smtp_client_set_pinned_sha256 (f->client, sha));

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  assert_script_followed (f);
}

static void
test_client_weak_key_flagged (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_WEAK_KEY));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  start (f, OB_SECURITY_TLS);

  if (!ob_smtp_client_connect_sync (f->client, NULL, &error))
    {
      /* GnuTLS may refuse a 1024-bit key outright at its default level:
       * that is at least as safe as a warning. */
      g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
      return;
    }
  log = transcript_text (f);
  g_assert_nonnull (strstr (log, "1024 bits"));
}

static void
assert_no_secret (Fixture *f)
{
  g_autofree char *log = transcript_text (f);
  g_autofree char *b64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));

  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, b64));
}

static void
test_client_auth_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = NULL;
  /* "\0ada\0s3cret-pa55word" */
  const char *expected = "AUTH PLAIN AGFkYQBzM2NyZXQtcGE1NXdvcmQ=\r\n";

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH LOGIN PLAIN CRAM-MD5", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *", "235 2.7.0 Authenticated\r\n");
  start (f, OB_SECURITY_TLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_true (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_client_is_authenticated (f->client));
  wire = sent (f);
  g_assert_nonnull (strstr (wire, expected));
  assert_no_secret (f);
}

static void
test_client_auth_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *log = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH LOGIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "YWRh", "334 UGFzc3dvcmQ6\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "czNjcmV0LXBhNTV3b3Jk", "235 ok\r\n");
  start (f, OB_SECURITY_TLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_true (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  assert_script_followed (f);
  log = transcript_text (f);
  /* Neither the user name nor the password exchange is in the log. */
  g_assert_null (strstr (log, "YWRh"));
  assert_no_secret (f);
}

static void
test_client_auth_cram_md5_over_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Over a connection the person chose not to encrypt, CRAM-MD5 keeps the
   * password itself off the wire. */
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN LOGIN CRAM-MD5", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH CRAM-MD5",
                                    "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5jb20+\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "*", "235 ok\r\n");
  start (f, OB_SECURITY_NONE);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_true (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_no_error (error);
  assert_script_followed (f);
  assert_no_secret (f);
}

static void
test_client_auth_failed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *",
                                    "535 5.7.8 Username and Password not accepted\r\n");
  start (f, OB_SECURITY_TLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_false (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_AUTH);
  g_assert_cmpstr (ob_smtp_reply_get_enhanced_code (ob_smtp_error_get_reply (error)), ==, "5.7.8");
  g_assert_null (strstr (error->message, PASSWORD));
  assert_no_secret (f);
}

static void
test_client_auth_unsupported (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH GSSAPI NTLM", NULL);
  start (f, OB_SECURITY_TLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_false (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "GSSAPI"));
}

static void
test_client_auth_endless_challenges (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH LOGIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
  for (guint i = 0; i < 10; i++)
    ob_fake_smtp_server_expect_reply (f->server, "*", "334 UGFzc3dvcmQ6\r\n");
  start (f, OB_SECURITY_TLS);
  ob_smtp_client_set_credentials (f->client, "ada", PASSWORD, FALSE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_false (ob_smtp_client_login_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
  assert_no_secret (f);
}

static void
test_client_garbage_reply (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  ob_fake_smtp_server_send (f->server, "220 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "EHLO *", "HTTP/1.1 400 Bad Request\x1b[2J\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_false (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_EHLO);
  log = transcript_text (f);
  /* The escape sequence is shown escaped, never passed on. */
  g_assert_null (strchr (log, '\x1b'));
}

static void
test_client_stall_times_out (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  ob_fake_smtp_server_send (f->server, "220 ok\r\n");
  ob_fake_smtp_server_expect (f->server, "EHLO *");
  ob_fake_smtp_server_stall (f->server, OB_FAKE_SMTP_SERVER_FOREVER);
  start (f, OB_SECURITY_NONE);
  ob_smtp_client_set_timeout (f->client, 1);

  g_assert_false (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_TIMEOUT);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_EHLO);
}

static void
test_client_trickle_deadline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *reply = "250-a trickling server never finishes its reply\r\n";

  /* A byte every 300 ms never trips the 1 s inactivity timeout; the
   * reply's overall deadline (2 s) stops it. */
  ob_fake_smtp_server_send (f->server, "220 ok\r\n");
  ob_fake_smtp_server_expect (f->server, "EHLO *");
  for (const char *p = reply; *p; p++)
    {
      char byte[2] = { *p, 0 };

      ob_fake_smtp_server_send (f->server, byte);
      ob_fake_smtp_server_stall (f->server, 300);
    }
  start (f, OB_SECURITY_NONE);
  ob_smtp_client_set_timeout (f->client, 1);

  g_assert_false (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_TIMEOUT);
}

static void
test_client_drop_after_dot (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL *", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT *", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_drop (f->server);
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_null (result);
  /* Never "sent", never "failed": the server may have it. */
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_OUTCOME_UNKNOWN);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_END_OF_DATA);
}

static void
test_client_drop_during_data (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autoptr(GString) big = g_string_new (MESSAGE);

  /* Far bigger than the loopback socket buffers (a few MB), so the client
   * is still writing when the server drops. */
  for (guint i = 0; i < 500000; i++)
    g_string_append (big, "0123456789012345678901234567890123456789012345678901234567890123\r\n");

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL *", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT *", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go\r\n");
  ob_fake_smtp_server_drop_during_data (f->server, 1000);
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, big->str, &error);
  g_assert_null (result);
  /* The final dot never left: this message was certainly not sent. */
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CONNECTION_LOST);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_BODY);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_soon_thread (gpointer data)
{
  g_usleep (200 * 1000);
  cancel_cb (data);
  return NULL;
}

static void
test_client_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GThread *thread;
  gint64 start_time;

  ob_fake_smtp_server_send (f->server, "220 ok\r\n");
  ob_fake_smtp_server_expect (f->server, "EHLO *");
  ob_fake_smtp_server_stall (f->server, OB_FAKE_SMTP_SERVER_FOREVER);
  start (f, OB_SECURITY_NONE);
  ob_smtp_client_set_timeout (f->client, 30);

  thread = g_thread_new ("cancel", cancel_soon_thread, cancellable);
  start_time = g_get_monotonic_time ();
  g_assert_false (ob_smtp_client_connect_sync (f->client, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Not a timing assertion on speed, only that it did not wait for the
   * 30 s timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start_time, <, 20 * G_USEC_PER_SEC);
}

static void
test_client_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(ObSmtpClient) client = NULL;
  guint16 port;

  /* A port that was free a moment ago and has no listener. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  client = ob_smtp_client_new ("127.0.0.1", port, OB_SECURITY_STARTTLS);
  ob_smtp_client_set_timeout (client, 5);
  g_assert_false (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_CONNECT);
}

static void
test_client_tls_to_plain_port (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* A plain server answers the TLS hello with its greeting. */
  ob_fake_smtp_server_send (f->server, "220 plain.example ESMTP\r\n");
  ob_fake_smtp_server_stall (f->server, 2000);
  start (f, OB_SECURITY_TLS);

  g_assert_false (ob_smtp_client_connect_sync (f->client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_TLS_HANDSHAKE);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_TLS);
}

static void
test_client_size_limit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autofree char *wire = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "SIZE 10", NULL);
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_null (result);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_MESSAGE_TOO_LARGE);
  /* Refused before a byte of it was sent. */
  wire = sent (f);
  g_assert_null (strstr (wire, "MAIL"));
}

static void
test_client_smtputf8_needed (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "jörg@bücher.example", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autofree char *wire = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, MESSAGE, &error);
  g_assert_null (result);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_ENCODING);
  wire = sent (f);
  g_assert_null (strstr (wire, "MAIL"));
}

static void
test_client_parameters (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "jörg@bücher.example", NULL);
  g_autoptr(ObSendResult) result = NULL;
  const char *text = "From: ada@example.com\r\nSubject: Grüße\r\n\r\nGrüße\r\n";
  g_autofree char *mail = g_strdup_printf ("MAIL FROM:<ada@example.com> SIZE=%zu BODY=8BITMIME "
                                           "SMTPUTF8 RET=HDRS ENVID=id+2B1", strlen (text));

  ob_envelope_set_dsn (env, OB_DSN_RET_HDRS, OB_DSN_NOTIFY_FAILURE | OB_DSN_NOTIFY_DELAY, "id+1");
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "SIZE 1000000", "8BITMIME", "SMTPUTF8",
                                             "DSN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, mail, "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<jörg@bücher.example> NOTIFY=FAILURE,DELAY",
                                    "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env, text, &error);
  g_assert_no_error (error);
  assert_script_followed (f);
}

static void
test_client_7bit_server (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObEnvelope) env = envelope ("ada@example.com", "bob@example.org", NULL);
  g_autoptr(ObSendResult) result = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GBytes *body;
  const guchar *p;
  gsize n;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:<ada@example.com>", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT *", "250 ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 ok\r\n");
  start (f, OB_SECURITY_NONE);

  g_assert_true (ob_smtp_client_connect_sync (f->client, NULL, &error));
  result = send_one (f, env,
                     "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: x\r\n"
                     "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n", &error);
  g_assert_no_error (error);
  ob_fake_smtp_server_stop (f->server);
  messages = ob_fake_smtp_server_get_messages (f->server);
  body = g_ptr_array_index (messages, 0);
  /* Without 8BITMIME not one byte above 127 may go out. */
  p = g_bytes_get_data (body, &n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (p[i], <, 128);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/smtp-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("plain-send", test_client_plain_send);
  ADD ("pipelining", test_client_pipelining);
  ADD ("bdat", test_client_bdat);
  ADD ("partial-recipients", test_client_partial_recipients);
  ADD ("all-recipients-rejected", test_client_all_recipients_rejected);
  ADD ("too-many-recipients", test_client_too_many_recipients);
  g_test_add_func ("/ob/smtp-client/421-everywhere", test_client_421_everywhere);
  ADD ("helo-fallback", test_client_helo_fallback);
  ADD ("starttls-missing", test_client_starttls_missing);
  ADD ("starttls-injection", test_client_starttls_injection);
  ADD ("implicit-tls", test_client_implicit_tls);
  g_test_add_func ("/ob/smtp-client/bad-certificates", test_client_bad_certificates);
  ADD ("pinned-certificate", test_client_pinned_certificate);
  ADD ("weak-key-flagged", test_client_weak_key_flagged);
  ADD ("auth-plain", test_client_auth_plain);
  ADD ("auth-login", test_client_auth_login);
  ADD ("auth-cram-md5-over-plain", test_client_auth_cram_md5_over_plain);
  ADD ("auth-failed", test_client_auth_failed);
  ADD ("auth-unsupported", test_client_auth_unsupported);
  ADD ("auth-endless-challenges", test_client_auth_endless_challenges);
  ADD ("garbage-reply", test_client_garbage_reply);
  ADD ("stall-times-out", test_client_stall_times_out);
  ADD ("trickle-deadline", test_client_trickle_deadline);
  ADD ("drop-after-dot", test_client_drop_after_dot);
  ADD ("drop-during-data", test_client_drop_during_data);
  ADD ("cancel", test_client_cancel);
  g_test_add_func ("/ob/smtp-client/connection-refused", test_client_connection_refused);
  ADD ("tls-to-plain-port", test_client_tls_to_plain_port);
  ADD ("size-limit", test_client_size_limit);
  ADD ("smtputf8-needed", test_client_smtputf8_needed);
  ADD ("parameters", test_client_parameters);
  ADD ("7bit-server", test_client_7bit_server);

#undef ADD
  return g_test_run ();
}
