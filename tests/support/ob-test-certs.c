/* ob-test-certs.c — a test CA and server certificates made at test time
 *
 * Tests never switch certificate checks off: they trust this CA instead.
 * Everything is made with certtool (gnutls-bin) in a private temporary
 * directory, once per process, and removed when the process exits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "ob-test-certs.h"
#include "ob-test-util.h"

/* certtool takes milliseconds per EC key; this only bounds a broken run. */
#define CERTTOOL_TIMEOUT_MS 30000

struct _ObTestCerts
{
  char            *dir;
  char            *ca_file;
  char            *ca_key_file;
  char            *cert_files[OB_TEST_N_CERT_KINDS];
  char            *key_files[OB_TEST_N_CERT_KINDS];
  GTlsCertificate *servers[OB_TEST_N_CERT_KINDS];
  GHashTable      *issued;    /* names joined by spaces → GTlsCertificate */
};

typedef struct
{
  const char *name;
  guint       rsa_bits;     /* 0: ECDSA P-256, fast to make */
  gboolean    self_signed;
  const char *template;
} CertSpec;

#define FOR_LOCALHOST \
  "cn = \"localhost\"\n" \
  "dns_name = \"localhost\"\n" \
  "ip_address = \"127.0.0.1\"\n"
#define VALID_NOW "expiration_days = 30\n"
#define SERVER_USAGE "tls_www_server\nsigning_key\n"
/* RSA key exchange in TLS 1.2 encrypts with the certificate's key. */
#define RSA_SERVER_USAGE SERVER_USAGE "encryption_key\n"

static const CertSpec specs[OB_TEST_N_CERT_KINDS] = {
  [OB_TEST_CERT_LOCALHOST] = {
    "localhost", 0, FALSE, FOR_LOCALHOST VALID_NOW SERVER_USAGE,
  },
  [OB_TEST_CERT_WRONG_HOST] = {
    "wrong-host", 0, FALSE,
    "cn = \"wrong.example\"\ndns_name = \"wrong.example\"\n" VALID_NOW SERVER_USAGE,
  },
  [OB_TEST_CERT_EXPIRED] = {
    "expired", 0, FALSE,
    FOR_LOCALHOST
    "activation_date = \"2020-01-01 00:00:00\"\n"
    "expiration_date = \"2020-01-31 00:00:00\"\n"
    SERVER_USAGE,
  },
  [OB_TEST_CERT_SELF_SIGNED] = {
    "self-signed", 0, TRUE, FOR_LOCALHOST VALID_NOW SERVER_USAGE,
  },
  [OB_TEST_CERT_WEAK_KEY] = {
    "weak-key", 1024, FALSE, FOR_LOCALHOST VALID_NOW RSA_SERVER_USAGE,
  },
  [OB_TEST_CERT_RSA] = {
    "rsa", 2048, FALSE, FOR_LOCALHOST VALID_NOW RSA_SERVER_USAGE,
  },
};

static const char ca_template[] =
  "cn = \"Outbound Test CA\"\n"
  "ca\n"
  "cert_signing_key\n"
  VALID_NOW;

static GMutex certs_lock;
static ObTestCerts *certs_instance;

static void
ob_test_certs_free (ObTestCerts *certs)
{
  if (certs->dir != NULL)
    ob_test_remove_tree (certs->dir);
  g_free (certs->dir);
  g_free (certs->ca_file);
  g_free (certs->ca_key_file);
  for (guint i = 0; i < OB_TEST_N_CERT_KINDS; i++)
    {
      g_free (certs->cert_files[i]);
      g_free (certs->key_files[i]);
      g_clear_object (&certs->servers[i]);
    }
  g_clear_pointer (&certs->issued, g_hash_table_unref);
  g_free (certs);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObTestCerts, ob_test_certs_free)

static void
free_instance_at_exit (void)
{
  g_mutex_lock (&certs_lock);
  g_clear_pointer (&certs_instance, ob_test_certs_free);
  g_mutex_unlock (&certs_lock);
}

