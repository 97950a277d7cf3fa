/* test-certs.c — the test CA and certificates are what they claim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-test-certs.h"

typedef struct
{
  ObTestCertKind       kind;
  const char          *host;
  GTlsCertificateFlags flags;
} CertCase;

static const CertCase cert_cases[] = {
  { OB_TEST_CERT_LOCALHOST, "localhost", 0 },
  { OB_TEST_CERT_LOCALHOST, "127.0.0.1", 0 },
  { OB_TEST_CERT_LOCALHOST, "wrong.example", G_TLS_CERTIFICATE_BAD_IDENTITY },
  { OB_TEST_CERT_WRONG_HOST, "localhost", G_TLS_CERTIFICATE_BAD_IDENTITY },
  { OB_TEST_CERT_WRONG_HOST, "wrong.example", 0 },
  { OB_TEST_CERT_EXPIRED, "localhost", G_TLS_CERTIFICATE_EXPIRED },
  { OB_TEST_CERT_SELF_SIGNED, "localhost", G_TLS_CERTIFICATE_UNKNOWN_CA },
  { OB_TEST_CERT_WEAK_KEY, "localhost", 0 },
  { OB_TEST_CERT_RSA, "localhost", 0 },
};

static void
test_certs_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  g_assert_true (ob_test_certs_get (NULL) == certs);
  g_assert_true (g_file_test (ob_test_certs_get_ca_file (certs), G_FILE_TEST_IS_REGULAR));
  database = ob_test_certs_new_database (certs, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (cert_cases); i++)
    {
      const CertCase *c = &cert_cases[i];
      g_autoptr(GSocketConnectable) identity = g_network_address_new (c->host, 25);
      GTlsCertificate *certificate = ob_test_certs_get_server (certs, c->kind);
      GTlsCertificateFlags flags;

      g_test_message ("case %zu: certificate %d for %s", i, c->kind, c->host);
      g_assert_true (g_file_test (ob_test_certs_get_cert_file (certs, c->kind),
                                  G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (ob_test_certs_get_key_file (certs, c->kind),
                                  G_FILE_TEST_IS_REGULAR));
      flags = g_tls_database_verify_chain (database, certificate,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, &error);
      g_assert_no_error (error);
      g_assert_cmphex (flags, ==, c->flags);
    }
}

static void
test_certs_issue (void)
{
  static const char * const names[] = { "smtp.example.test", "mail.example.test", NULL };
  static const struct { const char *host; GTlsCertificateFlags flags; } hosts[] = {
    { "smtp.example.test", 0 },
    { "mail.example.test", 0 },
    { "example.test", G_TLS_CERTIFICATE_BAD_IDENTITY },
    { "localhost", G_TLS_CERTIFICATE_BAD_IDENTITY },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);
  GTlsCertificate *certificate;

  g_assert_no_error (error);
  database = ob_test_certs_new_database (certs, &error);
  g_assert_no_error (error);
  certificate = ob_test_certs_issue (certs, names, &error);
  g_assert_no_error (error);
  g_assert_true (G_IS_TLS_CERTIFICATE (certificate));
  g_assert_true (ob_test_certs_issue (certs, names, NULL) == certificate);

  for (gsize i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(GSocketConnectable) identity = g_network_address_new (hosts[i].host, 465);
      GTlsCertificateFlags flags;

      flags = g_tls_database_verify_chain (database, certificate,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           NULL, &error);
      g_assert_no_error (error);
      g_assert_cmphex (flags, ==, hosts[i].flags);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/certs/verify", test_certs_verify);
  g_test_add_func ("/ob/support/certs/issue", test_certs_issue);

  return g_test_run ();
}
