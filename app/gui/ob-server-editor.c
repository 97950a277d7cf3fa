/* ob-server-editor.c — an account's server settings, edited by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every setting a connection needs, as a person would find it on their
 * provider's help page. The editor only holds what is typed: load() fills
 * it from an account and apply() writes it back, so the wizard can offer
 * a detected server here and keep the detected one until the person
 * continues. The certificate settings sit in a row that stays collapsed
 * unless the account has one: most people never need them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-address.h"
#include "ob-certificate.h"
#include "ob-diagnosis-view.h"
#include "ob-server-editor.h"

#define TLS_PORT      465
#define STARTTLS_PORT 587

/* The login method row's first entry: the client picks the best one the
 * server offers. */
#define LOGIN_AUTOMATIC 0

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _ObServerEditor
{
  AdwPreferencesGroup  parent_instance;

  gboolean             loading;

  char                *ca_file;
  /* Set while the CA file is being read; the error once it turned out
   * unusable. */
  GCancellable        *ca_cancellable;
  GError              *ca_error;
  GtkFileChooserNative *ca_chooser;
  /* The trusted certificate and the server it was trusted for. */
  char                *pin;
  char                *pin_host;

  /* template children */
  AdwEntryRow         *host_row;
  GtkSpinButton       *port_spin;
  AdwComboRow         *security_row;
  AdwComboRow         *login_row;
  AdwEntryRow         *username_row;
  AdwExpanderRow      *certificates_row;
  AdwActionRow        *ca_row;
  GtkWidget           *ca_error_row;
  ObDiagnosisView     *ca_error_view;
  AdwActionRow        *pin_row;
  GtkWidget           *fingerprint_row;
  GtkLabel            *fingerprint_label;
};

G_DEFINE_FINAL_TYPE (ObServerEditor, ob_server_editor, ADW_TYPE_PREFERENCES_GROUP)

GtkWidget *
ob_server_editor_new (void)
{
  return g_object_new (OB_TYPE_SERVER_EDITOR, NULL);
}

static const char *
host_text (ObServerEditor *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->host_row));
}

static void
update_host_style (ObServerEditor *self)
{
  const char *host = host_text (self);

  if (*host != '\0' && !ob_hostname_is_valid (host))
    gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");
}

/* A certificate trusted for one server says nothing about another: the
 * pin shows, and is applied, only while the server is the one it was
 * trusted for. */
static gboolean
pin_applies (ObServerEditor *self)
{
  g_autofree char *host = g_strstrip (g_strdup (host_text (self)));

  return self->pin != NULL && self->pin_host != NULL &&
         g_ascii_strcasecmp (host, self->pin_host) == 0;
}

static void
update_certificates (ObServerEditor *self)
{
  g_autofree char *name = self->ca_file ? g_path_get_basename (self->ca_file) : NULL;
  g_autofree char *fingerprint = NULL;
  gboolean pinned = pin_applies (self);

  adw_action_row_set_subtitle (self->ca_row, name ? name : _("System certificates"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_row), self->ca_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server-editor.clear-ca-file",
                                 self->ca_file != NULL);
  gtk_widget_set_visible (self->ca_error_row, self->ca_error != NULL);
  if (self->ca_error != NULL)
    {
      g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (self->ca_error, NULL);

      ob_diagnosis_view_set_diagnosis (self->ca_error_view, diagnosis);
      gtk_widget_add_css_class (GTK_WIDGET (self->ca_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->ca_row), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->pin_row), pinned);
  gtk_widget_set_visible (self->fingerprint_row, pinned);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server-editor.forget-certificate", pinned);
  if (pinned)
    fingerprint = ob_certificate_format_fingerprint (self->pin);
  gtk_label_set_text (self->fingerprint_label, fingerprint ? fingerprint : "");
}

static void
field_changed_cb (ObServerEditor *self)
{
  update_host_style (self);
  update_certificates (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
check_ca_file_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ObServerEditor *self;
  g_autoptr(GError) error = NULL;

  /* Cancelled also when the editor is gone: touch nothing then. */
  if (!ob_certificate_check_ca_file_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = OB_SERVER_EDITOR (user_data);
  g_clear_object (&self->ca_cancellable);
  self->ca_error = g_steal_pointer (&error);
  update_certificates (self);
  /* Whether the settings are complete has changed. */
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_ca_file (ObServerEditor *self,
             const char     *path)
{
  if (self->ca_cancellable != NULL)
    g_cancellable_cancel (self->ca_cancellable);
  g_clear_object (&self->ca_cancellable);
  g_clear_error (&self->ca_error);
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  if (path != NULL)
    {
      self->ca_cancellable = g_cancellable_new ();
      ob_certificate_check_ca_file_async (path, self->ca_cancellable, check_ca_file_cb, self);
    }
  field_changed_cb (self);
}

static void
ca_chooser_response_cb (ObServerEditor *self,
                        int             response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->ca_chooser));
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      set_ca_file (self, path);
    }
}

