/* test-account-wizard.c — the account wizard, end to end under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is local and real: a fake resolver maps smtp.example.test to
 * 127.0.0.1 and names a real aiosmtpd (implicit TLS, a certificate the
 * test CA issued for smtp.example.test, AUTH) in an SRV record; the app's
 * detector asks nothing online and trusts only the test CA; the password
 * goes to the test session's gnome-keyring.
 */
#include "config.h"

#include <string.h>

#include "ob-account-store.h"
#include "ob-account-wizard.h"
#include "ob-application.h"
#include "ob-composer-window-private.h"
#include "ob-connection-test-view.h"
#include "ob-detection-progress.h"
#include "ob-fake-smtp-server.h"
#include "ob-fake-resolver.h"
#include "ob-secrets.h"
#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-gui.h"
#include "ob-log-window.h"
#include "ob-window.h"

#define WAIT_MS  20000
#define ADDRESS  "ada@example.test"
#define PASSWORD "correct horse"

/* One application, resolver and server for the whole program. */
static ObApplication  *the_app;
static ObFakeResolver *resolver;
static ObTestAiosmtpd *server;

typedef struct
{
  ObWindow        *parent;
  ObAccountWizard *wizard;
  ObAccount       *saved;
} Fixture;

static void
account_saved_cb (ObAccountWizard *wizard,
                  ObAccount       *account,
                  Fixture         *f)
{
  g_set_object (&f->saved, account);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->parent = ob_window_new (the_app);
  gtk_window_present (GTK_WINDOW (f->parent));
  f->wizard = ob_account_wizard_new (GTK_WINDOW (f->parent));
  g_object_add_weak_pointer (G_OBJECT (f->wizard), (gpointer *) &f->wizard);
  g_signal_connect (f->wizard, "account-saved", G_CALLBACK (account_saved_cb), f);
  gtk_window_present (GTK_WINDOW (f->wizard));
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->wizard, WAIT_MS));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->wizard != NULL)
    gtk_window_destroy (GTK_WINDOW (f->wizard));
  gtk_window_destroy (GTK_WINDOW (f->parent));
  g_clear_object (&f->saved);
}

/* A shown widget below @root whose label contains @part, or a row titled
 * @part. */
static GtkWidget *
find_text (GtkWidget  *root,
           const char *part)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return root;
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), part) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Shown;

/* While a page slides in, the one leaving is still mapped. */
static gboolean
sliding (GtkWidget *root)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), "address") != NULL)
    return gtk_stack_get_transition_running (GTK_STACK (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (sliding (child))
      return TRUE;
  return FALSE;
}

static gboolean
is_shown (gpointer data)
{
  Shown *shown = data;
  GtkWidget *widget = find_text (shown->root, shown->text);

  return widget != NULL && gtk_widget_get_mapped (widget) && !sliding (shown->root);
}

static void
wait_for_text (Fixture    *f,
               const char *text)
{
  Shown shown = { GTK_WIDGET (f->wizard), text };

  if (!ob_test_gui_wait_until (is_shown, &shown, WAIT_MS))
    g_error ("the wizard never showed “%s”", text);
}

static GtkWidget *
row (Fixture    *f,
     const char *title)
{
  GtkWidget *found = find_text (GTK_WIDGET (f->wizard), title);

  g_assert_nonnull (found);
  g_assert_true (ADW_IS_PREFERENCES_ROW (found));
  return found;
}

static void
type (Fixture    *f,
      const char *title,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (f, title)), text);
}

static void
press_continue (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.continue", NULL));
}

