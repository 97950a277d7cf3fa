/* test-message.c — messages built from a draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ob-envelope.h"
#include "ob-gmime.h"
#include "ob-message.h"
#include "ob-smtp-data-stream.h"
#include "ob-smtp-error.h"

#include "message-test-util.h"

#define SUBJECT "Grüße aus Köln — über 𝄞 und ½, a subject long enough to be folded by the writer"
#define FROM_NAME "Jörg Müller-Lüdenscheidt"
#define BODY "Hallo Ada,\n\nschöne Grüße.\n.\nEine Zeile mit Punkt.\n"

static ObMessage *
make_message (void)
{
  g_autoptr(ObMessage) message = ob_message_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_set_from (message, FROM_NAME, "joerg@example.com", &error));
  g_assert_true (ob_message_add_to (message, "Ada Lovelace", "ada@example.org", &error));
  g_assert_true (ob_message_add_to (message, NULL, "bob@example.org", &error));
  g_assert_true (ob_message_add_cc (message, "Čapek, Karel", "karel@example.cz", &error));
  g_assert_true (ob_message_add_bcc (message, "Secret", "hidden@example.net", &error));
  g_assert_true (ob_message_set_reply_to (message, "replies@example.com", &error));
  g_assert_true (ob_message_set_subject (message, SUBJECT, &error));
  g_assert_no_error (error);
  ob_message_set_body (message, BODY);
  return g_steal_pointer (&message);
}

/* Writes @message the way the SMTP client does for BDAT, and checks what
 * every output must satisfy: CRLF line ends only, and no line longer than
 * SMTP allows. */
static GBytes *
write_message (ObMessage *message,
               gboolean   allow_8bit)
{
  GBytes *bytes = message_test_write_wire (OB_MESSAGE_SOURCE (message), allow_8bit);
  gsize len, line_start = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      {
        g_assert_true (i > 0 && data[i - 1] == '\r');
        g_assert_cmpuint (i - 1 - line_start, <=, 998);
        line_start = i + 1;
      }
    else if (data[i] == '\r')
      g_assert_true (i + 1 < len && data[i + 1] == '\n');

  /* The estimate is an upper bound, and close to the truth. */
  g_assert_cmpuint (ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (message)), >=, len);
  g_assert_cmpuint (ob_message_source_get_size_estimate (OB_MESSAGE_SOURCE (message)), <=,
                    len + len / 50 + 1024);
  return bytes;
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  return g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), needle) != NULL;
}

static char *
body_text (GMimeMessage *parsed)
{
  GMimeObject *body = g_mime_message_get_mime_part (parsed);
  g_autoptr(GBytes) content = NULL;

  if (GMIME_IS_MULTIPART (body))
    body = g_mime_multipart_get_part (GMIME_MULTIPART (body), 0);
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (body, "charset"), ==, "utf-8");
  content = message_test_decoded_content (body);
  return g_strndup (g_bytes_get_size (content) > 0 ? g_bytes_get_data (content, NULL) : "",
                    g_bytes_get_size (content));
}

static void
assert_body (GMimeMessage *parsed,
             const char   *expected)
{
  g_autofree char *text = body_text (parsed);
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  g_autofree char *unix_text = g_strjoinv ("\n", lines);

  g_assert_cmpstr (unix_text, ==, expected);
}

static const char *
body_encoding (GMimeMessage *parsed)
{
  GMimeObject *body = g_mime_message_get_mime_part (parsed);

  if (GMIME_IS_MULTIPART (body))
    body = g_mime_multipart_get_part (GMIME_MULTIPART (body), 0);
  return g_mime_object_get_header (body, "Content-Transfer-Encoding");
}

