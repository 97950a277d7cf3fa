/* test-cli-outbox.c — sendmail through an account's outbox, and `outbound
 * outbox`, against the scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>
#include <glib/gstdio.h>

#include "ob-account-store.h"
#include "ob-fake-smtp-server.h"
#include "ob-test-cli.h"
#include "ob-test-util.h"

#define MESSAGE \
  "From: Ada <ada@example.com>\n" \
  "To: bob@example.org\n" \
  "Subject: Queued\n" \
  "Message-ID: <cli.1@outbox.test>\n" \
  "\n" \
  "Hello.\n"

/* Every wait for the server ends by then. */
#define WAIT_MS 30000

typedef struct
{
  char             *dir;
  const char       *environment[7];
  ObFakeSmtpServer *server;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME" };

  f->dir = g_dir_make_tmp ("outbound-cli-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *path = g_build_filename (f->dir, names[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      f->environment[2 * i] = names[i];
      f->environment[2 * i + 1] = path;
    }
  f->environment[6] = NULL;
  f->server = ob_fake_smtp_server_new ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ob_fake_smtp_server_stop (f->server);
  g_clear_object (&f->server);
  ob_test_remove_tree (f->dir);
  for (guint i = 1; i < 6; i += 2)
    g_free ((char *) f->environment[i]);
  g_free (f->dir);
}

/* Starts the server with its script and adds an account that sends there,
 * without encryption or login, as the person could have chosen. */
static void
start (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->environment[1], "outbound", "accounts.ini", NULL);
  g_autoptr(ObAccountStore) store = ob_account_store_new (path);
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  ob_account_set_host (account, "127.0.0.1");
  ob_account_set_port (account, ob_fake_smtp_server_get_port (f->server));
  ob_account_set_security (account, OB_SECURITY_NONE);
  g_assert_true (ob_account_store_add (store, account, &error));
  g_assert_true (ob_account_store_save (store, &error));
  g_assert_no_error (error);
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
}

static void
script_envelope (ObFakeSmtpServer *server)
{
  ob_fake_smtp_server_expect_reply (server, "MAIL FROM:<ada@example.com>*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "RCPT TO:<bob@example.org>*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (server);
}

static void
script_accept (ObFakeSmtpServer *server,
               const char       *queue_id)
{
  g_autofree char *reply = g_strdup_printf ("250 2.0.0 Ok: queued as %s\r\n", queue_id);

  ob_fake_smtp_server_add_greeting_and_ehlo (server, "8BITMIME", NULL);
  script_envelope (server);
  ob_fake_smtp_server_send (server, reply);
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
}

/* The id of the only message, from `outbound outbox list --json`. */
static char *
only_id (Fixture    *f,
         const char *state)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *list[] = { "outbox", "list", "--json", NULL };
  g_autofree char *expected_state = g_strdup_printf ("\"state\":\"%s\"", state);
  const char *start;

  run_tool (f, &run, NULL, list);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, expected_state));
  start = strstr (run.out, "{\"id\":\"");
  g_assert_nonnull (start);
  g_assert_null (strstr (start + 1, "{\"id\":\""));
  start += strlen ("{\"id\":\"");
  return g_strndup (start, strchr (start, '"') - start);
}

static void
assert_script_followed (Fixture *f)
{
  g_assert_true (ob_fake_smtp_server_wait_done (f->server, WAIT_MS));
  ob_fake_smtp_server_stop (f->server);
  ob_fake_smtp_server_assert_no_errors (f->server);
}

static void
test_sendmail_sent (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "-t", NULL };
  g_autofree char *id = NULL;

  script_accept (f->server, "7F3A");
  start (f);

  run_tool (f, &run, MESSAGE, sendmail);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "queue ID 7F3A"));
  assert_script_followed (f);

  id = only_id (f, "sent");
  g_assert_nonnull (strstr (run.out, id));
}

/* Without a From header, the message goes out from the account's address. */
static void
test_sendmail_from_account (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "bob@example.org",
                             NULL };

  script_accept (f->server, "9C1D");
  start (f);

  run_tool (f, &run, "Subject: no sender\n\nhello\n", sendmail);
  g_assert_cmpint (run.status, ==, EX_OK);
  assert_script_followed (f);
}

/* A temporary refusal: sendmail's caller is told the message is queued
 * (75), and a retry later sends it. */
static void
test_sendmail_queued (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "-t", NULL };
  const char *list[] = { "outbox", "list", NULL };
  g_autofree char *id = NULL;
  g_autofree char *queued_line = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  script_envelope (f->server);
  ob_fake_smtp_server_send (f->server, "451 4.3.0 Mailbox busy, try again later\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  ob_fake_smtp_server_next_connection (f->server);
  script_accept (f->server, "8B1");
  start (f);

  run_tool (f, &run, MESSAGE, sendmail);
  g_assert_cmpint (run.status, ==, EX_TEMPFAIL);
  id = only_id (f, "queued");
  queued_line = g_strdup_printf ("Not sent yet: it stays queued as %s and will be retried.", id);
  g_assert_nonnull (strstr (run.out, queued_line));

  run_tool (f, &run, NULL, list);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "Will try again at "));
  g_assert_nonnull (strstr (run.out, "\n  Subject: Queued\n"));
  g_assert_nonnull (strstr (run.out, "from ada@example.com to bob@example.org"));

  {
    const char *list_json[] = { "outbox", "list", "--json", NULL };

    run_tool (f, &run, NULL, list_json);
    g_assert_cmpint (run.status, ==, EX_OK);
    g_assert_nonnull (strstr (run.out, "\"subject\":\"Queued\""));
  }

  {
    const char *retry[] = { "outbox", "retry", id, NULL };

    run_tool (f, &run, NULL, retry);
    g_assert_cmpint (run.status, ==, EX_OK);
    g_assert_nonnull (strstr (run.out, "queue ID 8B1"));
  }
  assert_script_followed (f);
}

