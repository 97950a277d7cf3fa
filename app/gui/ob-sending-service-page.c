/* ob-sending-service-page.c — setting up an account that sends through a sending service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two views: the sending services of the built-in provider database, then
 * what the chosen one needs. Everything shown about a service (its servers,
 * regions, fixed user name, hints, notes and limits) comes from the
 * database, so a new service needs only a new provider file. The page keeps
 * no secret: the key goes out with "configured" and the fields are emptied
 * when the person goes back.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-account.h"
#include "ob-detector-candidate.h"
#include "ob-provider-db.h"
#include "ob-sending-service-page.h"

struct _ObSendingServicePage
{
  AdwBin                  parent_instance;

  char                   *name;
  char                   *address;
  ObProvider             *provider;
  const ObProviderServer *server;
  GPtrArray              *fact_rows;

  /* template children; the stack, AdwBin's child, is AdwBin's to drop */
  GtkListBox             *services_list;
  GtkLabel               *title_label;
  GtkLabel               *description_label;
  AdwComboRow            *region_row;
  GtkStringList          *regions;
  AdwActionRow           *server_row;
  AdwPreferencesGroup    *sign_in_group;
  AdwActionRow           *fixed_username_row;
  AdwEntryRow            *username_row;
  AdwEntryRow            *password_row;
  AdwPreferencesGroup    *facts_group;
  AdwPreferencesGroup    *help_group;
  AdwActionRow           *help_row;
};

G_DEFINE_FINAL_TYPE (ObSendingServicePage, ob_sending_service_page, ADW_TYPE_BIN)

enum {
  CONFIGURED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ob_sending_service_page_new:
 *
 * Returns: (transfer floating): a new page showing the list of services
 */
GtkWidget *
ob_sending_service_page_new (void)
{
  return g_object_new (OB_TYPE_SENDING_SERVICE_PAGE, NULL);
}

/* Every server of these services names its user name the same way, so the
 * first one speaks for the service in the list. */
static const char *
describe_needs (ObProvider *provider)
{
  const ObProviderServer *server = ob_provider_find_server (provider, NULL);
  gboolean has_regions = ob_provider_get_regions (provider)[0] != NULL;

  if (server != NULL && server->username != NULL)
    return has_regions ? _("Needs its region and an API key") : _("Needs an API key");
  if (ob_provider_get_username_is_secret (provider))
    return has_regions ? _("Needs its region and an API token") : _("Needs an API token");
  return has_regions ? _("Needs its region and an SMTP user name and password")
                     : _("Needs an SMTP user name and password");
}

static int
compare_display_names (gconstpointer a,
                       gconstpointer b)
{
  ObProvider *pa = *(ObProvider * const *) a;
  ObProvider *pb = *(ObProvider * const *) b;

  return g_utf8_collate (ob_provider_get_display_name (pa), ob_provider_get_display_name (pb));
}

static void
fill_services (ObSendingServicePage *self)
{
  GPtrArray *providers = ob_provider_db_get_providers (ob_provider_db_get_default ());
  g_autoptr(GPtrArray) services = g_ptr_array_new ();

  for (guint i = 0; i < providers->len; i++)
    {
      ObProvider *provider = g_ptr_array_index (providers, i);

      if (ob_provider_is_relay_service (provider) &&
          ob_provider_find_server (provider, NULL) != NULL)
        g_ptr_array_add (services, provider);
    }
  g_ptr_array_sort (services, compare_display_names);

  for (guint i = 0; i < services->len; i++)
    {
      ObProvider *provider = g_ptr_array_index (services, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ob_provider_get_display_name (provider));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), describe_needs (provider));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Set up"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_widget_set_name (row, ob_provider_get_id (provider));
      g_object_set_data_full (G_OBJECT (row), "ob-provider", g_object_ref (provider),
                              g_object_unref);
      gtk_list_box_append (self->services_list, row);
    }
}

static GtkStack *
get_stack (ObSendingServicePage *self)
{
  return GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
}

static const char *
get_region (ObSendingServicePage *self)
{
  guint selected = adw_combo_row_get_selected (self->region_row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->regions, selected);
}

/* A user name template can hold the address; until there is one, the
 * template itself is the best there is to show. */
static char *
expand (ObSendingServicePage *self,
        const char           *template)
{
  if (self->address == NULL || strchr (self->address, '@') == NULL)
    return g_strdup (template);
  return ob_provider_expand (template, self->address);
}

static gboolean
username_is_fixed (ObSendingServicePage *self)
{
  return self->server != NULL && self->server->username != NULL;
}

