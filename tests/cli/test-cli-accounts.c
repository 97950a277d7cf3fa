/* test-cli-accounts.c — outbound accounts, and sending through an account,
 * with the real keyring of the test session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* posix_openpt() and the other pseudo-terminal calls */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ob-account-store.h"
#include "ob-secrets.h"
#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-cli.h"
#include "ob-test-scan.h"
#include "ob-test-util.h"

#define USER     "ada"
#define PASSWORD "cli-acc0unts-pw-7b1e"
#define ADDRESS  "ada@example.com"

typedef struct
{
  char           *dir;
  char           *home;
  char           *password_file;
  char           *accounts_file;
  const char     *environment[9];
  GString        *printed;       /* everything the tool wrote, to scan for the password */
  ObTestAiosmtpd *server;
  char           *server_arg;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "HOME" };
  const char *subdirs[] = { "config", "data", "cache", "home" };

  f->dir = g_dir_make_tmp ("outbound-cli-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  f->home = g_build_filename (f->dir, "home", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *path = g_build_filename (f->dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      f->environment[2 * i] = names[i];
      f->environment[2 * i + 1] = path;
    }
  f->environment[8] = NULL;
  f->accounts_file = g_build_filename (f->environment[1], "outbound", "accounts.ini", NULL);
  f->password_file = g_build_filename (f->dir, "password", NULL);
  g_assert_true (g_file_set_contents_full (f->password_file, PASSWORD "\n", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));
  f->printed = g_string_new (NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new (f->accounts_file);

  /* Whatever the test did, the password is in none of the tool's
   * directories and in nothing it printed. */
  for (guint i = 1; i < 8; i += 2)
    ob_test_assert_not_in_tree (f->environment[i], PASSWORD);
  g_assert_null (strstr (f->printed->str, PASSWORD));

  /* Leave nothing in the session's keyring for the next test. */
  if (ob_account_store_load (store, NULL))
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
      {
        g_autoptr(ObAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

        ob_secrets_clear_sync (ob_account_get_id (account), NULL, NULL);
      }

  if (f->server != NULL)
    {
      ob_test_aiosmtpd_stop (f->server);
      g_clear_object (&f->server);
    }
  ob_test_remove_tree (f->dir);
  for (guint i = 1; i < 8; i += 2)
    g_free ((char *) f->environment[i]);
  g_string_free (f->printed, TRUE);
  g_free (f->dir);
  g_free (f->home);
  g_free (f->accounts_file);
  g_free (f->password_file);
  g_free (f->server_arg);
}

static void
run_tool (Fixture            *f,
          ObTestCliRun       *run,
          const char         *input,
          const char * const *args)
{
  ob_test_cli_run_clear (run);
  ob_test_cli_run (run, input, f->environment, args);
  g_test_message ("status %d\nout: %s\nerr: %s", run->status, run->out, run->err);
  g_string_append (f->printed, run->out);
  g_string_append (f->printed, run->err);
}

static ObAccount *
stored_account (Fixture    *f,
                const char *address)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new (f->accounts_file);
  g_autoptr(GError) error = NULL;
  ObAccount *account;

  g_assert_true (ob_account_store_load (store, &error));
  g_assert_no_error (error);
  account = ob_account_store_lookup (store, address);
  return account ? g_object_ref (account) : NULL;
}

static char *
stored_secret (ObAccount *account)
{
  g_autoptr(GError) error = NULL;
  char *secret = ob_secrets_lookup_sync (ob_account_get_id (account), OB_SECRET_KIND_PASSWORD,
                                         NULL, &error);

  g_assert_no_error (error);
  return secret;
}

