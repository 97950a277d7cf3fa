/* test-detector.c — detection as a whole: offline, the built-in database,
 * the cache, cancellation and the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "detector-fixture.h"
#include "ob-address.h"
#include "ob-smtp-error.h"

typedef struct
{
  const char *address;
  const char *provider;
  const char *host;        /* of the best candidate */
  guint16     port;
  ObSecurity  security;
  const char *username;
  guint       n_candidates;
} ProviderCase;

#define TLS OB_SECURITY_TLS
#define STARTTLS OB_SECURITY_STARTTLS

/* Real providers, offline: what the built-in database alone answers. */
static const ProviderCase provider_cases[] = {
  { "ada@gmail.com", "Gmail", "smtp.gmail.com", 465, TLS, "ada@gmail.com", 2 },
  { "ada@googlemail.com", "Gmail", "smtp.gmail.com", 465, TLS, "ada@googlemail.com", 2 },
  { "ada@outlook.com", "Outlook.com (Microsoft)", "smtp-mail.outlook.com", 587, STARTTLS,
    "ada@outlook.com", 1 },
  { "ada@hotmail.co.uk", "Outlook.com (Microsoft)", "smtp-mail.outlook.com", 587, STARTTLS,
    "ada@hotmail.co.uk", 1 },
  { "ada@live.com", "Outlook.com (Microsoft)", "smtp-mail.outlook.com", 587, STARTTLS,
    "ada@live.com", 1 },
  { "ada@yahoo.com", "Yahoo Mail", "smtp.mail.yahoo.com", 465, TLS, "ada@yahoo.com", 2 },
  { "ada@yahoo.co.jp", NULL, "smtp.mail.yahoo.co.jp", 465, TLS, "ada", 1 },
  { "ada@aol.com", NULL, "smtp.aol.com", 465, TLS, "ada@aol.com", 2 },
  { "ada@icloud.com", NULL, "smtp.mail.me.com", 587, STARTTLS, "ada@icloud.com", 1 },
  { "ada@me.com", NULL, "smtp.mail.me.com", 587, STARTTLS, "ada@me.com", 1 },
  { "ada@gmx.de", NULL, "mail.gmx.net", 465, TLS, "ada@gmx.de", 2 },
  { "ada@gmx.com", NULL, "mail.gmx.com", 465, TLS, "ada@gmx.com", 2 },
  { "ada@web.de", NULL, "smtp.web.de", 587, STARTTLS, "ada@web.de", 1 },
  { "ada@mail.ru", NULL, "smtp.mail.ru", 465, TLS, "ada@mail.ru", 1 },
  { "ada@yandex.ru", NULL, "smtp.yandex.com", 465, TLS, "ada@yandex.ru", 2 },
  { "ada@zoho.com", NULL, "smtp.zoho.com", 465, TLS, "ada@zoho.com", 8 },
  { "ada@fastmail.com", NULL, "smtp.fastmail.com", 465, TLS, "ada@fastmail.com", 2 },
  { "ada@t-online.de", NULL, "securesmtp.t-online.de", 465, TLS, "ada@t-online.de", 2 },
  { "ada@orange.fr", NULL, "smtp.orange.fr", 465, TLS, "ada@orange.fr", 1 },
  { "ada@free.fr", NULL, "smtp.free.fr", 465, TLS, "ada", 2 },
  { "ada@libero.it", NULL, "smtp.libero.it", 465, TLS, "ada@libero.it", 1 },
  { "ada@qq.com", NULL, "smtp.qq.com", 465, TLS, "ada@qq.com", 2 },
  { "ada@163.com", NULL, "smtp.163.com", 465, TLS, "ada@163.com", 1 },
  { "ada@126.com", NULL, "smtp.126.com", 465, TLS, "ada@126.com", 1 },
  { "ada@naver.com", NULL, "smtp.naver.com", 465, TLS, "ada", 2 },
  { "ada@mailbox.org", NULL, "smtp.mailbox.org", 465, TLS, "ada@mailbox.org", 2 },
  { "ada@posteo.de", NULL, "posteo.de", 465, TLS, "ada@posteo.de", 2 },
  { "ada@proton.me", "Proton Mail", "127.0.0.1", 1025, STARTTLS, "ada@proton.me", 2 },
  { "ada@comcast.net", NULL, "smtp.comcast.net", 465, TLS, "ada@comcast.net", 2 },
  { "ada@seznam.cz", NULL, "smtp.seznam.cz", 465, TLS, "ada@seznam.cz", 1 },
  { "ada@wp.pl", NULL, "smtp.wp.pl", 465, TLS, "ada@wp.pl", 1 },
  { "Ada.Lovelace+test@GMail.com", "Gmail", "smtp.gmail.com", 465, TLS,
    "Ada.Lovelace+test@GMail.com", 2 },
};

