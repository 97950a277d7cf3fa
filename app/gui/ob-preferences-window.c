/* ob-preferences-window.c — the app's preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control is bound to its GSettings key, so a change applies at once
 * and there is nothing to save. The spin buttons take their limits from the
 * schema's ranges, so the two cannot disagree.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-log-view.h"
#include "ob-preferences-window.h"

struct _ObPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* template children */
  GtkSpinButton        *connect_timeout_spin;
  GtkSwitch            *detect_online_switch;
  GtkSpinButton        *detect_timeout_spin;
  GtkSpinButton        *retention_spin;
  AdwComboRow          *verbosity_row;
};

G_DEFINE_FINAL_TYPE (ObPreferencesWindow, ob_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/**
 * ob_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Returns: (transfer none): a new preferences window, not shown yet, owned
 *   by GTK's list of toplevels until it is closed
 */
ObPreferencesWindow *
ob_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (OB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

static void
bind_spin (ObPreferencesWindow *self,
           const char          *key,
           GtkSpinButton       *spin)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *kind;
  int min, max;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  g_return_if_fail (g_str_equal (kind, "range"));
  if (g_variant_is_of_type (limits, G_VARIANT_TYPE ("(uu)")))
    {
      guint umin, umax;

      g_variant_get (limits, "(uu)", &umin, &umax);
      min = umin;
      max = MIN (umax, G_MAXINT);
    }
  else
    g_variant_get (limits, "(ii)", &min, &max);

  gtk_spin_button_set_range (spin, min, max);
  gtk_spin_button_set_increments (spin, 1, 10);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
}

/* 0 days means sent messages are never deleted; the spin button says so
 * in words, and takes the word back. */
static gboolean
retention_output_cb (GtkSpinButton *spin)
{
  int days = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = NULL;

  text = days == 0 ? g_strdup (_("Forever")) : g_strdup_printf ("%d", days);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
retention_input_cb (GtkSpinButton *spin,
                    double        *new_value)
{
  g_autofree char *typed = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (spin)), -1);
  g_autofree char *forever = g_utf8_casefold (_("Forever"), -1);

  if (g_strcmp0 (g_strstrip (typed), forever) != 0)
    return FALSE;
  *new_value = 0;
  return TRUE;
}

/* The combo row lists the verbosities in the enumeration's order. */
static gboolean
verbosity_from_setting (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (OB_TYPE_LOG_VERBOSITY);
  GEnumValue *verbosity = g_enum_get_value_by_nick (enum_class,
                                                    g_variant_get_string (variant, NULL));

  if (verbosity == NULL)
    return FALSE;
  g_value_set_uint (value, verbosity->value);
  return TRUE;
}

static GVariant *
verbosity_to_setting (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (OB_TYPE_LOG_VERBOSITY);
  GEnumValue *verbosity = g_enum_get_value (enum_class, g_value_get_uint (value));

  if (verbosity == NULL)
    return NULL;
  return g_variant_new_string (verbosity->value_nick);
}

static void
ob_preferences_window_dispose (GObject *object)
{
  ObPreferencesWindow *self = OB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ob_preferences_window_parent_class)->dispose (object);
}

static void
ob_preferences_window_class_init (ObPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObPreferencesWindow, connect_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ObPreferencesWindow, detect_online_switch);
  gtk_widget_class_bind_template_child (widget_class, ObPreferencesWindow, detect_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ObPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, ObPreferencesWindow, verbosity_row);
  gtk_widget_class_bind_template_callback (widget_class, retention_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, retention_input_cb);
}

static void
ob_preferences_window_init (ObPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  bind_spin (self, "connect-timeout", self->connect_timeout_spin);
  bind_spin (self, "probe-timeout", self->detect_timeout_spin);
  bind_spin (self, "keep-sent-days", self->retention_spin);
  g_settings_bind (self->settings, "detect-online", self->detect_online_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "log-verbosity", self->verbosity_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                verbosity_from_setting, verbosity_to_setting, NULL, NULL);
}
