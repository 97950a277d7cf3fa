/* test-log-view.c — the troubleshooting log under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ob-application.h"
#include "ob-log-row.h"
#include "ob-log-window.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-test-gui.h"
#include "ob-window.h"

#define SECRET "AGFsaWNlAHMzY3JldA=="

typedef struct
{
  ObTranscript *transcript;
  ObLogWindow  *window;
  ObLogView    *view;
  GSettings    *settings;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. It also loads the app's
 * style sheet, so screenshots look as they do in the app. */
static ObApplication *the_app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "log-verbosity");
  f->transcript = ob_transcript_new ();
  f->window = ob_log_window_new (f->transcript);
  f->view = ob_log_window_get_view (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->transcript);
  g_clear_object (&f->settings);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static GListModel *
shown_lines (Fixture *f)
{
  GtkWidget *list = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW);

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n;
}

static void
assert_n_shown (Fixture *f,
                guint    n)
{
  CountWait wait = { shown_lines (f), n };

  /* Lines from other threads and the search entry's typing delay both
   * arrive through the main loop. */
  ob_test_gui_wait_until (has_n_items, &wait, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (wait.model), ==, n);
}

/* The row showing the entry with @text, if the list view made one. */
static ObLogRow *
find_row (GtkWidget  *root,
          const char *text)
{
  if (OB_IS_LOG_ROW (root))
    {
      ObTranscriptEntry *entry = ob_log_row_get_entry (OB_LOG_ROW (root));

      return entry != NULL && g_str_equal (ob_transcript_entry_get_text (entry), text)
             ? OB_LOG_ROW (root) : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ObLogRow *row = find_row (child, text);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* Whether @widget is drawn inside the visible part of the log. */
static gboolean
is_on_screen (Fixture   *f,
              GtkWidget *widget)
{
  GtkWidget *scrolled = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  /* A widget just shown is mapped before it is first laid out, with no
   * size: that is not on screen yet. */
  if (widget == NULL || !gtk_widget_get_mapped (widget) || gtk_widget_get_height (widget) == 0 ||
      !gtk_widget_compute_bounds (widget, scrolled, &bounds))
    return FALSE;
  return bounds.origin.y >= -1 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) + 1;
}

typedef struct
{
  Fixture    *f;
  const char *text;
} RowWait;

static gboolean
row_is_on_screen (gpointer data)
{
  RowWait *wait = data;

  return is_on_screen (wait->f, GTK_WIDGET (find_row (GTK_WIDGET (wait->f->view), wait->text)));
}

static void
add_line (ObTranscript     *transcript,
          ObTranscriptKind  kind,
          const char       *text)
{
  switch (kind)
    {
    case OB_TRANSCRIPT_CLIENT:
      ob_transcript_add_client_line (transcript, text);
      break;
    case OB_TRANSCRIPT_SERVER:
      ob_transcript_add_server_line (transcript, text, -1);
      break;
    case OB_TRANSCRIPT_TLS:
    case OB_TRANSCRIPT_INFO:
    case OB_TRANSCRIPT_ERROR:
      ob_transcript_add (transcript, kind, "%s", text);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A conversation that ends in a refused login, with each kind of line. */
static const struct
{
  ObTranscriptKind kind;
  const char      *text;
} session[] = {
  { OB_TRANSCRIPT_INFO, "Looking up smtp.example.com…" },
  { OB_TRANSCRIPT_INFO, "Connecting to smtp.example.com (192.0.2.25) on port 587…" },
  { OB_TRANSCRIPT_SERVER, "220 smtp.example.com ESMTP ready" },
  { OB_TRANSCRIPT_CLIENT, "EHLO laptop.example.org" },
  { OB_TRANSCRIPT_SERVER, "250-smtp.example.com" },
  { OB_TRANSCRIPT_SERVER, "250-PIPELINING" },
  { OB_TRANSCRIPT_SERVER, "250-SIZE 36700160" },
  { OB_TRANSCRIPT_SERVER, "250 STARTTLS" },
  { OB_TRANSCRIPT_CLIENT, "STARTTLS" },
  { OB_TRANSCRIPT_SERVER, "220 2.0.0 Ready to start TLS" },
  { OB_TRANSCRIPT_TLS, "Encrypted with TLS 1.3, TLS_AES_256_GCM_SHA384." },
  { OB_TRANSCRIPT_TLS, "Certificate for CN=smtp.example.com, issued by CN=R3,O=Let’s Encrypt." },
  { OB_TRANSCRIPT_CLIENT, "EHLO laptop.example.org" },
  { OB_TRANSCRIPT_SERVER, "250-smtp.example.com" },
  { OB_TRANSCRIPT_SERVER, "250-AUTH PLAIN LOGIN" },
  { OB_TRANSCRIPT_SERVER, "250 ENHANCEDSTATUSCODES" },
  { OB_TRANSCRIPT_CLIENT, "AUTH PLAIN " SECRET },
  { OB_TRANSCRIPT_SERVER, "535 5.7.8 Authentication credentials invalid" },
  { OB_TRANSCRIPT_ERROR, "The server refused the login." },
};

static void
add_session (ObTranscript *transcript)
{
  for (guint i = 0; i < G_N_ELEMENTS (session); i++)
    add_line (transcript, session[i].kind, session[i].text);
}

static guint
count_session_kinds (gboolean (*shown) (ObTranscriptKind kind))
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (session); i++)
    n += shown (session[i].kind) ? 1 : 0;
  return n;
}

/* Lines from a worker thread */

typedef struct
{
  ObTranscript *transcript;
  guint         rounds;
} WorkerData;

static gpointer
worker_thread (gpointer data)
{
  WorkerData *worker = data;

  for (guint round = 0; round < worker->rounds; round++)
    for (ObTranscriptKind kind = OB_TRANSCRIPT_CLIENT; kind <= OB_TRANSCRIPT_ERROR; kind++)
      {
        g_autofree char *text = g_strdup_printf ("worker %u kind %d", round, kind);

        add_line (worker->transcript, kind, text);
      }
  return NULL;
}

static void
test_log_view_live (Fixture *f, gconstpointer data)
{
  WorkerData worker = { f->transcript, 20 };
  const guint n_worker = worker.rounds * (OB_TRANSCRIPT_ERROR + 1);
  GThread *thread;
  CountWait delivered = { G_LIST_MODEL (f->transcript), 0 };
  static const struct { ObTranscriptKind kind; const char *marker; const char *css; } kinds[] = {
    { OB_TRANSCRIPT_CLIENT, "C:", "client" },
    { OB_TRANSCRIPT_SERVER, "S:", "server" },
    { OB_TRANSCRIPT_TLS, "TLS", "tls" },
    { OB_TRANSCRIPT_INFO, NULL, "info" },
    { OB_TRANSCRIPT_ERROR, NULL, "error" },
  };
  RowWait newest = { f, "main 1 kind 4" };

  g_assert_true (ob_test_gui_wait_until (is_mapped, f->window, 5000));

  /* Empty, the log says what will appear in it. */
  g_assert_true (gtk_widget_get_mapped (ob_test_gui_find_label (GTK_WIDGET (f->view),
                                                                _("Nothing Logged Yet"))));

  thread = g_thread_new ("log-writer", worker_thread, &worker);
  for (guint round = 0; round < 2; round++)
    for (ObTranscriptKind kind = OB_TRANSCRIPT_CLIENT; kind <= OB_TRANSCRIPT_ERROR; kind++)
      {
        g_autofree char *text = g_strdup_printf ("main %u kind %d", round, kind);

        add_line (f->transcript, kind, text);
      }
  g_thread_join (thread);

  delivered.n = n_worker + 2 * (OB_TRANSCRIPT_ERROR + 1);
  g_assert_true (ob_test_gui_wait_until (has_n_items, &delivered, 5000));
  assert_n_shown (f, delivered.n);

  /* Every kind has its marker and style, whichever thread wrote it. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *text = g_strdup_printf ("main 1 kind %d", kinds[i].kind);
      RowWait wait = { f, text };
      ObLogRow *row;

      g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &wait, 5000));
      row = find_row (GTK_WIDGET (f->view), text);
      g_assert_cmpint (ob_transcript_entry_get_kind (ob_log_row_get_entry (row)), ==,
                       kinds[i].kind);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), kinds[i].css));
      if (kinds[i].marker != NULL)
        g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), kinds[i].marker));
    }
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (find_row (GTK_WIDGET (f->view),
                                                                  "main 1 kind 4")),
                                            C_("log line kind", "error")));

  /* The log followed the newest line all along. */
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &newest, 5000));
}