static void
test_headers (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GBytes) bytes = write_message (message, TRUE);
  g_autoptr(ObGMimeMessage) parsed = message_test_parse (bytes);
  InternetAddressList *list;
  InternetAddress *address;
  g_autofree char *expected_id = NULL;
  g_autoptr(GBytes) header = NULL;
  const char *header_end;
  g_autofree char *subject = ob_message_source_dup_subject (OB_MESSAGE_SOURCE (message));

  g_assert_cmpstr (g_mime_message_get_subject (parsed), ==, SUBJECT);
  g_assert_cmpstr (subject, ==, SUBJECT);
  /* RFC 2047 on the wire: the header block itself is ASCII. */
  header_end = g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             "\r\n\r\n");
  g_assert_nonnull (header_end);
  header = g_bytes_new_from_bytes (bytes, 0, header_end - (const char *) g_bytes_get_data (bytes,
                                                                                          NULL));
  g_assert_false (message_test_bytes_have_8bit (header));

  list = g_mime_message_get_from (parsed);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  address = internet_address_list_get_address (list, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, FROM_NAME);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   "joerg@example.com");

  list = g_mime_message_get_to (parsed);
  g_assert_cmpint (internet_address_list_length (list), ==, 2);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==,
                   "Ada Lovelace");
  list = g_mime_message_get_cc (parsed);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==,
                   "Čapek, Karel");
  list = g_mime_message_get_reply_to (parsed);
  g_assert_cmpint (internet_address_list_length (list), ==, 1);

  /* Bcc recipients are nowhere in the message. */
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_bcc (parsed)), ==, 0);
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (parsed), "Bcc"));
  g_assert_false (bytes_contain (bytes, "hidden@example.net"));
  g_assert_false (bytes_contain (bytes, "Secret"));

  g_assert_nonnull (g_mime_message_get_date (parsed));
  g_assert_nonnull (g_mime_object_get_header (GMIME_OBJECT (parsed), "Date"));
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (parsed), "MIME-Version"), ==, "1.0");
  g_assert_cmpstr (g_mime_message_get_message_id (parsed), ==,
                   ob_message_get_message_id (message));
  expected_id = g_strdup_printf ("<%s>", ob_message_get_message_id (message));
  g_assert_true (bytes_contain (bytes, expected_id));
  g_assert_true (g_str_has_suffix (ob_message_get_message_id (message), "@example.com"));

  assert_body (parsed, BODY);
  g_assert_cmpstr (body_encoding (parsed), ==, "8bit");
  g_assert_true (ob_message_source_has_8bit_content (OB_MESSAGE_SOURCE (message)));
  g_assert_false (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
}

static void
test_message_id_stable (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(ObMessage) other = make_message ();
  g_autoptr(GBytes) first = write_message (message, TRUE);
  g_autoptr(GBytes) second = write_message (message, FALSE);
  g_autoptr(ObGMimeMessage) first_parsed = message_test_parse (first);
  g_autoptr(ObGMimeMessage) second_parsed = message_test_parse (second);
  g_autofree char *id = g_strdup (ob_message_get_message_id (message));

  g_assert_cmpstr (g_mime_message_get_message_id (first_parsed), ==, id);
  g_assert_cmpstr (g_mime_message_get_message_id (second_parsed), ==, id);
  g_assert_cmpstr (ob_message_get_message_id (other), !=, id);
}

static void
test_message_id_idn (void)
{
  g_autoptr(ObMessage) message = ob_message_new ();

  g_assert_true (ob_message_set_from (message, NULL, "ada@bücher.de", NULL));
  g_assert_true (g_str_has_suffix (ob_message_get_message_id (message), "@xn--bcher-kva.de"));
  g_assert_true (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
}

static void
test_body_encodings (void)
{
  static const struct {
    const char *body;
    gboolean    allow_8bit;
    const char *encoding;
  } cases[] = {
    { "plain ASCII\n", TRUE, "7bit" },
    { "plain ASCII\n", FALSE, "7bit" },
    { "", FALSE, "7bit" },
    { "Grüße\n", TRUE, "8bit" },
    { "Grüße\n", FALSE, "quoted-printable" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObMessage) message = make_message ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ObGMimeMessage) parsed = NULL;

      g_test_message ("case %zu", i);
      ob_message_set_body (message, cases[i].body);
      bytes = write_message (message, cases[i].allow_8bit);
      parsed = message_test_parse (bytes);
      g_assert_cmpstr (body_encoding (parsed), ==, cases[i].encoding);
      assert_body (parsed, cases[i].body);
      g_assert_cmpint (message_test_bytes_have_8bit (bytes), ==,
                       g_str_equal (cases[i].encoding, "8bit"));
    }
}

