/* test-smtp-reply.c — reading SMTP replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-smtp-error.h"
#include "ob-smtp-reply-parser.h"

typedef struct
{
  const char *name;
  const char *input;
  guint       code;
  const char *enhanced_code;
  const char *text;
  guint       n_lines;
} ReplyCase;

static const ReplyCase replies[] = {
  { "greeting", "220 smtp.example.com ESMTP Postfix\r\n",
    220, NULL, "smtp.example.com ESMTP Postfix", 1 },
  { "ok", "250 OK\r\n", 250, NULL, "OK", 1 },
  { "bare-code", "250\r\n", 250, NULL, "", 1 },
  { "empty-text", "250 \r\n", 250, NULL, "", 1 },
  { "intermediate", "354 End data with <CR><LF>.<CR><LF>\r\n",
    354, NULL, "End data with <CR><LF>.<CR><LF>", 1 },
  { "lowest-code", "200 x\r\n", 200, NULL, "x", 1 },
  { "highest-code", "559 x\r\n", 559, NULL, "x", 1 },
  { "ehlo", "250-smtp.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
    "250 AUTH PLAIN LOGIN\r\n",
    250, NULL, "smtp.example.com Hello\nPIPELINING\nSIZE 10240000\nAUTH PLAIN LOGIN", 4 },
  { "empty-continuation", "250-\r\n250-x\r\n250\r\n", 250, NULL, "\nx\n", 3 },
  { "enhanced", "550 5.7.1 Relaying denied\r\n", 550, "5.7.1", "Relaying denied", 1 },
  { "enhanced-transient", "421 4.7.0 Try again later, closing connection.\r\n",
    421, "4.7.0", "Try again later, closing connection.", 1 },
  { "enhanced-multiline",
    "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
    "535 5.7.8  https://support.google.com/mail/?p=BadCredentials\r\n",
    535, "5.7.8", "Username and Password not accepted. For more information, go to\n"
    "https://support.google.com/mail/?p=BadCredentials", 2 },
  { "enhanced-only", "250 2.0.0\r\n", 250, "2.0.0", "", 1 },
  { "bare-lf", "250 OK\n", 250, NULL, "OK", 1 },
  { "mixed-line-ends", "250-one\n250-two\r\n250 three\n", 250, NULL, "one\ntwo\nthree", 3 },
  /* The text is the server's: kept as sent, escaped by whoever shows it. */
  { "invalid-utf8", "554 caf\xe9 \xff\r\n", 554, NULL, "caf\xe9 \xff", 1 },
  { "utf8", "250 Grüße\r\n", 250, NULL, "Grüße", 1 },
  { "controls", "250 a\tb\x01\x1b[31m\x7f\r\n", 250, NULL, "a\tb\x01\x1b[31m\x7f", 1 },
  { "separator-in-text", "250 x-y 250 z\r\n", 250, NULL, "x-y 250 z", 1 },
};

typedef struct
{
  const char *name;
  const char *input;
  gsize       len;       /* 0: strlen (input) */
  gsize       error_at;  /* bytes consumed when the error is found */
  const char *quoted;    /* the offending bytes, escaped, in the message */
} ErrorCase;

