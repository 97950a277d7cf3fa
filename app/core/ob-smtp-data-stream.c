/* ob-smtp-data-stream.c — CRLF line ends and dot-stuffing on the way out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SMTP only knows CRLF (RFC 5321, 2.3.8): a bare CR or LF on the wire is
 * read differently by different servers, and a bare LF followed by "." and
 * LF can end the DATA phase early on some of them, letting the rest of the
 * message be read as commands (SMTP smuggling). So every line end, whatever
 * the source used, leaves here as CRLF, and in DATA every line that starts
 * with "." gets a second one (RFC 5321, 4.5.2).
 *
 * Input is scanned for runs of ordinary bytes that are copied in one go into
 * an output block, which goes to the base stream in one write.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-smtp-data-stream.h"

/* Input is handled in slices of this size. Each byte becomes at most two
 * (LF -> CRLF, "." -> ".."), so the output block never needs more than
 * twice that. */
#define SLICE_SIZE (32 * 1024)
#define BLOCK_SIZE (2 * SLICE_SIZE)

struct _ObSmtpDataStream
{
  GFilterOutputStream  parent_instance;

  gboolean             dot_stuffing;
  gboolean             at_line_start;
  gboolean             skip_lf;        /* a CR was just sent as CRLF */
  gboolean             finished;
  gboolean             saw_8bit;
  guint64              bytes_out;
  guint64              reported;       /* bytes_out when progress was last told */
  ObSmtpDataStreamProgress progress;
  gpointer             progress_data;
  guint64              lines;
  char                *block;
};

G_DEFINE_FINAL_TYPE (ObSmtpDataStream, ob_smtp_data_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gboolean
write_block (ObSmtpDataStream  *self,
             const char        *data,
             gsize              len,
             GCancellable      *cancellable,
             GError           **error)
{
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (self));
  gsize written = 0;
  gboolean ok;

  /* A buffering base stream may not look at the cancellable until it
   * flushes; a large message must stop at once all the same. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  ok = g_output_stream_write_all (base, data, len, &written, cancellable, error);
  self->bytes_out += written;
  /* In steps, so a caller's bookkeeping costs nothing next to the copy. */
  if (self->progress != NULL &&
      (self->finished || self->bytes_out - self->reported >= OB_SMTP_DATA_STREAM_PROGRESS_STEP))
    {
      self->reported = self->bytes_out;
      self->progress (self->bytes_out, self->progress_data);
    }
  return ok;
}

/* A word at a time: byte by byte, this loop was most of the stream's cost. */
static gboolean
has_8bit (const guchar *p,
          gsize         len)
{
  guint64 any = 0;
  gsize i = 0;

  for (; i + sizeof any <= len; i += sizeof any)
    {
      guint64 word;

      memcpy (&word, p + i, sizeof word);
      any |= word;
    }
  for (; i < len; i++)
    any |= p[i];
  return (any & G_GUINT64_CONSTANT (0x8080808080808080)) != 0;
}

/* Where the next CR and the next LF are, once looked for. */
typedef struct
{
  const guchar *cr;
  const guchar *lf;
} LineEnds;

/* Finds the next CR or LF at or after @p. Each of the two is looked for with
 * memchr() only again once @p has passed the last one found, so a slice full
 * of one and free of the other is still scanned once. */
static const guchar *
next_line_end (LineEnds     *ends,
               const guchar *p,
               const guchar *end)
{
  if (ends->cr == NULL || ends->cr < p)
    {
      ends->cr = memchr (p, '\r', end - p);
      if (ends->cr == NULL)
        ends->cr = end;
    }
  if (ends->lf == NULL || ends->lf < p)
    {
      ends->lf = memchr (p, '\n', end - p);
      if (ends->lf == NULL)
        ends->lf = end;
    }
  return MIN (ends->cr, ends->lf);
}

/* Converts one slice of at most SLICE_SIZE bytes into self->block. */
static gsize
convert_slice (ObSmtpDataStream *self,
               const guchar     *p,
               const guchar     *end)
{
  guchar *out = (guchar *) self->block;
  LineEnds ends = { NULL, NULL };

  while (p < end)
    {
      const guchar *run_end;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      if (self->at_line_start && self->dot_stuffing && *p == '.')
        *out++ = '.';
      self->at_line_start = FALSE;

      run_end = next_line_end (&ends, p, end);
      if (!self->saw_8bit && has_8bit (p, run_end - p))
        self->saw_8bit = TRUE;
      memcpy (out, p, run_end - p);
      out += run_end - p;
      p = run_end;
      if (p == end)
        break;

      /* CR, LF and CRLF all become CRLF. A CR at the end of the slice may
       * be the first half of a CRLF split across writes: skip_lf makes the
       * LF that may follow disappear. */
      self->skip_lf = (*p == '\r');
      p++;
      *out++ = '\r';
      *out++ = '\n';
      self->lines++;
      self->at_line_start = TRUE;
    }

  return out - (guchar *) self->block;
}

