/* ob-connection-test-view.c — an account's connection test, as a live checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's test step and the account page's "Test Connection" both use
 * this view. The test itself runs in the core, off the GTK thread; the view
 * follows its steps, logs the conversation to the session's log with the
 * failure's diagnosis, and turns a refused certificate into the question
 * the person has to answer: trust it for this account, or not.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-certificate-dialog.h"
#include "ob-connection-test-row.h"
#include "ob-connection-test-view.h"
#include "ob-smtp-error.h"

struct _ObConnectionTestView
{
  GtkWidget         parent_instance;

  ObConnectionTest *test;
  ObAccount        *account;
  char             *secret;
  gboolean          send_test_message;
  GCancellable     *cancellable;

  /* template children */
  GtkWidget        *box;
  GtkLabel         *summary_label;
  GtkListBox       *steps_list;
};

G_DEFINE_FINAL_TYPE (ObConnectionTestView, ob_connection_test_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FINISHED,
  SIGNAL_FIX_REQUESTED,
  SIGNAL_CERTIFICATE_TRUSTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

ObConnectionTestView *
ob_connection_test_view_new (void)
{
  return g_object_new (OB_TYPE_CONNECTION_TEST_VIEW, NULL);
}

static void
wipe_secret (ObConnectionTestView *self)
{
  if (self->secret == NULL)
    return;
  explicit_bzero (self->secret, strlen (self->secret));
  g_clear_pointer (&self->secret, g_free);
}

static gboolean
is_token_mechanism (const char *mechanism)
{
  return g_strcmp0 (mechanism, "XOAUTH2") == 0 || g_strcmp0 (mechanism, "OAUTHBEARER") == 0;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return ob_connection_test_row_new (OB_CONNECTION_TEST_STEP (item));
}

static ObConnectionTestRow *
failed_row (ObConnectionTestView *self)
{
  ObConnectionTestStep *failed = ob_connection_test_get_failed_step (self->test);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (OB_IS_CONNECTION_TEST_ROW (child) &&
        ob_connection_test_row_get_step (OB_CONNECTION_TEST_ROW (child)) == failed)
      return OB_CONNECTION_TEST_ROW (child);
  return NULL;
}

static const GError *
certificate_error (ObConnectionTestView *self)
{
  ObConnectionTestStep *failed = self->test ? ob_connection_test_get_failed_step (self->test)
                                            : NULL;
  const GError *error = failed ? ob_connection_test_step_get_error (failed) : NULL;

  if (error == NULL || !g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE) ||
      ob_smtp_error_get_peer_certificate (error) == NULL)
    return NULL;
  return error;
}

/* The outcome reads as a heading; the running state stays in the background. */
static void
set_summary (ObConnectionTestView *self,
             const char           *text,
             gboolean              outcome)
{
  gtk_label_set_text (self->summary_label, text);
  if (outcome)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "heading");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
}

static void
trust_cb (ObCertificateDialog  *dialog,
          const char           *fingerprint,
          ObConnectionTestView *self)
{
  g_autofree char *pin = g_strdup (fingerprint);
  g_autoptr(ObAccount) account = g_object_ref (self->account);
  g_autofree char *secret = g_strdup (self->secret);

  ob_account_set_pinned_sha256 (account, pin);
  g_signal_emit (self, signals[SIGNAL_CERTIFICATE_TRUSTED], 0, pin);
  ob_connection_test_view_run (self, account, secret, self->send_test_message);
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
}

