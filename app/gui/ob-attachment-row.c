/* ob-attachment-row.c — one attached file: its name, size and a remove button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-attachment-row.h"

struct _ObAttachmentRow
{
  AdwActionRow  parent_instance;

  char         *path;
  guint64       size;

  /* template children */
  GtkButton    *remove_button;
};

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ObAttachmentRow, ob_attachment_row, ADW_TYPE_ACTION_ROW)

static void
remove_clicked_cb (ObAttachmentRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
ob_attachment_row_finalize (GObject *object)
{
  ObAttachmentRow *self = OB_ATTACHMENT_ROW (object);

  g_free (self->path);

  G_OBJECT_CLASS (ob_attachment_row_parent_class)->finalize (object);
}

static void
ob_attachment_row_class_init (ObAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ob_attachment_row_finalize;

  /**
   * ObAttachmentRow::remove:
   *
   * The person wants the file off the message.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbound/Outbound/ui/"
                                               "ob-attachment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ObAttachmentRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
ob_attachment_row_init (ObAttachmentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ob_attachment_row_new:
 * @path: the file, as an absolute path
 * @size: its size in bytes
 */
GtkWidget *
ob_attachment_row_new (const char *path,
                       guint64     size)
{
  ObAttachmentRow *self;
  g_autofree char *name = NULL;
  g_autofree char *shown_size = NULL;
  g_autofree char *remove_label = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (OB_TYPE_ATTACHMENT_ROW, NULL);
  self->path = g_strdup (path);
  self->size = size;
  name = g_filename_display_basename (path);
  shown_size = g_format_size (size);
  /* File names are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), shown_size);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), path);
  /* TRANSLATORS: the accessible name of the button that takes a file off
   * the message; %s is the file's name */
  remove_label = g_strdup_printf (_("Remove %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  return GTK_WIDGET (self);
}

const char *
ob_attachment_row_get_path (ObAttachmentRow *self)
{
  g_return_val_if_fail (OB_IS_ATTACHMENT_ROW (self), NULL);

  return self->path;
}

guint64
ob_attachment_row_get_size (ObAttachmentRow *self)
{
  g_return_val_if_fail (OB_IS_ATTACHMENT_ROW (self), 0);

  return self->size;
}
