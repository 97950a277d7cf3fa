/* ob-outbox-row.c — one message of an account's outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row shows where its message stands and follows it as it changes. Only
 * messages that wait for the person expand: a failed one to its diagnosis,
 * an uncertain one to the question only the person can answer, a held one
 * to why it is held. The buttons name the outbox view's actions with the
 * message's id as target; the row itself changes nothing.
 *
 * The subject, the addresses and the server's words come from outside:
 * every label here is plain text.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-diagnosis-view.h"
#include "ob-outbox.h"
#include "ob-outbox-row.h"

struct _ObOutboxRow
{
  AdwExpanderRow   parent_instance;

  ObOutboxEntry   *entry;
  ObAccount       *account;
  const char      *icon_class;

  /* template children */
  GtkImage        *state_icon;
  GtkLabel        *time_label;
  GtkLabel        *size_label;
  GtkLabel        *explanation_label;
  ObDiagnosisView *diagnosis_view;
  GtkWidget       *delete_button;
  GtkWidget       *mark_sent_button;
  GtkWidget       *send_again_button;
  GtkWidget       *retry_button;
};

G_DEFINE_FINAL_TYPE (ObOutboxRow, ob_outbox_row, ADW_TYPE_EXPANDER_ROW)

typedef struct
{
  const char *icon_name;
  const char *css_class;
  const char *description;
} StateLook;

static StateLook
state_look (ObOutboxState state)
{
  switch (state)
    {
    case OB_OUTBOX_STATE_QUEUED:
      return (StateLook) { "mail-send-symbolic", "dim-label", _("Waiting to be sent") };
    case OB_OUTBOX_STATE_SENDING:
      return (StateLook) { "mail-send-receive-symbolic", "accent", _("Sending") };
    case OB_OUTBOX_STATE_SENT:
      return (StateLook) { "emblem-ok-symbolic", "success", _("Sent") };
    case OB_OUTBOX_STATE_FAILED:
      return (StateLook) { "dialog-error-symbolic", "error", _("Not sent") };
    case OB_OUTBOX_STATE_UNCERTAIN:
      return (StateLook) { "dialog-question-symbolic", "warning", _("Maybe sent") };
    case OB_OUTBOX_STATE_HELD:
      return (StateLook) { "dialog-warning-symbolic", "warning", _("On hold") };
    default:
      g_return_val_if_reached (((StateLook) { "mail-send-symbolic", "dim-label", "" }));
    }
}

static char *
format_day_or_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, C_("time of day", "%H:%M"));
  return g_date_time_format (when, C_("day of the year", "%b %-d"));
}

static char *
explain_held (ObOutboxEntry *entry)
{
  const GError *error = ob_outbox_entry_get_error (entry);

  if (g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_ACCOUNT))
    return g_strdup (_("The account this message was to be sent from no longer exists. Delete "
                       "the message, or add the account again and retry."));
  if (g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD))
    return g_strdup (_("Outbound has no password for this account. Test the connection to "
                       "enter it, then retry."));
  /* TRANSLATORS: %s says why, in a few words */
  return g_strdup_printf (_("This message waits for you: %s. Retry when that is solved."),
                          error != NULL ? error->message : _("no reason was recorded"));
}

static void
show_failure (ObOutboxRow *self)
{
  const GError *error = ob_outbox_entry_get_error (self->entry);
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  ObDiagnosisContext context = {
    .provider_id = ob_account_get_provider_id (self->account),
    .host = ob_account_get_host (self->account),
    .port = ob_account_get_port (self->account),
    .has_security = TRUE,
    .security = ob_account_get_security (self->account),
  };

  if (error != NULL)
    diagnosis = ob_diagnosis_new_for_error (error, &context);
  ob_diagnosis_view_set_diagnosis (self->diagnosis_view, diagnosis);
  gtk_widget_set_visible (GTK_WIDGET (self->diagnosis_view), diagnosis != NULL);
}

