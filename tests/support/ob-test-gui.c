/* ob-test-gui.c — helpers for GUI tests under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include <adwaita.h>

#include "ob-i18n.h"
#include "ob-test-gui.h"
#include "ob-test-util.h"

/**
 * ob_test_gui_wait_until:
 *
 * Runs the main loop until @predicate holds or @timeout_ms pass, so no test
 * can hang. Returns whether @predicate held.
 */
gboolean
ob_test_gui_wait_until (ObTestPredicate predicate,
                        gpointer        data,
                        guint           timeout_ms)
{
  return ob_test_wait_until (predicate, data, timeout_ms);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ob_test_gui_iterate (guint ms)
{
  ob_test_gui_wait_until (never, NULL, ms);
}

static gboolean
paintable_has_content (gpointer data)
{
  GdkPaintable *paintable = data;
  GtkWidget *widget = gtk_widget_paintable_get_widget (GTK_WIDGET_PAINTABLE (paintable));

  /* A window shown after another may wait a frame or two for its size;
   * until then its paintable has a placeholder size and draws nothing. */
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0 &&
         gdk_paintable_get_intrinsic_width (paintable) > 0 &&
         gdk_paintable_get_intrinsic_height (paintable) > 0;
}

/**
 * ob_test_gui_screenshot:
 * @widget: a mapped widget
 * @name: what the picture shows, used as the file name
 *
 * Renders @widget to `$OB_SCREENSHOT_DIR/@name.png` for reviewers.
 *
 * Returns: the path written
 */
char *
ob_test_gui_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strconcat (name, ".png", NULL);
  const char *dir = g_getenv ("OB_SCREENSHOT_DIR");
  GskRenderer *renderer;
  char *path;
  int width, height;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* The paintable is empty until the widget has been sized and drawn once. */
  gtk_widget_queue_draw (widget);
  g_assert_true (ob_test_gui_wait_until (paintable_has_content, paintable, 5000));
  ob_test_gui_iterate (200);

  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/**
 * ob_test_gui_find_label:
 *
 * Finds a GtkLabel below @root showing exactly @text, or %NULL.
 */
GtkWidget *
ob_test_gui_find_label (GtkWidget  *root,
                        const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ob_test_gui_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ob_test_gui_find_widget:
 *
 * Finds the first widget of @type at or below @root, depth first, or %NULL.
 */
GtkWidget *
ob_test_gui_find_widget (GtkWidget *root,
                         GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ob_test_gui_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ob_test_gui_count_widgets:
 *
 * Counts the widgets of @type at or below @root: how many a container
 * really made, for instance the rows of a list view.
 */
guint
ob_test_gui_count_widgets (GtkWidget *root,
                           GType      type)
{
  guint n = g_type_is_a (G_OBJECT_TYPE (root), type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += ob_test_gui_count_widgets (child, type);
  return n;
}

/**
 * ob_test_gui_find_message_dialog:
 *
 * Returns: (nullable): the visible #AdwMessageDialog, if one is open
 */
AdwMessageDialog *
ob_test_gui_find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* A predicate for ob_test_gui_wait_until(): a message dialog is on screen. */
gboolean
ob_test_gui_message_dialog_is_open (gpointer unused)
{
  AdwMessageDialog *dialog = ob_test_gui_find_message_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

static char *app_dirs;

static void
remove_app_dirs (void)
{
  ob_test_remove_tree (app_dirs);
  g_clear_pointer (&app_dirs, g_free);
}

/* GLib isolates each test case's directories only once the test runs, but
 * the application reads its accounts and outbox at start-up, before: it
 * gets directories of its own, so test programs running side by side
 * never share an account file. */
static void
isolate_app_dirs (void)
{
  static const struct { const char *variable, *name; } dirs[] = {
    { "HOME", "home" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };
  g_autoptr(GError) error = NULL;

  app_dirs = g_dir_make_tmp ("outbound-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (app_dirs, dirs[i].name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      g_setenv (dirs[i].variable, path, TRUE);
    }
  atexit (remove_app_dirs);
}

/**
 * ob_test_gui_start_app:
 * @isolate_dirs: whether the test gets its own home and XDG directories
 *
 * Initialises translations, GTK and libadwaita for a GUI test program and
 * makes the one application its windows belong to. A registered
 * GApplication keeps its D-Bus path until the process ends, so a program
 * has exactly one; and since test programs run in parallel on one bus,
 * none may be the unique instance.
 *
 * Returns: (transfer full): the registered application
 */
ObApplication *
ob_test_gui_start_app (int       *argc,
                       char    ***argv,
                       gboolean   isolate_dirs)
{
  g_autoptr(GError) error = NULL;
  ObApplication *app;

  ob_i18n_init ();
  if (isolate_dirs)
    {
      isolate_app_dirs ();
      gtk_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
    }
  else
    gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = ob_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
has_text (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) || GTK_IS_TEXT (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_SPIN_BUTTON (widget);
}

/* What a screen reader can name a control by: its own text, a tooltip, an
 * accessible label or labelling widget, or the row it sits in. */
static gboolean
is_labelled (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return has_text (widget) || gtk_widget_get_tooltip_text (widget) != NULL ||
         gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
         (row != NULL && *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) != '\0');
}

static GtkWidget *
find_unlabelled (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (is_control (root) && !is_labelled (root))
    return root;
  /* A control's own parts are named by the control. */
  if (is_control (root))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_unlabelled (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ob_test_gui_assert_labelled:
 * @root: a window or part of one
 *
 * Fails the test, naming the widget and where it is, when a shown control
 * below @root has nothing a screen reader could name it by. Needs
 * `GTK_A11Y=test`.
 */
void
ob_test_gui_assert_labelled (GtkWidget *root)
{
  GtkWidget *found = find_unlabelled (root);
  g_autoptr(GString) path = g_string_new (NULL);

  if (found == NULL)
    return;
  for (GtkWidget *w = found; w != NULL; w = gtk_widget_get_parent (w))
    g_string_append_printf (path, "%s%s", path->len ? " < " : "", G_OBJECT_TYPE_NAME (w));
  g_error ("a control has no accessible name: %s", path->str);
}
