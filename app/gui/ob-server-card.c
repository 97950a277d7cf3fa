/* ob-server-card.c — the server detection chose, in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server as the account will use it ("smtp.example.com, port 465,
 * encrypted (TLS), password login"), what a probe found, where it came
 * from and how far that source can be trusted; then everything the person
 * should know before sending a password there: a source that could have
 * been tampered with, a host outside the address's domain (which they must
 * confirm), a port networks block, and what the provider requires.
 *
 * Host names, origins and hints may come from DNS or a web page: every row
 * shows them as plain text.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-detector-event.h"
#include "ob-server-card.h"

enum {
  PROP_0,
  PROP_CONFIRMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _ObServerCard
{
  AdwBin       parent_instance;

  gboolean     needs_confirmation;
  GtkCheckButton *confirm_check;    /* in notes_list, or NULL */

  /* template children */
  AdwActionRow *server_row;
  GtkImage     *server_icon;
  AdwActionRow *source_row;
  GtkListBox   *notes_list;
};

G_DEFINE_FINAL_TYPE (ObServerCard, ob_server_card, ADW_TYPE_BIN)

GtkWidget *
ob_server_card_new (void)
{
  return g_object_new (OB_TYPE_SERVER_CARD, NULL);
}

static GtkWidget *
add_note (ObServerCard *self,
          const char   *icon_name,
          const char   *title,
          const char   *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_str_equal (icon_name, "dialog-warning-symbolic")
                                    ? _("Warning") : _("Information"), -1);
  if (g_str_equal (icon_name, "dialog-warning-symbolic"))
    gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->notes_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), TRUE);
  return row;
}

