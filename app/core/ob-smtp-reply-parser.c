/* ob-smtp-reply-parser.c — reading SMTP replies incrementally, strictly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grammar is RFC 5321's (section 4.2):
 *
 *   Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *                Reply-code [ SP textstring ] CRLF
 *   Reply-code = %x32-35 %x30-35 %x30-39
 *
 * so a code is accepted when its first digit is 2 to 5 and its second 0 to 5;
 * every line of a multiline reply must repeat the first line's code.
 *
 * Deliberately tolerant of two things real servers do: a bare LF ends a line
 * as well as CRLF does, and the text may hold any byte except NUL, CR and LF,
 * including control characters and invalid UTF-8. The reply keeps those bytes
 * as they came; whoever shows them escapes them (ob_escape_untrusted()).
 *
 * Everything else is an error, found as early as the offending byte arrives:
 * memory stays within one line of OB_SMTP_REPLY_MAX_LINE octets plus one
 * reply of OB_SMTP_REPLY_MAX_BYTES, whatever the server sends.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply-parser.h"

/* How much of the offending input an error message quotes. */
#define EXCERPT_MAX 80

/* "250-" or "250 ": the code and its separator. */
#define PREFIX_LEN 4

struct _ObSmtpReplyParser
{
  GString   *line;          /* the line being read, without its line end */
  GPtrArray *lines;         /* text of this reply's finished lines, after the prefix */
  guint      code;          /* the reply's code, set by its first line */
  gsize      reply_bytes;   /* octets of this reply so far, line ends included */
  gboolean   line_checked;  /* the current line's code and separator were checked */
  gboolean   pending_cr;    /* a CR arrived and the LF that must follow has not */
};

/**
 * ob_smtp_reply_parser_new:
 *
 * Returns: (transfer full): a parser, idle
 */