/* The token is asked for once, as the password: the account then logs in
 * with it as the user name too, and keeps no copy outside the keyring. */
static gboolean
username_is_secret (ObSendingServicePage *self)
{
  return !username_is_fixed (self) && ob_provider_get_username_is_secret (self->provider);
}

/* NULL when the user name is the secret. */
static char *
get_username (ObSendingServicePage *self)
{
  if (username_is_fixed (self))
    return expand (self, self->server->username);
  if (username_is_secret (self))
    return NULL;
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
}

static gboolean
is_complete (ObSendingServicePage *self)
{
  g_autofree char *username = NULL;

  if (self->provider == NULL || self->server == NULL || self->address == NULL)
    return FALSE;
  username = get_username (self);
  return (username_is_secret (self) || *username != '\0') &&
         *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
}

static void
update_continue (ObSendingServicePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sending-service.continue",
                                 is_complete (self));
}

static void
add_fact (ObSendingServicePage *self,
          const char           *icon_name,
          const char           *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_str_equal (icon_name, "dialog-warning-symbolic")
                                    ? _("Warning") : _("Note"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (self->facts_group, row);
  g_ptr_array_add (self->fact_rows, row);
}

static void
add_sending_limit (ObSendingServicePage *self)
{
  const ObSendingLimit *limit = ob_provider_get_sending_limit (self->provider);
  g_autoptr(GString) text = g_string_new (NULL);

  if (limit == NULL)
    return;
  if (limit->messages_per_day > 0)
    g_string_append_printf (text, ngettext ("You can send at most %u message a day.",
                                            "You can send at most %u messages a day.",
                                            limit->messages_per_day),
                            limit->messages_per_day);
  if (limit->recipients_per_day > 0)
    g_string_append_printf (text, ngettext (" Your messages can reach at most %u recipient a day.",
                                            " Your messages can reach at most %u recipients a "
                                            "day.",
                                            limit->recipients_per_day),
                            limit->recipients_per_day);
  if (limit->messages_per_minute > 0)
    g_string_append_printf (text, ngettext (" At most %u message a minute.",
                                            " At most %u messages a minute.",
                                            limit->messages_per_minute),
                            limit->messages_per_minute);
  if (limit->recipients_per_message > 0)
    g_string_append_printf (text, ngettext (" At most %u recipient per message.",
                                            " At most %u recipients per message.",
                                            limit->recipients_per_message),
                            limit->recipients_per_message);
  add_fact (self, "dialog-information-symbolic", g_strchug (text->str));
}

/* Notes depend on the server as well as the provider, so they are built
 * again whenever the region changes. */
static void
show_facts (ObSendingServicePage *self)
{
  const char *unverified = ob_provider_get_server_unverified (self->provider, self->server);

  for (guint i = 0; i < self->fact_rows->len; i++)
    adw_preferences_group_remove (self->facts_group, g_ptr_array_index (self->fact_rows, i));
  g_ptr_array_set_size (self->fact_rows, 0);

  if (unverified != NULL)
    {
      /* TRANSLATORS: %s is why the provider's entry is not confirmed, in English */
      g_autofree char *text = g_strdup_printf (_("Check this server against the service’s "
                                                 "instructions: %s."), unverified);

      add_fact (self, "dialog-warning-symbolic", text);
    }
  for (const char * const *n = ob_provider_get_notes (self->provider); *n != NULL; n++)
    add_fact (self, "dialog-information-symbolic", *n);
  for (char **n = self->server->notes; n != NULL && *n != NULL; n++)
    add_fact (self, "dialog-information-symbolic", *n);
  add_sending_limit (self);

  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), self->fact_rows->len > 0);
}

static void
show_sign_in (ObSendingServicePage *self)
{
  gboolean fixed = username_is_fixed (self);
  gboolean secret = username_is_secret (self);
  const char *username_hint = ob_provider_get_server_username_hint (self->provider, self->server);
  const char *password_hint = ob_provider_get_server_password_hint (self->provider, self->server);
  g_autofree char *hints = g_strjoin (" ", username_hint ? username_hint : "",
                                      password_hint ? password_hint : "", NULL);
  g_autofree char *escaped = g_markup_escape_text (g_strstrip (hints), -1);

  gtk_widget_set_visible (GTK_WIDGET (self->fixed_username_row), fixed);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), !fixed && !secret);
  if (fixed)
    {
      g_autofree char *username = get_username (self);

      adw_action_row_set_subtitle (self->fixed_username_row, username);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 fixed ? _("_API Key") : secret ? _("_API Token") : _("_Password"));
  adw_preferences_group_set_description (self->sign_in_group, escaped);
}

