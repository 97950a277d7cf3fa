/* test-window.c — the main window under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-account-page.h"
#include "ob-account-row.h"
#include "ob-application.h"
#include "ob-secrets.h"
#include "ob-test-gui.h"
#include "ob-window.h"

#define WAIT_MS 10000

typedef struct
{
  ObApplication *app;
  ObWindow *window;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. */
static ObApplication *the_app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->app = g_object_ref (the_app);
  f->window = ob_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
}

/* Each test starts without accounts. */
static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ObAccountStore *store = ob_application_get_accounts (f->app);

  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    {
      g_autoptr(ObAccount) account = g_list_model_get_item (G_LIST_MODEL (store), 0);
      g_autoptr(GError) error = NULL;

      g_assert_true (ob_account_store_remove (store, account, NULL, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&f->app);
}

static gboolean
widget_is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (data));
}

static ObAccount *
add_account (Fixture    *f,
             const char *address,
             const char *name)
{
  g_autoptr(ObAccount) account = ob_account_new (address);
  g_autoptr(GError) error = NULL;

  ob_account_set_display_name (account, name);
  ob_account_set_host (account, "smtp.example.com");
  ob_account_set_port (account, 587);
  ob_account_set_security (account, OB_SECURITY_STARTTLS);
  ob_account_set_username (account, address);
  g_assert_true (ob_account_store_add (ob_application_get_accounts (f->app), account, &error));
  g_assert_no_error (error);
  return account;
}

static GtkWidget *
find_shown_page (GtkWidget *root)
{
  if (OB_IS_ACCOUNT_PAGE (root) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *root;
  ObAccount *account;
} PageWait;

static gboolean
page_is_shown (gpointer data)
{
  PageWait *wait = data;
  GtkWidget *page = find_shown_page (wait->root);

  return page != NULL && ob_account_page_get_account (OB_ACCOUNT_PAGE (page)) == wait->account;
}

static gboolean
no_page_is_shown (gpointer data)
{
  return find_shown_page (data) == NULL;
}

static GtkListBoxRow *
find_account_row (GtkWidget *root,
                  ObAccount *account)
{
  GtkWidget *list = gtk_widget_get_parent (ob_test_gui_find_widget (root, OB_TYPE_ACCOUNT_ROW));

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

      if (row == NULL || ob_account_row_get_account (OB_ACCOUNT_ROW (row)) == account)
        return row;
    }
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_window_empty_state (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  GtkWidget *title;
  GtkWidget *button;
  g_autofree char *screenshot = NULL;

  g_assert_true (ob_test_gui_wait_until (window_is_mapped, f->window, 5000));

  /* With no account, the window invites the person to set one up. */
  title = ob_test_gui_find_label (root, _("Set Up Outgoing Mail"));
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_is_visible (title));

  /* Its button opens the account wizard. */
  button = ob_test_gui_find_label (root, _("_Add Account"));
  if (button == NULL)
    button = ob_test_gui_find_label (root, _("Add Account"));
  g_assert_nonnull (button);
  button = gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "win.add-account");
  g_assert_null (ob_window_get_selected_account (f->window));

  screenshot = ob_test_gui_screenshot (root, "main-window-empty");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
}


/* Accounts added to the store appear in the sidebar; the first is shown,
 * and selecting another shows its page. */
