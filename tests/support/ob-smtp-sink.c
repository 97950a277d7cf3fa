/* ob-smtp-sink.c — an SMTP server that accepts everything, for benchmarks
 *
 * The sink answers like a real server (EHLO with PIPELINING, 8BITMIME,
 * SIZE and ENHANCEDSTATUSCODES; MAIL, RCPT, DATA, RSET, NOOP, QUIT), any
 * number of messages per connection, and holds each reply back by a fixed
 * delay to stand in for a network round trip.
 *
 * The delay runs from the moment the command was read, and replies leave
 * as soon as they are due, in order: three pipelined commands read together
 * are answered together after one delay, not after three. So a client pays
 * the delay once per round trip it waits for, which is what the sink counts
 * as "flights": bursts of client data that arrive after the sink has sent
 * every reply it owed and is waiting on the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-smtp-sink.h"
#include "ob-test-server-thread.h"

#define MAX_LINE_LENGTH (1024 * 1024)

#define EHLO_REPLY \
  "250-localhost\r\n" \
  "250-PIPELINING\r\n" \
  "250-8BITMIME\r\n" \
  "250-SIZE 104857600\r\n" \
  "250 ENHANCEDSTATUSCODES\r\n"

struct _ObSmtpSink
{
  GObject             parent_instance;

  guint               reply_delay_ms;
  ObTestServerThread *thread;

  /* Server thread only. */
  GList              *connections;

  GMutex              lock;
  GCond               cond;
  guint64             n_connections;
  guint64             n_open;
  guint64             n_messages;
  guint64             n_data_bytes;
  guint64             n_flights;
};

G_DEFINE_FINAL_TYPE (ObSmtpSink, ob_smtp_sink, G_TYPE_OBJECT)

typedef struct
{
  gint64      due;          /* monotonic time, µs */
  const char *text;
} Reply;

/* A client, in the server thread. A read and a write may be pending at the
 * same time; ending the connection cancels both and frees it when the last
 * one reports. */
typedef struct
{
  ObSmtpSink         *sink;
  ObTestServerThread *thread;
  GSocketConnection  *connection;
  GCancellable       *cancellable;
  GSource            *timer;
  GQueue              replies;
  GByteArray         *inbuf;
  GString            *outbuf;
  guint               n_pending;
  gboolean            closing;       /* QUIT was read: close after the replies */
  gboolean            ending;
  gboolean            in_data;
  gboolean            awaiting_client;
  guint8              chunk[65536];
} SinkConnection;

static void flush_due_replies (SinkConnection *conn);
static void start_reading (SinkConnection *conn);

static void
connection_end (SinkConnection *conn)
{
  ObSmtpSink *self = conn->sink;

  conn->ending = TRUE;
  if (conn->n_pending > 0)
    {
      g_cancellable_cancel (conn->cancellable);
      return;
    }

  g_source_destroy (conn->timer);
  g_source_unref (conn->timer);
  g_socket_close (g_socket_connection_get_socket (conn->connection), NULL);
  g_queue_clear_full (&conn->replies, g_free);
  g_byte_array_unref (conn->inbuf);
  g_string_free (conn->outbuf, TRUE);
  g_object_unref (conn->connection);
  g_object_unref (conn->cancellable);
  self->connections = g_list_remove (self->connections, conn);
  ob_test_server_thread_release (conn->thread);
  g_free (conn);

  g_mutex_lock (&self->lock);
  self->n_open--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
queue_reply (SinkConnection *conn,
             gint64          read_time,
             const char     *text)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->due = read_time + conn->sink->reply_delay_ms * G_TIME_SPAN_MILLISECOND;
  reply->text = text;
  g_queue_push_tail (&conn->replies, reply);
}

static gboolean
command_is (const char *line,
            const char *verb)
{
  gsize length = strlen (verb);

  return g_ascii_strncasecmp (line, verb, length) == 0 &&
         (line[length] == ' ' || line[length] == '\r');
}

static void
handle_command (SinkConnection *conn,
                const char     *line,
                gint64          read_time)
{
  if (command_is (line, "EHLO"))
    queue_reply (conn, read_time, EHLO_REPLY);
  else if (command_is (line, "HELO"))
    queue_reply (conn, read_time, "250 localhost\r\n");
  else if (command_is (line, "MAIL"))
    queue_reply (conn, read_time, "250 2.1.0 Ok\r\n");
  else if (command_is (line, "RCPT"))
    queue_reply (conn, read_time, "250 2.1.5 Ok\r\n");
  else if (command_is (line, "RSET") || command_is (line, "NOOP"))
    queue_reply (conn, read_time, "250 2.0.0 Ok\r\n");
  else if (command_is (line, "DATA"))
    {
      /* The client sends nothing more before the 354: what follows is the
       * body. */
      conn->in_data = TRUE;
      queue_reply (conn, read_time, "354 End data with <CR><LF>.<CR><LF>\r\n");
    }
  else if (command_is (line, "QUIT"))
    {
      queue_reply (conn, read_time, "221 2.0.0 Bye\r\n");
      conn->closing = TRUE;
    }
  else
    {
      queue_reply (conn, read_time, "502 5.5.2 Command not recognised\r\n");
    }
}

