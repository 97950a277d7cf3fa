/* test-raw-message.c — complete messages given as a file or bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-gmime.h"
#include "ob-raw-message.h"
#include "ob-smtp-error.h"

#include "message-test-util.h"

#define HEADER \
  "Received: from a.example by b.example;\n" \
  "  Mon, 1 Jan 2024 10:00:00 +0000\n" \
  "From: \"Ada L.\" <ada@example.com>\n" \
  "To: bob@example.org, \"Lovelace, Carol\" <carol@example.org>\n" \
  "Bcc: hidden1@example.net,\n" \
  "\thidden2@example.net\n" \
  "Cc: team: dave@example.org, eve@example.org;\n" \
  "Subject: Hello\n" \
  "BCC:hidden3@example.net\n" \
  "Message-ID: <1@example.com>\n"
#define HEADER_WITHOUT_BCC \
  "Received: from a.example by b.example;\n" \
  "  Mon, 1 Jan 2024 10:00:00 +0000\n" \
  "From: \"Ada L.\" <ada@example.com>\n" \
  "To: bob@example.org, \"Lovelace, Carol\" <carol@example.org>\n" \
  "Cc: team: dave@example.org, eve@example.org;\n" \
  "Subject: Hello\n" \
  "Message-ID: <1@example.com>\n"
#define BODY \
  "\n" \
  "Body line one.\n" \
  "Bcc: not a header, stays\n" \
  ".\n" \
  "Last line without a line end"

static ObRawMessage *
from_string (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ObRawMessage *message;

  message = ob_raw_message_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

/* Writes @message straight into memory, without the data stream, so the
 * bytes can be compared with the input. */
static char *
write_plain (ObRawMessage *message,
             gboolean      allow_8bit)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, allow_8bit, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write (out, "", 1, NULL, NULL) == 1);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_addresses (void)
{
  g_autoptr(ObRawMessage) message = from_string (HEADER BODY);
  g_autofree char *sender = ob_raw_message_get_sender (message);
  g_auto(GStrv) recipients = ob_raw_message_get_recipients (message);
  const char * const expected[] = {
    "bob@example.org", "carol@example.org", "hidden1@example.net", "hidden2@example.net",
    "dave@example.org", "eve@example.org", "hidden3@example.net", NULL,
  };

  g_assert_cmpstr (sender, ==, "ada@example.com");
  g_assert_cmpstrv (recipients, expected);
  g_assert_false (ob_message_source_has_8bit_content (OB_MESSAGE_SOURCE (message)));
  g_assert_false (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
}

static void
test_no_addresses (void)
{
  g_autoptr(ObRawMessage) message = from_string ("Subject: nothing\n\nBody\n");
  g_autofree char *sender = ob_raw_message_get_sender (message);
  g_auto(GStrv) recipients = ob_raw_message_get_recipients (message);

  g_assert_null (sender);
  g_assert_nonnull (recipients);
  g_assert_null (recipients[0]);
}

/* The subject as a mail program shows it: encoded words decoded, folding
 * undone; what is left of control characters is the outbox's to clean. */
static void
test_subject (void)
{
  static const struct {
    const char *message;
    const char *subject;
  } cases[] = {
    { HEADER BODY, "Hello" },
    { "From: a@example.com\nSubject: =?UTF-8?B?R3LDvMOfZQ==?= aus =?ISO-8859-1?Q?K=F6ln?=\n\nB\n",
      "Grüße aus Köln" },
    { "From: a@example.com\nSubject: a long subject\n\tfolded onto a second line\n\nB\n",
      "a long subject\tfolded onto a second line" },
    { "From: a@example.com\nSUBJECT: =?UTF-8?Q?two=0Alines?=\nSubject: second\n\nB\n",
      "two\nlines" },
    { "From: a@example.com\nSubject:\n\nB\n", "" },
    { "From: a@example.com\n\nSubject: in the body\n", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObRawMessage) message = from_string (cases[i].message);
      g_autofree char *subject = ob_message_source_dup_subject (OB_MESSAGE_SOURCE (message));

      g_test_message ("case %zu", i);
      g_assert_cmpstr (subject, ==, cases[i].subject);
    }
}

static void
test_passthrough (void)
{
  static const char * const inputs[] = {
    HEADER BODY,
    "From: a@example.com\r\nTo: b@example.com\r\n\r\nCRLF body\r\n.\r\n",
    "From: a@example.com\nSubject: only a header",
    "From: a@example.com\nSubject: =?UTF-8?B?R3LDvMOfZQ==?=\n\nGr\xc3\xbc\xc3\x9f" "e\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(ObRawMessage) message = from_string (inputs[i]);
      g_autofree char *out = write_plain (message, TRUE);

      g_test_message ("input %zu", i);
      g_assert_cmpstr (out, ==, inputs[i]);
    }
}

static void
test_strip_bcc (void)
{
  g_autoptr(ObRawMessage) message = from_string (HEADER BODY);
  g_autofree char *out = NULL;

  ob_raw_message_set_strip_bcc (message, TRUE);
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, HEADER_WITHOUT_BCC BODY);

  ob_raw_message_set_strip_bcc (message, FALSE);
  g_free (out);
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, HEADER BODY);
}