static void
test_add_list_show_remove (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObAccount) gone = NULL;
  g_autoptr(ObSecretString) secret = NULL;
  g_autoptr(ObSecretString) cleared = NULL;
  g_autofree char *by_id = NULL;
  const char *add[] = { "accounts", "add", "--address", ADDRESS, "--name", "Ada Lovelace",
                        "--server", "smtp.example.com:465", "--user", USER,
                        "--password-file", f->password_file, NULL };
  const char *list[] = { "accounts", "list", NULL };
  const char *list_json[] = { "accounts", "list", "--json", NULL };
  const char *show[] = { "accounts", "show", "ADA@example.com", NULL };
  const char *remove[] = { "accounts", "remove", ADDRESS, NULL };

  run_tool (f, &run, NULL, add);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out,
                            "smtp.example.com, port 465, encrypted (TLS), password login"));
  g_assert_nonnull (strstr (run.out, "outbound test " ADDRESS));

  /* The settings are in the file, the password in the keyring. */
  account = stored_account (f, ADDRESS);
  g_assert_nonnull (account);
  g_assert_cmpstr (ob_account_get_sender_name (account), ==, "Ada Lovelace");
  g_assert_cmpstr (ob_account_get_username (account), ==, USER);
  g_assert_cmpint (ob_account_get_security (account), ==, OB_SECURITY_TLS);
  secret = stored_secret (account);
  g_assert_cmpstr (secret, ==, PASSWORD);

  run_tool (f, &run, NULL, list);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, ob_account_get_id (account)));
  g_assert_nonnull (strstr (run.out, ADDRESS));

  run_tool (f, &run, NULL, list_json);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_true (g_str_has_prefix (run.out, "{\"accounts\":[{\"id\":\""));
  g_assert_nonnull (strstr (run.out, "\"host\":\"smtp.example.com\""));
  g_assert_nonnull (strstr (run.out, "\"port\":465"));
  g_assert_nonnull (strstr (run.out, "\"problems\":[]"));

  run_tool (f, &run, NULL, show);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "Sender name: Ada Lovelace"));
  g_assert_nonnull (strstr (run.out, "User name: " USER));

  /* An account is named by its address or by its id. */
  by_id = g_strdup (ob_account_get_id (account));
  {
    const char *show_id[] = { "accounts", "show", by_id, "--json", NULL };

    run_tool (f, &run, NULL, show_id);
    g_assert_cmpint (run.status, ==, EX_OK);
    g_assert_nonnull (strstr (run.out, "\"address\":\"" ADDRESS "\""));
  }

  run_tool (f, &run, NULL, remove);
  g_assert_cmpint (run.status, ==, EX_OK);
  gone = stored_account (f, ADDRESS);
  g_assert_null (gone);
  cleared = stored_secret (account);
  g_assert_null (cleared);

  run_tool (f, &run, NULL, list);
  g_assert_nonnull (strstr (run.out, "No accounts yet"));
}

