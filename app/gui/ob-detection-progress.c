/* ob-detection-progress.c — the sources detection is trying, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per lookup or probe: it appears with a spinner when the step
 * starts and turns into a check mark or a cross, with the time it took,
 * when the step finishes. Targets and details come from DNS and web pages,
 * so rows show them as plain text, never markup.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-detection-progress.h"

typedef struct
{
  GtkWidget *row;
  GtkWidget *spinner;
  GtkWidget *icon;
  GtkLabel  *status;
} Step;

struct _ObDetectionProgress
{
  AdwBin      parent_instance;

  GHashTable *steps;      /* key → Step; the list owns the widgets */
  guint       n_running;

  /* template children */
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (ObDetectionProgress, ob_detection_progress, ADW_TYPE_BIN)

GtkWidget *
ob_detection_progress_new (void)
{
  return g_object_new (OB_TYPE_DETECTION_PROGRESS, NULL);
}

/* A started event and its finished event name the same step. */
static char *
step_key (ObDetectorEvent *event)
{
  ObDetectorEventKind kind = ob_detector_event_get_kind (event);
  gboolean probe = kind == OB_DETECTOR_EVENT_PROBE_STARTED ||
                   kind == OB_DETECTOR_EVENT_PROBE_FINISHED;

  return g_strdup_printf ("%c%d %s", probe ? 'p' : 's', ob_detector_event_get_source (event),
                          ob_detector_event_get_target (event));
}

/* The core's descriptions are written to sit inside a sentence; a row
 * title starts with a capital. */
static char *
capitalize (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[6];
  int length = g_unichar_to_utf8 (g_unichar_totitle (first), buffer);

  return g_strdup_printf ("%.*s%s", length, buffer, g_utf8_next_char (text));
}

static Step *
add_step (ObDetectionProgress *self,
          ObDetectorEvent     *event)
{
  ObDetectorEventKind kind = ob_detector_event_get_kind (event);
  Step *step = g_new0 (Step, 1);
  g_autofree char *title = NULL;
  GtkWidget *box;

  if (kind == OB_DETECTOR_EVENT_PROBE_STARTED || kind == OB_DETECTOR_EVENT_PROBE_FINISHED)
    title = g_strdup (_("Connection check"));
  else
    title = capitalize (ob_detector_source_describe (ob_detector_event_get_source (event)));

  step->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (step->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step->row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (step->row), ob_detector_event_get_target (event));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  step->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (step->status), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (step->status), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (step->status));
  step->spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (step->spinner));
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Running"), -1);
  gtk_box_append (GTK_BOX (box), step->spinner);
  step->icon = gtk_image_new ();
  gtk_widget_set_visible (step->icon, FALSE);
  gtk_box_append (GTK_BOX (box), step->icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (step->row), box);

  gtk_list_box_append (self->list, step->row);
  g_hash_table_insert (self->steps, step_key (event), step);
  self->n_running++;
  return step;
}

static void
finish_step (ObDetectionProgress *self,
             Step                *step,
             ObDetectorEvent     *event)
{
  ObDetectorOutcome outcome = ob_detector_event_get_outcome (event);
  gboolean found = outcome == OB_DETECTOR_OUTCOME_FOUND;
  const char *detail = ob_detector_event_get_detail (event);
  g_autofree char *status = NULL;

  if (gtk_widget_get_visible (step->spinner))
    self->n_running--;
  gtk_spinner_stop (GTK_SPINNER (step->spinner));
  gtk_widget_set_visible (step->spinner, FALSE);

  gtk_image_set_from_icon_name (GTK_IMAGE (step->icon),
                                found ? "object-select-symbolic" : "window-close-symbolic");
  gtk_widget_add_css_class (step->icon, found ? "success" : "dim-label");
  gtk_widget_set_visible (step->icon, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (step->icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ob_detector_outcome_describe (outcome), -1);

  /* TRANSLATORS: a detection step's outcome (“found”, “nothing there”…)
   * and the seconds it took */
  status = g_strdup_printf (_("%s, %.2f s"), ob_detector_outcome_describe (outcome),
                            ob_detector_event_get_duration (event) / (double) G_USEC_PER_SEC);
  gtk_label_set_text (step->status, status);

  if (detail != NULL)
    {
      /* TRANSLATORS: what a step looked at, then what it found or why it failed */
      g_autofree char *subtitle = g_strdup_printf (_("%s — %s"),
                                                   ob_detector_event_get_target (event), detail);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (step->row), subtitle);
    }
}

/**
 * ob_detection_progress_add_event:
 *
 * Shows @event: a started step as a new row with a spinner, a finished
 * one as its row's outcome and time.
 */
void
ob_detection_progress_add_event (ObDetectionProgress *self,
                                 ObDetectorEvent     *event)
{
  ObDetectorEventKind kind;
  g_autofree char *key = NULL;
  Step *step;

  g_return_if_fail (OB_IS_DETECTION_PROGRESS (self));
  g_return_if_fail (OB_IS_DETECTOR_EVENT (event));

  kind = ob_detector_event_get_kind (event);
  key = step_key (event);
  step = g_hash_table_lookup (self->steps, key);
  if (step == NULL)
    step = add_step (self, event);
  if (kind == OB_DETECTOR_EVENT_STEP_FINISHED || kind == OB_DETECTOR_EVENT_PROBE_FINISHED)
    finish_step (self, step, event);
}

/**
 * ob_detection_progress_clear:
 *
 * Empties the list, for the next detection.
 */
void
ob_detection_progress_clear (ObDetectionProgress *self)
{
  GtkWidget *row;

  g_return_if_fail (OB_IS_DETECTION_PROGRESS (self));

  g_hash_table_remove_all (self->steps);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, row);
  self->n_running = 0;
}

/**
 * ob_detection_progress_get_n_running:
 *
 * Returns: how many rows still show a spinner
 */
guint
ob_detection_progress_get_n_running (ObDetectionProgress *self)
{
  g_return_val_if_fail (OB_IS_DETECTION_PROGRESS (self), 0);

  return self->n_running;
}

static void
ob_detection_progress_dispose (GObject *object)
{
  ObDetectionProgress *self = OB_DETECTION_PROGRESS (object);

  g_clear_pointer (&self->steps, g_hash_table_unref);

  G_OBJECT_CLASS (ob_detection_progress_parent_class)->dispose (object);
}

static void
ob_detection_progress_class_init (ObDetectionProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_detection_progress_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-detection-progress.ui");
  gtk_widget_class_bind_template_child (widget_class, ObDetectionProgress, list);
}

static void
ob_detection_progress_init (ObDetectionProgress *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->steps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