static void
handle_input (SinkConnection *conn,
              gint64          read_time)
{
  ObSmtpSink *self = conn->sink;
  const guint8 *lf;
  guint64 n_body_bytes = 0;
  guint n_messages = 0;

  while (!conn->closing && conn->inbuf->len > 0 &&
         (lf = memchr (conn->inbuf->data, '\n', conn->inbuf->len)) != NULL)
    {
      gsize length = lf - conn->inbuf->data + 1;
      g_autofree char *line = g_strndup ((const char *) conn->inbuf->data, length);

      g_byte_array_remove_range (conn->inbuf, 0, length);
      if (!conn->in_data)
        {
          handle_command (conn, line, read_time);
        }
      else if (strcmp (line, ".\r\n") == 0)
        {
          conn->in_data = FALSE;
          n_messages++;
          queue_reply (conn, read_time, "250 2.0.0 Ok: queued\r\n");
        }
      else
        {
          n_body_bytes += length;
        }
    }

  g_mutex_lock (&self->lock);
  self->n_messages += n_messages;
  self->n_data_bytes += n_body_bytes;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  SinkConnection *conn = data;
  ObSmtpSink *self = conn->sink;
  gssize n_read;

  conn->n_pending--;
  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  if (conn->ending || n_read <= 0 || conn->inbuf->len + n_read > MAX_LINE_LENGTH)
    {
      connection_end (conn);
      return;
    }

  if (conn->awaiting_client)
    {
      conn->awaiting_client = FALSE;
      g_mutex_lock (&self->lock);
      self->n_flights++;
      g_mutex_unlock (&self->lock);
    }

  g_byte_array_append (conn->inbuf, conn->chunk, n_read);
  handle_input (conn, g_get_monotonic_time ());
  flush_due_replies (conn);
  if (!conn->closing)
    start_reading (conn);
}

static void
start_reading (SinkConnection *conn)
{
  conn->n_pending++;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (conn->connection)),
                             conn->chunk, sizeof conn->chunk, G_PRIORITY_DEFAULT,
                             conn->cancellable, read_cb, conn);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  SinkConnection *conn = data;
  gboolean ok;

  conn->n_pending--;
  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_string_truncate (conn->outbuf, 0);
  if (conn->ending || !ok)
    {
      connection_end (conn);
      return;
    }
  flush_due_replies (conn);
}

/* Writes every reply that is due, in one write, and wakes up again when the
 * next one is. */
static void
flush_due_replies (SinkConnection *conn)
{
  gint64 now = g_get_monotonic_time ();
  Reply *reply;

  /* A write is under way; its callback comes back here. */
  if (conn->outbuf->len > 0)
    return;

  while ((reply = g_queue_peek_head (&conn->replies)) != NULL && reply->due <= now)
    {
      g_string_append (conn->outbuf, reply->text);
      g_free (g_queue_pop_head (&conn->replies));
    }

  if (conn->outbuf->len > 0)
    {
      /* Once the last reply owed is on its way, whatever the client sends
       * next is a new flight. This is decided here, not when the write
       * reports: the client's answer can be read before that report. Only
       * a reply starts the wait; a piece of a body read does not. */
      conn->awaiting_client = g_queue_is_empty (&conn->replies);
      conn->n_pending++;
      g_output_stream_write_all_async (
        g_io_stream_get_output_stream (G_IO_STREAM (conn->connection)),
        conn->outbuf->str, conn->outbuf->len, G_PRIORITY_DEFAULT, conn->cancellable,
        write_cb, conn);
    }
  else if (reply != NULL)
    {
      g_source_set_ready_time (conn->timer, reply->due);
    }
  else if (conn->closing)
    {
      connection_end (conn);
    }
}

static gboolean
timer_cb (gpointer data)
{
  SinkConnection *conn = data;

  g_source_set_ready_time (conn->timer, -1);
  flush_due_replies (conn);
  return G_SOURCE_CONTINUE;
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     data)
{
  return callback (data);
}

/* A source that fires at its ready time only: replies are due at exact
 * microseconds, not in whole milliseconds from now. */
static GSourceFuncs timer_funcs = {
  .dispatch = timer_dispatch,
};

static void
on_incoming (ObTestServerThread *thread,
             GSocketConnection  *connection,
             gpointer            data)
{
  ObSmtpSink *self = data;
  SinkConnection *conn = g_new0 (SinkConnection, 1);

  conn->sink = self;
  conn->thread = thread;
  conn->connection = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();
  conn->inbuf = g_byte_array_new ();
  conn->outbuf = g_string_new (NULL);
  g_queue_init (&conn->replies);
  conn->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (conn->timer, timer_cb, conn, NULL);
  g_source_attach (conn->timer, g_main_context_get_thread_default ());

  self->connections = g_list_prepend (self->connections, conn);
  ob_test_server_thread_hold (thread);
  g_mutex_lock (&self->lock);
  self->n_connections++;
  self->n_open++;
  g_mutex_unlock (&self->lock);

  queue_reply (conn, g_get_monotonic_time (), "220 localhost ESMTP Outbound sink\r\n");
  flush_due_replies (conn);
  start_reading (conn);
}

