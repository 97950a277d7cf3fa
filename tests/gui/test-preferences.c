/* test-preferences.c — the preferences window under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-preferences-window.h"
#include "ob-test-gui.h"
#include "ob-window.h"

typedef struct
{
  ObWindow            *parent;
  ObPreferencesWindow *preferences;
  GSettings           *settings;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. */
static ObApplication *the_app;

static const char * const keys[] = {
  "connect-timeout", "probe-timeout", "detect-online", "keep-sent-days", "log-verbosity",
};

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static ObPreferencesWindow *
find_preferences (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OB_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->settings = g_settings_new (APP_ID);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (f->settings, keys[i]);

  f->parent = ob_window_new (the_app);
  gtk_window_present (GTK_WINDOW (f->parent));
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->parent, 5000));

  /* Opened as the person opens it: the app's action, Ctrl+comma. */
  g_action_group_activate_action (G_ACTION_GROUP (the_app), "preferences", NULL);
  f->preferences = find_preferences ();
  g_assert_nonnull (f->preferences);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->preferences, 5000));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->preferences));
  gtk_window_destroy (GTK_WINDOW (f->parent));
  g_clear_object (&f->settings);
}

static AdwPreferencesRow *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_PREFERENCES_ROW (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwPreferencesRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static GtkWidget *
find_control (Fixture    *f,
              const char *title,
              GType       type)
{
  AdwPreferencesRow *row = find_row (GTK_WIDGET (f->preferences), title);
  GtkWidget *control;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  control = ob_test_gui_find_widget (GTK_WIDGET (row), type);
  g_assert_nonnull (control);
  return control;
}

/* Some keys are signed, some unsigned ("u"): read and write either. */
static gint64
get_number (GSettings  *settings,
            const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (value);
  return g_variant_get_int32 (value);
}

static void
set_number (GSettings  *settings,
            const char *key,
            gint64      number)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, key);

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    g_settings_set_uint (settings, key, number);
  else
    g_settings_set_int (settings, key, number);
}

static void
test_preferences_opened (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) accels = NULL;
  g_autofree char *screenshot = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (the_app), "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->preferences)) ==
                 GTK_WINDOW (f->parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (f->preferences)));

  screenshot = ob_test_gui_screenshot (GTK_WIDGET (f->preferences), "preferences");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
}

/* A spin button per integer key, limited to the schema's range. */
static const struct
{
  const char *title;
  const char *key;
  int         min;
  int         max;
  int         value;
} spins[] = {
  { N_("Connection _Timeout"), "connect-timeout", 5, 300, 30 },
  { N_("Time _Limit per Source"), "probe-timeout", 1, 60, 4 },
  { N_("_Keep Sent Messages"), "keep-sent-days", 0, 3650, 30 },
};

static void
test_preferences_spins (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (find_control (f, _(spins[i].title),
                                                           GTK_TYPE_SPIN_BUTTON));
      GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

      g_test_message ("%s", spins[i].key);
      /* A screen reader names the spin button after its row. */
      gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (spin),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                           find_row (GTK_WIDGET (f->preferences),
                                                     _(spins[i].title)),
                                           NULL);
      g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, spins[i].min);
      g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, spins[i].max);
      g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, spins[i].value);

      /* The widget changes the key, and the key the widget. */
      gtk_spin_button_set_value (spin, spins[i].max - 1);
      g_assert_cmpint (get_number (f->settings, spins[i].key), ==, spins[i].max - 1);
      set_number (f->settings, spins[i].key, spins[i].min + 1);
      g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, spins[i].min + 1);

      /* Typing past the range stops at its end. */
      gtk_editable_set_text (GTK_EDITABLE (spin), "100000");
      gtk_spin_button_update (spin);
      g_assert_cmpint (get_number (f->settings, spins[i].key), ==, spins[i].max);
    }
}

static void
test_preferences_retention_forever (Fixture *f, gconstpointer data)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (find_control (f, _("_Keep Sent Messages"),
                                                       GTK_TYPE_SPIN_BUTTON));

  /* 0 days is shown as the word it means… */
  gtk_spin_button_set_value (spin, 0);
  g_assert_cmpint (g_settings_get_uint (f->settings, "keep-sent-days"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, _("Forever"));

  /* …numbers are numbers… */
  gtk_editable_set_text (GTK_EDITABLE (spin), "90");
  gtk_spin_button_update (spin);
  g_assert_cmpint (g_settings_get_uint (f->settings, "keep-sent-days"), ==, 90);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "90");

  /* …and the word can be typed, in any case. */
  gtk_editable_set_text (GTK_EDITABLE (spin), " forever");
  gtk_spin_button_update (spin);
  g_assert_cmpint (g_settings_get_uint (f->settings, "keep-sent-days"), ==, 0);
}

static gboolean
detect_online_is_set (gpointer data)
{
  return g_settings_get_boolean (G_SETTINGS (data), "detect-online");
}

static void
test_preferences_detect_online (Fixture *f, gconstpointer data)
{
  GtkSwitch *toggle = GTK_SWITCH (find_control (f, _("Ask _Online Sources"), GTK_TYPE_SWITCH));
  AdwActionRow *row = ADW_ACTION_ROW (find_row (GTK_WIDGET (f->preferences),
                                                _("Ask _Online Sources")));

  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       row, NULL);
  g_assert_true (gtk_switch_get_active (toggle));
  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "detect-online"));

  /* The whole row is the switch's target, for pointer and keyboard alike;
   * the switch slides over before it changes state. */
  g_assert_true (adw_action_row_get_activatable_widget (row) == GTK_WIDGET (toggle));
  adw_action_row_activate (row);
  g_assert_true (ob_test_gui_wait_until (detect_online_is_set, f->settings, 5000));

  g_settings_set_boolean (f->settings, "detect-online", FALSE);
  g_assert_false (gtk_switch_get_active (toggle));
}

static void
test_preferences_log_verbosity (Fixture *f, gconstpointer data)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (GTK_WIDGET (f->preferences), _("_Show in Log")));
  static const char * const nicks[] = { "everything", "protocol", "errors" };

  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==,
                    G_N_ELEMENTS (nicks));

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      g_autofree char *value = NULL;

      adw_combo_row_set_selected (row, i);
      value = g_settings_get_string (f->settings, "log-verbosity");
      g_assert_cmpstr (value, ==, nicks[i]);
    }

  g_settings_set_string (f->settings, "log-verbosity", "protocol");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/preferences/opened", Fixture, NULL,
              fixture_setup, test_preferences_opened, fixture_teardown);
  g_test_add ("/ob/preferences/spins", Fixture, NULL,
              fixture_setup, test_preferences_spins, fixture_teardown);
  g_test_add ("/ob/preferences/retention-forever", Fixture, NULL,
              fixture_setup, test_preferences_retention_forever, fixture_teardown);
  g_test_add ("/ob/preferences/detect-online", Fixture, NULL,
              fixture_setup, test_preferences_detect_online, fixture_teardown);
  g_test_add ("/ob/preferences/log-verbosity", Fixture, NULL,
              fixture_setup, test_preferences_log_verbosity, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
