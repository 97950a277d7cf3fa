/* test-smtp-client.c — the SMTP client's dialogue against a scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test scripts the server's side of one conversation and then checks
 * both what the client reported and, byte for byte, what it sent.
 */
#include "config.h"

#include <string.h>

#include "smtp-client-fixture.h"

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

      smtp_fixture_setup (&f, NULL);
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
      smtp_fixture_teardown (&f, NULL);
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

  ADD ("plain-send", test_client_plain_send);
  ADD ("pipelining", test_client_pipelining);
  ADD ("bdat", test_client_bdat);
  ADD ("partial-recipients", test_client_partial_recipients);
  ADD ("all-recipients-rejected", test_client_all_recipients_rejected);
  ADD ("too-many-recipients", test_client_too_many_recipients);
  g_test_add_func ("/ob/smtp-client/421-everywhere", test_client_421_everywhere);
  ADD ("helo-fallback", test_client_helo_fallback);
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

  return g_test_run ();
}