static gboolean
make_key (const char  *certtool,
          const char  *key_file,
          guint        rsa_bits,
          GError     **error)
{
  g_autofree char *bits = g_strdup_printf ("%u", rsa_bits);
  const char *ec_argv[] = {
    certtool, "--generate-privkey", "--key-type", "ecdsa", "--curve", "secp256r1",
    "--no-text", "--outfile", key_file, NULL
  };
  const char *rsa_argv[] = {
    certtool, "--generate-privkey", "--key-type", "rsa", "--bits", bits,
    "--no-text", "--outfile", key_file, NULL
  };

  return ob_test_run (rsa_bits > 0 ? rsa_argv : ec_argv, CERTTOOL_TIMEOUT_MS, error);
}

/* Makes name.key and name.pem in the directory; signed by the CA unless
 * @ca_file is NULL, in which case the certificate signs itself. */
static gboolean
make_certificate (ObTestCerts *certs,
                  const char  *certtool,
                  const char  *name,
                  const char  *template,
                  guint        rsa_bits,
                  const char  *ca_file,
                  char       **out_cert_file,
                  char       **out_key_file,
                  GError     **error)
{
  g_autofree char *base = g_build_filename (certs->dir, name, NULL);
  g_autofree char *template_file = g_strconcat (base, ".tmpl", NULL);
  g_autofree char *key_file = g_strconcat (base, ".key", NULL);
  g_autofree char *cert_file = g_strconcat (base, ".pem", NULL);
  const char *self_signed_argv[] = {
    certtool, "--generate-self-signed", "--load-privkey", key_file,
    "--template", template_file, "--outfile", cert_file, NULL
  };
  const char *signed_argv[] = {
    certtool, "--generate-certificate", "--load-privkey", key_file,
    "--load-ca-certificate", ca_file, "--load-ca-privkey", certs->ca_key_file,
    "--template", template_file, "--outfile", cert_file, NULL
  };

  if (!g_file_set_contents (template_file, template, -1, error))
    return FALSE;
  if (!make_key (certtool, key_file, rsa_bits, error))
    return FALSE;
  if (!ob_test_run (ca_file != NULL ? signed_argv : self_signed_argv, CERTTOOL_TIMEOUT_MS,
                    error))
    {
      g_prefix_error (error, "making the “%s” test certificate: ", name);
      return FALSE;
    }

  *out_cert_file = g_steal_pointer (&cert_file);
  *out_key_file = g_steal_pointer (&key_file);
  return TRUE;
}

static ObTestCerts *
generate (GError **error)
{
  g_autoptr(ObTestCerts) certs = g_new0 (ObTestCerts, 1);
  g_autofree char *certtool = g_find_program_in_path ("certtool");

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "GIO has no TLS support (Debian package glib-networking)");
      return NULL;
    }
  if (certtool == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "certtool is not installed (Debian package gnutls-bin)");
      return NULL;
    }

  certs->issued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  certs->dir = g_dir_make_tmp ("outbound-certs-XXXXXX", error);
  if (certs->dir == NULL)
    return NULL;

  if (!make_certificate (certs, certtool, "ca", ca_template, 0, NULL,
                         &certs->ca_file, &certs->ca_key_file, error))
    return NULL;

  for (guint i = 0; i < OB_TEST_N_CERT_KINDS; i++)
    {
      const CertSpec *spec = &specs[i];

      if (!make_certificate (certs, certtool, spec->name, spec->template, spec->rsa_bits,
                             spec->self_signed ? NULL : certs->ca_file,
                             &certs->cert_files[i], &certs->key_files[i], error))
        return NULL;

      certs->servers[i] = g_tls_certificate_new_from_files (certs->cert_files[i],
                                                            certs->key_files[i], error);
      if (certs->servers[i] == NULL)
        return NULL;
    }

  return g_steal_pointer (&certs);
}

/**
 * ob_test_certs_get:
 *
 * Makes the test CA and every #ObTestCertKind the first time it is called
 * in a process, and returns the same set afterwards. The files are removed
 * when the process exits.
 *
 * Returns: (transfer none): the certificates, or %NULL with @error set
 */
ObTestCerts *
ob_test_certs_get (GError **error)
{
  ObTestCerts *certs;

  g_mutex_lock (&certs_lock);
  if (certs_instance == NULL)
    {
      certs_instance = generate (error);
      if (certs_instance != NULL)
        atexit (free_instance_at_exit);
    }
  certs = certs_instance;
  g_mutex_unlock (&certs_lock);

  return certs;
}

/**
 * ob_test_certs_get_dir:
 *
 * Returns: the private directory holding every file
 */