static void
test_strip_bcc_crlf (void)
{
  g_autoptr(ObRawMessage) message = NULL;
  g_autofree char *out = NULL;

  message = from_string ("Bcc: a@example.net,\r\n b@example.net\r\n"
                         "From: a@example.com\r\n"
                         "Bcc : c@example.net\r\n"
                         "\r\nbody\r\n");
  ob_raw_message_set_strip_bcc (message, TRUE);
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, "From: a@example.com\r\n\r\nbody\r\n");
}

static void
test_wire_and_size (void)
{
  g_autoptr(ObRawMessage) message = from_string (HEADER BODY);
  g_autoptr(GBytes) wire = message_test_write_wire (OB_MESSAGE_SOURCE (message), TRUE);
  g_autoptr(GString) expected = g_string_new (HEADER BODY);

  /* Every LF becomes CRLF and the last line is ended; nothing else. */
  g_string_replace (expected, "\n", "\r\n", 0);
  g_string_append (expected, "\r\n");
  g_assert_cmpuint (g_bytes_get_size (wire), ==, expected->len);
  g_assert_true (memcmp (g_bytes_get_data (wire, NULL), expected->str, expected->len) == 0);
  g_assert_cmpuint (ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (message)), ==,
                    expected->len);
}

static void
test_mbox_line (void)
{
  g_autoptr(ObRawMessage) message = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sender = NULL;

  message = from_string ("From 1234abcd Mon Sep 17 00:00:00 2001\n"
                         "From: Ada <ada@example.com>\n"
                         "Subject: [PATCH] fix\n"
                         "\n"
                         "diff\n");
  sender = ob_raw_message_get_sender (message);
  g_assert_cmpstr (sender, ==, "ada@example.com");
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, "From: Ada <ada@example.com>\nSubject: [PATCH] fix\n\ndiff\n");
}

static char *
decoded_text (GMimeObject *part)
{
  g_autoptr(GBytes) content = message_test_decoded_content (part);

  return g_strndup (g_bytes_get_size (content) > 0 ? g_bytes_get_data (content, NULL) : "",
                    g_bytes_get_size (content));
}

#define EIGHT_BIT_MESSAGE \
  "From: J\xc3\xb6rg <joerg@example.com>\n" \
  "To: ada@example.org\n" \
  "Bcc: hidden@example.net\n" \
  "Subject: Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln\n" \
  "MIME-Version: 1.0\n" \
  "Content-Type: multipart/mixed; boundary=\"b\"\n" \
  "\n" \
  "--b\n" \
  "Content-Type: text/plain; charset=utf-8\n" \
  "Content-Transfer-Encoding: 8bit\n" \
  "\n" \
  "Sch\xc3\xb6ne Gr\xc3\xbc\xc3\x9f" "e\n" \
  "--b\n" \
  "Content-Type: text/plain; charset=utf-8; name=\"B\xc3\xbc" "cher.txt\"\n" \
  "Content-Disposition: attachment; filename=\"B\xc3\xbc" "cher.txt\"\n" \
  "\n" \
  "\xc3\xa9t\xc3\xa9\n" \
  "--b--\n"

