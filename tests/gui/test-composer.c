/* test-composer.c — the composer: sending to a real server, checked
 * recipients, drafts restored after a crash, the size limit, Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ob-application.h"
#include "ob-attachment-row.h"
#include "ob-composer-window-private.h"
#include "ob-secrets.h"
#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-gui.h"

#define USER     "ada"
#define PASSWORD "c0mp0ser-test-pw"
#define WAIT_MS  60000
#define ATTACHED "Engine notes: 42 gears, 7 levers.\n"

static ObApplication *the_app;

static ObAccount *
add_account (const char *address,
             guint16     port)
{
  g_autoptr(ObAccount) account = ob_account_new (address);
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  ob_account_set_sender_name (account, "Ada Lovelace");
  ob_account_set_host (account, "localhost");
  ob_account_set_port (account, port);
  ob_account_set_security (account, OB_SECURITY_STARTTLS);
  ob_account_set_username (account, USER);
  ob_account_set_ca_file (account, ob_test_certs_get_ca_file (certs));
  g_assert_true (ob_account_store_add (ob_application_get_accounts (the_app), account, &error));
  g_assert_no_error (error);
  g_assert_true (ob_secrets_store_sync (ob_account_get_id (account), "localhost", USER,
                                        OB_SECRET_KIND_PASSWORD, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&account);
}

static char *
write_attachment (const char *name,
                  const char *contents)
{
  char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gboolean
attachments_arrived (gpointer data)
{
  ObComposerWindow *composer = data;

  return composer->attachments->len > 0;
}

static void
attach (ObComposerWindow *composer,
        const char       *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ob_composer_window_add_attachment (composer, file);
  g_assert_true (ob_test_gui_wait_until (attachments_arrived, composer, WAIT_MS));
}

static ObComposerWindow *
open_composer (ObAccount *account)
{
  ObComposerWindow *composer = ob_composer_window_new (NULL, account);

  gtk_window_present (GTK_WINDOW (composer));
  return composer;
}

static gboolean
window_closed (gpointer data)
{
  GtkWidget **window = data;

  return *window == NULL;
}

static void
test_send (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTestAiosmtpd) server =
    ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH, USER, PASSWORD,
                            &error);
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autofree char *path = write_attachment ("engine-notes.txt", ATTACHED);
  g_autofree char *encoded = g_base64_encode ((const guchar *) ATTACHED, strlen (ATTACHED));
  g_autofree char *text = NULL;
  ObComposerWindow *composer;
  ObTestAiosmtpdMessage *message;

  g_assert_no_error (error);
  account = add_account ("ada@example.com", ob_test_aiosmtpd_get_port (server));
  composer = open_composer (account);
  g_object_add_weak_pointer (G_OBJECT (composer), (gpointer *) &composer);

  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "Bob <bob@example.org>");
  gtk_editable_set_text (GTK_EDITABLE (composer->subject_row), "Engine notes");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (composer->body_view),
                            "Dear Bob,\n\nthe notes are attached.\n\nAda", -1);
  attach (composer, path);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (composer->problem_label)));
  ob_test_gui_screenshot (GTK_WIDGET (composer), "composer");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_null (ob_composer_window_get_draft (composer));
  g_assert_true (ob_test_gui_wait_until (window_closed, &composer, WAIT_MS));

  received = ob_test_aiosmtpd_get_messages (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received->len, ==, 1);
  message = g_ptr_array_index (received, 0);
  g_assert_true (message->tls);
  g_assert_cmpstr (message->login, ==, USER);
  g_assert_cmpstr (message->rcpt_to[0], ==, "bob@example.org");
  text = g_strndup (g_bytes_get_data (message->data, NULL), g_bytes_get_size (message->data));
  g_assert_nonnull (strstr (text, "Subject: Engine notes"));
  g_assert_nonnull (strstr (text, "engine-notes.txt"));
  g_assert_true (strstr (text, encoded) != NULL || strstr (text, "42 gears, 7 levers.") != NULL);
  ob_test_aiosmtpd_stop (server);
}

static void
test_invalid_recipient (void)
{
  g_autoptr(ObAccount) account = add_account ("eve@example.com", 25);
  ObOutbox *outbox = ob_application_get_outbox (the_app);
  guint queued = g_list_model_get_n_items (G_LIST_MODEL (outbox));
  ObComposerWindow *composer = open_composer (account);
  const char *problem;

  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "bob@example.org, carol@");
  gtk_editable_set_text (GTK_EDITABLE (composer->subject_row), "Lunch");
  problem = gtk_label_get_text (composer->problem_label);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (composer->problem_label)));
  g_assert_nonnull (strstr (problem, "carol@"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (composer->to_row), "error"));
  ob_test_gui_screenshot (GTK_WIDGET (composer), "composer-invalid-recipient");

  /* Send is refused: nothing reaches the outbox, and the draft stays. */
  gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outbox)), ==, queued);
  g_assert_nonnull (ob_composer_window_get_draft (composer));

  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "bob@example.org, carol@example.com");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (composer->problem_label)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (composer->to_row), "error"));
  ob_composer_window_forget_draft (composer);
  gtk_window_destroy (GTK_WINDOW (composer));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
