/* test-connection-test.c — the step-by-step connection test against a
 * scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates come from a test CA made at test time; checks stay on.
 */
#include "config.h"

#include <string.h>

#include "ob-account.h"
#include "ob-connection-test.h"
#include "ob-fake-resolver.h"
#include "ob-fake-smtp-server.h"
#include "ob-smtp-error.h"
#include "ob-test-certs.h"
#include "ob-transcript.h"

#define PASSWORD "c0nnection-test-pw"
#define ALL_PENDING "pending pending pending pending pending pending"

typedef struct
{
  ObFakeSmtpServer *server;
  ObAccount        *account;
  ObConnectionTest *test;
  GString          *signals;
  GThread          *main_thread;
  GAsyncResult     *result;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->server = ob_fake_smtp_server_new ();
  ob_fake_smtp_server_set_timeout (f->server, 10000);
  f->account = ob_account_new ("ada@example.com");
  ob_account_set_host (f->account, "localhost");
  ob_account_set_ca_file (f->account, ob_test_certs_get_ca_file (certs));
  ob_account_set_username (f->account, "ada");
  f->signals = g_string_new (NULL);
  f->main_thread = g_thread_self ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *log = NULL;

  ob_fake_smtp_server_stop (f->server);
  if (f->test != NULL)
    {
      ObTranscript *transcript = ob_connection_test_get_transcript (f->test);

      /* Whatever happened, the log never shows the password. */
      ob_transcript_flush (transcript);
      log = ob_transcript_to_text (transcript);
      g_assert_null (strstr (log, PASSWORD));
    }
  g_clear_object (&f->result);
  g_clear_object (&f->test);
  g_clear_object (&f->account);
  g_clear_object (&f->server);
  g_string_free (f->signals, TRUE);
}

static GTlsCertificate *
cert (ObTestCertKind kind)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  return ob_test_certs_get_server (certs, kind);
}

static void
start_server (Fixture    *f,
              ObSecurity  security)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  ob_account_set_port (f->account, ob_fake_smtp_server_get_port (f->server));
  ob_account_set_security (f->account, security);
}

static const char *
kind_name (ObConnectionTestStep *step)
{
  static const char *names[] = { "resolve", "connect", "tls", "greeting", "login", "send" };

  return names[ob_connection_test_step_get_kind (step)];
}

static void
step_started_cb (ObConnectionTest     *test,
                 ObConnectionTestStep *step,
                 Fixture              *f)
{
  /* Signals come on the caller's context, never from the worker. */
  g_assert_true (g_thread_self () == f->main_thread);
  g_assert_cmpint (ob_connection_test_step_get_state (step), ==, OB_CONNECTION_TEST_STEP_RUNNING);
  g_string_append_printf (f->signals, "+%s ", kind_name (step));
}

static void
step_finished_cb (ObConnectionTest     *test,
                  ObConnectionTestStep *step,
                  Fixture              *f)
{
  static const char *marks[] = { "?", "?", "ok", "FAILED", "skipped" };

  g_assert_true (g_thread_self () == f->main_thread);
  g_string_append_printf (f->signals, "%s:%s ", kind_name (step),
                          marks[ob_connection_test_step_get_state (step)]);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Fixture *f = data;

  f->result = g_object_ref (result);
}

static void
start_test (Fixture  *f,
            gboolean  send_test_message)
{
  f->test = ob_connection_test_new (f->account);
  ob_connection_test_set_timeout (f->test, 5);
  ob_connection_test_set_secret (f->test, PASSWORD, FALSE);
  ob_connection_test_set_send_test_message (f->test, send_test_message);
  g_signal_connect (f->test, "step-started", G_CALLBACK (step_started_cb), f);
  g_signal_connect (f->test, "step-finished", G_CALLBACK (step_finished_cb), f);
}

static void
wait_for_test (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (f->result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (f->result);
}

static gboolean
run_test (Fixture  *f,
          GError  **error)
{
  ob_connection_test_run_async (f->test, NULL, run_done_cb, f);
  wait_for_test (f);
  return ob_connection_test_run_finish (f->test, f->result, error);
}

/* The steps' states, in order, as one string. */
static char *
states (Fixture *f)
{
  static const char *names[] = { "pending", "running", "passed", "failed", "skipped" };
  GListModel *steps = ob_connection_test_get_steps (f->test);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(ObConnectionTestStep) step = g_list_model_get_item (steps, i);

      g_string_append_printf (out, "%s%s", i ? " " : "",
                              names[ob_connection_test_step_get_state (step)]);
    }
  return g_strdup (out->str);
}