static void
test_set_password (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *second = g_build_filename (f->dir, "second", NULL);
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObSecretString) secret = NULL;
  const char *add[] = { "accounts", "add", "--address", ADDRESS, "--server", "smtp.example.com",
                        "--user", USER, "--password-file", f->password_file, NULL };
  const char *set[] = { "accounts", "set-password", ADDRESS, "--password-file", second, NULL };

  g_assert_true (g_file_set_contents (second, "second-" PASSWORD "\n", -1, NULL));
  run_tool (f, &run, NULL, add);
  g_assert_cmpint (run.status, ==, EX_OK);
  run_tool (f, &run, NULL, set);
  g_assert_cmpint (run.status, ==, EX_OK);

  account = stored_account (f, ADDRESS);
  secret = stored_secret (account);
  g_assert_cmpstr (secret, ==, "second-" PASSWORD);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *empty = g_build_filename (f->dir, "empty", NULL);
  const struct {
    const char *args[12];
    int         status;
    const char *says;
  } cases[] = {
    { { "accounts", NULL }, EX_USAGE, "Commands:" },
    { { "accounts", "frobnicate", NULL }, EX_USAGE, "frobnicate" },
    { { "accounts", "add", "--server", "smtp.example.com", NULL }, EX_USAGE, "--address" },
    { { "accounts", "add", "--address", "bob@example.com", NULL }, EX_USAGE, "--server" },
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--security", "ssl", NULL }, EX_USAGE, "ssl" },
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--password-file", f->password_file, NULL }, EX_USAGE, "--user" },
    { { "accounts", "add", "--address", "bob@", "--server", "smtp.example.com", NULL },
      EX_DATAERR, "bob@" },
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--pin-sha256", "abc", NULL }, EX_DATAERR, "SHA-256" },
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--ca-file", "/nonexistent/ca.pem", NULL }, EX_NOINPUT, "/nonexistent/ca.pem" },
    /* Not a terminal and no password file: never a password from anywhere else. */
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--user", "bob", NULL }, EX_USAGE, "--password-file" },
    { { "accounts", "add", "--address", "bob@example.com", "--server", "smtp.example.com",
        "--user", "bob", "--password-file", empty, NULL }, EX_DATAERR, "empty" },
    { { "accounts", "show", "nobody@example.com", NULL }, EX_USAGE, "nobody@example.com" },
    { { "accounts", "show", NULL }, EX_USAGE, "address or id" },
    { { "accounts", "remove", "nobody@example.com", NULL }, EX_USAGE, "accounts list" },
    { { "accounts", "set-password", "carol@example.com", NULL }, EX_USAGE, "no password" },
    { { "accounts", "add", "--address", "CAROL@example.com", "--server", "smtp.example.com",
        NULL }, EX_DATAERR, "already" },
    /* Refused before detection asks anyone anything. */
    { { "accounts", "add", "--address", "bob@example.com", "--detect", "--server",
        "smtp.example.com", NULL }, EX_USAGE, "--detect" },
    { { "accounts", "add", "--address", "bob@", "--detect", NULL }, EX_DATAERR, "bob@" },
  };
  g_auto(ObTestCliRun) run = { 0 };
  const char *carol[] = { "accounts", "add", "--address", "carol@example.com",
                          "--server", "smtp.example.com", NULL };

  g_assert_true (g_file_set_contents (empty, "\n", -1, NULL));
  run_tool (f, &run, NULL, carol);
  g_assert_cmpint (run.status, ==, EX_OK);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %zu", i);
      run_tool (f, &run, NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].says));
    }

  /* None of the failed adds left an account or a password behind. */
  {
    g_autoptr(ObAccount) bob = stored_account (f, "bob@example.com");

    g_assert_null (bob);
  }
}

static void
test_damaged_file (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *dir = g_path_get_dirname (f->accounts_file);
  g_autofree char *where = g_strdup_printf ("%s, line 5:", f->accounts_file);
  const char *damaged = "[Account good]\n"
                        "Address=good@example.com\n"
                        "Host=smtp.example.com\n"
                        "[Account bad]\n"
                        "Port=many\n";
  const char *list[] = { "accounts", "list", NULL };
  const char *add[] = { "accounts", "add", "--address", "new@example.com",
                        "--server", "smtp.example.com", NULL };
  g_autofree char *kept = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->accounts_file, damaged, -1, NULL));

  run_tool (f, &run, NULL, list);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.err, where));
  g_assert_nonnull (strstr (run.out, "good@example.com"));

  run_tool (f, &run, NULL, add);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.err, "accounts.ini.broken-"));
  kept = g_strdup (strstr (run.err, "kept as ") + strlen ("kept as "));
  *strstr (kept, ".\n") = '\0';
  ob_test_assert_not_in_file (kept, "new@example.com");
  {
    g_autoptr(ObAccount) good = stored_account (f, "good@example.com");
    g_autoptr(ObAccount) added = stored_account (f, "new@example.com");

    g_assert_nonnull (good);
    g_assert_nonnull (added);
  }
}

/* Several `outbound accounts add` at once, as a script might run them:
 * every one lands. */
