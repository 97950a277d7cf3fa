/* fuzz-smtp-reply.c — the reply parser against arbitrary server output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of the input chooses how the stream is cut into reads, the
 * second how often the rest repeats to make the stream, so that a short input
 * can reach the line, byte and line-count limits. The same stream is also
 * fed in one piece, and both runs must see the same replies and errors at
 * the same offsets: how the network splits a stream must never change what
 * it means.
 */
#include <stdint.h>
#include <string.h>

#include "ob-smtp-error.h"
#include "ob-smtp-reply-parser.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_reply (ObSmtpReply *reply)
{
  const char * const *lines = ob_smtp_reply_get_lines (reply);
  guint code = ob_smtp_reply_get_code (reply);
  const char *enhanced = ob_smtp_reply_get_enhanced_code (reply);
  g_autofree char *wire = ob_smtp_reply_to_string (reply);
  gsize total = 0;
  guint n;

  g_assert_cmpuint (code, >=, 200);
  g_assert_cmpuint (code, <=, 559);
  g_assert_cmpuint (code / 10 % 10, <=, 5);

  n = g_strv_length ((char **) lines);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, OB_SMTP_REPLY_MAX_LINES);
  for (guint i = 0; i < n; i++)
    {
      gsize len = strlen (lines[i]);

      g_assert_cmpuint (len, <=, OB_SMTP_REPLY_MAX_LINE - 4);
      g_assert_null (memchr (lines[i], '\r', len));
      g_assert_null (memchr (lines[i], '\n', len));
      total += len + 4;
    }
  g_assert_cmpuint (total, <=, OB_SMTP_REPLY_MAX_BYTES);

  if (enhanced != NULL)
    g_assert_cmpint (enhanced[0], ==, '0' + (int) (code / 100));
  g_assert_cmpint (ob_smtp_reply_is_success (reply) + ob_smtp_reply_is_intermediate (reply) +
                   ob_smtp_reply_is_transient (reply) + ob_smtp_reply_is_permanent (reply),
                   ==, 1);
  g_assert_nonnull (ob_smtp_reply_get_text (reply));
  g_assert_cmpuint (strlen (wire), ==, total + n - 1);
}

/* Feeds @data in reads whose sizes come from @mode (0: all at once), and
 * writes down every reply with the offset where it ended, up to the first
 * error, where a client closes the connection. */
static char *
run (const char *data,
     gsize       size,
     guint8      mode)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) end_error = NULL;
  gsize pos = 0;
  guint step = 0;

  while (pos < size)
    {
      gsize chunk = size - pos;
      gsize offset = 0;

      if (mode != 0)
        chunk = MIN (chunk, 1 + ((guint8) data[pos] + step * 131u) % mode);
      step++;

      /* One read can hold several replies: feed until it is used up. */
      while (offset < chunk)
        {
          g_autoptr(ObSmtpReply) reply = NULL;
          g_autoptr(GError) error = NULL;
          gsize consumed = G_MAXSIZE;
          ObSmtpParseResult result;

          result = ob_smtp_reply_parser_feed (parser, data + pos + offset, chunk - offset,
                                              &consumed, &reply, &error);
          g_assert_cmpuint (consumed, >, 0);
          g_assert_cmpuint (consumed, <=, chunk - offset);
          offset += consumed;

          switch (result)
            {
            case OB_SMTP_PARSE_NEED_MORE:
              g_assert_cmpuint (offset, ==, chunk);
              g_assert_null (reply);
              g_assert_no_error (error);
              g_assert_false (ob_smtp_reply_parser_is_idle (parser));
              break;
            case OB_SMTP_PARSE_REPLY:
              {
                g_autofree char *wire = NULL;

                g_assert_no_error (error);
                check_reply (reply);
                g_assert_true (ob_smtp_reply_parser_is_idle (parser));
                wire = ob_smtp_reply_to_string (reply);
                g_string_append_printf (log, "%zu reply %s\n", pos + offset, wire);
              }
              break;
            case OB_SMTP_PARSE_ERROR:
              g_assert_null (reply);
              g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
              g_assert_true (g_utf8_validate (error->message, -1, NULL));
              g_assert_true (ob_smtp_reply_parser_is_idle (parser));
              g_assert_true (ob_smtp_reply_parser_end (parser, NULL));
              g_string_append_printf (log, "%zu error %s\n", pos + offset, error->message);
              return g_string_free (g_steal_pointer (&log), FALSE);
            default:
              g_assert_not_reached ();
            }
        }
      pos += chunk;
    }

  if (ob_smtp_reply_parser_end (parser, &end_error))
    {
      g_assert_no_error (end_error);
      g_string_append (log, "end\n");
    }
  else
    {
      g_assert_error (end_error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
      g_string_append_printf (log, "end %s\n", end_error->message);
    }
  g_assert_true (ob_smtp_reply_parser_is_idle (parser));
  return g_string_free (g_steal_pointer (&log), FALSE);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical from a g_return_if_fail() is a bug like any other. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Enough to cross every limit, and no more: the parser's cost is per byte. */
#define MAX_STREAM (OB_SMTP_REPLY_MAX_BYTES + 2 * OB_SMTP_REPLY_MAX_LINE)

/* Mostly once; one input in sixteen up to 128 times. */
static guint
repeats (guint8 byte)
{
  return byte < 240 ? 1 : 1u << (byte & 7);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GString) stream = NULL;
  g_autofree char *chunked = NULL;
  g_autofree char *whole = NULL;
  guint n;

  if (size < 2)
    return 0;

  n = repeats (data[1]);
  stream = g_string_sized_new (MIN ((size - 2) * n, MAX_STREAM));
  for (guint i = 0; i < n && stream->len < MAX_STREAM; i++)
    g_string_append_len (stream, (const char *) data + 2, size - 2);
  g_string_truncate (stream, MIN (stream->len, MAX_STREAM));

  chunked = run (stream->str, stream->len, data[0]);
  whole = run (stream->str, stream->len, 0);
  g_assert_cmpstr (chunked, ==, whole);
  return 0;
}
