/* bench-support.c — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "bench-support.h"
#include "ob-bench-null-stream.h"
#include "ob-smtp-data-stream.h"

/**
 * ob_bench_make_file:
 *
 * Writes @size pseudo-random octets, so the file is really on disk (or in
 * the page cache) and every octet value turns up, as in a real attachment.
 */
GFile *
ob_bench_make_file (const char *dir,
                    const char *name,
                    guint64     size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *block = g_new (guint32, 256 * 1024);
  guint32 state = 2463534242u;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  while (size > 0)
    {
      gsize len = MIN (size, 256 * 1024 * sizeof (guint32));

      /* xorshift32: fast, and incompressible enough for base64. */
      for (gsize i = 0; i < 256 * 1024; i++)
        {
          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          block[i] = state;
        }
      g_output_stream_write_all (G_OUTPUT_STREAM (out), block, len, NULL, NULL, &error);
      g_assert_no_error (error);
      size -= len;
    }
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

void
ob_bench_remove_file (GFile *file)
{
  g_file_delete (file, NULL, NULL);
}

ObMessage *
ob_bench_make_message (GFile *attachment)
{
  g_autoptr(ObMessage) message = ob_message_new ();
  g_autoptr(GError) error = NULL;

  ob_message_set_from (message, "Benchmark", "bench@example.com", &error);
  g_assert_no_error (error);
  ob_message_add_to (message, NULL, "sink@example.net", &error);
  g_assert_no_error (error);
  ob_message_set_subject (message, "A large attachment", &error);
  g_assert_no_error (error);
  ob_message_set_body (message, "The attachment is made up.\n");
  ob_message_add_attachment (message, attachment, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&message);
}

/**
 * ob_bench_send:
 * @wire_bytes: (out): the octets that reached the connection
 *
 * Writes @message as the SMTP client does in DATA, into a stream that
 * only counts.
 *
 * Returns: the monotonic time it took, in microseconds
 */
guint64
ob_bench_send (ObMessage *message,
               guint64   *wire_bytes)
{
  g_autoptr(GOutputStream) null = ob_bench_null_stream_new ();
  g_autoptr(ObSmtpDataStream) data = ob_smtp_data_stream_new (null, TRUE);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  ob_message_source_write (OB_MESSAGE_SOURCE (message), G_OUTPUT_STREAM (data), TRUE, NULL,
                           &error);
  g_assert_no_error (error);
  ob_smtp_data_stream_finish (data, NULL, &error);
  g_assert_no_error (error);
  *wire_bytes = ob_bench_null_stream_get_bytes (OB_BENCH_NULL_STREAM (null));
  g_assert_cmpuint (*wire_bytes, ==, ob_smtp_data_stream_get_bytes_out (data));
  return g_get_monotonic_time () - start;
}

/**
 * ob_bench_peak_rss:
 *
 * Reads VmHWM rather than getrusage()'s ru_maxrss: Linux carries the
 * larger of the two over exec(), so a benchmark started by meson would
 * report meson's own peak.
 *
 * Returns: the most resident memory this process has used, in bytes
 */
guint64
ob_bench_peak_rss (void)
{
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  g_file_get_contents ("/proc/self/status", &status, NULL, &error);
  g_assert_no_error (error);
  line = strstr (status, "\nVmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10) * 1024;
}
