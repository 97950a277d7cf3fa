/* ob-log-row.c — one line of the troubleshooting log, with its explanation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list view recycles a handful of rows for any number of entries, so a
 * row only ever swaps what it shows; it never owns the entry.
 *
 * Everything shown here may have come from a server: labels are set with
 * gtk_label_set_text() and never interpret markup or mnemonics, and the
 * kind marker comes from the entry's kind, never from its text, so no line
 * can pass for a line of another kind.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-diagnosis-view.h"
#include "ob-log-row.h"

struct _ObLogRow
{
  GtkWidget          parent_instance;

  ObTranscriptEntry *entry;
  ObDiagnosis       *diagnosis;
  const char        *kind_class;

  /* template children */
  GtkLabel          *time_label;
  GtkLabel          *kind_label;
  GtkLabel          *text_label;
  ObDiagnosisView   *diagnosis_view;
};

G_DEFINE_FINAL_TYPE (ObLogRow, ob_log_row, GTK_TYPE_WIDGET)

typedef struct
{
  const char *css_class;
  const char *marker;
  const char *description;
} KindStyle;

/* “C:” and “S:” are the SMTP RFCs’ own notation and “TLS” a name, so they
 * stay as they are in every language, like the saved log’s prefixes. */
static KindStyle
kind_style (ObTranscriptKind kind)
{
  switch (kind)
    {
    case OB_TRANSCRIPT_CLIENT:
      return (KindStyle) { "client", "C:", _("Sent by Outbound") };
    case OB_TRANSCRIPT_SERVER:
      return (KindStyle) { "server", "S:", _("Sent by the server") };
    case OB_TRANSCRIPT_TLS:
      return (KindStyle) { "tls", "TLS", _("Encryption") };
    case OB_TRANSCRIPT_INFO:
      return (KindStyle) { "info", C_("log line kind", "info"), _("What Outbound is doing") };
    case OB_TRANSCRIPT_ERROR:
      return (KindStyle) { "error", C_("log line kind", "error"), _("Failure") };
    default:
      g_return_val_if_reached (((KindStyle) { "info", "?", "" }));
    }
}

GtkWidget *
ob_log_row_new (void)
{
  return g_object_new (OB_TYPE_LOG_ROW, NULL);
}

static void
show_time (ObLogRow          *self,
           ObTranscriptEntry *entry)
{
  GDateTime *timestamp = ob_transcript_entry_get_timestamp (entry);
  g_autofree char *seconds = g_date_time_format (timestamp, "%H:%M:%S");
  g_autofree char *text = g_strdup_printf ("%s.%03d", seconds,
                                           g_date_time_get_microsecond (timestamp) / 1000);

  gtk_label_set_text (self->time_label, text);
}

/**
 * ob_log_row_set_entry:
 * @entry: (nullable): the entry to show, or %NULL when the row is recycled
 *
 * Shows @entry. A diagnosis shown for the previous entry is dropped.
 */
void
ob_log_row_set_entry (ObLogRow          *self,
                      ObTranscriptEntry *entry)
{
  KindStyle style;
  gboolean protocol;

  g_return_if_fail (OB_IS_LOG_ROW (self));
  g_return_if_fail (entry == NULL || OB_IS_TRANSCRIPT_ENTRY (entry));

  if (self->entry == entry)
    return;

  ob_log_row_set_diagnosis (self, NULL);
  g_set_object (&self->entry, entry);
  if (entry == NULL)
    return;

  style = kind_style (ob_transcript_entry_get_kind (entry));
  if (self->kind_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->kind_class);
  self->kind_class = style.css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self), style.css_class);

  show_time (self, entry);
  gtk_label_set_text (self->kind_label, style.marker);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_label), style.description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, style.description,
                                  -1);
  gtk_label_set_text (self->text_label, ob_transcript_entry_get_text (entry));

  /* Commands and replies read best aligned, as on the wire; prose does not. */
  protocol = ob_transcript_entry_get_kind (entry) == OB_TRANSCRIPT_CLIENT ||
             ob_transcript_entry_get_kind (entry) == OB_TRANSCRIPT_SERVER;
  if (protocol)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "monospace");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "monospace");
}

/**
 * ob_log_row_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry shown
 */
ObTranscriptEntry *
ob_log_row_get_entry (ObLogRow *self)
{
  g_return_val_if_fail (OB_IS_LOG_ROW (self), NULL);

  return self->entry;
}

/**
 * ob_log_row_set_diagnosis:
 * @diagnosis: (nullable): what the failure on this line means, or %NULL
 *
 * Shows @diagnosis under the line: its title, explanation, remedy and, when
 * it has one, a link to help.
 */
void
ob_log_row_set_diagnosis (ObLogRow    *self,
                          ObDiagnosis *diagnosis)
{
  g_return_if_fail (OB_IS_LOG_ROW (self));
  g_return_if_fail (diagnosis == NULL || OB_IS_DIAGNOSIS (diagnosis));

  if (g_set_object (&self->diagnosis, diagnosis))
    ob_diagnosis_view_set_diagnosis (self->diagnosis_view, diagnosis);
}

/**
 * ob_log_row_get_diagnosis:
 *
 * Returns: (transfer none) (nullable): the diagnosis shown under the line
 */
ObDiagnosis *
ob_log_row_get_diagnosis (ObLogRow *self)
{
  g_return_val_if_fail (OB_IS_LOG_ROW (self), NULL);

  return self->diagnosis;
}

static void
ob_log_row_dispose (GObject *object)
{
  ObLogRow *self = OB_LOG_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_LOG_ROW);
  /* The template's grid has no name, so disposing the template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->entry);
  g_clear_object (&self->diagnosis);

  G_OBJECT_CLASS (ob_log_row_parent_class)->dispose (object);
}

static void
ob_log_row_class_init (ObLogRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_log_row_dispose;

  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-log-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ObLogRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, ObLogRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, ObLogRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, ObLogRow, diagnosis_view);
}

static void
ob_log_row_init (ObLogRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
