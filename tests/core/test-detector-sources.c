/* test-detector-sources.c — each source of detection, against local
 * servers: autoconfig, the ISPDB, SRV and MX records, guesses, and what
 * probes find
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "detector-fixture.h"
#include "ob-ispdb-parser.h"
#include "ob-smtp-error.h"

#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"
#define WELL_KNOWN_PATH "/.well-known/autoconfig/mail/config-v1.1.xml"

static void
assert_requests_never_show (Fixture    *f,
                            const char *scheme,
                            const char *text)
{
  g_auto(GStrv) requests = ob_test_http_server_get_requests (f->http);

  for (guint i = 0; requests[i] != NULL; i++)
    if (g_str_has_prefix (requests[i], scheme))
      g_assert_null (strstr (requests[i], text));
}

/* The domain's own autoconfig over HTTPS: trusted, placeholders filled in,
 * and the address sent only over HTTPS. */
static void
test_autoconfig_https (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *document = config_document ("example.test",
                                               "smtp.%EMAILDOMAIN%", "465", "SSL",
                                               "%EMAILLOCALPART%",
                                               "smtp.%EMAILDOMAIN%", "587", "STARTTLS",
                                               "%EMAILLOCALPART%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_auto(GStrv) requests = NULL;
  ObDetectorCandidate *best;

  ob_test_http_server_add (http_server (f), "https", "autoconfig.example.test", AUTOCONFIG_PATH,
                           200, document);
  start_http_server (f, "example.test");
  add_smtp_server (f, "smtp.example.test", 465, SERVER_TLS, 1);
  add_smtp_server (f, "smtp.example.test", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada+lists@example.test", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_has_verified (detection));
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.example.test");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 465);
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_AUTOCONFIG);
  g_assert_cmpint (ob_detector_candidate_get_trust (best), ==, OB_DETECTOR_TRUST_TRUSTED);
  g_assert_cmpstr (ob_detector_candidate_get_username (best), ==, "ada+lists");
  g_assert_cmpstr (ob_detector_candidate_get_username_template (best), ==, "%EMAILLOCALPART%");
  g_assert_false (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_provider_get_id (ob_detection_get_provider (detection)), ==,
                   "example.test");
  g_assert_true (g_str_has_prefix (ob_detector_candidate_get_origin (best),
                                   "https://autoconfig.example.test:"));

  /* The address travels escaped, over HTTPS, and HTTP is never tried. */
  requests = ob_test_http_server_get_requests (f->http);
  g_assert_true (g_strv_contains ((const char * const *) requests,
                                  "https autoconfig.example.test " AUTOCONFIG_PATH
                                  "?emailaddress=ada%2Blists%40example.test"));
  assert_requests_never_show (f, "http ", "/");
  assert_events_complete (f, detection);
}

/* Every HTTPS attempt fails; plain HTTP answers with a server at another
 * domain: marked insecure, to be confirmed, and the address never went over
 * HTTP. */
static void
test_autoconfig_http_downgrade (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *document = config_document ("downgrade.test", "smtp.elsewhere.test", "465",
                                               "SSL", "%EMAILADDRESS%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *confirmation = NULL;
  g_auto(GStrv) requests = NULL;
  ObDetectorCandidate *best;
  gboolean seen_http = FALSE;

  ob_test_http_server_add (http_server (f), "http", "autoconfig.downgrade.test",
                           AUTOCONFIG_PATH, 200, document);
  start_http_server (f, "downgrade.test");
  add_smtp_server (f, "smtp.elsewhere.test", 465, SERVER_TLS, 1);

  detection = detect (f, "ada@downgrade.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.elsewhere.test");
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_AUTOCONFIG);
  g_assert_cmpint (ob_detector_candidate_get_trust (best), ==, OB_DETECTOR_TRUST_INSECURE);
  g_assert_true (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_detector_candidate_get_password_domain (best), ==, "elsewhere.test");
  confirmation = ob_detector_candidate_describe_confirmation (best);
  g_assert_nonnull (strstr (confirmation, "elsewhere.test"));

  /* HTTPS first, both URLs; HTTP only after, never with the address. */
  requests = ob_test_http_server_get_requests (f->http);
  g_assert_cmpuint (g_strv_length (requests), >=, 3);
  for (guint i = 0; requests[i] != NULL; i++)
    {
      if (g_str_has_prefix (requests[i], "http "))
        seen_http = TRUE;
      else
        g_assert_false (seen_http);
    }
  g_assert_true (seen_http);
  assert_requests_never_show (f, "http ", "ada");
  assert_events_complete (f, detection);
}

/* HTTPS that redirects to plain HTTP gives an insecure document too. */
static void
test_autoconfig_redirect_downgrade (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *document = config_document ("redirect.test", "smtp.redirect.test", "465",
                                               "SSL", "%EMAILADDRESS%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *target = NULL;
  ObTestHttpServer *http = http_server (f);
  ObDetectorCandidate *best;

  ob_test_http_server_add (http, "http", NULL, "/plain.xml", 200, document);
  start_http_server (f, "redirect.test");
  add_smtp_server (f, "smtp.redirect.test", 465, SERVER_TLS, 1);
  target = ob_test_http_server_get_url (http, FALSE, "/plain.xml");

  /* Routes are fixed once started: a second server redirects. */
  {
    g_autoptr(ObTestHttpServer) redirector = NULL;
    g_autofree char *template = NULL;
    const char * const *names = NULL;

    redirector = ob_test_http_server_new (ob_test_certs_issue (ob_test_certs_get (NULL),
                                                               (const char * const[]) {
                                                                 "redirect.test", NULL },
                                                               NULL));
    ob_test_http_server_add_redirect (redirector, "https", NULL, WELL_KNOWN_PATH, target);
    ob_test_http_server_start (redirector, &error);
    g_assert_no_error (error);
    template = g_strdup_printf ("https://%%EMAILDOMAIN%%:%u" WELL_KNOWN_PATH,
                                ob_test_http_server_get_port (redirector, TRUE));
    names = (const char * const[]) { template, NULL };
    ob_detector_set_autoconfig_urls (f->detector, names);
    ob_detector_set_autoconfig_insecure_urls (f->detector, (const char * const[]) { NULL });

    detection = detect (f, "ada@redirect.test", &error);
  }
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.redirect.test");
  g_assert_cmpint (ob_detector_candidate_get_trust (best), ==, OB_DETECTOR_TRUST_INSECURE);
  g_assert_cmpstr (ob_detector_candidate_get_origin (best), ==, target);
  /* Inside the address's own domain: nothing to confirm. */
  g_assert_false (ob_detector_candidate_needs_confirmation (best));
}

/* Malformed and oversized documents: the step says why, nothing is used. */
static void
test_autoconfig_bad_documents (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorEvent *malformed, *oversized;

  ob_test_http_server_add (http_server (f), "https", "autoconfig.broken.test", AUTOCONFIG_PATH,
                           200, "<clientConfig><emailProvider id=\"broken.test\"><outgoingServer");
  ob_test_http_server_add_large (http_server (f), "https", "broken.test", WELL_KNOWN_PATH,
                                 OB_ISPDB_MAX_SIZE + 100, FALSE);
  start_http_server (f, "broken.test");

  detection = detect (f, "ada@broken.test", &error);
  g_assert_no_error (error);
  g_assert_false (ob_detection_has_verified (detection));

  malformed = find_step (detection, OB_DETECTOR_SOURCE_AUTOCONFIG, "https://autoconfig.");
  g_assert_cmpint (ob_detector_event_get_outcome (malformed), ==, OB_DETECTOR_OUTCOME_FAILED);
  g_assert_error ((GError *) ob_detector_event_get_error (malformed), OB_DETECTOR_ERROR,
                  OB_DETECTOR_ERROR_MALFORMED);
  oversized = find_step (detection, OB_DETECTOR_SOURCE_AUTOCONFIG, "https://broken.test");
  g_assert_cmpint (ob_detector_event_get_outcome (oversized), ==, OB_DETECTOR_OUTCOME_FAILED);
  g_assert_error ((GError *) ob_detector_event_get_error (oversized), OB_DETECTOR_ERROR,
                  OB_DETECTOR_ERROR_TOO_LARGE);
  /* Nothing came of them: only guesses are left, and none answers. */
  for (guint i = 0; i < g_list_model_get_n_items (ob_detection_get_candidates (detection)); i++)
    g_assert_cmpint (ob_detector_candidate_get_source (candidate_at (detection, i)), ==,
                     OB_DETECTOR_SOURCE_GUESS);
  assert_events_complete (f, detection);
}

/* The ISPDB, here a mirror over plain HTTP on loopback: trusted as
 * configured. */
static void
test_ispdb (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *document = config_document ("isp.test", "mail.isp-host.test", "587",
                                               "STARTTLS", "%EMAILADDRESS%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best;

  ob_test_http_server_add (http_server (f), "http", NULL, "/ispdb/isp.test", 200, document);
  start_http_server (f, NULL);
  use_ispdb_mirror (f);
  add_smtp_server (f, "mail.isp-host.test", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada@isp.test", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_has_verified (detection));
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "mail.isp-host.test");
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_ISPDB);
  g_assert_cmpint (ob_detector_candidate_get_trust (best), ==, OB_DETECTOR_TRUST_TRUSTED);
  g_assert_false (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_detector_candidate_get_username (best), ==, "ada@isp.test");
  assert_events_complete (f, detection);
}

/* SRV records name a host elsewhere: verified, but unauthenticated, so the
 * person confirms where the password goes. Implicit TLS ranks first. */
static void
test_srv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best, *second;

  ob_fake_resolver_add_srv (f->resolver, "_submissions._tcp.srv.test", 0, 1, 465,
                            "smtp.hoster.test");
  ob_fake_resolver_add_srv (f->resolver, "_submission._tcp.srv.test", 0, 1, 587,
                            "smtp.hoster.test");
  ob_fake_resolver_add_srv (f->resolver, "_submission._tcp.srv.test", 5, 1, 0, ".");
  add_smtp_server (f, "smtp.hoster.test", 465, SERVER_TLS, 1);
  add_smtp_server (f, "smtp.hoster.test", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada@srv.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.hoster.test");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 465);
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_SRV);
  g_assert_cmpint (ob_detector_candidate_get_trust (best), ==,
                   OB_DETECTOR_TRUST_UNAUTHENTICATED);
  g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  g_assert_true (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_detector_candidate_get_password_domain (best), ==, "hoster.test");
  g_assert_cmpstr (ob_detector_candidate_get_origin (best), ==, "_submissions._tcp.srv.test");
  second = find_candidate (detection, "smtp.hoster.test", 587);
  g_assert_nonnull (second);
  g_assert_cmpint (ob_detector_candidate_compare (best, second), <, 0);
  assert_events_complete (f, detection);
}

/* A custom domain whose mail Google handles: recognised by its MX host,
 * answered with Google's servers, to be confirmed since only DNS said so. */
static void
test_mx_google (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best;
  ObDetectorEvent *step;

  ob_fake_resolver_add_mx (f->resolver, "custom.test", 10, "alt1.aspmx.l.google.com");
  ob_fake_resolver_add_mx (f->resolver, "custom.test", 1, "aspmx.l.google.com");
  add_smtp_server (f, "smtp.gmail.com", 465, SERVER_TLS, 1);
  add_smtp_server (f, "smtp.gmail.com", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada@custom.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.gmail.com");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 465);
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_MX);
  g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  g_assert_cmpstr (ob_detector_candidate_get_username (best), ==, "ada@custom.test");
  g_assert_true (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_detector_candidate_get_password_domain (best), ==, "gmail.com");
  g_assert_cmpstr (ob_provider_get_id (ob_detection_get_provider (detection)), ==,
                   "workspace.google.com");
  step = find_step (detection, OB_DETECTOR_SOURCE_MX, "custom.test");
  g_assert_cmpint (ob_detector_event_get_outcome (step), ==, OB_DETECTOR_OUTCOME_FOUND);
  g_assert_nonnull (strstr (ob_detector_event_get_detail (step), "aspmx.l.google.com"));
  assert_events_complete (f, detection);
}

/* An MX host under a domain the built-in database serves: that provider. */
static void
test_mx_builtin_domain (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best;

  ob_detector_set_probe (f->detector, FALSE);
  ob_fake_resolver_add_mx (f->resolver, "shop.test", 10, "mxs.mail.ru");
  detection = detect (f, "ada@shop.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.mail.ru");
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_MX);
  g_assert_cmpstr (ob_detector_candidate_get_username (best), ==, "ada@shop.test");
  g_assert_true (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_provider_get_id (ob_detection_get_provider (detection)), ==, "mail.ru");
  assert_events_complete (f, detection);
}