/* A link to the provider's own page, which says it better than we can. */
static void
add_link (GtkWidget  *row,
          const char *label,
          const char *uri)
{
  GtkWidget *button = gtk_link_button_new_with_label (uri, label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, uri);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
confirm_toggled_cb (ObServerCard *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
}

static void
add_confirmation (ObServerCard        *self,
                  ObDetectorCandidate *candidate)
{
  g_autofree char *why = ob_detector_candidate_describe_confirmation (candidate);
  g_autofree char *title = NULL;
  GtkWidget *row;

  /* TRANSLATORS: %s is a domain, such as example.net */
  title = g_strdup_printf (_("Send Your Password to %s?"),
                           ob_detector_candidate_get_password_domain (candidate));
  row = add_note (self, "dialog-warning-symbolic", title, why);
  self->confirm_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Confirm")));
  gtk_widget_set_valign (GTK_WIDGET (self->confirm_check), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->confirm_check, "toggled", G_CALLBACK (confirm_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->confirm_check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row),
                                         GTK_WIDGET (self->confirm_check));
}

static void
add_provider_notes (ObServerCard *self,
                    ObProvider   *provider)
{
  const char *app_password_url = NULL;
  ObAppPasswordPolicy app_password = ob_provider_get_app_password (provider, &app_password_url);
  const char *help_url = ob_provider_get_help_url (provider);
  const char *oauth2_only = ob_provider_describe_oauth2_only (provider);
  GtkWidget *row;

  if (oauth2_only != NULL)
    {
      row = add_note (self, "dialog-warning-symbolic", _("Passwords Are Refused"), oauth2_only);
      if (help_url != NULL)
        add_link (row, _("Help"), help_url);
    }
  if (ob_app_password_policy_describe (app_password) != NULL)
    {
      row = add_note (self, "dialog-warning-symbolic", _("App Password Needed"),
                      ob_app_password_policy_describe (app_password));
      if (app_password_url != NULL || help_url != NULL)
        add_link (row, _("How to Make One"), app_password_url ? app_password_url : help_url);
    }
  if (ob_provider_get_enable_access_url (provider) != NULL)
    {
      row = add_note (self, "dialog-information-symbolic", _("Access for Mail Apps"),
                      _("Switch on access for mail apps in your account settings first."));
      add_link (row, _("Open"), ob_provider_get_enable_access_url (provider));
    }
}

static void
add_candidate_notes (ObServerCard        *self,
                     ObDetectorCandidate *candidate)
{
  const char *hint;

  if (ob_detector_candidate_get_trust (candidate) == OB_DETECTOR_TRUST_INSECURE)
    add_note (self, "dialog-warning-symbolic", _("Found Without Encryption"),
              _("These settings came from a page fetched without encryption: someone on the "
                "network could have changed them."));
  if (ob_detector_candidate_needs_confirmation (candidate))
    add_confirmation (self, candidate);
  if (ob_detector_candidate_describe_port_warning (candidate) != NULL)
    add_note (self, "dialog-warning-symbolic", _("Port 25"),
              ob_detector_candidate_describe_port_warning (candidate));
  if (ob_detector_candidate_get_unverified (candidate) != NULL)
    add_note (self, "dialog-information-symbolic", _("Not Confirmed by the Provider"),
              ob_detector_candidate_get_unverified (candidate));
  if ((hint = ob_detector_candidate_get_username_hint (candidate)) != NULL)
    add_note (self, "dialog-information-symbolic", _("User Name"), hint);
  if ((hint = ob_detector_candidate_get_password_hint (candidate)) != NULL)
    add_note (self, "dialog-information-symbolic", _("Password"), hint);
  for (const char * const *note = ob_detector_candidate_get_notes (candidate); *note; note++)
    add_note (self, "dialog-information-symbolic", _("Note"), *note);
}

static char *
describe_source (ObDetectorCandidate *candidate)
{
  const char *origin = ob_detector_candidate_get_origin (candidate);
  const char *source = ob_detector_source_describe (ob_detector_candidate_get_source (candidate));
  const char *trust = ob_detector_trust_describe (ob_detector_candidate_get_trust (candidate));

  if (origin != NULL)
    /* TRANSLATORS: where a server was found, how far that can be trusted,
     * and the record or page: “DNS SRV record (not authenticated):
     * _submissions._tcp.example.com” */
    return g_strdup_printf (_("%s (%s): %s"), source, trust, origin);
  /* TRANSLATORS: “built-in database (trusted)” */
  return g_strdup_printf (_("%s (%s)"), source, trust);
}

/**
 * ob_server_card_set_candidate:
 * @candidate: the server to show
 * @account: the account as it would use @candidate, for its description
 *
 * Shows @candidate; a server that needs confirmation starts unconfirmed.
 */
void
ob_server_card_set_candidate (ObServerCard        *self,
                              ObDetectorCandidate *candidate,
                              ObAccount           *account)
{
  g_autofree char *described = NULL;
  g_autofree char *verification = NULL;
  g_autofree char *source = NULL;
  ObProvider *provider;
  GtkWidget *row;
  gboolean verified;

  g_return_if_fail (OB_IS_SERVER_CARD (self));
  g_return_if_fail (OB_IS_DETECTOR_CANDIDATE (candidate));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  described = ob_account_describe_server (account);
  verification = ob_detector_candidate_describe_verification (candidate);
  source = describe_source (candidate);
  verified = ob_detector_candidate_get_verification (candidate) ==
             OB_DETECTOR_VERIFICATION_VERIFIED;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), described);
  adw_action_row_set_subtitle (self->server_row, verification);
  gtk_image_set_from_icon_name (self->server_icon, verified ? "emblem-ok-symbolic"
                                                            : "network-server-symbolic");
  if (verified)
    gtk_widget_add_css_class (GTK_WIDGET (self->server_icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_icon), "success");
  adw_action_row_set_subtitle (self->source_row, source);

  self->confirm_check = NULL;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), FALSE);

  add_candidate_notes (self, candidate);
  provider = ob_detector_candidate_get_provider (candidate);
  if (provider != NULL)
    add_provider_notes (self, provider);

  self->needs_confirmation = ob_detector_candidate_needs_confirmation (candidate);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
}

/**
 * ob_server_card_get_confirmed:
 *
 * Returns: whether the password may go to the server shown: it needs no
 *   confirmation, or the person gave it
 */
gboolean
ob_server_card_get_confirmed (ObServerCard *self)
{
  g_return_val_if_fail (OB_IS_SERVER_CARD (self), FALSE);

  return !self->needs_confirmation ||
         (self->confirm_check != NULL && gtk_check_button_get_active (self->confirm_check));
}

static void
ob_server_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ObServerCard *self = OB_SERVER_CARD (object);

  switch (prop_id)
    {
    case PROP_CONFIRMED:
      g_value_set_boolean (value, ob_server_card_get_confirmed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_server_card_class_init (ObServerCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ob_server_card_get_property;

  properties[PROP_CONFIRMED] =
    g_param_spec_boolean ("confirmed", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-server-card.ui");
  gtk_widget_class_bind_template_child (widget_class, ObServerCard, server_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerCard, server_icon);
  gtk_widget_class_bind_template_child (widget_class, ObServerCard, source_row);
  gtk_widget_class_bind_template_child (widget_class, ObServerCard, notes_list);
}

static void
ob_server_card_init (ObServerCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