static gboolean
continue_enabled (gpointer data)
{
  Fixture *f = data;
  GtkWidget *button = find_text (GTK_WIDGET (f->wizard), "Continue");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static void
fill_address_page (Fixture    *f,
                   const char *password)
{
  type (f, "Your _Name", "Ada Lovelace");
  type (f, "_Email Address", ADDRESS);
  type (f, "_Password", password);
}

static gboolean
test_done (gpointer data)
{
  ObConnectionTestView *view = data;

  return ob_connection_test_view_get_test (view) != NULL &&
         !ob_connection_test_view_get_running (view);
}

static ObConnectionTestView *
test_view (Fixture *f)
{
  GtkWidget *view = ob_test_gui_find_widget (GTK_WIDGET (f->wizard),
                                             OB_TYPE_CONNECTION_TEST_VIEW);

  g_assert_nonnull (view);
  return OB_CONNECTION_TEST_VIEW (view);
}

static gboolean
saved (gpointer data)
{
  Fixture *f = data;

  return f->saved != NULL && f->wizard == NULL;
}

static void
test_adds_account (Fixture *f, gconstpointer data)
{
  ObAccountStore *store = ob_application_get_accounts (the_app);
  g_autofree char *server_words = g_strdup_printf ("smtp.example.test, port %u",
                                                   ob_test_aiosmtpd_get_port (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObSecretString) secret = NULL;
  ObAccount *stored;

  /* Detection is still asking DNS when the person continues. */
  ob_fake_resolver_set_delay (resolver, "_submissions._tcp.example.test", 1500);
  fill_address_page (f, PASSWORD);
  g_assert_true (ob_test_gui_wait_until (continue_enabled, f, WAIT_MS));
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-address"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  wait_for_text (f, "Looking for your server");
  press_continue (f);
  wait_for_text (f, "Finding Your Server");
  wait_for_text (f, "DNS SRV record");
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-detecting"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  wait_for_text (f, "Your Server");
  wait_for_text (f, server_words);
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-result"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  press_continue (f);
  g_assert_true (ob_test_gui_wait_until (test_done, test_view (f), WAIT_MS));
  wait_for_text (f, "Everything works");
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-test-passed"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  press_continue (f);
  g_assert_true (ob_test_gui_wait_until (saved, f, WAIT_MS));
  stored = ob_account_store_lookup (store, ADDRESS);
  g_assert_true (stored == f->saved);
  g_assert_cmpstr (ob_account_get_host (stored), ==, "smtp.example.test");
  g_assert_cmpuint (ob_account_get_port (stored), ==, ob_test_aiosmtpd_get_port (server));
  g_assert_cmpint (ob_account_get_security (stored), ==, OB_SECURITY_TLS);
  g_assert_cmpstr (ob_account_get_username (stored), ==, ADDRESS);
  g_assert_cmpstr (ob_account_get_sender_name (stored), ==, "Ada Lovelace");
  g_assert_cmpstr (ob_account_get_detected_source (stored), ==, "srv");
  g_assert_cmpstr (ob_account_get_ca_file (stored), ==,
                   ob_test_certs_get_ca_file (ob_test_certs_get (NULL)));
  secret = ob_secrets_lookup_sync (ob_account_get_id (stored), OB_SECRET_KIND_PASSWORD, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, PASSWORD);
}

static gboolean
password_has_focus (gpointer data)
{
  Fixture *f = data;
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (f->wizard));

  return focus != NULL && gtk_widget_is_ancestor (focus, row (f, "_Password")) &&
         gtk_widget_get_mapped (focus);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  fill_address_page (f, "wrong password");
  g_assert_true (ob_test_gui_wait_until (continue_enabled, f, WAIT_MS));
  press_continue (f);
  wait_for_text (f, "Your Server");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.edit-manually",
                                             NULL));
  wait_for_text (f, "Server Settings");
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-edit-manually"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  press_continue (f);
  g_assert_true (ob_test_gui_wait_until (test_done, test_view (f), WAIT_MS));
  wait_for_text (f, "The test stopped at");
  g_assert_nonnull (ob_connection_test_view_get_test (test_view (f)));
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->wizard), "wizard-login-failed"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));

  /* The failure's button leads to the password. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (test_view (f)), "connection-test.fix",
                                             NULL));
  g_assert_true (ob_test_gui_wait_until (password_has_focus, f, WAIT_MS));
  g_assert_null (f->saved);
}

/* A sending service's account goes through the same test: here its server
 * is unknown to the fake resolver, so the test stops at the first step, and
 * Back returns to the service. */