/* An MX host the built-in database does not know: its domain is asked of
 * the ISPDB, never anything above the registrable domain. */
static void
test_mx_ispdb (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *document = config_document ("hosting.co.uk", "smtp.hosting.co.uk", "465",
                                               "SSL", "%EMAILADDRESS%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_auto(GStrv) requests = NULL;
  ObDetectorCandidate *best;

  ob_test_http_server_add (http_server (f), "http", NULL, "/ispdb/hosting.co.uk", 200, document);
  start_http_server (f, NULL);
  use_ispdb_mirror (f);
  ob_fake_resolver_add_mx (f->resolver, "shop.test", 10, "mx1.eu.hosting.co.uk");
  add_smtp_server (f, "smtp.hosting.co.uk", 465, SERVER_TLS, 1);

  detection = detect (f, "ada@shop.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.hosting.co.uk");
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_MX);
  g_assert_true (ob_detector_candidate_needs_confirmation (best));
  g_assert_cmpstr (ob_detector_candidate_get_password_domain (best), ==, "hosting.co.uk");

  requests = ob_test_http_server_get_requests (f->http);
  g_assert_true (g_strv_contains ((const char * const *) requests,
                                  "http 127.0.0.1 /ispdb/eu.hosting.co.uk"));
  g_assert_true (g_strv_contains ((const char * const *) requests,
                                  "http 127.0.0.1 /ispdb/hosting.co.uk"));
  g_assert_false (g_strv_contains ((const char * const *) requests, "http 127.0.0.1 /ispdb/co.uk"));
  assert_events_complete (f, detection);
}

