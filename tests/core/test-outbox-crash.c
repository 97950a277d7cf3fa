/* test-outbox-crash.c — kill the sending process at each stage, restart,
 * and find every message in exactly one honest state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * outbox-crash-helper queues two messages and sends them to the scripted
 * server, which stalls at the stage under test; once the server reports
 * it got there, the helper is killed with SIGKILL. The outbox is then
 * opened again here, and what it says is checked against what the server
 * received: no message is lost, none the server never accepted is marked
 * sent, none the server may hold is sent again without being asked, and
 * after a second flush every message reached the server exactly once
 * (an uncertain one: at most once, by construction here).
 */
#include <string.h>
#include <glib/gstdio.h>

#include "ob-spool.h"
#include "ob-test-util.h"
#include "outbox-fixture.h"

/* More than loopback can buffer, so a server that stops reading holds the
 * client in the middle of the data. */
#define LARGE_BODY (32 * 1024 * 1024)

typedef enum {
  JOURNAL_EMPTY,        /* the first message's final dot never left */
  JOURNAL_END_OF_DATA,  /* it left; no reply was read */
  JOURNAL_REPLY,        /* the reply was read */
} JournalSays;

typedef struct
{
  const char    *name;
  void         (*script) (ObFakeSmtpServer *server);
  guint          n_steps;      /* where the server stalls; 0: do not send at all */
  gsize          body_size;
  JournalSays    journal;
  ObOutboxState  first;        /* what the restart makes of each message */
  ObOutboxState  second;
} Stage;

typedef struct
{
  char             *root;
  char             *accounts;
  ObAccountStore   *store;
  ObFakeSmtpServer *server;
  ObFakeSmtpServer *second_server;
  GSubprocess      *helper;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->root = g_build_filename (g_get_user_data_dir (), "outbound", NULL);
  f->accounts = g_build_filename (g_get_user_config_dir (), "accounts.ini", NULL);
  f->server = ob_fake_smtp_server_new ();
  f->second_server = ob_fake_smtp_server_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->helper != NULL)
    {
      g_subprocess_force_exit (f->helper);
      ob_test_subprocess_wait (f->helper, OUTBOX_TEST_TIMEOUT_MS, NULL);
    }
  g_clear_object (&f->helper);
  ob_fake_smtp_server_stop (f->server);
  ob_fake_smtp_server_stop (f->second_server);
  g_clear_object (&f->server);
  g_clear_object (&f->second_server);
  g_clear_object (&f->store);
  g_free (f->root);
  g_free (f->accounts);
}

/* No PIPELINING: each command waits for its reply, so the line the
 * server reads next proves the client saw the previous reply. */
static void
script_greeting (ObFakeSmtpServer *server)
{
  outbox_test_script_greeting (server, FALSE);
}