static void
test_log_view_follows_only_at_bottom (Fixture *f, gconstpointer data)
{
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  RowWait last = { f, "line 199" };
  RowWait later = { f, "line 299" };

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      ob_transcript_add (f->transcript, OB_TRANSCRIPT_INFO, "%s", text);
    }
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &last, 5000));

  /* Someone scrolls up to read: new lines no longer pull the view down. */
  scrolled = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, 0);
  ob_test_gui_iterate (100);
  for (guint i = 200; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      ob_transcript_add (f->transcript, OB_TRANSCRIPT_INFO, "%s", text);
    }
  ob_test_gui_iterate (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_false (row_is_on_screen (&later));

  /* Back at the bottom, it follows again. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  ob_test_gui_iterate (100);
  later.text = "line 300";
  ob_transcript_add (f->transcript, OB_TRANSCRIPT_INFO, "line 300");
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &later, 5000));
}

static void
test_log_view_literal (Fixture *f, gconstpointer data)
{
  const char *markup = "<b>bold</b> & \x1b[31m red";
  g_autoptr(ObTranscriptEntry) entry = NULL;
  const char *text;
  RowWait wait = { f, NULL };
  ObLogRow *row;
  GtkWidget *label;

  ob_transcript_add_server_line (f->transcript, markup, -1);
  ob_transcript_add_server_line (f->transcript, "C: AUTH PLAIN pretending", -1);
  entry = g_list_model_get_item (G_LIST_MODEL (f->transcript), 0);
  text = ob_transcript_entry_get_text (entry);

  wait.text = text;
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &wait, 5000));
  row = find_row (GTK_WIDGET (f->view), text);

  /* The label shows the characters, not what they would mean as markup,
   * and no terminal escape survives. */
  label = ob_test_gui_find_label (GTK_WIDGET (row), text);
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
  g_assert_false (gtk_label_get_use_underline (GTK_LABEL (label)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, text);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "<b>bold</b> & "));
  g_assert_null (strchr (gtk_label_get_text (GTK_LABEL (label)), '\x1b'));
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), "S:"));

  /* A server line that imitates a client line is still a server line. */
  wait.text = "C: AUTH PLAIN pretending";
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &wait, 5000));
  row = find_row (GTK_WIDGET (f->view), wait.text);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "server"));
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), "S:"));
  g_assert_null (ob_test_gui_find_label (GTK_WIDGET (row), "C:"));
}