static void
test_long_lines (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GString) body = g_string_new ("short\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ObGMimeMessage) parsed = NULL;

  for (int i = 0; i < 3000; i++)
    g_string_append_c (body, 'a' + i % 26);
  g_string_append (body, "\nend\n");
  ob_message_set_body (message, body->str);
  g_assert_false (ob_message_source_has_8bit_content (OB_MESSAGE_SOURCE (message)));

  /* write_message() checks that no line is over 998 octets. */
  bytes = write_message (message, TRUE);
  parsed = message_test_parse (bytes);
  g_assert_cmpstr (body_encoding (parsed), ==, "quoted-printable");
  assert_body (parsed, body->str);
}

static void
test_seven_bit (MessageFixture *fixture,
                gconstpointer   data)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ObGMimeMessage) parsed = NULL;
  guchar binary[1024];

  for (gsize i = 0; i < sizeof binary; i++)
    binary[i] = 255 - i % 256;
  file = message_fixture_make_file (fixture, "Überblick.bin", binary, sizeof binary);
  g_assert_true (ob_message_add_attachment (message, file, NULL));

  bytes = write_message (message, FALSE);
  g_assert_false (message_test_bytes_have_8bit (bytes));
  parsed = message_test_parse (bytes);
  g_assert_cmpstr (g_mime_message_get_subject (parsed), ==, SUBJECT);
  g_assert_cmpstr (body_encoding (parsed), ==, "quoted-printable");
  assert_body (parsed, BODY);
}