static void
script_envelope (ObFakeSmtpServer *server)
{
  script_greeting (server);
  ob_fake_smtp_server_expect_reply (server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (server, "DATA", "354 Go ahead\r\n");
}

static void
stall_on_connect (ObFakeSmtpServer *server)
{
  script_greeting (server);
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
}

static void
stall_after_mail (ObFakeSmtpServer *server)
{
  script_greeting (server);
  ob_fake_smtp_server_expect_reply (server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
}

/* A timed stall reads nothing, so the client's writes block. */
static void
stall_during_data (ObFakeSmtpServer *server)
{
  script_envelope (server);
  ob_fake_smtp_server_stall (server, OUTBOX_TEST_TIMEOUT_MS * 4);
}

static void
stall_after_dot (ObFakeSmtpServer *server)
{
  script_envelope (server);
  ob_fake_smtp_server_expect_data (server);
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
}

static void
stall_after_reply (ObFakeSmtpServer *server)
{
  script_envelope (server);
  ob_fake_smtp_server_expect_data (server);
  ob_fake_smtp_server_send (server, "250 2.0.0 Ok: queued as FIRST\r\n");
  ob_fake_smtp_server_expect (server, "MAIL FROM:*");
  ob_fake_smtp_server_stall (server, OB_FAKE_SMTP_SERVER_FOREVER);
}

/* Steps: greeting, EHLO, its reply (3); MAIL and its reply (5); RCPT and
 * DATA with theirs (9); the data (10); the reply (11); the next MAIL (12). */
static const Stage stages[] = {
  { "queued", NULL, 0, 0, JOURNAL_EMPTY, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_STATE_QUEUED },
  { "connected", stall_on_connect, 3, 0, JOURNAL_EMPTY,
    OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_STATE_QUEUED },
  { "after-mail", stall_after_mail, 5, 0, JOURNAL_EMPTY,
    OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_STATE_QUEUED },
  { "during-data", stall_during_data, 9, LARGE_BODY, JOURNAL_EMPTY,
    OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_STATE_QUEUED },
  { "after-dot", stall_after_dot, 10, 0, JOURNAL_END_OF_DATA,
    OB_OUTBOX_STATE_UNCERTAIN, OB_OUTBOX_STATE_QUEUED },
  { "after-reply", stall_after_reply, 12, 0, JOURNAL_REPLY,
    OB_OUTBOX_STATE_SENT, OB_OUTBOX_STATE_QUEUED },
};

static void
start_helper (Fixture     *f,
              const Stage *stage)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "outbox-crash-helper", NULL);
  g_autofree char *body_size = g_strdup_printf ("%zu", stage->body_size);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { helper, f->root, f->accounts, "2", body_size,
                         stage->script == NULL ? "--hold" : NULL, NULL };

  f->helper = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
}

static void
kill_helper (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (f->helper);
  g_assert_true (ob_test_subprocess_wait (f->helper, OUTBOX_TEST_TIMEOUT_MS, &error));
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (f->helper));
  g_clear_object (&f->helper);
}

static void
wait_until_queued (Fixture *f)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->helper));
  line = ob_test_read_line (out, OUTBOX_TEST_TIMEOUT_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "queued");
}

/* The first message's journal, read before any restart touches it, shows
 * the stage was the one meant. */
static void
assert_journal (Fixture     *f,
                const Stage *stage)
{
  g_autoptr(ObSpool) spool = ob_spool_new (f->root);
  g_autoptr(GPtrArray) ids = ob_spool_list (spool, OB_SPOOL_OUTBOX, NULL);
  g_autoptr(ObOutboxRecord) first = NULL;
  g_auto(ObSpoolJournal) journal = { 0, };

  g_assert_cmpuint (ids->len, ==, 2);
  first = ob_spool_read (spool, OB_SPOOL_OUTBOX, g_ptr_array_index (ids, 0), NULL);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->message_id, ==, "<1@outbox.test>");
  ob_spool_journal_read (spool, first->id, first->attempts, &journal);
  g_assert_cmpint (journal.end_of_data, ==, stage->journal != JOURNAL_EMPTY);
  g_assert_cmpuint (journal.reply_code, ==, stage->journal == JOURNAL_REPLY ? 250 : 0);
}

static ObOutbox *
restart (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  ObOutbox *outbox;

  f->store = outbox_test_store_new (g_get_user_config_dir ());
  g_assert_true (ob_account_store_load (f->store, &error));
  g_assert_no_error (error);
  outbox = ob_outbox_new (f->root, f->store);
  ob_outbox_set_network_monitor (outbox, NULL);
  ob_outbox_set_idle_timeout (outbox, 0);
  g_assert_true (ob_outbox_load_sync (outbox, NULL, &error));
  g_assert_no_error (error);
  return outbox;
}

