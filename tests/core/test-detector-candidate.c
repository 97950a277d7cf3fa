/* test-detector-candidate.c — how candidates rank, and who must confirm what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-detector-candidate-private.h"
#include "ob-detector-error.h"
#include "ob-dns-source.h"
#include "ob-ispdb-parser.h"
#include "ob-smtp-reply.h"

#define ADDRESS "ada@example.com"

static ObDetectorCandidate *
candidate (const char       *host,
           guint16           port,
           ObSecurity        security,
           ObDetectorSource  source,
           ObDetectorTrust   trust,
           guint64           position)
{
  ObDetectorCandidate *self = ob_detector_candidate_new (host, port, security, source, trust,
                                                         NULL, ADDRESS);

  ob_detector_candidate_set_position (self, position, 0);
  return self;
}

static void
verify (ObDetectorCandidate *self)
{
  static const char * const lines[] = { "mx.example.com", "AUTH PLAIN", NULL };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (250, lines);
  g_autoptr(ObSmtpCapabilities) capabilities = ob_smtp_capabilities_parse (reply);

  ob_detector_candidate_set_verified (self, capabilities, 1000);
}

static void
fail (ObDetectorCandidate *self)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "silent");

  ob_detector_candidate_set_failed (self, error, 1000);
}

#define TRUSTED OB_DETECTOR_TRUST_TRUSTED
#define UNAUTH OB_DETECTOR_TRUST_UNAUTHENTICATED
#define INSECURE OB_DETECTOR_TRUST_INSECURE

/* Each row must rank strictly before the next. */
static void
test_ranking_order (void)
{
  g_autoptr(GPtrArray) ranked = g_ptr_array_new_with_free_func (g_object_unref);
  ObDetectorCandidate *c;

  /* Verified beats everything unverified, even from a guess. */
  c = candidate ("smtp.example.com", 587, OB_SECURITY_STARTTLS, OB_DETECTOR_SOURCE_GUESS, UNAUTH,
                 (guint64) OB_SECURITY_STARTTLS << 32);
  verify (c);
  g_ptr_array_add (ranked, c);
  /* Trusted sources in their order; within a document, its own order
   * (here STARTTLS listed first by the provider). */
  g_ptr_array_add (ranked, candidate ("smtp.example.com", 587, OB_SECURITY_STARTTLS,
                                      OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 0));
  g_ptr_array_add (ranked, candidate ("smtp.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 1));
  g_ptr_array_add (ranked, candidate ("a.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_AUTOCONFIG, TRUSTED, 0));
  g_ptr_array_add (ranked, candidate ("b.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_ISPDB, TRUSTED, 0));
  /* Then DNS, plain-HTTP documents and guesses. */
  g_ptr_array_add (ranked, candidate ("c.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_SRV, UNAUTH, 0));
  g_ptr_array_add (ranked, candidate ("d.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_MX, UNAUTH, 0));
  g_ptr_array_add (ranked, candidate ("e.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_AUTOCONFIG, INSECURE, 0));
  /* Guesses: implicit TLS before STARTTLS (RFC 8314). */
  g_ptr_array_add (ranked, candidate ("mail.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_GUESS, UNAUTH,
                                      (guint64) OB_SECURITY_TLS << 32 | 1));
  g_ptr_array_add (ranked, candidate ("smtp.example.com", 587, OB_SECURITY_STARTTLS,
                                      OB_DETECTOR_SOURCE_GUESS, UNAUTH,
                                      (guint64) OB_SECURITY_STARTTLS << 32));
  /* Port 25, even from the best source, after every other port. */
  g_ptr_array_add (ranked, candidate ("smtp.example.com", 25, OB_SECURITY_STARTTLS,
                                      OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 0));
  /* Unencrypted last of all. */
  g_ptr_array_add (ranked, candidate ("127.0.0.1", 1025, OB_SECURITY_NONE,
                                      OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 0));
  /* A failed probe sinks below everything not yet checked. */
  c = candidate ("smtp.example.com", 465, OB_SECURITY_TLS, OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 0);
  fail (c);
  g_ptr_array_add (ranked, c);

  for (guint i = 0; i < ranked->len; i++)
    for (guint k = 0; k < ranked->len; k++)
      {
        int expected = i < k ? -1 : i > k ? 1 : 0;
        int order = ob_detector_candidate_compare (g_ptr_array_index (ranked, i),
                                                   g_ptr_array_index (ranked, k));

        g_test_message ("rows %u and %u", i, k);
        g_assert_cmpint (CLAMP (order, -1, 1), ==, expected);
      }
}

typedef struct
{
  const char      *host;
  ObDetectorTrust  trust;
  gboolean         confirm;
  const char      *password_domain;
} ConfirmCase;

static const ConfirmCase confirm_cases[] = {
  { "smtp.example.com", UNAUTH, FALSE, "example.com" },
  { "example.com", UNAUTH, FALSE, "example.com" },
  { "mail.eu.example.com", INSECURE, FALSE, "example.com" },
  { "smtp.gmail.com", TRUSTED, FALSE, "gmail.com" },
  { "smtp.gmail.com", UNAUTH, TRUE, "gmail.com" },
  { "smtp.example.com.evil.test", UNAUTH, TRUE, "evil.test" },
  { "smtp.example.co.uk", INSECURE, TRUE, "example.co.uk" },
  { "example.com.co.uk", UNAUTH, TRUE, "com.co.uk" },
  { "10.0.0.1", UNAUTH, TRUE, "10.0.0.1" },
};

/* Who would get the password, and when the person must say it is right. */
static void
test_confirmation (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (confirm_cases); i++)
    {
      const ConfirmCase *c = &confirm_cases[i];
      g_autoptr(ObDetectorCandidate) self = NULL;
      g_autofree char *text = NULL;

      g_test_message ("case %s", c->host);
      self = ob_detector_candidate_new (c->host, 465, OB_SECURITY_TLS, OB_DETECTOR_SOURCE_SRV,
                                        c->trust, NULL, ADDRESS);
      g_assert_cmpint (ob_detector_candidate_needs_confirmation (self), ==, c->confirm);
      g_assert_cmpstr (ob_detector_candidate_get_password_domain (self), ==, c->password_domain);
      text = ob_detector_candidate_describe_confirmation (self);
      if (c->confirm)
        g_assert_nonnull (strstr (text, c->password_domain));
      else
        g_assert_null (text);
    }
}

static const char document[] =
  "<clientConfig xmlns:ob=\"https://github.com/outbound/outbound/ns/provider/1\">"
  "<emailProvider id=\"example.com\"><domain>example.com</domain>"
  "<outgoingServer type=\"smtp\"><hostname>smtp.example.com</hostname><port>465</port>"
  "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
  "<username>%EMAILLOCALPART%</username>"
  "<ob:passwordHint lang=\"en\">An app password.</ob:passwordHint></outgoingServer>"
  "</emailProvider></clientConfig>";

/* The same server from a better source speaks for it; a probe's findings
 * stay. */
static void
test_adopt (void)
{
  g_autoptr(ObProvider) provider = ob_ispdb_parse (document, strlen (document), NULL);
  g_autoptr(ObDetectorCandidate) guess = NULL;
  g_autoptr(ObDetectorCandidate) better = NULL;

  guess = candidate ("smtp.example.com", 465, OB_SECURITY_TLS, OB_DETECTOR_SOURCE_GUESS, UNAUTH,
                     0);
  verify (guess);
  better = ob_detector_candidate_new ("SMTP.example.com", 465, OB_SECURITY_TLS,
                                      OB_DETECTOR_SOURCE_AUTOCONFIG, TRUSTED,
                                      "https://autoconfig.example.com/", ADDRESS);
  ob_detector_candidate_set_server (better, provider, ob_provider_get_server (provider, 0));
  g_assert_true (ob_detector_candidate_is_same_server (guess, better));

  ob_detector_candidate_adopt (guess, better);
  g_assert_cmpint (ob_detector_candidate_get_source (guess), ==, OB_DETECTOR_SOURCE_AUTOCONFIG);
  g_assert_cmpint (ob_detector_candidate_get_trust (guess), ==, TRUSTED);
  g_assert_cmpstr (ob_detector_candidate_get_origin (guess), ==, "https://autoconfig.example.com/");
  g_assert_true (ob_detector_candidate_get_provider (guess) == provider);
  g_assert_cmpstr (ob_detector_candidate_get_username (guess), ==, "ada");
  g_assert_cmpstr (ob_detector_candidate_get_password_hint (guess), ==, "An app password.");
  g_assert_cmpint (ob_detector_candidate_get_verification (guess), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  g_assert_cmpstrv (ob_detector_candidate_get_offered_mechanisms (guess),
                    ((const char * const[]) { "PLAIN", NULL }));
}

/* What the cache hands to another address at the same domain. */
static void
test_copy_for_address (void)
{
  g_autoptr(ObProvider) provider = ob_ispdb_parse (document, strlen (document), NULL);
  g_autoptr(ObDetectorCandidate) original = NULL;
  g_autoptr(ObDetectorCandidate) copy = NULL;

  original = candidate ("smtp.example.com", 465, OB_SECURITY_TLS, OB_DETECTOR_SOURCE_BUILTIN,
                        TRUSTED, 3);
  ob_detector_candidate_set_server (original, provider, ob_provider_get_server (provider, 0));
  verify (original);

  copy = ob_detector_candidate_copy_for_address (original, "grace@example.com");
  g_assert_cmpstr (ob_detector_candidate_get_username (copy), ==, "grace");
  g_assert_cmpstr (ob_detector_candidate_get_username_template (copy), ==, "%EMAILLOCALPART%");
  g_assert_cmpint (ob_detector_candidate_get_verification (copy), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  g_assert_cmpint (ob_detector_candidate_get_probe_time (copy), ==, 1000);
  g_assert_cmpint (ob_detector_candidate_compare (original, copy), ==, 0);
}

/* Every state has words a person can read. */
static void
test_describe (void)
{
  g_autoptr(ObDetectorCandidate) self = candidate ("smtp.example.com", 465, OB_SECURITY_TLS,
                                                   OB_DETECTOR_SOURCE_BUILTIN, TRUSTED, 0);
  g_autofree char *not_checked = ob_detector_candidate_describe_verification (self);
  g_autofree char *verified = NULL;
  g_autofree char *failed = NULL;

  g_assert_cmpstr (not_checked, ==, "Not checked.");
  verify (self);
  verified = ob_detector_candidate_describe_verification (self);
  g_assert_nonnull (strstr (verified, "PLAIN"));
  g_assert_nonnull (strstr (verified, "smtp.example.com"));
  fail (self);
  failed = ob_detector_candidate_describe_verification (self);
  g_assert_nonnull (strstr (failed, "silent"));

  for (int s = OB_SECURITY_TLS; s <= OB_SECURITY_NONE; s++)
    g_assert_cmpuint (strlen (ob_security_describe (s)), >, 5);
  for (int t = OB_DETECTOR_TRUST_TRUSTED; t <= OB_DETECTOR_TRUST_INSECURE; t++)
    g_assert_cmpuint (strlen (ob_detector_trust_describe (t)), >, 5);
}

typedef struct
{
  const char         *mx_host;
  const char * const *names;
} MxNamesCase;

/* Never above the registrable domain. */
static void
test_mx_names (void)
{
  const MxNamesCase cases[] = {
    { "aspmx.l.google.com", (const char * const[]) { "l.google.com", "google.com", NULL } },
    { "mx.example.net", (const char * const[]) { "example.net", NULL } },
    { "example.net", (const char * const[]) { "example.net", NULL } },
    { "mx1.eu.hosting.co.uk", (const char * const[]) { "eu.hosting.co.uk", "hosting.co.uk",
                                                       NULL } },
    { "mx.hosting.co.uk", (const char * const[]) { "hosting.co.uk", NULL } },
    { "co.uk", (const char * const[]) { NULL } },
    { "mx.corp.test", (const char * const[]) { "corp.test", NULL } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) names = ob_dns_source_mx_names (cases[i].mx_host);

      g_test_message ("case %s", cases[i].mx_host);
      g_assert_cmpstrv (names, cases[i].names);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/detector-candidate/ranking", test_ranking_order);
  g_test_add_func ("/ob/detector-candidate/confirmation", test_confirmation);
  g_test_add_func ("/ob/detector-candidate/adopt", test_adopt);
  g_test_add_func ("/ob/detector-candidate/copy-for-address", test_copy_for_address);
  g_test_add_func ("/ob/detector-candidate/describe", test_describe);
  g_test_add_func ("/ob/detector-candidate/mx-names", test_mx_names);

  return g_test_run ();
}
