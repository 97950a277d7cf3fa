/* ob-test-server-thread.c — a TCP listener on 127.0.0.1 with its own thread
 *
 * The code under test may block the test's thread in a _sync call, so a
 * test server runs in a thread of its own, with its own main context, and
 * never depends on the test's main loop. The listener is created in that
 * thread because GSocketService attaches its accept source to whatever
 * context is the thread default when it starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "ob-test-server-thread.h"

#define START_TIMEOUT_US (10 * G_TIME_SPAN_SECOND)

struct _ObTestServerThread
{
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  ObTestIncomingFunc  incoming;
  ObTestShutdownFunc  shutdown;
  gpointer            user_data;

  /* Handed from the server thread to the starter. */
  GMutex              lock;
  GCond               cond;
  gboolean            ready;
  GError             *error;
  guint16             port;

  /* Server thread only. */
  GSocketService     *service;
  guint               n_held;
  gboolean            stopping;
};

static void
ob_test_server_thread_free (ObTestServerThread *self)
{
  g_clear_error (&self->error);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           data)
{
  ObTestServerThread *self = data;

  if (self->stopping)
    return TRUE;

  /* Replies are small writes; without this the kernel may hold one back
   * until the client acknowledges the previous one, adding tens of
   * milliseconds that no real server adds. */
  g_socket_set_option (g_socket_connection_get_socket (connection),
                       IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  self->incoming (self, connection, self->user_data);
  return TRUE;
}

static gpointer
thread_main (gpointer data)
{
  ObTestServerThread *self = data;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) effective = NULL;
  GError *error = NULL;

  g_main_context_push_thread_default (self->context);

  self->service = g_socket_service_new ();
  if (g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                     G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                     &effective, &error))
    {
      g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
      g_socket_service_start (self->service);
    }

  g_mutex_lock (&self->lock);
  if (effective != NULL)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->error = error;
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (error == NULL)
    g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  /* Let cancelled operations report, so they free what they hold. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * ob_test_server_thread_start:
 * @name: the thread's name, for debuggers
 * @incoming: called in the server thread for each accepted connection
 * @shutdown: called in the server thread by ob_test_server_thread_stop(); it
 *   must end every connection, and each must call
 *   ob_test_server_thread_release() once it is gone
 *
 * Listens on 127.0.0.1 on a port the system picks, in a new thread.
 *
 * Returns: (transfer full): the running server thread, or %NULL
 */
ObTestServerThread *
ob_test_server_thread_start (const char         *name,
                             ObTestIncomingFunc  incoming,
                             ObTestShutdownFunc  shutdown,
                             gpointer            user_data,
                             GError            **error)
{
  ObTestServerThread *self;
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_US;

  g_return_val_if_fail (incoming != NULL && shutdown != NULL, NULL);

  self = g_new0 (ObTestServerThread, 1);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->incoming = incoming;
  self->shutdown = shutdown;
  self->user_data = user_data;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->thread = g_thread_new (name, thread_main, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      g_error ("the %s thread did not start listening", name);
  g_mutex_unlock (&self->lock);

  if (self->error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&self->error),
                                  "cannot listen on 127.0.0.1: ");
      g_thread_join (self->thread);
      ob_test_server_thread_free (self);
      return NULL;
    }
  return self;
}

guint16
ob_test_server_thread_get_port (ObTestServerThread *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

GMainContext *
ob_test_server_thread_get_context (ObTestServerThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->context;
}

/**
 * ob_test_server_thread_is_stopping:
 *
 * In the server thread: whether ob_test_server_thread_stop() has begun.
 */
gboolean
ob_test_server_thread_is_stopping (ObTestServerThread *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->stopping;
}

static void
maybe_quit (ObTestServerThread *self)
{
  if (self->stopping && self->n_held == 0)
    g_main_loop_quit (self->loop);
}

/**
 * ob_test_server_thread_hold:
 *
 * In the server thread: a connection began; stopping waits for it.
 */
void
ob_test_server_thread_hold (ObTestServerThread *self)
{
  g_return_if_fail (self != NULL);

  self->n_held++;
}

/**
 * ob_test_server_thread_release:
 *
 * In the server thread: a connection held with ob_test_server_thread_hold()
 * is gone.
 */
void
ob_test_server_thread_release (ObTestServerThread *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_held > 0);

  self->n_held--;
  maybe_quit (self);
}

static gboolean
begin_stop_cb (gpointer data)
{
  ObTestServerThread *self = data;

  self->stopping = TRUE;
  g_socket_service_stop (self->service);
  self->shutdown (self->user_data);
  maybe_quit (self);
  return G_SOURCE_REMOVE;
}

/**
 * ob_test_server_thread_stop:
 *
 * From any thread but the server's: stops listening, has every connection
 * ended through the shutdown function, waits for the thread to finish and
 * frees @self.
 */
void
ob_test_server_thread_stop (ObTestServerThread *self)
{
  g_return_if_fail (self != NULL);

  g_main_context_invoke (self->context, begin_stop_cb, self);
  g_thread_join (self->thread);
  ob_test_server_thread_free (self);
}
