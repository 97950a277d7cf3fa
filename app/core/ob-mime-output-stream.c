/* ob-mime-output-stream.c — a GMimeStream that writes into a GOutputStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GMime writes messages into GMimeStreams and only reports failure as -1.
 * This stream hands every write to a GOutputStream with the caller's
 * GCancellable and keeps the first GError, so a cancelled or broken
 * connection comes back as itself instead of as "GMime failed".
 */
#include "config.h"

#include "ob-mime-output-stream.h"

struct _ObMimeOutputStream
{
  GMimeStream    parent_instance;

  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
};

G_DEFINE_FINAL_TYPE (ObMimeOutputStream, ob_mime_output_stream, GMIME_TYPE_STREAM)

static ssize_t
ob_mime_output_stream_write (GMimeStream *stream,
                             const char  *buf,
                             size_t       len)
{
  ObMimeOutputStream *self = OB_MIME_OUTPUT_STREAM (stream);
  gsize written = 0;

  /* After one failure the message on the wire is incomplete; writing what
   * comes after the gap would only make it look whole. */
  if (self->error != NULL)
    return -1;

  if (!g_output_stream_write_all (self->out, buf, len, &written, self->cancellable,
                                  &self->error))
    return -1;

  stream->position += written;
  return written;
}

/* GMime flushes after every part. Bytes go on the wire when the caller
 * decides, so the end of the data can travel with the next command. */
static int
ob_mime_output_stream_flush (GMimeStream *stream)
{
  return 0;
}

/* The GOutputStream belongs to the caller and outlives the message. */
static int
ob_mime_output_stream_close (GMimeStream *stream)
{
  return 0;
}

static gint64
ob_mime_output_stream_tell (GMimeStream *stream)
{
  return stream->position;
}

static void
ob_mime_output_stream_finalize (GObject *object)
{
  ObMimeOutputStream *self = OB_MIME_OUTPUT_STREAM (object);

  g_clear_object (&self->out);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ob_mime_output_stream_parent_class)->finalize (object);
}

static void
ob_mime_output_stream_class_init (ObMimeOutputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

  object_class->finalize = ob_mime_output_stream_finalize;
  stream_class->write = ob_mime_output_stream_write;
  stream_class->flush = ob_mime_output_stream_flush;
  stream_class->close = ob_mime_output_stream_close;
  stream_class->tell = ob_mime_output_stream_tell;
}

static void
ob_mime_output_stream_init (ObMimeOutputStream *self)
{
}

/**
 * ob_mime_output_stream_new:
 * @out: where the bytes go
 * @cancellable: (nullable): checked by every write
 *
 * Returns: (transfer full): a write-only GMime stream
 */
GMimeStream *
ob_mime_output_stream_new (GOutputStream *out,
                           GCancellable  *cancellable)
{
  ObMimeOutputStream *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (OB_TYPE_MIME_OUTPUT_STREAM, NULL);
  g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
  self->out = g_object_ref (out);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return GMIME_STREAM (self);
}

/**
 * ob_mime_output_stream_get_error:
 *
 * Returns: (nullable) (transfer none): why the first failed write failed;
 *   every write after it failed too
 */
const GError *
ob_mime_output_stream_get_error (ObMimeOutputStream *self)
{
  g_return_val_if_fail (OB_IS_MIME_OUTPUT_STREAM (self), NULL);

  return self->error;
}
