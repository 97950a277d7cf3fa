/* ob-test-certs.h — a test CA and server certificates made at test time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ObTestCertKind:
 * @OB_TEST_CERT_LOCALHOST: signed by the test CA for DNS:localhost and
 *   IP:127.0.0.1, ECDSA P-256: what a correct server presents
 * @OB_TEST_CERT_WRONG_HOST: signed by the test CA, but only for
 *   “wrong.example”
 * @OB_TEST_CERT_EXPIRED: signed by the test CA for localhost, valid only in
 *   January 2020
 * @OB_TEST_CERT_SELF_SIGNED: for localhost, signed by its own key instead of
 *   the test CA
 * @OB_TEST_CERT_WEAK_KEY: signed by the test CA for localhost, with a
 *   1024-bit RSA key
 * @OB_TEST_CERT_RSA: signed by the test CA for localhost, with a 2048-bit
 *   RSA key: strong enough, for checks that must not confuse RSA and EC
 *   key sizes
 *
 * Every server certificate comes with its private key.
 */
typedef enum {
  OB_TEST_CERT_LOCALHOST,
  OB_TEST_CERT_WRONG_HOST,
  OB_TEST_CERT_EXPIRED,
  OB_TEST_CERT_SELF_SIGNED,
  OB_TEST_CERT_WEAK_KEY,
  OB_TEST_CERT_RSA,
} ObTestCertKind;

#define OB_TEST_N_CERT_KINDS (OB_TEST_CERT_RSA + 1)

typedef struct _ObTestCerts ObTestCerts;

ObTestCerts     *ob_test_certs_get           (GError        **error);

const char      *ob_test_certs_get_dir       (ObTestCerts    *certs);
const char      *ob_test_certs_get_ca_file   (ObTestCerts    *certs);
GTlsDatabase    *ob_test_certs_new_database  (ObTestCerts    *certs,
                                              GError        **error);
GTlsCertificate *ob_test_certs_get_server    (ObTestCerts    *certs,
                                              ObTestCertKind  kind);
const char      *ob_test_certs_get_cert_file (ObTestCerts    *certs,
                                              ObTestCertKind  kind);
const char      *ob_test_certs_get_key_file  (ObTestCerts    *certs,
                                              ObTestCertKind  kind);
GTlsCertificate *ob_test_certs_issue         (ObTestCerts         *certs,
                                              const char * const  *dns_names,
                                              GError             **error);

G_END_DECLS