static const ErrorCase errors[] = {
  { "bare-cr", "250 OK\rX\r\n", 0, 8, "“250 OK\\rX”" },
  { "cr-cr", "250 OK\r\r\n", 0, 8, "“250 OK\\r\\r”" },
  { "cr-at-start", "\rX", 0, 2, "“\\rX”" },
  { "cr-in-continuation", "250-a\r\n250 b\rc\r\n", 0, 14, "“250 b\\rc”" },
  { "nul", "250 O\0K\r\n", 9, 6, "“250 O\\x00”" },
  { "nul-first", "\0", 1, 1, "“\\x00”" },
  { "code-mismatch", "250-first\r\n251 second\r\n", 0, 15, "“251 ”" },
  { "code-class-mismatch", "250-first\r\n550 second\r\n", 0, 15, "“550 ”" },
  { "code-mismatch-bare", "250-a\r\n251\r\n", 0, 12, "“251\\r\\n”" },
  { "letters", "abc\r\n", 0, 5, "“abc\\r\\n”" },
  { "empty-line", "\r\n", 0, 2, "“\\r\\n”" },
  { "empty-line-lf", "\n", 0, 1, "“\\n”" },
  { "short-code", "25\r\n", 0, 4, "“25\\r\\n”" },
  { "pop3", "+OK POP3 server ready\r\n", 0, 4, "“+OK ”" },
  { "imap", "* OK IMAP4rev1 ready\r\n", 0, 4, "“* OK”" },
  { "http", "HTTP/1.1 400 Bad Request\r\n", 0, 4, "“HTTP”" },
  { "leading-space", " 250 OK\r\n", 0, 4, "“ 250”" },
  { "digit-letter", "2x0 OK\r\n", 0, 4, "“2x0 ”" },
  { "code-1xx", "199 x\r\n", 0, 4, "“199 ”" },
  { "code-6xx", "600 x\r\n", 0, 4, "“600 ”" },
  { "code-second-digit", "260 x\r\n", 0, 4, "“260 ”" },
  { "code-zero", "000\r\n", 0, 5, "“000\\r\\n”" },
  { "separator", "250_OK\r\n", 0, 4, "“250_”" },
  { "separator-tab", "250\tOK\r\n", 0, 4, "“250\\t”" },
  { "four-digits", "2500 OK\r\n", 0, 4, "“2500”" },
  { "separator-continuation", "250-a\r\n250x\r\n", 0, 11, "“250x”" },
  { "escape-sequence", "\x1b[2J\r\n", 0, 4, "“\\u001B[2J”" },
};

/* Feeds @input in chunks of @chunk bytes until a reply or an error, and
 * says how many bytes that took in @consumed. */
static ObSmtpParseResult
feed_chunked (ObSmtpReplyParser  *parser,
              const char         *input,
              gsize               len,
              gsize               chunk,
              gsize              *consumed,
              ObSmtpReply       **reply,
              GError            **error)
{
  ObSmtpParseResult result = OB_SMTP_PARSE_NEED_MORE;

  *consumed = 0;
  while (*consumed < len)
    {
      gsize n = MIN (chunk, len - *consumed);
      gsize used = 0;

      result = ob_smtp_reply_parser_feed (parser, input + *consumed, n, &used, reply, error);
      g_assert_cmpuint (used, >, 0);
      g_assert_cmpuint (used, <=, n);
      *consumed += used;
      if (result != OB_SMTP_PARSE_NEED_MORE)
        return result;
      g_assert_cmpuint (used, ==, n);
      g_assert_false (ob_smtp_reply_parser_is_idle (parser));
    }
  return result;
}

static void
check_reply (const ReplyCase *c,
             ObSmtpReply     *reply)
{
  g_assert_nonnull (reply);
  g_assert_cmpuint (ob_smtp_reply_get_code (reply), ==, c->code);
  g_assert_cmpstr (ob_smtp_reply_get_enhanced_code (reply), ==, c->enhanced_code);
  g_assert_cmpstr (ob_smtp_reply_get_text (reply), ==, c->text);
  g_assert_cmpuint (g_strv_length ((char **) ob_smtp_reply_get_lines (reply)), ==, c->n_lines);
}

static void
check_replies (gsize chunk)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      const ReplyCase *c = &replies[i];
      g_autoptr(ObSmtpReply) reply = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = strlen (c->input);
      gsize consumed;

      g_test_message ("reply %s, chunks of %zu", c->name, chunk);
      g_assert_cmpint (feed_chunked (parser, c->input, len, chunk, &consumed, &reply, &error),
                       ==, OB_SMTP_PARSE_REPLY);
      g_assert_no_error (error);
      g_assert_cmpuint (consumed, ==, len);
      check_reply (c, reply);
      g_assert_true (ob_smtp_reply_parser_is_idle (parser));
    }
}