test_draft_restored (void)
{
  g_autoptr(ObAccount) account = add_account ("grace@example.com", 25);
  g_autoptr(ObDraftStore) store = ob_draft_store_new_default ();
  g_autofree char *path = write_attachment ("plan.txt", "plan");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *draft_path = NULL;
  g_autoptr(ObDraft) saved = NULL;
  ObComposerWindow *composer = open_composer (account);
  ObComposerWindow *restored;

  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "bob@example.org");
  gtk_toggle_button_set_active (composer->cc_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (composer->cc_row), "carol@example.com");
  gtk_editable_set_text (GTK_EDITABLE (composer->subject_row), "Plans");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (composer->body_view), "Friday?", -1);
  attach (composer, path);
  saved = g_object_ref (ob_composer_window_get_draft (composer));

  /* Saved by itself, a few seconds after the last change. */
  draft_path = ob_draft_store_get_path (store, ob_draft_get_id (saved));
  g_assert_true (ob_test_gui_wait_until (file_exists, draft_path, WAIT_MS));

  /* A crash: the window goes without closing. */
  gtk_window_destroy (GTK_WINDOW (composer));

  ob_draft_store_list_async (store, NULL, store_result_cb, &result);
  g_assert_true (ob_test_gui_wait_until (result_arrived, &result, WAIT_MS));
  drafts = ob_draft_store_list_finish (store, result, NULL, NULL);
  g_assert_cmpuint (drafts->len, ==, 1);
  restored = ob_composer_window_new_for_draft (NULL, g_ptr_array_index (drafts, 0));
  gtk_window_present (GTK_WINDOW (restored));
  g_assert_true (ob_test_gui_wait_until (attachments_arrived, restored, WAIT_MS));

  g_assert_true (ob_composer_window_get_account (restored) == account);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (restored->to_row)), ==,
                   "bob@example.org");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (restored->cc_row)), ==,
                   "carol@example.com");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (restored->cc_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (restored->subject_row)), ==, "Plans");
  g_assert_cmpstr (ob_draft_get_body (ob_composer_window_get_draft (restored)), ==, "Friday?");
  g_assert_cmpstr (ob_attachment_row_get_path (g_ptr_array_index (restored->attachments, 0)),
                   ==, path);

  /* Discarding an empty-looking window is not asked about; this one is. */
  ob_composer_window_forget_draft (restored);
  gtk_window_destroy (GTK_WINDOW (restored));
}

static void
test_size_limit (void)
{
  g_autoptr(ObAccount) account = add_account ("linus@example.com", 25);
  g_autofree char *path = write_attachment ("big.txt", "0123456789012345678901234567890123");
  ObComposerWindow *composer;

  ob_account_set_size_limit (account, 20);
  composer = open_composer (account);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (composer->size_warning_label)));
  attach (composer, path);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (composer->size_warning_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (composer->size_warning_label), "20 bytes"));
  ob_composer_window_forget_draft (composer);
  gtk_window_destroy (GTK_WINDOW (composer));
}

static gboolean
outcome_shown (gpointer data)
{
  ObComposerWindow *composer = data;
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (composer),
                                             "Not sent: still in the outbox.");

  return label != NULL && gtk_widget_is_visible (label);
}

/* A server that takes the connection and never speaks: the message stays
 * at "sending" until Cancel, and then goes back to the queue. */
static void
test_cancel (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccount) account = NULL;
  ObOutbox *outbox = ob_application_get_outbox (the_app);
  ObComposerWindow *composer;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  account = add_account ("silent@example.com", port);
  composer = open_composer (account);
  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "bob@example.org");
  gtk_editable_set_text (GTK_EDITABLE (composer->subject_row), "Waiting");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (composer->body_view), "Hello?", -1);

  ob_composer_window_send (composer);
  g_assert_nonnull (composer->entry);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (composer->send_status)));
  ob_test_gui_screenshot (GTK_WIDGET (composer), "composer-sending");

  g_signal_emit_by_name (composer->send_status, "cancel");
  g_assert_true (ob_test_gui_wait_until (outcome_shown, composer, WAIT_MS));
  g_assert_cmpint (ob_outbox_entry_get_state (composer->entry), ==, OB_OUTBOX_STATE_QUEUED);

  /* Delete takes it out of the outbox. */
  g_assert_nonnull (ob_outbox_lookup (outbox, ob_outbox_entry_get_id (composer->entry)));
  g_object_add_weak_pointer (G_OBJECT (composer), (gpointer *) &composer);
  g_signal_emit_by_name (composer->send_status, "delete");
  g_assert_true (ob_test_gui_wait_until (window_closed, &composer, WAIT_MS));
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add_func ("/ob/composer/send", test_send);
  g_test_add_func ("/ob/composer/invalid-recipient", test_invalid_recipient);
  g_test_add_func ("/ob/composer/draft-restored", test_draft_restored);
  g_test_add_func ("/ob/composer/size-limit", test_size_limit);
  g_test_add_func ("/ob/composer/cancel", test_cancel);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