static void
test_concurrent_adds (Fixture *f, gconstpointer data)
{
  GSubprocess *adds[6];
  g_autoptr(ObAccountStore) store = ob_account_store_new (f->accounts_file);

  for (guint i = 0; i < G_N_ELEMENTS (adds); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autofree char *address = g_strdup_printf ("user%u@example.com", i);
      g_autoptr(GError) error = NULL;

      for (guint k = 0; f->environment[k] != NULL; k += 2)
        g_subprocess_launcher_setenv (launcher, f->environment[k], f->environment[k + 1], TRUE);
      adds[i] = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OB_CLI"), "accounts",
                                             "add", "--address", address, "--server",
                                             "smtp.example.com", NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (adds); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ob_test_subprocess_wait (adds[i], 60000, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (adds[i]));
      g_object_unref (adds[i]);
    }

  g_assert_true (ob_account_store_load (store, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, G_N_ELEMENTS (adds));
}

/* Reads what the terminal shows until @expected appears or the child is
 * done (the terminal then reports EIO). */
static gboolean
read_terminal (int         master,
               GString    *seen,
               const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (expected == NULL || strstr (seen->str, expected) == NULL)
    {
      struct pollfd pfd = { .fd = master, .events = POLLIN };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      char buffer[256];
      gssize got;
      int ready;

      if (left <= 0)
        return FALSE;
      /* The child's exit interrupts the wait with SIGCHLD: wait again. */
      ready = poll (&pfd, 1, (int) left);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        return FALSE;
      got = read (master, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return expected == NULL;
      g_string_append_len (seen, buffer, got);
    }
  return TRUE;
}

static void
test_password_prompt (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObSecretString) secret = NULL;
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int terminal;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  terminal = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (terminal, >=, 0);

  g_subprocess_launcher_take_stdin_fd (launcher, terminal);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (terminal));
  g_subprocess_launcher_take_stderr_fd (launcher, dup (terminal));
  for (guint k = 0; f->environment[k] != NULL; k += 2)
    g_subprocess_launcher_setenv (launcher, f->environment[k], f->environment[k + 1], TRUE);
  add = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OB_CLI"), "accounts", "add",
                                     "--address", ADDRESS, "--server", "smtp.example.com",
                                     "--user", USER, NULL);
  g_assert_no_error (error);
  /* The launcher keeps its copies of the terminal until it is freed; the
   * terminal reports the end only once no one holds it. */
  g_clear_object (&launcher);

  g_assert_true (read_terminal (master, seen, "Password for " USER " on smtp.example.com: "));
  g_assert_cmpint (write (master, PASSWORD "\n", strlen (PASSWORD) + 1), ==,
                   (gssize) strlen (PASSWORD) + 1);
  g_assert_true (read_terminal (master, seen, NULL));
  g_assert_true (ob_test_subprocess_wait (add, 30000, &error));
  g_assert_no_error (error);
  close (master);

  g_test_message ("terminal: %s", seen->str);
  g_string_append (f->printed, seen->str);
  g_assert_true (g_subprocess_get_successful (add));
  /* Typed without echo: the terminal never showed it. */
  g_assert_null (strstr (seen->str, PASSWORD));
  g_assert_nonnull (strstr (seen->str, "Added account"));

  account = stored_account (f, ADDRESS);
  secret = stored_secret (account);
  g_assert_cmpstr (secret, ==, PASSWORD);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH,
                                      USER, PASSWORD, &error);
  g_assert_no_error (error);
  f->server_arg = g_strdup_printf ("localhost:%u", ob_test_aiosmtpd_get_port (f->server));
}

static void
add_server_account (Fixture *f)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);
  const char *add[] = { "accounts", "add", "--address", ADDRESS, "--name", "Ada Lovelace",
                        "--server", f->server_arg, "--security", "starttls",
                        "--ca-file", ob_test_certs_get_ca_file (certs), "--user", USER,
                        "--password-file", f->password_file, NULL };

  g_assert_no_error (error);
  run_tool (f, &run, NULL, add);
  g_assert_cmpint (run.status, ==, EX_OK);
}