/* Nothing published anywhere: the usual names are probed. */
static void
test_guess (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best;

  add_smtp_server (f, "mail.guess.test", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada@guess.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "mail.guess.test");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 587);
  g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_GUESS);
  g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  /* Inside the address's domain: no confirmation, even from a guess. */
  g_assert_false (ob_detector_candidate_needs_confirmation (best));
  g_assert_null (ob_detector_candidate_get_username (best));
  /* Port 25 candidates were tried, last, with the note about blocking. */
  g_assert_true (ob_detector_candidate_is_port_often_blocked (find_candidate (detection,
                                                                              "smtp.guess.test",
                                                                              25)));
  g_assert_cmpuint (ob_test_router_get_attempts (f->router, "guess.test", 465), ==, 1);
  assert_events_complete (f, detection);
}

/* smtp.blackhole.test:465 takes the connection and never answers. The
 * working 587 is accepted after the grace period, without waiting for the
 * silent one's timeout. */
static void
test_blackhole (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best, *silent;

  ob_detector_set_grace_period (f->detector, 300);
  add_smtp_server (f, "smtp.blackhole.test", 465, SERVER_BLACKHOLE, 1);
  add_smtp_server (f, "smtp.blackhole.test", 587, SERVER_STARTTLS, 1);

  detection = detect (f, "ada@blackhole.test", &error);
  g_assert_no_error (error);
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.blackhole.test");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 587);
  g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);

  /* Still waiting when the answer came: stopped, not counted as failed. */
  silent = find_candidate (detection, "smtp.blackhole.test", 465);
  g_assert_cmpint (ob_detector_candidate_get_verification (silent), ==,
                   OB_DETECTOR_VERIFICATION_NOT_CHECKED);
  g_assert_cmpint (ob_detector_candidate_compare (best, silent), <, 0);
  assert_events_complete (f, detection);
}