static void
test_dot_stuffing (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GOutputStream) base = g_memory_output_stream_new_resizable ();
  g_autoptr(ObSmtpDataStream) stream = ob_smtp_data_stream_new (base, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  ob_message_set_body (message, ".\nline\n..\n");
  g_assert_true (ob_message_source_write (OB_MESSAGE_SOURCE (message), G_OUTPUT_STREAM (stream),
                                          TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_data_stream_finish (stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (base, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (base));

  g_assert_true (bytes_contain (bytes, "\r\n\r\n..\r\nline\r\n...\r\n"));
  /* The one line that is a single dot is the last. */
  g_assert_true (g_str_has_suffix (g_bytes_get_data (bytes, NULL), "\r\n.\r\n"));
  g_assert_true (strstr (g_bytes_get_data (bytes, NULL), "\r\n.\r\n") ==
                 (const char *) g_bytes_get_data (bytes, NULL) + g_bytes_get_size (bytes) - 5);
}

static char *
mime_type_of (GMimeObject *object)
{
  return g_mime_content_type_get_mime_type (g_mime_object_get_content_type (object));
}

static GMimeObject *
attachment_part (GMimeMessage *parsed,
                 int           index)
{
  GMimeObject *body = g_mime_message_get_mime_part (parsed);
  g_autofree char *mime_type = mime_type_of (body);

  g_assert_cmpstr (mime_type, ==, "multipart/mixed");
  return g_mime_multipart_get_part (GMIME_MULTIPART (body), index + 1);
}

static const guchar png_header[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
  0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
};

static void
test_attachments (MessageFixture *fixture,
                  gconstpointer   data)
{
  static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n";
  static const char text[] = "line one\r\nline two\nno final newline";
  static const struct {
    const char *name;
    const char *mime_type;
  } expected[] = {
    { "binary.dat", "application/octet-stream" },
    { "Bericht über Bücher.pdf", "application/pdf" },
    { "picture.png", "image/png" },
    { "notes.txt", "text/plain" },
    { "empty", "application/octet-stream" },
  };
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ObGMimeMessage) parsed = NULL;
  GBytes *contents[G_N_ELEMENTS (expected)];
  guchar binary[256 * 40];

  for (gsize i = 0; i < sizeof binary; i++)
    binary[i] = (i * 7 + i / 256) % 256;
  contents[0] = g_bytes_new (binary, sizeof binary);
  contents[1] = g_bytes_new (pdf, sizeof pdf - 1);
  contents[2] = g_bytes_new (png_header, sizeof png_header);
  contents[3] = g_bytes_new (text, sizeof text - 1);
  contents[4] = g_bytes_new (NULL, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GFile) file = message_fixture_make_file (fixture, expected[i].name,
                                                         g_bytes_get_data (contents[i], NULL),
                                                         g_bytes_get_size (contents[i]));
      g_autoptr(GError) error = NULL;

      g_assert_true (ob_message_add_attachment (message, file, &error));
      g_assert_no_error (error);
    }

  bytes = write_message (message, TRUE);
  parsed = message_test_parse (bytes);
  /* Non-ASCII file names travel as RFC 2231 parameters. */
  g_assert_true (bytes_contain (bytes, "filename*="));
  assert_body (parsed, BODY);

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GMimeObject *part = attachment_part (parsed, i);
      g_autoptr(GBytes) decoded = message_test_decoded_content (part);
      GMimeContentDisposition *disposition = g_mime_object_get_content_disposition (part);
      g_autofree char *mime_type = mime_type_of (part);

      g_test_message ("attachment %zu", i);
      g_assert_cmpstr (mime_type, ==, expected[i].mime_type);
      g_assert_nonnull (disposition);
      g_assert_true (g_mime_content_disposition_is_attachment (disposition));
      g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (part)), ==, expected[i].name);
      g_assert_cmpstr (g_mime_object_get_header (part, "Content-Transfer-Encoding"), ==, "base64");
      g_assert_true (g_bytes_equal (decoded, contents[i]));
      g_bytes_unref (contents[i]);
    }
}

static void
test_sniffed_type (MessageFixture *fixture,
                   gconstpointer   data)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "scan", png_header,
                                                     sizeof png_header);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ObGMimeMessage) parsed = NULL;
  g_autofree char *mime_type = NULL;

  g_assert_true (ob_message_add_attachment (message, file, NULL));
  bytes = write_message (message, TRUE);
  parsed = message_test_parse (bytes);
  mime_type = mime_type_of (attachment_part (parsed, 0));
  g_assert_cmpstr (mime_type, ==, "image/png");
}

static void
test_size_estimate (MessageFixture *fixture,
                    gconstpointer   data)
{
  static const gsize sizes[] = { 0, 1, 2, 3, 4, 56, 57, 58, 100000 };
  g_autofree guchar *content = g_malloc0 (100000);

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ObMessage) message = make_message ();
      g_autoptr(GFile) file = message_fixture_make_file (fixture, "file.bin", content, sizes[i]);
      g_autoptr(GBytes) eight = NULL;
      g_autoptr(GBytes) seven = NULL;

      g_assert_true (ob_message_add_attachment (message, file, NULL));
      /* write_message() checks the estimate against what was written. */
      eight = write_message (message, TRUE);
      seven = write_message (message, FALSE);
    }
}

typedef enum {
  SET_FROM_NAME,
  SET_FROM_ADDRESS,
  ADD_TO_NAME,
  ADD_TO_ADDRESS,
  ADD_CC_NAME,
  ADD_CC_ADDRESS,
  ADD_BCC_NAME,
  ADD_BCC_ADDRESS,
  SET_REPLY_TO,
  SET_SUBJECT,
  N_SETTERS,
} Setter;

