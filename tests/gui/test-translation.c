/* test-translation.c — the app speaks German when asked to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with LANGUAGE=de and the build tree's catalogs, this proves the whole
 * pipeline: xgettext found the strings, the .po translated them, msgfmt
 * compiled them, and the app binds its catalog at start-up.
 */
#include "config.h"

#include "ob-application.h"
#include "ob-i18n.h"
#include "ob-test-gui.h"
#include "ob-window.h"

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_translation_german_window (void)
{
  g_autoptr(ObApplication) app = ob_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *screenshot = NULL;
  ObWindow *window;

  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "de");

  /* Test programs run in parallel on one bus: none may be the unique one. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = ob_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ob_test_gui_wait_until (window_is_mapped, window, 5000));

  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (window), "Ausgehende E-Mail einrichten"));
  g_assert_null (ob_test_gui_find_label (GTK_WIDGET (window), "Set Up Outgoing Mail"));

  screenshot = ob_test_gui_screenshot (GTK_WIDGET (window), "main-window-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  ob_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ob/translation/german-window", test_translation_german_window);

  return g_test_run ();
}