static gboolean
kind_is_protocol (ObTranscriptKind kind)
{
  return kind == OB_TRANSCRIPT_CLIENT || kind == OB_TRANSCRIPT_SERVER ||
         kind == OB_TRANSCRIPT_ERROR;
}

static gboolean
kind_is_error (ObTranscriptKind kind)
{
  return kind == OB_TRANSCRIPT_ERROR;
}

static gboolean
search_has_focus (gpointer data)
{
  GtkWidget *entry = data;

  return gtk_widget_has_focus (entry) ||
         gtk_widget_has_focus (gtk_widget_get_first_child (entry)) ||
         gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (entry)), entry);
}

static void
test_log_view_filter (Fixture *f, gconstpointer data)
{
  g_autofree char *verbosity = NULL;
  GtkWidget *bar;
  GtkWidget *entry;

  add_session (f->transcript);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->window, 5000));
  assert_n_shown (f, G_N_ELEMENTS (session));

  /* The kind filter is the log-verbosity setting, both ways. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "log-view.verbosity", "s", "protocol");
  assert_n_shown (f, count_session_kinds (kind_is_protocol));
  verbosity = g_settings_get_string (f->settings, "log-verbosity");
  g_assert_cmpstr (verbosity, ==, "protocol");

  g_settings_set_string (f->settings, "log-verbosity", "errors");
  g_assert_cmpint (ob_log_view_get_verbosity (f->view), ==, OB_LOG_VERBOSITY_ERRORS);
  assert_n_shown (f, count_session_kinds (kind_is_error));

  ob_log_view_set_verbosity (f->view, OB_LOG_VERBOSITY_EVERYTHING);
  assert_n_shown (f, G_N_ELEMENTS (session));

  /* Ctrl+F's action opens the search and puts the cursor there. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "log-view.search", NULL);
  bar = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_BAR);
  entry = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (bar)));
  g_assert_true (ob_test_gui_wait_until (search_has_focus, entry, 5000));

  /* Searching ignores case, and narrows the list to what matches. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "ehlo");
  assert_n_shown (f, 2);
  gtk_editable_set_text (GTK_EDITABLE (entry), "EHLO laptop");
  assert_n_shown (f, 2);
  gtk_editable_set_text (GTK_EDITABLE (entry), "250");
  assert_n_shown (f, 7);

  /* Search and kind filter combine. */
  ob_log_view_set_verbosity (f->view, OB_LOG_VERBOSITY_ERRORS);
  assert_n_shown (f, 0);
  g_assert_true (ob_test_gui_wait_until (is_mapped,
                                         ob_test_gui_find_label (GTK_WIDGET (f->view),
                                                                 _("No Matching Lines")),
                                         5000));
  ob_log_view_set_verbosity (f->view, OB_LOG_VERBOSITY_EVERYTHING);
  assert_n_shown (f, 7);

  /* Beyond ASCII, case is folded the Unicode way: “GRÖSSE” finds “Größe”. */
  ob_transcript_add_server_line (f->transcript, "552 5.3.4 Nachricht überschreitet die Größe",
                                 -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "GRÖSSE");
  assert_n_shown (f, 1);

  /* Closing the search shows everything again. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (bar), FALSE);
  assert_n_shown (f, G_N_ELEMENTS (session) + 1);
}

typedef struct
{
  char     *text;
  GError   *error;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &read->error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_log_view_copy_all (Fixture *f, gconstpointer data)
{
  g_autofree char *expected = NULL;
  ClipboardRead read = { 0 };

  add_session (f->transcript);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->window, 5000));

  gtk_widget_activate_action (GTK_WIDGET (f->view), "log-view.copy-all", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->view)), NULL,
                                 clipboard_read_cb, &read);
  g_assert_true (ob_test_gui_wait_until (clipboard_read_done, &read, 5000));
  g_assert_no_error (read.error);

  /* What was copied is the transcript's text, secrets already replaced. */
  expected = ob_transcript_to_text (f->transcript);
  g_assert_cmpstr (read.text, ==, expected);
  g_assert_nonnull (strstr (read.text, "C: AUTH PLAIN ********\n"));
  g_assert_null (strstr (read.text, SECRET));
  g_assert_nonnull (strstr (read.text, "S: 535 5.7.8 Authentication credentials invalid\n"));

  /* It says so. */
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (f->view), _("Log copied")));
  g_free (read.text);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SaveResult;

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveResult *save = user_data;

  save->ok = ob_log_view_save_finish (OB_LOG_VIEW (source), result, &save->error);
  save->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveResult *) data)->done;
}