static void
test_send_with_account (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *send[] = { "send", "--account", ADDRESS, "--to", "bob@example.org",
                         "--subject", "via the account", "--transcript", NULL };
  const char *sendmail[] = { "sendmail", "--account", ADDRESS, "-f", ADDRESS,
                             "carol@example.org", NULL };
  ObTestAiosmtpdMessage *m;

  start_server (f);
  add_server_account (f);

  run_tool (f, &run, "Hello Bob.\n", send);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.err, "AUTH PLAIN ********"));

  run_tool (f, &run, "Subject: again\n\nHello Carol.\n", sendmail);
  g_assert_cmpint (run.status, ==, EX_OK);

  messages = ob_test_aiosmtpd_get_messages (f->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (m->login, ==, USER);
  g_assert_true (m->tls);
  /* Without --from, the account's name and address. */
  g_assert_cmpstr (m->mail_from, ==, ADDRESS);
  text = g_strndup (g_bytes_get_data (m->data, NULL), g_bytes_get_size (m->data));
  g_assert_nonnull (strstr (text, "From: Ada Lovelace <" ADDRESS ">"));
  m = g_ptr_array_index (messages, 1);
  g_assert_cmpstr (m->rcpt_to[0], ==, "carol@example.org");
}

static void
test_send_account_errors (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(ObAccount) account = NULL;
  const char *conflict[] = { "send", "--account", ADDRESS, "--server", "smtp.example.org",
                             "--to", "bob@example.org", NULL };
  const char *unknown[] = { "sendmail", "--account", "nobody@example.com", "-f", ADDRESS,
                            "bob@example.org", NULL };
  const char *no_password[] = { "send", "--account", ADDRESS, "--to", "bob@example.org", NULL };

  start_server (f);
  add_server_account (f);

  run_tool (f, &run, "text\n", conflict);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "--server"));

  run_tool (f, &run, "Subject: x\n\ntext\n", unknown);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "nobody@example.com"));

  /* The keyring lost the password: say so, and how to put it back. */
  account = stored_account (f, ADDRESS);
  g_assert_true (ob_secrets_clear_sync (ob_account_get_id (account), NULL, NULL));
  run_tool (f, &run, "text\n", no_password);
  g_assert_cmpint (run.status, ==, EX_CONFIG);
  g_assert_nonnull (strstr (run.err, "set-password"));
}

static void
test_connection_test_sends_to_self (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  const char *test[] = { "test", ADDRESS, "--send-to-self", "--transcript", NULL };
  const char *titles[] = { "Find the server", "Connect", "Encryption and certificate",
                           "Greeting and capabilities", "Log in", "Send a test message" };
  ObTestAiosmtpdMessage *m;
  const char *at = NULL;

  start_server (f);
  add_server_account (f);

  run_tool (f, &run, NULL, test);
  g_assert_cmpint (run.status, ==, EX_OK);
  /* Every step, in order, each with its outcome. */
  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *line = g_strdup_printf ("[ ok ] %s (", titles[i]);
      const char *found = strstr (run.out, line);

      g_assert_nonnull (found);
      g_assert_true (found > at);
      at = found;
    }
  g_assert_nonnull (strstr (run.out, "works"));
  g_assert_nonnull (strstr (run.err, "AUTH PLAIN ********"));

  messages = ob_test_aiosmtpd_get_messages (f->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (m->mail_from, ==, ADDRESS);
  g_assert_cmpstr (m->rcpt_to[0], ==, ADDRESS);
  g_assert_cmpstr (m->login, ==, USER);
}