static void
test_sending_service (Fixture *f, gconstpointer data)
{
  ObConnectionTestStep *failed;
  GtkWidget *service;

  type (f, "Your _Name", "Ada Lovelace");
  type (f, "_Email Address", "ada@example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.use-service", NULL));
  wait_for_text (f, "Twilio SendGrid");
  service = find_text (GTK_WIDGET (f->wizard), "Twilio SendGrid");
  g_assert_true (gtk_widget_activate (service));
  wait_for_text (f, "_API Key");
  ob_test_gui_assert_labelled (GTK_WIDGET (f->wizard));
  type (f, "_API Key", "SG.not-a-real-key");
  g_assert_true (gtk_widget_activate_action (find_text (GTK_WIDGET (f->wizard), "_API Key"),
                                             "sending-service.continue", NULL));

  g_assert_true (ob_test_gui_wait_until (test_done, test_view (f), WAIT_MS));
  wait_for_text (f, "The test stopped at");
  failed = ob_connection_test_get_failed_step (ob_connection_test_view_get_test (test_view (f)));
  g_assert_cmpint (ob_connection_test_step_get_kind (failed), ==, OB_CONNECTION_TEST_STEP_RESOLVE);
  g_assert_nonnull (strstr (ob_connection_test_step_get_detail (failed), "smtp.sendgrid.net"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.back", NULL));
  wait_for_text (f, "_API Key");
  g_assert_null (f->saved);
}

/* The first run, as a new user does it and by keyboard actions only:
 * from the empty window through the wizard to a message with an attachment
 * arriving at the server, every step in the log. */
static void
first_run_setup (Fixture *f, gconstpointer data)
{
  GListModel *accounts = G_LIST_MODEL (ob_application_get_accounts (the_app));

  /* A first run starts with no account, whatever the tests before added. */
  while (g_list_model_get_n_items (accounts) > 0)
    {
      g_autoptr(ObAccount) account = g_list_model_get_item (accounts, 0);
      g_autoptr(GError) error = NULL;

      g_assert_true (ob_account_store_remove (OB_ACCOUNT_STORE (accounts), account, NULL,
                                              &error));
      g_assert_no_error (error);
    }
  f->parent = ob_window_new (the_app);
  gtk_window_set_default_size (GTK_WINDOW (f->parent), 900, 640);
  gtk_window_present (GTK_WINDOW (f->parent));
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->parent, WAIT_MS));
}

static gpointer
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
composer_gone (gpointer data)
{
  return find_toplevel (OB_TYPE_COMPOSER_WINDOW) == NULL;
}

static gboolean
attachment_listed (gpointer data)
{
  return ((ObComposerWindow *) data)->attachments->len > 0;
}

static void
test_first_run (Fixture *f, gconstpointer data)
{
  ObTranscript *transcript = ob_application_get_transcript (the_app);
  g_autofree char *attachment = g_build_filename (g_get_user_cache_dir (), "gears.txt", NULL);
  g_autoptr(GFile) attachment_file = g_file_new_for_path (attachment);
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  ObComposerWindow *composer;
  ObTestAiosmtpdMessage *message;
  guint before;

  received = ob_test_aiosmtpd_get_messages (server, &error);
  g_assert_no_error (error);
  before = received->len;
  g_clear_pointer (&received, g_ptr_array_unref);
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->parent), "main-window-empty"));

  /* The empty window's button starts the wizard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->parent), "win.add-account", NULL));
  f->wizard = find_toplevel (OB_TYPE_ACCOUNT_WIZARD);
  g_assert_nonnull (f->wizard);
  g_object_add_weak_pointer (G_OBJECT (f->wizard), (gpointer *) &f->wizard);
  g_signal_connect (f->wizard, "account-saved", G_CALLBACK (account_saved_cb), f);
  fill_address_page (f, PASSWORD);
  g_assert_true (ob_test_gui_wait_until (continue_enabled, f, WAIT_MS));
  press_continue (f);
  wait_for_text (f, "Your Server");
  press_continue (f);
  g_assert_true (ob_test_gui_wait_until (test_done, test_view (f), WAIT_MS));
  wait_for_text (f, "Everything works");
  press_continue (f);
  g_assert_true (ob_test_gui_wait_until (saved, f, WAIT_MS));

  /* The new account is selected in the main window. */
  g_assert_true (ob_window_get_selected_account (f->parent) == f->saved);
  ob_test_gui_iterate (500);
  /* Its page knows the wizard's test just passed. */
  g_assert_nonnull (find_text (GTK_WIDGET (f->parent), "Sending works (tested at "));
  g_assert_null (find_text (GTK_WIDGET (f->parent), "Not tested yet"));
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->parent), "main-window-new-account"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->parent));

  /* Ctrl+N's action opens the composer from that account. */
  g_assert_true (g_file_set_contents (attachment, "42 gears, 7 levers.\n", -1, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->parent), "win.compose", NULL));
  composer = find_toplevel (OB_TYPE_COMPOSER_WINDOW);
  g_assert_nonnull (composer);
  gtk_editable_set_text (GTK_EDITABLE (composer->to_row), "Grace <grace@example.test>");
  gtk_editable_set_text (GTK_EDITABLE (composer->subject_row), "Gears");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (composer->body_view),
                            "Grace,\n\nthe list of gears is attached.\n\nAda", -1);
  ob_composer_window_add_attachment (composer, attachment_file);
  g_assert_true (ob_test_gui_wait_until (attachment_listed, composer, WAIT_MS));
  ob_test_gui_assert_labelled (GTK_WIDGET (composer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  g_assert_true (ob_test_gui_wait_until (composer_gone, NULL, WAIT_MS));

  received = ob_test_aiosmtpd_get_messages (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received->len, ==, before + 1);
  message = g_ptr_array_index (received, received->len - 1);
  g_assert_true (message->tls);
  g_assert_cmpstr (message->login, ==, ADDRESS);
  g_assert_cmpstr (message->rcpt_to[0], ==, "grace@example.test");
  text = g_strndup (g_bytes_get_data (message->data, NULL), g_bytes_get_size (message->data));
  g_assert_nonnull (strstr (text, "Subject: Gears"));
  g_assert_nonnull (strstr (text, "gears.txt"));

  /* Every step is in the log: the test, the login, the message; never the
   * password. */
  ob_transcript_flush (transcript);
  log = ob_transcript_to_text (transcript);
  g_assert_nonnull (strstr (log, "AUTH"));
  g_assert_nonnull (strstr (log, "RCPT TO:<grace@example.test>"));
  g_assert_null (strstr (log, PASSWORD));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (the_app), "show-log"));
  g_action_group_activate_action (G_ACTION_GROUP (the_app), "show-log", NULL);
  g_assert_nonnull (find_toplevel (OB_TYPE_LOG_WINDOW));
  ob_test_gui_iterate (500);
  g_free (ob_test_gui_screenshot (GTK_WIDGET (find_toplevel (OB_TYPE_LOG_WINDOW)),
                                  "log-after-first-message"));
  gtk_window_close (GTK_WINDOW (find_toplevel (OB_TYPE_LOG_WINDOW)));
}

