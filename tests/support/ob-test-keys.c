/* ob-test-keys.c — public keys made at test time, as DNS records carry them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are generated with GnuTLS for each run rather than stored, so tests
 * can ask for any size, including ones too weak for real use.
 */
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

#include "ob-test-keys.h"

/**
 * ob_test_rsa_public_key_base64:
 * @bits: the modulus size; GnuTLS makes keys from 512 bits up
 *
 * Returns: (transfer full): a new RSA public key as a base64
 *   SubjectPublicKeyInfo, the form of a DKIM record's p= tag
 */
char *
ob_test_rsa_public_key_base64 (guint bits)
{
  gnutls_privkey_t privkey = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t der = { NULL, 0 };
  char *base64;

  g_assert_cmpint (gnutls_privkey_init (&privkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_generate (privkey, GNUTLS_PK_RSA, bits, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (pubkey, privkey, 0, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_export2 (pubkey, GNUTLS_X509_FMT_DER, &der), ==, 0);

  base64 = g_base64_encode (der.data, der.size);
  gnutls_free (der.data);
  gnutls_pubkey_deinit (pubkey);
  gnutls_privkey_deinit (privkey);
  return base64;
}
