/* ob-test-aiosmtpd.c — a real SMTP server (aiosmtpd) in a child process
 *
 * Starts tests/support/aiosmtpd-server.py with Debian's Python, reads the
 * port it reports, and reads back the messages it saved. The child exits
 * when its standard input closes, so even a test that crashes cannot leave
 * it running; ob_test_aiosmtpd_stop() closes that pipe and reaps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-util.h"

/* Python and aiosmtpd take a few hundred milliseconds to start. */
#define START_TIMEOUT_MS 30000
#define STOP_TIMEOUT_MS  10000

struct _ObTestAiosmtpd
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *output;
  char             *out_dir;
  char             *tls_dir;
  guint16           port;
};

G_DEFINE_FINAL_TYPE (ObTestAiosmtpd, ob_test_aiosmtpd, G_TYPE_OBJECT)

void
ob_test_aiosmtpd_message_free (ObTestAiosmtpdMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->data, g_bytes_unref);
  g_free (message->mail_from);
  g_strfreev (message->mail_options);
  g_strfreev (message->rcpt_to);
  g_free (message->login);
  g_free (message);
}

static void
ob_test_aiosmtpd_dispose (GObject *object)
{
  ob_test_aiosmtpd_stop (OB_TEST_AIOSMTPD (object));

  G_OBJECT_CLASS (ob_test_aiosmtpd_parent_class)->dispose (object);
}

static void
ob_test_aiosmtpd_class_init (ObTestAiosmtpdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ob_test_aiosmtpd_dispose;
}

static void
ob_test_aiosmtpd_init (ObTestAiosmtpd *self)
{
}

/* Writes a certificate the test CA issues for @host, with its key, where
 * aiosmtpd can read them. */
