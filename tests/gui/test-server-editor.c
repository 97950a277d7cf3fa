/* test-server-editor.c — the certificate settings of "Edit Manually"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ob-account.h"
#include "ob-application.h"
#include "ob-certificate.h"
#include "ob-diagnosis-view.h"
#include "ob-server-editor.h"
#include "ob-test-certs.h"
#include "ob-test-gui.h"

#define WAIT_MS 10000

#define PIN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  GtkWindow      *window;
  ObServerEditor *editor;
  ObAccount      *account;
  char           *ca_file;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. */
static ObApplication *the_app;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
is_complete (gpointer data)
{
  return ob_server_editor_is_complete (OB_SERVER_EDITOR (data));
}

static GtkWidget *
error_view (Fixture *f)
{
  return ob_test_gui_find_widget (GTK_WIDGET (f->editor), OB_TYPE_DIAGNOSIS_VIEW);
}

static GtkWidget *
certificates_row (Fixture *f)
{
  return ob_test_gui_find_widget (GTK_WIDGET (f->editor), ADW_TYPE_EXPANDER_ROW);
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_is_visible (error_view (data));
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label = ob_test_gui_find_label (root, text);

  return label != NULL && gtk_widget_is_visible (label);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->ca_file = g_strdup (ob_test_certs_get_ca_file (certs));
  f->account = ob_account_new ("ada@example.org");
  ob_account_set_host (f->account, "mail.example.org");
  ob_account_set_port (f->account, 465);
  ob_account_set_security (f->account, OB_SECURITY_TLS);
  ob_account_set_username (f->account, "ada");

  f->editor = OB_SERVER_EDITOR (ob_server_editor_new ());
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_application (f->window, GTK_APPLICATION (the_app));
  gtk_window_set_default_size (f->window, 600, 760);
  adw_window_set_content (ADW_WINDOW (f->window),
                          g_object_new (ADW_TYPE_CLAMP,
                                        "child", f->editor,
                                        "margin-top", 24, "margin-bottom", 24,
                                        "margin-start", 12, "margin-end", 12,
                                        NULL));
  gtk_window_present (f->window);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->editor, 5000));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->account);
  g_free (f->ca_file);
}

static void
load_and_wait (Fixture *f)
{
  ob_server_editor_load (f->editor, f->account);
  g_assert_true (ob_test_gui_wait_until (is_complete, f->editor, WAIT_MS));
}

static void
test_shows_certificates (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_path_get_basename (f->ca_file);
  g_autofree char *fingerprint = ob_certificate_format_fingerprint (PIN);
  g_autoptr(ObAccount) applied = ob_account_new ("ada@example.org");
  GtkWidget *label;

  ob_account_set_ca_file (f->account, f->ca_file);
  ob_account_set_pinned_sha256 (f->account, PIN);
  load_and_wait (f);

  /* Set values open the part most people never need. */
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (certificates_row (f))));
  g_assert_true (label_shown (GTK_WIDGET (f->editor), name));
  g_assert_true (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));
  label = ob_test_gui_find_label (GTK_WIDGET (f->editor), fingerprint);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_visible (label));
  g_assert_true (g_str_has_prefix (fingerprint, "01:23:45:67:89:AB:CD:EF:"));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_true (gtk_widget_has_css_class (label, "monospace"));
  g_assert_false (gtk_widget_is_visible (error_view (f)));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->window));
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->window), "wizard-edit-manually-advanced"));

  ob_server_editor_apply (f->editor, applied);
  g_assert_cmpstr (ob_account_get_ca_file (applied), ==, f->ca_file);
  g_assert_cmpstr (ob_account_get_pinned_sha256 (applied), ==, PIN);
}

static void
test_no_certificates (Fixture *f, gconstpointer data)
{
  g_autoptr(ObAccount) applied = ob_account_new ("ada@example.org");

  ob_account_set_ca_file (applied, f->ca_file);
  ob_account_set_pinned_sha256 (applied, PIN);
  load_and_wait (f);

  /* Nothing set: the part stays closed, the system's certificates are used. */
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (certificates_row (f))));
  g_assert_true (label_shown (GTK_WIDGET (f->editor), "System certificates"));
  g_assert_false (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->window));

  ob_server_editor_apply (f->editor, applied);
  g_assert_null (ob_account_get_ca_file (applied));
  g_assert_null (ob_account_get_pinned_sha256 (applied));
}