static void
test_reply_table (void)
{
  check_replies (G_MAXSIZE);
}

static void
test_reply_byte_at_a_time (void)
{
  check_replies (1);
  check_replies (3);
}

static void
test_reply_pipelined (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) all = g_string_new (NULL);
  const char *p;
  gsize left;

  for (gsize i = 0; i < G_N_ELEMENTS (replies); i++)
    g_string_append (all, replies[i].input);

  p = all->str;
  left = all->len;
  for (gsize i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(ObSmtpReply) reply = NULL;
      g_autoptr(GError) error = NULL;
      gsize consumed = 0;

      g_test_message ("pipelined reply %s", replies[i].name);
      g_assert_cmpint (ob_smtp_reply_parser_feed (parser, p, left, &consumed, &reply, &error),
                       ==, OB_SMTP_PARSE_REPLY);
      g_assert_no_error (error);
      g_assert_cmpuint (consumed, ==, strlen (replies[i].input));
      check_reply (&replies[i], reply);
      p += consumed;
      left -= consumed;
    }
  g_assert_cmpuint (left, ==, 0);
  g_assert_true (ob_smtp_reply_parser_end (parser, NULL));
}

static void
check_protocol_error (const GError *error,
                      const char   *quoted)
{
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_NONE);
  g_assert_null (ob_smtp_error_get_reply (error));
  g_test_message ("message: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, quoted));
}

static void
check_errors (gsize chunk)
{
  for (gsize i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      const ErrorCase *c = &errors[i];
      g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
      g_autoptr(ObSmtpReply) reply = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = c->len ? c->len : strlen (c->input);
      gsize consumed;

      g_test_message ("error %s, chunks of %zu", c->name, chunk);
      g_assert_cmpint (feed_chunked (parser, c->input, len, chunk, &consumed, &reply, &error),
                       ==, OB_SMTP_PARSE_ERROR);
      g_assert_null (reply);
      g_assert_cmpuint (consumed, ==, c->error_at);
      check_protocol_error (error, c->quoted);

      /* The partial reply is gone; nothing is left to complain about. */
      g_assert_true (ob_smtp_reply_parser_is_idle (parser));
      g_assert_true (ob_smtp_reply_parser_end (parser, NULL));
    }
}

static void
test_reply_errors (void)
{
  check_errors (G_MAXSIZE);
}

static void
test_reply_errors_byte_at_a_time (void)
{
  check_errors (1);
}

/* A reply of one line whose text is @text_len octets. */
static GString *
make_line_reply (gsize text_len)
{
  GString *s = g_string_new ("250 ");

  for (gsize i = 0; i < text_len; i++)
    g_string_append_c (s, 'a' + i % 26);
  g_string_append (s, "\r\n");
  return s;
}

static void
test_limit_line (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) at = make_line_reply (OB_SMTP_REPLY_MAX_LINE - 4);
  g_autoptr(GString) past = make_line_reply (OB_SMTP_REPLY_MAX_LINE - 3);
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, at->str, at->len, &consumed, &reply, &error),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, at->len);
  g_assert_cmpuint (strlen (ob_smtp_reply_get_text (reply)), ==, OB_SMTP_REPLY_MAX_LINE - 4);

  /* Refused at the first octet too many, long before any line end. */
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, past->str, OB_SMTP_REPLY_MAX_LINE + 1,
                                              &consumed, NULL, &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, OB_SMTP_REPLY_MAX_LINE + 1);
  check_protocol_error (error, "“250 abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
                               "abcdefghijklmnopqrstuvwx…”");
  g_assert_nonnull (strstr (error->message, "4096"));
}

static void
test_limit_line_continuation (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) at = make_line_reply (OB_SMTP_REPLY_MAX_LINE - 4);
  g_autoptr(GString) past = make_line_reply (OB_SMTP_REPLY_MAX_LINE - 3);
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  /* A full continuation line, with a bare LF, then one that is too long. */
  at->str[3] = '-';
  g_string_truncate (at, at->len - 2);
  g_string_append_c (at, '\n');
  g_assert_cmpint (feed_chunked (parser, at->str, at->len, 1000, &consumed, NULL, &error),
                   ==, OB_SMTP_PARSE_NEED_MORE);
  g_assert_cmpint (feed_chunked (parser, past->str, past->len, 1000, &consumed, NULL, &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, OB_SMTP_REPLY_MAX_LINE + 1);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
}

