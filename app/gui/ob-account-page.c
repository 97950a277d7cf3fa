/* ob-account-page.c — one account: how it stands, its tools, its outbox, its settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page answers “does sending work, and what is waiting?” for one
 * account. The connection test runs in place, one click, and its checklist
 * stays on the page so its diagnosis can be read; the result stays in the
 * Connection row for the session, as does the wizard's test that led to
 * saving the account. Removing the account is the one decision here and
 * asks first; everything else reports in toasts.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-account-page.h"
#include "ob-application.h"
#include "ob-connection-test-view.h"
#include "ob-domain-check-window.h"
#include "ob-outbox-view.h"
#include "ob-window.h"

struct _ObAccountPage
{
  GtkWidget             parent_instance;

  ObAccount            *account;
  ObAccountOutbox      *outbox;
  GCancellable         *cancellable;

  /* template children */
  GtkWidget            *scroller;
  AdwActionRow         *server_row;
  AdwActionRow         *test_row;
  GtkImage             *test_icon;
  GtkButton            *test_button;
  GtkRevealer          *test_revealer;
  ObConnectionTestView *test_view;
  ObOutboxView         *outbox_view;
};

G_DEFINE_FINAL_TYPE (ObAccountPage, ob_account_page, GTK_TYPE_WIDGET)

static void
show_server (ObAccountPage *self)
{
  g_autofree char *server = ob_account_describe_server (self->account);

  adw_action_row_set_subtitle (self->server_row, server);
}

static void
show_test_result (ObAccountPage *self,
                  const char    *icon_name,
                  const char    *css_class,
                  const char    *text)
{
  GtkWidget *icon = GTK_WIDGET (self->test_icon);

  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "dim-label");
  gtk_widget_add_css_class (icon, css_class);
  gtk_image_set_from_icon_name (self->test_icon, icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  adw_action_row_set_subtitle (self->test_row, text);
}

static void
show_running (ObAccountPage *self)
{
  gboolean running = ob_connection_test_view_get_running (self->test_view);

  gtk_button_set_label (self->test_button, running ? _("_Stop") : _("_Test Connection"));
  if (running)
    show_test_result (self, "content-loading-symbolic", "dim-label", _("Testing…"));
}

static char *
format_time_of_day (GDateTime *when)
{
  return g_date_time_format (when, C_("time of day", "%H:%M"));
}

static void
test_finished_cb (ObConnectionTestView *view,
                  gboolean              passed,
                  ObAccountPage        *self)
{
  ObConnectionTest *test = ob_connection_test_view_get_test (view);
  ObDiagnosis *diagnosis = test ? ob_connection_test_get_diagnosis (test) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (passed)
    {
      ob_account_page_show_test_passed (self, now);
      return;
    }
  time = format_time_of_day (now);
  /* TRANSLATORS: the first %s is a time of day, like 14:05; the second
   * what went wrong, like “The password was not accepted” */
  text = g_strdup_printf (_("Failed at %s: %s"), time,
                          diagnosis ? ob_diagnosis_get_title (diagnosis) : _("see below"));
  show_test_result (self, "dialog-error-symbolic", "error", text);
}

static ObAccountStore *
get_store (void)
{
  return ob_application_get_accounts (OB_APPLICATION (g_application_get_default ()));
}

/* The test view pinned the certificate on the account; keeping it means
 * saving the account. */
static void
certificate_trusted_cb (ObConnectionTestView *view,
                        const char           *sha256,
                        ObAccountPage        *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ob_account_store_save (get_store (), &error))
    {
      /* TRANSLATORS: %s says why, like “No space left on device” */
      text = g_strdup_printf (_("The trusted certificate could not be saved: %s"), error->message);
      ob_window_add_toast_for_widget (GTK_WIDGET (self), adw_toast_new (text));
      return;
    }
  ob_window_add_toast_for_widget (GTK_WIDGET (self),
                                  adw_toast_new (_("The server’s certificate is now trusted")));
}

static void
fix_requested_cb (ObConnectionTestView *view,
                  int                   field,
                  ObAccountPage        *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-account", NULL);
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ObAccountPage *self = OB_ACCOUNT_PAGE (widget);

  if (ob_connection_test_view_get_running (self->test_view))
    {
      ob_connection_test_view_cancel (self->test_view);
      return;
    }
  gtk_revealer_set_reveal_child (self->test_revealer, TRUE);
  ob_connection_test_view_run (self->test_view, self->account, NULL, FALSE);
}

