/* test-aiosmtpd.c — aiosmtpd starts, takes mail over STARTTLS and AUTH, and stops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-test-aiosmtpd.h"
#include "ob-test-client.h"
#include "ob-test-util.h"

/* A throwaway password for a throwaway server. */
#define TEST_USER     "ada@example.com"
#define TEST_PASSWORD "test-password-1"

static char *
auth_plain_line (const char *user,
                 const char *password)
{
  g_autoptr(GString) credentials = g_string_new (NULL);
  g_autofree char *encoded = NULL;

  g_string_append_c (credentials, '\0');
  g_string_append (credentials, user);
  g_string_append_c (credentials, '\0');
  g_string_append (credentials, password);
  encoded = g_base64_encode ((const guchar *) credentials->str, credentials->len);
  return g_strdup_printf ("AUTH PLAIN %s\r\n", encoded);
}

static void
test_aiosmtpd_starttls_auth (void)
{
  g_autoptr(ObTestAiosmtpd) server = NULL;
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *wrong = auth_plain_line (TEST_USER, "not-the-password");
  g_autofree char *right = auth_plain_line (TEST_USER, TEST_PASSWORD);
  ObTestAiosmtpdMessage *message;
  GTlsCertificateFlags errors;
  guint16 port;

  server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH,
                                   TEST_USER, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  port = ob_test_aiosmtpd_get_port (server);

  client = ob_test_client_connect (port);
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "220 "));
  g_clear_pointer (&reply, g_free);

  ob_test_client_send (client, "EHLO client.example\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_nonnull (strstr (reply, "250-STARTTLS"));
  /* No login offered before TLS. */
  g_assert_null (strstr (reply, "AUTH"));
  g_clear_pointer (&reply, g_free);

  ob_test_client_send (client, "STARTTLS\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "220 "));
  g_clear_pointer (&reply, g_free);
  g_assert_true (ob_test_client_start_tls (client, port, &errors, &error));
  g_assert_no_error (error);

  ob_test_client_send (client, "EHLO client.example\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_nonnull (strstr (reply, "250-AUTH LOGIN PLAIN"));
  g_clear_pointer (&reply, g_free);

  ob_test_client_send (client, wrong);
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "535 "));
  g_clear_pointer (&reply, g_free);
  ob_test_client_send (client, right);
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "235 "));
  g_clear_pointer (&reply, g_free);

  ob_test_client_send (client, "MAIL FROM:<" TEST_USER ">\r\n");
  ob_test_client_expect_reply (client, "250 OK");
  ob_test_client_send (client, "RCPT TO:<bob@example.com>\r\n");
  ob_test_client_expect_reply (client, "250 OK");
  ob_test_client_send (client, "DATA\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "354 "));
  g_clear_pointer (&reply, g_free);
  ob_test_client_send (client, "Subject: hi\r\n\r\n..leading dot\r\n.\r\n");
  ob_test_client_expect_reply (client, "250 2.0.0 Message accepted");
  ob_test_client_send (client, "QUIT\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "221 "));

  messages = ob_test_aiosmtpd_get_messages (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (message->mail_from, ==, TEST_USER);
  g_assert_cmpuint (g_strv_length (message->rcpt_to), ==, 1);
  g_assert_cmpstr (message->rcpt_to[0], ==, "bob@example.com");
  g_assert_cmpuint (g_strv_length (message->mail_options), ==, 0);
  g_assert_cmpstr (message->login, ==, TEST_USER);
  g_assert_true (message->tls);
  /* aiosmtpd undoes the dot-stuffing. */
  ob_test_assert_bytes_equal (message->data, "Subject: hi\r\n\r\n.leading dot\r\n");

  ob_test_aiosmtpd_stop (server);
}

static void
test_aiosmtpd_implicit_tls (void)
{
  g_autoptr(ObTestAiosmtpd) server = NULL;
  g_autoptr(ObTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  GTlsCertificateFlags errors;
  guint16 port;

  server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_IMPLICIT_TLS | OB_TEST_AIOSMTPD_AUTH,
                                   TEST_USER, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  port = ob_test_aiosmtpd_get_port (server);

  client = ob_test_client_connect (port);
  g_assert_true (ob_test_client_start_tls (client, port, &errors, &error));
  g_assert_no_error (error);
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "220 "));
  g_clear_pointer (&reply, g_free);

  ob_test_client_send (client, "EHLO client.example\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_nonnull (strstr (reply, "250-AUTH LOGIN PLAIN"));
  g_assert_null (strstr (reply, "STARTTLS"));
  g_clear_pointer (&reply, g_free);

  /* Mail without a login is refused. */
  ob_test_client_send (client, "MAIL FROM:<" TEST_USER ">\r\n");
  reply = ob_test_client_read_reply (client);
  g_assert_true (g_str_has_prefix (reply, "530 "));
  ob_test_client_send (client, "QUIT\r\n");
  ob_test_client_skip_reply (client);

  ob_test_aiosmtpd_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/aiosmtpd/starttls-auth", test_aiosmtpd_starttls_auth);
  g_test_add_func ("/ob/support/aiosmtpd/implicit-tls", test_aiosmtpd_implicit_tls);

  return g_test_run ();
}
