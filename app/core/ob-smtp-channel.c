/* ob-smtp-channel.c — the buffered, time-bounded byte pipe under an SMTP client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SMTP dialogue is written as linear blocking code in a worker thread,
 * but blocking GIO calls cannot be bounded in time on a TLS stream. So every
 * read and write here is non-blocking on a pollable stream, and waiting is an
 * iteration of the client's private main context with a timeout source: each
 * wait ends at the inactivity timeout, at the reply's overall deadline (so a
 * server trickling a byte a second cannot hold the client), or at once when
 * the caller's GCancellable fires.
 *
 * Output is buffered: commands are queued and go out in one write when a
 * reply is needed, which is what makes pipelining (RFC 2920) cost one round
 * trip per message. The channel is itself a GOutputStream, so message data
 * written into it joins the same buffer and the final dot leaves in the same
 * write as the last body bytes and the next message's envelope.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-smtp-channel.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply-parser.h"
#include "ob-transcript.h"

/* Large enough that a pipelined group and a message body go out in few
 * writes, small enough that memory stays flat whatever the message size. */
#define FLUSH_THRESHOLD (64 * 1024)
#define READ_CHUNK      4096

struct _ObSmtpChannel
{
  GOutputStream       parent_instance;

  GIOStream          *stream;
  GMainContext       *context;
  ObTranscript       *transcript;
  guint               timeout_seconds;
  ObSmtpStage         stage;

  GByteArray         *out;
  char               *in;
  gsize               in_len;
  gsize               in_pos;
  ObSmtpReplyParser  *parser;

  gboolean            wrote_since_wait;
  guint               round_trips;
  guint64             bytes_sent;
};

G_DEFINE_FINAL_TYPE (ObSmtpChannel, ob_smtp_channel, G_TYPE_OUTPUT_STREAM)

static gboolean
flag_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
pollable_ready_cb (GObject  *stream,
                   gpointer  data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GMainContext *context)
{
  g_main_context_wakeup (context);
}

/**
 * ob_smtp_wait_for:
 * @context: the private context the pending operation dispatches to
 * @done: set to %TRUE by the operation's callback
 * @deadline: monotonic time (µs) at which to give up
 *
 * Iterates @context until *@done, the deadline, or cancellation.
 *
 * Returns: whether *@done became %TRUE
 */
gboolean
ob_smtp_wait_for (GMainContext *context,
                  gboolean     *done,
                  gint64        deadline,
                  GCancellable *cancellable)
{
  gboolean timed_out = FALSE;
  g_autoptr(GSource) timeout = NULL;
  gint64 remaining = deadline - g_get_monotonic_time ();
  gulong cancel_id = 0;

  if (*done)
    return TRUE;
  if (remaining <= 0)
    return FALSE;

  timeout = g_timeout_source_new ((guint) MIN ((remaining + 999) / 1000, G_MAXUINT));
  g_source_set_callback (timeout, flag_done_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  /* A "cancelled" handler rather than a cancellable source: it only wakes
   * the loop, which then sees the cancellation, and GLib 2.74 leaks a
   * cancellable source cancelled from another thread. */
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                       g_main_context_ref (context),
                                       (GDestroyNotify) g_main_context_unref);

  while (!*done && !timed_out && !g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (context, TRUE);

  g_cancellable_disconnect (cancellable, cancel_id);
  g_source_destroy (timeout);
  return *done;
}

/**
 * ob_smtp_error_from_io:
 * @io_error: (transfer full): an error from GIO, GResolver or GTlsConnection
 * @stage: the stage it happened in
 *
 * Returns: (transfer full): the same failure as an %OB_SMTP_ERROR, or
 *   @io_error itself when it is a cancellation or already ours
 */
GError *
ob_smtp_error_from_io (GError      *io_error,
                       ObSmtpStage  stage)
{
  g_autoptr(GError) e = io_error;
  g_autofree char *detail = NULL;

  if (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED) || e->domain == OB_SMTP_ERROR)
    return g_steal_pointer (&e);

  detail = g_strdup (e->message);
  if (e->domain == G_RESOLVER_ERROR)
    return ob_smtp_error_new (OB_SMTP_ERROR_NAME_RESOLUTION, stage, NULL,
                              _("The server’s name could not be looked up: %s"), detail);
  if (e->domain == G_TLS_ERROR)
    return ob_smtp_error_new (OB_SMTP_ERROR_TLS_HANDSHAKE, stage, NULL,
                              _("The encrypted connection failed: %s"), detail);
  if (e->domain == G_IO_ERROR)
    {
      switch (e->code)
        {
        case G_IO_ERROR_TIMED_OUT:
          return ob_smtp_error_new (OB_SMTP_ERROR_TIMEOUT, stage, NULL,
                                    _("The server did not answer in time."));
        case G_IO_ERROR_CONNECTION_REFUSED:
          return ob_smtp_error_new (OB_SMTP_ERROR_CONNECTION_REFUSED, stage, NULL,
                                    _("The server refused the connection: nothing "
                                      "accepts mail on that port."));
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return ob_smtp_error_new (OB_SMTP_ERROR_NETWORK, stage, NULL,
                                    _("The server cannot be reached: %s"), detail);
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_NOT_CONNECTED:
          return ob_smtp_error_new (OB_SMTP_ERROR_CONNECTION_LOST, stage, NULL,
                                    _("The server closed the connection."));
        default:
          break;
        }
    }
  return ob_smtp_error_new (OB_SMTP_ERROR_NETWORK, stage, NULL,
                            _("The connection failed: %s"), detail);
}