/* A native chooser goes through the file chooser portal in a sandbox, so
 * the app can read the one file the person picked. */
static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ObServerEditor *self = OB_SERVER_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->ca_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
      return;
    }

  self->ca_chooser = gtk_file_chooser_native_new (_("Choose Certificate Authorities"),
                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                       : NULL,
                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_suffix (filter, "pem");
  gtk_file_filter_add_suffix (filter, "crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  g_signal_connect_object (self->ca_chooser, "response",
                           G_CALLBACK (ca_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
clear_ca_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ObServerEditor *self = OB_SERVER_EDITOR (widget);

  set_ca_file (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->ca_row));
}

/* The next test checks the certificate the usual way again. */
static void
forget_certificate_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ObServerEditor *self = OB_SERVER_EDITOR (widget);

  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->pin_host, g_free);
  field_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->ca_row));
}

static void
update_security_warning (ObServerEditor *self)
{
  if (adw_combo_row_get_selected (self->security_row) == OB_SECURITY_NONE)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->security_row),
                                 _("Your password and your mail cross the network readable by "
                                   "anyone on the way."));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->security_row), "");
}

/* Switching between TLS and STARTTLS usually means switching between their
 * usual ports too; a port the person chose is left alone. */
static void
security_changed_cb (ObServerEditor *self)
{
  ObSecurity security = adw_combo_row_get_selected (self->security_row);
  int port = gtk_spin_button_get_value_as_int (self->port_spin);

  update_security_warning (self);
  if (!self->loading)
    {
      if (security == OB_SECURITY_TLS && port == STARTTLS_PORT)
        gtk_spin_button_set_value (self->port_spin, TLS_PORT);
      else if (security == OB_SECURITY_STARTTLS && port == TLS_PORT)
        gtk_spin_button_set_value (self->port_spin, STARTTLS_PORT);
    }
  field_changed_cb (self);
}

/* The row's position for @mechanism; one the list does not name (an OAuth2
 * account's) is added, so loading and applying keeps it. */
static guint
login_position (ObServerEditor *self,
                const char     *mechanism)
{
  GtkStringList *list = GTK_STRING_LIST (adw_combo_row_get_model (self->login_row));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (mechanism == NULL)
    return LOGIN_AUTOMATIC;
  for (guint i = LOGIN_AUTOMATIC + 1; i < n; i++)
    if (g_ascii_strcasecmp (gtk_string_list_get_string (list, i), mechanism) == 0)
      return i;
  gtk_string_list_append (list, mechanism);
  return n;
}

/**
 * ob_server_editor_load:
 *
 * Shows @account's server settings.
 */
void
ob_server_editor_load (ObServerEditor *self,
                       ObAccount      *account)
{
  const char *host, *username;

  g_return_if_fail (OB_IS_SERVER_EDITOR (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  host = ob_account_get_host (account);
  username = ob_account_get_username (account);
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host ? host : "");
  gtk_spin_button_set_value (self->port_spin, ob_account_get_port (account));
  adw_combo_row_set_selected (self->security_row, ob_account_get_security (account));
  adw_combo_row_set_selected (self->login_row,
                              login_position (self, ob_account_get_auth_mechanism (account)));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username ? username : "");
  g_free (self->pin);
  self->pin = g_strdup (ob_account_get_pinned_sha256 (account));
  g_free (self->pin_host);
  self->pin_host = g_strdup (host);
  set_ca_file (self, ob_account_get_ca_file (account));
  adw_expander_row_set_expanded (self->certificates_row,
                                 self->ca_file != NULL || self->pin != NULL);
  self->loading = FALSE;
  update_host_style (self);
  update_security_warning (self);
}

/**
 * ob_server_editor_apply:
 *
 * Gives @account the settings as shown; an empty user name means no login,
 * no certificate authority file means the system's, and the trusted
 * certificate is kept only while the server is the one it was trusted for.
 */