static void
show_server (ObSendingServicePage *self)
{
  g_autofree char *host = NULL;
  g_autofree char *described = NULL;

  self->server = ob_provider_find_server (self->provider, get_region (self));
  g_return_if_fail (self->server != NULL);

  host = expand (self, self->server->hostname);
  /* TRANSLATORS: a server name, its port, and how the connection is
   * encrypted, e.g. “encrypted from the start (TLS)” */
  described = g_strdup_printf (_("%s, port %u, %s"), host, self->server->port,
                               ob_security_describe (self->server->security));
  adw_action_row_set_subtitle (self->server_row, described);

  show_sign_in (self);
  show_facts (self);
  update_continue (self);
}

static void
show_description (ObSendingServicePage *self)
{
  g_autofree char *text = NULL;

  if (self->provider == NULL)
    return;
  if (self->address != NULL)
    /* TRANSLATORS: an address, then a sending service’s name */
    text = g_strdup_printf (_("Mail from %s will go out through %s."), self->address,
                            ob_provider_get_display_name (self->provider));
  else
    text = g_strdup_printf (_("Your mail will go out through %s."),
                            ob_provider_get_display_name (self->provider));
  gtk_label_set_text (self->description_label, text);
}

static void
clear_credentials (ObSendingServicePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
show_provider (ObSendingServicePage *self,
               ObProvider           *provider)
{
  const char * const *regions = ob_provider_get_regions (provider);
  const char *help_url = ob_provider_get_help_url (provider);

  /* The form reacts to its own changes (region, fields) only once it
   * shows a whole provider. */
  g_clear_object (&self->provider);
  self->server = NULL;
  clear_credentials (self);
  gtk_string_list_splice (self->regions, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->regions)), regions);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), regions[0] != NULL);
  adw_combo_row_set_selected (self->region_row,
                              regions[0] != NULL ? 0 : GTK_INVALID_LIST_POSITION);

  self->provider = g_object_ref (provider);
  gtk_label_set_text (self->title_label, ob_provider_get_display_name (provider));
  show_description (self);
  gtk_widget_set_visible (GTK_WIDGET (self->help_group), help_url != NULL);
  if (help_url != NULL)
    {
      const char *help_text = ob_provider_get_help_text (provider);
      g_autofree char *title = NULL;

      if (help_text != NULL)
        title = g_strdup (help_text);
      else
        /* TRANSLATORS: a sending service’s name */
        title = g_strdup_printf (_("Instructions from %s"),
                                 ob_provider_get_display_name (provider));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->help_row), title);
      adw_action_row_set_subtitle (self->help_row, help_url);
    }
  show_server (self);

  gtk_stack_set_visible_child_name (get_stack (self), "form");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (username_is_fixed (self) || username_is_secret (self)
                             ? GTK_WIDGET (self->password_row)
                             : GTK_WIDGET (self->username_row));
}

static void
on_service_activated_cb (ObSendingServicePage *self,
                         GtkListBoxRow        *row)
{
  show_provider (self, g_object_get_data (G_OBJECT (row), "ob-provider"));
}

static void
on_region_selected_cb (ObSendingServicePage *self)
{
  if (self->provider != NULL)
    show_server (self);
}

static void
on_credentials_changed_cb (ObSendingServicePage *self)
{
  update_continue (self);
}

static void
on_username_activated_cb (ObSendingServicePage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_activated_cb (ObSendingServicePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sending-service.continue", NULL);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ObSendingServicePage *self = OB_SENDING_SERVICE_PAGE (widget);
  g_autoptr(ObAccount) account = NULL;
  g_autofree char *host = NULL;
  g_autofree char *username = NULL;

  if (!is_complete (self))
    return;

  host = expand (self, self->server->hostname);
  username = get_username (self);
  account = ob_account_new (self->address);
  ob_account_set_sender_name (account, self->name);
  ob_account_set_host (account, host);
  ob_account_set_port (account, self->server->port);
  ob_account_set_security (account, self->server->security);
  /* No login method is set: the services all take a password over TLS,
   * and the client picks the best method the server offers. */
  ob_account_set_username (account, username);
  ob_account_set_username_is_secret (account, username_is_secret (self));
  ob_account_set_provider_id (account, ob_provider_get_id (self->provider));
  ob_account_set_detected (account, "built-in");

  g_signal_emit (self, signals[CONFIGURED], 0, account,
                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ObSendingServicePage *self = OB_SENDING_SERVICE_PAGE (widget);
  GtkWidget *row;

  if (self->provider == NULL)
    {
      g_signal_emit (self, signals[CANCELLED], 0);
      return;
    }

  row = gtk_widget_get_first_child (GTK_WIDGET (self->services_list));
  while (row != NULL && g_object_get_data (G_OBJECT (row), "ob-provider") != self->provider)
    row = gtk_widget_get_next_sibling (row);
  g_clear_object (&self->provider);
  self->server = NULL;
  clear_credentials (self);
  update_continue (self);
  gtk_stack_set_visible_child_name (get_stack (self), "list");
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
open_help_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ObSendingServicePage *self = OB_SENDING_SERVICE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->provider == NULL || ob_provider_get_help_url (self->provider) == NULL)
    return;
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                ob_provider_get_help_url (self->provider), GDK_CURRENT_TIME);
}

