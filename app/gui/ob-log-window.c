/* ob-log-window.c — the troubleshooting log in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows which lines the person last chose (the log-verbosity
 * setting), so the log opens the way they left it.
 */
#include "config.h"

#include "ob-log-window.h"

struct _ObLogWindow
{
  AdwWindow  parent_instance;

  GSettings *settings;

  /* template children */
  ObLogView *view;
};

G_DEFINE_FINAL_TYPE (ObLogWindow, ob_log_window, ADW_TYPE_WINDOW)

/**
 * ob_log_window_new:
 * @transcript: (nullable): the transcript to show
 *
 * Returns: (transfer none): a new log window, owned by GTK's list of
 *   toplevels until it is destroyed
 */
ObLogWindow *
ob_log_window_new (ObTranscript *transcript)
{
  ObLogWindow *self;

  g_return_val_if_fail (transcript == NULL || OB_IS_TRANSCRIPT (transcript), NULL);

  self = g_object_new (OB_TYPE_LOG_WINDOW, NULL);
  ob_log_view_set_transcript (self->view, transcript);
  return self;
}

/**
 * ob_log_window_get_view:
 *
 * Returns: (transfer none): the log view, for instance to add a diagnosis
 */
ObLogView *
ob_log_window_get_view (ObLogWindow *self)
{
  g_return_val_if_fail (OB_IS_LOG_WINDOW (self), NULL);

  return self->view;
}

static void
ob_log_window_dispose (GObject *object)
{
  ObLogWindow *self = OB_LOG_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_LOG_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ob_log_window_parent_class)->dispose (object);
}

static void
ob_log_window_class_init (ObLogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_log_window_dispose;

  g_type_ensure (OB_TYPE_LOG_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObLogWindow, view);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
ob_log_window_init (ObLogWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "log-verbosity", self->view, "verbosity",
                   G_SETTINGS_BIND_DEFAULT);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}