static gboolean
write_host_certificate (const char  *host,
                        const char  *dir,
                        char       **cert_file,
                        char       **key_file,
                        GError     **error)
{
  const char * const names[] = { host, NULL };
  ObTestCerts *certs = ob_test_certs_get (error);
  GTlsCertificate *certificate;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;

  if (certs == NULL || (certificate = ob_test_certs_issue (certs, names, error)) == NULL)
    return FALSE;
  g_object_get (certificate, "certificate-pem", &cert_pem, "private-key-pem", &key_pem, NULL);
  *cert_file = g_build_filename (dir, "server.crt", NULL);
  *key_file = g_build_filename (dir, "server.key", NULL);
  return g_file_set_contents (*cert_file, cert_pem, -1, error) &&
         g_file_set_contents_full (*key_file, key_pem, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static GPtrArray *
build_argv (ObTestAiosmtpdFlags flags,
            const char         *host,
            const char         *out_dir,
            const char         *tls_dir,
            GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (OB_PYTHON));
  g_ptr_array_add (argv, g_strdup (OB_AIOSMTPD_SCRIPT));
  g_ptr_array_add (argv, g_strdup ("--out-dir"));
  g_ptr_array_add (argv, g_strdup (out_dir));

  if (flags & (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_IMPLICIT_TLS))
    {
      ObTestCerts *certs = ob_test_certs_get (error);
      g_autofree char *cert_file = NULL;
      g_autofree char *key_file = NULL;

      if (certs == NULL)
        return NULL;
      if (host != NULL &&
          !write_host_certificate (host, tls_dir, &cert_file, &key_file, error))
        return NULL;
      g_ptr_array_add (argv, g_strdup (flags & OB_TEST_AIOSMTPD_STARTTLS ? "--starttls"
                                                                          : "--tls"));
      g_ptr_array_add (argv, g_strdup ("--cert"));
      g_ptr_array_add (argv, host ? g_steal_pointer (&cert_file)
                                  : g_strdup (ob_test_certs_get_cert_file (certs,
                                                                           OB_TEST_CERT_LOCALHOST)));
      g_ptr_array_add (argv, g_strdup ("--key"));
      g_ptr_array_add (argv, host ? g_steal_pointer (&key_file)
                                  : g_strdup (ob_test_certs_get_key_file (certs,
                                                                          OB_TEST_CERT_LOCALHOST)));
    }
  if (flags & OB_TEST_AIOSMTPD_AUTH)
    g_ptr_array_add (argv, g_strdup ("--auth"));

  g_ptr_array_add (argv, NULL);
  return g_steal_pointer (&argv);
}

static gboolean
read_port (ObTestAiosmtpd *self,
           GError        **error)
{
  g_autofree char *line = ob_test_read_line (self->output, START_TIMEOUT_MS, error);
  guint64 port;

  if (line == NULL)
    {
      g_prefix_error (error, "aiosmtpd did not report its port: ");
      return FALSE;
    }
  if (!g_str_has_prefix (line, "PORT ") ||
      !g_ascii_string_to_unsigned (line + 5, 10, 1, G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "aiosmtpd printed “%s” instead of its port", line);
      return FALSE;
    }
  self->port = port;
  return TRUE;
}

/**
 * ob_test_aiosmtpd_start:
 * @flags: what the server offers and requires
 * @user: (nullable): with %OB_TEST_AIOSMTPD_AUTH, the one user accepted
 * @password: (nullable): and that user's password, handed to the server in
 *   its environment, never on its command line
 *
 * Starts aiosmtpd on 127.0.0.1 and waits until it listens.
 *
 * Returns: (transfer full): the running server, or %NULL
 */
ObTestAiosmtpd *
ob_test_aiosmtpd_start (ObTestAiosmtpdFlags flags,
                        const char         *user,
                        const char         *password,
                        GError            **error)
{
  return ob_test_aiosmtpd_start_for_host (flags, NULL, user, password, error);
}

/**
 * ob_test_aiosmtpd_start_for_host:
 * @host: (nullable): the made-up name clients reach the server by, such as
 *   smtp.example.test (a fake resolver maps it to 127.0.0.1); the TLS modes
 *   present a certificate the test CA issued for it. %NULL for localhost.
 *
 * Like ob_test_aiosmtpd_start(), for a server that must pass a client's
 * host-name check under a name of the test's choosing.
 *
 * Returns: (transfer full): the running server, or %NULL
 */
ObTestAiosmtpd *
ob_test_aiosmtpd_start_for_host (ObTestAiosmtpdFlags flags,
                                 const char         *host,
                                 const char         *user,
                                 const char         *password,
                                 GError            **error)
{
  g_autoptr(ObTestAiosmtpd) self = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;

  g_return_val_if_fail (!(flags & OB_TEST_AIOSMTPD_STARTTLS) ||
                        !(flags & OB_TEST_AIOSMTPD_IMPLICIT_TLS), NULL);
  g_return_val_if_fail (!(flags & OB_TEST_AIOSMTPD_AUTH) || (user != NULL && password != NULL),
                        NULL);

  self = g_object_new (OB_TYPE_TEST_AIOSMTPD, NULL);
  self->out_dir = g_dir_make_tmp ("outbound-aiosmtpd-XXXXXX", error);
  if (self->out_dir == NULL)
    return NULL;

  /* Apart from the messages, which are read back by listing out_dir. */
  self->tls_dir = g_dir_make_tmp ("outbound-aiosmtpd-tls-XXXXXX", error);
  if (self->tls_dir == NULL)
    return NULL;
  argv = build_argv (flags, host, self->out_dir, self->tls_dir, error);
  if (argv == NULL)
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  if (flags & OB_TEST_AIOSMTPD_AUTH)
    {
      g_subprocess_launcher_setenv (launcher, "OB_AIOSMTPD_USER", user, TRUE);
      g_subprocess_launcher_setenv (launcher, "OB_AIOSMTPD_PASSWORD", password, TRUE);
    }

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                error);
  if (self->process == NULL)
    return NULL;
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));

  if (!read_port (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint16
ob_test_aiosmtpd_get_port (ObTestAiosmtpd *self)
{
  g_return_val_if_fail (OB_IS_TEST_AIOSMTPD (self), 0);

  return self->port;
}

static void
replace_string (char      **field,
                const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
read_envelope (ObTestAiosmtpdMessage *message,
               const char            *path,
               GError               **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) options = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) recipients = g_strv_builder_new ();

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *space = strchr (line, ' ');
      g_autofree char *key = space != NULL ? g_strndup (line, space - line) : NULL;
      const char *value = space != NULL ? space + 1 : NULL;

      if (key == NULL)
        continue;
      if (strcmp (key, "mail_from") == 0)
        replace_string (&message->mail_from, value);
      else if (strcmp (key, "mail_option") == 0)
        g_strv_builder_add (options, value);
      else if (strcmp (key, "rcpt_to") == 0)
        g_strv_builder_add (recipients, value);
      else if (strcmp (key, "login") == 0)
        replace_string (&message->login, value);
      else if (strcmp (key, "tls") == 0)
        message->tls = strcmp (value, "yes") == 0;
    }

  message->mail_options = g_strv_builder_end (options);
  message->rcpt_to = g_strv_builder_end (recipients);
  return TRUE;
}

