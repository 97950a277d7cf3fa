/* ob-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar of accounts beside the selected account's page, folding into
 * one column on a narrow screen; with no account, an invitation to add
 * one. Pages are made when an account is first selected and kept while it
 * exists, so a running test or an expanded row survives switching back and
 * forth. The account wizard and the composer are opened from one place
 * each, open_account_wizard() and open_composer().
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-account-outbox.h"
#include "ob-account-page.h"
#include "ob-account-row.h"
#include "ob-account-wizard.h"
#include "ob-composer-window.h"
#include "ob-window.h"

struct _ObWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  ObAccountStore       *store;
  ObOutbox             *outbox;
  GHashTable           *outboxes;   /* account id → ObAccountOutbox */
  ObAccount            *selected;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkListBox           *account_list;
  GtkWidget            *content;
  AdwWindowTitle       *content_title;
  GtkStack             *page_stack;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (ObWindow, ob_window, ADW_TYPE_APPLICATION_WINDOW)

ObWindow *
ob_window_new (ObApplication *application)
{
  return g_object_new (OB_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ob_window_add_toast:
 * @toast: (transfer full): the news to show
 */
void
ob_window_add_toast (ObWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (OB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ob_window_add_toast_for_widget:
 * @widget: a widget in the main window, or in a window that belongs to it
 * @toast: (transfer full): the news to show
 *
 * Shows @toast in the main window @widget belongs to. Outside one (a
 * widget on its own in a test, say) there is nowhere to show it.
 */
void
ob_window_add_toast_for_widget (GtkWidget *widget,
                                AdwToast  *toast)
{
  GtkWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  window = GTK_IS_WINDOW (widget) ? GTK_WINDOW (widget) : GTK_WINDOW (gtk_widget_get_root (widget));
  while (window != NULL && !OB_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (window == NULL)
    {
      g_debug ("No main window for the toast “%s”", adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }
  ob_window_add_toast (OB_WINDOW (window), toast);
}

static ObAccountOutbox *
get_account_outbox (ObWindow  *self,
                    ObAccount *account)
{
  const char *id = ob_account_get_id (account);
  ObAccountOutbox *outbox = g_hash_table_lookup (self->outboxes, id);

  if (outbox == NULL)
    {
      outbox = ob_account_outbox_new (self->outbox, id);
      g_hash_table_insert (self->outboxes, g_strdup (id), outbox);
    }
  return outbox;
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  ObWindow *self = user_data;

  return ob_account_row_new (OB_ACCOUNT (item), get_account_outbox (self, OB_ACCOUNT (item)));
}

static void
show_title (ObWindow *self)
{
  const char *title = NULL;
  const char *subtitle = NULL;

  if (self->selected != NULL)
    ob_account_row_describe (self->selected, &title, &subtitle);
  adw_window_title_set_title (self->content_title, title ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle);
}

static void
set_selected (ObWindow  *self,
              ObAccount *account)
{
  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  g_set_object (&self->selected, account);
  if (account != NULL)
    {
      g_signal_connect_object (account, "notify::display-name", G_CALLBACK (show_title), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (account, "notify::address", G_CALLBACK (show_title), self,
                               G_CONNECT_SWAPPED);
    }
  show_title (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compose", account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-account", account != NULL);
}

static void
show_account (ObWindow  *self,
              ObAccount *account)
{
  const char *id = ob_account_get_id (account);
  GtkWidget *page = gtk_stack_get_child_by_name (self->page_stack, id);

  if (page == NULL)
    {
      page = ob_account_page_new (account, get_account_outbox (self, account));
      gtk_stack_add_named (self->page_stack, page, id);
    }
  gtk_stack_set_visible_child (self->page_stack, page);
  set_selected (self, account);
}

static void
row_selected_cb (GtkListBox    *list,
                 GtkListBoxRow *row,
                 ObWindow      *self)
{
  if (row != NULL)
    show_account (self, ob_account_row_get_account (OB_ACCOUNT_ROW (row)));
}

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  ObWindow      *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static gboolean
is_stored (ObWindow   *self,
           const char *id)
{
  return ob_account_store_lookup (self->store, id) != NULL;
}

/* Pages and outbox views of removed accounts go with them. */
static void
forget_removed (ObWindow *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GtkWidget *child;
  GHashTableIter iter;
  const char *id;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!is_stored (self, gtk_stack_page_get_name (gtk_stack_get_page (self->page_stack, child))))
      g_ptr_array_add (gone, child);
  for (guint i = 0; i < gone->len; i++)
    gtk_stack_remove (self->page_stack, g_ptr_array_index (gone, i));

  g_hash_table_iter_init (&iter, self->outboxes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!is_stored (self, id))
      g_hash_table_iter_remove (&iter);

  if (self->selected != NULL && !is_stored (self, ob_account_get_id (self->selected)))
    set_selected (self, NULL);
}

static void
accounts_changed_cb (GListModel *store,
                     guint       position,
                     guint       removed,
                     guint       added,
                     ObWindow   *self)
{
  guint n_accounts = g_list_model_get_n_items (store);
  GtkListBoxRow *first;

  gtk_stack_set_visible_child_name (self->main_stack, n_accounts > 0 ? "accounts" : "empty");
  forget_removed (self);
  if (n_accounts == 0)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      return;
    }
  /* Something is always selected, so the content pane is never blank. */
  first = gtk_list_box_get_row_at_index (self->account_list, 0);
  if (gtk_list_box_get_selected_row (self->account_list) == NULL && first != NULL)
    gtk_list_box_select_row (self->account_list, first);
}

/**
 * ob_window_select_account:
 * @account: an account of the application's store
 *
 * Selects @account in the sidebar and shows its page, also when the
 * window is folded into one column.
 */
void
ob_window_select_account (ObWindow  *self,
                          ObAccount *account)
{
  guint n_accounts;

  g_return_if_fail (OB_IS_WINDOW (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(ObAccount) stored = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (g_strcmp0 (ob_account_get_id (stored), ob_account_get_id (account)) != 0)
        continue;
      gtk_list_box_select_row (self->account_list,
                               gtk_list_box_get_row_at_index (self->account_list, i));
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      return;
    }
  g_warning ("Account %s is not in the store", ob_account_get_id (account));
}

/**
 * ob_window_get_selected_account:
 *
 * Returns: (transfer none) (nullable): the account whose page is shown
 */
ObAccount *
ob_window_get_selected_account (ObWindow *self)
{
  g_return_val_if_fail (OB_IS_WINDOW (self), NULL);

  return self->selected;
}

/* The wizard saves an account only once its connection test passed. */
static void
account_saved_cb (GObject   *wizard,
                  ObAccount *account,
                  ObWindow  *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  GtkWidget *page;

  ob_window_select_account (self, account);
  page = gtk_stack_get_child_by_name (self->page_stack, ob_account_get_id (account));
  if (page != NULL)
    ob_account_page_show_test_passed (OB_ACCOUNT_PAGE (page), now);
  /* TRANSLATORS: %s is the account's address */
  text = g_strdup_printf (_("%s is set up"), ob_account_get_address (account));
  ob_window_add_toast (self, adw_toast_new (text));
}

/* @account to edit, or %NULL to add one. */
static void
open_account_wizard (ObWindow  *self,
                     ObAccount *account)
{
  GtkWindow *wizard = account != NULL
                      ? GTK_WINDOW (ob_account_wizard_new_for_account (GTK_WINDOW (self), account))
                      : GTK_WINDOW (ob_account_wizard_new (GTK_WINDOW (self)));

  g_signal_connect_object (wizard, "account-saved", G_CALLBACK (account_saved_cb), self, 0);
  gtk_window_present (wizard);
}

static void
open_composer (ObWindow  *self,
               ObAccount *account)
{
  gtk_window_present (GTK_WINDOW (ob_composer_window_new (GTK_WINDOW (self), account)));
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_account_wizard (OB_WINDOW (widget), NULL);
}

static void
edit_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ObWindow *self = OB_WINDOW (widget);

  if (self->selected != NULL)
    open_account_wizard (self, self->selected);
}

static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ObWindow *self = OB_WINDOW (widget);

  if (self->selected != NULL)
    open_composer (self, self->selected);
}

static void
show_accounts_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  adw_leaflet_navigate (OB_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_damaged_accounts_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ObWindow *self = OB_WINDOW (widget);
  const char *path = ob_account_store_get_kept_aside_path (self->store);
  g_autofree char *uri = path ? g_filename_to_uri (path, NULL, NULL) : NULL;

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* A damaged accounts file was set aside at start-up and what could be read
 * is listed: the person should know, once, and can look at the copy. */
static void
show_load_problems (ObWindow *self)
{
  GPtrArray *problems = ob_account_store_get_load_problems (self->store);
  AdwToast *toast;

  if (problems == NULL || problems->len == 0)
    return;
  toast = adw_toast_new (_("Some account settings could not be read and were set aside"));
  adw_toast_set_timeout (toast, 0);
  if (ob_account_store_get_kept_aside_path (self->store) != NULL)
    {
      adw_toast_set_button_label (toast, _("_Show File"));
      adw_toast_set_action_name (toast, "win.show-damaged-accounts");
    }
  ob_window_add_toast (self, toast);
}

static void
restore_window_state (ObWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Saved on close rather than bound live: the default size of a maximized
 * window is the size to restore to, which a binding would overwrite. */
static gboolean
ob_window_close_request (GtkWindow *window)
{
  ObWindow *self = OB_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (ob_window_parent_class)->close_request (window);
}

static void
ob_window_constructed (GObject *object)
{
  ObWindow *self = OB_WINDOW (object);
  ObApplication *app = OB_APPLICATION (g_application_get_default ());

  G_OBJECT_CLASS (ob_window_parent_class)->constructed (object);

  self->store = g_object_ref (ob_application_get_accounts (app));
  self->outbox = g_object_ref (ob_application_get_outbox (app));
  gtk_list_box_bind_model (self->account_list, G_LIST_MODEL (self->store),
                           create_account_row, self, NULL);
  /* After the list box's own handler, so the rows exist. */
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (accounts_changed_cb), self,
                           G_CONNECT_AFTER);
  accounts_changed_cb (G_LIST_MODEL (self->store), 0, 0, 0, self);
  show_load_problems (self);
}

static void
ob_window_dispose (GObject *object)
{
  ObWindow *self = OB_WINDOW (object);

  if (self->selected != NULL)
    g_signal_handlers_disconnect_by_data (self->selected, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_WINDOW);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->outboxes, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ob_window_parent_class)->dispose (object);
}

static void
ob_window_class_init (ObWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ob_window_constructed;
  object_class->dispose = ob_window_dispose;
  window_class->close_request = ob_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, account_list);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, content);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, ObWindow, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.edit-account", NULL, edit_account_action);
  gtk_widget_class_install_action (widget_class, "win.compose", NULL, compose_action);
  gtk_widget_class_install_action (widget_class, "win.show-accounts", NULL,
                                   show_accounts_action);
  gtk_widget_class_install_action (widget_class, "win.show-damaged-accounts", NULL,
                                   show_damaged_accounts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.compose", NULL);
}

static void
ob_window_init (ObWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->outboxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
  set_selected (self, NULL);
}
