/* ob-diagnosis-view.c — a failure explained: what happened, why, what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one way the app shows a failure, wherever it happens: the title, the
 * explanation, the remedy, the server's own words (literally: they come
 * from the network) and the provider's help page when there is one.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-diagnosis-view.h"

struct _ObDiagnosisView
{
  GtkWidget      parent_instance;

  ObDiagnosis   *diagnosis;
  gboolean       show_detail;

  /* template children */
  GtkWidget     *box;
  GtkLabel      *title_label;
  GtkLabel      *explanation_label;
  GtkLabel      *remedy_label;
  GtkWidget     *detail_box;
  GtkLabel      *detail_heading;
  GtkLabel      *detail_label;
  GtkLinkButton *help_button;
};

G_DEFINE_FINAL_TYPE (ObDiagnosisView, ob_diagnosis_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DIAGNOSIS,
  PROP_SHOW_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
ob_diagnosis_view_new (void)
{
  return g_object_new (OB_TYPE_DIAGNOSIS_VIEW, NULL);
}

static void
update_detail (ObDiagnosisView *self)
{
  const char *detail = self->diagnosis ? ob_diagnosis_get_detail (self->diagnosis) : NULL;

  gtk_widget_set_visible (self->detail_box, self->show_detail && detail != NULL && *detail != '\0');
  if (detail == NULL)
    return;
  gtk_label_set_text (self->detail_label, detail);
  gtk_label_set_text (self->detail_heading,
                      ob_diagnosis_get_detail_is_reply (self->diagnosis)
                      ? _("The server said")
                      : _("Details"));
}

/**
 * ob_diagnosis_view_set_diagnosis:
 * @diagnosis: (nullable): what to show; %NULL hides the view
 */
void
ob_diagnosis_view_set_diagnosis (ObDiagnosisView *self,
                                 ObDiagnosis     *diagnosis)
{
  const char *help_url;

  g_return_if_fail (OB_IS_DIAGNOSIS_VIEW (self));
  g_return_if_fail (diagnosis == NULL || OB_IS_DIAGNOSIS (diagnosis));

  if (!g_set_object (&self->diagnosis, diagnosis))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self), diagnosis != NULL);
  if (diagnosis != NULL)
    {
      gtk_label_set_text (self->title_label, ob_diagnosis_get_title (diagnosis));
      gtk_label_set_text (self->explanation_label, ob_diagnosis_get_explanation (diagnosis));
      gtk_label_set_text (self->remedy_label, ob_diagnosis_get_remedy (diagnosis));
      help_url = ob_diagnosis_get_help_url (diagnosis);
      gtk_widget_set_visible (GTK_WIDGET (self->help_button), help_url != NULL);
      if (help_url != NULL)
        gtk_link_button_set_uri (self->help_button, help_url);
      update_detail (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);
}

/**
 * ob_diagnosis_view_get_diagnosis:
 *
 * Returns: (transfer none) (nullable): the diagnosis shown
 */
ObDiagnosis *
ob_diagnosis_view_get_diagnosis (ObDiagnosisView *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS_VIEW (self), NULL);

  return self->diagnosis;
}

/**
 * ob_diagnosis_view_set_show_detail:
 * @show_detail: whether to show the server's words; the log turns it off,
 *   since the server's line is right above
 */
void
ob_diagnosis_view_set_show_detail (ObDiagnosisView *self,
                                   gboolean         show_detail)
{
  g_return_if_fail (OB_IS_DIAGNOSIS_VIEW (self));

  show_detail = !!show_detail;
  if (self->show_detail == show_detail)
    return;
  self->show_detail = show_detail;
  update_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAIL]);
}

gboolean
ob_diagnosis_view_get_show_detail (ObDiagnosisView *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS_VIEW (self), FALSE);

  return self->show_detail;
}

static void
ob_diagnosis_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ObDiagnosisView *self = OB_DIAGNOSIS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIAGNOSIS:
      g_value_set_object (value, self->diagnosis);
      break;
    case PROP_SHOW_DETAIL:
      g_value_set_boolean (value, self->show_detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_diagnosis_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ObDiagnosisView *self = OB_DIAGNOSIS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIAGNOSIS:
      ob_diagnosis_view_set_diagnosis (self, g_value_get_object (value));
      break;
    case PROP_SHOW_DETAIL:
      ob_diagnosis_view_set_show_detail (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_diagnosis_view_dispose (GObject *object)
{
  ObDiagnosisView *self = OB_DIAGNOSIS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_DIAGNOSIS_VIEW);
  g_clear_object (&self->diagnosis);

  G_OBJECT_CLASS (ob_diagnosis_view_parent_class)->dispose (object);
}

static void
ob_diagnosis_view_class_init (ObDiagnosisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = ob_diagnosis_view_dispose;
  object_class->get_property = ob_diagnosis_view_get_property;
  object_class->set_property = ob_diagnosis_view_set_property;

  properties[PROP_DIAGNOSIS] =
    g_param_spec_object ("diagnosis", NULL, NULL, OB_TYPE_DIAGNOSIS, flags);
  properties[PROP_SHOW_DETAIL] =
    g_param_spec_boolean ("show-detail", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diagnosis");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-diagnosis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, box);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, title_label);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, remedy_label);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, detail_box);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, detail_heading);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, detail_label);
  gtk_widget_class_bind_template_child (widget_class, ObDiagnosisView, help_button);
}

static void
ob_diagnosis_view_init (ObDiagnosisView *self)
{
  self->show_detail = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