static void
test_queue_only_then_flush (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "--queue-only",
                             "bob@example.org", NULL };
  const char *flush[] = { "outbox", "flush", NULL };

  script_accept (f->server, "9C2");
  start (f);

  run_tool (f, &run, MESSAGE, sendmail);
  g_assert_cmpint (run.status, ==, EX_TEMPFAIL);
  g_assert_true (g_str_has_prefix (run.out, "Queued as "));
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 0);

  run_tool (f, &run, NULL, flush);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "queue ID 9C2"));
  assert_script_followed (f);

  /* Nothing left to do. */
  run_tool (f, &run, NULL, flush);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_cmpstr (run.out, ==, "Nothing is due to be sent.\n");
}

static void
test_uncertain_then_resolved (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "-t", NULL };
  g_autofree char *id = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  script_envelope (f->server);
  ob_fake_smtp_server_drop (f->server);
  start (f);

  run_tool (f, &run, MESSAGE, sendmail);
  g_assert_cmpint (run.status, ==, EX_PROTOCOL);
  g_assert_nonnull (strstr (run.out, "outbound outbox resolve"));
  assert_script_followed (f);
  id = only_id (f, "uncertain");

  {
    const char *neither[] = { "outbox", "resolve", id, NULL };
    const char *retry[] = { "outbox", "retry", id, NULL };
    const char *mark[] = { "outbox", "resolve", id, "--mark-sent", NULL };

    run_tool (f, &run, NULL, neither);
    g_assert_cmpint (run.status, ==, EX_USAGE);
    /* An uncertain message is not simply retried. */
    run_tool (f, &run, NULL, retry);
    g_assert_cmpint (run.status, ==, EX_USAGE);
    run_tool (f, &run, NULL, mark);
    g_assert_cmpint (run.status, ==, EX_OK);
  }
  g_free (only_id (f, "sent"));
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *sendmail[] = { "sendmail", "--account", "ada@example.com", "-t", NULL };
  g_autofree char *id = NULL;
  g_autofree char *drop_line = NULL;

  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "8BITMIME", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "550 5.1.1 No such user here\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "QUIT", "221 2.0.0 Bye\r\n");
  start (f);

  run_tool (f, &run, MESSAGE, sendmail);
  g_assert_cmpint (run.status, ==, EX_NOUSER);
  assert_script_followed (f);
  id = only_id (f, "failed");
  drop_line = g_strdup_printf ("outbound outbox drop %s", id);
  g_assert_nonnull (strstr (run.out, drop_line));

  {
    const char *drop[] = { "outbox", "drop", id, NULL };
    const char *list[] = { "outbox", "list", NULL };

    run_tool (f, &run, NULL, drop);
    g_assert_cmpint (run.status, ==, EX_OK);
    run_tool (f, &run, NULL, list);
    g_assert_cmpstr (run.out, ==, "The outbox is empty.\n");
  }
}

static void
test_usage_errors (Fixture *f, gconstpointer data)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *no_command[] = { "outbox", NULL };
  const char *bogus[] = { "outbox", "bogus", NULL };
  const char *unknown[] = { "outbox", "drop", "20240101-000000-000000-abcd", NULL };
  const char *no_id[] = { "outbox", "retry", NULL };
  const char *queue_only[] = { "sendmail", "--queue-only", "--server", "127.0.0.1:1", "-t", NULL };
  const char *no_account[] = { "sendmail", "--account", "nobody@example.com", "-t", NULL };

  start (f);
  run_tool (f, &run, NULL, no_command);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  run_tool (f, &run, NULL, bogus);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  run_tool (f, &run, NULL, unknown);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "There is no message"));
  run_tool (f, &run, NULL, no_id);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  run_tool (f, &run, MESSAGE, queue_only);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  run_tool (f, &run, MESSAGE, no_account);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_cmpuint (ob_fake_smtp_server_get_n_connections (f->server), ==, 0);
}

#define ADD(path, func) \
  g_test_add ("/ob/cli/outbox/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("sendmail-from-account", test_sendmail_from_account);
  ADD ("sendmail-sent", test_sendmail_sent);
  ADD ("sendmail-queued", test_sendmail_queued);
  ADD ("queue-only-then-flush", test_queue_only_then_flush);
  ADD ("uncertain-then-resolved", test_uncertain_then_resolved);
  ADD ("refused", test_refused);
  ADD ("usage-errors", test_usage_errors);

  return g_test_run ();
}
