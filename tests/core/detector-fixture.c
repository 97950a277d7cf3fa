/* detector-fixture.c — what the detector's test suites share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "detector-fixture.h"

/* The domains whose autoconfig the HTTPS server answers for, by name. */
static const char * const http_names[] = {
  "autoconfig.example.test", "example.test",
  "autoconfig.downgrade.test", "downgrade.test",
  "autoconfig.redirect.test", "redirect.test",
  "autoconfig.broken.test", "broken.test",
  NULL
};

/* Logged as it happens, so a failing test shows what detection did. */
static void
event_cb (ObDetector      *detector,
          ObDetectorEvent *event,
          Fixture         *f)
{
  static const char * const kinds[] = { "step", "done", "probe", "probed" };

  g_test_message ("%6.3f s %s %s %s: %s: %s", ob_detector_event_get_time (event) / 1e6,
                  kinds[ob_detector_event_get_kind (event)],
                  ob_detector_source_describe (ob_detector_event_get_source (event)),
                  ob_detector_event_get_target (event),
                  ob_detector_outcome_describe (ob_detector_event_get_outcome (event)),
                  ob_detector_event_get_detail (event) ? ob_detector_event_get_detail (event)
                                                       : "");
  g_ptr_array_add (f->events, g_object_ref (event));
}

void
detector_fixture_setup (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const none[] = { NULL };
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->previous_resolver = g_resolver_get_default ();
  f->resolver = ob_fake_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));
  f->router = ob_test_router_new ();
  f->servers = g_ptr_array_new_with_free_func (g_object_unref);
  f->events = g_ptr_array_new_with_free_func (g_object_unref);

  /* Nothing reaches beyond this machine: no ISPDB, no autoconfig URL until
   * a test serves one, and probes only through the router. The time limit
   * and the grace period are the longest there are, so answers never
   * depend on speed: glib-networking reads the whole system CA bundle for
   * every TLS connection, which takes seconds in a sanitizer build. Tests
   * about time-outs and the grace period set their own. */
  f->detector = g_object_new (OB_TYPE_DETECTOR,
                              "ca-file", ob_test_certs_get_ca_file (certs),
                              "ispdb-url", "",
                              "autoconfig-urls", none,
                              "autoconfig-insecure-urls", none,
                              "probe-timeout", 60,
                              "grace-period", 60000,
                              NULL);
  ob_detector_set_socket_client_func (f->detector, ob_test_router_new_socket_client,
                                      g_object_ref (f->router), g_object_unref);
  g_signal_connect (f->detector, "event", G_CALLBACK (event_cb), f);
}

void
detector_fixture_teardown (Fixture       *f,
                           gconstpointer  data)
{
  g_clear_object (&f->detector);
  g_ptr_array_unref (f->servers);
  g_clear_pointer (&f->http, ob_test_http_server_free);
  g_clear_object (&f->router);
  g_ptr_array_unref (f->events);
  g_resolver_set_default (f->previous_resolver);
  g_object_unref (f->previous_resolver);
  g_clear_object (&f->resolver);
}

static GTlsCertificate *
certificate_for (const char *host)
{
  const char * const names[] = { host, NULL };
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = ob_test_certs_issue (ob_test_certs_get (NULL), names, &error);

  g_assert_no_error (error);
  return certificate;
}

static void
add_script (ObFakeSmtpServer *server,
            const char       *host,
            ServerKind        kind)
{
  static const char * const wrong[] = { "wrong.example", NULL };

  switch (kind)
    {
    case SERVER_TLS:
      ob_fake_smtp_server_start_tls (server, certificate_for (host));
      ob_fake_smtp_server_add_greeting_and_ehlo (server, "AUTH PLAIN LOGIN", NULL);
      break;
    case SERVER_STARTTLS:
    case SERVER_NO_AUTH:
      ob_fake_smtp_server_add_greeting_and_ehlo (server, "STARTTLS", NULL);
      ob_fake_smtp_server_starttls (server, certificate_for (host));
      ob_fake_smtp_server_expect_reply (server, "EHLO *",
                                        kind == SERVER_NO_AUTH
                                          ? "250-localhost\r\n250 8BITMIME\r\n"
                                          : "250-localhost\r\n250 AUTH PLAIN LOGIN\r\n");
      break;
    case SERVER_BLACKHOLE:
      ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
      return;
    case SERVER_WRONG_CERT:
      ob_fake_smtp_server_start_tls_refused (
        server, ob_test_certs_issue (ob_test_certs_get (NULL), wrong, NULL));
      return;
    default:
      g_assert_not_reached ();
    }
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
}

