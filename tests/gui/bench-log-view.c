/* bench-log-view.c — what a full transcript costs the log view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; asserts nothing about them. Needs a display, so run it in
 * the test session: `./dev test --benchmark --suite gui --verbose`.
 */
#include "config.h"

#include "ob-application.h"
#include "ob-i18n.h"
#include "ob-log-row.h"
#include "ob-log-window.h"
#include "ob-test-gui.h"

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static guint
n_shown (ObLogView *view)
{
  GtkWidget *list = ob_test_gui_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))));
}

/* Runs the search for @text on the whole log at once, without the entry's
 * typing delay. Replacing the entry's text empties it first, and an empty
 * entry searches at once, so the time starts from every line shown. */
static void
search (ObLogView  *view,
        const char *text)
{
  GtkWidget *entry = ob_test_gui_find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
  gint64 start;

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (entry, "search-changed");
  g_print ("search “%s”: %.1f ms, %u lines match\n",
           text, (g_get_monotonic_time () - start) / 1000.0, n_shown (view));
}

int
main (int argc, char *argv[])
{
  g_autoptr(ObApplication) app = NULL;
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  g_autoptr(GError) error = NULL;
  ObLogWindow *window;
  ObLogView *view;
  GtkWidget *list;
  gint64 start;

  ob_i18n_init ();
  gtk_init ();
  adw_init ();

  app = ob_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < OB_TRANSCRIPT_MAX_ENTRIES; i++)
    {
      char line[96];

      g_snprintf (line, sizeof line, "250-line %u of a long EHLO reply with some text", i);
      ob_transcript_add_server_line (transcript, line, -1);
    }

  window = ob_log_window_new (NULL);
  view = ob_log_window_get_view (window);
  gtk_window_present (GTK_WINDOW (window));
  ob_test_gui_wait_until (is_mapped, window, 5000);

  /* The first time includes what happens once: making the rows, loading
   * the monospace font. */
  start = g_get_monotonic_time ();
  ob_log_view_set_transcript (view, transcript);
  g_print ("show a transcript of %u lines, the first time: %.1f ms\n",
           OB_TRANSCRIPT_MAX_ENTRIES, (g_get_monotonic_time () - start) / 1000.0);
  ob_test_gui_iterate (500);

  list = ob_test_gui_find_widget (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW);
  g_print ("rows made for them: %u\n", ob_test_gui_count_widgets (list, OB_TYPE_LOG_ROW));

  ob_log_view_set_transcript (view, NULL);
  ob_test_gui_iterate (200);
  start = g_get_monotonic_time ();
  ob_log_view_set_transcript (view, transcript);
  g_print ("show it again: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  ob_test_gui_iterate (500);

  search (view, "line 4242 ");
  search (view, "EHLO");
  search (view, "größe");
  gtk_editable_set_text (GTK_EDITABLE (ob_test_gui_find_widget (GTK_WIDGET (view),
                                                                GTK_TYPE_SEARCH_ENTRY)), "");

  start = g_get_monotonic_time ();
  ob_log_view_set_verbosity (view, OB_LOG_VERBOSITY_ERRORS);
  g_print ("show errors only: %.1f ms, %u lines\n",
           (g_get_monotonic_time () - start) / 1000.0, n_shown (view));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
