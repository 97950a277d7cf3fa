/* test-diagnosis.c — SMTP failures explained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case of test-diagnosis-cases.c builds the GError the SMTP client
 * produces and checks what a person is told: the category, the setting to
 * fix, whether retrying helps, a phrase the remedy must contain and the
 * help page.
 */
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ob-diagnosis.h"
#include "ob-diagnosis-private.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "test-diagnosis-cases.h"

#define GOOGLE_APP_PASSWORDS "https://support.google.com/accounts/answer/185833"

static GError *
make_error (const Case *c)
{
  g_autoptr(ObSmtpReply) reply = NULL;

  if (c->domain != NULL)
    return g_error_new (c->domain (), c->code, "%s failed (as the system put it)", c->name);

  if (c->reply_code != 0)
    reply = ob_smtp_reply_new (c->reply_code, c->lines);
  return ob_smtp_error_new (c->code, c->stage, reply, "%s failed (as the client put it)",
                            c->name);
}

static void
make_context (const Case         *c,
              ObDiagnosisContext *context)
{
  *context = (ObDiagnosisContext) {
    .provider_id = c->provider,
    .host = c->host,
    .port = c->port,
    .has_security = c->security != UNKNOWN_SECURITY,
    .security = c->security != UNKNOWN_SECURITY ? (ObSecurity) c->security : OB_SECURITY_TLS,
    .size_limit = c->size_limit,
    .offline = c->offline,
  };
}

/* Checks one case and returns the rule that spoke. */
static guint
check_case (const Case *c)
{
  g_autoptr(GError) error = make_error (c);
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  ObDiagnosisContext context;
  const char *remedy;

  g_test_message ("case: %s", c->name);
  make_context (c, &context);
  diagnosis = ob_diagnosis_new_for_error (error, &context);
  remedy = ob_diagnosis_get_remedy (diagnosis);

  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, c->category);
  g_assert_cmpint (ob_diagnosis_get_field (diagnosis), ==, c->field);
  g_assert_cmpint (ob_diagnosis_get_retry_helps (diagnosis), ==, c->retry);
  if (strstr (remedy, c->remedy_says) == NULL)
    g_error ("“%s”: the remedy “%s” does not say “%s”", c->name, remedy, c->remedy_says);
  g_assert_cmpstr (ob_diagnosis_get_help_url (diagnosis), ==, c->help_url);
  g_assert_cmpstr (ob_diagnosis_get_title (diagnosis), !=, "");
  g_assert_cmpstr (ob_diagnosis_get_explanation (diagnosis), !=, "");

  /* The server's words, or else the error's, are always there to read. */
  if (c->reply_code != 0)
    {
      g_autofree char *first = g_strdup_printf ("%03u%c%s", c->reply_code,
                                                c->lines[1] != NULL ? '-' : ' ', c->lines[0]);

      g_assert_true (ob_diagnosis_get_detail_is_reply (diagnosis));
      g_assert_true (g_str_has_prefix (ob_diagnosis_get_detail (diagnosis), first));
    }
  else if (c->category != OB_DIAGNOSIS_CATEGORY_CANCELLED)
    {
      g_assert_false (ob_diagnosis_get_detail_is_reply (diagnosis));
      g_assert_nonnull (strstr (ob_diagnosis_get_detail (diagnosis), c->name));
    }

  return ob_diagnosis_get_rule_index (diagnosis);
}

static void
test_diagnosis_replies (void)
{
  g_assert_cmpuint (n_reply_cases, >=, 60);

  for (gsize i = 0; i < n_reply_cases; i++)
    check_case (&reply_cases[i]);
}

static void
test_diagnosis_other_failures (void)
{
  for (gsize i = 0; i < n_other_cases; i++)
    check_case (&other_cases[i]);
}

/* Certificates made at test time, so the names, dates and issuers are
 * real and nothing is read from disk. */
