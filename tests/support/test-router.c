/* test-router.c — made-up hosts reach test servers on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-test-router.h"
#include "ob-test-server-thread.h"

#define WAIT_TIMEOUT_US (10 * G_TIME_SPAN_SECOND)

static void
greet (ObTestServerThread *thread,
       GSocketConnection  *connection,
       gpointer            data)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, "hello\n", 6, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static void
shut_down (gpointer data)
{
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GSocketConnection *
connect_to (ObTestRouter  *router,
            const char    *host,
            guint16        port,
            GError       **error)
{
  g_autoptr(GSocketClient) client = ob_test_router_new_socket_client (router);
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_US;

  g_socket_client_connect_to_host_async (client, host, port, NULL, connected_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  return g_socket_client_connect_to_host_finish (client, result, error);
}

static void
test_router_routes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestRouter) router = ob_test_router_new ();
  ObTestServerThread *server = ob_test_server_thread_start ("greeter", greet, shut_down, NULL,
                                                             &error);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  ob_test_router_add (router, "smtp.example.test", 465, ob_test_server_thread_get_port (server));

  connection = connect_to (router, "SMTP.example.test", 465, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "hello");
  g_clear_object (&connection);

  /* Same name, other port: no route, so refused without leaving the machine. */
  connection = connect_to (router, "smtp.example.test", 587, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (connection);

  g_assert_cmpuint (ob_test_router_get_attempts (router, "smtp.example.test", 465), ==, 1);
  g_assert_cmpuint (ob_test_router_get_attempts (router, "smtp.example.test", 587), ==, 1);
  g_assert_cmpuint (ob_test_router_get_attempts (router, "mail.example.test", 465), ==, 0);
  g_assert_cmpuint (ob_test_router_get_total_attempts (router), ==, 2);
  ob_test_server_thread_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/support/router/routes", test_router_routes);

  return g_test_run ();
}