/* The only server is silent: the probe's time limit ends it, with a
 * time-out, and detection ends with nothing verified. */
static void
test_blackhole_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *document = config_document ("example.test", "smtp.example.test", "465", "SSL",
                                               "%EMAILADDRESS%", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *silent;

  ob_detector_set_probe_timeout (f->detector, 1);
  ob_test_http_server_add (http_server (f), "https", "autoconfig.example.test", AUTOCONFIG_PATH,
                           200, document);
  start_http_server (f, "example.test");
  add_smtp_server (f, "smtp.example.test", 465, SERVER_BLACKHOLE, 1);

  detection = detect (f, "ada@example.test", &error);
  g_assert_no_error (error);
  g_assert_false (ob_detection_has_verified (detection));
  silent = find_candidate (detection, "smtp.example.test", 465);
  g_assert_cmpint (ob_detector_candidate_get_verification (silent), ==,
                   OB_DETECTOR_VERIFICATION_FAILED);
  g_assert_error ((GError *) ob_detector_candidate_get_error (silent), G_IO_ERROR,
                  G_IO_ERROR_TIMED_OUT);
  /* Everything failed: the trusted source's server still leads. */
  g_assert_true (ob_detection_get_best (detection) == silent);
  assert_events_complete (f, detection);
}

/* A certificate for another name is refused, like any connection would. */
static void
test_wrong_certificate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *candidate;
  const GError *failure;

  ob_fake_resolver_add_srv (f->resolver, "_submissions._tcp.cert.test", 0, 1, 465,
                            "smtp.cert.test");
  add_smtp_server (f, "smtp.cert.test", 465, SERVER_WRONG_CERT, 1);

  detection = detect (f, "ada@cert.test", &error);
  g_assert_no_error (error);
  g_assert_false (ob_detection_has_verified (detection));
  candidate = find_candidate (detection, "smtp.cert.test", 465);
  g_assert_cmpint (ob_detector_candidate_get_verification (candidate), ==,
                   OB_DETECTOR_VERIFICATION_FAILED);
  failure = ob_detector_candidate_get_error (candidate);
  g_assert_error ((GError *) failure, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
  g_assert_true (ob_smtp_error_get_certificate_flags (failure) & G_TLS_CERTIFICATE_BAD_IDENTITY);
  assert_events_complete (f, detection);
}

