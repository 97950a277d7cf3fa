/* ob-fake-smtp-server-connection.c — one client following its script
 *
 * Each connection runs in the server thread as a small state machine over
 * asynchronous I/O: a step either completes at once (a line already in the
 * buffer matched) or starts one operation whose callback resumes the
 * script. Timers bound every wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-fake-smtp-server-private.h"

/* Longer than any line or message a test has reason to send. */
#define MAX_LINE_LENGTH    (1024 * 1024)
#define MAX_MESSAGE_SIZE   (64 * 1024 * 1024)
#define MAX_SHOWN_LENGTH   200

/* One client, in the server thread. At most one operation is pending at a
 * time (busy); ending a busy connection cancels it and lets its callback
 * finish the job, so nothing is freed under a running operation. */
typedef struct
{
  ObFakeSmtpServer   *server;
  ObTestServerThread *thread;
  guint               index;
  GPtrArray          *steps;
  guint               step;
  ObFakeSmtpRecord   *record;
  GSocketConnection  *socket_connection;
  GIOStream          *stream;          /* the socket, or TLS over it */
  GTlsConnection     *handshaking;
  GCancellable       *cancellable;
  GSource            *timer;
  GByteArray         *inbuf;           /* read, not yet used by a step */
  GByteArray         *message;         /* DATA or BDAT body so far */
  gsize               n_data_bytes;    /* DROP_DURING_DATA */
  gsize               bdat_remaining;
  gboolean            in_bdat_chunk;
  gboolean            bdat_last;
  gboolean            delay_done;
  gboolean            busy;
  gboolean            aborting;
  gboolean            stopping;
  gboolean            eof;
  gboolean            in_auth;         /* the last reply sent was a 334 */
  guint8              chunk[16384];
} Connection;

static void connection_run (Connection *conn);
static void connection_stop (Connection *conn);

static char *
describe_step (const ObFakeSmtpStep *step)
{
  switch (step->kind)
    {
    case OB_FAKE_SMTP_STEP_SEND:
      return g_strdup ("sending a reply");
    case OB_FAKE_SMTP_STEP_EXPECT:
      return g_strdup_printf ("expecting “%s”", step->pattern);
    case OB_FAKE_SMTP_STEP_EXPECT_DATA:
      return g_strdup ("reading a DATA body");
    case OB_FAKE_SMTP_STEP_EXPECT_BDAT:
      return g_strdup ("reading a BDAT chunk");
    case OB_FAKE_SMTP_STEP_START_TLS:
    case OB_FAKE_SMTP_STEP_START_TLS_REFUSED:
      return g_strdup ("the TLS handshake");
    case OB_FAKE_SMTP_STEP_STALL:
      return g_strdup ("staying silent");
    case OB_FAKE_SMTP_STEP_CLOSE:
      return g_strdup ("closing");
    case OB_FAKE_SMTP_STEP_DROP:
      return g_strdup ("dropping the connection");
    case OB_FAKE_SMTP_STEP_DROP_DURING_DATA:
      return g_strdup_printf ("reading %zu bytes of DATA before dropping the connection",
                              step->n_bytes);
    default:
      g_assert_not_reached ();
    }
}

/* Client lines go into error messages; authentication data never does. */
static char *
describe_client_line (Connection *conn,
                      const char *line)
{
  g_autofree char *shown = NULL;

  if (conn->in_auth)
    return g_strdup ("(a line of the authentication exchange, not shown)");
  if (g_ascii_strncasecmp (line, "AUTH ", 5) == 0)
    {
      const char *end = strchr (line + 5, ' ');

      if (end != NULL)
        return g_strdup_printf ("%.*s …", (int) (end - line), line);
    }
  shown = g_strndup (line, MAX_SHOWN_LENGTH);
  return g_strescape (shown, NULL);
}

static void
connection_error (Connection *conn,
                  const char *format,
                  ...) G_GNUC_PRINTF (2, 3);

static void
connection_error (Connection *conn,
                  const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  ob_fake_smtp_server_add_error (conn->server,
                                 g_strdup_printf ("connection %u, step %u: %s",
                                                  conn->index, conn->step, text));
}

