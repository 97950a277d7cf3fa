/* test-certificate-dialog.c — the certificate dialog under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-certificate.h"
#include "ob-certificate-dialog.h"
#include "ob-smtp-error.h"
#include "ob-test-certs.h"
#include "ob-test-gui.h"
#include "ob-window.h"

typedef struct
{
  ObWindow            *parent;
  ObCertificateDialog *dialog;
  char                *trusted;
  guint                n_trusted;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. */
static ObApplication *the_app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->parent = ob_window_new (the_app);
  gtk_window_present (GTK_WINDOW (f->parent));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  gtk_window_destroy (GTK_WINDOW (f->parent));
  g_free (f->trusted);
}

static void
trust_cb (ObCertificateDialog *dialog,
          const char          *fingerprint,
          Fixture             *f)
{
  g_free (f->trusted);
  f->trusted = g_strdup (fingerprint);
  f->n_trusted++;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Verifies @kind against the test CA for @host, as a connection would. */
static GTlsCertificateFlags
verify (GTlsCertificate *certificate,
        const char      *host)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = ob_test_certs_new_database (ob_test_certs_get (NULL), &error);
  g_autoptr(GSocketConnectable) identity = g_network_address_new (host, 465);
  GTlsCertificateFlags flags;

  g_assert_no_error (error);
  flags = g_tls_database_verify_chain (database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  return flags;
}

static GTlsCertificate *
get_certificate (ObTestCertKind kind)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  return ob_test_certs_get_server (certs, kind);
}

static void
open_dialog (Fixture         *f,
             const char      *host,
             GTlsCertificate *certificate,
             const char      *pinned)
{
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS, NULL,
                                               "The server’s certificate was refused.");

  /* Opened as the app opens it: from the error the connection failed with. */
  ob_smtp_error_set_certificate (error, certificate, verify (certificate, host));
  f->dialog = ob_certificate_dialog_new_for_error (GTK_WINDOW (f->parent), host, error, pinned);
  g_signal_connect (f->dialog, "trust", G_CALLBACK (trust_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->dialog, 5000));
}

/* A label below @root whose text contains @part. */
static GtkLabel *
find_label_containing (GtkWidget  *root,
                       const char *part)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), part) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_shows (Fixture    *f,
              const char *text)
{
  GtkLabel *label = find_label_containing (GTK_WIDGET (f->dialog), text);

  if (label == NULL)
    g_error ("the dialog shows nothing containing “%s”", text);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_false (gtk_label_get_use_markup (label));
}

static void
assert_heading (Fixture    *f,
                const char *heading)
{
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (f->dialog), heading);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_true (gtk_widget_has_css_class (label, "title-2"));
}

/* A fingerprint is shown on two lines of sixteen bytes. */
static void
assert_shows_fingerprint (Fixture    *f,
                          const char *sha256)
{
  g_autofree char *formatted = ob_certificate_format_fingerprint (sha256);
  g_autofree char *start = g_strndup (formatted, 12);
  GtkLabel *label;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;

  g_assert_cmpuint (strlen (formatted), ==, 95);
  assert_shows (f, start);
  label = find_label_containing (GTK_WIDGET (f->dialog), start);
  g_assert_true (gtk_label_get_selectable (label));
  /* Read out with its caption. */
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (label),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  lines = g_strsplit (gtk_label_get_text (label), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpuint (strlen (lines[0]), ==, 48);
  joined = g_strjoinv ("", lines);
  g_assert_cmpstr (joined, ==, formatted);
}

static GtkWidget *
find_button (Fixture    *f,
             const char *label_text)
{
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (f->dialog), label_text);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
}

static void
assert_facts (Fixture         *f,
              GTlsCertificate *certificate)
{
  g_autofree char *sha256 = ob_certificate_get_sha256 (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);

  /* The SHA-256 fingerprint, and who issued the certificate. */
  assert_shows_fingerprint (f, sha256);
  assert_shows (f, issuer);
  g_assert_cmpstr (ob_certificate_dialog_get_fingerprint (f->dialog), ==, sha256);

  /* Cancel is the safe answer: Enter gives it, and the keyboard starts there. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (f->dialog)) ==
                 find_button (f, _("Cancel")));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->dialog)) == find_button (f, _("Cancel")));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (f->dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->dialog)) == GTK_WINDOW (f->parent));
}

static void
test_certificate_wrong_host (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_WRONG_HOST);
  GtkLabel *explanation;
  g_autofree char *screenshot = NULL;

  open_dialog (f, "smtp.example.com", certificate, NULL);

  assert_heading (f, _("Certificate is for another server"));
  /* Both names: the one connected to, and the one on the certificate. */
  explanation = find_label_containing (GTK_WIDGET (f->dialog), "“smtp.example.com”");
  g_assert_nonnull (explanation);
  g_assert_nonnull (strstr (gtk_label_get_text (explanation), "wrong.example"));
  assert_shows (f, "smtp.example.com");
  assert_shows (f, "wrong.example");
  assert_shows (f, _("It was issued for a different server name."));
  assert_facts (f, certificate);
  g_assert_false (ob_certificate_dialog_get_changed (f->dialog));

  screenshot = ob_test_gui_screenshot (GTK_WIDGET (f->dialog), "certificate-dialog");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
}

