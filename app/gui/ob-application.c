/* ob-application.c — the Outbound application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-preferences-window.h"
#include "ob-resources.h"
#include "ob-window.h"

struct _ObApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (ObApplication, ob_application, ADW_TYPE_APPLICATION)

ObApplication *
ob_application_new (void)
{
  return g_object_new (OB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", APP_PATH,
                       NULL);
}

static void
ob_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ob_window_new (OB_APPLICATION (app)));

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Outbound developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Outbound"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Outbound developers"),
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_WEBSITE,
                        "issue-url", PACKAGE_WEBSITE "/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The Outbound developers"),
                        "developers", developers,
                        /* TRANSLATORS: your name(s), one per line, to be
                         * credited in the About window */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Outbound gets your outgoing mail working: it finds "
                                      "your mail server, checks the connection, keeps your "
                                      "password in the keyring and explains every failure."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  ObPreferencesWindow *preferences;

  preferences = ob_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window (rather than g_application_quit()) lets windows save
   * their state in close-request. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "quit", .activate = quit_action },
};

static void
ob_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ob_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
ob_application_class_init (ObApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* Registered here rather than by a constructor: the GUI code is a static
   * library, and a constructor-only object file would be dropped by the
   * linker. Class init runs once, before any window needs a template. */
  ob_register_resource ();

  app_class->activate = ob_application_activate;
  app_class->startup = ob_application_startup;
}

static void
ob_application_init (ObApplication *self)
{
}
