/* smtp-client-fixture.c — what the SMTP client's test suites share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "smtp-client-fixture.h"

void
smtp_fixture_setup (Fixture *f, gconstpointer data)
{
  f->server = ob_fake_smtp_server_new ();
  ob_fake_smtp_server_set_timeout (f->server, 10000);
  f->transcript = ob_transcript_new ();
}

void
smtp_fixture_teardown (Fixture *f, gconstpointer data)
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
ObSmtpClient *
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

GTlsCertificate *
cert (ObTestCertKind kind)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  return ob_test_certs_get_server (certs, kind);
}

ObRawMessage *
raw_message (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ObRawMessage *message = ob_raw_message_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  return message;
}

ObEnvelope *
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
char *
sent (Fixture *f)
{
  g_autoptr(GBytes) bytes = NULL;

  ob_fake_smtp_server_stop (f->server);
  bytes = ob_fake_smtp_server_get_received (f->server);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

char *
transcript_text (Fixture *f)
{
  ob_transcript_flush (f->transcript);
  return ob_transcript_to_text (f->transcript);
}

void
assert_script_followed (Fixture *f)
{
  g_auto(GStrv) errors = NULL;

  ob_fake_smtp_server_stop (f->server);
  errors = ob_fake_smtp_server_get_errors (f->server);
  if (errors != NULL && errors[0] != NULL)
    g_error ("the server's script was not followed: %s", errors[0]);
}

ObSendResult *
send_one (Fixture      *f,
          ObEnvelope   *env,
          const char   *text,
          GError      **error)
{
  g_autoptr(ObRawMessage) message = raw_message (text);

  return ob_smtp_client_send_sync (f->client, env, OB_MESSAGE_SOURCE (message), NULL, error);
}

void
assert_no_secret (Fixture *f)
{
  g_autofree char *log = transcript_text (f);
  g_autofree char *b64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));

  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, b64));
}

