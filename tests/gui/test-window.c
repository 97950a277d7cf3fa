/* test-window.c — the main window under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-test-gui.h"
#include "ob-window.h"

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

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->app);
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

  /* Its button waits, insensitive and explained, for the account wizard. */
  button = ob_test_gui_find_label (root, _("_Add Account"));
  if (button == NULL)
    button = ob_test_gui_find_label (root, _("Add Account"));
  g_assert_nonnull (button);
  button = gtk_widget_get_ancestor (button, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));

  screenshot = ob_test_gui_screenshot (root, "main-window");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
}

static void
test_window_actions (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) quit = NULL;
  g_auto(GStrv) help = NULL;
  g_auto(GStrv) preferences = NULL;
  g_auto(GStrv) log = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->app), "show-log"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "show-help-overlay"));

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

  the_app = ob_test_gui_start_app (&argc, &argv, FALSE);

  g_test_add ("/ob/window/empty-state", Fixture, NULL,
              fixture_setup, test_window_empty_state, fixture_teardown);
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
