/* test-diagnosis-view.c — a failure explained, under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-diagnosis-view.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-test-gui.h"

/* A server's words that would be markup, or look like another line, if
 * they were ever interpreted. */
#define HOSTILE_REPLY "<b>Authentication</b> failed & <a href=\"x\">try</a>"

typedef struct
{
  GtkWindow   *window;
  GtkWidget   *view;
  ObDiagnosis *diagnosis;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  const char *lines[] = { "5.7.8 " HOSTILE_REPLY, NULL };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (535, lines);
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_AUTH_FAILED, OB_SMTP_STAGE_AUTH,
                                               reply, "Login refused");
  ObDiagnosisContext context = { .provider_id = "gmail", .host = "smtp.gmail.com", .port = 465 };

  f->diagnosis = ob_diagnosis_new_for_error (error, &context);
  f->view = ob_diagnosis_view_new ();
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 480, 400);
  gtk_window_set_child (f->window, f->view);
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->diagnosis);
}

static void
test_hidden_without_diagnosis (Fixture *f, gconstpointer data)
{
  g_assert_false (gtk_widget_get_visible (f->view));
  ob_diagnosis_view_set_diagnosis (OB_DIAGNOSIS_VIEW (f->view), f->diagnosis);
  g_assert_true (gtk_widget_get_visible (f->view));
  g_assert_true (ob_diagnosis_view_get_diagnosis (OB_DIAGNOSIS_VIEW (f->view)) == f->diagnosis);
  ob_diagnosis_view_set_diagnosis (OB_DIAGNOSIS_VIEW (f->view), NULL);
  g_assert_false (gtk_widget_get_visible (f->view));
}

static void
test_shows_everything (Fixture *f, gconstpointer data)
{
  GtkWidget *detail;
  g_autofree char *shot = NULL;

  ob_diagnosis_view_set_diagnosis (OB_DIAGNOSIS_VIEW (f->view), f->diagnosis);
  g_assert_nonnull (ob_test_gui_find_label (f->view, ob_diagnosis_get_title (f->diagnosis)));
  g_assert_nonnull (ob_test_gui_find_label (f->view, ob_diagnosis_get_explanation (f->diagnosis)));
  g_assert_nonnull (ob_test_gui_find_label (f->view, ob_diagnosis_get_remedy (f->diagnosis)));

  /* The server's words are there literally, not as markup. */
  g_assert_true (ob_diagnosis_get_detail_is_reply (f->diagnosis));
  detail = ob_test_gui_find_label (f->view, ob_diagnosis_get_detail (f->diagnosis));
  g_assert_nonnull (detail);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (detail)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (detail)), "<b>Authentication</b>"));
  g_assert_true (gtk_widget_is_visible (detail));

  /* Gmail has a help page for this. */
  g_assert_nonnull (ob_diagnosis_get_help_url (f->diagnosis));
  g_assert_true (gtk_widget_is_visible (ob_test_gui_find_widget (f->view, GTK_TYPE_LINK_BUTTON)));

  shot = ob_test_gui_screenshot (GTK_WIDGET (f->window), "diagnosis-login-refused");
  g_assert_nonnull (shot);
}

static void
test_detail_can_be_hidden (Fixture *f, gconstpointer data)
{
  GtkWidget *detail;

  ob_diagnosis_view_set_diagnosis (OB_DIAGNOSIS_VIEW (f->view), f->diagnosis);
  detail = ob_test_gui_find_label (f->view, ob_diagnosis_get_detail (f->diagnosis));
  g_assert_true (gtk_widget_is_visible (detail));

  ob_diagnosis_view_set_show_detail (OB_DIAGNOSIS_VIEW (f->view), FALSE);
  g_assert_false (ob_diagnosis_view_get_show_detail (OB_DIAGNOSIS_VIEW (f->view)));
  g_assert_false (gtk_widget_is_visible (detail));
  ob_diagnosis_view_set_show_detail (OB_DIAGNOSIS_VIEW (f->view), TRUE);
  g_assert_true (gtk_widget_is_visible (detail));
}

/* A screen reader names the card after the failure. */
static void
test_accessible_name (Fixture *f, gconstpointer data)
{
  GtkWidget *title;

  ob_diagnosis_view_set_diagnosis (OB_DIAGNOSIS_VIEW (f->view), f->diagnosis);
  title = ob_test_gui_find_label (f->view, ob_diagnosis_get_title (f->diagnosis));
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (f->view),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL);
}

int
main (int argc, char *argv[])
{
  g_autoptr(ObApplication) app = ob_test_gui_start_app (&argc, &argv, TRUE);

#define ADD(path, func) \
  g_test_add ("/ob/diagnosis-view/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("hidden-without-diagnosis", test_hidden_without_diagnosis);
  ADD ("shows-everything", test_shows_everything);
  ADD ("detail-can-be-hidden", test_detail_can_be_hidden);
  ADD ("accessible-name", test_accessible_name);
#undef ADD

  return g_test_run ();
}
