/* ob-application.c — the Outbound application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-log-window.h"
#include "ob-preferences-window.h"
#include "ob-resources.h"
#include "ob-window.h"

struct _ObApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ObTranscript   *transcript;
  ObAccountStore *accounts;
  ObOutbox       *outbox;
  ObDetector     *detector;
  GCancellable   *cancellable;
  ObLogWindow    *log_window;   /* weak */
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

/**
 * ob_application_get_transcript:
 *
 * The session's log: everything the app says to mail servers goes here,
 * and the log window (Ctrl+L) shows it.
 *
 * Returns: (transfer none): the transcript
 */
ObTranscript *
ob_application_get_transcript (ObApplication *self)
{
  g_return_val_if_fail (OB_IS_APPLICATION (self), NULL);

  return self->transcript;
}

/**
 * ob_application_get_accounts:
 *
 * The accounts, loaded at start-up. A damaged file has been set aside by
 * then and what could be read is here; ob_account_store_get_load_problems()
 * says what was wrong.
 *
 * Returns: (transfer none): the account store
 */
ObAccountStore *
ob_application_get_accounts (ObApplication *self)
{
  g_return_val_if_fail (OB_IS_APPLICATION (self), NULL);

  return self->accounts;
}

/**
 * ob_application_get_outbox:
 *
 * The outbox every window sends through. It logs to the session's
 * transcript, keeps sent mail as long as the preferences say, and sends
 * what was left queued as soon as it has loaded.
 *
 * Returns: (transfer none): the outbox
 */
ObOutbox *
ob_application_get_outbox (ObApplication *self)
{
  g_return_val_if_fail (OB_IS_APPLICATION (self), NULL);

  return self->outbox;
}

/**
 * ob_application_get_detector:
 *
 * The detector, with the preferences' time limit and online setting
 * applied each time they change. One detector keeps its answers for the
 * session, so the wizard asks the network once per domain.
 *
 * Returns: (transfer none): the detector
 */
ObDetector *
ob_application_get_detector (ObApplication *self)
{
  g_return_val_if_fail (OB_IS_APPLICATION (self), NULL);

  return self->detector;
}

/**
 * ob_application_get_settings:
 *
 * Returns: (transfer none): the app's settings
 */
GSettings *
ob_application_get_settings (ObApplication *self)
{
  g_return_val_if_fail (OB_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
settings_changed_cb (GSettings     *settings,
                     const char    *key,
                     ObApplication *self)
{
  ob_detector_load_settings (self->detector, settings);
}

static void
outbox_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  ObOutbox *outbox = OB_OUTBOX (source);
  g_autoptr(GError) error = NULL;

  if (!ob_outbox_load_finish (outbox, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The outbox could not be read: %s", error->message);
      return;
    }
  ob_outbox_flush_async (outbox, NULL, NULL, NULL, NULL);
}

/* Accounts load on the spot (one small file, needed for the first frame);
 * the outbox, which may hold many messages, loads in the background. */
static void
load_state (ObApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->accounts = ob_account_store_new_default ();
  if (!ob_account_store_load (self->accounts, &error))
    g_warning ("The accounts could not be read: %s", error->message);

  self->outbox = ob_outbox_new (NULL, self->accounts);
  ob_outbox_set_transcript (self->outbox, self->transcript);
  g_settings_bind (self->settings, "keep-sent-days", self->outbox, "keep-sent-days",
                   G_SETTINGS_BIND_GET);
  ob_outbox_load_async (self->outbox, self->cancellable, outbox_loaded_cb, NULL);

  self->detector = ob_detector_new ();
  ob_detector_load_settings (self->detector, self->settings);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);
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

static GtkWindow *
find_main_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (OB_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* The log window stays alive when closed, so what it shows (diagnoses
 * included) is still there when it is opened again. It belongs to the main
 * window and goes with it, so a hidden log never keeps the app running. */
static ObLogWindow *
ensure_log_window (ObApplication *self)
{
  GtkWindow *main_window;

  if (self->log_window != NULL)
    return self->log_window;

  self->log_window = ob_log_window_new (self->transcript);
  g_object_add_weak_pointer (G_OBJECT (self->log_window), (gpointer *) &self->log_window);
  gtk_window_set_hide_on_close (GTK_WINDOW (self->log_window), TRUE);
  main_window = find_main_window (GTK_APPLICATION (self));
  if (main_window != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self->log_window), main_window);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->log_window), TRUE);
    }
  gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (self->log_window));
  return self->log_window;
}

/**
 * ob_application_report_diagnosis:
 * @diagnosis: what a failure just logged to the session's transcript means
 *
 * Puts @diagnosis in the log under the failure's line, whether or not the
 * log window is open, so the explanation is there when the person looks.
 */
void
ob_application_report_diagnosis (ObApplication *self,
                                 ObDiagnosis   *diagnosis)
{
  g_return_if_fail (OB_IS_APPLICATION (self));
  g_return_if_fail (OB_IS_DIAGNOSIS (diagnosis));

  ob_log_view_add_diagnosis (ob_log_window_get_view (ensure_log_window (self)), diagnosis);
}

static void
show_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (ensure_log_window (OB_APPLICATION (user_data))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* A copy: closing one window can destroy others (the log window goes with
   * the main window), which changes the application's own list. */
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));

  /* Closing each window (rather than g_application_quit()) lets windows save
   * their state in close-request. */
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "show-log", .activate = show_log_action },
  { .name = "quit", .activate = quit_action },
};

static void
ob_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *show_log_accels[] = { "<Control>l", NULL };

  G_APPLICATION_CLASS (ob_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.show-log",
                                         show_log_accels);

  load_state (OB_APPLICATION (app));
}

static void
ob_application_shutdown (GApplication *app)
{
  ObApplication *self = OB_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (ob_application_parent_class)->shutdown (app);
}

static void
ob_application_dispose (GObject *object)
{
  ObApplication *self = OB_APPLICATION (object);

  /* The log window, if any, is gone: it holds the application. */
  g_clear_object (&self->detector);
  g_clear_object (&self->outbox);
  g_clear_object (&self->accounts);
  g_clear_object (&self->transcript);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ob_application_parent_class)->dispose (object);
}

static void
ob_application_class_init (ObApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  /* Registered here rather than by a constructor: the GUI code is a static
   * library, and a constructor-only object file would be dropped by the
   * linker. Class init runs once, before any window needs a template. */
  ob_register_resource ();

  object_class->dispose = ob_application_dispose;
  app_class->activate = ob_application_activate;
  app_class->startup = ob_application_startup;
  app_class->shutdown = ob_application_shutdown;
}

static void
ob_application_init (ObApplication *self)
{
  self->transcript = ob_transcript_new ();
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
}
