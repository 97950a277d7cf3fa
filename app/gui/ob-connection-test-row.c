/* ob-connection-test-row.c — one step of a connection test, as a checklist row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row follows its step as the test runs in the core: a spinner while
 * it runs, then a check or a cross and the time it took. A failed step
 * opens up to show the diagnosis and a button to the setting to change;
 * the buttons activate the connection test view's actions.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-connection-test-row.h"
#include "ob-diagnosis-view.h"

struct _ObConnectionTestRow
{
  GtkListBoxRow         parent_instance;

  ObConnectionTestStep *step;

  /* template children */
  GtkStack             *status_stack;
  GtkSpinner           *spinner;
  GtkLabel             *title_label;
  GtkLabel             *detail_label;
  GtkLabel             *time_label;
  GtkRevealer          *failure_revealer;
  ObDiagnosisView      *diagnosis_view;
  GtkButton            *fix_button;
  GtkButton            *certificate_button;
};

G_DEFINE_FINAL_TYPE (ObConnectionTestRow, ob_connection_test_row, GTK_TYPE_LIST_BOX_ROW)

static void update (ObConnectionTestRow *self);

/**
 * ob_connection_test_row_new:
 * @step: the step to show
 *
 * Returns: (transfer floating): a row that follows @step
 */
GtkWidget *
ob_connection_test_row_new (ObConnectionTestStep *step)
{
  ObConnectionTestRow *self;

  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (step), NULL);

  self = g_object_new (OB_TYPE_CONNECTION_TEST_ROW, NULL);
  self->step = g_object_ref (step);
  g_signal_connect_object (step, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

ObConnectionTestStep *
ob_connection_test_row_get_step (ObConnectionTestRow *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_ROW (self), NULL);

  return self->step;
}

/**
 * ob_connection_test_row_set_can_review_certificate:
 * @can_review: whether the failure was a refused certificate the person
 *   may look at and choose to trust
 */
void
ob_connection_test_row_set_can_review_certificate (ObConnectionTestRow *self,
                                                   gboolean             can_review)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_button), can_review);
}

static char *
format_duration (gint64 usec)
{
  if (usec < G_USEC_PER_SEC)
    /* TRANSLATORS: how long a step of the connection test took */
    return g_strdup_printf (_("%d ms"), (int) MAX (usec / 1000, 1));
  /* TRANSLATORS: how long a step of the connection test took, in seconds */
  return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);
}

/* The button names the setting to change, in the words of the settings. */
static const char *
fix_label (ObDiagnosisField field)
{
  switch (field)
    {
    case OB_DIAGNOSIS_FIELD_HOST:
      return _("Change _Server");
    case OB_DIAGNOSIS_FIELD_PORT:
      return _("Change _Port");
    case OB_DIAGNOSIS_FIELD_SECURITY:
      return _("Change _Security");
    case OB_DIAGNOSIS_FIELD_USERNAME:
      return _("Change _Username");
    case OB_DIAGNOSIS_FIELD_PASSWORD:
      return _("Change _Password");
    case OB_DIAGNOSIS_FIELD_AUTH_MECHANISM:
      return _("Change _Login Method");
    case OB_DIAGNOSIS_FIELD_SENDER:
      return _("Change _Address");
    case OB_DIAGNOSIS_FIELD_NONE:
    case OB_DIAGNOSIS_FIELD_RECIPIENTS:
    case OB_DIAGNOSIS_FIELD_MESSAGE:
    default:
      return NULL;
    }
}

typedef struct
{
  const char *page;
  const char *description;
} StateLook;

static StateLook
state_look (ObConnectionTestStepState state)
{
  switch (state)
    {
    case OB_CONNECTION_TEST_STEP_RUNNING:
      return (StateLook) { "running", _("In progress") };
    case OB_CONNECTION_TEST_STEP_PASSED:
      return (StateLook) { "passed", _("Passed") };
    case OB_CONNECTION_TEST_STEP_FAILED:
      return (StateLook) { "failed", _("Failed") };
    case OB_CONNECTION_TEST_STEP_SKIPPED:
      return (StateLook) { "skipped", _("Skipped") };
    case OB_CONNECTION_TEST_STEP_PENDING:
    default:
      return (StateLook) { "pending", _("Not started") };
    }
}

static void
update (ObConnectionTestRow *self)
{
  ObConnectionTestStepState state = ob_connection_test_step_get_state (self->step);
  ObDiagnosis *diagnosis = ob_connection_test_step_get_diagnosis (self->step);
  const char *detail = ob_connection_test_step_get_detail (self->step);
  gint64 duration = ob_connection_test_step_get_duration (self->step);
  StateLook look = state_look (state);
  const char *fix = diagnosis ? fix_label (ob_diagnosis_get_field (diagnosis)) : NULL;
  g_autofree char *time = duration > 0 ? format_duration (duration) : NULL;
  g_autofree char *name = NULL;

  gtk_stack_set_visible_child_name (self->status_stack, look.page);
  gtk_spinner_set_spinning (self->spinner, state == OB_CONNECTION_TEST_STEP_RUNNING);
  gtk_label_set_text (self->title_label, ob_connection_test_step_get_title (self->step));
  gtk_label_set_text (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  gtk_label_set_text (self->time_label, time ? time : "");

  ob_diagnosis_view_set_diagnosis (self->diagnosis_view,
                                   state == OB_CONNECTION_TEST_STEP_FAILED ? diagnosis : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->fix_button), fix != NULL);
  if (fix != NULL)
    gtk_button_set_label (self->fix_button, fix);
  if (state != OB_CONNECTION_TEST_STEP_FAILED)
    gtk_widget_set_visible (GTK_WIDGET (self->certificate_button), FALSE);
  gtk_revealer_set_reveal_child (self->failure_revealer, state == OB_CONNECTION_TEST_STEP_FAILED);

  /* A screen reader hears the step and how it went, not an icon's name. */
  name = g_strdup_printf ("%s: %s", ob_connection_test_step_get_title (self->step),
                          look.description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_stack), look.description);
}

static void
ob_connection_test_row_dispose (GObject *object)
{
  ObConnectionTestRow *self = OB_CONNECTION_TEST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_CONNECTION_TEST_ROW);
  g_clear_object (&self->step);

  G_OBJECT_CLASS (ob_connection_test_row_parent_class)->dispose (object);
}

static void
ob_connection_test_row_class_init (ObConnectionTestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_connection_test_row_dispose;

  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-connection-test-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, failure_revealer);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, diagnosis_view);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, fix_button);
  gtk_widget_class_bind_template_child (widget_class, ObConnectionTestRow, certificate_button);
}

static void
ob_connection_test_row_init (ObConnectionTestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