static gint64
step_deadline (ObSmtpChannel *self,
               gint64         overall_deadline)
{
  gint64 step = g_get_monotonic_time () + (gint64) self->timeout_seconds * G_USEC_PER_SEC;

  return overall_deadline > 0 ? MIN (step, overall_deadline) : step;
}

/* Takes @source, a pollable stream's source, and waits for it. */
static gboolean
wait_pollable (ObSmtpChannel *self,
               GSource       *source,
               gint64         deadline,
               GCancellable  *cancellable,
               GError       **error)
{
  gboolean ready = FALSE;

  g_source_set_callback (source, G_SOURCE_FUNC (pollable_ready_cb), &ready, NULL);
  g_source_attach (source, self->context);
  ob_smtp_wait_for (self->context, &ready, deadline, cancellable);
  g_source_destroy (source);
  g_source_unref (source);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!ready)
    {
      g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_TIMEOUT, self->stage, NULL,
                                                   _("The server did not answer in time.")));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (ObSmtpChannel  *self,
           const guint8   *data,
           gsize           len,
           GCancellable   *cancellable,
           GError        **error)
{
  GPollableOutputStream *out =
    G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (self->stream));

  while (len > 0)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (out, data, len, cancellable,
                                                             &local_error);

      if (n > 0)
        {
          data += n;
          len -= n;
          self->bytes_sent += n;
          continue;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, ob_smtp_error_from_io (g_steal_pointer (&local_error),
                                                           self->stage));
          return FALSE;
        }
      if (!wait_pollable (self, g_pollable_output_stream_create_source (out, NULL),
                          step_deadline (self, 0), cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ob_smtp_channel_flush_all:
 *
 * Sends everything queued, in one write where the stream takes it.
 */
gboolean
ob_smtp_channel_flush_all (ObSmtpChannel  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  gboolean ok;

  if (self->out->len == 0)
    return TRUE;

  ok = write_all (self, self->out->data, self->out->len, cancellable, error);
  /* The buffer may have held a SASL response: leave no copy behind. */
  explicit_bzero (self->out->data, self->out->len);
  g_byte_array_set_size (self->out, 0);
  self->wrote_since_wait = TRUE;
  return ok;
}

/* Returns the number of bytes read, 0 at end of stream, -1 on error. */
static gssize
read_some (ObSmtpChannel *self,
           gint64         deadline,
           GCancellable  *cancellable,
           GError       **error)
{
  GPollableInputStream *in =
    G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (self->stream));

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (in, self->in, READ_CHUNK,
                                                           cancellable, &local_error);

      if (n >= 0)
        {
          self->in_len = n;
          self->in_pos = 0;
          return n;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_propagate_error (error, ob_smtp_error_from_io (g_steal_pointer (&local_error),
                                                           self->stage));
          return -1;
        }
      if (!wait_pollable (self, g_pollable_input_stream_create_source (in, NULL),
                          step_deadline (self, deadline), cancellable, error))
        return -1;
    }
}