static const char *
detail (Fixture                  *f,
        ObConnectionTestStepKind  kind)
{
  return ob_connection_test_step_get_detail (ob_connection_test_get_step (f->test, kind));
}

static void
assert_detail_has (Fixture                  *f,
                   ObConnectionTestStepKind  kind,
                   const char               *text)
{
  const char *found = detail (f, kind);

  g_test_message ("detail: %s", found);
  g_assert_nonnull (found);
  g_assert_nonnull (strstr (found, text));
}

static void
test_starttls_all_steps (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  GListModel *steps;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "STARTTLS", NULL);
  ob_fake_smtp_server_starttls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_expect_reply (f->server, "EHLO *", "250-localhost\r\n250-SIZE 10240000\r\n"
                                                          "250 AUTH PLAIN LOGIN\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *", "235 2.7.0 Accepted\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start_server (f, OB_SECURITY_STARTTLS);
  start_test (f, FALSE);

  /* Every step is there, pending, before the test starts. */
  steps = ob_connection_test_get_steps (f->test);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, OB_CONNECTION_TEST_N_STEPS);
  result = states (f);
  g_assert_cmpstr (result, ==, ALL_PENDING);
  g_clear_pointer (&result, g_free);

  g_assert_true (run_test (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->signals->str, ==,
                   "+resolve resolve:ok +connect connect:ok +tls tls:ok +greeting greeting:ok "
                   "+login login:ok send:skipped ");
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed passed passed passed skipped");

  assert_detail_has (f, OB_CONNECTION_TEST_STEP_RESOLVE, "127.0.0.1");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_TLS, "SHA-256 fingerprint");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_GREETING, "AUTH");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_LOGIN, "ada");
  g_assert_null (ob_connection_test_get_failed_step (f->test));
  g_assert_null (ob_connection_test_get_diagnosis (f->test));
  g_assert_nonnull (ob_connection_test_get_peer_certificate (f->test));
  g_assert_nonnull (ob_connection_test_get_capabilities (f->test));
  g_assert_cmpstr (ob_connection_test_step_get_title (ob_connection_test_get_step (
                     f->test, OB_CONNECTION_TEST_STEP_TLS)), ==, "Encryption and certificate");
  ob_fake_smtp_server_assert_no_errors (f->server);
}