static void
test_log_view_save (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("outbound-log-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = NULL;
  SaveResult save = { 0 };
  GStatBuf st;

  g_assert_no_error (error);
  add_session (f->transcript);
  path = g_build_filename (dir, "log.txt", NULL);
  file = g_file_new_for_path (path);

  ob_log_view_save_async (f->view, file, NULL, save_cb, &save);
  g_assert_true (ob_test_gui_wait_until (save_done, &save, 5000));
  g_assert_no_error (save.error);
  g_assert_true (save.ok);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  expected = ob_transcript_to_text (f->transcript);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_null (strstr (contents, SECRET));

  /* The log names the person's addresses and servers: only they read it. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A place that cannot be written is an error, not a silent loss. */
  g_clear_object (&file);
  missing = g_build_filename (dir, "missing", "log.txt", NULL);
  file = g_file_new_for_path (missing);
  save = (SaveResult) { 0 };
  ob_log_view_save_async (f->view, file, NULL, save_cb, &save);
  g_assert_true (ob_test_gui_wait_until (save_done, &save, 5000));
  g_assert_error (save.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (save.ok);
  g_clear_error (&save.error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
widget_is_on_screen (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (wait->f->view), wait->text);

  return is_on_screen (wait->f, label);
}

/* On screen at the end of the log, once the log has settled there: a
 * row that just grew is laid out before the log follows it down. */
static gboolean
widget_is_on_screen_at_end (gpointer data)
{
  RowWait *wait = data;
  GtkWidget *scrolled = ob_test_gui_find_widget (GTK_WIDGET (wait->f->view),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1 &&
         widget_is_on_screen (data);
}

static void
test_log_view_diagnosis (Fixture *f, gconstpointer data)
{
  const char * const lines[] = { "5.7.8 Authentication credentials invalid", NULL };
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (535, lines);
  g_autoptr(GError) error = ob_smtp_error_new (OB_SMTP_ERROR_AUTH_FAILED, OB_SMTP_STAGE_AUTH,
                                               reply, "The server refused the login.");
  ObDiagnosisContext context = { .host = "smtp.example.com", .port = 587 };
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, &context);
  RowWait remedy = { f, ob_diagnosis_get_remedy (diagnosis) };
  RowWait error_line = { f, "The server refused the login." };
  ObLogRow *row;
  g_autofree char *screenshot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 760, 600);
  add_session (f->transcript);
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &error_line, 5000));

  /* The explanation appears under the failure it explains, on screen. */
  ob_log_view_add_diagnosis (f->view, diagnosis);
  g_assert_true (ob_test_gui_wait_until (widget_is_on_screen_at_end, &remedy, 5000));
  row = find_row (GTK_WIDGET (f->view), "The server refused the login.");
  g_assert_true (ob_log_row_get_diagnosis (row) == diagnosis);
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), ob_diagnosis_get_title (diagnosis)));
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row),
                                            ob_diagnosis_get_explanation (diagnosis)));
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (row), ob_diagnosis_get_remedy (diagnosis)));

  screenshot = ob_test_gui_screenshot (GTK_WIDGET (f->window), "log-with-failure");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
  g_assert_true (widget_is_on_screen_at_end (&remedy));

  /* Only errors: the failure and its explanation remain. */
  ob_log_view_set_verbosity (f->view, OB_LOG_VERBOSITY_ERRORS);
  assert_n_shown (f, 1);
  g_assert_true (ob_test_gui_wait_until (widget_is_on_screen_at_end, &remedy, 5000));
}