static void
review_certificate (ObConnectionTestView *self)
{
  const GError *error = certificate_error (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  ObCertificateDialog *dialog;

  if (error == NULL)
    return;
  dialog = ob_certificate_dialog_new_for_error (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                ob_account_get_host (self->account), error,
                                                ob_account_get_pinned_sha256 (self->account));
  g_signal_connect_object (dialog, "trust", G_CALLBACK (trust_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_certificate_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  review_certificate (OB_CONNECTION_TEST_VIEW (widget));
}

static void
fix_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ObConnectionTestView *self = OB_CONNECTION_TEST_VIEW (widget);
  ObDiagnosis *diagnosis = self->test ? ob_connection_test_get_diagnosis (self->test) : NULL;

  if (diagnosis != NULL)
    g_signal_emit (self, signals[SIGNAL_FIX_REQUESTED], 0, ob_diagnosis_get_field (diagnosis));
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  ObConnectionTest *test = OB_CONNECTION_TEST (source);
  g_autoptr(ObConnectionTestView) self = data;
  g_autoptr(GError) error = NULL;
  ObConnectionTestRow *row;
  ObDiagnosis *diagnosis;
  gboolean passed = ob_connection_test_run_finish (test, result, &error);

  /* A newer run replaced this one: it reports for itself. */
  if (test != self->test)
    return;

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (passed)
    set_summary (self, _("Everything works: this account can send mail."), TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_summary (self, _("The test was stopped."), TRUE);
  else
    {
      ObConnectionTestStep *failed = ob_connection_test_get_failed_step (test);
      g_autofree char *summary = NULL;

      /* TRANSLATORS: %s is a step of the connection test, e.g. "Login" */
      summary = g_strdup_printf (_("The test stopped at “%s”."),
                                 failed ? ob_connection_test_step_get_title (failed) : "");
      set_summary (self, summary, TRUE);
      diagnosis = ob_connection_test_get_diagnosis (test);
      if (diagnosis != NULL)
        ob_application_report_diagnosis (OB_APPLICATION (g_application_get_default ()),
                                         diagnosis);
      row = failed_row (self);
      if (row != NULL)
        {
          ob_connection_test_row_set_can_review_certificate (row,
                                                             certificate_error (self) != NULL);
          gtk_widget_grab_focus (GTK_WIDGET (row));
        }
    }

  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, passed);

  /* Whether to trust a certificate is a decision: ask at once. */
  if (certificate_error (self) != NULL)
    review_certificate (self);
}

/**
 * ob_connection_test_view_run:
 * @account: the account to test; a trusted certificate is pinned on it
 * @secret: (nullable): the password or token; %NULL to take the one in the
 *   keyring
 * @send_test_message: whether to end with a message to the account's own
 *   address
 *
 * Starts a connection test, stopping one that is running, and shows it.
 * The conversation goes to the session's log.
 */
void
ob_connection_test_view_run (ObConnectionTestView *self,
                             ObAccount            *account,
                             const char           *secret,
                             gboolean              send_test_message)
{
  ObApplication *app = OB_APPLICATION (g_application_get_default ());
  GSettings *settings = ob_application_get_settings (app);

  g_return_if_fail (OB_IS_CONNECTION_TEST_VIEW (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  /* The old run's callback sees it was replaced and keeps quiet. */
  ob_connection_test_view_cancel (self);
  g_clear_object (&self->cancellable);

  g_set_object (&self->account, account);
  wipe_secret (self);
  self->secret = g_strdup (secret);
  self->send_test_message = send_test_message;

  g_clear_object (&self->test);
  self->test = ob_connection_test_new (account);
  ob_connection_test_set_transcript (self->test, ob_application_get_transcript (app));
  ob_connection_test_set_timeout (self->test, g_settings_get_int (settings, "connect-timeout"));
  ob_connection_test_set_send_test_message (self->test, send_test_message);
  if (secret != NULL)
    ob_connection_test_set_secret (self->test, secret,
                                   is_token_mechanism (ob_account_get_auth_mechanism (account)));
  gtk_list_box_bind_model (self->steps_list, ob_connection_test_get_steps (self->test),
                           create_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_list), TRUE);

  set_summary (self, _("Testing the connection…"), FALSE);
  self->cancellable = g_cancellable_new ();
  ob_connection_test_run_async (self->test, self->cancellable, run_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * ob_connection_test_view_cancel:
 *
 * Stops the running test, if any, at once.
 */
void
ob_connection_test_view_cancel (ObConnectionTestView *self)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST_VIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
ob_connection_test_view_get_running (ObConnectionTestView *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_VIEW (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * ob_connection_test_view_get_test:
 *
 * Returns: (transfer none) (nullable): the latest test, running or done
 */
ObConnectionTest *
ob_connection_test_view_get_test (ObConnectionTestView *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_VIEW (self), NULL);

  return self->test;
}

static void
ob_connection_test_view_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ObConnectionTestView *self = OB_CONNECTION_TEST_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ob_connection_test_view_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_connection_test_view_dispose (GObject *object)
{
  ObConnectionTestView *self = OB_CONNECTION_TEST_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_CONNECTION_TEST_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test);
  g_clear_object (&self->account);
  wipe_secret (self);

  G_OBJECT_CLASS (ob_connection_test_view_parent_class)->dispose (object);
}

static void
ob_connection_test_view_class_init (ObConnectionTestViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_connection_test_view_dispose;
  object_class->get_property = ob_connection_test_view_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ObConnectionTestView::finished:
   * @passed: whether every step passed
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * ObConnectionTestView::fix-requested:
   * @field: (type ObDiagnosisField): the setting the failure's diagnosis names
   *
   * The person pressed the failed step's button to change that setting.
   */
  signals[SIGNAL_FIX_REQUESTED] =
    g_signal_new ("fix-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * ObConnectionTestView::certificate-trusted:
   * @sha256: the fingerprint now pinned on the account
   *
   * The person chose to trust the server's certificate for this account. The
   * pin is set on the account (not saved) and the test runs again.
   */
  signals[SIGNAL_CERTIFICATE_TRUSTED] =
    g_signal_new ("certificate-trusted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "connection-test.fix", NULL, fix_action);
  gtk_widget_class_install_action (widget_class, "connection-test.review-certificate", NULL,
                                   review_certificate_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-connection-test-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestView, box);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestView, steps_list);
}

static void
ob_connection_test_view_init (ObConnectionTestView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
