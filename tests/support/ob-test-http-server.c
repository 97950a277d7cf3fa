/* ob-test-http-server.c — an HTTP and HTTPS server on 127.0.0.1 for tests
 *
 * A SoupServer in a thread of its own, with its own main context, so it
 * answers whatever the test's thread is doing. It listens twice on
 * 127.0.0.1 (port 0 each): plain HTTP and HTTPS with a certificate from the
 * test CA. Routes are fixed before it starts; every request is recorded as
 * "SCHEME HOST PATH?QUERY" for tests that check what was (not) asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ob-test-http-server.h"

#define START_TIMEOUT_US (10 * G_TIME_SPAN_SECOND)

typedef enum {
  ROUTE_BODY,
  ROUTE_REDIRECT,
  ROUTE_LARGE,
} RouteKind;

typedef struct
{
  RouteKind  kind;
  char      *scheme;
  char      *host;
  char      *path;
  guint      status;
  char      *text;      /* body or location */
  gsize      size;
  gboolean   announce;
} Route;

struct _ObTestHttpServer
{
  GTlsCertificate *certificate;
  GPtrArray       *routes;
  GThread         *thread;
  GMainContext    *context;
  gint             stopping;   /* atomic */

  GMutex           lock;
  GCond            cond;
  gboolean         ready;
  GError          *error;
  guint16          http_port;
  guint16          https_port;
  GPtrArray       *requests;
};

static void
route_free (Route *route)
{
  g_free (route->scheme);
  g_free (route->host);
  g_free (route->path);
  g_free (route->text);
  g_free (route);
}

/**
 * ob_test_http_server_new:
 * @certificate: the HTTPS certificate, with its key (see ob-test-certs.h)
 */
ObTestHttpServer *
ob_test_http_server_new (GTlsCertificate *certificate)
{
  ObTestHttpServer *self = g_new0 (ObTestHttpServer, 1);

  self->certificate = g_object_ref (certificate);
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  return self;
}

static Route *
add_route (ObTestHttpServer *self,
           RouteKind         kind,
           const char       *scheme,
           const char       *host,
           const char       *path)
{
  Route *route = g_new0 (Route, 1);

  g_assert_null (self->thread);
  route->kind = kind;
  route->scheme = g_strdup (scheme);
  route->host = g_strdup (host);
  route->path = g_strdup (path);
  g_ptr_array_add (self->routes, route);
  return route;
}

/**
 * ob_test_http_server_add:
 * @body: (nullable): the body, served as application/xml
 */
void
ob_test_http_server_add (ObTestHttpServer *self,
                         const char       *scheme,
                         const char       *host,
                         const char       *path,
                         guint             status,
                         const char       *body)
{
  Route *route = add_route (self, ROUTE_BODY, scheme, host, path);

  route->status = status;
  route->text = g_strdup (body);
}

/**
 * ob_test_http_server_add_redirect:
 *
 * Answers 302 with @location.
 */
void
ob_test_http_server_add_redirect (ObTestHttpServer *self,
                                  const char       *scheme,
                                  const char       *host,
                                  const char       *path,
                                  const char       *location)
{
  add_route (self, ROUTE_REDIRECT, scheme, host, path)->text = g_strdup (location);
}

/**
 * ob_test_http_server_add_large:
 * @size: how many bytes of an endless-looking document to serve
 * @announce: whether to send a Content-Length, or stream it chunked
 */
void
ob_test_http_server_add_large (ObTestHttpServer *self,
                               const char       *scheme,
                               const char       *host,
                               const char       *path,
                               gsize             size,
                               gboolean          announce)
{
  Route *route = add_route (self, ROUTE_LARGE, scheme, host, path);

  route->size = size;
  route->announce = announce;
}

static const Route *
find_route (ObTestHttpServer *self,
            const char       *scheme,
            const char       *host,
            const char       *path)
{
  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);

      if ((route->scheme == NULL || g_str_equal (route->scheme, scheme)) &&
          (route->host == NULL || g_ascii_strcasecmp (route->host, host) == 0) &&
          g_str_equal (route->path, path))
        return route;
    }
  return NULL;
}