static void
on_shutdown (gpointer data)
{
  ObSmtpSink *self = data;
  g_autoptr(GList) connections = g_list_copy (self->connections);

  for (GList *l = connections; l != NULL; l = l->next)
    connection_end (l->data);
}

static void
ob_smtp_sink_dispose (GObject *object)
{
  ob_smtp_sink_stop (OB_SMTP_SINK (object));

  G_OBJECT_CLASS (ob_smtp_sink_parent_class)->dispose (object);
}

static void
ob_smtp_sink_finalize (GObject *object)
{
  ObSmtpSink *self = OB_SMTP_SINK (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ob_smtp_sink_parent_class)->finalize (object);
}

static void
ob_smtp_sink_class_init (ObSmtpSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ob_smtp_sink_dispose;
  object_class->finalize = ob_smtp_sink_finalize;
}

static void
ob_smtp_sink_init (ObSmtpSink *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * ob_smtp_sink_new:
 * @reply_delay_ms: how long each reply is held back after its command was
 *   read: the round trip time the sink stands in for
 */
ObSmtpSink *
ob_smtp_sink_new (guint reply_delay_ms)
{
  ObSmtpSink *self = g_object_new (OB_TYPE_SMTP_SINK, NULL);

  self->reply_delay_ms = reply_delay_ms;
  return self;
}

/**
 * ob_smtp_sink_start:
 *
 * Listens on 127.0.0.1, on the port ob_smtp_sink_get_port() returns, in a
 * thread of its own.
 */
gboolean
ob_smtp_sink_start (ObSmtpSink *self,
                    GError    **error)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = ob_test_server_thread_start ("smtp-sink", on_incoming, on_shutdown, self, error);
  return self->thread != NULL;
}

guint16
ob_smtp_sink_get_port (ObSmtpSink *self)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), 0);
  g_return_val_if_fail (self->thread != NULL, 0);

  return ob_test_server_thread_get_port (self->thread);
}

/**
 * ob_smtp_sink_wait:
 * @n_messages: how many messages to wait for
 * @timeout_ms: the longest wait
 *
 * Returns: whether @n_messages arrived and every client has left, within
 *   @timeout_ms
 */
gboolean
ob_smtp_sink_wait (ObSmtpSink *self,
                   guint       n_messages,
                   guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean done;

  g_return_val_if_fail (OB_IS_SMTP_SINK (self), FALSE);

  g_mutex_lock (&self->lock);
  while (!(done = self->n_messages >= n_messages && self->n_open == 0))
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  g_mutex_unlock (&self->lock);

  return done;
}

/**
 * ob_smtp_sink_stop:
 *
 * Closes every connection and joins the sink's thread. Safe to call more
 * than once.
 */
void
ob_smtp_sink_stop (ObSmtpSink *self)
{
  g_return_if_fail (OB_IS_SMTP_SINK (self));

  if (self->thread == NULL)
    return;
  ob_test_server_thread_stop (self->thread);
  self->thread = NULL;
}

static guint64
read_counter (ObSmtpSink    *self,
              const guint64 *counter)
{
  guint64 value;

  g_mutex_lock (&self->lock);
  value = *counter;
  g_mutex_unlock (&self->lock);
  return value;
}

/**
 * ob_smtp_sink_get_n_connections:
 *
 * Returns: how many connections the sink has accepted
 */
guint
ob_smtp_sink_get_n_connections (ObSmtpSink *self)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), 0);

  return (guint) read_counter (self, &self->n_connections);
}

/**
 * ob_smtp_sink_get_n_messages:
 *
 * Returns: how many messages the sink has accepted, over every connection
 */
guint
ob_smtp_sink_get_n_messages (ObSmtpSink *self)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), 0);

  return (guint) read_counter (self, &self->n_messages);
}

/**
 * ob_smtp_sink_get_n_data_bytes:
 *
 * Returns: the size of every DATA body received, as sent (dot-stuffed), not
 *   counting the final “.” lines
 */
guint64
ob_smtp_sink_get_n_data_bytes (ObSmtpSink *self)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), 0);

  return read_counter (self, &self->n_data_bytes);
}

/**
 * ob_smtp_sink_get_n_flights:
 *
 * The round trips clients made the sink wait for: how many times data
 * arrived after the sink had sent every reply it owed. A client that
 * pipelines MAIL, RCPT and DATA makes two flights per message (the
 * commands, then the body); one that waits for each reply makes four.
 *
 * Returns: the number of flights over every connection
 */
guint
ob_smtp_sink_get_n_flights (ObSmtpSink *self)
{
  g_return_val_if_fail (OB_IS_SMTP_SINK (self), 0);

  return (guint) read_counter (self, &self->n_flights);
}
