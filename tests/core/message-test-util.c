/* message-test-util.c — what the tests of drafts and raw messages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "message-test-util.h"
#include "ob-smtp-data-stream.h"
#include "ob-test-util.h"

void
message_fixture_set_up (MessageFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("outbound-message-XXXXXX", &error);
  g_assert_no_error (error);
}

void
message_fixture_tear_down (MessageFixture *fixture,
                           gconstpointer   data)
{
  ob_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* @len: the length of @contents, or -1 when it is a string */
GFile *
message_fixture_make_file (MessageFixture *fixture,
                           const char     *name,
                           const void     *contents,
                           gssize          len)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Writes @source through the data stream, as BDAT would send it. */
GBytes *
message_test_write_wire (ObMessageSource *source,
                         gboolean         allow_8bit)
{
  g_autoptr(GOutputStream) base = g_memory_output_stream_new_resizable ();
  g_autoptr(ObSmtpDataStream) stream = ob_smtp_data_stream_new (base, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_source_write (source, G_OUTPUT_STREAM (stream), allow_8bit, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_data_stream_finish (stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (base, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (base));
}

GMimeMessage *
message_test_parse (GBytes *bytes)
{
  g_autoptr(ObGMimeStream) stream = NULL;
  g_autoptr(ObGMimeParser) parser = NULL;
  GMimeMessage *message;

  stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_assert_nonnull (message);
  return message;
}

/* The content of a leaf part with its transfer encoding undone. */
GBytes *
message_test_decoded_content (GMimeObject *part)
{
  g_autoptr(ObGMimeStream) stream = g_mime_stream_mem_new ();
  GByteArray *array;

  g_assert_true (GMIME_IS_PART (part));
  g_assert_cmpint (g_mime_data_wrapper_write_to_stream (g_mime_part_get_content (
                     GMIME_PART (part)), stream), >=, 0);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  return g_bytes_new (array->data, array->len);
}

gboolean
message_test_bytes_have_8bit (GBytes *bytes)
{
  const guchar *data = g_bytes_get_data (bytes, NULL);

  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    if (data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

/* Writing with a cancelled cancellable fails at once, and says so. */
void
message_test_assert_write_cancelled (ObMessageSource *source)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (ob_message_source_write (source, out, TRUE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