typedef struct
{
  char     *target;       /* the silent server's probe */
  gboolean  probing;
  gboolean  probed;
  guint     iterations;   /* of the GTK thread's loop while it was probing */
  gint64    last;         /* when it last ran, µs */
  gint64    longest;      /* the longest it went without running, µs */
  ObDetectorOutcome outcome;
} Responsiveness;

static void
probe_event_cb (ObDetector      *detector,
                ObDetectorEvent *event,
                Responsiveness  *r)
{
  if (g_strcmp0 (ob_detector_event_get_target (event), r->target) != 0)
    return;
  if (ob_detector_event_get_kind (event) == OB_DETECTOR_EVENT_PROBE_STARTED)
    r->probing = TRUE;
  else if (ob_detector_event_get_kind (event) == OB_DETECTOR_EVENT_PROBE_FINISHED)
    {
      r->probing = FALSE;
      r->probed = TRUE;
      r->outcome = ob_detector_event_get_outcome (event);
    }
}

static gboolean
count_iteration_cb (gpointer data)
{
  Responsiveness *r = data;
  gint64 now = g_get_monotonic_time ();

  if (r->probing)
    {
      r->iterations++;
      if (r->last != 0)
        r->longest = MAX (r->longest, now - r->last);
    }
  r->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
probed (gpointer data)
{
  return ((Responsiveness *) data)->probed;
}

/* A server that accepts and never speaks keeps its probe waiting for its
 * whole time limit; the GTK thread goes on running meanwhile, since the
 * work happens in the core, off it. */
static void
test_responsive_during_probe (Fixture *f, gconstpointer data)
{
  ObDetector *detector = ob_application_get_detector (the_app);
  g_autoptr(ObFakeSmtpServer) silent = ob_fake_smtp_server_new ();
  g_autoptr(GError) error = NULL;
  Responsiveness r = { 0 };
  guint idle;

  ob_fake_smtp_server_stall (silent, OB_FAKE_SMTP_SERVER_FOREVER);
  g_assert_true (ob_fake_smtp_server_start (silent, &error));
  g_assert_no_error (error);
  ob_fake_resolver_add_address (resolver, "smtp.silent.test", "127.0.0.1");
  ob_fake_resolver_add_srv (resolver, "_submissions._tcp.silent.test", 0, 1,
                            ob_fake_smtp_server_get_port (silent), "smtp.silent.test");
  r.target = g_strdup_printf ("smtp.silent.test:%u", ob_fake_smtp_server_get_port (silent));
  ob_detector_set_probe_timeout (detector, 2);
  g_signal_connect (detector, "event", G_CALLBACK (probe_event_cb), &r);
  /* The window's first frames are drawn before, not counted. */
  ob_test_gui_iterate (1000);
  idle = g_timeout_add (10, count_iteration_cb, &r);

  type (f, "_Email Address", "ada@silent.test");
  g_assert_true (ob_test_gui_wait_until (probed, &r, WAIT_MS));
  /* Figures for the reader; a test does not judge wall time. */
  g_test_message ("the GTK thread ran %u times while the probe waited, at most %.1f ms apart",
                  r.iterations, r.longest / 1000.0);
  g_assert_cmpint (r.outcome, ==, OB_DETECTOR_OUTCOME_TIMED_OUT);
  g_assert_cmpuint (r.iterations, >, 10);

  g_source_remove (idle);
  g_signal_handlers_disconnect_by_data (detector, &r);
  ob_detector_set_probe_timeout (detector, 60);
  ob_fake_smtp_server_stop (silent);
  g_free (r.target);
}

static void
test_address_change_cancels (Fixture *f, gconstpointer data)
{
  ObDetectionProgress *progress;

  /* slow.test answers only after the test is over. */
  ob_fake_resolver_set_delay (resolver, "_submissions._tcp.slow.test", WAIT_MS);
  ob_fake_resolver_set_delay (resolver, "_submission._tcp.slow.test", WAIT_MS);
  type (f, "_Email Address", "ada@slow.test");
  wait_for_text (f, "Looking for your server");
  press_continue (f);
  wait_for_text (f, "slow.test");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.back", NULL));
  type (f, "_Email Address", "grace@example.test");
  type (f, "_Password", PASSWORD);
  /* The old detection's rows went with it. */
  progress = OB_DETECTION_PROGRESS (ob_test_gui_find_widget (GTK_WIDGET (f->wizard),
                                                             OB_TYPE_DETECTION_PROGRESS));
  g_assert_null (find_text (GTK_WIDGET (progress), "slow.test"));
  wait_for_text (f, "Looking for your server");
  press_continue (f);
  wait_for_text (f, "smtp.example.test, port");
  g_assert_null (find_text (GTK_WIDGET (progress), "slow.test"));
}

static void
test_escape_stops_detection (Fixture *f, gconstpointer data)
{
  ob_fake_resolver_set_delay (resolver, "_submissions._tcp.stuck.test", WAIT_MS);
  type (f, "_Email Address", "ada@stuck.test");
  wait_for_text (f, "Looking for your server");
  press_continue (f);
  wait_for_text (f, "Finding Your Server");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.escape", NULL));
  wait_for_text (f, "_Email Address");
  g_assert_nonnull (f->wizard);
}

static void
test_invalid_address (Fixture *f, gconstpointer data)
{
  type (f, "_Email Address", "ada@");
  wait_for_text (f, "domain");
  g_assert_true (gtk_widget_has_css_class (row (f, "_Email Address"), "error"));
  g_assert_false (continue_enabled (f));
}

static void
configure_detector (void)
{
  static const char * const none[] = { NULL };
  ObDetector *detector = ob_application_get_detector (the_app);

  /* Nothing leaves this machine: no ISPDB, no autoconfig, and only the
   * test CA is trusted, as the wizard's account will be. */
  g_object_set (detector,
                "ca-file", ob_test_certs_get_ca_file (ob_test_certs_get (NULL)),
                "ispdb-url", "",
                "autoconfig-urls", none,
                "autoconfig-insecure-urls", none,
                "probe-timeout", 60,
                NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);
  server = ob_test_aiosmtpd_start_for_host (OB_TEST_AIOSMTPD_IMPLICIT_TLS |
                                            OB_TEST_AIOSMTPD_AUTH,
                                            "smtp.example.test", ADDRESS, PASSWORD, &error);
  g_assert_no_error (error);
  resolver = ob_fake_resolver_new ();
  ob_fake_resolver_add_address (resolver, "smtp.example.test", "127.0.0.1");
  ob_fake_resolver_add_srv (resolver, "_submissions._tcp.example.test", 0, 1,
                            ob_test_aiosmtpd_get_port (server), "smtp.example.test");
  g_resolver_set_default (G_RESOLVER (resolver));
  configure_detector ();

#define ADD(path, func) \
  g_test_add ("/ob/account-wizard/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("invalid-address", test_invalid_address);
  ADD ("adds-account", test_adds_account);
  ADD ("wrong-password", test_wrong_password);
  ADD ("sending-service", test_sending_service);
  ADD ("responsive-during-probe", test_responsive_during_probe);
  g_test_add ("/ob/account-wizard/first-run", Fixture, NULL, first_run_setup, test_first_run,
              fixture_teardown);
  ADD ("address-change-cancels", test_address_change_cancels);
  ADD ("escape-stops-detection", test_escape_stops_detection);
#undef ADD

  status = g_test_run ();
  ob_test_aiosmtpd_stop (server);
  g_object_unref (server);
  g_object_unref (resolver);
  return status;
}