static void
log_reply (ObSmtpChannel *self,
           ObSmtpReply   *reply)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (self->transcript == NULL)
    return;

  text = ob_smtp_reply_to_string (reply);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    ob_transcript_add_server_line (self->transcript, lines[i], -1);
}

/**
 * ob_smtp_channel_read_reply:
 * @deadline_seconds: the most the whole reply may take
 *
 * Sends anything queued, then reads one complete reply.
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with @error set
 */
ObSmtpReply *
ob_smtp_channel_read_reply (ObSmtpChannel  *self,
                            guint           deadline_seconds,
                            GCancellable   *cancellable,
                            GError        **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) deadline_seconds * G_USEC_PER_SEC;

  g_return_val_if_fail (OB_IS_SMTP_CHANNEL (self), NULL);

  if (!ob_smtp_channel_flush_all (self, cancellable, error))
    return NULL;
  /* A reply needed after sending is a wait for the server, however soon
   * its bytes arrive: counting it here, not at blocking reads, makes the
   * figure a property of the dialogue rather than of timing. */
  if (self->wrote_since_wait)
    {
      self->round_trips++;
      self->wrote_since_wait = FALSE;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      ObSmtpReply *reply = NULL;
      gsize consumed = 0;
      ObSmtpParseResult result;
      gssize n;

      if (self->in_pos < self->in_len)
        {
          result = ob_smtp_reply_parser_feed (self->parser, self->in + self->in_pos,
                                              self->in_len - self->in_pos, &consumed,
                                              &reply, &local_error);
          self->in_pos += consumed;
          if (result == OB_SMTP_PARSE_REPLY)
            {
              log_reply (self, reply);
              return reply;
            }
          if (result == OB_SMTP_PARSE_ERROR)
            {
              if (self->transcript != NULL)
                ob_transcript_add (self->transcript, OB_TRANSCRIPT_ERROR, "%s",
                                   local_error->message);
              g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, self->stage,
                                                           NULL, "%s", local_error->message));
              return NULL;
            }
        }

      n = read_some (self, deadline, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        {
          if (!ob_smtp_reply_parser_end (self->parser, &local_error))
            g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, self->stage,
                                                         NULL, "%s", local_error->message));
          else
            g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_CONNECTION_LOST,
                                                         self->stage, NULL,
                                                         _("The server closed the connection.")));
          return NULL;
        }
    }
}

static void
queue_line (ObSmtpChannel *self,
            const char    *line)
{
  g_byte_array_append (self->out, (const guint8 *) line, strlen (line));
  g_byte_array_append (self->out, (const guint8 *) "\r\n", 2);
}

/**
 * ob_smtp_channel_queue_command:
 * @line: a command without its line end; it must not contain CR or LF
 *
 * Queues @line and logs it (the transcript redacts AUTH payloads).
 */
void
ob_smtp_channel_queue_command (ObSmtpChannel *self,
                               const char    *line)
{
  g_return_if_fail (OB_IS_SMTP_CHANNEL (self));
  g_return_if_fail (strpbrk (line, "\r\n") == NULL);

  queue_line (self, line);
  if (self->transcript != NULL)
    ob_transcript_add_client_line (self->transcript, line);
}

/**
 * ob_smtp_channel_queue_secret:
 * @line: a line whose whole content is secret (a SASL response)
 * @what: what it holds, for the log: “password”, “user name”…
 *
 * Queues @line; the transcript records only @what.
 */
void
ob_smtp_channel_queue_secret (ObSmtpChannel *self,
                              const char    *line,
                              const char    *what)
{
  g_return_if_fail (OB_IS_SMTP_CHANNEL (self));
  g_return_if_fail (strpbrk (line, "\r\n") == NULL);

  queue_line (self, line);
  if (self->transcript != NULL)
    ob_transcript_add_client_redacted (self->transcript, what);
}

/**
 * ob_smtp_channel_queue_raw:
 *
 * Queues bytes as they are, without logging them (message data).
 */