static ObOutboxEntry *
entry_for (ObOutbox   *outbox,
           const char *message_id)
{
  ObOutboxEntry *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (outbox)); i++)
    {
      g_autoptr(ObOutboxEntry) entry = g_list_model_get_item (G_LIST_MODEL (outbox), i);

      if (g_strcmp0 (ob_outbox_entry_get_message_id (entry), message_id) == 0)
        {
          g_assert_null (found);
          found = entry;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static guint
count (GPtrArray  *ids,
       const char *id)
{
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    n += g_str_equal (g_ptr_array_index (ids, i), id);
  return n;
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  const Stage *stage = data;
  const char *message_ids[] = { "<1@outbox.test>", "<2@outbox.test>" };
  ObOutboxState expected[] = { stage->first, stage->second };
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GPtrArray) first_messages = NULL;
  g_autoptr(GPtrArray) first_ids = NULL;
  g_autoptr(GPtrArray) second_messages = NULL;
  g_autoptr(GPtrArray) second_ids = NULL;
  g_autoptr(ObAccountStore) store = outbox_test_store_new (g_get_user_config_dir ());
  g_autoptr(GError) error = NULL;
  guint n_queued = 0;

  if (stage->script != NULL)
    stage->script (f->server);
  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  outbox_test_add_account (store, "ada@example.com", ob_fake_smtp_server_get_port (f->server));

  start_helper (f, stage);
  wait_until_queued (f);
  if (stage->n_steps > 0)
    g_assert_true (ob_fake_smtp_server_wait_for_step (f->server, 0, stage->n_steps,
                                                      OUTBOX_TEST_TIMEOUT_MS));
  kill_helper (f);
  assert_journal (f, stage);
  ob_fake_smtp_server_stop (f->server);
  first_messages = ob_fake_smtp_server_get_messages (f->server);
  first_ids = outbox_test_message_ids (first_messages);

  /* The restart: none lost, each in the state the journal allows, and
   * none marked sent that the server did not accept. */
  outbox = restart (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outbox)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      ObOutboxEntry *entry = entry_for (outbox, message_ids[i]);

      g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, expected[i]);
      if (expected[i] == OB_OUTBOX_STATE_SENT)
        {
          g_assert_cmpuint (count (first_ids, message_ids[i]), ==, 1);
          g_assert_cmpstr (ob_outbox_entry_get_queue_id (entry), ==, "FIRST");
        }
      n_queued += expected[i] == OB_OUTBOX_STATE_QUEUED;
    }

  /* Sending again: the queued go out once; the uncertain one stays. */
  outbox_test_script_greeting (f->second_server, FALSE);
  outbox_test_script_accept (f->second_server, n_queued, "SECOND");
  ob_fake_smtp_server_expect_reply (f->second_server, "QUIT", "221 2.0.0 Bye\r\n");
  g_assert_true (ob_fake_smtp_server_start (f->second_server, &error));
  g_assert_no_error (error);
  ob_account_set_port (ob_account_store_lookup (f->store, "ada@example.com"),
                       ob_fake_smtp_server_get_port (f->second_server));
  outbox_test_flush (outbox, NULL);
  g_assert_true (ob_fake_smtp_server_wait_done (f->second_server, OUTBOX_TEST_TIMEOUT_MS));
  ob_fake_smtp_server_stop (f->second_server);
  ob_fake_smtp_server_assert_no_errors (f->second_server);
  second_messages = ob_fake_smtp_server_get_messages (f->second_server);
  second_ids = outbox_test_message_ids (second_messages);

  for (guint i = 0; i < 2; i++)
    {
      ObOutboxEntry *entry = entry_for (outbox, message_ids[i]);
      guint received = count (first_ids, message_ids[i]) + count (second_ids, message_ids[i]);

      if (expected[i] == OB_OUTBOX_STATE_UNCERTAIN)
        {
          g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_UNCERTAIN);
          g_assert_cmpuint (received, <=, 1);
          g_assert_cmpuint (count (second_ids, message_ids[i]), ==, 0);
        }
      else
        {
          g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
          g_assert_cmpuint (received, ==, 1);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ob/outbox-crash/%s", stages[i].name);

      g_test_add (path, Fixture, &stages[i], fixture_set_up, test_crash, fixture_tear_down);
    }

  return g_test_run ();
}