/* A server that answers but offers no login is no server to send through. */
static void
test_no_login (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *candidate;

  add_smtp_server (f, "smtp.nologin.test", 587, SERVER_NO_AUTH, 1);

  detection = detect (f, "ada@nologin.test", &error);
  g_assert_no_error (error);
  g_assert_false (ob_detection_has_verified (detection));
  candidate = find_candidate (detection, "smtp.nologin.test", 587);
  g_assert_error ((GError *) ob_detector_candidate_get_error (candidate), OB_DETECTOR_ERROR,
                  OB_DETECTOR_ERROR_NO_LOGIN);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/detector-sources/" path, Fixture, NULL, detector_fixture_setup, func, \
              detector_fixture_teardown)
  ADD ("autoconfig-https", test_autoconfig_https);
  ADD ("autoconfig-http-downgrade", test_autoconfig_http_downgrade);
  ADD ("autoconfig-redirect-downgrade", test_autoconfig_redirect_downgrade);
  ADD ("autoconfig-bad-documents", test_autoconfig_bad_documents);
  ADD ("ispdb", test_ispdb);
  ADD ("srv", test_srv);
  ADD ("mx-google", test_mx_google);
  ADD ("mx-builtin-domain", test_mx_builtin_domain);
  ADD ("mx-ispdb", test_mx_ispdb);
  ADD ("guess", test_guess);
  ADD ("blackhole", test_blackhole);
  ADD ("blackhole-only", test_blackhole_only);
  ADD ("wrong-certificate", test_wrong_certificate);
  ADD ("no-login", test_no_login);
#undef ADD

  return g_test_run ();
}
