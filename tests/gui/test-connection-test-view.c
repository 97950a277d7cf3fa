/* test-connection-test-view.c — the connection test checklist, against a fake server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-certificate.h"
#include "ob-certificate-dialog.h"
#include "ob-connection-test-row.h"
#include "ob-connection-test-view.h"
#include "ob-diagnosis-view.h"
#include "ob-fake-smtp-server.h"
#include "ob-test-certs.h"
#include "ob-test-gui.h"

#define PASSWORD "c0nn-test-view-pw"
#define WAIT_MS  60000

typedef struct
{
  GtkWindow            *window;
  ObConnectionTestView *view;
  ObFakeSmtpServer     *server;
  ObAccount            *account;
  guint                 n_finished;
  gboolean              passed;
  int                   fix_field;
  char                 *trusted;
} Fixture;

static ObApplication *the_app;

static void
finished_cb (ObConnectionTestView *view,
             gboolean              passed,
             Fixture              *f)
{
  f->n_finished++;
  f->passed = passed;
}

static void
fix_requested_cb (ObConnectionTestView *view,
                  int                   field,
                  Fixture              *f)
{
  f->fix_field = field;
}

static void
certificate_trusted_cb (ObConnectionTestView *view,
                        const char           *sha256,
                        Fixture              *f)
{
  g_free (f->trusted);
  f->trusted = g_strdup (sha256);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->server = ob_fake_smtp_server_new ();
  ob_fake_smtp_server_set_timeout (f->server, 20000);
  f->account = ob_account_new ("ada@example.com");
  ob_account_set_host (f->account, "localhost");
  ob_account_set_ca_file (f->account, ob_test_certs_get_ca_file (certs));
  ob_account_set_username (f->account, "ada");
  ob_account_set_security (f->account, OB_SECURITY_TLS);
  f->fix_field = -1;

  f->view = ob_connection_test_view_new ();
  g_signal_connect (f->view, "finished", G_CALLBACK (finished_cb), f);
  g_signal_connect (f->view, "fix-requested", G_CALLBACK (fix_requested_cb), f);
  g_signal_connect (f->view, "certificate-trusted", G_CALLBACK (certificate_trusted_cb), f);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 560, 720);
  gtk_widget_set_margin_top (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (f->view), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (f->view), 18);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_application_add_window (GTK_APPLICATION (the_app), f->window);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ObTranscript *transcript = ob_application_get_transcript (the_app);
  g_autofree char *log = NULL;

  gtk_window_destroy (f->window);
  ob_fake_smtp_server_stop (f->server);

  /* Whatever happened, the session's log never shows the password. */
  ob_transcript_flush (transcript);
  log = ob_transcript_to_text (transcript);
  g_assert_null (strstr (log, PASSWORD));

  g_clear_object (&f->account);
  g_clear_object (&f->server);
  g_free (f->trusted);
}

static GTlsCertificate *
cert (ObTestCertKind kind)
{
  return ob_test_certs_get_server (ob_test_certs_get (NULL), kind);
}

static void
start_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_fake_smtp_server_start (f->server, &error));
  g_assert_no_error (error);
  ob_account_set_port (f->account, ob_fake_smtp_server_get_port (f->server));
}

static gboolean
finished_n (gpointer data)
{
  Fixture *f = data;

  return f->n_finished > 0;
}

static void
run_and_wait (Fixture *f)
{
  ob_connection_test_view_run (f->view, f->account, PASSWORD, FALSE);
  g_assert_true (ob_connection_test_view_get_running (f->view));
  g_assert_true (ob_test_gui_wait_until (finished_n, f, WAIT_MS));
  g_assert_false (ob_connection_test_view_get_running (f->view));
}

static ObConnectionTestRow *
row_for (Fixture                  *f,
         ObConnectionTestStepKind  kind)
{
  GtkWidget *list = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_BOX);

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (OB_IS_CONNECTION_TEST_ROW (child) &&
        ob_connection_test_step_get_kind (ob_connection_test_row_get_step (
          OB_CONNECTION_TEST_ROW (child))) == kind)
      return OB_CONNECTION_TEST_ROW (child);
  return NULL;
}

static void
script_login (ObFakeSmtpServer *server,
              const char       *auth_reply)
{
  ob_fake_smtp_server_add_greeting_and_ehlo (server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (server, "AUTH PLAIN *", auth_reply);
  ob_fake_smtp_server_expect_reply (server, "QUIT", "221 2.0.0 Bye\r\n");
}

static void
test_passes (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  script_login (f->server, "235 2.7.0 Accepted\r\n");
  start_server (f);

  run_and_wait (f);
  g_assert_true (f->passed);
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (f->view),
                                            _("Everything works: this account can send mail.")));
  /* Each step that ran says so to a screen reader. */
  for (ObConnectionTestStepKind kind = OB_CONNECTION_TEST_STEP_RESOLVE;
       kind <= OB_CONNECTION_TEST_STEP_LOGIN; kind++)
    {
      ObConnectionTestRow *row = row_for (f, kind);
      ObConnectionTestStep *step = ob_connection_test_row_get_step (row);
      g_autofree char *name = g_strdup_printf ("%s: %s", ob_connection_test_step_get_title (step),
                                               _("Passed"));

      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           name);
    }
  shot = ob_test_gui_screenshot (GTK_WIDGET (f->window), "connection-test-passed");
  g_assert_nonnull (shot);
}

