/* ob-window.c — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-window.h"

struct _ObWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  /* template children */
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (ObWindow, ob_window, ADW_TYPE_APPLICATION_WINDOW)

ObWindow *
ob_window_new (ObApplication *application)
{
  return g_object_new (OB_TYPE_WINDOW,
                       "application", application,
                       NULL);
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
ob_window_dispose (GObject *object)
{
  ObWindow *self = OB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ob_window_parent_class)->dispose (object);
}

static void
ob_window_class_init (ObWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ob_window_dispose;
  window_class->close_request = ob_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObWindow, empty_page);
}

static void
ob_window_init (ObWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
}