static void
test_log_view_diagnosis_without_error_line (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                                 "No space left on device");
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, NULL);
  g_autoptr(ObTranscriptEntry) last = NULL;
  guint n;

  ob_transcript_add (f->transcript, OB_TRANSCRIPT_INFO, "Saving the message…");
  ob_log_view_add_diagnosis (f->view, diagnosis);

  /* The failure is in the log, and so in what is copied or saved. */
  n = g_list_model_get_n_items (G_LIST_MODEL (f->transcript));
  g_assert_cmpuint (n, ==, 2);
  last = g_list_model_get_item (G_LIST_MODEL (f->transcript), n - 1);
  g_assert_cmpint (ob_transcript_entry_get_kind (last), ==, OB_TRANSCRIPT_ERROR);
  g_assert_cmpstr (ob_transcript_entry_get_text (last), ==, ob_diagnosis_get_title (diagnosis));
}

static void
test_log_view_many_lines (Fixture *f, gconstpointer data)
{
  g_autoptr(ObTranscript) big = ob_transcript_new ();
  GtkWidget *list;
  RowWait newest = { f, "250-line 99999 of a long EHLO answer" };
  guint rows;

  for (guint i = 0; i < OB_TRANSCRIPT_MAX_ENTRIES; i++)
    {
      g_autofree char *text = g_strdup_printf ("250-line %u of a long EHLO answer", i);

      ob_transcript_add_server_line (big, text, -1);
    }
  ob_log_view_set_transcript (f->view, big);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->window, 5000));
  assert_n_shown (f, OB_TRANSCRIPT_MAX_ENTRIES);
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &newest, 5000));

  /* The list view makes a bounded set of rows around what is on screen
   * (GTK 4.8 keeps about 200), not one per line. */
  list = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW);
  rows = ob_test_gui_count_widgets (list, OB_TYPE_LOG_ROW);
  g_test_message ("%u rows for %u lines", rows, OB_TRANSCRIPT_MAX_ENTRIES);
  g_assert_cmpuint (rows, >, 10);
  g_assert_cmpuint (rows, <=, 300);

  /* Searching all of it still finds the one line. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "log-view.search", NULL);
  gtk_editable_set_text (GTK_EDITABLE (ob_test_gui_find_widget (GTK_WIDGET (f->view),
                                                                GTK_TYPE_SEARCH_ENTRY)),
                         "line 4242 ");
  assert_n_shown (f, 1);
}

/* Icon-only buttons say what they do to a screen reader and on hover.
 * Hidden ones, such as the search bar's own close button, are left out. */