static void
clear_timer (Connection *conn)
{
  if (conn->timer == NULL)
    return;
  g_source_destroy (conn->timer);
  g_clear_pointer (&conn->timer, g_source_unref);
}

static void
arm_timer (Connection  *conn,
           guint        ms,
           GSourceFunc  func)
{
  clear_timer (conn);
  conn->timer = g_timeout_source_new (ms);
  g_source_set_callback (conn->timer, func, conn, NULL);
  g_source_attach (conn->timer, g_main_context_get_thread_default ());
}

static void
connection_end (Connection *conn)
{
  ObFakeSmtpServer *self = conn->server;
  ObTestServerThread *thread = conn->thread;

  clear_timer (conn);
  /* Closing the socket itself, not the TLS layer: an abrupt end sends no
   * close_notify, and nothing here waits for the client. */
  g_socket_close (g_socket_connection_get_socket (conn->socket_connection), NULL);

  g_mutex_lock (&self->lock);
  conn->record->ended = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  self->connections = g_list_remove (self->connections, conn);
  g_clear_object (&conn->handshaking);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->socket_connection);
  g_clear_object (&conn->cancellable);
  g_byte_array_unref (conn->inbuf);
  g_clear_pointer (&conn->message, g_byte_array_unref);
  g_free (conn);

  ob_test_server_thread_release (thread);
}

static void
connection_abort (Connection *conn)
{
  conn->aborting = TRUE;
  clear_timer (conn);
  if (conn->busy)
    g_cancellable_cancel (conn->cancellable);
  else
    connection_end (conn);
}