static void
test_connection_test_wrong_password (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autofree char *wrong = g_build_filename (f->dir, "wrong", NULL);
  const char *set[] = { "accounts", "set-password", ADDRESS, "--password-file", wrong, NULL };
  const char *test[] = { "test", ADDRESS, "--json", NULL };

  start_server (f);
  add_server_account (f);
  g_assert_true (g_file_set_contents (wrong, "not-the-password\n", -1, NULL));
  run_tool (f, &run, NULL, set);
  g_assert_cmpint (run.status, ==, EX_OK);

  run_tool (f, &run, NULL, test);
  g_assert_cmpint (run.status, ==, EX_NOPERM);
  g_assert_true (g_str_has_prefix (run.out, "{\"account\":\""));
  g_assert_nonnull (strstr (run.out, "\"ok\":false"));
  g_assert_nonnull (strstr (run.out, "{\"step\":\"greeting\",\"title\":\"Greeting and "
                                     "capabilities\",\"state\":\"passed\""));
  g_assert_nonnull (strstr (run.out, "{\"step\":\"login\",\"title\":\"Log in\","
                                     "\"state\":\"failed\""));
  g_assert_nonnull (strstr (run.out, "{\"step\":\"send\",\"title\":\"Send a test message\","
                                     "\"state\":\"pending\""));
  g_assert_nonnull (strstr (run.out, "\"category\":\"authentication\""));
  g_assert_nonnull (strstr (run.out, "\"exit_status\":77"));
  g_assert_null (strstr (run.out, "not-the-password"));
}

static void
test_connection_test_failures (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_autoptr(ObAccount) account = NULL;
  g_autofree char *untrusted = NULL;
  const char *test[] = { "test", ADDRESS, NULL };
  const char *test_other[] = { "test", "eve@example.com", NULL };
  const char *unknown[] = { "test", "nobody@example.com", NULL };

  start_server (f);
  add_server_account (f);

  /* No password in the keyring: the login step says where it should be. */
  account = stored_account (f, ADDRESS);
  g_assert_true (ob_secrets_clear_sync (ob_account_get_id (account), NULL, NULL));
  run_tool (f, &run, NULL, test);
  g_assert_cmpint (run.status, ==, EX_CONFIG);
  g_assert_nonnull (strstr (run.out, "[FAIL] Log in"));
  g_assert_nonnull (strstr (run.out, "keyring has no password"));
  g_assert_nonnull (strstr (run.out, "outbound accounts set-password " ADDRESS));

  /* The system does not trust the test CA: the certificate step fails and
   * shows what a person needs to decide. */
  untrusted = g_strdup_printf ("localhost:%u", ob_test_aiosmtpd_get_port (f->server));
  {
    const char *add[] = { "accounts", "add", "--address", "eve@example.com",
                          "--server", untrusted, "--security", "starttls", NULL };

    run_tool (f, &run, NULL, add);
    g_assert_cmpint (run.status, ==, EX_OK);
  }
  run_tool (f, &run, NULL, test_other);
  g_assert_cmpint (run.status, ==, EX_CONFIG);
  g_assert_nonnull (strstr (run.out, "[ ok ] Connect"));
  g_assert_nonnull (strstr (run.out, "[FAIL] Encryption and certificate"));
  g_assert_nonnull (strstr (run.out, "SHA-256 fingerprint"));
  g_assert_null (strstr (run.out, "Log in"));

  run_tool (f, &run, NULL, unknown);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "nobody@example.com"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/cli-accounts/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("add-list-show-remove", test_add_list_show_remove);
  ADD ("set-password", test_set_password);
  ADD ("errors", test_errors);
  ADD ("damaged-file", test_damaged_file);
  ADD ("concurrent-adds", test_concurrent_adds);
  ADD ("password-prompt", test_password_prompt);
  ADD ("send-with-account", test_send_with_account);
  ADD ("send-account-errors", test_send_account_errors);
  ADD ("test-sends-to-self", test_connection_test_sends_to_self);
  ADD ("test-wrong-password", test_connection_test_wrong_password);
  ADD ("test-failures", test_connection_test_failures);
#undef ADD

  return g_test_run ();
}