typedef struct
{
  GTlsCertificate *leaf;          /* mail.example.org and smtp.example.org, from the CA */
  GTlsCertificate *self_signed;   /* the CA itself */
  GTlsCertificate *many_names;    /* seven names, one with a control character */
  GTlsCertificate *expired;
} Certificates;

static Certificates certificates;

static void
make_key (gnutls_x509_privkey_t *key)
{
  g_assert_cmpint (gnutls_x509_privkey_init (key), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_privkey_generate (*key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, GNUTLS_E_SUCCESS);
}

/* Signs with @issuer and @issuer_key, or by itself when they are NULL. */
static gnutls_x509_crt_t
make_x509 (const char            *common_name,
           const char * const    *dns_names,
           gint64                 not_after,
           gnutls_x509_privkey_t  key,
           gnutls_x509_crt_t      issuer,
           gnutls_x509_privkey_t  issuer_key)
{
  static guint8 serial = 1;
  g_autofree char *dn = g_strdup_printf ("CN=%s,O=Outbound tests", common_name);
  gnutls_x509_crt_t crt;
  const char *dn_error = NULL;

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, &serial, 1), ==, GNUTLS_E_SUCCESS);
  serial++;
  g_assert_cmpint (gnutls_x509_crt_set_dn (crt, dn, &dn_error), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, not_after - 2 * 365 * 86400),
                   ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, not_after), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, GNUTLS_E_SUCCESS);
  if (dns_names != NULL)
    {
      /* GnuTLS would clean the names up; a hostile server would not, so
       * the extension is encoded by hand: a SEQUENCE of [2] IA5String. */
      g_autoptr(GByteArray) san = g_byte_array_new ();
      guint8 header[2] = { 0x30, 0 };

      for (guint i = 0; dns_names[i] != NULL; i++)
        {
          guint8 tag[2] = { 0x82, strlen (dns_names[i]) };

          g_byte_array_append (san, tag, 2);
          g_byte_array_append (san, (const guint8 *) dns_names[i], strlen (dns_names[i]));
        }
      g_assert_cmpuint (san->len, <, 128);
      header[1] = san->len;
      g_byte_array_prepend (san, header, 2);
      g_assert_cmpint (gnutls_x509_crt_set_extension_by_oid (crt, "2.5.29.17", san->data,
                                                             san->len, 0),
                       ==, GNUTLS_E_SUCCESS);
    }
  if (issuer == NULL)
    g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 1, -1), ==, GNUTLS_E_SUCCESS);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, issuer ? issuer : crt,
                                          issuer_key ? issuer_key : key, GNUTLS_DIG_SHA256, 0),
                   ==, GNUTLS_E_SUCCESS);
  return crt;
}

static GTlsCertificate *
to_gio (gnutls_x509_crt_t crt)
{
  gnutls_datum_t pem = { NULL, 0 };
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), ==,
                   GNUTLS_E_SUCCESS);
  certificate = g_tls_certificate_new_from_pem ((const char *) pem.data, pem.size, &error);
  g_assert_no_error (error);
  gnutls_free (pem.data);
  gnutls_x509_crt_deinit (crt);
  return certificate;
}

static void
certificates_make (void)
{
  const char * const leaf_names[] = { "mail.example.org", "smtp.example.org", NULL };
  const char * const many_names[] = { "a.example.org", "b.example.org", "evil\x1b[2J.example.org",
                                      "d.example.org", "e.example.org", "f.example.org",
                                      "g.example.org", NULL };
  gint64 next_year = g_get_real_time () / G_USEC_PER_SEC + 365 * 86400;
  gnutls_x509_privkey_t ca_key, key;
  gnutls_x509_crt_t ca;

  make_key (&ca_key);
  make_key (&key);
  ca = make_x509 ("Outbound Test CA", NULL, next_year, ca_key, NULL, NULL);
  certificates.leaf = to_gio (make_x509 ("mail.example.org", leaf_names, next_year,
                                         key, ca, ca_key));
  certificates.many_names = to_gio (make_x509 ("a.example.org", many_names, next_year,
                                               key, ca, ca_key));
  /* 2 January 2020 */
  certificates.expired = to_gio (make_x509 ("old.example.org", leaf_names, 1577923200,
                                            key, ca, ca_key));
  certificates.self_signed = to_gio (ca);
  gnutls_x509_privkey_deinit (key);
  gnutls_x509_privkey_deinit (ca_key);
}