static void
advance (Connection *conn)
{
  ObFakeSmtpServer *self = conn->server;

  conn->step++;
  g_mutex_lock (&self->lock);
  conn->record->n_steps_done = conn->step;
  conn->record->script_done = conn->step >= conn->steps->len;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static const ObFakeSmtpStep *
current_step (Connection *conn)
{
  if (conn->step >= conn->steps->len)
    return NULL;
  return g_ptr_array_index (conn->steps, conn->step);
}

static gboolean
is_stall_forever (const ObFakeSmtpStep *step)
{
  return step->kind == OB_FAKE_SMTP_STEP_STALL && step->ms == OB_FAKE_SMTP_SERVER_FOREVER;
}

/* Once the script has run, or while it waits for the client to go away,
 * the end of the connection is the expected outcome, not a failure. */
static gboolean
waiting_for_close (Connection *conn)
{
  const ObFakeSmtpStep *step = current_step (conn);

  return step == NULL || is_stall_forever (step);
}

static gboolean
step_timeout_cb (gpointer data)
{
  Connection *conn = data;
  g_autofree char *what = describe_step (current_step (conn));

  clear_timer (conn);
  connection_error (conn, "timed out after %u ms %s", conn->server->timeout_ms, what);
  connection_abort (conn);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_timeout_cb (gpointer data)
{
  Connection *conn = data;

  clear_timer (conn);
  connection_abort (conn);
  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Connection *conn = data;
  ObFakeSmtpServer *self = conn->server;
  g_autoptr(GError) error = NULL;
  gssize n_read;

  conn->busy = FALSE;
  clear_timer (conn);
  n_read = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (conn->aborting)
    {
      connection_end (conn);
      return;
    }

  if (n_read < 0 && !waiting_for_close (conn))
    {
      g_autofree char *what = describe_step (current_step (conn));

      connection_error (conn, "the connection failed while %s: %s", what, error->message);
      connection_abort (conn);
      return;
    }

  if (n_read <= 0)
    {
      conn->eof = TRUE;
    }
  else
    {
      g_byte_array_append (conn->inbuf, conn->chunk, n_read);
      g_mutex_lock (&self->lock);
      g_byte_array_append (conn->record->received, conn->chunk, n_read);
      g_mutex_unlock (&self->lock);
    }
  connection_run (conn);
}

/* Starts reading more from the client; FALSE if the client has closed. */
static gboolean
read_more (Connection  *conn,
           GSourceFunc  timeout_func)
{
  if (conn->eof)
    return FALSE;

  conn->busy = TRUE;
  if (timeout_func != NULL)
    arm_timer (conn, conn->server->timeout_ms, timeout_func);
  g_input_stream_read_async (g_io_stream_get_input_stream (conn->stream),
                             conn->chunk, sizeof conn->chunk, G_PRIORITY_DEFAULT,
                             conn->cancellable, read_cb, conn);
  return TRUE;
}

/* Waits for more of what the current step needs, or fails the step. */
static void
read_more_for_step (Connection *conn)
{
  g_autofree char *what = NULL;

  if (conn->inbuf->len > MAX_LINE_LENGTH)
    {
      connection_error (conn, "the client sent more than %u bytes without a line end",
                        MAX_LINE_LENGTH);
      connection_abort (conn);
      return;
    }
  if (read_more (conn, step_timeout_cb))
    return;

  what = describe_step (current_step (conn));
  connection_error (conn, "the client closed the connection while the server was %s", what);
  connection_abort (conn);
}

/* Length of the first line in the input, with its LF; 0 if incomplete.
 * The client must end every line with CRLF and send no other CR or LF:
 * anything else is recorded as an error, and the line still counts. */
static gsize
next_line_length (Connection *conn)
{
  const guint8 *data = conn->inbuf->data;
  const guint8 *lf;
  gsize length;

  if (conn->inbuf->len == 0)
    return 0;
  lf = memchr (data, '\n', conn->inbuf->len);
  if (lf == NULL)
    return 0;
  length = lf - data + 1;

  if (length < 2 || data[length - 2] != '\r')
    connection_error (conn, "a line ended with a bare LF instead of CRLF");
  if (length > 2 && memchr (data, '\r', length - 2) != NULL)
    connection_error (conn, "a line contained a bare CR");
  return length;
}

/* Takes the next complete line from the input, without its line end. */
static char *
take_line (Connection *conn)
{
  gsize length = next_line_length (conn);
  gsize text_length;
  char *line;

  if (length == 0)
    return NULL;

  text_length = length - 1;
  if (text_length > 0 && conn->inbuf->data[text_length - 1] == '\r')
    text_length--;
  line = g_strndup ((const char *) conn->inbuf->data, text_length);
  g_byte_array_remove_range (conn->inbuf, 0, length);
  return line;
}

static void
finish_message (Connection *conn)
{
  ObFakeSmtpServer *self = conn->server;
  GBytes *message = g_byte_array_free_to_bytes (g_steal_pointer (&conn->message));

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->messages, message);
  g_mutex_unlock (&self->lock);
}

static gboolean
add_to_message (Connection   *conn,
                const guint8 *data,
                gsize         length)
{
  if (conn->message == NULL)
    conn->message = g_byte_array_new ();
  if (conn->message->len + length > MAX_MESSAGE_SIZE)
    {
      connection_error (conn, "the message is larger than %u bytes", MAX_MESSAGE_SIZE);
      connection_abort (conn);
      return FALSE;
    }
  g_byte_array_append (conn->message, data, length);
  return TRUE;
}

/* Returns whether the step is complete. */
static gboolean
run_expect (Connection           *conn,
            const ObFakeSmtpStep *step)
{
  g_autofree char *line = take_line (conn);
  g_autofree char *shown = NULL;

  if (line == NULL)
    {
      read_more_for_step (conn);
      return FALSE;
    }

  if (!g_pattern_match_simple (step->pattern, line))
    {
      shown = describe_client_line (conn, line);
      connection_error (conn, "expected “%s”, received “%s”", step->pattern, shown);
      connection_abort (conn);
      return FALSE;
    }
  return TRUE;
}

/* The body as it came over the wire, still dot-stuffed, up to and without
 * the final ".\r\n". */
static gboolean
run_expect_data (Connection *conn)
{
  gsize length;

  while ((length = next_line_length (conn)) > 0)
    {
      const guint8 *line = conn->inbuf->data;

      if (length == 3 && memcmp (line, ".\r\n", 3) == 0)
        {
          g_byte_array_remove_range (conn->inbuf, 0, length);
          if (conn->message == NULL)
            conn->message = g_byte_array_new ();
          finish_message (conn);
          return TRUE;
        }
      if (!add_to_message (conn, line, length))
        return FALSE;
      g_byte_array_remove_range (conn->inbuf, 0, length);
    }

  read_more_for_step (conn);
  return FALSE;
}

static gboolean
parse_bdat (const char *line,
            gsize      *size,
            gboolean   *last)
{
  char *end;
  guint64 value;

  if (g_ascii_strncasecmp (line, "BDAT ", 5) != 0 || !g_ascii_isdigit (line[5]))
    return FALSE;
  value = g_ascii_strtoull (line + 5, &end, 10);
  if (value > MAX_MESSAGE_SIZE)
    return FALSE;
  *size = value;
  *last = g_ascii_strcasecmp (end, " LAST") == 0;
  return *last || *end == '\0';
}

/* One BDAT command and its chunk; the chunks add up to one message, which
 * is complete after the chunk marked LAST. */
static gboolean
run_expect_bdat (Connection *conn)
{
  gsize n_taken;

  if (!conn->in_bdat_chunk)
    {
      g_autofree char *line = take_line (conn);
      g_autofree char *shown = NULL;

      if (line == NULL)
        {
          read_more_for_step (conn);
          return FALSE;
        }
      if (!parse_bdat (line, &conn->bdat_remaining, &conn->bdat_last))
        {
          shown = describe_client_line (conn, line);
          connection_error (conn, "expected “BDAT <size> [LAST]”, received “%s”", shown);
          connection_abort (conn);
          return FALSE;
        }
      conn->in_bdat_chunk = TRUE;
    }

  n_taken = MIN (conn->bdat_remaining, conn->inbuf->len);
  if (!add_to_message (conn, conn->inbuf->data, n_taken))
    return FALSE;
  g_byte_array_remove_range (conn->inbuf, 0, n_taken);
  conn->bdat_remaining -= n_taken;

  if (conn->bdat_remaining > 0)
    {
      if (!read_more (conn, step_timeout_cb))
        {
          connection_error (conn, "the client closed the connection inside a BDAT chunk");
          connection_abort (conn);
        }
      return FALSE;
    }

  conn->in_bdat_chunk = FALSE;
  if (conn->bdat_last)
    finish_message (conn);
  return TRUE;
}

static gboolean
run_drop_during_data (Connection           *conn,
                      const ObFakeSmtpStep *step)
{
  gsize n_taken = MIN (step->n_bytes - conn->n_data_bytes, conn->inbuf->len);

  g_byte_array_remove_range (conn->inbuf, 0, n_taken);
  conn->n_data_bytes += n_taken;
  if (conn->n_data_bytes >= step->n_bytes)
    return TRUE;

  read_more_for_step (conn);
  return FALSE;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Connection *conn = data;
  g_autoptr(GError) error = NULL;

  conn->busy = FALSE;
  clear_timer (conn);
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (conn->aborting)
    {
      connection_end (conn);
      return;
    }
  if (error != NULL)
    {
      connection_error (conn, "could not send: %s", error->message);
      connection_abort (conn);
      return;
    }
  advance (conn);
  connection_run (conn);
}

static gboolean
delay_done_cb (gpointer data)
{
  Connection *conn = data;

  clear_timer (conn);
  conn->delay_done = TRUE;
  connection_run (conn);
  return G_SOURCE_REMOVE;
}

static void
run_send (Connection           *conn,
          const ObFakeSmtpStep *step)
{
  gsize size;
  const char *text = g_bytes_get_data (step->bytes, &size);

  if (conn->server->reply_delay_ms > 0 && !conn->delay_done)
    {
      arm_timer (conn, conn->server->reply_delay_ms, delay_done_cb);
      return;
    }
  conn->delay_done = FALSE;
  conn->in_auth = size >= 3 && memcmp (text, "334", 3) == 0;

  conn->busy = TRUE;
  arm_timer (conn, conn->server->timeout_ms, step_timeout_cb);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (conn->stream),
                                   text, size, G_PRIORITY_DEFAULT, conn->cancellable,
                                   write_cb, conn);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Connection *conn = data;
  g_autoptr(GError) error = NULL;
  const ObFakeSmtpStep *step = current_step (conn);
  gboolean ok;

  conn->busy = FALSE;
  clear_timer (conn);
  ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error);
  if (conn->aborting)
    {
      connection_end (conn);
      return;
    }

  if (step->kind == OB_FAKE_SMTP_STEP_START_TLS_REFUSED)
    {
      if (ok)
        connection_error (conn, "the client accepted a certificate it should have refused");
      else
        advance (conn);
      /* Either way the client has nothing more to say over this connection. */
      connection_abort (conn);
      return;
    }

  if (!ok)
    {
      connection_error (conn, "the TLS handshake failed: %s", error->message);
      connection_abort (conn);
      return;
    }

  g_clear_object (&conn->stream);
  conn->stream = G_IO_STREAM (g_steal_pointer (&conn->handshaking));
  advance (conn);
  connection_run (conn);
}

