/* ob-smtp-bdat-stream.c — message data as BDAT chunks (RFC 3030)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * BDAT needs each chunk's size before its bytes, so data is gathered up to
 * the chunk size and then sent as "BDAT <size>" and the bytes; finish()
 * sends what is left as the chunk marked LAST. Memory stays at one chunk,
 * whatever the size of the message. No dot-stuffing: BDAT counts bytes.
 */
#include "config.h"

#include "ob-smtp-bdat-stream.h"

struct _ObSmtpBdatStream
{
  GOutputStream  parent_instance;

  ObSmtpChannel *channel;
  GByteArray    *chunk;
  gsize          chunk_size;
  guint          n_chunks;
};

G_DEFINE_FINAL_TYPE (ObSmtpBdatStream, ob_smtp_bdat_stream, G_TYPE_OUTPUT_STREAM)

static gboolean
send_chunk (ObSmtpBdatStream  *self,
            gboolean           last,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autofree char *command = NULL;
  gboolean ok;

  command = g_strdup_printf (last ? "BDAT %u LAST" : "BDAT %u", self->chunk->len);
  ob_smtp_channel_queue_command (self->channel, command);
  ok = g_output_stream_write_all (G_OUTPUT_STREAM (self->channel), self->chunk->data,
                                  self->chunk->len, NULL, cancellable, error);
  g_byte_array_set_size (self->chunk, 0);
  self->n_chunks++;
  return ok;
}

static gssize
ob_smtp_bdat_stream_write_fn (GOutputStream  *stream,
                              const void     *buffer,
                              gsize           count,
                              GCancellable   *cancellable,
                              GError        **error)
{
  ObSmtpBdatStream *self = OB_SMTP_BDAT_STREAM (stream);
  gsize room = self->chunk_size - self->chunk->len;
  gsize n = MIN (count, room);

  g_byte_array_append (self->chunk, buffer, n);
  if (self->chunk->len == self->chunk_size && !send_chunk (self, FALSE, cancellable, error))
    return -1;
  return n;
}

/* Closing ends nothing: the client ends the data with finish(). */
static gboolean
ob_smtp_bdat_stream_close_fn (GOutputStream  *stream,
                              GCancellable   *cancellable,
                              GError        **error)
{
  return TRUE;
}

/**
 * ob_smtp_bdat_stream_finish:
 *
 * Sends the rest of the data as the chunk marked LAST (possibly empty).
 */
gboolean
ob_smtp_bdat_stream_finish (ObSmtpBdatStream  *self,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_return_val_if_fail (OB_IS_SMTP_BDAT_STREAM (self), FALSE);

  return send_chunk (self, TRUE, cancellable, error);
}

/**
 * ob_smtp_bdat_stream_get_n_chunks:
 *
 * Returns: how many BDAT commands were sent, so the client knows how many
 *   replies to read
 */
guint
ob_smtp_bdat_stream_get_n_chunks (ObSmtpBdatStream *self)
{
  return self->n_chunks;
}

static void
ob_smtp_bdat_stream_finalize (GObject *object)
{
  ObSmtpBdatStream *self = OB_SMTP_BDAT_STREAM (object);

  g_clear_object (&self->channel);
  g_byte_array_unref (self->chunk);

  G_OBJECT_CLASS (ob_smtp_bdat_stream_parent_class)->finalize (object);
}

static void
ob_smtp_bdat_stream_class_init (ObSmtpBdatStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ob_smtp_bdat_stream_finalize;
  stream_class->write_fn = ob_smtp_bdat_stream_write_fn;
  stream_class->close_fn = ob_smtp_bdat_stream_close_fn;
}

static void
ob_smtp_bdat_stream_init (ObSmtpBdatStream *self)
{
}

/**
 * ob_smtp_bdat_stream_new:
 * @channel: where the chunks go
 * @chunk_size: the most data one BDAT command carries
 */
ObSmtpBdatStream *
ob_smtp_bdat_stream_new (ObSmtpChannel *channel,
                         gsize          chunk_size)
{
  ObSmtpBdatStream *self;

  g_return_val_if_fail (OB_IS_SMTP_CHANNEL (channel), NULL);
  g_return_val_if_fail (chunk_size > 0, NULL);

  self = g_object_new (OB_TYPE_SMTP_BDAT_STREAM, NULL);
  self->channel = g_object_ref (channel);
  self->chunk_size = chunk_size;
  self->chunk = g_byte_array_sized_new (chunk_size);
  return self;
}
