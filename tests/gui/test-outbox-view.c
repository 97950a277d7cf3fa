/* test-outbox-view.c — an account's outbox in the main window, over a real outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's own outbox sends to a scripted server on 127.0.0.1: one
 * message is accepted, one refused, and for one the connection drops after
 * the final dot, so the window has a sent, a failed and an uncertain
 * message to show.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ob-account-page.h"
#include "ob-application.h"
#include "ob-outbox-row.h"
#include "ob-test-gui.h"
#include "ob-window.h"
#include "outbox-fixture.h"

#define WAIT_MS 10000

/* Each test has its own account: the app, its accounts and its outbox
 * last for the whole program. */
typedef struct
{
  const char *address;
  const char *name;
} TestAccount;

typedef struct
{
  ObFakeSmtpServer *server;
  ObOutbox         *outbox;
  ObAccount        *account;
  ObWindow         *window;
  char             *sent;
  char             *failed;
  char             *uncertain;
} Fixture;

static ObApplication *the_app;

static void
script_quit (ObFakeSmtpServer *server)
{
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  ObAccountStore *store = ob_application_get_accounts (the_app);
  const TestAccount *account = data;
  g_autoptr(GError) error = NULL;

  f->outbox = ob_application_get_outbox (the_app);
  /* Goodbye at the end of each flush, so the scripts can expect QUIT. */
  ob_outbox_set_idle_timeout (f->outbox, 0);

  f->server = ob_fake_smtp_server_new ();
  outbox_test_script_greeting (f->server, FALSE);
  outbox_test_script_accept (f->server, 1, "A");
  script_quit (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  /* Pipelined, so DATA comes before the client knows RCPT was refused. */
  outbox_test_script_greeting (f->server, TRUE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*",
                                    "550 5.1.1 <bob@example.org>: Recipient address rejected\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "554 5.5.1 No valid recipients\r\n");
  script_quit (f->server);
  ob_fake_smtp_server_next_connection (f->server);
  outbox_test_script_greeting (f->server, FALSE);
  ob_fake_smtp_server_expect_reply (f->server, "MAIL FROM:*", "250 2.1.0 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "RCPT TO:*", "250 2.1.5 Ok\r\n");
  ob_fake_smtp_server_expect_reply (f->server, "DATA", "354 Go ahead\r\n");
  ob_fake_smtp_server_expect_data (f->server);
  ob_fake_smtp_server_drop (f->server);
  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);

  if (ob_account_store_lookup (store, "bob@example.org") == NULL)
    outbox_test_add_account (store, "bob@example.org", 1);
  f->account = outbox_test_add_account (store, account->address,
                                        ob_fake_smtp_server_get_port (f->server));
  ob_account_set_display_name (f->account, account->name);

  f->sent = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, ob_account_get_id (f->account));
  f->failed = outbox_test_enqueue (f->outbox, f->account, 2);
  outbox_test_flush (f->outbox, ob_account_get_id (f->account));
  f->uncertain = outbox_test_enqueue (f->outbox, f->account, 3);
  outbox_test_flush (f->outbox, ob_account_get_id (f->account));
  g_assert_true (ob_fake_smtp_server_wait_done (f->server, WAIT_MS));
  ob_fake_smtp_server_assert_no_errors (f->server);

  f->window = ob_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 960, 760);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ob_fake_smtp_server_stop (f->server);
  g_clear_object (&f->server);
  g_free (f->sent);
  g_free (f->failed);
  g_free (f->uncertain);
}

static ObOutboxRow *
find_row (GtkWidget  *root,
          const char *id)
{
  if (OB_IS_OUTBOX_ROW (root) &&
      g_strcmp0 (ob_outbox_entry_get_id (ob_outbox_row_get_entry (OB_OUTBOX_ROW (root))), id) == 0)
    return OB_OUTBOX_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ObOutboxRow *found = find_row (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action_name)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
rows_are_shown (gpointer data)
{
  Fixture *f = data;
  ObOutboxRow *row = find_row (GTK_WIDGET (f->window), f->uncertain);

  return row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row));
}

typedef struct
{
  ObOutbox   *outbox;
  const char *id;
} EntryWait;

static gboolean
entry_is_sent (gpointer data)
{
  EntryWait *wait = data;

  return outbox_test_state (wait->outbox, wait->id) == OB_OUTBOX_STATE_SENT;
}