static void
test_forget (Fixture *f, gconstpointer data)
{
  g_autoptr(ObAccount) applied = ob_account_new ("ada@example.org");

  ob_account_set_ca_file (f->account, f->ca_file);
  ob_account_set_pinned_sha256 (f->account, PIN);
  load_and_wait (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor),
                                             "server-editor.forget-certificate", NULL));
  g_assert_false (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));
  ob_server_editor_apply (f->editor, applied);
  g_assert_null (ob_account_get_pinned_sha256 (applied));
  g_assert_cmpstr (ob_account_get_ca_file (applied), ==, f->ca_file);
}

static void
test_clear_ca_file (Fixture *f, gconstpointer data)
{
  g_autoptr(ObAccount) applied = ob_account_new ("ada@example.org");

  ob_account_set_ca_file (f->account, f->ca_file);
  load_and_wait (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor),
                                             "server-editor.clear-ca-file", NULL));
  g_assert_true (label_shown (GTK_WIDGET (f->editor), "System certificates"));
  g_assert_true (ob_server_editor_is_complete (f->editor));
  ob_server_editor_apply (f->editor, applied);
  g_assert_null (ob_account_get_ca_file (applied));
}

/* A pin is for the server it was trusted for: typing another server hides
 * it and applies none. */
static void
test_pin_follows_host (Fixture *f, gconstpointer data)
{
  g_autoptr(ObAccount) applied = ob_account_new ("ada@example.org");
  GtkWidget *host = ob_test_gui_find_widget (GTK_WIDGET (f->editor), ADW_TYPE_ENTRY_ROW);

  ob_account_set_pinned_sha256 (f->account, PIN);
  load_and_wait (f);
  g_assert_true (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));

  gtk_editable_set_text (GTK_EDITABLE (host), "smtp.example.net");
  g_assert_false (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));
  ob_server_editor_apply (f->editor, applied);
  g_assert_null (ob_account_get_pinned_sha256 (applied));

  gtk_editable_set_text (GTK_EDITABLE (host), "MAIL.example.org");
  g_assert_true (label_shown (GTK_WIDGET (f->editor), "Trusted Certificate"));
  ob_server_editor_apply (f->editor, applied);
  g_assert_cmpstr (ob_account_get_pinned_sha256 (applied), ==, PIN);
}

static void
check_unusable (Fixture    *f,
                const char *path)
{
  ObDiagnosis *diagnosis;

  ob_account_set_ca_file (f->account, path);
  ob_server_editor_load (f->editor, f->account);
  g_assert_false (ob_server_editor_is_complete (f->editor));
  g_assert_true (ob_test_gui_wait_until (error_shown, f, WAIT_MS));
  g_assert_false (ob_server_editor_is_complete (f->editor));

  diagnosis = ob_diagnosis_view_get_diagnosis (OB_DIAGNOSIS_VIEW (error_view (f)));
  g_assert_nonnull (diagnosis);
  g_assert_cmpint (ob_diagnosis_get_category (diagnosis), ==, OB_DIAGNOSIS_CATEGORY_CERTIFICATE);
  g_assert_nonnull (strstr (ob_diagnosis_get_detail (diagnosis), path));
}

static void
test_unusable_ca_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ob-server-editor-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  missing = g_build_filename (dir, "missing.pem", NULL);
  empty = g_build_filename (dir, "empty.pem", NULL);
  g_assert_true (g_file_set_contents (empty, "not a certificate\n", -1, &error));
  g_assert_no_error (error);

  check_unusable (f, missing);
  g_free (ob_test_gui_screenshot (GTK_WIDGET (f->window), "server-editor-ca-file-unusable"));
  ob_test_gui_assert_labelled (GTK_WIDGET (f->window));
  check_unusable (f, empty);
  check_unusable (f, "relative/ca.pem");

  /* Choosing the system's certificates again makes the settings whole. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor),
                                             "server-editor.clear-ca-file", NULL));
  g_assert_false (gtk_widget_is_visible (error_view (f)));
  g_assert_true (ob_server_editor_is_complete (f->editor));

  g_assert_cmpint (g_unlink (empty), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/server-editor/shows-certificates", Fixture, NULL,
              fixture_setup, test_shows_certificates, fixture_teardown);
  g_test_add ("/ob/server-editor/no-certificates", Fixture, NULL,
              fixture_setup, test_no_certificates, fixture_teardown);
  g_test_add ("/ob/server-editor/forget", Fixture, NULL,
              fixture_setup, test_forget, fixture_teardown);
  g_test_add ("/ob/server-editor/clear-ca-file", Fixture, NULL,
              fixture_setup, test_clear_ca_file, fixture_teardown);
  g_test_add ("/ob/server-editor/pin-follows-host", Fixture, NULL,
              fixture_setup, test_pin_follows_host, fixture_teardown);
  g_test_add ("/ob/server-editor/unusable-ca-file", Fixture, NULL,
              fixture_setup, test_unusable_ca_file, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