static ObTestAiosmtpdMessage *
read_message (const char *dir,
              const char *eml_name,
              GError    **error)
{
  g_autoptr(ObTestAiosmtpdMessage) message = g_new0 (ObTestAiosmtpdMessage, 1);
  g_autofree char *base = g_strndup (eml_name, strlen (eml_name) - strlen (".eml"));
  g_autofree char *eml_path = g_build_filename (dir, eml_name, NULL);
  g_autofree char *envelope_name = g_strconcat (base, ".envelope", NULL);
  g_autofree char *envelope_path = g_build_filename (dir, envelope_name, NULL);
  char *data;
  gsize length;

  if (!g_file_get_contents (eml_path, &data, &length, error))
    return NULL;
  message->data = g_bytes_new_take (data, length);

  if (!read_envelope (message, envelope_path, error))
    return NULL;
  return g_steal_pointer (&message);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ob_test_aiosmtpd_get_messages:
 *
 * Every message the server has accepted so far. The server answers the
 * final dot only after saving, so a message the client saw accepted is
 * here.
 *
 * Returns: (transfer container) (element-type ObTestAiosmtpdMessage): the
 *   messages in the order they arrived, or %NULL
 */
GPtrArray *
ob_test_aiosmtpd_get_messages (ObTestAiosmtpd *self,
                               GError        **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (OB_IS_TEST_AIOSMTPD (self), NULL);
  g_return_val_if_fail (self->out_dir != NULL, NULL);

  dir = g_dir_open (self->out_dir, 0, error);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".eml"))
      g_ptr_array_add (names, g_strdup (name));
  /* Names are zero-padded counters: sorted by name is in order of arrival. */
  g_ptr_array_sort (names, compare_names);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_test_aiosmtpd_message_free);
  for (guint i = 0; i < names->len; i++)
    {
      ObTestAiosmtpdMessage *message = read_message (self->out_dir,
                                                     g_ptr_array_index (names, i), error);

      if (message == NULL)
        return NULL;
      g_ptr_array_add (messages, message);
    }
  return g_steal_pointer (&messages);
}

/**
 * ob_test_aiosmtpd_stop:
 *
 * Closes the server's standard input, which makes it exit, and waits for
 * it; a server that does not exit in time is killed. The saved messages are
 * deleted. Safe to call more than once.
 */
void
ob_test_aiosmtpd_stop (ObTestAiosmtpd *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (OB_IS_TEST_AIOSMTPD (self));

  if (self->process != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);
      if (!ob_test_subprocess_wait (self->process, STOP_TIMEOUT_MS, &error))
        g_test_message ("stopping aiosmtpd: %s", error->message);
      g_clear_object (&self->output);
      g_clear_object (&self->process);
    }
  if (self->out_dir != NULL)
    {
      ob_test_remove_tree (self->out_dir);
      g_clear_pointer (&self->out_dir, g_free);
    }
  if (self->tls_dir != NULL)
    {
      ob_test_remove_tree (self->tls_dir);
      g_clear_pointer (&self->tls_dir, g_free);
    }
}