static void
test_offline_providers (Fixture       *f,
                        gconstpointer  data)
{
  ob_detector_set_online (f->detector, FALSE);
  g_assert_cmpuint (G_N_ELEMENTS (provider_cases), >=, 25);

  for (gsize i = 0; i < G_N_ELEMENTS (provider_cases); i++)
    {
      const ProviderCase *c = &provider_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDetection) detection = NULL;
      ObDetectorCandidate *best;

      g_test_message ("case %s", c->address);
      g_ptr_array_set_size (f->events, 0);
      detection = detect (f, c->address, &error);
      g_assert_no_error (error);
      g_assert_false (ob_detection_is_online (detection));
      g_assert_false (ob_detection_has_verified (detection));
      g_assert_nonnull (ob_detection_get_provider (detection));
      if (c->provider != NULL)
        g_assert_cmpstr (ob_provider_get_display_name (ob_detection_get_provider (detection)), ==,
                         c->provider);
      g_assert_cmpuint (g_list_model_get_n_items (ob_detection_get_candidates (detection)), ==,
                        c->n_candidates);

      best = ob_detection_get_best (detection);
      g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, c->host);
      g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, c->port);
      g_assert_cmpint (ob_detector_candidate_get_security (best), ==, c->security);
      g_assert_cmpstr (ob_detector_candidate_get_username (best), ==, c->username);
      g_assert_cmpint (ob_detector_candidate_get_source (best), ==, OB_DETECTOR_SOURCE_BUILTIN);
      g_assert_cmpint (ob_detector_candidate_get_trust (best), ==, OB_DETECTOR_TRUST_TRUSTED);
      g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                       OB_DETECTOR_VERIFICATION_NOT_CHECKED);
      g_assert_false (ob_detector_candidate_needs_confirmation (best));
      assert_events_complete (f, detection);
    }

  /* Offline means offline: no connection, no DNS query. */
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), ==, 0);
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "gmail.com"), ==, 0);
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "_submissions._tcp.gmail.com"),
                    ==, 0);
}

static void
test_offline_unknown (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorEvent *step;

  ob_detector_set_online (f->detector, FALSE);
  detection = detect (f, "ada@unknown.test", &error);
  g_assert_no_error (error);
  g_assert_null (ob_detection_get_best (detection));
  g_assert_null (ob_detection_get_provider (detection));
  g_assert_cmpstr (ob_detection_get_domain (detection), ==, "unknown.test");
  step = find_step (detection, OB_DETECTOR_SOURCE_BUILTIN, "unknown.test");
  g_assert_nonnull (step);
  g_assert_cmpint (ob_detector_event_get_outcome (step), ==, OB_DETECTOR_OUTCOME_NOT_FOUND);
  assert_events_complete (f, detection);
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), ==, 0);
}

static void
test_invalid_address (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { const char *address; ObAddressError code; } cases[] = {
    { "", OB_ADDRESS_ERROR_EMPTY },
    { "ada", OB_ADDRESS_ERROR_NO_AT },
    { "ada@", OB_ADDRESS_ERROR_DOMAIN },
    { "@example.com", OB_ADDRESS_ERROR_LOCAL_PART },
    { "ada@exa mple.com", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER },
    { "ada@example.com\r\nRCPT TO:<x>", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDetection) detection = detect (f, cases[i].address, &error);

      g_assert_null (detection);
      g_assert_error (error, OB_ADDRESS_ERROR, (int) cases[i].code);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), ==, 0);
}

/* With probing off, the built-in answer is final at once: nothing else is
 * asked. */
static void
test_builtin_without_probing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;

  ob_detector_set_probe (f->detector, FALSE);
  ob_detector_set_ispdb_url (f->detector, "https://ispdb.test/");
  detection = detect (f, "ada@gmail.com", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_is_online (detection));
  g_assert_cmpstr (ob_detector_candidate_get_host (ob_detection_get_best (detection)), ==,
                   "smtp.gmail.com");
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "gmail.com"), ==, 0);
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "ispdb.test"), ==, 0);
}

/* Probing on: the built-in candidates are verified, and the best one is the
 * answer as soon as it is, whatever else is still running. */