static void
run_start_tls (Connection           *conn,
               const ObFakeSmtpStep *step)
{
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  /* Nothing the client sent before the handshake may count as sent over
   * TLS; it stays in the record of received bytes. */
  g_byte_array_set_size (conn->inbuf, 0);

  tls = g_tls_server_connection_new (conn->stream, step->certificate, &error);
  if (tls == NULL)
    {
      connection_error (conn, "cannot set up TLS: %s", error->message);
      connection_abort (conn);
      return;
    }
  conn->handshaking = G_TLS_CONNECTION (tls);

  conn->busy = TRUE;
  arm_timer (conn, conn->server->timeout_ms, step_timeout_cb);
  g_tls_connection_handshake_async (conn->handshaking, G_PRIORITY_DEFAULT, conn->cancellable,
                                    handshake_cb, conn);
}

static gboolean
stall_done_cb (gpointer data)
{
  Connection *conn = data;

  clear_timer (conn);
  advance (conn);
  connection_run (conn);
  return G_SOURCE_REMOVE;
}

/* Returns whether the step is complete: the client has gone. */
static gboolean
run_stall (Connection           *conn,
           const ObFakeSmtpStep *step)
{
  if (step->ms != OB_FAKE_SMTP_SERVER_FOREVER)
    {
      arm_timer (conn, step->ms, stall_done_cb);
      return FALSE;
    }

  /* Reads only to notice the client leaving; what it says goes unanswered. */
  g_byte_array_set_size (conn->inbuf, 0);
  return !read_more (conn, NULL);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Connection *conn = data;

  conn->busy = FALSE;
  clear_timer (conn);
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  connection_end (conn);
}