ObSmtpReplyParser *
ob_smtp_reply_parser_new (void)
{
  ObSmtpReplyParser *self = g_new0 (ObSmtpReplyParser, 1);

  self->line = g_string_sized_new (128);
  self->lines = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ob_smtp_reply_parser_free (ObSmtpReplyParser *parser)
{
  if (parser == NULL)
    return;

  g_string_free (parser->line, TRUE);
  g_ptr_array_unref (parser->lines);
  g_free (parser);
}

/**
 * ob_smtp_reply_parser_reset:
 *
 * Drops any partial reply, as when the connection starts over (after
 * STARTTLS everything read before the handshake is thrown away).
 */
void
ob_smtp_reply_parser_reset (ObSmtpReplyParser *parser)
{
  g_return_if_fail (parser != NULL);

  g_string_truncate (parser->line, 0);
  g_ptr_array_set_size (parser->lines, 0);
  parser->code = 0;
  parser->reply_bytes = 0;
  parser->line_checked = FALSE;
  parser->pending_cr = FALSE;
}

/**
 * ob_smtp_reply_parser_is_idle:
 *
 * Returns: %TRUE when no part of a reply is waiting for the rest
 */
gboolean
ob_smtp_reply_parser_is_idle (ObSmtpReplyParser *parser)
{
  g_return_val_if_fail (parser != NULL, TRUE);

  return parser->reply_bytes == 0;
}

/* Quotes what the server sent, escaped, cut to EXCERPT_MAX octets. The head
 * of a line shows its code; the tail shows a byte that went wrong late in
 * a long line. */
static char *
excerpt (const char *data,
         gsize       len,
         gboolean    keep_tail)
{
  g_autofree char *escaped = NULL;

  if (len <= EXCERPT_MAX)
    return ob_escape_untrusted (data, len);
  if (keep_tail)
    {
      escaped = ob_escape_untrusted (data + len - EXCERPT_MAX, EXCERPT_MAX);
      return g_strconcat ("…", escaped, NULL);
    }
  escaped = ob_escape_untrusted (data, EXCERPT_MAX);
  return g_strconcat (escaped, "…", NULL);
}

/* The current line followed by @extra, the bytes that ended or broke it. */
static char *
line_excerpt (ObSmtpReplyParser *self,
              const char        *extra,
              gsize              extra_len,
              gboolean           keep_tail)
{
  g_autoptr(GString) s = g_string_new_len (self->line->str, self->line->len);

  g_string_append_len (s, extra, extra_len);
  return excerpt (s->str, s->len, keep_tail);
}

/* Every error leaves the parser idle: the stream can no longer be trusted,
 * and the caller closes the connection. */
static ObSmtpParseResult
fail (ObSmtpReplyParser  *self,
      GError            **error,
      GError             *local)
{
  g_propagate_error (error, local);
  ob_smtp_reply_parser_reset (self);
  return OB_SMTP_PARSE_ERROR;
}

static gboolean
is_valid_code (const char *s)
{
  return s[0] >= '2' && s[0] <= '5' &&
         s[1] >= '0' && s[1] <= '5' &&
         g_ascii_isdigit (s[2]);
}

/* The current line and @line_end (nullable), quoted by their head. */
static char *
quote_line (ObSmtpReplyParser *self,
            const char        *line_end)
{
  return line_excerpt (self, line_end, line_end != NULL ? strlen (line_end) : 0, FALSE);
}

/* Checks "NNN-", "NNN " or, for a line that ended early, "NNN". @line_end
 * is the line end that arrived, or NULL while the line goes on. */
static GError *
check_prefix (ObSmtpReplyParser *self,
              const char        *line_end)
{
  const char *s = self->line->str;
  gsize len = self->line->len;
  guint code;

  if (len < 3 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) || !g_ascii_isdigit (s[2]))
    {
      g_autofree char *quoted = quote_line (self, line_end);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %s is what the server sent, escaped */
                                _("The server’s reply does not start with a three-digit "
                                  "code: “%s”"), quoted);
    }
  if (!is_valid_code (s))
    {
      g_autofree char *quoted = quote_line (self, line_end);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %s is what the server sent, escaped */
                                _("The server’s reply starts with a number that is not an "
                                  "SMTP reply code: “%s”"), quoted);
    }
  if (len > 3 && s[3] != '-' && s[3] != ' ')
    {
      g_autofree char *quoted = quote_line (self, line_end);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %s is what the server sent, escaped */
                                _("The server’s reply code is followed by something other "
                                  "than a space or “-”: “%s”"), quoted);
    }

  code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  if (self->lines->len > 0 && code != self->code)
    {
      g_autofree char *quoted = quote_line (self, line_end);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %u is a reply code like 250, %s is
                                 * what the server sent, escaped */
                                _("The server changed its reply code from %u in the middle "
                                  "of a reply: “%s”"), self->code, quoted);
    }
  self->code = code;
  self->line_checked = TRUE;
  return NULL;
}

/* Counts @n more octets of the reply; @extra are the ones that just came. */
static GError *
count_bytes (ObSmtpReplyParser *self,
             gsize              n,
             const char        *extra,
             gsize              extra_len)
{
  self->reply_bytes += n;
  if (self->reply_bytes > OB_SMTP_REPLY_MAX_BYTES)
    {
      g_autofree char *quoted = line_excerpt (self, extra, extra_len, TRUE);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %d is a number of bytes, %s is the end
                                 * of what the server sent, escaped */
                                _("The server’s reply is longer than %d bytes, more than "
                                  "any real server sends: “%s”"),
                                OB_SMTP_REPLY_MAX_BYTES, quoted);
    }
  return NULL;
}

/* A line ended with @line_end: either the reply goes on, or it is complete
 * and returned in @reply. */