void
ob_server_editor_apply (ObServerEditor *self,
                        ObAccount      *account)
{
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;
  GtkStringList *logins;
  guint login;

  g_return_if_fail (OB_IS_SERVER_EDITOR (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  host = g_strstrip (g_strdup (host_text (self)));
  username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  logins = GTK_STRING_LIST (adw_combo_row_get_model (self->login_row));
  login = adw_combo_row_get_selected (self->login_row);

  g_object_freeze_notify (G_OBJECT (account));
  ob_account_set_host (account, host);
  ob_account_set_port (account, gtk_spin_button_get_value_as_int (self->port_spin));
  ob_account_set_security (account, adw_combo_row_get_selected (self->security_row));
  ob_account_set_auth_mechanism (account, login == LOGIN_AUTOMATIC
                                            ? NULL
                                            : gtk_string_list_get_string (logins, login));
  ob_account_set_username (account, username);
  ob_account_set_ca_file (account, self->ca_file);
  ob_account_set_pinned_sha256 (account, pin_applies (self) ? self->pin : NULL);
  g_object_thaw_notify (G_OBJECT (account));
}

/**
 * ob_server_editor_is_complete:
 *
 * Returns: whether the settings are enough to connect: a valid server name,
 *   and a certificate authority file (if any) that was read without fault
 */
gboolean
ob_server_editor_is_complete (ObServerEditor *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (OB_IS_SERVER_EDITOR (self), FALSE);

  host = g_strstrip (g_strdup (host_text (self)));
  return ob_hostname_is_valid (host) && self->ca_cancellable == NULL && self->ca_error == NULL;
}

/**
 * ob_server_editor_focus_field:
 *
 * Moves the keyboard focus to the control for @field.
 *
 * Returns: whether the editor has a control for @field
 */
gboolean
ob_server_editor_focus_field (ObServerEditor   *self,
                              ObDiagnosisField  field)
{
  GtkWidget *widget;

  g_return_val_if_fail (OB_IS_SERVER_EDITOR (self), FALSE);

  switch (field)
    {
    case OB_DIAGNOSIS_FIELD_HOST:
      widget = GTK_WIDGET (self->host_row);
      break;
    case OB_DIAGNOSIS_FIELD_PORT:
      widget = GTK_WIDGET (self->port_spin);
      break;
    case OB_DIAGNOSIS_FIELD_SECURITY:
      widget = GTK_WIDGET (self->security_row);
      break;
    case OB_DIAGNOSIS_FIELD_AUTH_MECHANISM:
      widget = GTK_WIDGET (self->login_row);
      break;
    case OB_DIAGNOSIS_FIELD_USERNAME:
      widget = GTK_WIDGET (self->username_row);
      break;
    default:
      return FALSE;
    }
  return gtk_widget_grab_focus (widget);
}

static void
ob_server_editor_dispose (GObject *object)
{
  ObServerEditor *self = OB_SERVER_EDITOR (object);

  if (self->ca_cancellable != NULL)
    g_cancellable_cancel (self->ca_cancellable);
  g_clear_object (&self->ca_cancellable);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_SERVER_EDITOR);

  G_OBJECT_CLASS (ob_server_editor_parent_class)->dispose (object);
}

static void
ob_server_editor_finalize (GObject *object)
{
  ObServerEditor *self = OB_SERVER_EDITOR (object);

  g_free (self->ca_file);
  g_clear_error (&self->ca_error);
  g_free (self->pin);
  g_free (self->pin_host);

  G_OBJECT_CLASS (ob_server_editor_parent_class)->finalize (object);
}

static void
ob_server_editor_class_init (ObServerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_server_editor_dispose;
  object_class->finalize = ob_server_editor_finalize;

  /**
   * ObServerEditor::changed:
   *
   * The person edited a field (loading an account does not count), or
   * reading the certificate authority file finished, which can change
   * whether the settings are complete.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-server-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, host_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, port_spin);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, security_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, login_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, username_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, certificates_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, ca_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, ca_error_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, ca_error_view);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, pin_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerEditor, fingerprint_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_install_action (widget_class, "server-editor.choose-ca-file", NULL,
                                   choose_ca_file_action);
  gtk_widget_class_install_action (widget_class, "server-editor.clear-ca-file", NULL,
                                   clear_ca_file_action);
  gtk_widget_class_install_action (widget_class, "server-editor.forget-certificate", NULL,
                                   forget_certificate_action);
}

static void
ob_server_editor_init (ObServerEditor *self)
{
  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_certificates (self);
}
