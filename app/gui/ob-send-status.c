/* ob-send-status.c — a message being sent: progress, then what became of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While the message uploads: how much has gone, of how much, and Cancel.
 * When it did not go: the failure explained (the diagnosis card), whether
 * the outbox still holds it, and the choice to keep it there or delete it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-diagnosis-view.h"
#include "ob-send-status.h"

struct _ObSendStatus
{
  GtkBox           parent_instance;

  /* template children */
  GtkStack        *stack;
  GtkLabel        *progress_label;
  GtkProgressBar  *progress_bar;
  GtkButton       *cancel_button;
  ObDiagnosisView *diagnosis_view;
  GtkLabel        *outcome_label;
  GtkButton       *delete_button;
};

enum {
  CANCEL,
  KEEP,
  DELETE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ObSendStatus, ob_send_status, GTK_TYPE_BOX)

static void
cancel_clicked_cb (ObSendStatus *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

static void
keep_clicked_cb (ObSendStatus *self)
{
  g_signal_emit (self, signals[KEEP], 0);
}

static void
delete_clicked_cb (ObSendStatus *self)
{
  g_signal_emit (self, signals[DELETE], 0);
}

static void
ob_send_status_class_init (ObSendStatusClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);

  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[KEEP] = g_signal_new ("keep", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DELETE] = g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbound/Outbound/ui/"
                                               "ob-send-status.ui");
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, stack);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, progress_label);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, diagnosis_view);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, ObSendStatus, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
}

static void
ob_send_status_init (ObSendStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ob_send_status_show_progress:
 * @bytes_sent: how much of the message has been uploaded
 * @total: its size
 */
void
ob_send_status_show_progress (ObSendStatus *self,
                              guint64       bytes_sent,
                              guint64       total)
{
  g_autofree char *sent_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (OB_IS_SEND_STATUS (self));

  sent_text = g_format_size (bytes_sent);
  total_text = g_format_size (total);
  /* TRANSLATORS: how much of a message was uploaded, as in “Sending… 1.2 MB
   * of 4.5 MB” */
  text = g_strdup_printf (_("Sending… %s of %s"), sent_text, total_text);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 total > 0 ? (double) MIN (bytes_sent, total) / total : 0.0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
}

/**
 * ob_send_status_show_outcome:
 * @diagnosis: (nullable): why the message was not sent
 * @text: where the message is now, and what will happen to it
 * @can_delete: whether the message is still in the outbox, to be deleted
 */
void
ob_send_status_show_outcome (ObSendStatus *self,
                             ObDiagnosis  *diagnosis,
                             const char   *text,
                             gboolean      can_delete)
{
  g_return_if_fail (OB_IS_SEND_STATUS (self));

  ob_diagnosis_view_set_diagnosis (self->diagnosis_view, diagnosis);
  gtk_widget_set_visible (GTK_WIDGET (self->diagnosis_view), diagnosis != NULL);
  gtk_label_set_text (self->outcome_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), can_delete);
  gtk_stack_set_visible_child_name (self->stack, "outcome");
}