static void
test_outbox_view_rows (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  ObOutboxRow *failed, *uncertain;
  GtkWidget *mark_sent;
  EntryWait wait = { f->outbox, f->uncertain };
  g_autofree char *screenshot = NULL;

  g_assert_cmpint (outbox_test_state (f->outbox, f->sent), ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpint (outbox_test_state (f->outbox, f->failed), ==, OB_OUTBOX_STATE_FAILED);
  g_assert_cmpint (outbox_test_state (f->outbox, f->uncertain), ==, OB_OUTBOX_STATE_UNCERTAIN);

  ob_window_select_account (f->window, f->account);
  g_assert_true (ob_test_gui_wait_until (rows_are_shown, f, WAIT_MS));
  g_assert_nonnull (find_row (root, f->sent));

  /* A failed message explains itself with its diagnosis and offers to
   * retry or delete it; an uncertain one asks the person. */
  failed = find_row (root, f->failed);
  g_assert_nonnull (failed);
  /* The subject names the message; who it is for and how it stands follow. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (failed)), ==,
                   "Message 2");
  g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (failed)));
  g_assert_true (g_str_has_prefix (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (failed)),
                                   "To bob@example.org\n"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (find_row (root, f->sent))),
                   ==, "Message 1");
  g_assert_nonnull (find_button (GTK_WIDGET (failed), "outbox.retry"));
  g_assert_nonnull (find_button (GTK_WIDGET (failed), "outbox.delete"));
  g_assert_null (find_button (GTK_WIDGET (failed), "outbox.mark-sent"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (failed), TRUE);

  uncertain = find_row (root, f->uncertain);
  g_assert_nonnull (find_button (GTK_WIDGET (uncertain), "outbox.send-again"));
  mark_sent = find_button (GTK_WIDGET (uncertain), "outbox.mark-sent");
  g_assert_nonnull (mark_sent);
  g_assert_null (find_button (GTK_WIDGET (uncertain), "outbox.retry"));

  ob_test_gui_iterate (300);
  screenshot = ob_test_gui_screenshot (root, "main-window");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));

  /* The person says the message arrived: it moves to the sent ones. */
  g_signal_emit_by_name (mark_sent, "clicked");
  g_assert_true (ob_test_gui_wait_until (entry_is_sent, &wait, WAIT_MS));
  g_assert_true (ob_test_gui_wait_until (rows_are_shown, f, WAIT_MS));
  g_assert_cmpint (ob_outbox_entry_get_state (ob_outbox_row_get_entry (find_row (root,
                                                                                 f->uncertain))),
                   ==, OB_OUTBOX_STATE_SENT);
}

static gboolean
row_is_gone (gpointer data)
{
  Fixture *f = data;

  return find_row (GTK_WIDGET (f->window), f->failed) == NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return ob_test_gui_find_message_dialog () == NULL;
}

/* Answers as a click on the button showing @label would: the dialog emits
 * the response and closes. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = ob_test_gui_find_label (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  while (!GTK_IS_BUTTON (button))
    button = gtk_widget_get_parent (button);
  g_signal_emit_by_name (button, "clicked");
}

/* Opens the question that the failed row's Delete button asks. */
static AdwMessageDialog *
ask_to_delete (Fixture *f)
{
  GtkWidget *delete = find_button (GTK_WIDGET (find_row (GTK_WIDGET (f->window), f->failed)),
                                   "outbox.delete");
  AdwMessageDialog *dialog;

  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  g_assert_true (ob_test_gui_wait_until (ob_test_gui_message_dialog_is_open, NULL, WAIT_MS));
  dialog = ob_test_gui_find_message_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  return dialog;
}

/* Deleting cannot be undone, so it asks first; only a yes deletes. */
static void
test_outbox_view_delete (Fixture *f, gconstpointer data)
{
  AdwMessageDialog *dialog;
  g_autofree char *screenshot = NULL;

  ob_window_select_account (f->window, f->account);
  g_assert_true (ob_test_gui_wait_until (rows_are_shown, f, WAIT_MS));

  dialog = ask_to_delete (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Delete This Message?"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Message 2"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  ob_test_gui_iterate (100);
  screenshot = ob_test_gui_screenshot (GTK_WIDGET (dialog), "delete-message-confirmation");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));

  click_response (dialog, "Cancel");
  g_assert_true (ob_test_gui_wait_until (no_message_dialog, NULL, WAIT_MS));
  ob_test_gui_iterate (50);
  g_assert_nonnull (ob_outbox_lookup (f->outbox, f->failed));
  g_assert_nonnull (find_row (GTK_WIDGET (f->window), f->failed));

  dialog = ask_to_delete (f);
  click_response (dialog, "Delete");
  g_assert_true (ob_test_gui_wait_until (row_is_gone, f, WAIT_MS));
  g_assert_null (ob_outbox_lookup (f->outbox, f->failed));
  g_assert_nonnull (find_row (GTK_WIDGET (f->window), f->uncertain));
}

int
main (int argc, char *argv[])
{
  static const TestAccount ada = { "ada@example.com", "Ada Lovelace" };
  static const TestAccount cleo = { "cleo@example.com", "Cleo Delete" };
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/outbox-view/rows", Fixture, &ada,
              fixture_setup, test_outbox_view_rows, fixture_teardown);
  g_test_add ("/ob/outbox-view/delete", Fixture, &cleo,
              fixture_setup, test_outbox_view_delete, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