static void
test_certificate_expired (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_EXPIRED);

  open_dialog (f, "localhost", certificate, NULL);

  assert_heading (f, _("Server certificate expired"));
  assert_shows (f, _("It has expired."));
  /* Valid only in January 2020. */
  assert_shows (f, "January 2020");
  assert_facts (f, certificate);
}

static void
test_certificate_self_signed (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_SELF_SIGNED);

  open_dialog (f, "localhost", certificate, NULL);

  assert_heading (f, _("Self-signed certificate"));
  assert_shows (f, _("It is not signed by an authority this computer trusts."));
  assert_facts (f, certificate);
}

static void
weak_clear (gpointer data, GObject *where_the_object_was)
{
  *(gpointer *) data = NULL;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
click_response (Fixture    *f,
                const char *label_text)
{
  GtkWidget *button = find_button (f, label_text);

  g_assert_nonnull (button);

  /* The dialog closes itself after a response. */
  g_object_weak_ref (G_OBJECT (f->dialog), weak_clear, &f->dialog);
  gtk_widget_activate (button);
  g_assert_true (ob_test_gui_wait_until (is_gone, &f->dialog, 5000));
}

static void
test_certificate_trust (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_SELF_SIGNED);
  g_autofree char *sha256 = ob_certificate_get_sha256 (certificate);

  open_dialog (f, "localhost", certificate, NULL);
  click_response (f, _("Trust This Certificate for This Account"));

  /* What to pin on the account: the certificate's fingerprint, normalized. */
  g_assert_cmpuint (f->n_trusted, ==, 1);
  g_assert_cmpstr (f->trusted, ==, sha256);
}

static void
test_certificate_cancel (Fixture *f, gconstpointer data)
{
  open_dialog (f, "localhost", get_certificate (OB_TEST_CERT_EXPIRED), NULL);
  click_response (f, _("Cancel"));
  g_assert_cmpuint (f->n_trusted, ==, 0);

  /* Escape is Cancel too. */
  open_dialog (f, "localhost", get_certificate (OB_TEST_CERT_EXPIRED), NULL);
  g_object_weak_ref (G_OBJECT (f->dialog), weak_clear, &f->dialog);
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "window.close", NULL);
  g_assert_true (ob_test_gui_wait_until (is_gone, &f->dialog, 5000));
  g_assert_cmpuint (f->n_trusted, ==, 0);
}

static void
test_certificate_changed (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_SELF_SIGNED);
  g_autofree char *sha256 = ob_certificate_get_sha256 (certificate);
  g_autofree char *old = ob_certificate_get_sha256 (get_certificate (OB_TEST_CERT_RSA));
  g_autofree char *old_formatted = ob_certificate_format_fingerprint (old);
  g_autofree char *typed = g_ascii_strup (old_formatted, -1);
  g_autofree char *screenshot = NULL;

  /* A pin as someone may have pasted it: upper case, with colons. */
  open_dialog (f, "mail.example.org", certificate, typed);

  g_assert_true (ob_certificate_dialog_get_changed (f->dialog));
  assert_heading (f, _("Certificate changed"));
  assert_shows (f, "“mail.example.org”");
  assert_shows (f, _("This is not the certificate you trusted for this account."));
  assert_shows_fingerprint (f, old);
  assert_facts (f, certificate);
  g_assert_true (gtk_widget_has_css_class (find_button (f, _("Trust the New Certificate")),
                                           "destructive-action"));

  screenshot = ob_test_gui_screenshot (GTK_WIDGET (f->dialog), "certificate-changed");

  click_response (f, _("Trust the New Certificate"));
  g_assert_cmpuint (f->n_trusted, ==, 1);
  g_assert_cmpstr (f->trusted, ==, sha256);
}

static void
test_certificate_same_pin (Fixture *f, gconstpointer data)
{
  GTlsCertificate *certificate = get_certificate (OB_TEST_CERT_WRONG_HOST);
  g_autofree char *pinned = ob_certificate_get_sha256 (certificate);
  GtkLabel *banner;

  /* Pinned, yet refused for another reason: not a change. */
  open_dialog (f, "smtp.example.com", certificate, pinned);

  g_assert_false (ob_certificate_dialog_get_changed (f->dialog));
  assert_heading (f, _("Certificate is for another server"));
  g_assert_false (gtk_widget_has_css_class (find_button (f, _("Trust This Certificate for This "
                                                              "Account")),
                                            "destructive-action"));
  banner = find_label_containing (GTK_WIDGET (f->dialog),
                                  _("This is not the certificate you trusted for this account."));
  g_assert_true (banner == NULL || !gtk_widget_get_mapped (GTK_WIDGET (banner)));
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/certificate-dialog/wrong-host", Fixture, NULL,
              fixture_setup, test_certificate_wrong_host, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/expired", Fixture, NULL,
              fixture_setup, test_certificate_expired, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/self-signed", Fixture, NULL,
              fixture_setup, test_certificate_self_signed, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/trust", Fixture, NULL,
              fixture_setup, test_certificate_trust, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/cancel", Fixture, NULL,
              fixture_setup, test_certificate_cancel, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/changed", Fixture, NULL,
              fixture_setup, test_certificate_changed, fixture_teardown);
  g_test_add ("/ob/certificate-dialog/same-pin", Fixture, NULL,
              fixture_setup, test_certificate_same_pin, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
