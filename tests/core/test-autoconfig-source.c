/* test-autoconfig-source.c — fetching configuration documents over HTTP(S)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ob-autoconfig-source.h"
#include "ob-detector-error.h"
#include "ob-ispdb-parser.h"
#include "ob-test-certs.h"
#include "ob-test-http-server.h"

#define WAIT_TIMEOUT_US (20 * G_TIME_SPAN_SECOND)

static const char document[] =
  "<clientConfig version=\"1.1\"><emailProvider id=\"example.test\">"
  "<domain>example.test</domain><displayName>Example</displayName>"
  "<outgoingServer type=\"smtp\"><hostname>smtp.example.test</hostname><port>465</port>"
  "<socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>"
  "</emailProvider></clientConfig>";

typedef struct
{
  ObTestHttpServer *server;
  SoupSession      *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const wrong_names[] = { "wrong.example", NULL };
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);
  g_autoptr(GTlsDatabase) database = NULL;

  g_assert_no_error (error);
  database = ob_test_certs_new_database (certs, &error);
  g_assert_no_error (error);

  fixture->server = ob_test_http_server_new (ob_test_certs_get_server (certs,
                                                                       OB_TEST_CERT_LOCALHOST));
  ob_test_http_server_add (fixture->server, NULL, NULL, "/ok", 200, document);
  ob_test_http_server_add (fixture->server, NULL, NULL, "/empty", 200, "");
  ob_test_http_server_add (fixture->server, NULL, NULL, "/html", 200,
                           "<html><body>Welcome!</body></html>");
  ob_test_http_server_add (fixture->server, NULL, NULL, "/gone", 410, NULL);
  ob_test_http_server_add (fixture->server, NULL, NULL, "/broken", 500, "oops");
  ob_test_http_server_add_large (fixture->server, NULL, NULL, "/huge-announced",
                                 2 * OB_ISPDB_MAX_SIZE, TRUE);
  ob_test_http_server_add_large (fixture->server, NULL, NULL, "/huge-streamed",
                                 2 * OB_ISPDB_MAX_SIZE, FALSE);
  ob_test_http_server_add_large (fixture->server, NULL, NULL, "/just-over",
                                 OB_ISPDB_MAX_SIZE + 1, FALSE);
  ob_test_http_server_start (fixture->server, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ob_test_certs_issue (certs, wrong_names, &error));
  g_assert_no_error (error);

  fixture->session = soup_session_new_with_options ("tls-database", database,
                                                    "timeout", 10, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->server, ob_test_http_server_free);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static ObProvider *
fetch (Fixture     *fixture,
       const char  *url,
       char       **final_url,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  ob_autoconfig_fetch_async (fixture->session, url, NULL, done_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  return ob_autoconfig_fetch_finish (result, final_url, error);
}

static void
test_fetch_https (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = ob_test_http_server_get_url (fixture->server, TRUE, "/ok");
  g_autofree char *final_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = fetch (fixture, url, &final_url, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ob_provider_get_id (provider), ==, "example.test");
  g_assert_cmpstr (ob_provider_get_server (provider, 0)->hostname, ==, "smtp.example.test");
  g_assert_cmpstr (final_url, ==, url);
}

static void
test_fetch_http (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = ob_test_http_server_get_url (fixture->server, FALSE, "/ok");
  g_autofree char *final_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = fetch (fixture, url, &final_url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_assert_true (g_str_has_prefix (final_url, "http://"));
}

/* HTTPS that sends the client to plain HTTP: the document arrives, and the
 * caller learns it came over HTTP. */
static void
test_fetch_downgrade (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *target = ob_test_http_server_get_url (fixture->server, FALSE, "/ok");
  g_autoptr(ObTestHttpServer) server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *final_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = NULL;

  server = ob_test_http_server_new (ob_test_certs_get_server (ob_test_certs_get (NULL),
                                                              OB_TEST_CERT_LOCALHOST));
  ob_test_http_server_add_redirect (server, "https", NULL, "/moved", target);
  ob_test_http_server_start (server, &error);
  g_assert_no_error (error);
  url = ob_test_http_server_get_url (server, TRUE, "/moved");

  provider = fetch (fixture, url, &final_url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_assert_cmpstr (final_url, ==, target);
}

typedef struct
{
  const char *path;
  gboolean    https;
  GQuark      domain;
  int         code;
} FailureCase;

static void
test_fetch_failures (Fixture       *fixture,
                     gconstpointer  data)
{
  const FailureCase cases[] = {
    { "/missing", TRUE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_NOT_FOUND },
    { "/gone", FALSE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_NOT_FOUND },
    { "/broken", TRUE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_HTTP },
    { "/empty", TRUE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_MALFORMED },
    { "/html", FALSE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_MALFORMED },
    { "/huge-announced", TRUE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE },
    { "/huge-streamed", TRUE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE },
    { "/just-over", FALSE, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = ob_test_http_server_get_url (fixture->server, cases[i].https,
                                                          cases[i].path);
      g_autoptr(GError) error = NULL;
      g_autoptr(ObProvider) provider = NULL;

      g_test_message ("case %s", url);
      provider = fetch (fixture, url, NULL, &error);
      g_assert_null (provider);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

/* A certificate for another name is refused: no document. */
static void
test_fetch_wrong_certificate (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const wrong_names[] = { "wrong.example", NULL };
  g_autoptr(ObTestHttpServer) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = NULL;

  server = ob_test_http_server_new (ob_test_certs_issue (ob_test_certs_get (NULL), wrong_names,
                                                         NULL));
  ob_test_http_server_add (server, NULL, NULL, "/ok", 200, document);
  ob_test_http_server_start (server, &error);
  g_assert_no_error (error);
  url = ob_test_http_server_get_url (server, TRUE, "/ok");

  provider = fetch (fixture, url, NULL, &error);
  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_fetch_not_a_url (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = fetch (fixture, "not a url", NULL, &error);

  g_assert_null (provider);
  g_assert_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_HTTP);
}

static void
test_urls (void)
{
  g_autofree char *with_slash = ob_autoconfig_ispdb_url (OB_ISPDB_DEFAULT_URL, "example.com");
  g_autofree char *without = ob_autoconfig_ispdb_url ("http://127.0.0.1:8080/ispdb",
                                                      "example.com");
  const char * const secure[] = { OB_AUTOCONFIG_URLS, NULL };
  const char * const insecure[] = { OB_AUTOCONFIG_INSECURE_URLS, NULL };

  g_assert_cmpstr (with_slash, ==, "https://live.thunderbird.net/autoconfig/v1.1/example.com");
  g_assert_cmpstr (without, ==, "http://127.0.0.1:8080/ispdb/example.com");

  for (guint i = 0; secure[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (secure[i], "https://"));
  g_assert_true (ob_autoconfig_template_is_private (secure[0]));
  /* Plain HTTP never carries the address. */
  for (guint i = 0; insecure[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (insecure[i], "http://"));
      g_assert_false (ob_autoconfig_template_is_private (insecure[i]));
    }
  g_assert_true (ob_autoconfig_template_is_private ("http://x/%EMAILLOCALPART%"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/autoconfig-source/urls", test_urls);
#define ADD(path, func) \
  g_test_add ("/ob/autoconfig-source/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("https", test_fetch_https);
  ADD ("http", test_fetch_http);
  ADD ("downgrade", test_fetch_downgrade);
  ADD ("failures", test_fetch_failures);
  ADD ("wrong-certificate", test_fetch_wrong_certificate);
  ADD ("not-a-url", test_fetch_not_a_url);
#undef ADD

  return g_test_run ();
}