static void
test_implicit_tls_sends_to_self (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *wire = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *", "235 2.7.0 Accepted\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:<ada@example.com>*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:<ada@example.com>*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 go ahead\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_send (f->server, "250 2.0.0 Ok: queued as 7TQX2\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start_server (f, OB_SECURITY_TLS);
  ob_account_set_sender_name (f->account, "Ada Lovelace");
  start_test (f, TRUE);

  g_assert_true (run_test (f, &error));
  g_assert_no_error (error);
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed passed passed passed passed");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_SEND, "7TQX2");

  ob_fake_smtp_server_stop (f->server);
  received = ob_fake_smtp_server_get_received (f->server);
  wire = g_strndup (g_bytes_get_data (received, NULL), g_bytes_get_size (received));
  g_assert_nonnull (strstr (wire, "From: Ada Lovelace <ada@example.com>"));
  g_assert_nonnull (strstr (wire, "To: ada@example.com"));
  g_assert_nonnull (strstr (wire, "Subject: Outbound test message"));
  ob_fake_smtp_server_assert_no_errors (f->server);
}

static void
test_plain_without_login (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start_server (f, OB_SECURITY_NONE);
  ob_account_set_host (f->account, "127.0.0.1");
  ob_account_set_username (f->account, NULL);
  start_test (f, FALSE);

  g_assert_true (run_test (f, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (f->signals->str, ==,
                   "+resolve resolve:ok +connect connect:ok tls:skipped +greeting greeting:ok "
                   "login:skipped send:skipped ");
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed skipped passed skipped skipped");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_TLS, "Not encrypted");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_LOGIN, "without logging in");
}

static void
assert_failed_at (Fixture                  *f,
                  ObConnectionTestStepKind  kind,
                  ObDiagnosisCategory       category)
{
  ObConnectionTestStep *failed = ob_connection_test_get_failed_step (f->test);
  ObDiagnosis *diagnosis = ob_connection_test_get_diagnosis (f->test);

  g_assert_nonnull (failed);
  g_assert_cmpint (ob_connection_test_step_get_kind (failed), ==, kind);
  g_assert_cmpint (ob_connection_test_step_get_state (failed), ==, OB_CONNECTION_TEST_STEP_FAILED);
  g_assert_nonnull (ob_connection_test_step_get_error (failed));
  g_assert_true (ob_connection_test_step_get_diagnosis (failed) == diagnosis);
  g_test_message ("diagnosis: %s", ob_diagnosis_get_title (diagnosis));
  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, category);
}

static void
test_certificate_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  ob_fake_smtp_server_start_tls_refused (f->server, cert (OB_TEST_CERT_WRONG_HOST));
  start_server (f, OB_SECURITY_TLS);
  start_test (f, TRUE);

  g_assert_false (run_test (f, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
  /* The test stops at the first failure. */
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed failed pending pending pending");
  assert_failed_at (f, OB_CONNECTION_TEST_STEP_TLS, OB_DIAGNOSIS_CATEGORY_CERTIFICATE);
  /* What a person needs to decide whether to trust it. */
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_TLS, "wrong.example");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_TLS, "SHA-256 fingerprint");
  g_assert_nonnull (ob_connection_test_get_peer_certificate (f->test));
}

static void
test_starttls_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  start_server (f, OB_SECURITY_STARTTLS);
  start_test (f, FALSE);

  g_assert_false (run_test (f, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_STARTTLS_UNAVAILABLE);
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed failed pending pending pending");
  assert_failed_at (f, OB_CONNECTION_TEST_STEP_TLS, OB_DIAGNOSIS_CATEGORY_ENCRYPTION);
}

static void
test_login_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *",
                                    "535 5.7.8 Authentication credentials invalid\r\n");
  start_server (f, OB_SECURITY_TLS);
  start_test (f, TRUE);

  g_assert_false (run_test (f, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED);
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed passed passed failed pending");
  assert_failed_at (f, OB_CONNECTION_TEST_STEP_LOGIN, OB_DIAGNOSIS_CATEGORY_AUTHENTICATION);
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_LOGIN, "535");
}

/* A service whose API token is also the user name: the token goes in both
 * places on the wire, and nowhere in the log or the step's words. */
static void
test_username_is_secret (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *log = NULL;
  const char plain[] = "\0" PASSWORD "\0" PASSWORD;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *", "235 2.7.0 Accepted\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start_server (f, OB_SECURITY_TLS);
  ob_account_set_username_is_secret (f->account, TRUE);
  start_test (f, FALSE);

  g_assert_true (run_test (f, &error));
  g_assert_no_error (error);
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_LOGIN, "API token");

  received = ob_fake_smtp_server_get_received (f->server);
  wire = g_strndup (g_bytes_get_data (received, NULL), g_bytes_get_size (received));
  expected = g_base64_encode ((const guchar *) plain, sizeof plain - 1);
  g_assert_nonnull (strstr (wire, expected));

  ob_transcript_flush (ob_connection_test_get_transcript (f->test));
  log = ob_transcript_to_text (ob_connection_test_get_transcript (f->test));
  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (detail (f, OB_CONNECTION_TEST_STEP_LOGIN), PASSWORD));
}

/* The app logs every test to its session log, where the log window shows
 * it live. */
static void
test_shared_transcript (Fixture *f, gconstpointer data)
{
  g_autoptr(ObTranscript) session = ob_transcript_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ob_transcript_add (session, OB_TRANSCRIPT_INFO, "earlier");
  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *", "235 2.7.0 Accepted\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start_server (f, OB_SECURITY_TLS);
  start_test (f, FALSE);
  ob_connection_test_set_transcript (f->test, session);
  g_assert_true (ob_connection_test_get_transcript (f->test) == session);

  g_assert_true (run_test (f, &error));
  g_assert_no_error (error);
  ob_transcript_flush (session);
  text = ob_transcript_to_text (session);
  g_assert_nonnull (strstr (text, "earlier"));
  g_assert_nonnull (strstr (text, "235 2.7.0 Accepted"));
  g_assert_null (strstr (text, PASSWORD));
}