static void
show_details (ObOutboxRow *self)
{
  ObOutboxState state = ob_outbox_entry_get_state (self->entry);
  g_autofree char *explanation = NULL;
  gboolean expands;

  switch (state)
    {
    case OB_OUTBOX_STATE_UNCERTAIN:
      explanation = g_strdup (_("The connection was lost after the message was handed over, "
                                "before the server confirmed it, so it may have arrived. Ask a "
                                "recipient or look in the sent mail on the server: if it "
                                "arrived, mark it as sent; if not, send it again."));
      break;
    case OB_OUTBOX_STATE_HELD:
      explanation = explain_held (self->entry);
      break;
    case OB_OUTBOX_STATE_FAILED:
      show_failure (self);
      break;
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_SENDING:
    case OB_OUTBOX_STATE_SENT:
    default:
      break;
    }

  expands = state == OB_OUTBOX_STATE_FAILED || state == OB_OUTBOX_STATE_UNCERTAIN ||
            state == OB_OUTBOX_STATE_HELD;
  if (!expands)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), FALSE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), expands);

  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), explanation != NULL);
  gtk_label_set_text (self->explanation_label, explanation ? explanation : "");
  if (state != OB_OUTBOX_STATE_FAILED)
    gtk_widget_set_visible (GTK_WIDGET (self->diagnosis_view), FALSE);

  gtk_widget_set_visible (self->retry_button,
                          state == OB_OUTBOX_STATE_FAILED || state == OB_OUTBOX_STATE_HELD);
  gtk_widget_set_visible (self->delete_button,
                          state == OB_OUTBOX_STATE_FAILED || state == OB_OUTBOX_STATE_HELD);
  gtk_widget_set_visible (self->send_again_button, state == OB_OUTBOX_STATE_UNCERTAIN);
  gtk_widget_set_visible (self->mark_sent_button, state == OB_OUTBOX_STATE_UNCERTAIN);
}

static void
show_state (ObOutboxRow *self)
{
  StateLook look = state_look (ob_outbox_entry_get_state (self->entry));
  g_autofree char *status = ob_outbox_entry_dup_status_text (self->entry);
  const char * const *to = ob_outbox_entry_get_recipients (self->entry);
  g_autofree char *recipients = g_strjoinv (", ", (char **) to);
  g_autofree char *subtitle = NULL;

  if (self->icon_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), self->icon_class);
  self->icon_class = look.css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), look.css_class);
  gtk_image_set_from_icon_name (self->state_icon, look.icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_icon), look.description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, look.description, -1);

  /* TRANSLATORS: the first %s is the recipients' addresses, the second
   * where the message stands, like “Sent at 14:05”; keep the line break */
  subtitle = g_strdup_printf (_("To %s\n%s"), recipients, status);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  show_details (self);
}

static void
show_message (ObOutboxRow *self)
{
  const char *subject = ob_outbox_entry_get_subject (self->entry);
  g_autofree char *size = g_format_size (ob_outbox_entry_get_size (self->entry));
  g_autofree char *time = format_day_or_time (ob_outbox_entry_get_created (self->entry));
  const char *id = ob_outbox_entry_get_id (self->entry);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 subject != NULL ? subject : _("(no subject)"));
  gtk_label_set_text (self->size_label, size);
  gtk_label_set_text (self->time_label, time);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->send_again_button), "s", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mark_sent_button), "s", id);
}

/**
 * ob_outbox_row_new:
 * @entry: the message to show
 * @account: its account, whose server the diagnosis of a failure names
 */
GtkWidget *
ob_outbox_row_new (ObOutboxEntry *entry,
                   ObAccount     *account)
{
  ObOutboxRow *self;

  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (entry), NULL);
  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);

  self = g_object_new (OB_TYPE_OUTBOX_ROW, NULL);
  self->entry = g_object_ref (entry);
  self->account = g_object_ref (account);
  /* The status text changes with every state and every retry. */
  g_signal_connect_object (entry, "notify::status-text", G_CALLBACK (show_state), self,
                           G_CONNECT_SWAPPED);
  show_message (self);
  show_state (self);
  return GTK_WIDGET (self);
}

ObOutboxEntry *
ob_outbox_row_get_entry (ObOutboxRow *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ROW (self), NULL);

  return self->entry;
}

static void
ob_outbox_row_dispose (GObject *object)
{
  ObOutboxRow *self = OB_OUTBOX_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_OUTBOX_ROW);
  g_clear_object (&self->entry);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ob_outbox_row_parent_class)->dispose (object);
}

static void
ob_outbox_row_class_init (ObOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_outbox_row_dispose;

  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, diagnosis_view);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, mark_sent_button);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, send_again_button);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxRow, retry_button);
}

static void
ob_outbox_row_init (ObOutboxRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