static void
test_builtin_verified (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  ObDetectorCandidate *best;

  add_smtp_server (f, "smtp.gmail.com", 465, SERVER_TLS, 1);
  add_smtp_server (f, "smtp.gmail.com", 587, SERVER_STARTTLS, 1);
  /* A source that would take long: it must not hold the answer up. */
  ob_fake_resolver_set_delay (f->resolver, "gmail.com", WAIT_LIMIT_MS);

  detection = detect (f, "ada@gmail.com", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_has_verified (detection));
  best = ob_detection_get_best (detection);
  g_assert_cmpstr (ob_detector_candidate_get_host (best), ==, "smtp.gmail.com");
  g_assert_cmpuint (ob_detector_candidate_get_port (best), ==, 465);
  g_assert_cmpint (ob_detector_candidate_get_verification (best), ==,
                   OB_DETECTOR_VERIFICATION_VERIFIED);
  g_assert_cmpstrv (ob_detector_candidate_get_offered_mechanisms (best),
                    ((const char * const[]) { "PLAIN", "LOGIN", NULL }));
  g_assert_cmpstrv (ob_detector_candidate_get_auth_methods (best),
                    ((const char * const[]) { "OAuth2", "password-cleartext", NULL }));
  g_assert_cmpint (ob_detector_candidate_get_probe_time (best), >, 0);
  g_assert_nonnull (ob_detector_candidate_get_transcript (best));
  g_assert_cmpstr (ob_provider_get_id (ob_detection_get_provider (detection)), ==, "gmail.com");

  /* The MX lookup was still waiting: stopped, and logged as such. */
  g_assert_cmpint (ob_detector_event_get_outcome (find_step (detection, OB_DETECTOR_SOURCE_MX,
                                                             "gmail.com")),
                   ==, OB_DETECTOR_OUTCOME_STOPPED);
  assert_events_complete (f, detection);
}

/* A provider known to offer no SMTP: said at once, nothing tried. */
static void
test_builtin_no_smtp (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = detect (f, "ada@tuta.com", &error);
  ObDetectorEvent *step;

  g_assert_no_error (error);
  g_assert_null (ob_detection_get_best (detection));
  g_assert_false (ob_provider_has_smtp (ob_detection_get_provider (detection)));
  step = find_step (detection, OB_DETECTOR_SOURCE_BUILTIN, "tuta.com");
  g_assert_cmpint (ob_detector_event_get_outcome (step), ==, OB_DETECTOR_OUTCOME_NOT_FOUND);
  g_assert_nonnull (strstr (ob_detector_event_get_detail (step), "Tuta"));
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), ==, 0);
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "tuta.com"), ==, 0);
}

/* A verified answer is kept for the session, per domain; the user name is
 * made for each address. */
static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) first = NULL;
  g_autoptr(ObDetection) second = NULL;
  g_autoptr(ObDetection) third = NULL;
  guint attempts;

  add_smtp_server (f, "smtp.mail.yahoo.co.jp", 465, SERVER_TLS, 2);
  first = detect (f, "ada@yahoo.co.jp", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_has_verified (first));
  g_assert_false (ob_detection_is_from_cache (first));
  attempts = ob_test_router_get_total_attempts (f->router);

  second = detect (f, "grace@Yahoo.co.jp", &error);
  g_assert_no_error (error);
  g_assert_true (ob_detection_is_from_cache (second));
  g_assert_true (ob_detection_has_verified (second));
  g_assert_cmpstr (ob_detection_get_address (second), ==, "grace@Yahoo.co.jp");
  g_assert_cmpstr (ob_detector_candidate_get_username (ob_detection_get_best (second)), ==,
                   "grace");
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), ==, attempts);

  ob_detector_clear_cache (f->detector);
  third = detect (f, "ada@yahoo.co.jp", &error);
  g_assert_no_error (error);
  g_assert_false (ob_detection_is_from_cache (third));
  g_assert_cmpuint (ob_test_router_get_total_attempts (f->router), >, attempts);
}