static void
test_connection_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there now. */
  start_server (f, OB_SECURITY_TLS);
  port = ob_fake_smtp_server_get_port (f->server);
  ob_fake_smtp_server_stop (f->server);
  ob_account_set_host (f->account, "127.0.0.1");
  ob_account_set_port (f->account, port);
  start_test (f, FALSE);

  g_assert_false (run_test (f, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CONNECTION_REFUSED);
  result = states (f);
  g_assert_cmpstr (result, ==, "passed failed pending pending pending pending");
  assert_failed_at (f, OB_CONNECTION_TEST_STEP_CONNECT, OB_DIAGNOSIS_CATEGORY_CONNECTION);
}

/* Looks up a name only @resolver knows about, with a one-second limit. */
static void
run_with_resolver (Fixture         *f,
                   ObFakeResolver  *resolver,
                   GError         **error)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();

  g_resolver_set_default (G_RESOLVER (resolver));
  ob_account_set_host (f->account, "smtp.nowhere.example");
  start_test (f, FALSE);
  ob_connection_test_set_timeout (f->test, 1);
  run_test (f, error);
  g_resolver_set_default (original);
}

static void
test_unknown_host (Fixture *f, gconstpointer data)
{
  g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  run_with_resolver (f, resolver, &error);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_NAME_RESOLUTION);
  result = states (f);
  g_assert_cmpstr (result, ==, "failed pending pending pending pending pending");
  assert_failed_at (f, OB_CONNECTION_TEST_STEP_RESOLVE, OB_DIAGNOSIS_CATEGORY_DNS);
  g_assert_cmpstr (f->signals->str, ==, "+resolve resolve:FAILED ");
}

static void
test_lookup_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  /* Far longer than the test waits: only the time limit ends it. */
  ob_fake_resolver_add_address (resolver, "smtp.nowhere.example", "127.0.0.1");
  ob_fake_resolver_set_delay (resolver, "smtp.nowhere.example", 60000);
  run_with_resolver (f, resolver, &error);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_TIMEOUT);
  result = states (f);
  g_assert_cmpstr (result, ==, "failed pending pending pending pending pending");
  assert_detail_has (f, OB_CONNECTION_TEST_STEP_RESOLVE, "smtp.nowhere.example");
}

static void
cancel_when_connecting_cb (ObConnectionTest     *test,
                           ObConnectionTestStep *step,
                           GCancellable         *cancellable)
{
  if (ob_connection_test_step_get_kind (step) == OB_CONNECTION_TEST_STEP_GREETING)
    g_cancellable_cancel (cancellable);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  /* The server greets, then says nothing more until the client leaves. */
  ob_fake_smtp_server_send (f->server, "220 localhost ESMTP\r\n");
  ob_fake_smtp_server_stall (f->server, OB_FAKE_SMTP_SERVER_FOREVER);
  start_server (f, OB_SECURITY_NONE);
  start_test (f, FALSE);
  g_signal_connect (f->test, "step-started", G_CALLBACK (cancel_when_connecting_cb), cancellable);

  ob_connection_test_run_async (f->test, cancellable, run_done_cb, f);
  wait_for_test (f);
  g_assert_false (ob_connection_test_run_finish (f->test, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped, not failed: the running step goes back to pending. */
  result = states (f);
  g_assert_cmpstr (result, ==, "passed passed skipped pending pending pending");
  g_assert_null (ob_connection_test_get_failed_step (f->test));
  g_assert_null (ob_connection_test_get_diagnosis (f->test));
}

static void
test_invalid_account (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  ob_account_set_host (f->account, NULL);
  start_test (f, FALSE);

  g_assert_false (run_test (f, &error));
  g_assert_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_NO_HOST);
  result = states (f);
  g_assert_cmpstr (result, ==, ALL_PENDING);
  g_assert_cmpstr (f->signals->str, ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/connection-test/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("starttls-all-steps", test_starttls_all_steps);
  ADD ("implicit-tls-sends-to-self", test_implicit_tls_sends_to_self);
  ADD ("plain-without-login", test_plain_without_login);
  ADD ("certificate-refused", test_certificate_refused);
  ADD ("starttls-missing", test_starttls_missing);
  ADD ("login-refused", test_login_refused);
  ADD ("shared-transcript", test_shared_transcript);
  ADD ("username-is-secret", test_username_is_secret);
  ADD ("connection-refused", test_connection_refused);
  ADD ("unknown-host", test_unknown_host);
  ADD ("lookup-timeout", test_lookup_timeout);
  ADD ("cancelled", test_cancelled);
  ADD ("invalid-account", test_invalid_account);
#undef ADD

  return g_test_run ();
}