static gssize
ob_smtp_data_stream_write_fn (GOutputStream  *stream,
                              const void     *buffer,
                              gsize           count,
                              GCancellable   *cancellable,
                              GError        **error)
{
  ObSmtpDataStream *self = OB_SMTP_DATA_STREAM (stream);
  const guchar *p = buffer;
  const guchar *end = p + count;

  if (self->finished)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The message data was already ended."));
      return -1;
    }

  while (p < end)
    {
      const guchar *slice_end = p + MIN ((gsize) (end - p), SLICE_SIZE);
      gsize len = convert_slice (self, p, slice_end);

      if (!write_block (self, self->block, len, cancellable, error))
        return -1;
      p = slice_end;
    }

  return count;
}

/* Nothing is held back here, and the connection is flushed when the SMTP
 * client decides: closing or dropping this stream must not push out the
 * end of the data ahead of the commands that follow it. */
static gboolean
ob_smtp_data_stream_flush (GOutputStream  *stream,
                           GCancellable   *cancellable,
                           GError        **error)
{
  return TRUE;
}

static void
ob_smtp_data_stream_finalize (GObject *object)
{
  ObSmtpDataStream *self = OB_SMTP_DATA_STREAM (object);

  g_free (self->block);

  G_OBJECT_CLASS (ob_smtp_data_stream_parent_class)->finalize (object);
}

static void
ob_smtp_data_stream_class_init (ObSmtpDataStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  object_class->finalize = ob_smtp_data_stream_finalize;
  stream_class->write_fn = ob_smtp_data_stream_write_fn;
  stream_class->flush = ob_smtp_data_stream_flush;
}

static void
ob_smtp_data_stream_init (ObSmtpDataStream *self)
{
  self->at_line_start = TRUE;
  self->block = g_malloc (BLOCK_SIZE);
}

/**
 * ob_smtp_data_stream_new:
 * @base_stream: the connection
 * @dot_stuffing: %TRUE for DATA, %FALSE for BDAT (RFC 3030), which
 *   counts octets instead of looking for a final dot
 *
 * Closing the returned stream leaves @base_stream open, and neither
 * closing nor flushing it flushes @base_stream: the connection outlives one
 * message, and its owner decides when bytes go out.
 *
 * Returns: (transfer full): a new stream
 */
ObSmtpDataStream *
ob_smtp_data_stream_new (GOutputStream *base_stream,
                         gboolean       dot_stuffing)
{
  ObSmtpDataStream *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (base_stream), NULL);

  self = g_object_new (OB_TYPE_SMTP_DATA_STREAM,
                       "base-stream", base_stream,
                       "close-base-stream", FALSE,
                       NULL);
  self->dot_stuffing = dot_stuffing;
  return self;
}

/**
 * ob_smtp_data_stream_finish:
 *
 * Ends the message data: ends the last line with CRLF if it is not, and in
 * dot-stuffing mode writes the final ".\r\n". The base stream is neither
 * flushed nor closed, so the caller can send the end of the data together
 * with the commands that follow it. Nothing can be written afterwards.
 */
gboolean
ob_smtp_data_stream_finish (ObSmtpDataStream  *self,
                            GCancellable      *cancellable,
                            GError           **error)
{
  GOutputStream *stream = G_OUTPUT_STREAM (self);
  char tail[5];
  gsize len = 0;
  gboolean ok;

  g_return_val_if_fail (OB_IS_SMTP_DATA_STREAM (self), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_output_stream_set_pending (stream, error))
    return FALSE;

  if (!self->at_line_start)
    {
      tail[len++] = '\r';
      tail[len++] = '\n';
      self->lines++;
    }
  if (self->dot_stuffing)
    {
      tail[len++] = '.';
      tail[len++] = '\r';
      tail[len++] = '\n';
    }
  self->finished = TRUE;

  ok = write_block (self, tail, len, cancellable, error);
  g_output_stream_clear_pending (stream);
  return ok;
}

/**
 * ob_smtp_data_stream_set_progress:
 * @func: (nullable): called each time at least
 *   %OB_SMTP_DATA_STREAM_PROGRESS_STEP more octets were written, and once
 *   more when the data is finished
 *
 * Lets a sender show how far the upload got.
 */
void
ob_smtp_data_stream_set_progress (ObSmtpDataStream         *self,
                                  ObSmtpDataStreamProgress  func,
                                  gpointer                  user_data)
{
  g_return_if_fail (OB_IS_SMTP_DATA_STREAM (self));

  self->progress = func;
  self->progress_data = user_data;
}

/**
 * ob_smtp_data_stream_get_bytes_out:
 *
 * Returns: the octets written to the base stream so far, CRs, added dots
 *   and the final ".\r\n" included
 */
guint64
ob_smtp_data_stream_get_bytes_out (ObSmtpDataStream *self)
{
  g_return_val_if_fail (OB_IS_SMTP_DATA_STREAM (self), 0);

  return self->bytes_out;
}

/**
 * ob_smtp_data_stream_get_lines:
 *
 * Returns: the lines of message data ended so far, not counting the final
 *   "." line
 */
guint64
ob_smtp_data_stream_get_lines (ObSmtpDataStream *self)
{
  g_return_val_if_fail (OB_IS_SMTP_DATA_STREAM (self), 0);

  return self->lines;
}

/**
 * ob_smtp_data_stream_saw_8bit:
 *
 * Returns: whether an octet above 127 was written
 */
gboolean
ob_smtp_data_stream_saw_8bit (ObSmtpDataStream *self)
{
  g_return_val_if_fail (OB_IS_SMTP_DATA_STREAM (self), FALSE);

  return self->saw_8bit;
}