static void
certificates_clear (void)
{
  g_clear_object (&certificates.leaf);
  g_clear_object (&certificates.self_signed);
  g_clear_object (&certificates.many_names);
  g_clear_object (&certificates.expired);
}

typedef struct
{
  const char           *name;
  GTlsCertificate     **certificate;   /* NULL: the error carries none */
  GTlsCertificateFlags  flags;
  ObDiagnosisField      field;
  const char           *remedy_says;
  const char           *explanation_says[3];
} CertificateCase;

static const CertificateCase certificate_cases[] = {
  { "for another host", &certificates.leaf, G_TLS_CERTIFICATE_BAD_IDENTITY,
    OB_DIAGNOSIS_FIELD_HOST, "set Server to that name",
    { "“smtp.example.net”", "mail.example.org, smtp.example.org" } },
  { "for another host and expired", &certificates.expired,
    G_TLS_CERTIFICATE_BAD_IDENTITY | G_TLS_CERTIFICATE_EXPIRED,
    OB_DIAGNOSIS_FIELD_HOST, "set Server to that name", { "mail.example.org" } },
  { "for many other hosts", &certificates.many_names, G_TLS_CERTIFICATE_BAD_IDENTITY,
    OB_DIAGNOSIS_FIELD_HOST, "that name",
    { "a.example.org, b.example.org, evil\\u001B[2J.example.org", "e.example.org, …" } },
  { "for another host, certificate unknown", NULL, G_TLS_CERTIFICATE_BAD_IDENTITY,
    OB_DIAGNOSIS_FIELD_HOST, "exact name your provider gives", { "different name" } },
  { "expired", &certificates.expired, G_TLS_CERTIFICATE_EXPIRED,
    OB_DIAGNOSIS_FIELD_NONE, "renew the certificate", { "expired" } },
  { "not valid yet", &certificates.leaf, G_TLS_CERTIFICATE_NOT_ACTIVATED,
    OB_DIAGNOSIS_FIELD_NONE, "date and time", { "clock" } },
  { "self-signed", &certificates.self_signed, G_TLS_CERTIFICATE_UNKNOWN_CA,
    OB_DIAGNOSIS_FIELD_NONE, "fingerprint", { "its own certificate" } },
  { "unknown issuer", &certificates.leaf, G_TLS_CERTIFICATE_UNKNOWN_CA,
    OB_DIAGNOSIS_FIELD_NONE, "certificate authority", { "does not trust" } },
  { "unknown issuer, certificate unknown", NULL, G_TLS_CERTIFICATE_UNKNOWN_CA,
    OB_DIAGNOSIS_FIELD_NONE, "certificate authority", { "does not trust" } },
  { "revoked", &certificates.leaf, G_TLS_CERTIFICATE_REVOKED,
    OB_DIAGNOSIS_FIELD_NONE, "Tell your provider", { "revoked" } },
};

static guint
check_certificate_case (const CertificateCase *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  ObDiagnosisContext context = {
    .host = "smtp.example.net", .port = 465, .has_security = TRUE, .security = OB_SECURITY_TLS,
  };
  const char *explanation;

  g_test_message ("certificate case: %s", c->name);
  error = ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS, NULL,
                             "The certificate of %s was refused", context.host);
  ob_smtp_error_set_certificate (error, c->certificate ? *c->certificate : NULL, c->flags);
  diagnosis = ob_diagnosis_new_for_error (error, &context);
  explanation = ob_diagnosis_get_explanation (diagnosis);

  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, OB_DIAGNOSIS_CATEGORY_CERTIFICATE);
  g_assert_cmpint (ob_diagnosis_get_field (diagnosis), ==, c->field);
  g_assert_false (ob_diagnosis_get_retry_helps (diagnosis));
  g_assert_nonnull (strstr (ob_diagnosis_get_remedy (diagnosis), c->remedy_says));
  for (guint i = 0; i < G_N_ELEMENTS (c->explanation_says) && c->explanation_says[i]; i++)
    if (strstr (explanation, c->explanation_says[i]) == NULL)
      g_error ("“%s”: the explanation “%s” does not say “%s”",
               c->name, explanation, c->explanation_says[i]);
  /* Nothing the certificate says may reach the screen unescaped. */
  g_assert_null (strchr (explanation, '\x1b'));
  g_assert_null (strchr (explanation, '%'));

  return ob_diagnosis_get_rule_index (diagnosis);
}