static void
run_close (Connection *conn)
{
  advance (conn);
  conn->busy = TRUE;
  arm_timer (conn, conn->server->timeout_ms, idle_timeout_cb);
  g_io_stream_close_async (conn->stream, G_PRIORITY_DEFAULT, conn->cancellable, close_cb, conn);
}

/* After the last step: the client may keep the connection open a while or
 * close it, but anything more it says was not in the script. */
static void
run_after_script (Connection *conn)
{
  if (conn->inbuf->len > 0)
    {
      g_autofree char *text = g_strndup ((const char *) conn->inbuf->data, conn->inbuf->len);
      g_autofree char *shown = describe_client_line (conn, text);

      connection_error (conn, "the client sent “%s” after the end of the script", shown);
      connection_abort (conn);
      return;
    }
  if (!read_more (conn, idle_timeout_cb))
    connection_end (conn);
}

static void
connection_run (Connection *conn)
{
  const ObFakeSmtpStep *step;

  if (conn->stopping)
    {
      connection_stop (conn);
      return;
    }

  while ((step = current_step (conn)) != NULL)
    {
      switch (step->kind)
        {
        case OB_FAKE_SMTP_STEP_SEND:
          run_send (conn, step);
          return;

        case OB_FAKE_SMTP_STEP_EXPECT:
          if (!run_expect (conn, step))
            return;
          break;

        case OB_FAKE_SMTP_STEP_EXPECT_DATA:
          if (!run_expect_data (conn))
            return;
          break;

        case OB_FAKE_SMTP_STEP_EXPECT_BDAT:
          if (!run_expect_bdat (conn))
            return;
          break;

        case OB_FAKE_SMTP_STEP_START_TLS:
        case OB_FAKE_SMTP_STEP_START_TLS_REFUSED:
          run_start_tls (conn, step);
          return;

        case OB_FAKE_SMTP_STEP_STALL:
          if (!run_stall (conn, step))
            return;
          break;

        case OB_FAKE_SMTP_STEP_CLOSE:
          run_close (conn);
          return;

        case OB_FAKE_SMTP_STEP_DROP_DURING_DATA:
          if (!run_drop_during_data (conn, step))
            return;
          advance (conn);
          connection_abort (conn);
          return;

        case OB_FAKE_SMTP_STEP_DROP:
          advance (conn);
          connection_abort (conn);
          return;

        default:
          g_assert_not_reached ();
        }
      advance (conn);
    }

  run_after_script (conn);
}

