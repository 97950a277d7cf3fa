/* test-smtp-client-security.c — the SMTP client's TLS, STARTTLS and login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificates come from a test CA made at test time; checks stay on.
 */
#include "config.h"

#include <string.h>

#include "smtp-client-fixture.h"

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

      smtp_fixture_setup (&f, NULL);
      ob_fake_smtp_server_start_tls_refused (f.server, cert (cases[i].kind));
      start (&f, OB_SECURITY_TLS);

      g_assert_false (ob_smtp_client_connect_sync (f.client, NULL, &error));
      g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
      g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_TLS);
      g_assert_true (ob_smtp_error_get_certificate_flags (error) & cases[i].flag);
      g_assert_true (G_IS_TLS_CERTIFICATE (ob_smtp_error_get_peer_certificate (error)));
      smtp_fixture_teardown (&f, NULL);
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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

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

  return g_test_run ();
}
