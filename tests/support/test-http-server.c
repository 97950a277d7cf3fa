/* test-http-server.c — the test HTTP(S) server serves what it is told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "ob-test-certs.h"
#include "ob-test-http-server.h"

static GBytes *
get (SoupSession  *session,
     const char   *url,
     guint        *status,
     GError      **error)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  GBytes *body = soup_session_send_and_read (session, message, NULL, error);

  *status = soup_message_get_status (message);
  return body;
}

static void
test_http_server_routes (void)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(ObTestHttpServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_auto(GStrv) requests = NULL;
  g_autofree char *https_url = NULL;
  g_autofree char *http_url = NULL;
  g_autofree char *missing_url = NULL;
  g_autofree char *redirect_url = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  g_assert_no_error (error);
  database = ob_test_certs_new_database (certs, &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("tls-database", database, "timeout", 10, NULL);

  server = ob_test_http_server_new (ob_test_certs_get_server (certs, OB_TEST_CERT_LOCALHOST));
  ob_test_http_server_add (server, "https", NULL, "/doc", 200, "secure");
  ob_test_http_server_add (server, "http", NULL, "/doc", 200, "plain");
  ob_test_http_server_add_redirect (server, NULL, NULL, "/moved", "/doc");
  ob_test_http_server_start (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ob_test_http_server_get_port (server, TRUE), !=,
                    ob_test_http_server_get_port (server, FALSE));

  https_url = ob_test_http_server_get_url (server, TRUE, "/doc?q=1");
  body = get (session, https_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "secure", 6);
  g_clear_pointer (&body, g_bytes_unref);

  http_url = ob_test_http_server_get_url (server, FALSE, "/doc");
  body = get (session, http_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "plain", 5);
  g_clear_pointer (&body, g_bytes_unref);

  redirect_url = ob_test_http_server_get_url (server, FALSE, "/moved");
  body = get (session, redirect_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  missing_url = ob_test_http_server_get_url (server, TRUE, "/nothing");
  body = get (session, missing_url, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 404);

  requests = ob_test_http_server_get_requests (server);
  g_assert_cmpstrv (requests, ((const char * const[]) {
    "https 127.0.0.1 /doc?q=1",
    "http 127.0.0.1 /doc",
    "http 127.0.0.1 /moved",
    "http 127.0.0.1 /doc",
    "https 127.0.0.1 /nothing",
    NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/http-server/routes", test_http_server_routes);

  return g_test_run ();
}