static void
check_domain_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ObAccountPage *self = OB_ACCOUNT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  ObDomainCheckWindow *window;

  window = ob_domain_check_window_new_for_account (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                   self->account);
  gtk_window_present (GTK_WINDOW (window));
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ob_account_store_remove_finish (OB_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s says why, like “The keyring is locked” */
      text = g_strdup_printf (_("The account could not be removed: %s"), error->message);
    }
  ob_window_add_toast_for_widget (window, adw_toast_new (text ? text : _("Account removed")));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ObAccountPage    *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!g_str_equal (response, "remove") || root == NULL)
    return;
  /* The page goes with the account; the toast goes to its window. */
  ob_account_store_remove_async (get_store (), self->account, self->cancellable,
                                 removed_cb, g_object_ref (root));
}

static char *
describe_removal (ObAccountPage *self)
{
  guint n_waiting = ob_account_outbox_get_n_waiting (self->outbox);
  const char *forget = _("Outbound will forget this account and remove its password from the "
                         "keyring. Your mail and the account at your provider are not affected.");
  g_autofree char *waiting = NULL;

  if (n_waiting == 0)
    return g_strdup (forget);
  waiting = g_strdup_printf (ngettext ("%u message is still waiting in its outbox. It will not "
                                       "be sent: it stays on hold until you add the account "
                                       "again or delete it.",
                                       "%u messages are still waiting in its outbox. They will "
                                       "not be sent: they stay on hold until you add the account "
                                       "again or delete them.",
                                       n_waiting), n_waiting);
  return g_strdup_printf ("%s\n\n%s", forget, waiting);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObAccountPage *self = OB_ACCOUNT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = describe_removal (self);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       NULL, body));
  /* TRANSLATORS: %s is the account's address */
  adw_message_dialog_format_heading (dialog, _("Remove %s?"),
                                     ob_account_get_address (self->account));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ob_account_page_new:
 * @account: the account to show
 * @outbox: the account's part of the outbox
 */
GtkWidget *
ob_account_page_new (ObAccount       *account,
                     ObAccountOutbox *outbox)
{
  ObAccountPage *self;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (outbox), NULL);

  self = g_object_new (OB_TYPE_ACCOUNT_PAGE, NULL);
  self->account = g_object_ref (account);
  self->outbox = g_object_ref (outbox);
  ob_outbox_view_set_account (self->outbox_view, account, outbox);

  /* Any setting may change the description: the server, the port, the
   * encryption, the login. */
  g_signal_connect_object (account, "notify", G_CALLBACK (show_server), self, G_CONNECT_SWAPPED);
  show_server (self);
  return GTK_WIDGET (self);
}

/**
 * ob_account_page_show_test_passed:
 * @tested_at: when the test passed, in local time
 *
 * Shows that a connection test run elsewhere, such as the one the account
 * wizard ends with, proved that sending works.
 */
void
ob_account_page_show_test_passed (ObAccountPage *self,
                                  GDateTime     *tested_at)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (OB_IS_ACCOUNT_PAGE (self));
  g_return_if_fail (tested_at != NULL);

  time = format_time_of_day (tested_at);
  /* TRANSLATORS: %s is a time of day, like 14:05 */
  text = g_strdup_printf (_("Sending works (tested at %s)"), time);
  show_test_result (self, "emblem-ok-symbolic", "success", text);
}

ObAccount *
ob_account_page_get_account (ObAccountPage *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_PAGE (self), NULL);

  return self->account;
}

static void
ob_account_page_dispose (GObject *object)
{
  ObAccountPage *self = OB_ACCOUNT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->test_view != NULL)
    ob_connection_test_view_cancel (self->test_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_ACCOUNT_PAGE);
  g_clear_object (&self->account);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ob_account_page_parent_class)->dispose (object);
}

static void
ob_account_page_class_init (ObAccountPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_account_page_dispose;

  g_type_ensure (OB_TYPE_CONNECTION_TEST_VIEW);
  g_type_ensure (OB_TYPE_OUTBOX_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-account-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, test_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, test_icon);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, test_revealer);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, test_view);
  gtk_widget_class_bind_template_child (widget_class, ObAccountPage, outbox_view);

  gtk_widget_class_install_action (widget_class, "account.test-connection", NULL,
                                   test_connection_action);
  gtk_widget_class_install_action (widget_class, "account.check-domain", NULL,
                                   check_domain_action);
  gtk_widget_class_install_action (widget_class, "account.remove", NULL, remove_action);
}

static void
ob_account_page_init (ObAccountPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->test_view, "notify::running", G_CALLBACK (show_running), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->test_view, "finished", G_CALLBACK (test_finished_cb), self, 0);
  g_signal_connect_object (self->test_view, "certificate-trusted",
                           G_CALLBACK (certificate_trusted_cb), self, 0);
  g_signal_connect_object (self->test_view, "fix-requested", G_CALLBACK (fix_requested_cb),
                           self, 0);
  show_running (self);
  show_test_result (self, "dialog-question-symbolic", "dim-label", _("Not tested yet"));
}
