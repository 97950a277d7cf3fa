/* test-smtp-data-stream.c — CRLF line ends and dot-stuffing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-smtp-data-stream.h"

typedef struct
{
  const char *input;
  const char *data;   /* what reaches the base stream with dot-stuffing (DATA) */
  const char *bdat;   /* and without (BDAT) */
  guint64     lines;
} StreamCase;

static const StreamCase cases[] = {
  { "", ".\r\n", "", 0 },
  { "a", "a\r\n.\r\n", "a\r\n", 1 },
  { "a\r", "a\r\n.\r\n", "a\r\n", 1 },
  { "a\n", "a\r\n.\r\n", "a\r\n", 1 },
  { "a\r\n", "a\r\n.\r\n", "a\r\n", 1 },
  { "\r", "\r\n.\r\n", "\r\n", 1 },
  { "\n", "\r\n.\r\n", "\r\n", 1 },
  { "\r\r\n", "\r\n\r\n.\r\n", "\r\n\r\n", 2 },
  { "a\r\rb", "a\r\n\r\nb\r\n.\r\n", "a\r\n\r\nb\r\n", 3 },
  { "a\n\rb", "a\r\n\r\nb\r\n.\r\n", "a\r\n\r\nb\r\n", 3 },
  { "a\n\nb\n", "a\r\n\r\nb\r\n.\r\n", "a\r\n\r\nb\r\n", 3 },
  { ".", "..\r\n.\r\n", ".\r\n", 1 },
  { "..", "...\r\n.\r\n", "..\r\n", 1 },
  { ".a", "..a\r\n.\r\n", ".a\r\n", 1 },
  { ".\r\n", "..\r\n.\r\n", ".\r\n", 1 },
  { "a\n.b\n", "a\r\n..b\r\n.\r\n", "a\r\n.b\r\n", 2 },
  { "a.b\n", "a.b\r\n.\r\n", "a.b\r\n", 1 },
  { "\r\n.\r\n", "\r\n..\r\n.\r\n", "\r\n.\r\n", 2 },
  /* Attempts to end the data early with other line ends (SMTP smuggling). */
  { "x\r\n.\r\ny", "x\r\n..\r\ny\r\n.\r\n", "x\r\n.\r\ny\r\n", 3 },
  { "x\n.\ny", "x\r\n..\r\ny\r\n.\r\n", "x\r\n.\r\ny\r\n", 3 },
  { "x\n.\r\ny", "x\r\n..\r\ny\r\n.\r\n", "x\r\n.\r\ny\r\n", 3 },
  { "x\r.\ry", "x\r\n..\r\ny\r\n.\r\n", "x\r\n.\r\ny\r\n", 3 },
  { "x\r\n.\ny", "x\r\n..\r\ny\r\n.\r\n", "x\r\n.\r\ny\r\n", 3 },
  { "\xc3\xa9t\xc3\xa9\n", "\xc3\xa9t\xc3\xa9\r\n.\r\n", "\xc3\xa9t\xc3\xa9\r\n", 1 },
};

typedef struct
{
  GOutputStream    *base;
  ObSmtpDataStream *stream;
} Writer;

static void
writer_init (Writer   *writer,
             gboolean  dot_stuffing)
{
  writer->base = g_memory_output_stream_new_resizable ();
  writer->stream = ob_smtp_data_stream_new (writer->base, dot_stuffing);
}

static void
writer_write (Writer     *writer,
              const char *data,
              gsize       len)
{
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all (G_OUTPUT_STREAM (writer->stream), data, len, &written, NULL,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, len);
}

/* Finishes, checks what every output must satisfy, and returns the bytes. */
static GBytes *
writer_finish (Writer *writer)
{
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (writer->base);
  const char *data;
  gsize len;

  g_assert_true (ob_smtp_data_stream_finish (writer->stream, NULL, &error));
  g_assert_no_error (error);
  data = g_memory_output_stream_get_data (memory);
  len = g_memory_output_stream_get_data_size (memory);

  g_assert_cmpuint (ob_smtp_data_stream_get_bytes_out (writer->stream), ==, len);
  /* No bare CR, no bare LF: every CR is followed by LF, every LF preceded
   * by CR. */
  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\r')
        g_assert_true (i + 1 < len && data[i + 1] == '\n');
      if (data[i] == '\n')
        g_assert_true (i > 0 && data[i - 1] == '\r');
    }

  g_output_stream_close (G_OUTPUT_STREAM (writer->stream), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_output_stream_is_closed (writer->base));
  g_output_stream_close (writer->base, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (memory);
}

