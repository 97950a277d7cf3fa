/* test-cli-send.c — outbound send, sendmail and send-eml against aiosmtpd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>
#include <glib/gstdio.h>

#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-cli.h"

#define USER     "ada"
#define PASSWORD "cli-t3st-pw"

typedef struct
{
  ObTestAiosmtpd *server;
  char           *dir;
  char           *password_file;
  char           *server_arg;
  const char     *ca_file;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->ca_file = ob_test_certs_get_ca_file (certs);
  f->server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH,
                                      USER, PASSWORD, &error);
  g_assert_no_error (error);
  f->server_arg = g_strdup_printf ("127.0.0.1:%u", ob_test_aiosmtpd_get_port (f->server));
  f->dir = g_dir_make_tmp ("outbound-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->password_file = g_build_filename (f->dir, "password", NULL);
  g_assert_true (g_file_set_contents_full (f->password_file, PASSWORD "\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  ob_test_aiosmtpd_stop (f->server);
  g_clear_object (&f->server);
  g_free (f->dir);
  g_free (f->password_file);
  g_free (f->server_arg);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  return path;
}

static GPtrArray *
received (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *messages = ob_test_aiosmtpd_get_messages (f->server, &error);

  g_assert_no_error (error);
  return messages;
}

static char *
message_text (ObTestAiosmtpdMessage *m)
{
  return g_strndup (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data));
}

static void
test_send_with_attachment (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *attachment = write_file (f, "report.txt", "quarterly figures\n");
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *text = NULL;
  g_autofree char *b64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));
  const char *args[] = { "send", "--server", f->server_arg, "--ca-file", f->ca_file,
                         "--user", USER, "--password-file", f->password_file,
                         "--from", "Ada <ada@example.com>", "--to", "bob@example.org",
                         "--bcc", "hidden@example.net", "--subject", "Grüße",
                         "--attach", attachment, "--transcript", "--json", NULL };
  ObTestAiosmtpdMessage *m;

  ob_test_cli_run (&run, "Hello Bob.\n", NULL, args);
  g_test_message ("stderr: %s", run.err);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_true (g_str_has_prefix (run.out, "{\"messages\":[{\"sent\":true,"));
  g_assert_nonnull (strstr (run.out, "\"accepted\":[\"bob@example.org\",\"hidden@example.net\"]"));

  /* The live transcript shows the login, never the password. */
  g_assert_nonnull (strstr (run.err, "AUTH PLAIN ********"));
  g_assert_null (strstr (run.err, PASSWORD));
  g_assert_null (strstr (run.err, b64));
  g_assert_null (strstr (run.out, PASSWORD));

  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 1);
  m = g_ptr_array_index (messages, 0);
  text = message_text (m);
  g_assert_nonnull (strstr (text, "Subject: =?UTF-8?"));
  g_assert_nonnull (strstr (text, "filename=report.txt"));
  g_assert_null (strstr (text, "hidden@example.net"));
  g_assert_cmpstr (m->login, ==, USER);
}

static void
test_sendmail_reads_recipients (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *text = NULL;
  const char *args[] = { "sendmail", "--server", f->server_arg, "--ca-file", f->ca_file,
                         "--user", USER, "--password-file", f->password_file, "-t", NULL };
  const char *input = "From: ada@example.com\n"
                      "To: bob@example.org\n"
                      "Cc: Carol <carol@example.org>\n"
                      "Bcc: dave@example.org,\n"
                      " eve@example.org\n"
                      "Subject: patch\n"
                      "\n"
                      "body line\n"
                      ".\n"
                      "after the dot\n";
  ObTestAiosmtpdMessage *m;

  ob_test_cli_run (&run, input, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);

  messages = received (f);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (m->mail_from, ==, "ada@example.com");
  g_assert_cmpuint (g_strv_length (m->rcpt_to), ==, 4);
  g_assert_true (g_strv_contains ((const char * const *) m->rcpt_to, "eve@example.org"));
  text = message_text (m);
  /* Bcc, folded line included, is gone; without -i a lone dot ends input. */
  g_assert_null (strstr (text, "Bcc"));
  g_assert_null (strstr (text, "eve@example.org"));
  g_assert_nonnull (strstr (text, "body line"));
  g_assert_null (strstr (text, "after the dot"));
}