/**
 * add_smtp_server:
 * @n_connections: how many probes it should expect
 *
 * Starts a scripted server that connections to @host:@port reach.
 */
void
add_smtp_server (Fixture    *f,
                 const char *host,
                 guint16     port,
                 ServerKind  kind,
                 guint       n_connections)
{
  g_autoptr(ObFakeSmtpServer) server = ob_fake_smtp_server_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_connections; i++)
    {
      if (i > 0)
        ob_fake_smtp_server_next_connection (server);
      add_script (server, host, kind);
    }
  ob_fake_smtp_server_start (server, &error);
  g_assert_no_error (error);
  ob_test_router_add (f->router, host, port, ob_fake_smtp_server_get_port (server));
  g_ptr_array_add (f->servers, g_steal_pointer (&server));
}

/**
 * http_server:
 *
 * Returns: (transfer none): the fixture's HTTP(S) server, for adding routes
 *   before start_http_server()
 */
ObTestHttpServer *
http_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (f->http == NULL)
    {
      GTlsCertificate *certificate = ob_test_certs_issue (ob_test_certs_get (NULL), http_names,
                                                          &error);

      g_assert_no_error (error);
      f->http = ob_test_http_server_new (certificate);
    }
  return f->http;
}

/**
 * start_http_server:
 * @domain: (nullable): a domain whose autoconfig names (autoconfig.@domain
 *   and @domain) should reach the server
 *
 * Starts the server and points the detector's autoconfig URLs at its ports.
 */
void
start_http_server (Fixture    *f,
                   const char *domain)
{
  g_autoptr(GError) error = NULL;
  ObTestHttpServer *http = http_server (f);
  g_autofree char *secure_1 = NULL;
  g_autofree char *secure_2 = NULL;
  g_autofree char *insecure_1 = NULL;
  g_autofree char *insecure_2 = NULL;

  ob_test_http_server_start (http, &error);
  g_assert_no_error (error);

  secure_1 = g_strdup_printf ("https://autoconfig.%%EMAILDOMAIN%%:%u/mail/config-v1.1.xml"
                              "?emailaddress=%%EMAILADDRESS%%",
                              ob_test_http_server_get_port (http, TRUE));
  secure_2 = g_strdup_printf ("https://%%EMAILDOMAIN%%:%u/.well-known/autoconfig/mail/"
                              "config-v1.1.xml", ob_test_http_server_get_port (http, TRUE));
  insecure_1 = g_strdup_printf ("http://autoconfig.%%EMAILDOMAIN%%:%u/mail/config-v1.1.xml",
                                ob_test_http_server_get_port (http, FALSE));
  insecure_2 = g_strdup_printf ("http://%%EMAILDOMAIN%%:%u/.well-known/autoconfig/mail/"
                                "config-v1.1.xml", ob_test_http_server_get_port (http, FALSE));
  ob_detector_set_autoconfig_urls (f->detector,
                                   (const char * const[]) { secure_1, secure_2, NULL });
  ob_detector_set_autoconfig_insecure_urls (f->detector,
                                            (const char * const[]) { insecure_1, insecure_2,
                                                                     NULL });
  if (domain != NULL)
    {
      g_autofree char *autoconfig = g_strconcat ("autoconfig.", domain, NULL);

      ob_fake_resolver_add_address (f->resolver, autoconfig, "127.0.0.1");
      ob_fake_resolver_add_address (f->resolver, domain, "127.0.0.1");
    }
}

/**
 * use_ispdb_mirror:
 *
 * Points the detector at the HTTP server's /ispdb/ as its ISPDB: a mirror
 * over plain HTTP on loopback, as a person may configure.
 */
void
use_ispdb_mirror (Fixture *f)
{
  g_autofree char *url = ob_test_http_server_get_url (f->http, FALSE, "/ispdb/");

  ob_detector_set_ispdb_url (f->detector, url);
}

/**
 * config_document:
 * @id: the provider's id, also its domain
 * @...: for each server its host, port, socketType and username (or NULL
 *   for none, which ends the list when it is the host)
 *
 * Returns: (transfer full): an autoconfig document
 */
