/* test-smtp-aiosmtpd.c — the SMTP client against a real SMTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * aiosmtpd (Debian's python3-aiosmtpd) runs in a child process with a
 * certificate from a test CA made at test time; certificate checks stay on.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>

#include "ob-envelope.h"
#include "ob-fake-resolver.h"
#include "ob-message.h"
#include "ob-send-result.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"
#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-transcript.h"

#define USER      "ada"
#define PASSWORD  "c0rrect-h0rse"
#define SUBJECT   "Grüße aus Köln — ✓ 日本"
#define BODY      "Liebe Grüße,\nein Text mit Umlauten: äöü ß, und € — 日本語.\n.a line with a dot\n"
#define BIG_SIZE  (5 * 1024 * 1024)

typedef struct
{
  char  *dir;
  GFile *binary;
  GFile *text;
  GBytes *binary_bytes;
} Files;

static void
files_clear (Files *files)
{
  if (files->binary != NULL)
    g_file_delete (files->binary, NULL, NULL);
  if (files->text != NULL)
    g_file_delete (files->text, NULL, NULL);
  if (files->dir != NULL)
    g_rmdir (files->dir);
  g_clear_object (&files->binary);
  g_clear_object (&files->text);
  g_clear_pointer (&files->binary_bytes, g_bytes_unref);
  g_clear_pointer (&files->dir, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Files, files_clear)

static void
make_attachments (Files *files)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *binary_path = NULL;
  g_autofree char *text_path = NULL;
  guint8 *data = g_malloc (BIG_SIZE);
  GRand *rand = g_rand_new_with_seed (20261123);

  for (gsize i = 0; i < BIG_SIZE; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_rand_free (rand);
  files->binary_bytes = g_bytes_new_take (data, BIG_SIZE);

  files->dir = g_dir_make_tmp ("outbound-aiosmtpd-XXXXXX", &error);
  g_assert_no_error (error);
  binary_path = g_build_filename (files->dir, "données.bin", NULL);
  text_path = g_build_filename (files->dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (binary_path, (const char *) data, BIG_SIZE, &error));
  g_assert_true (g_file_set_contents (text_path, "plain notes\n", -1, &error));
  files->binary = g_file_new_for_path (binary_path);
  files->text = g_file_new_for_path (text_path);
}

static ObSmtpClient *
client_for (ObTestAiosmtpd *server,
            ObSecurity      security,
            const char     *password)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);
  ObSmtpClient *client;

  g_assert_no_error (error);
  client = ob_smtp_client_new ("127.0.0.1", ob_test_aiosmtpd_get_port (server), security);
  ob_smtp_client_set_timeout (client, 20);
  ob_smtp_client_set_ca_file (client, ob_test_certs_get_ca_file (certs));
  ob_smtp_client_set_credentials (client, USER, password, FALSE);
  return client;
}

static GBytes *
part_content (GMimePart *part)
{
  GMimeDataWrapper *wrapper = g_mime_part_get_content (part);
  GMimeStream *stream = g_mime_stream_mem_new ();
  GByteArray *array;
  GBytes *bytes;

  g_mime_data_wrapper_write_to_stream (wrapper, stream);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  bytes = g_bytes_new (array->data, array->len);
  g_object_unref (stream);
  return bytes;
}

/* Parses what the server received and checks every part decodes to what
 * was sent. */
static void
check_received (ObTestAiosmtpdMessage *received,
                Files                 *files)
{
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (received->data, NULL),
                                                          g_bytes_get_size (received->data));
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);
  GMimeMultipart *mixed;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) binary = NULL;
  GMimeObject *text_part;

  g_assert_nonnull (message);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, SUBJECT);
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Bcc"));
  g_assert_nonnull (g_mime_message_get_message_id (message));
  g_assert_nonnull (g_mime_object_get_header (GMIME_OBJECT (message), "Date"));

  mixed = GMIME_MULTIPART (g_mime_message_get_mime_part (message));
  g_assert_true (GMIME_IS_MULTIPART (mixed));
  g_assert_cmpint (g_mime_multipart_get_count (mixed), ==, 3);

  text_part = g_mime_multipart_get_part (mixed, 0);
  body = g_mime_text_part_get_text (GMIME_TEXT_PART (text_part));
  {
    g_autofree char *normal = NULL;
    g_auto(GStrv) lines = g_strsplit (body, "\r\n", -1);

    normal = g_strjoinv ("\n", lines);
    g_assert_cmpstr (normal, ==, BODY);
  }

  binary = part_content (GMIME_PART (g_mime_multipart_get_part (mixed, 1)));
  g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (g_mime_multipart_get_part (mixed, 1))),
                   ==, "données.bin");
  g_assert_true (g_bytes_equal (binary, files->binary_bytes));

  g_object_unref (message);
  g_object_unref (parser);
  g_object_unref (stream);
}