static void
test_login_refused (Fixture *f, gconstpointer data)
{
  ObConnectionTestRow *row;
  ObDiagnosisView *diagnosis;
  g_autofree char *shot = NULL;
  GtkWidget *fix;

  ob_fake_smtp_server_start_tls (f->server, cert (OB_TEST_CERT_LOCALHOST));
  ob_fake_smtp_server_add_greeting_and_ehlo (f->server, "AUTH PLAIN", NULL);
  ob_fake_smtp_server_expect_reply (f->server, "AUTH PLAIN *",
                                    "535 5.7.8 Authentication credentials invalid\r\n");
  start_server (f);

  run_and_wait (f);
  g_assert_false (f->passed);

  /* The login step failed, and says why and what to do, in place. */
  row = row_for (f, OB_CONNECTION_TEST_STEP_LOGIN);
  g_assert_cmpint (ob_connection_test_step_get_state (ob_connection_test_row_get_step (row)), ==,
                   OB_CONNECTION_TEST_STEP_FAILED);
  diagnosis = OB_DIAGNOSIS_VIEW (ob_test_gui_find_widget (GTK_WIDGET (row),
                                                          OB_TYPE_DIAGNOSIS_VIEW));
  g_assert_nonnull (ob_diagnosis_view_get_diagnosis (diagnosis));
  g_assert_cmpint (ob_diagnosis_get_field (ob_diagnosis_view_get_diagnosis (diagnosis)), ==,
                   OB_DIAGNOSIS_FIELD_PASSWORD);
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), "535 5.7.8 Authentication "
                                                              "credentials invalid"));

  /* Its button goes to the password. */
  fix = ob_test_gui_find_label (GTK_WIDGET (row), _("Change Password"));
  g_assert_nonnull (fix);
  g_assert_true (gtk_widget_is_visible (fix));
  gtk_widget_activate_action (GTK_WIDGET (row), "connection-test.fix", NULL);
  g_assert_cmpint (f->fix_field, ==, OB_DIAGNOSIS_FIELD_PASSWORD);

  ob_test_gui_iterate (400);
  shot = ob_test_gui_screenshot (GTK_WIDGET (f->window), "connection-test-login-failed");
  g_assert_nonnull (shot);
}

static ObCertificateDialog *
find_certificate_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OB_IS_CERTIFICATE_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
certificate_dialog_shown (gpointer data)
{
  return find_certificate_dialog () != NULL;
}

static gboolean
passed_twice (gpointer data)
{
  Fixture *f = data;

  return f->n_finished >= 2;
}

/* A self-signed certificate opens the certificate dialog; trusting it pins
 * it on the account and the test passes with it. */
static void
test_certificate_trusted (Fixture *f, gconstpointer data)
{
  GTlsCertificate *self_signed = cert (OB_TEST_CERT_SELF_SIGNED);
  g_autofree char *sha256 = ob_certificate_get_sha256 (self_signed);
  ObCertificateDialog *dialog;
  g_autofree char *shot = NULL;

  ob_fake_smtp_server_start_tls_refused (f->server, self_signed);
  ob_fake_smtp_server_next_connection (f->server);
  ob_fake_smtp_server_start_tls (f->server, self_signed);
  script_login (f->server, "235 2.7.0 Accepted\r\n");
  start_server (f);

  run_and_wait (f);
  g_assert_false (f->passed);
  g_assert_true (ob_test_gui_wait_until (certificate_dialog_shown, NULL, 10000));
  dialog = find_certificate_dialog ();
  g_assert_cmpstr (ob_certificate_dialog_get_fingerprint (dialog), ==, sha256);
  shot = ob_test_gui_screenshot (GTK_WIDGET (dialog), "connection-test-certificate");
  g_assert_nonnull (shot);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "certificate.trust", NULL);
  g_assert_cmpstr (f->trusted, ==, sha256);
  g_assert_cmpstr (ob_account_get_pinned_sha256 (f->account), ==, sha256);
  g_assert_true (ob_test_gui_wait_until (passed_twice, f, WAIT_MS));
  g_assert_true (f->passed);
}

/* Cancel stops a test stuck on a silent server at once. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  ob_fake_smtp_server_stall (f->server, OB_FAKE_SMTP_SERVER_FOREVER);
  start_server (f);

  ob_connection_test_view_run (f->view, f->account, PASSWORD, FALSE);
  ob_test_gui_iterate (300);
  g_assert_true (ob_connection_test_view_get_running (f->view));
  ob_connection_test_view_cancel (f->view);
  g_assert_true (ob_test_gui_wait_until (finished_n, f, 5000));
  g_assert_false (f->passed);
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (f->view), _("The test was stopped.")));
}

int
main (int argc, char *argv[])
{
  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

#define ADD(path, func) \
  g_test_add ("/ob/connection-test-view/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)
  ADD ("passes", test_passes);
  ADD ("login-refused", test_login_refused);
  ADD ("certificate-trusted", test_certificate_trusted);
  ADD ("cancel", test_cancel);
#undef ADD

  return g_test_run ();
}