char *
config_document (const char *id,
                 ...)
{
  GString *xml = g_string_new (NULL);
  const char *host;
  va_list args;

  g_string_append_printf (xml, "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
                          "<emailProvider id=\"%s\"><domain>%s</domain>"
                          "<displayName>Provider of %s</displayName>\n", id, id, id);
  va_start (args, id);
  while ((host = va_arg (args, const char *)) != NULL)
    {
      const char *port = va_arg (args, const char *);
      const char *socket_type = va_arg (args, const char *);
      const char *username = va_arg (args, const char *);

      g_string_append_printf (xml, "<outgoingServer type=\"smtp\"><hostname>%s</hostname>"
                              "<port>%s</port><socketType>%s</socketType>"
                              "<authentication>password-cleartext</authentication>",
                              host, port, socket_type);
      if (username != NULL)
        g_string_append_printf (xml, "<username>%s</username>", username);
      g_string_append (xml, "</outgoingServer>\n");
    }
  va_end (args);
  g_string_append (xml, "</emailProvider></clientConfig>\n");
  return g_string_free (xml, FALSE);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
wait_limit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * detect:
 *
 * Runs detection for @address to its end, iterating the main context.
 */
ObDetection *
detect (Fixture     *f,
        const char  *address,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean expired = FALSE;
  guint limit = g_timeout_add (WAIT_LIMIT_MS, wait_limit_cb, &expired);

  ob_detector_detect_async (f->detector, address, NULL, store_result_cb, &result);
  while (result == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (limit);
  return ob_detector_detect_finish (f->detector, result, error);
}

/**
 * candidate_at:
 *
 * Returns: (transfer none): the candidate ranked @position (0 best)
 */
ObDetectorCandidate *
candidate_at (ObDetection *detection,
              guint        position)
{
  GListModel *candidates = ob_detection_get_candidates (detection);
  g_autoptr(ObDetectorCandidate) candidate = NULL;

  g_assert_cmpuint (position, <, g_list_model_get_n_items (candidates));
  candidate = g_list_model_get_item (candidates, position);
  /* The detection keeps it alive. */
  return candidate;
}

/**
 * find_candidate:
 *
 * Returns: (transfer none) (nullable): the candidate for @host:@port
 */
ObDetectorCandidate *
find_candidate (ObDetection *detection,
                const char  *host,
                guint16      port)
{
  GListModel *candidates = ob_detection_get_candidates (detection);

  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      ObDetectorCandidate *candidate = candidate_at (detection, i);

      if (g_str_equal (ob_detector_candidate_get_host (candidate), host) &&
          ob_detector_candidate_get_port (candidate) == port)
        return candidate;
    }
  return NULL;
}

/**
 * find_step:
 *
 * Returns: (transfer none) (nullable): the first finished step of @source
 *   whose target starts with @target_prefix
 */
ObDetectorEvent *
find_step (ObDetection      *detection,
           ObDetectorSource  source,
           const char       *target_prefix)
{
  GListModel *events = ob_detection_get_events (detection);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(ObDetectorEvent) event = g_list_model_get_item (events, i);

      if (ob_detector_event_get_kind (event) == OB_DETECTOR_EVENT_STEP_FINISHED &&
          ob_detector_event_get_source (event) == source &&
          g_str_has_prefix (ob_detector_event_get_target (event), target_prefix))
        return event;
    }
  return NULL;
}

/**
 * assert_events_complete:
 *
 * Every step and probe that started also finished, and the detection holds
 * exactly the events the signal delivered.
 */
void
assert_events_complete (Fixture     *f,
                        ObDetection *detection)
{
  GListModel *events = ob_detection_get_events (detection);
  guint n = g_list_model_get_n_items (events);
  int open_steps = 0, open_probes = 0;

  g_assert_cmpuint (n, ==, f->events->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ObDetectorEvent) event = g_list_model_get_item (events, i);

      g_assert_true (event == g_ptr_array_index (f->events, i));
      switch (ob_detector_event_get_kind (event))
        {
        case OB_DETECTOR_EVENT_STEP_STARTED:
          open_steps++;
          g_assert_cmpint (ob_detector_event_get_outcome (event), ==, OB_DETECTOR_OUTCOME_PENDING);
          break;
        case OB_DETECTOR_EVENT_STEP_FINISHED:
          open_steps--;
          g_assert_cmpint (ob_detector_event_get_outcome (event), !=, OB_DETECTOR_OUTCOME_PENDING);
          g_assert_cmpint (ob_detector_event_get_duration (event), >=, 0);
          break;
        case OB_DETECTOR_EVENT_PROBE_STARTED:
          open_probes++;
          g_assert_nonnull (ob_detector_event_get_candidate (event));
          break;
        case OB_DETECTOR_EVENT_PROBE_FINISHED:
          open_probes--;
          g_assert_nonnull (ob_detector_event_get_candidate (event));
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpint (open_steps, >=, 0);
      g_assert_cmpint (open_probes, >=, 0);
    }
  g_assert_cmpint (open_steps, ==, 0);
  g_assert_cmpint (open_probes, ==, 0);
}