/**
 * ob_sending_service_page_set_address:
 * @name: (nullable): the sender's name, as recipients see it
 * @address: the address the account sends from
 *
 * Sets whom the account is for; a user name made from the address follows.
 */
void
ob_sending_service_page_set_address (ObSendingServicePage *self,
                                     const char           *name,
                                     const char           *address)
{
  g_return_if_fail (OB_IS_SENDING_SERVICE_PAGE (self));

  g_free (self->name);
  self->name = g_strdup (name);
  g_free (self->address);
  self->address = g_strdup (address);
  show_description (self);
  if (self->provider != NULL)
    show_server (self);
}

/**
 * ob_sending_service_page_select:
 * @provider_id: the id of a sending service of the built-in database
 *
 * Shows what that service needs, as when the person chooses it.
 */
void
ob_sending_service_page_select (ObSendingServicePage *self,
                                const char           *provider_id)
{
  ObProvider *provider;

  g_return_if_fail (OB_IS_SENDING_SERVICE_PAGE (self));

  provider = ob_provider_db_lookup_id (ob_provider_db_get_default (), provider_id);
  g_return_if_fail (provider != NULL && ob_provider_is_relay_service (provider));
  show_provider (self, provider);
}

/**
 * ob_sending_service_page_get_selected:
 *
 * Returns: (nullable): the id of the service whose form is shown
 */
const char *
ob_sending_service_page_get_selected (ObSendingServicePage *self)
{
  g_return_val_if_fail (OB_IS_SENDING_SERVICE_PAGE (self), NULL);

  return self->provider ? ob_provider_get_id (self->provider) : NULL;
}

static void
ob_sending_service_page_dispose (GObject *object)
{
  ObSendingServicePage *self = OB_SENDING_SERVICE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_SENDING_SERVICE_PAGE);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->fact_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ob_sending_service_page_parent_class)->dispose (object);
}

static void
ob_sending_service_page_finalize (GObject *object)
{
  ObSendingServicePage *self = OB_SENDING_SERVICE_PAGE (object);

  g_free (self->name);
  g_free (self->address);

  G_OBJECT_CLASS (ob_sending_service_page_parent_class)->finalize (object);
}

static void
ob_sending_service_page_class_init (ObSendingServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_sending_service_page_dispose;
  object_class->finalize = ob_sending_service_page_finalize;

  /**
   * ObSendingServicePage::configured:
   * @account: a new, unsaved account for the address, set up for the service
   * @secret: the API key or password typed; the page keeps no copy
   *
   * The person filled in what the service needs and pressed Continue.
   */
  signals[CONFIGURED] =
    g_signal_new ("configured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, OB_TYPE_ACCOUNT, G_TYPE_STRING);

  /**
   * ObSendingServicePage::cancelled:
   *
   * The person went back from the list of services.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbound/Outbound/ui/"
                                               "ob-sending-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, services_list);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, region_row);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, regions);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, fixed_username_row);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, username_row);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, help_group);
  gtk_widget_class_bind_template_child (widget_class, ObSendingServicePage, help_row);
  gtk_widget_class_bind_template_callback (widget_class, on_service_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_region_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_credentials_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);

  gtk_widget_class_install_action (widget_class, "sending-service.continue", NULL,
                                   continue_action);
  gtk_widget_class_install_action (widget_class, "sending-service.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "sending-service.open-help", NULL,
                                   open_help_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sending-service.back",
                                       NULL);
}

static void
ob_sending_service_page_init (ObSendingServicePage *self)
{
  self->fact_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_services (self);
  update_continue (self);
}
