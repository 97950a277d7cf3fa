/* ob-certificate.c — facts about a server's certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/x509.h>

#include "ob-account.h"
#include "ob-certificate.h"

static GByteArray *
certificate_der (GTlsCertificate *certificate)
{
  GByteArray *der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return der;
}

/**
 * ob_certificate_get_sha256:
 *
 * Returns: the SHA-256 fingerprint of the DER certificate, 64 lower-case
 *   hex digits: the form pins are stored in
 */
char *
ob_certificate_get_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  der = certificate_der (certificate);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

/**
 * ob_certificate_normalize_fingerprint:
 * @fingerprint: a SHA-256 fingerprint as people copy it: any case, with or
 *   without colons or spaces
 *
 * Returns: (nullable): 64 lower-case hex digits, or %NULL when
 *   @fingerprint is not a SHA-256 fingerprint
 */
char *
ob_certificate_normalize_fingerprint (const char *fingerprint)
{
  GString *hex;

  if (fingerprint == NULL)
    return NULL;

  hex = g_string_new (NULL);
  for (const char *p = fingerprint; *p; p++)
    {
      if (*p == ':' || *p == ' ')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
      g_string_append_c (hex, g_ascii_tolower (*p));
    }
  if (hex->len != 64)
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  return g_string_free (hex, FALSE);
}

/**
 * ob_certificate_format_fingerprint:
 *
 * Returns: @fingerprint (64 hex digits) as people read it: "AB:CD:…"
 */
char *
ob_certificate_format_fingerprint (const char *fingerprint)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; fingerprint[i] && fingerprint[i + 1]; i += 2)
    {
      if (i > 0)
        g_string_append_c (s, ':');
      g_string_append_c (s, g_ascii_toupper (fingerprint[i]));
      g_string_append_c (s, g_ascii_toupper (fingerprint[i + 1]));
    }
  return g_string_free (s, FALSE);
}

/**
 * ob_certificate_get_public_key:
 * @algorithm: (out): "RSA", "ECDSA", "EdDSA"… (not translated)
 * @bits: (out): the key size
 *
 * GIO does not expose the key, so this reads the certificate with GnuTLS.
 */
gboolean
ob_certificate_get_public_key (GTlsCertificate  *certificate,
                               const char      **algorithm,
                               guint            *bits)
{
  g_autoptr(GByteArray) der = certificate_der (certificate);
  gnutls_x509_crt_t crt;
  gnutls_datum_t datum;
  int algo;

  if (der == NULL || gnutls_x509_crt_init (&crt) < 0)
    return FALSE;

  datum.data = der->data;
  datum.size = der->len;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return FALSE;
    }
  algo = gnutls_x509_crt_get_pk_algorithm (crt, bits);
  gnutls_x509_crt_deinit (crt);
  if (algo < 0)
    return FALSE;

  switch (algo)
    {
    case GNUTLS_PK_RSA:
    case GNUTLS_PK_RSA_PSS:
      *algorithm = "RSA";
      break;
    case GNUTLS_PK_ECDSA:
      *algorithm = "ECDSA";
      break;
    case GNUTLS_PK_EDDSA_ED25519:
    case GNUTLS_PK_EDDSA_ED448:
      *algorithm = "EdDSA";
      break;
    default:
      *algorithm = gnutls_pk_algorithm_get_name (algo);
    }
  return TRUE;
}

/**
 * ob_certificate_describe_flags:
 *
 * Returns: why a certificate was refused, in words, one reason per line
 */
char *
ob_certificate_describe_flags (GTlsCertificateFlags flags)
{
  GString *s = g_string_new (NULL);
  struct { GTlsCertificateFlags flag; const char *text; } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("It is not signed by an authority this computer trusts.") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("It was issued for a different server name.") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("It is not valid yet.") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("It has expired.") },
    { G_TLS_CERTIFICATE_REVOKED, N_("It has been revoked.") },
    { G_TLS_CERTIFICATE_INSECURE, N_("It uses an insecure algorithm.") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("It could not be checked.") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if ((flags & reasons[i].flag) == 0)
        continue;
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, _(reasons[i].text));
    }
  return g_string_free (s, FALSE);
}

/* Reads the file the way the TLS connection will, so a file that passes
 * here is one the connection can use. */
static void
check_ca_file_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) local_error = NULL;
  GList *certificates;

  if (!g_path_is_absolute (path))
    {
      g_task_return_new_error (task, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_CA_FILE,
                               _("The certificate authority file must be given with its full "
                                 "path, not “%s”."), path);
      return;
    }
  certificates = g_tls_certificate_list_new_from_file (path, &local_error);
  if (local_error != NULL)
    {
      /* GIO's message already names the file. */
      g_task_return_new_error (task, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_CA_FILE,
                               "%s", local_error->message);
      return;
    }
  if (certificates == NULL)
    {
      g_task_return_new_error (task, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_CA_FILE,
                               _("“%s” holds no certificates in PEM form."), path);
      return;
    }
  g_list_free_full (certificates, g_object_unref);
  g_task_return_boolean (task, TRUE);
}

/**
 * ob_certificate_check_ca_file_async:
 * @path: the certificate authority file an account would trust
 *
 * Checks, in a thread, that @path is an absolute path to a readable file
 * holding at least one PEM certificate.
 */
void
ob_certificate_check_ca_file_async (const char          *path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_certificate_check_ca_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, check_ca_file_thread);
}

/**
 * ob_certificate_check_ca_file_finish:
 *
 * Returns: whether the file can be used; if not, @error is an
 *   %OB_ACCOUNT_ERROR_INVALID_CA_FILE saying why
 */
gboolean
ob_certificate_check_ca_file_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ob_certificate_check_ca_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