static void
serve_large (SoupServerMessage *message,
             const Route       *route)
{
  static const char head[] = "<clientConfig><emailProvider id=\"big.test\"><displayName>";
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  g_autofree char *filler = g_malloc (route->size);

  memcpy (filler, head, MIN (sizeof head - 1, route->size));
  if (route->size > sizeof head - 1)
    memset (filler + sizeof head - 1, 'a', route->size - (sizeof head - 1));
  if (!route->announce)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                       SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_COPY, filler, route->size);
  soup_message_body_complete (body);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  ObTestHttpServer *self = data;
  GUri *uri = soup_server_message_get_uri (message);
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);
  const char *query_string = g_uri_get_query (uri);
  const Route *route = find_route (self, scheme, host, path);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s %s%s%s", scheme, host, path,
                                                    query_string ? "?" : "",
                                                    query_string ? query_string : ""));
  g_mutex_unlock (&self->lock);

  if (route == NULL)
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
  else if (route->kind == ROUTE_REDIRECT)
    soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, route->text);
  else if (route->kind == ROUTE_LARGE)
    serve_large (message, route);
  else
    {
      soup_server_message_set_status (message, route->status, NULL);
      if (route->text != NULL)
        soup_server_message_set_response (message, "application/xml", SOUP_MEMORY_COPY,
                                          route->text, strlen (route->text));
    }
}

static guint16
listen_port (SoupServer             *server,
             SoupServerListenOptions options,
             GError                **error)
{
  GSList *uris;
  guint16 port = 0;

  if (!soup_server_listen_local (server, 0, options | SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return 0;
  uris = soup_server_get_uris (server);
  for (GSList *l = uris; l != NULL; l = l->next)
    if (((options & SOUP_SERVER_LISTEN_HTTPS) != 0) == g_str_equal (g_uri_get_scheme (l->data),
                                                                    "https"))
      port = g_uri_get_port (l->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

static gpointer
server_thread (gpointer data)
{
  ObTestHttpServer *self = data;
  g_autoptr(SoupServer) server = NULL;
  GError *error = NULL;
  guint16 http_port = 0, https_port = 0;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new ("tls-certificate", self->certificate, NULL);
  soup_server_add_handler (server, NULL, handle_cb, self, NULL);
  http_port = listen_port (server, 0, &error);
  if (http_port != 0)
    https_port = listen_port (server, SOUP_SERVER_LISTEN_HTTPS, &error);

  g_mutex_lock (&self->lock);
  self->http_port = http_port;
  self->https_port = https_port;
  self->error = error;
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  /* A loop of iterations, not a GMainLoop: a quit that came before the
   * loop ran would be lost. */
  while (https_port != 0 && !g_atomic_int_get (&self->stopping))
    g_main_context_iteration (self->context, TRUE);

  soup_server_disconnect (server);
  g_clear_object (&server);
  /* Let the sources of closed connections go before the context does. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * ob_test_http_server_start:
 *
 * Starts listening, in the server's own thread.
 */
gboolean
ob_test_http_server_start (ObTestHttpServer  *self,
                           GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = g_thread_new ("test-http", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      g_error ("The test HTTP server did not start within %d s",
               (int) (START_TIMEOUT_US / G_TIME_SPAN_SECOND));
  g_mutex_unlock (&self->lock);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

guint16
ob_test_http_server_get_port (ObTestHttpServer *self,
                              gboolean          https)
{
  return https ? self->https_port : self->http_port;
}

/**
 * ob_test_http_server_get_url:
 * @path: starting with "/"
 *
 * Returns: (transfer full): the URL of @path on 127.0.0.1
 */
char *
ob_test_http_server_get_url (ObTestHttpServer *self,
                             gboolean          https,
                             const char       *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%u%s", https ? "https" : "http",
                          ob_test_http_server_get_port (self, https), path);
}

/**
 * ob_test_http_server_get_requests:
 *
 * Returns: (transfer full): every request so far, as "SCHEME HOST PATH?QUERY"
 */
GStrv
ob_test_http_server_get_requests (ObTestHttpServer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->requests, i));
  g_mutex_unlock (&self->lock);
  return g_strv_builder_end (builder);
}

void
ob_test_http_server_free (ObTestHttpServer *self)
{
  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->stopping, TRUE);
      g_main_context_wakeup (self->context);
      g_thread_join (self->thread);
    }
  g_clear_error (&self->error);
  g_object_unref (self->certificate);
  g_ptr_array_unref (self->routes);
  g_ptr_array_unref (self->requests);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