static void
assert_icon_buttons_labelled (GtkWidget *root,
                              guint     *n_checked)
{
  if (!gtk_widget_get_visible (root))
    return;

  if (GTK_IS_BUTTON (root) && gtk_button_get_icon_name (GTK_BUTTON (root)) != NULL)
    {
      g_assert_nonnull (gtk_widget_get_tooltip_text (root));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_icon_buttons_labelled (child, n_checked);
}

static void
test_log_view_accessible (Fixture *f, gconstpointer data)
{
  GtkWidget *list = ob_test_gui_find_widget (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW);
  RowWait wait = { f, "250 OK" };
  ObLogRow *row;
  guint n_checked = 0;

  /* Search, Copy All and Save… */
  assert_icon_buttons_labelled (GTK_WIDGET (f->view), &n_checked);
  g_assert_cmpuint (n_checked, ==, 3);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       _("Log"));

  /* “S:” is read out as what it means. */
  ob_transcript_add_server_line (f->transcript, "250 OK", -1);
  g_assert_true (ob_test_gui_wait_until (row_is_on_screen, &wait, 5000));
  row = find_row (GTK_WIDGET (f->view), "250 OK");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ob_test_gui_find_label (GTK_WIDGET (row),
                                                                               "S:")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sent by the server"));
}

static GtkWindow *
find_log_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (OB_IS_LOG_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
clear_pointer_cb (gpointer data, GObject *where_the_object_was)
{
  *(gpointer *) data = NULL;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_log_view_app_window (void)
{
  ObWindow *main_window = ob_window_new (the_app);
  GtkWindow *window;
  g_auto(GStrv) accels = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (the_app), "app.show-log");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>l"));
  gtk_window_present (GTK_WINDOW (main_window));

  g_action_group_activate_action (G_ACTION_GROUP (the_app), "show-log", NULL);
  window = find_log_window ();
  g_assert_nonnull (window);
  g_assert_true (ob_test_gui_wait_until (is_mapped, window, 5000));
  g_assert_true (ob_log_view_get_transcript (ob_log_window_get_view (OB_LOG_WINDOW (window))) ==
                 ob_application_get_transcript (the_app));
  g_assert_true (gtk_window_get_transient_for (window) == GTK_WINDOW (main_window));

  /* Closed, it only hides, so what it showed is still there next time. */
  gtk_window_close (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_action_group_activate_action (G_ACTION_GROUP (the_app), "show-log", NULL);
  g_assert_true (find_log_window () == window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* It goes with the main window, so a hidden log never keeps the app
   * running. */
  g_object_weak_ref (G_OBJECT (window), clear_pointer_cb, &window);
  gtk_window_destroy (GTK_WINDOW (main_window));
  g_assert_true (ob_test_gui_wait_until (pointer_is_null, &window, 5000));
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (the_app)));
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/log-view/live", Fixture, NULL,
              fixture_setup, test_log_view_live, fixture_teardown);
  g_test_add ("/ob/log-view/follows-only-at-bottom", Fixture, NULL,
              fixture_setup, test_log_view_follows_only_at_bottom, fixture_teardown);
  g_test_add ("/ob/log-view/literal", Fixture, NULL,
              fixture_setup, test_log_view_literal, fixture_teardown);
  g_test_add ("/ob/log-view/filter", Fixture, NULL,
              fixture_setup, test_log_view_filter, fixture_teardown);
  g_test_add ("/ob/log-view/copy-all", Fixture, NULL,
              fixture_setup, test_log_view_copy_all, fixture_teardown);
  g_test_add ("/ob/log-view/save", Fixture, NULL,
              fixture_setup, test_log_view_save, fixture_teardown);
  g_test_add ("/ob/log-view/diagnosis", Fixture, NULL,
              fixture_setup, test_log_view_diagnosis, fixture_teardown);
  g_test_add ("/ob/log-view/diagnosis-without-error-line", Fixture, NULL,
              fixture_setup, test_log_view_diagnosis_without_error_line, fixture_teardown);
  g_test_add ("/ob/log-view/many-lines", Fixture, NULL,
              fixture_setup, test_log_view_many_lines, fixture_teardown);
  g_test_add ("/ob/log-view/accessible", Fixture, NULL,
              fixture_setup, test_log_view_accessible, fixture_teardown);
  g_test_add_func ("/ob/log-view/app-window", test_log_view_app_window);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