static void
test_sendmail_keep_dots (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *text = NULL;
  const char *args[] = { "sendmail", "--server", f->server_arg, "--ca-file", f->ca_file,
                         "--user", USER, "--password-file", f->password_file, "-oi",
                         "-f", "ada@example.com", "bob@example.org", NULL };

  ob_test_cli_run (&run, "Subject: dots\n\n.\n..\nend\n", NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  messages = received (f);
  text = message_text (g_ptr_array_index (messages, 0));
  g_assert_nonnull (strstr (text, "\r\n.\r\n..\r\nend"));
}

static void
test_send_eml_one_connection (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *one = write_file (f, "one.eml", "From: ada@example.com\nTo: bob@example.org\n"
                                                   "Subject: one\n\nfirst\n");
  g_autofree char *two = write_file (f, "two.eml", "From: ada@example.com\nTo: carol@example.org\n"
                                                   "Subject: two\n\nsecond\n");
  g_autoptr(GPtrArray) messages = NULL;
  const char *args[] = { "send-eml", "--server", f->server_arg, "--ca-file", f->ca_file,
                         "--user", USER, "--password-file", f->password_file, one, two, NULL };

  ob_test_cli_run (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "Message 2: Sent to carol@example.org"));
  messages = received (f);
  g_assert_cmpuint (messages->len, ==, 2);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *wrong = write_file (f, "wrong", "not-it\n");
  const char *args[] = { "send", "--server", f->server_arg, "--ca-file", f->ca_file,
                         "--user", USER, "--password-file", wrong,
                         "--from", "ada@example.com", "--to", "bob@example.org", NULL };

  ob_test_cli_run (&run, "text\n", NULL, args);
  g_assert_cmpint (run.status, ==, EX_NOPERM);
  g_assert_nonnull (strstr (run.out, "Not sent."));
  /* The diagnosis is printed with it, the server's words included. */
  g_assert_cmpuint (strlen (run.out), >, 80);
  g_assert_null (strstr (run.out, "not-it"));
}

static void
test_wrong_ca (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "send", "--server", f->server_arg,
                         "--user", USER, "--password-file", f->password_file,
                         "--from", "ada@example.com", "--to", "bob@example.org", "--json", NULL };

  ob_test_cli_run (&run, "text\n", NULL, args);
  g_assert_cmpint (run.status, ==, EX_CONFIG);
  g_assert_nonnull (strstr (run.out, "\"kind\":\"certificate\""));
}

static void
test_usage_errors (void)
{
  static const struct { const char *args[10]; int status; const char *says; } cases[] = {
    { { "send", "--to", "bob@example.org", NULL }, EX_USAGE, "--from" },
    { { "send", "--from", "a@example.com", "--to", "b@example.org", NULL }, EX_USAGE, "--server" },
    { { "send", "--server", "localhost", "--user", "ada", "--from", "a@example.com", NULL },
      EX_USAGE, "--to" },
    { { "send", "--server", "bad host:0", "--from", "a@example.com", "--to", "b@example.org", NULL },
      EX_USAGE, "bad host:0" },
    { { "send", "--server", "localhost", "--from", "a@example.com", "--to", "b@example.org\r\nRCPT TO:<x@evil.example>", NULL },
      EX_DATAERR, "line breaks" },
    { { "send", "--server", "localhost", "--security", "ssl", "--from", "a@example.com", "--to", "b@example.org" },
      EX_USAGE, "ssl" },
    { { "sendmail", "--server", "localhost", NULL }, EX_DATAERR, "-f" },
    { { "sendmail", "--server", "localhost", "-f", "a@example.com", NULL }, EX_DATAERR, "recipients" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ObTestCliRun) run = { 0 };

      g_test_message ("case %zu", i);
      ob_test_cli_run (&run, "Subject: x\n\nbody\n", NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].says));
    }
}

static void
test_connection_refused (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *server = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  server = g_strdup_printf ("127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  {
    const char *args[] = { "send", "--server", server, "--from", "a@example.com",
                           "--to", "b@example.org", NULL };

    ob_test_cli_run (&run, "body\n", NULL, args);
  }
  g_assert_cmpint (run.status, ==, EX_UNAVAILABLE);
  g_assert_nonnull (strstr (run.out, "Not sent."));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/cli-send/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("send-with-attachment", test_send_with_attachment);
  ADD ("sendmail-reads-recipients", test_sendmail_reads_recipients);
  ADD ("sendmail-keep-dots", test_sendmail_keep_dots);
  ADD ("send-eml-one-connection", test_send_eml_one_connection);
  ADD ("wrong-password", test_wrong_password);
  ADD ("wrong-ca", test_wrong_ca);
#undef ADD
  g_test_add_func ("/ob/cli-send/usage-errors", test_usage_errors);
  g_test_add_func ("/ob/cli-send/connection-refused", test_connection_refused);

  return g_test_run ();
}