/* A reply of @n_lines lines of @line_len octets each, CRLF included; the
 * last ends the reply when @complete. */
static GString *
make_reply (guint    n_lines,
            gsize    line_len,
            gboolean complete)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    {
      g_string_append (s, complete && i + 1 == n_lines ? "250 " : "250-");
      for (gsize j = 6; j < line_len; j++)
        g_string_append_c (s, 'x');
      g_string_append (s, "\r\n");
    }
  return s;
}

static void
test_limit_bytes (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  guint n_lines = OB_SMTP_REPLY_MAX_BYTES / OB_SMTP_REPLY_MAX_LINE;
  g_autoptr(GString) at = make_reply (n_lines, OB_SMTP_REPLY_MAX_LINE, TRUE);
  g_autoptr(GString) past = make_reply (n_lines, OB_SMTP_REPLY_MAX_LINE, TRUE);
  g_autoptr(GString) more_lines = make_reply (n_lines + 1, OB_SMTP_REPLY_MAX_LINE, TRUE);
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  g_assert_cmpuint (at->len, ==, OB_SMTP_REPLY_MAX_BYTES);
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, at->str, at->len, &consumed, &reply, &error),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, at->len);
  g_assert_cmpuint (g_strv_length ((char **) ob_smtp_reply_get_lines (reply)), ==, n_lines);

  /* One more octet in the last line: its LF is one too many. */
  g_string_insert_c (past, past->len - 2, 'y');
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, past->str, past->len, &consumed, NULL,
                                              &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, OB_SMTP_REPLY_MAX_BYTES + 1);
  check_protocol_error (error, "xxxy\\r\\n”");
  g_assert_nonnull (strstr (error->message, "65536"));
  g_clear_error (&error);

  /* One more line: refused at its first octet. */
  g_assert_cmpint (feed_chunked (parser, more_lines->str, more_lines->len, 777, &consumed, NULL,
                                 &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, OB_SMTP_REPLY_MAX_BYTES + 1);
  check_protocol_error (error, "“2”");
}

static void
test_limit_lines (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) at = make_reply (OB_SMTP_REPLY_MAX_LINES, 7, TRUE);
  g_autoptr(GString) past = make_reply (OB_SMTP_REPLY_MAX_LINES + 1, 7, TRUE);
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, at->str, at->len, &consumed, &reply, &error),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, at->len);
  g_assert_cmpuint (g_strv_length ((char **) ob_smtp_reply_get_lines (reply)), ==,
                    OB_SMTP_REPLY_MAX_LINES);

  /* Refused when the last allowed line announces yet another. */
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, past->str, past->len, &consumed, NULL,
                                              &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, OB_SMTP_REPLY_MAX_LINES * 7);
  check_protocol_error (error, "“250-x\\r\\n”");
  g_assert_nonnull (strstr (error->message, "512"));
}

static void
test_end (void)
{
  static const struct
  {
    const char *input;
    const char *quoted;
  } cut[] = {
    { "2", "“2”" },
    { "250 partial", "“250 partial”" },
    { "250 partial\r", "“250 partial\\r”" },
    { "250-first\r\n", "“250-first”" },
    { "250-first\r\n250-second\n", "“250-second”" },
  };
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  gsize consumed;

  g_assert_true (ob_smtp_reply_parser_is_idle (parser));
  g_assert_true (ob_smtp_reply_parser_end (parser, NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (cut); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (ob_smtp_reply_parser_feed (parser, cut[i].input, strlen (cut[i].input),
                                                  &consumed, NULL, &error),
                       ==, OB_SMTP_PARSE_NEED_MORE);
      g_assert_false (ob_smtp_reply_parser_is_idle (parser));
      g_assert_false (ob_smtp_reply_parser_end (parser, &error));
      check_protocol_error (error, cut[i].quoted);
      g_assert_nonnull (strstr (error->message, "closed the connection"));
      g_assert_true (ob_smtp_reply_parser_is_idle (parser));
    }

  /* After a whole reply, closing is clean. */
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, "221 Bye\r\n", 9, &consumed, NULL, NULL),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_true (ob_smtp_reply_parser_end (parser, NULL));
}