static void
check_reencoded (ObRawMessage *message)
{
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(ObGMimeMessage) parsed = NULL;
  g_autofree char *body = NULL;
  g_autofree char *attachment = NULL;
  GMimeMultipart *multipart;
  InternetAddress *from;

  g_assert_true (ob_message_source_has_8bit_content (OB_MESSAGE_SOURCE (message)));
  /* A non-ASCII name is not an address: RFC 2047 can carry it. */
  g_assert_false (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
  ob_raw_message_set_strip_bcc (message, TRUE);

  wire = message_test_write_wire (OB_MESSAGE_SOURCE (message), FALSE);
  g_assert_false (message_test_bytes_have_8bit (wire));
  g_assert_null (g_strstr_len (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire),
                               "hidden@example.net"));

  parsed = message_test_parse (wire);
  g_assert_cmpstr (g_mime_message_get_subject (parsed), ==, "Grüße aus Köln");
  from = internet_address_list_get_address (g_mime_message_get_from (parsed), 0);
  g_assert_cmpstr (internet_address_get_name (from), ==, "Jörg");
  multipart = GMIME_MULTIPART (g_mime_message_get_mime_part (parsed));
  body = decoded_text (g_mime_multipart_get_part (multipart, 0));
  g_assert_cmpstr (body, ==, "Schöne Grüße");
  attachment = decoded_text (g_mime_multipart_get_part (multipart, 1));
  g_assert_cmpstr (attachment, ==, "été");
  g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (g_mime_multipart_get_part (multipart, 1))),
                   ==, "Bücher.txt");
}

static void
test_reencode_bytes (void)
{
  g_autoptr(ObRawMessage) message = from_string (EIGHT_BIT_MESSAGE);

  check_reencoded (message);
}

static void
test_reencode_file (MessageFixture *fixture,
                    gconstpointer   data)
{
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "message.eml", EIGHT_BIT_MESSAGE, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  check_reencoded (message);
}

static void
test_8bit_allowed (void)
{
  g_autoptr(ObRawMessage) message = from_string (EIGHT_BIT_MESSAGE);
  g_autofree char *out = write_plain (message, TRUE);

  g_assert_cmpstr (out, ==, EIGHT_BIT_MESSAGE);
}

static void
test_unconvertible_header (void)
{
  g_autoptr(ObRawMessage) message = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  message = from_string ("From: a@example.com\nTo: j\xc3\xb6rg@example.org\n\nHi\n");
  g_assert_true (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, FALSE, NULL,
                                           &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "To"));
}

static void
test_from_file (MessageFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "message.eml", HEADER BODY, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);
  g_autoptr(ObRawMessage) same = from_string (HEADER BODY);
  g_autoptr(GBytes) from_file = NULL;
  g_autoptr(GBytes) from_bytes = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  sender = ob_raw_message_get_sender (message);
  g_assert_cmpstr (sender, ==, "ada@example.com");
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, HEADER BODY);

  ob_raw_message_set_strip_bcc (message, TRUE);
  ob_raw_message_set_strip_bcc (same, TRUE);
  from_file = message_test_write_wire (OB_MESSAGE_SOURCE (message), TRUE);
  from_bytes = message_test_write_wire (OB_MESSAGE_SOURCE (same), TRUE);
  g_assert_true (g_bytes_equal (from_file, from_bytes));
  g_assert_cmpuint (ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (message)), ==,
                    ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (same)));
}

/* A body many times larger than the read size, to see it streamed whole. */
static void
test_large_file (MessageFixture *fixture,
                 gconstpointer   data)
{
  g_autoptr(GString) text = g_string_new ("From: a@example.com\nTo: b@example.com\n\n");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = NULL;
  g_autofree char *out = NULL;

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (text, "line %d of a long message\n", i);
  file = message_fixture_make_file (fixture, "message.eml", text->str, text->len);
  message = ob_raw_message_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  out = write_plain (message, TRUE);
  g_assert_cmpstr (out, ==, text->str);
  g_assert_cmpuint (ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (message)), ==,
                    text->len + 20000 + 3);
}