static void
test_diagnosis_certificates (void)
{
  if (certificates.leaf == NULL)
    {
      g_test_skip ("no TLS backend (glib-networking) to read certificates");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (certificate_cases); i++)
    check_certificate_case (&certificate_cases[i]);
}

/* Every rule speaks for at least one case above: a rule nothing reaches
 * is shadowed by an earlier one, or untested. */
static void
test_diagnosis_rules_reachable (void)
{
  g_autofree guint *hits = g_new0 (guint, ob_diagnosis_n_rules);
  guint unreached = 0;

  if (certificates.leaf == NULL)
    {
      g_test_skip ("no TLS backend (glib-networking) to read certificates");
      return;
    }

  for (gsize i = 0; i < n_reply_cases; i++)
    hits[check_case (&reply_cases[i])]++;
  for (gsize i = 0; i < n_other_cases; i++)
    hits[check_case (&other_cases[i])]++;
  for (gsize i = 0; i < G_N_ELEMENTS (certificate_cases); i++)
    hits[check_certificate_case (&certificate_cases[i])]++;

  for (guint i = 0; i < ob_diagnosis_n_rules; i++)
    if (hits[i] == 0)
      {
        g_test_message ("rule %u (advice %d) is never reached",
                        i, ob_diagnosis_rules[i].advice);
        unreached++;
      }
  g_assert_cmpuint (unreached, ==, 0);
}

static guint
count_conversions (const char *format)
{
  guint n = 0;

  for (const char *p = strchr (format, '%'); p != NULL; p = strchr (p + 2, '%'))
    {
      /* Only "%s" is allowed, so the advice and its ObAdviceArgs agree. */
      g_assert_cmpint (p[1], ==, 's');
      n++;
    }
  return n;
}

static void
test_diagnosis_tables (void)
{
  static const guint expected_conversions[] = {
    [OB_ARGS_NONE] = 0, [OB_ARGS_HOST] = 1, [OB_ARGS_HOST_AND_NAMES] = 2, [OB_ARGS_SIZE_LIMIT] = 1,
  };
  const ObDiagnosisRule *last = &ob_diagnosis_rules[ob_diagnosis_n_rules - 1];
  g_autofree gboolean *used = g_new0 (gboolean, OB_N_ADVICE);

  for (guint i = 0; i < OB_N_ADVICE; i++)
    {
      const ObDiagnosisAdvice *advice = &ob_diagnosis_advice[i];

      g_test_message ("advice %u", i);
      g_assert_nonnull (advice->title);
      g_assert_nonnull (advice->explanation);
      g_assert_nonnull (advice->remedy);
      g_assert_cmpuint (strlen (advice->title), >, 3);
      g_assert_cmpuint (strlen (advice->explanation), >, 20);
      g_assert_cmpuint (strlen (advice->remedy), >, 20);
      g_assert_null (strchr (advice->title, '%'));
      g_assert_null (strchr (advice->remedy, '%'));
      g_assert_cmpuint (count_conversions (advice->explanation), ==,
                        expected_conversions[advice->args]);
      g_assert_true (advice->help_url == NULL || g_str_has_prefix (advice->help_url, "https://"));
    }

  for (guint i = 0; i < ob_diagnosis_n_rules; i++)
    {
      const ObDiagnosisRule *rule = &ob_diagnosis_rules[i];

      g_assert_cmpint (rule->advice, <, OB_N_ADVICE);
      used[rule->advice] = TRUE;
      if (rule->text != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (rule->text, -1);

          g_assert_cmpstr (rule->text, ==, lower);
        }
    }
  for (guint i = 0; i < OB_N_ADVICE; i++)
    if (!used[i])
      g_error ("advice %u is used by no rule", i);

  /* The matcher relies on the last rule matching anything. */
  g_assert_cmpuint (last->codes | last->stages | last->security | last->cert_flags | last->when,
                    ==, 0);
  g_assert_null (last->status);
  g_assert_null (last->text);
  g_assert_null (last->provider);
  g_assert_null (last->ports);
  g_assert_cmpint (ob_diagnosis_advice[last->advice].args, ==, OB_ARGS_NONE);
}