static void
writer_clear (Writer *writer)
{
  g_clear_object (&writer->stream);
  g_clear_object (&writer->base);
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected)
{
  gsize len = g_bytes_get_size (bytes);
  g_autofree char *got = len > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), len) : g_strdup ("");
  g_autofree char *got_escaped = g_strescape (got, NULL);
  g_autofree char *expected_escaped = g_strescape (expected, NULL);

  g_assert_cmpstr (got_escaped, ==, expected_escaped);
}

static gboolean
has_8bit (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return TRUE;
  return FALSE;
}

/* Writes @input cut at the offsets in @cuts (ascending), checks the result
 * and the counters. */
static void
check_cut (const StreamCase *c,
           gboolean          dot_stuffing,
           const gsize      *cuts,
           gsize             n_cuts)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len = strlen (c->input);
  gsize from = 0;
  Writer writer;

  writer_init (&writer, dot_stuffing);
  for (gsize i = 0; i <= n_cuts; i++)
    {
      gsize to = i < n_cuts ? cuts[i] : len;

      writer_write (&writer, c->input + from, to - from);
      from = to;
    }
  g_assert_cmpint (ob_smtp_data_stream_saw_8bit (writer.stream), ==, has_8bit (c->input));
  bytes = writer_finish (&writer);
  assert_bytes (bytes, dot_stuffing ? c->data : c->bdat);
  g_assert_cmpuint (ob_smtp_data_stream_get_lines (writer.stream), ==, c->lines);
  writer_clear (&writer);
}

static void
test_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %zu", i);
      check_cut (&cases[i], TRUE, NULL, 0);
      check_cut (&cases[i], FALSE, NULL, 0);
    }
}

/* The same input, cut at every offset and at every pair of offsets, gives
 * the same bytes: a CR at the end of one write and the LF at the start of
 * the next are one line end, a "." after a line end in the previous write
 * still starts a line. */
static void
test_every_chunking (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].input);

      for (int dot = 0; dot <= 1; dot++)
        for (gsize a = 0; a <= len; a++)
          {
            check_cut (&cases[i], dot, &a, 1);
            for (gsize b = a; b <= len; b++)
              {
                gsize cuts[] = { a, b };

                check_cut (&cases[i], dot, cuts, 2);
              }
          }
    }
}

static void
test_byte_by_byte (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].input);
      g_autofree gsize *cuts = g_new0 (gsize, len + 1);

      for (gsize j = 0; j < len; j++)
        cuts[j] = j;
      check_cut (&cases[i], TRUE, cuts, len);
      check_cut (&cases[i], FALSE, cuts, len);
    }
}

/* The rules written the slow, obvious way, for comparing large inputs. */
static GString *
reference (const char *input,
           gsize       len,
           gboolean    dot_stuffing)
{
  GString *out = g_string_new (NULL);
  gboolean at_line_start = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (input[i] == '\r' || input[i] == '\n')
        {
          if (input[i] == '\r' && i + 1 < len && input[i + 1] == '\n')
            i++;
          g_string_append (out, "\r\n");
          at_line_start = TRUE;
          continue;
        }
      if (at_line_start && dot_stuffing && input[i] == '.')
        g_string_append_c (out, '.');
      g_string_append_c (out, input[i]);
      at_line_start = FALSE;
    }
  if (!at_line_start)
    g_string_append (out, "\r\n");
  if (dot_stuffing)
    g_string_append (out, ".\r\n");
  return out;
}

/* Megabytes of line ends, dots and 8-bit octets in random writes, across
 * the stream's internal block boundaries. */
static void
test_random (void)
{
  static const char alphabet[] = "\r\n..ab\xff";
  gsize len = 1024 * 1024;
  g_autofree char *input = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    input[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
  /* A CR exactly at the end of the first internal block. */
  input[32 * 1024 - 1] = '\r';
  input[32 * 1024] = '\n';

  for (int dot = 0; dot <= 1; dot++)
    {
      g_autoptr(GString) expected = reference (input, len, dot);
      g_autoptr(GBytes) bytes = NULL;
      gsize pos = 0;
      Writer writer;

      writer_init (&writer, dot);
      while (pos < len)
        {
          gsize n = g_test_rand_int_range (0, 100000);

          n = MIN (n, len - pos);

          writer_write (&writer, input + pos, n);
          pos += n;
        }
      g_assert_true (ob_smtp_data_stream_saw_8bit (writer.stream));
      bytes = writer_finish (&writer);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, expected->len);
      g_assert_true (memcmp (g_bytes_get_data (bytes, NULL), expected->str, expected->len) == 0);
      writer_clear (&writer);
    }
}