static void
test_window_accounts (Fixture *f, gconstpointer data)
{
  GtkWidget *root = GTK_WIDGET (f->window);
  g_autofree char *server = NULL;
  ObAccount *ada, *bob;
  PageWait wait = { root, NULL };

  g_assert_true (ob_test_gui_wait_until (window_is_mapped, f->window, 5000));
  ada = add_account (f, "ada@example.com", "Ada Lovelace");
  bob = add_account (f, "bob@example.org", NULL);
  ob_test_gui_iterate (50);

  g_assert_cmpuint (ob_test_gui_count_widgets (root, OB_TYPE_ACCOUNT_ROW), ==, 2);
  g_assert_nonnull (ob_test_gui_find_label (root, "Ada Lovelace"));
  g_assert_nonnull (ob_test_gui_find_label (root, "ada@example.com"));
  g_assert_nonnull (ob_test_gui_find_label (root, "bob@example.org"));
  g_assert_true (ob_test_gui_wait_until (widget_is_unmapped,
                                         ob_test_gui_find_label (root, _("Set Up Outgoing Mail")),
                                         WAIT_MS));

  wait.account = ada;
  g_assert_true (ob_test_gui_wait_until (page_is_shown, &wait, WAIT_MS));
  g_assert_true (ob_window_get_selected_account (f->window) == ada);

  gtk_widget_activate (GTK_WIDGET (find_account_row (root, bob)));
  wait.account = bob;
  g_assert_true (ob_test_gui_wait_until (page_is_shown, &wait, WAIT_MS));
  g_assert_true (ob_window_get_selected_account (f->window) == bob);

  /* The page describes the server in words. */
  server = ob_account_describe_server (bob);
  g_assert_nonnull (ob_test_gui_find_label (find_shown_page (root), server));

  ob_window_select_account (f->window, ada);
  wait.account = ada;
  g_assert_true (ob_test_gui_wait_until (page_is_shown, &wait, WAIT_MS));
}

static gboolean
leaflet_is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static gboolean
leaflet_is_still (gpointer data)
{
  return !adw_leaflet_get_child_transition_running (ADW_LEAFLET (data));
}

static gboolean
sidebar_is_shown (gpointer data)
{
  AdwLeaflet *leaflet = data;

  return gtk_widget_get_mapped (ob_test_gui_find_widget (GTK_WIDGET (leaflet),
                                                         OB_TYPE_ACCOUNT_ROW));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action_name,
             gboolean    mapped)
{
  if (GTK_IS_BUTTON (root) && (!mapped || gtk_widget_get_mapped (root)) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name, mapped);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* At 360 pixels the two panes fold into one: the list, then the page with
 * a way back. */
static void
test_window_narrow (Fixture *f, gconstpointer data)
{
  GtkWidget *root;
  GtkWidget *leaflet;
  GtkWidget *back;
  ObAccount *ada;
  PageWait wait;
  g_autofree char *screenshot = NULL;

  gtk_window_destroy (GTK_WINDOW (f->window));
  ada = add_account (f, "ada@example.com", "Ada Lovelace");
  add_account (f, "bob@example.org", NULL);
  f->window = ob_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 640);
  gtk_window_present (GTK_WINDOW (f->window));
  root = GTK_WIDGET (f->window);
  leaflet = ob_test_gui_find_widget (root, ADW_TYPE_LEAFLET);
  g_assert_true (ob_test_gui_wait_until (window_is_mapped, f->window, 5000));
  g_assert_true (ob_test_gui_wait_until (leaflet_is_folded, leaflet, WAIT_MS));
  g_assert_cmpint (gtk_widget_get_width (root), <=, 360);

  /* Folded, the list comes first. */
  g_assert_true (ob_test_gui_wait_until (sidebar_is_shown, leaflet, WAIT_MS));
  g_assert_true (ob_test_gui_wait_until (no_page_is_shown, root, WAIT_MS));

  gtk_widget_activate (GTK_WIDGET (find_account_row (root, ada)));
  wait = (PageWait) { root, ada };
  g_assert_true (ob_test_gui_wait_until (page_is_shown, &wait, WAIT_MS));
  g_assert_true (ob_test_gui_wait_until (leaflet_is_still, leaflet, WAIT_MS));
  screenshot = ob_test_gui_screenshot (root, "main-window-narrow");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));

  /* The back button, shown only when folded, leads back to the list. */
  back = find_button (root, "win.show-accounts", TRUE);
  g_assert_nonnull (back);
  g_assert_nonnull (gtk_widget_get_tooltip_text (back));
  gtk_widget_activate (back);
  g_assert_true (ob_test_gui_wait_until (sidebar_is_shown, leaflet, WAIT_MS));
}