static gboolean
call_setter (ObMessage   *message,
             Setter       setter,
             const char  *value,
             GError     **error)
{
  switch (setter)
    {
    case SET_FROM_NAME:
      return ob_message_set_from (message, value, "a@example.com", error);
    case SET_FROM_ADDRESS:
      return ob_message_set_from (message, "A", value, error);
    case ADD_TO_NAME:
      return ob_message_add_to (message, value, "a@example.com", error);
    case ADD_TO_ADDRESS:
      return ob_message_add_to (message, "A", value, error);
    case ADD_CC_NAME:
      return ob_message_add_cc (message, value, "a@example.com", error);
    case ADD_CC_ADDRESS:
      return ob_message_add_cc (message, "A", value, error);
    case ADD_BCC_NAME:
      return ob_message_add_bcc (message, value, "a@example.com", error);
    case ADD_BCC_ADDRESS:
      return ob_message_add_bcc (message, "A", value, error);
    case SET_REPLY_TO:
      return ob_message_set_reply_to (message, value, error);
    case SET_SUBJECT:
      return ob_message_set_subject (message, value, error);
    default:
      g_assert_not_reached ();
    }
}

static const char * const field_names[N_SETTERS] = {
  "From", "From", "To", "To", "Cc", "Cc", "Bcc", "Bcc", "Reply-To", "subject",
};

/* Every way of getting a line break or control character into a header is
 * refused, with the field named, and leaves the message as it was. */
static void
test_injection (void)
{
  static const char * const attacks[] = {
    "x@example.com\r\nBcc: eve@evil.test",
    "x@example.com\nBcc: eve@evil.test",
    "x@example.com\rBcc: eve@evil.test",
    "x@example.com\r\n\r\nforged body",
    "x@example.com\x0b",
    "x@example.com\x7f",
    "x@example.com\xc2\x85",
    "x@example.com\t",
  };

  for (int setter = 0; setter < N_SETTERS; setter++)
    for (gsize i = 0; i < G_N_ELEMENTS (attacks); i++)
      {
        g_autoptr(ObMessage) message = make_message ();
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(ObEnvelope) envelope = NULL;

        g_test_message ("setter %d, attack %zu", setter, i);
        g_assert_false (call_setter (message, setter, attacks[i], &error));
        g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
        g_assert_nonnull (strstr (error->message, field_names[setter]));
        g_assert_null (strchr (error->message, '\r'));
        g_assert_null (strchr (error->message, '\n'));

        bytes = write_message (message, TRUE);
        g_assert_false (bytes_contain (bytes, "evil"));
        g_assert_false (bytes_contain (bytes, "forged"));
        envelope = ob_message_make_envelope (message);
        g_assert_cmpstr (ob_envelope_get_sender (envelope), ==, "joerg@example.com");
      }
}

static void
test_envelope (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(ObEnvelope) envelope = NULL;
  const char * const *recipients;

  g_assert_true (ob_message_add_cc (message, NULL, "ada@EXAMPLE.org", NULL));
  g_assert_true (ob_message_add_bcc (message, NULL, "bob@Example.Org", NULL));
  g_assert_true (ob_message_add_bcc (message, NULL, "Bob@example.org", NULL));
  envelope = ob_message_make_envelope (message);

  g_assert_cmpstr (ob_envelope_get_sender (envelope), ==, "joerg@example.com");
  recipients = ob_envelope_get_recipients (envelope);
  g_assert_cmpstr (recipients[0], ==, "ada@example.org");
  g_assert_cmpstr (recipients[1], ==, "bob@example.org");
  g_assert_cmpstr (recipients[2], ==, "karel@example.cz");
  g_assert_cmpstr (recipients[3], ==, "hidden@example.net");
  g_assert_cmpstr (recipients[4], ==, "Bob@example.org");
  g_assert_null (recipients[5]);
  g_assert_true (ob_envelope_validate (envelope, NULL));
}