const char *
ob_test_certs_get_dir (ObTestCerts *certs)
{
  g_return_val_if_fail (certs != NULL, NULL);

  return certs->dir;
}

/**
 * ob_test_certs_get_ca_file:
 *
 * Returns: the PEM file of the test CA, for g_tls_file_database_new() or a
 *   server written in another language
 */
const char *
ob_test_certs_get_ca_file (ObTestCerts *certs)
{
  g_return_val_if_fail (certs != NULL, NULL);

  return certs->ca_file;
}

/**
 * ob_test_certs_new_database:
 *
 * Returns: (transfer full): a database trusting only the test CA, for
 *   g_tls_connection_set_database(); validation stays fully on
 */
GTlsDatabase *
ob_test_certs_new_database (ObTestCerts *certs,
                            GError     **error)
{
  g_return_val_if_fail (certs != NULL, NULL);

  return g_tls_file_database_new (certs->ca_file, error);
}

/**
 * ob_test_certs_get_server:
 *
 * Returns: (transfer none): the certificate of @kind with its private key,
 *   ready for g_tls_server_connection_new()
 */
GTlsCertificate *
ob_test_certs_get_server (ObTestCerts   *certs,
                          ObTestCertKind kind)
{
  g_return_val_if_fail (certs != NULL, NULL);
  g_return_val_if_fail (kind < OB_TEST_N_CERT_KINDS, NULL);

  return certs->servers[kind];
}

/**
 * ob_test_certs_get_cert_file:
 *
 * Returns: the PEM file of the certificate of @kind
 */
const char *
ob_test_certs_get_cert_file (ObTestCerts   *certs,
                             ObTestCertKind kind)
{
  g_return_val_if_fail (certs != NULL, NULL);
  g_return_val_if_fail (kind < OB_TEST_N_CERT_KINDS, NULL);

  return certs->cert_files[kind];
}

/**
 * ob_test_certs_get_key_file:
 *
 * Returns: the PEM file of the private key of @kind
 */
const char *
ob_test_certs_get_key_file (ObTestCerts   *certs,
                            ObTestCertKind kind)
{
  g_return_val_if_fail (certs != NULL, NULL);
  g_return_val_if_fail (kind < OB_TEST_N_CERT_KINDS, NULL);

  return certs->key_files[kind];
}

/**
 * ob_test_certs_issue:
 * @dns_names: (array zero-terminated=1): the host names the certificate is
 *   for; at least one
 *
 * Makes a certificate signed by the test CA for exactly @dns_names (ECDSA
 * P-256, valid now), for tests that connect to made-up hosts such as
 * smtp.example.test. The same names give the same certificate for the rest
 * of the process.
 *
 * Returns: (transfer none): the certificate with its private key, or %NULL
 *   with @error set
 */
GTlsCertificate *
ob_test_certs_issue (ObTestCerts         *certs,
                     const char * const  *dns_names,
                     GError             **error)
{
  g_autofree char *key = NULL;
  g_autofree char *certtool = NULL;
  g_autofree char *name = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autoptr(GString) template = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (certs != NULL, NULL);
  g_return_val_if_fail (dns_names != NULL && dns_names[0] != NULL, NULL);

  key = g_strjoinv (" ", (char **) dns_names);
  g_mutex_lock (&certs_lock);
  certificate = g_hash_table_lookup (certs->issued, key);
  if (certificate != NULL)
    {
      g_mutex_unlock (&certs_lock);
      return certificate;
    }

  template = g_string_new (NULL);
  g_string_append_printf (template, "cn = \"%s\"\n", dns_names[0]);
  for (guint i = 0; dns_names[i] != NULL; i++)
    g_string_append_printf (template, "dns_name = \"%s\"\n", dns_names[i]);
  g_string_append (template, VALID_NOW SERVER_USAGE);

  certtool = g_find_program_in_path ("certtool");
  name = g_strdup_printf ("issued-%u", g_hash_table_size (certs->issued));
  if (certtool != NULL &&
      make_certificate (certs, certtool, name, template->str, 0, certs->ca_file,
                        &cert_file, &key_file, error))
    certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);
  else if (certtool == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "certtool is not installed (Debian package gnutls-bin)");

  if (certificate != NULL)
    g_hash_table_insert (certs->issued, g_steal_pointer (&key), certificate);
  g_mutex_unlock (&certs_lock);
  return certificate;
}
