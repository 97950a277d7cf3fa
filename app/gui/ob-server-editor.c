/* ob-server-editor.c — an account's server settings, edited by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every setting a connection needs, as a person would find it on their
 * provider's help page. The editor only holds what is typed: load() fills
 * it from an account and apply() writes it back, so the wizard can offer
 * a detected server here and keep the detected one until the person
 * continues.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-address.h"
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

  /* template children */
  AdwEntryRow         *host_row;
  GtkSpinButton       *port_spin;
  AdwComboRow         *security_row;
  AdwComboRow         *login_row;
  AdwEntryRow         *username_row;
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

static void
field_changed_cb (ObServerEditor *self)
{
  update_host_style (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
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
  self->loading = FALSE;
  update_host_style (self);
  update_security_warning (self);
}

/**
 * ob_server_editor_apply:
 *
 * Gives @account the settings as typed; an empty user name means no login.
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
  g_object_thaw_notify (G_OBJECT (account));
}

/**
 * ob_server_editor_is_complete:
 *
 * Returns: whether the settings are enough to connect: a valid server name
 */
gboolean
ob_server_editor_is_complete (ObServerEditor *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (OB_IS_SERVER_EDITOR (self), FALSE);

  host = g_strstrip (g_strdup (host_text (self)));
  return ob_hostname_is_valid (host);
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
ob_server_editor_class_init (ObServerEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * ObServerEditor::changed:
   *
   * The person edited a field (loading an account does not count).
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
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
}

static void
ob_server_editor_init (ObServerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