static void
test_add_attachment_errors (MessageFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.pdf", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autofree char *fifo_path = g_build_filename (fixture->dir, "queue", NULL);
  g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_false (ob_message_add_attachment (message, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.pdf"));
  g_clear_error (&error);

  g_assert_false (ob_message_add_attachment (message, folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  /* A pipe is refused without waiting for a writer. */
  g_assert_cmpint (mkfifo (fifo_path, 0600), ==, 0);
  g_assert_false (ob_message_add_attachment (message, fifo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "queue"));
  g_clear_error (&error);

  /* Nothing was added. */
  bytes = write_message (message, TRUE);
  g_assert_false (bytes_contain (bytes, "Content-Disposition"));
}

static void
test_unreadable_at_write (MessageFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "report.pdf", "%PDF-1.4\n", 9);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_add_attachment (message, file, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "report.pdf"));
}

static void
test_permission_denied (MessageFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GFile) file = message_fixture_make_file (fixture, "secret.txt", "x", 1);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("file permissions do not apply to root");
      return;
    }

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  g_assert_false (ob_message_add_attachment (message, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "secret.txt"));
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (ob_message_add_attachment (message, file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

static void
test_no_sender (void)
{
  g_autoptr(ObMessage) message = ob_message_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_add_to (message, NULL, "ada@example.org", NULL));
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, TRUE, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
}

static void
test_utf8_address_needs_8bit (void)
{
  g_autoptr(ObMessage) message = make_message ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_message_add_cc (message, NULL, "jörg@example.de", NULL));
  g_assert_true (ob_message_source_needs_smtputf8 (OB_MESSAGE_SOURCE (message)));
  g_assert_false (ob_message_source_write (OB_MESSAGE_SOURCE (message), out, FALSE, NULL,
                                           &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_ENCODING);
}

static void
test_cancelled (void)
{
  g_autoptr(ObMessage) message = make_message ();

  message_test_assert_write_cancelled (OB_MESSAGE_SOURCE (message));
}

int
main (int argc, char *argv[])
{
  /* Guessing attachment types needs the system's MIME database, which
   * the isolated directories would hide. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/message/headers", test_headers);
  g_test_add_func ("/ob/message/message-id-stable", test_message_id_stable);
  g_test_add_func ("/ob/message/message-id-idn", test_message_id_idn);
  g_test_add_func ("/ob/message/body-encodings", test_body_encodings);
  g_test_add_func ("/ob/message/long-lines", test_long_lines);
  g_test_add ("/ob/message/seven-bit", MessageFixture, NULL,
              message_fixture_set_up, test_seven_bit, message_fixture_tear_down);
  g_test_add_func ("/ob/message/dot-stuffing", test_dot_stuffing);
  g_test_add ("/ob/message/attachments", MessageFixture, NULL,
              message_fixture_set_up, test_attachments, message_fixture_tear_down);
  g_test_add ("/ob/message/sniffed-type", MessageFixture, NULL,
              message_fixture_set_up, test_sniffed_type, message_fixture_tear_down);
  g_test_add ("/ob/message/size-estimate", MessageFixture, NULL,
              message_fixture_set_up, test_size_estimate, message_fixture_tear_down);
  g_test_add_func ("/ob/message/injection", test_injection);
  g_test_add_func ("/ob/message/envelope", test_envelope);
  g_test_add ("/ob/message/add-attachment-errors", MessageFixture, NULL,
              message_fixture_set_up, test_add_attachment_errors, message_fixture_tear_down);
  g_test_add ("/ob/message/unreadable-at-write", MessageFixture, NULL,
              message_fixture_set_up, test_unreadable_at_write, message_fixture_tear_down);
  g_test_add ("/ob/message/permission-denied", MessageFixture, NULL,
              message_fixture_set_up, test_permission_denied, message_fixture_tear_down);
  g_test_add_func ("/ob/message/no-sender", test_no_sender);
  g_test_add_func ("/ob/message/utf8-address-needs-8bit", test_utf8_address_needs_8bit);
  g_test_add_func ("/ob/message/cancelled", test_cancelled);

  return g_test_run ();
}
