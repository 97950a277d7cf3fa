/* ob-test-router.c — connections to made-up hosts, routed to 127.0.0.1
 *
 * Code under test connects to names like smtp.example.test:465 with a
 * GSocketClient. This proxy resolver answers for those names with an
 * "application proxy" at 127.0.0.1 and the port of a test server, which
 * GSocketClient connects to as it is and hands back untouched: the TLS
 * layer above still checks the certificate against the name asked for.
 * A name without a route is refused, so nothing ever leaves the machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-test-router.h"

#define ROUTE_PROTOCOL "ob-test-route"

struct _ObTestRouter
{
  GObject     parent_instance;

  GMutex      lock;
  GHashTable *routes;      /* "host:port" → GUINT_TO_POINTER (local port) */
  GHashTable *attempts;    /* "host:port" → GUINT_TO_POINTER (count) */
  guint       total;
};

static void ob_test_router_resolver_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObTestRouter, ob_test_router, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      ob_test_router_resolver_init))

static char *
route_key (const char *host,
           guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

static gboolean
ob_test_router_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
ob_test_router_lookup (GProxyResolver  *resolver,
                       const char      *uri,
                       GCancellable    *cancellable,
                       GError         **error)
{
  ObTestRouter *self = OB_TEST_ROUTER (resolver);
  g_autofree char *host = NULL;
  g_autofree char *key = NULL;
  int port = -1;
  guint local_port;
  char **proxies;

  if (!g_uri_split_network (uri, G_URI_FLAGS_NONE, NULL, &host, &port, error))
    return NULL;

  key = route_key (host, port);
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->attempts, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->attempts,
                                                                                key)) + 1));
  self->total++;
  local_port = GPOINTER_TO_UINT (g_hash_table_lookup (self->routes, key));
  g_mutex_unlock (&self->lock);

  if (local_port == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                   "Nothing listens at %s in this test", key);
      return NULL;
    }
  proxies = g_new0 (char *, 2);
  proxies[0] = g_strdup_printf (ROUTE_PROTOCOL "://127.0.0.1:%u", local_port);
  return proxies;
}

static void
ob_test_router_lookup_async (GProxyResolver      *resolver,
                             const char          *uri,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  char **proxies = ob_test_router_lookup (resolver, uri, cancellable, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static char **
ob_test_router_lookup_finish (GProxyResolver  *resolver,
                              GAsyncResult    *result,
                              GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ob_test_router_resolver_init (GProxyResolverInterface *iface)
{
  iface->is_supported = ob_test_router_is_supported;
  iface->lookup = ob_test_router_lookup;
  iface->lookup_async = ob_test_router_lookup_async;
  iface->lookup_finish = ob_test_router_lookup_finish;
}

static void
ob_test_router_finalize (GObject *object)
{
  ObTestRouter *self = OB_TEST_ROUTER (object);

  g_hash_table_unref (self->routes);
  g_hash_table_unref (self->attempts);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ob_test_router_parent_class)->finalize (object);
}

static void
ob_test_router_class_init (ObTestRouterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_test_router_finalize;
}

static void
ob_test_router_init (ObTestRouter *self)
{
  g_mutex_init (&self->lock);
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ObTestRouter *
ob_test_router_new (void)
{
  return g_object_new (OB_TYPE_TEST_ROUTER, NULL);
}

/**
 * ob_test_router_add:
 * @local_port: the port of a test server on 127.0.0.1
 *
 * Connections to @host:@port go to 127.0.0.1:@local_port from now on.
 */
void
ob_test_router_add (ObTestRouter *self,
                    const char   *host,
                    guint16       port,
                    guint16       local_port)
{
  g_return_if_fail (OB_IS_TEST_ROUTER (self));
  g_return_if_fail (local_port != 0);

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->routes, route_key (host, port), GUINT_TO_POINTER (local_port));
  g_mutex_unlock (&self->lock);
}

/**
 * ob_test_router_get_attempts:
 *
 * Returns: how many connections to @host:@port were tried, routed or not
 */
guint
ob_test_router_get_attempts (ObTestRouter *self,
                             const char   *host,
                             guint16       port)
{
  g_autofree char *key = route_key (host, port);
  guint count;

  g_mutex_lock (&self->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->attempts, key));
  g_mutex_unlock (&self->lock);
  return count;
}

guint
ob_test_router_get_total_attempts (ObTestRouter *self)
{
  guint total;

  g_mutex_lock (&self->lock);
  total = self->total;
  g_mutex_unlock (&self->lock);
  return total;
}

/**
 * ob_test_router_new_socket_client:
 * @router: (type ObTestRouter): the router
 *
 * Returns: (transfer full): a socket client whose every connection goes
 *   through @router
 */
GSocketClient *
ob_test_router_new_socket_client (gpointer router)
{
  GSocketClient *client = g_socket_client_new ();

  g_return_val_if_fail (OB_IS_TEST_ROUTER (router), NULL);

  g_socket_client_set_proxy_resolver (client, router);
  g_socket_client_add_application_proxy (client, ROUTE_PROTOCOL);
  return client;
}