void
ob_smtp_channel_queue_raw (ObSmtpChannel *self,
                           const char    *data,
                           gsize          len)
{
  g_byte_array_append (self->out, (const guint8 *) data, len);
}

/**
 * ob_smtp_channel_replace_stream:
 * @stream: the stream to talk over from now on (the TLS connection)
 *
 * Switches to @stream after STARTTLS. Whatever was read from the old stream
 * and not yet used is thrown away (RFC 3207 §4.2): a man in the middle could
 * have put it there to be taken as the server's words after the handshake.
 *
 * Returns: how many unread bytes were discarded
 */
gsize
ob_smtp_channel_replace_stream (ObSmtpChannel *self,
                                GIOStream     *stream)
{
  gsize discarded = self->in_len - self->in_pos;

  g_set_object (&self->stream, stream);
  self->in_len = self->in_pos = 0;
  ob_smtp_reply_parser_reset (self->parser);
  return discarded;
}

GIOStream *
ob_smtp_channel_get_stream (ObSmtpChannel *self)
{
  return self->stream;
}

void
ob_smtp_channel_set_stage (ObSmtpChannel *self,
                           ObSmtpStage    stage)
{
  self->stage = stage;
}

ObSmtpStage
ob_smtp_channel_get_stage (ObSmtpChannel *self)
{
  return self->stage;
}

/**
 * ob_smtp_channel_get_round_trips:
 *
 * Returns: how many times the client had to wait for the server after
 *   sending; one per message is the ideal that pipelining reaches
 */
guint
ob_smtp_channel_get_round_trips (ObSmtpChannel *self)
{
  return self->round_trips;
}

guint64
ob_smtp_channel_get_bytes_sent (ObSmtpChannel *self)
{
  return self->bytes_sent;
}

static gssize
ob_smtp_channel_write_fn (GOutputStream  *stream,
                          const void     *buffer,
                          gsize           count,
                          GCancellable   *cancellable,
                          GError        **error)
{
  ObSmtpChannel *self = OB_SMTP_CHANNEL (stream);

  g_byte_array_append (self->out, buffer, count);
  if (self->out->len >= FLUSH_THRESHOLD && !ob_smtp_channel_flush_all (self, cancellable, error))
    return -1;
  return count;
}

/* Closing the channel as a stream ends message data, not the connection:
 * the client closes the connection itself. */
static gboolean
ob_smtp_channel_close_fn (GOutputStream  *stream,
                          GCancellable   *cancellable,
                          GError        **error)
{
  return TRUE;
}

static void
ob_smtp_channel_finalize (GObject *object)
{
  ObSmtpChannel *self = OB_SMTP_CHANNEL (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->transcript);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_pointer (&self->parser, ob_smtp_reply_parser_free);
  g_free (self->in);

  G_OBJECT_CLASS (ob_smtp_channel_parent_class)->finalize (object);
}

static void
ob_smtp_channel_class_init (ObSmtpChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = ob_smtp_channel_finalize;
  stream_class->write_fn = ob_smtp_channel_write_fn;
  stream_class->close_fn = ob_smtp_channel_close_fn;
}

static void
ob_smtp_channel_init (ObSmtpChannel *self)
{
  self->out = g_byte_array_sized_new (FLUSH_THRESHOLD + READ_CHUNK);
  self->in = g_malloc (READ_CHUNK);
  self->parser = ob_smtp_reply_parser_new ();
}

/**
 * ob_smtp_channel_new:
 * @stream: a connected stream whose input and output streams are pollable
 * @context: the private main context the client's worker thread iterates
 * @transcript: (nullable): where to log the conversation
 * @timeout_seconds: the longest any single read or write may wait
 */
ObSmtpChannel *
ob_smtp_channel_new (GIOStream    *stream,
                     GMainContext *context,
                     ObTranscript *transcript,
                     guint         timeout_seconds)
{
  ObSmtpChannel *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (timeout_seconds > 0, NULL);

  self = g_object_new (OB_TYPE_SMTP_CHANNEL, NULL);
  self->stream = g_object_ref (stream);
  self->context = g_main_context_ref (context);
  self->transcript = transcript ? g_object_ref (transcript) : NULL;
  self->timeout_seconds = timeout_seconds;
  return self;
}