static void
test_counters (void)
{
  g_autoptr(GBytes) bytes = NULL;
  Writer writer;

  writer_init (&writer, TRUE);
  writer_write (&writer, "one\n.two\nthree", 14);
  g_assert_cmpuint (ob_smtp_data_stream_get_lines (writer.stream), ==, 2);
  g_assert_false (ob_smtp_data_stream_saw_8bit (writer.stream));
  bytes = writer_finish (&writer);
  g_assert_cmpuint (ob_smtp_data_stream_get_lines (writer.stream), ==, 3);
  /* "one\r\n..two\r\nthree\r\n.\r\n" */
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 22);
  writer_clear (&writer);
}

static void
record_progress_cb (guint64  bytes_out,
                    gpointer data)
{
  GArray *reports = data;

  g_array_append_val (reports, bytes_out);
}

static void
test_progress (void)
{
  g_autoptr(GArray) reports = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *chunk = g_strnfill (10000, 'a');
  Writer writer;

  writer_init (&writer, TRUE);
  ob_smtp_data_stream_set_progress (writer.stream, record_progress_cb, reports);
  for (guint i = 0; i < 30; i++)
    writer_write (&writer, chunk, 10000);
  /* 300 000 octets so far: told at each step of 64 KiB, not at each write. */
  g_assert_cmpuint (reports->len, ==, 4);
  for (guint i = 0; i < reports->len; i++)
    g_assert_cmpuint (g_array_index (reports, guint64, i), >=,
                      (i + 1) * (guint64) OB_SMTP_DATA_STREAM_PROGRESS_STEP);
  bytes = writer_finish (&writer);
  /* And once more at the end, with everything. */
  g_assert_cmpuint (reports->len, ==, 5);
  g_assert_cmpuint (g_array_index (reports, guint64, 4), ==, g_bytes_get_size (bytes));
  writer_clear (&writer);
}

static void
test_write_after_finish (void)
{
  g_autoptr(GError) error = NULL;
  Writer writer;
  gssize n;

  writer_init (&writer, TRUE);
  writer_write (&writer, "a", 1);
  g_assert_true (ob_smtp_data_stream_finish (writer.stream, NULL, &error));
  g_assert_no_error (error);

  n = g_output_stream_write (G_OUTPUT_STREAM (writer.stream), "b", 1, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpint (n, ==, -1);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (writer.base)),
                    ==, 6);
  writer_clear (&writer);
}

/* The end of the data stays in the connection's buffer, to go out with
 * the next command, even when the data stream is closed and dropped. */
static void
test_no_flush (void)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new (memory);
  g_autoptr(ObSmtpDataStream) stream = ob_smtp_data_stream_new (buffered, TRUE);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (G_OUTPUT_STREAM (stream), "a\n", 2, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ob_smtp_data_stream_finish (stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_flush (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&stream);

  g_assert_false (g_output_stream_is_closed (buffered));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)), ==, 0);
  g_output_stream_flush (buffered, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)), ==, 6);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Writer writer;
  gssize n;

  writer_init (&writer, TRUE);
  g_cancellable_cancel (cancellable);
  n = g_output_stream_write (G_OUTPUT_STREAM (writer.stream), "a\n", 2, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (n, ==, -1);
  g_clear_error (&error);

  g_assert_false (ob_smtp_data_stream_finish (writer.stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (writer.base)),
                    ==, 0);
  writer_clear (&writer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/smtp-data-stream/table", test_table);
  g_test_add_func ("/ob/smtp-data-stream/progress", test_progress);
  g_test_add_func ("/ob/smtp-data-stream/every-chunking", test_every_chunking);
  g_test_add_func ("/ob/smtp-data-stream/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/ob/smtp-data-stream/random", test_random);
  g_test_add_func ("/ob/smtp-data-stream/counters", test_counters);
  g_test_add_func ("/ob/smtp-data-stream/write-after-finish", test_write_after_finish);
  g_test_add_func ("/ob/smtp-data-stream/no-flush", test_no_flush);
  g_test_add_func ("/ob/smtp-data-stream/cancelled", test_cancelled);

  return g_test_run ();
}