static void
test_diagnosis_size_limit (void)
{
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_MESSAGE_TOO_LARGE,
                                               OB_SMTP_STAGE_MAIL, NULL,
                                               "The message is larger than the server accepts");
  ObDiagnosisContext context = { .host = "smtp.example.org", .size_limit = 35882577 };
  g_autoptr(ObDiagnosis) with_limit = ob_diagnosis_new_for_error (error, &context);
  g_autoptr(ObDiagnosis) without_limit = ob_diagnosis_new_for_error (error, NULL);
  g_autofree char *size = g_format_size (context.size_limit);

  g_assert_nonnull (strstr (ob_diagnosis_get_explanation (with_limit), size));
  g_assert_cmpstr (ob_diagnosis_get_title (with_limit), ==,
                   ob_diagnosis_get_title (without_limit));
  g_assert_null (strchr (ob_diagnosis_get_explanation (without_limit), '%'));
  g_assert_cmpint (ob_diagnosis_get_category (without_limit), ==, OB_DIAGNOSIS_CATEGORY_MESSAGE);
}

static void
test_diagnosis_host_named (void)
{
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_NAME_RESOLUTION,
                                               OB_SMTP_STAGE_RESOLVE, NULL,
                                               "smtp.gmial.com: name not found");
  ObDiagnosisContext context = { .host = "smtp.gmial.com", .port = 587 };
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, &context);

  g_assert_nonnull (strstr (ob_diagnosis_get_explanation (diagnosis), "“smtp.gmial.com”"));
}

static void
test_diagnosis_escaping (void)
{
  const char * const lines[] = { "5.7.1 \x1b[31mred\x1b[0m and \xe2\x80\xae" "evil\xff",
                                 "5.7.1 done", NULL };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (550, lines);
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_MESSAGE_REJECTED,
                                               OB_SMTP_STAGE_END_OF_DATA, reply,
                                               "The server refused the message");
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, NULL);

  g_assert_cmpstr (ob_diagnosis_get_detail (diagnosis), ==,
                   "550-5.7.1 \\u001B[31mred\\u001B[0m and \\u202Eevil\\xFF\n"
                   "550 5.7.1 done");
}

static void
test_diagnosis_to_text (void)
{
  const char * const lines[] = {
    "5.7.8 Username and Password not accepted. Learn more at",
    "5.7.8  https://support.google.com/mail/?p=BadCredentials a1sm2.3 - gsmtp",
    NULL
  };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (535, lines);
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_AUTH_FAILED, OB_SMTP_STAGE_AUTH,
                                               reply, "The server refused the login");
  ObDiagnosisContext context = { .provider_id = "gmail" };
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, &context);
  g_autofree char *text = ob_diagnosis_to_text (diagnosis);
  g_autofree char *expected = g_strdup_printf ("%s\n%s\nWhat to do: %s\nMore help: %s\n"
                                               "Server said: 535-%s\n535 %s",
                                               ob_diagnosis_get_title (diagnosis),
                                               ob_diagnosis_get_explanation (diagnosis),
                                               ob_diagnosis_get_remedy (diagnosis),
                                               GOOGLE_APP_PASSWORDS, lines[0], lines[1]);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_diagnosis_to_text_details (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                                 "No space left on device");
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, NULL);
  g_autofree char *text = ob_diagnosis_to_text (diagnosis);

  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, OB_DIAGNOSIS_CATEGORY_OTHER);
  g_assert_true (g_str_has_suffix (text, "\nDetails: No space left on device"));
  g_assert_null (strstr (text, "Server said"));
  g_assert_null (strstr (text, "More help"));
}