static void
test_malformed (void)
{
  static const char * const inputs[] = {
    "",
    "\nbody only\n",
    "\r\nbody only\r\n",
    "Just some text\nwithout any header\n",
    " continuation first\nFrom: a@example.com\n\nbody\n",
    "From: a@example.com\nno colon here\n\nbody\n",
    ": empty name\n\nbody\n",
    "From: a@example.com\nSubject: bare\rCR\n\nbody\n",
    "From: a@example.com\nSub ject: space in name\n\nbody\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (inputs[i], strlen (inputs[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(ObRawMessage) message = NULL;

      g_test_message ("input %zu", i);
      message = ob_raw_message_new_from_bytes (bytes, &error);
      g_assert_null (message);
      g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
      g_assert_null (strchr (error->message, '\r'));
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_header_too_large (MessageFixture *fixture,
                       gconstpointer   data)
{
  g_autoptr(GString) text = g_string_new ("From: a@example.com\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = NULL;

  while (text->len <= 1024 * 1024)
    g_string_append (text, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
  g_string_append (text, "\nbody\n");

  bytes = g_bytes_new (text->str, text->len);
  message = ob_raw_message_new_from_bytes (bytes, &error);
  g_assert_null (message);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  file = message_fixture_make_file (fixture, "message.eml", text->str, text->len);
  message = ob_raw_message_new_from_file (file, NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
}

static void
test_missing_file (MessageFixture *fixture,
                   gconstpointer   data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nowhere.eml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);

  g_assert_null (message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere.eml"));
}

static void
test_file_gone_at_write (MessageFixture *fixture,
                         gconstpointer   data)
{
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "message.eml", HEADER BODY, -1);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "message.eml"));
}

static void
test_cancelled (void)
{
  g_autoptr(ObRawMessage) message = from_string (HEADER BODY);

  message_test_assert_write_cancelled (OB_MESSAGE_SOURCE (message));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/raw-message/addresses", test_addresses);
  g_test_add_func ("/ob/raw-message/no-addresses", test_no_addresses);
  g_test_add_func ("/ob/raw-message/subject", test_subject);
  g_test_add_func ("/ob/raw-message/passthrough", test_passthrough);
  g_test_add_func ("/ob/raw-message/strip-bcc", test_strip_bcc);
  g_test_add_func ("/ob/raw-message/strip-bcc-crlf", test_strip_bcc_crlf);
  g_test_add_func ("/ob/raw-message/wire-and-size", test_wire_and_size);
  g_test_add_func ("/ob/raw-message/mbox-line", test_mbox_line);
  g_test_add_func ("/ob/raw-message/reencode-bytes", test_reencode_bytes);
  g_test_add ("/ob/raw-message/reencode-file", MessageFixture, NULL,
              message_fixture_set_up, test_reencode_file, message_fixture_tear_down);
  g_test_add_func ("/ob/raw-message/8bit-allowed", test_8bit_allowed);
  g_test_add_func ("/ob/raw-message/unconvertible-header", test_unconvertible_header);
  g_test_add ("/ob/raw-message/from-file", MessageFixture, NULL,
              message_fixture_set_up, test_from_file, message_fixture_tear_down);
  g_test_add ("/ob/raw-message/large-file", MessageFixture, NULL,
              message_fixture_set_up, test_large_file, message_fixture_tear_down);
  g_test_add_func ("/ob/raw-message/malformed", test_malformed);
  g_test_add ("/ob/raw-message/header-too-large", MessageFixture, NULL,
              message_fixture_set_up, test_header_too_large, message_fixture_tear_down);
  g_test_add ("/ob/raw-message/missing-file", MessageFixture, NULL,
              message_fixture_set_up, test_missing_file, message_fixture_tear_down);
  g_test_add ("/ob/raw-message/file-gone-at-write", MessageFixture, NULL,
              message_fixture_set_up, test_file_gone_at_write, message_fixture_tear_down);
  g_test_add_func ("/ob/raw-message/cancelled", test_cancelled);

  return g_test_run ();
}