void
ob_fake_smtp_connection_accept (ObTestServerThread *thread,
                                GSocketConnection  *socket_connection,
                                gpointer            data)
{
  ObFakeSmtpServer *self = data;
  Connection *conn;
  ObFakeSmtpRecord *record;
  guint index;

  g_mutex_lock (&self->lock);
  index = self->n_accepted++;
  g_mutex_unlock (&self->lock);

  if (index >= self->scripts->len)
    {
      ob_fake_smtp_server_add_error (self, g_strdup_printf ("connection %u: not in the script",
                                                            index));
      return;
    }

  record = g_new0 (ObFakeSmtpRecord, 1);
  record->received = g_byte_array_new ();
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->records, record);
  g_mutex_unlock (&self->lock);

  conn = g_new0 (Connection, 1);
  conn->server = self;
  conn->thread = thread;
  conn->index = index;
  conn->steps = g_ptr_array_index (self->scripts, index);
  conn->record = record;
  conn->socket_connection = g_object_ref (socket_connection);
  conn->stream = g_object_ref (G_IO_STREAM (socket_connection));
  conn->cancellable = g_cancellable_new ();
  conn->inbuf = g_byte_array_new ();

  self->connections = g_list_prepend (self->connections, conn);
  ob_test_server_thread_hold (thread);
  connection_run (conn);
}

/* The step under way when the server stops decides whether the script was
 * cut short. */
static void
connection_stop (Connection *conn)
{
  const ObFakeSmtpStep *step = current_step (conn);

  if (step != NULL && is_stall_forever (step))
    {
      /* The test ending is one of the two ways this step ends. */
      advance (conn);
    }
  else if (step != NULL)
    {
      g_autofree char *what = describe_step (step);

      connection_error (conn, "the server was stopped while %s", what);
    }
  connection_abort (conn);
}

void
ob_fake_smtp_connection_shutdown_all (gpointer data)
{
  ObFakeSmtpServer *self = data;
  g_autoptr(GList) connections = g_list_copy (self->connections);

  for (GList *l = connections; l != NULL; l = l->next)
    {
      Connection *conn = l->data;
      const ObFakeSmtpStep *step = current_step (conn);

      conn->stopping = TRUE;
      /* The client may already have the reply or have finished its side of
       * the handshake while the server has not heard back yet: let that
       * operation report (its timeout still bounds it), then stop. */
      if (conn->busy && step != NULL &&
          (step->kind == OB_FAKE_SMTP_STEP_SEND || step->kind == OB_FAKE_SMTP_STEP_START_TLS ||
           step->kind == OB_FAKE_SMTP_STEP_START_TLS_REFUSED))
        continue;
      connection_stop (conn);
    }
}