static GError *
finish_line (ObSmtpReplyParser  *self,
             const char         *line_end,
             ObSmtpReply       **reply)
{
  const char *s;
  GError *local = NULL;
  gboolean last;

  if (!self->line_checked && (local = check_prefix (self, line_end)) != NULL)
    return local;

  s = self->line->str;
  last = self->line->len == 3 || s[3] == ' ';
  if (!last && self->lines->len + 1 >= OB_SMTP_REPLY_MAX_LINES)
    {
      g_autofree char *quoted = quote_line (self, line_end);

      return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                /* Translators: %d is a number of lines, %s is what the
                                 * server sent, escaped */
                                _("The server’s reply goes on for more than %d lines, more "
                                  "than any real server sends: “%s”"),
                                OB_SMTP_REPLY_MAX_LINES, quoted);
    }

  g_ptr_array_add (self->lines, g_strdup (self->line->len > 3 ? s + PREFIX_LEN : ""));
  g_string_truncate (self->line, 0);
  self->line_checked = FALSE;

  if (last)
    {
      g_ptr_array_add (self->lines, NULL);
      *reply = ob_smtp_reply_new (self->code, (const char * const *) self->lines->pdata);
      ob_smtp_reply_parser_reset (self);
    }
  return NULL;
}

/* Appends ordinary bytes to the line, up to the first that breaks a limit or
 * completes the prefix to check; returns how many it took. */
static gsize
append_span (ObSmtpReplyParser  *self,
             const char         *span,
             gsize               len,
             GError            **error)
{
  gsize room = OB_SMTP_REPLY_MAX_LINE - self->line->len;
  gsize n = MIN (len, room);

  /* Stop at the first octet past the reply's limit, so the error points at it. */
  n = MIN (n, OB_SMTP_REPLY_MAX_BYTES - self->reply_bytes + 1);
  if (!self->line_checked)
    n = MIN (n, PREFIX_LEN - MIN (self->line->len, PREFIX_LEN));
  if (n == 0)
    {
      /* The line is full and one more octet arrived. */
      g_autofree char *quoted = excerpt (self->line->str, self->line->len, FALSE);

      *error = ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                  /* Translators: %d is a number of bytes, %s is the start
                                   * of what the server sent, escaped */
                                  _("The server sent a line longer than %d bytes, more than "
                                    "SMTP allows: “%s”"),
                                  OB_SMTP_REPLY_MAX_LINE, quoted);
      return 1;
    }

  if ((*error = count_bytes (self, n, span, n)) != NULL)
    return n;
  g_string_append_len (self->line, span, n);
  if (!self->line_checked && self->line->len >= PREFIX_LEN)
    *error = check_prefix (self, NULL);
  return n;
}

/**
 * ob_smtp_reply_parser_feed:
 * @parser: a parser
 * @data: (array length=len): bytes read from the server
 * @len: the number of bytes in @data; 0 is allowed
 * @consumed: (out): how many bytes of @data were used
 * @reply: (out) (transfer full) (optional): the reply, when one is complete
 * @error: a %OB_SMTP_ERROR_PROTOCOL when the server broke the grammar
 *
 * Reads @data up to the end of one reply at most. %OB_SMTP_PARSE_REPLY means
 * a reply ended after @consumed bytes; feed the rest of @data again, since a
 * server may pipeline several replies in one packet.
 * %OB_SMTP_PARSE_NEED_MORE means all of @data was used and the reply is not
 * complete yet. %OB_SMTP_PARSE_ERROR means the byte at @consumed - 1 broke the
 * grammar or a limit; the partial reply is dropped and the connection should
 * be closed. The error's stage is %OB_SMTP_STAGE_NONE: the parser does not
 * know what the client was waiting for.
 *
 * The reply's text holds the server's bytes as sent, which may be invalid
 * UTF-8 or contain control characters: escape it before showing it.
 */
