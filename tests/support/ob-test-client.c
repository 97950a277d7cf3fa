/* ob-test-client.c — a minimal blocking line client for testing servers
 *
 * Plays the client side against the test servers with nothing but GIO
 * (GSocketClient, GTlsClientConnection with validation on), so the test
 * support can be tested without the SMTP client it exists to test. Every
 * call asserts success: it is meant for test bodies. Blocking calls are
 * bounded by the socket timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-test-certs.h"
#include "ob-test-client.h"

#define CLIENT_TIMEOUT_S 10
/* More lines than any reply a test server sends. */
#define MAX_REPLY_LINES  100

struct _ObTestClient
{
  GSocketConnection *connection;
  GIOStream         *stream;   /* the connection, or TLS over it */
  GDataInputStream  *input;
};

void
ob_test_client_free (ObTestClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->input);
  g_clear_object (&client->stream);
  g_clear_object (&client->connection);
  g_free (client);
}

static void
use_stream (ObTestClient *client,
            GIOStream    *stream)
{
  g_set_object (&client->stream, stream);
  g_clear_object (&client->input);
  client->input = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  /* Dropping the reader must not close the stream under the next one. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (client->input), FALSE);
  g_data_input_stream_set_newline_type (client->input, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
}

/**
 * ob_test_client_connect:
 * @port: a port on 127.0.0.1
 *
 * Returns: (transfer full): a client connected to 127.0.0.1:@port
 */
ObTestClient *
ob_test_client_connect (guint16 port)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  ObTestClient *client = g_new0 (ObTestClient, 1);

  g_socket_client_set_timeout (socket_client, CLIENT_TIMEOUT_S);
  g_socket_client_set_enable_proxy (socket_client, FALSE);
  client->connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port,
                                                        NULL, &error);
  g_assert_no_error (error);
  use_stream (client, G_IO_STREAM (client->connection));
  return client;
}

/**
 * ob_test_client_send:
 * @text: bytes to send as they are, in one write
 */
void
ob_test_client_send (ObTestClient *client,
                     const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (client->stream), text,
                             strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/**
 * ob_test_client_read_reply:
 *
 * Reads one whole SMTP reply, however many lines it has.
 *
 * Returns: (transfer full): its lines without CRLF, codes included, joined
 *   with "\n"
 */
char *
ob_test_client_read_reply (ObTestClient *client)
{
  g_autoptr(GString) reply = g_string_new (NULL);

  for (guint i = 0; i < MAX_REPLY_LINES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line (client->input, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_cmpuint (strlen (line), >=, 3);
      if (reply->len > 0)
        g_string_append_c (reply, '\n');
      g_string_append (reply, line);
      if (line[3] != '-')
        return g_string_free (g_steal_pointer (&reply), FALSE);
    }
  g_assert_not_reached ();
}

void
ob_test_client_skip_reply (ObTestClient *client)
{
  g_free (ob_test_client_read_reply (client));
}

/**
 * ob_test_client_expect_reply:
 * @expected: the whole reply as ob_test_client_read_reply() returns it
 */
void
ob_test_client_expect_reply (ObTestClient *client,
                             const char   *expected)
{
  g_autofree char *reply = ob_test_client_read_reply (client);

  g_assert_cmpstr (reply, ==, expected);
}

/**
 * ob_test_client_read_bytes:
 * @count: how many bytes to read
 *
 * Returns: (transfer full): exactly the next @count bytes, whatever they are
 */
GBytes *
ob_test_client_read_bytes (ObTestClient *client,
                           gsize         count)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (count);
  gsize n_read = 0;

  g_input_stream_read_all (G_INPUT_STREAM (client->input), data, count, &n_read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_read, ==, count);
  return g_bytes_new_take (data, count);
}

/**
 * ob_test_client_sees_end:
 *
 * Returns: whether the server has closed the connection (cleanly or not)
 *   rather than sent more
 */
gboolean
ob_test_client_sees_end (ObTestClient *client)
{
  char byte;

  return g_input_stream_read (G_INPUT_STREAM (client->input), &byte, 1, NULL, NULL) <= 0;
}

static gboolean
on_accept_certificate (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  GTlsCertificateFlags *seen = data;

  *seen = errors;
  return FALSE;
}

/**
 * ob_test_client_start_tls:
 * @port: the server's port, part of the identity checked
 * @errors: (out): what validation found wrong, 0 if nothing
 *
 * A TLS handshake trusting only the test CA and checking the name
 * “localhost”, with no exception for any error.
 *
 * Returns: whether the handshake succeeded; the client then talks TLS
 */
gboolean
ob_test_client_start_tls (ObTestClient          *client,
                          guint16                port,
                          GTlsCertificateFlags  *errors,
                          GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&local_error);
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", port);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GIOStream) tls = NULL;

  g_assert_no_error (local_error);
  database = ob_test_certs_new_database (certs, &local_error);
  g_assert_no_error (local_error);
  tls = g_tls_client_connection_new (client->stream, identity, &local_error);
  g_assert_no_error (local_error);

  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate), errors);
  *errors = 0;
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    return FALSE;
  use_stream (client, tls);
  return TRUE;
}