static void
test_diagnosis_cancelled (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "Operation was cancelled");
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, NULL);
  g_autofree char *text = ob_diagnosis_to_text (diagnosis);
  g_autofree char *lower = g_ascii_strdown (text, -1);

  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, OB_DIAGNOSIS_CATEGORY_CANCELLED);
  g_assert_cmpstr (ob_diagnosis_get_detail (diagnosis), ==, "");
  g_assert_null (ob_diagnosis_get_help_url (diagnosis));
  /* Nothing alarming about a person's own choice. */
  g_assert_null (strstr (lower, "fail"));
  g_assert_null (strstr (lower, "error"));
  g_assert_null (strstr (lower, "details"));
  g_assert_null (strstr (lower, "cancelled"));
}

static void
test_diagnosis_properties (void)
{
  const char * const lines[] = { "4.2.0 Greylisted, see http://postgrey.example/", NULL };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (450, lines);
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_TEMPORARY, OB_SMTP_STAGE_RCPT,
                                               reply, "Try again later");
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, NULL);
  g_autofree char *title = NULL, *explanation = NULL, *remedy = NULL, *detail = NULL;
  g_autofree char *help_url = NULL;
  ObDiagnosisCategory category;
  ObDiagnosisField field;
  gboolean retry_helps, detail_is_reply;

  g_object_get (diagnosis, "category", &category, "field", &field, "retry-helps", &retry_helps,
                "title", &title, "explanation", &explanation, "remedy", &remedy,
                "detail", &detail, "detail-is-reply", &detail_is_reply, "help-url", &help_url,
                NULL);
  g_assert_cmpint (category, ==, OB_DIAGNOSIS_CATEGORY_GREYLISTING);
  g_assert_cmpint (field, ==, OB_DIAGNOSIS_FIELD_NONE);
  g_assert_true (retry_helps);
  g_assert_true (detail_is_reply);
  g_assert_cmpstr (title, ==, ob_diagnosis_get_title (diagnosis));
  g_assert_cmpstr (explanation, ==, ob_diagnosis_get_explanation (diagnosis));
  g_assert_cmpstr (remedy, ==, ob_diagnosis_get_remedy (diagnosis));
  g_assert_cmpstr (detail, ==, "450 4.2.0 Greylisted, see http://postgrey.example/");
  g_assert_null (help_url);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    certificates_make ();

  g_test_add_func ("/ob/diagnosis/replies", test_diagnosis_replies);
  g_test_add_func ("/ob/diagnosis/other-failures", test_diagnosis_other_failures);
  g_test_add_func ("/ob/diagnosis/certificates", test_diagnosis_certificates);
  g_test_add_func ("/ob/diagnosis/rules-reachable", test_diagnosis_rules_reachable);
  g_test_add_func ("/ob/diagnosis/tables", test_diagnosis_tables);
  g_test_add_func ("/ob/diagnosis/size-limit", test_diagnosis_size_limit);
  g_test_add_func ("/ob/diagnosis/host-named", test_diagnosis_host_named);
  g_test_add_func ("/ob/diagnosis/escaping", test_diagnosis_escaping);
  g_test_add_func ("/ob/diagnosis/to-text", test_diagnosis_to_text);
  g_test_add_func ("/ob/diagnosis/to-text-details", test_diagnosis_to_text_details);
  g_test_add_func ("/ob/diagnosis/cancelled", test_diagnosis_cancelled);
  g_test_add_func ("/ob/diagnosis/properties", test_diagnosis_properties);

  status = g_test_run ();
  certificates_clear ();
  return status;
}