ObSmtpParseResult
ob_smtp_reply_parser_feed (ObSmtpReplyParser  *parser,
                           const char         *data,
                           gsize               len,
                           gsize              *consumed,
                           ObSmtpReply       **reply,
                           GError            **error)
{
  g_autoptr(ObSmtpReply) complete = NULL;
  const char *p, *end;
  GError *local = NULL;

  g_return_val_if_fail (parser != NULL, OB_SMTP_PARSE_ERROR);
  g_return_val_if_fail (data != NULL || len == 0, OB_SMTP_PARSE_ERROR);
  g_return_val_if_fail (consumed != NULL, OB_SMTP_PARSE_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, OB_SMTP_PARSE_ERROR);

  /* Also spares NULL + 0, which C leaves undefined. */
  if (len == 0)
    {
      *consumed = 0;
      return OB_SMTP_PARSE_NEED_MORE;
    }

  p = data;
  end = data + len;
  while (p < end && complete == NULL && local == NULL)
    {
      const char *q;

      if (parser->pending_cr)
        {
          if (*p != '\n')
            {
              char broken[2] = { '\r', *p };
              g_autofree char *quoted = line_excerpt (parser, broken, 2, TRUE);

              local = ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                         /* Translators: %s is the end of what the server
                                          * sent, escaped */
                                         _("The server sent a carriage return (\\r) that "
                                           "does not end a line: “%s”"), quoted);
              p++;
              break;
            }
          p++;
          parser->pending_cr = FALSE;
          if ((local = count_bytes (parser, 1, "\r\n", 2)) == NULL)
            local = finish_line (parser, "\r\n", &complete);
          continue;
        }

      for (q = p; q < end && *q != '\r' && *q != '\n' && *q != '\0'; q++)
        ;
      if (q > p)
        {
          p += append_span (parser, p, q - p, &local);
          continue;
        }

      switch (*p++)
        {
        case '\0':
          {
            g_autofree char *quoted = line_excerpt (parser, "", 1, TRUE);

            local = ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                                       /* Translators: %s is the end of what the server
                                        * sent, escaped */
                                       _("The server sent a NUL byte, which is never part "
                                         "of a reply: “%s”"), quoted);
          }
          break;
        case '\r':
          if ((local = count_bytes (parser, 1, "\r", 1)) == NULL)
            parser->pending_cr = TRUE;
          break;
        default: /* '\n': tolerated alone, as many servers end lines that way */
          if ((local = count_bytes (parser, 1, "\n", 1)) == NULL)
            local = finish_line (parser, "\n", &complete);
          break;
        }
    }

  *consumed = p - data;
  if (local != NULL)
    return fail (parser, error, local);
  if (complete != NULL)
    {
      if (reply != NULL)
        *reply = g_steal_pointer (&complete);
      return OB_SMTP_PARSE_REPLY;
    }
  return OB_SMTP_PARSE_NEED_MORE;
}

/**
 * ob_smtp_reply_parser_end:
 * @parser: a parser
 * @error: a %OB_SMTP_ERROR_PROTOCOL when a reply was cut off
 *
 * Tells the parser the server closed the connection.
 *
 * Returns: %TRUE when that happened between replies
 */
gboolean
ob_smtp_reply_parser_end (ObSmtpReplyParser  *parser,
                          GError            **error)
{
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (parser != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ob_smtp_reply_parser_is_idle (parser))
    return TRUE;

  if (parser->line->len > 0 || parser->pending_cr)
    {
      quoted = line_excerpt (parser, "\r", parser->pending_cr ? 1 : 0, TRUE);
    }
  else
    {
      /* Between two lines of a multiline reply: quote the last one. */
      g_autofree char *last = g_strdup_printf ("%03u-%s", parser->code,
                                               (char *) g_ptr_array_index (parser->lines,
                                                                           parser->lines->len - 1));
      quoted = excerpt (last, strlen (last), TRUE);
    }

  fail (parser, error,
        ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_NONE, NULL,
                           /* Translators: %s is the end of what the server sent, escaped */
                           _("The server closed the connection in the middle of a reply: "
                             "“%s”"), quoted));
  return FALSE;
}