static void
test_reset (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(ObSmtpReply) reply = NULL;
  gsize consumed;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, "250-a\r\n250 b\r", 13, &consumed, NULL,
                                              NULL),
                   ==, OB_SMTP_PARSE_NEED_MORE);
  ob_smtp_reply_parser_reset (parser);
  g_assert_true (ob_smtp_reply_parser_is_idle (parser));

  /* Nothing of the dropped reply leaks into the next: not its code, its
   * lines nor the CR that was waiting for its LF. */
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, "\n", 1, &consumed, NULL, NULL),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, "220 ready\r\n", 11, &consumed, &reply, NULL),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_cmpuint (ob_smtp_reply_get_code (reply), ==, 220);
  g_assert_cmpstr (ob_smtp_reply_get_text (reply), ==, "ready");
}

static void
test_feed_nothing (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  gsize consumed = 1;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, NULL, 0, &consumed, NULL, NULL),
                   ==, OB_SMTP_PARSE_NEED_MORE);
  g_assert_cmpuint (consumed, ==, 0);
  g_assert_true (ob_smtp_reply_parser_is_idle (parser));
}

/* A reply can be discarded by passing no @reply; the parser goes on. */
static void
test_reply_not_wanted (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  const char *input = "250 a\r\n250 b\r\n";
  gsize consumed;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, input, 14, &consumed, NULL, NULL),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_cmpuint (consumed, ==, 7);
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, input + 7, 7, &consumed, NULL, NULL),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_true (ob_smtp_reply_parser_is_idle (parser));
}

/* Long input is quoted by its head, or by its tail where the fault is. */
static void
test_error_excerpt (void)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GString) input = make_line_reply (200);
  g_autoptr(GError) error = NULL;
  gsize consumed;

  input->str[150] = '\0';
  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, input->str, input->len, &consumed, NULL,
                                              &error),
                   ==, OB_SMTP_PARSE_ERROR);
  g_assert_cmpuint (consumed, ==, 151);
  /* 79 octets before the NUL and the NUL itself. */
  check_protocol_error (error, "“…pqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
                               "abcdefghijklmnop\\x00”");
  g_assert_null (strstr (error->message, "250"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/smtp-reply/table", test_reply_table);
  g_test_add_func ("/ob/smtp-reply/byte-at-a-time", test_reply_byte_at_a_time);
  g_test_add_func ("/ob/smtp-reply/pipelined", test_reply_pipelined);
  g_test_add_func ("/ob/smtp-reply/not-wanted", test_reply_not_wanted);
  g_test_add_func ("/ob/smtp-reply/errors", test_reply_errors);
  g_test_add_func ("/ob/smtp-reply/errors-byte-at-a-time", test_reply_errors_byte_at_a_time);
  g_test_add_func ("/ob/smtp-reply/error-excerpt", test_error_excerpt);
  g_test_add_func ("/ob/smtp-reply/limit/line", test_limit_line);
  g_test_add_func ("/ob/smtp-reply/limit/line-continuation", test_limit_line_continuation);
  g_test_add_func ("/ob/smtp-reply/limit/bytes", test_limit_bytes);
  g_test_add_func ("/ob/smtp-reply/limit/lines", test_limit_lines);
  g_test_add_func ("/ob/smtp-reply/end", test_end);
  g_test_add_func ("/ob/smtp-reply/reset", test_reset);
  g_test_add_func ("/ob/smtp-reply/feed-nothing", test_feed_nothing);

  return g_test_run ();
}