static void
send_full_message (ObTestAiosmtpdFlags flags,
                   ObSecurity          security,
                   const char         *mechanism)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestAiosmtpd) server = ob_test_aiosmtpd_start (flags, USER, PASSWORD, &error);
  g_autoptr(ObSmtpClient) client = NULL;
  g_autoptr(ObMessage) message = ob_message_new ();
  g_autoptr(ObEnvelope) envelope = NULL;
  g_autoptr(ObSendResult) result = NULL;
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  g_autoptr(GPtrArray) received = NULL;
  g_autofree char *log = NULL;
  g_auto(Files) files = { 0 };

  g_assert_no_error (error);
  make_attachments (&files);

  g_assert_true (ob_message_set_from (message, "Ada Lövelace", "ada@example.com", &error));
  g_assert_true (ob_message_add_to (message, "Bob", "bob@example.org", &error));
  g_assert_true (ob_message_add_bcc (message, NULL, "hidden@example.net", &error));
  g_assert_true (ob_message_set_subject (message, SUBJECT, &error));
  ob_message_set_body (message, BODY);
  g_assert_true (ob_message_add_attachment (message, files.binary, &error));
  g_assert_true (ob_message_add_attachment (message, files.text, &error));
  envelope = ob_message_make_envelope (message);

  client = client_for (server, security, PASSWORD);
  ob_smtp_client_set_transcript (client, transcript);
  ob_smtp_client_set_auth_mechanism (client, mechanism);
  g_assert_true (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_smtp_client_is_encrypted (client));
  g_assert_true (ob_smtp_client_login_sync (client, NULL, &error));
  g_assert_no_error (error);
  result = ob_smtp_client_send_sync (client, envelope, OB_MESSAGE_SOURCE (message), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ob_send_result_is_sent (result));
  g_assert_true (ob_smtp_client_quit_sync (client, NULL, &error));

  received = ob_test_aiosmtpd_get_messages (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received->len, ==, 1);
  {
    ObTestAiosmtpdMessage *m = g_ptr_array_index (received, 0);

    g_assert_cmpstr (m->mail_from, ==, "ada@example.com");
    g_assert_true (g_strv_contains ((const char * const *) m->rcpt_to, "bob@example.org"));
    g_assert_true (g_strv_contains ((const char * const *) m->rcpt_to, "hidden@example.net"));
    g_assert_cmpstr (m->login, ==, USER);
    g_assert_true (m->tls);
    check_received (m, &files);
  }

  ob_transcript_flush (transcript);
  log = ob_transcript_to_text (transcript);
  g_assert_null (strstr (log, PASSWORD));
  ob_test_aiosmtpd_stop (server);
}

static void
test_aiosmtpd_starttls_plain (void)
{
  send_full_message (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH, OB_SECURITY_STARTTLS,
                     "PLAIN");
}

static void
test_aiosmtpd_implicit_tls_login (void)
{
  send_full_message (OB_TEST_AIOSMTPD_IMPLICIT_TLS | OB_TEST_AIOSMTPD_AUTH, OB_SECURITY_TLS,
                     "LOGIN");
}

static void
test_aiosmtpd_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestAiosmtpd) server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS |
                                                             OB_TEST_AIOSMTPD_AUTH,
                                                             USER, PASSWORD, &error);
  g_autoptr(ObSmtpClient) client = NULL;

  g_assert_no_error (error);
  client = client_for (server, OB_SECURITY_STARTTLS, "not-the-password");
  g_assert_true (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_false (ob_smtp_client_login_sync (client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED);
  ob_test_aiosmtpd_stop (server);
}

static void
test_aiosmtpd_wrong_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestAiosmtpd) server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_IMPLICIT_TLS,
                                                             NULL, NULL, &error);
  g_autoptr(ObSmtpClient) client = NULL;

  g_assert_no_error (error);
  client = client_for (server, OB_SECURITY_TLS, PASSWORD);
  /* The system's authorities never signed the test CA's certificates. */
  ob_smtp_client_set_ca_file (client, NULL);
  g_assert_false (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
  g_assert_true (ob_smtp_error_get_certificate_flags (error) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  ob_test_aiosmtpd_stop (server);
}

static void
test_aiosmtpd_wrong_host_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestAiosmtpd) server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_IMPLICIT_TLS,
                                                             NULL, NULL, &error);
  g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  g_autoptr(ObSmtpClient) client = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  /* A name that leads to the server, but not the name on its certificate. */
  ob_fake_resolver_add_address (resolver, "smtp.elsewhere.test", "127.0.0.1");
  g_resolver_set_default (G_RESOLVER (resolver));

  client = ob_smtp_client_new ("smtp.elsewhere.test", ob_test_aiosmtpd_get_port (server),
                               OB_SECURITY_TLS);
  ob_smtp_client_set_timeout (client, 20);
  ob_smtp_client_set_ca_file (client, ob_test_certs_get_ca_file (certs));
  g_assert_false (ob_smtp_client_connect_sync (client, NULL, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE);
  g_assert_true (ob_smtp_error_get_certificate_flags (error) & G_TLS_CERTIFICATE_BAD_IDENTITY);

  g_resolver_set_default (previous);
  ob_test_aiosmtpd_stop (server);
}

int
main (int argc, char *argv[])
{
  /* Content types are guessed from the system's MIME database, which
   * isolated directories would hide. */
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_mime_init ();

  g_test_add_func ("/ob/smtp-aiosmtpd/starttls-plain", test_aiosmtpd_starttls_plain);
  g_test_add_func ("/ob/smtp-aiosmtpd/implicit-tls-login", test_aiosmtpd_implicit_tls_login);
  g_test_add_func ("/ob/smtp-aiosmtpd/wrong-password", test_aiosmtpd_wrong_password);
  g_test_add_func ("/ob/smtp-aiosmtpd/wrong-ca", test_aiosmtpd_wrong_ca);
  g_test_add_func ("/ob/smtp-aiosmtpd/wrong-host-name", test_aiosmtpd_wrong_host_name);

  return g_test_run ();
}