static void
cancel_on_probe_cb (ObDetector      *detector,
                    ObDetectorEvent *event,
                    GCancellable    *cancellable)
{
  if (ob_detector_event_get_kind (event) == OB_DETECTOR_EVENT_PROBE_STARTED)
    g_cancellable_cancel (cancellable);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Cancelling stops everything at once, blackholed servers included. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_MS * G_TIME_SPAN_MILLISECOND;

  add_smtp_server (f, "smtp.gmail.com", 465, SERVER_BLACKHOLE, 1);
  add_smtp_server (f, "smtp.gmail.com", 587, SERVER_BLACKHOLE, 1);
  g_signal_connect (f->detector, "event", G_CALLBACK (cancel_on_probe_cb), cancellable);

  ob_detector_detect_async (f->detector, "ada@gmail.com", cancellable, store_result_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  detection = ob_detector_detect_finish (f->detector, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (detection);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

/* Setters notify only on change. */
static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  guint count = 0;

  g_signal_connect (f->detector, "notify", G_CALLBACK (notify_cb), &count);
  ob_detector_set_online (f->detector, TRUE);
  ob_detector_set_probe_timeout (f->detector, 60);
  ob_detector_set_grace_period (f->detector, 60000);
  g_assert_cmpuint (count, ==, 0);

  ob_detector_set_online (f->detector, FALSE);
  ob_detector_set_probe (f->detector, FALSE);
  ob_detector_set_probe_timeout (f->detector, 7);
  ob_detector_set_max_probes (f->detector, 3);
  ob_detector_set_grace_period (f->detector, 50);
  ob_detector_set_ispdb_url (f->detector, "http://127.0.0.1:1/");
  ob_detector_set_ca_file (f->detector, NULL);
  g_assert_cmpuint (count, ==, 7);
  ob_detector_set_ispdb_url (f->detector, "http://127.0.0.1:1/");
  g_assert_cmpuint (count, ==, 7);

  g_assert_false (ob_detector_get_online (f->detector));
  g_assert_false (ob_detector_get_probe (f->detector));
  g_assert_cmpuint (ob_detector_get_probe_timeout (f->detector), ==, 7);
  g_assert_cmpuint (ob_detector_get_max_probes (f->detector), ==, 3);
  g_assert_cmpuint (ob_detector_get_grace_period (f->detector), ==, 50);
  g_assert_null (ob_detector_get_ca_file (f->detector));

  ob_detector_set_ispdb_url (f->detector, NULL);
  g_assert_cmpstr (ob_detector_get_ispdb_url (f->detector), ==,
                   "https://live.thunderbird.net/autoconfig/v1.1/");
}

/* The defaults: Thunderbird's ISPDB and the well-known autoconfig URLs,
 * over HTTPS with the address, over HTTP without. */
static void
test_defaults (void)
{
  g_autoptr(ObDetector) detector = NULL;
  const char * const *secure;
  const char * const *insecure;

  g_unsetenv ("OUTBOUND_ISPDB_URL");
  detector = ob_detector_new ();
  g_assert_true (ob_detector_get_online (detector));
  g_assert_true (ob_detector_get_probe (detector));
  g_assert_cmpuint (ob_detector_get_probe_timeout (detector), ==, 4);
  g_assert_cmpstr (ob_detector_get_ispdb_url (detector), ==,
                   "https://live.thunderbird.net/autoconfig/v1.1/");
  secure = ob_detector_get_autoconfig_urls (detector);
  g_assert_cmpstr (secure[0], ==, "https://autoconfig.%EMAILDOMAIN%/mail/config-v1.1.xml"
                                  "?emailaddress=%EMAILADDRESS%");
  g_assert_cmpstr (secure[1], ==,
                   "https://%EMAILDOMAIN%/.well-known/autoconfig/mail/config-v1.1.xml");
  insecure = ob_detector_get_autoconfig_insecure_urls (detector);
  for (guint i = 0; insecure[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (insecure[i], "http://"));
      g_assert_null (strstr (insecure[i], "EMAILADDRESS"));
    }
  g_clear_object (&detector);

  g_setenv ("OUTBOUND_ISPDB_URL", "http://127.0.0.1:9/mirror/", TRUE);
  detector = ob_detector_new ();
  g_assert_cmpstr (ob_detector_get_ispdb_url (detector), ==, "http://127.0.0.1:9/mirror/");
  g_unsetenv ("OUTBOUND_ISPDB_URL");
}

/* The person's settings; the environment variable still wins for the ISPDB. */
static void
test_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ObDetector) detector = ob_detector_new ();

  g_settings_set_boolean (settings, "detect-online", FALSE);
  g_settings_set_int (settings, "probe-timeout", 9);
  g_settings_set_string (settings, "ispdb-url", "https://ispdb.example.org/v1.1/");
  ob_detector_load_settings (detector, settings);
  g_assert_false (ob_detector_get_online (detector));
  g_assert_cmpuint (ob_detector_get_probe_timeout (detector), ==, 9);
  g_assert_cmpstr (ob_detector_get_ispdb_url (detector), ==, "https://ispdb.example.org/v1.1/");

  g_setenv ("OUTBOUND_ISPDB_URL", "http://127.0.0.1:9/", TRUE);
  g_clear_object (&detector);
  detector = ob_detector_new ();
  ob_detector_load_settings (detector, settings);
  g_assert_cmpstr (ob_detector_get_ispdb_url (detector), ==, "http://127.0.0.1:9/");
  g_unsetenv ("OUTBOUND_ISPDB_URL");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/detector/defaults", test_defaults);
  g_test_add_func ("/ob/detector/settings", test_settings);
#define ADD(path, func) \
  g_test_add ("/ob/detector/" path, Fixture, NULL, detector_fixture_setup, func, \
              detector_fixture_teardown)
  ADD ("offline-providers", test_offline_providers);
  ADD ("offline-unknown", test_offline_unknown);
  ADD ("invalid-address", test_invalid_address);
  ADD ("builtin-without-probing", test_builtin_without_probing);
  ADD ("builtin-verified", test_builtin_verified);
  ADD ("builtin-no-smtp", test_builtin_no_smtp);
  ADD ("cache", test_cache);
  ADD ("cancel", test_cancel);
  ADD ("properties", test_properties);
#undef ADD

  return g_test_run ();
}