static gboolean
store_is_empty (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

/* Removing asks first, then takes the account out of the store and its
 * password out of the keyring. */
static void
test_window_remove_account (Fixture *f, gconstpointer data)
{
  ObAccountStore *store = ob_application_get_accounts (f->app);
  GtkWidget *root = GTK_WIDGET (f->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *screenshot = NULL;
  g_autofree char *id = NULL;
  char *secret;
  GtkWindow *dialog;
  ObAccount *ada;
  PageWait wait;

  ada = add_account (f, "ada@example.com", "Ada Lovelace");
  id = g_strdup (ob_account_get_id (ada));
  g_assert_true (ob_secrets_store_sync (id, "smtp.example.com", "ada@example.com",
                                        OB_SECRET_KIND_PASSWORD, "not-a-real-password",
                                        NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_test_gui_wait_until (window_is_mapped, f->window, 5000));
  wait = (PageWait) { root, ada };
  g_assert_true (ob_test_gui_wait_until (page_is_shown, &wait, WAIT_MS));

  g_assert_true (gtk_widget_activate_action (find_shown_page (root), "account.remove", NULL));
  g_assert_true (ob_test_gui_wait_until (ob_test_gui_message_dialog_is_open, NULL, WAIT_MS));
  dialog = GTK_WINDOW (ob_test_gui_find_message_dialog ());
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               "remove"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  screenshot = ob_test_gui_screenshot (GTK_WIDGET (dialog), "remove-account-confirmation");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));

  /* Nothing happens before the person confirms. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  g_assert_true (ob_test_gui_wait_until (store_is_empty, store, WAIT_MS));

  secret = ob_secrets_lookup_sync (id, OB_SECRET_KIND_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  ob_test_gui_iterate (50);
  g_assert_cmpuint (ob_test_gui_count_widgets (root, OB_TYPE_ACCOUNT_ROW), ==, 0);
  g_assert_null (ob_window_get_selected_account (f->window));
  g_assert_true (ob_test_gui_wait_until (window_is_mapped,
                                         ob_test_gui_find_label (root, _("Set Up Outgoing Mail")),
                                         WAIT_MS));
}

static void
test_window_actions (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) help = NULL;
  g_auto(GStrv) preferences = NULL;
  g_auto(GStrv) log = NULL;
  GtkWidget *compose;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "show-log"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "show-help-overlay"));

  /* Composing needs an account; adding one never does. */
  compose = find_button (GTK_WIDGET (f->window), "win.compose", FALSE);
  g_assert_nonnull (compose);
  g_assert_false (gtk_widget_get_sensitive (compose));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (f->window),
                                                        "win.add-account", FALSE)));
  add_account (f, "ada@example.com", NULL);
  g_assert_nonnull (ob_window_get_selected_account (f->window));
  g_assert_true (gtk_widget_get_sensitive (compose));

  quit = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) quit, "<Control>q"));
  help = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help, "<Control>question"));
  preferences = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                       "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) preferences, "<Control>comma"));
  log = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "app.show-log");
  g_assert_true (g_strv_contains ((const char * const *) log, "<Control>l"));
}

static GtkWindow *
find_about_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
about_is_open (gpointer data)
{
  return find_about_window () != NULL;
}

static void
test_window_about (Fixture *f, gconstpointer data)
{
  GtkWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "about", NULL);
  g_assert_true (ob_test_gui_wait_until (about_is_open, NULL, 5000));

  about = find_about_window ();
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (f->window));
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_WEBSITE);
  gtk_window_destroy (about);
}

static void
test_window_size_persists (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ObWindow *second;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 480);
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  second = ob_window_new (f->app);
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  f->window = second;
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/window/empty-state", Fixture, NULL,
              fixture_setup, test_window_empty_state, fixture_teardown);
  g_test_add ("/ob/window/accounts", Fixture, NULL,
              fixture_setup, test_window_accounts, fixture_teardown);
  g_test_add ("/ob/window/narrow", Fixture, NULL,
              fixture_setup, test_window_narrow, fixture_teardown);
  g_test_add ("/ob/window/remove-account", Fixture, NULL,
              fixture_setup, test_window_remove_account, fixture_teardown);
  g_test_add ("/ob/window/actions", Fixture, NULL,
              fixture_setup, test_window_actions, fixture_teardown);
  g_test_add ("/ob/window/about", Fixture, NULL,
              fixture_setup, test_window_about, fixture_teardown);
  g_test_add ("/ob/window/size-persists", Fixture, NULL,
              fixture_setup, test_window_size_persists, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
