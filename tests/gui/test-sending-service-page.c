/* test-sending-service-page.c — the "Use a Sending Service" page under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-account.h"
#include "ob-application.h"
#include "ob-provider-db.h"
#include "ob-sending-service-page.h"
#include "ob-test-gui.h"

/* What a test types as the key: made up, and never printed. */
#define TEST_KEY "SG.test-key-0123456789"

typedef struct
{
  GtkWindow            *window;
  ObSendingServicePage *page;
  ObAccount            *account;
  char                 *secret;
  guint                 n_configured;
  guint                 n_cancelled;
} Fixture;

/* One application for the whole program: a registered GApplication keeps
 * its D-Bus object path until the process ends. */
static ObApplication *the_app;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
configured_cb (ObSendingServicePage *page,
               ObAccount            *account,
               const char           *secret,
               Fixture              *f)
{
  g_set_object (&f->account, account);
  g_free (f->secret);
  f->secret = g_strdup (secret);
  f->n_configured++;
}

static void
cancelled_cb (ObSendingServicePage *page,
              Fixture              *f)
{
  f->n_cancelled++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->page = OB_SENDING_SERVICE_PAGE (ob_sending_service_page_new ());
  ob_sending_service_page_set_address (f->page, "Ada Lovelace", "ada@example.org");
  g_signal_connect (f->page, "configured", G_CALLBACK (configured_cb), f);
  g_signal_connect (f->page, "cancelled", G_CALLBACK (cancelled_cb), f);

  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_application (f->window, GTK_APPLICATION (the_app));
  gtk_window_set_default_size (f->window, 600, 700);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  g_assert_true (ob_test_gui_wait_until (is_mapped, f->page, 5000));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->account);
  g_free (f->secret);
}

/* The rows of the list of services, in order. */
static GPtrArray *
get_service_rows (GtkWidget *root,
                  GPtrArray *rows)
{
  if (rows == NULL)
    rows = g_ptr_array_new ();
  if (GTK_IS_LIST_BOX_ROW (root) && g_object_get_data (G_OBJECT (root), "ob-provider") != NULL)
    g_ptr_array_add (rows, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    get_service_rows (child, rows);
  return rows;
}

static GtkWidget *
find_service_row (Fixture    *f,
                  const char *title)
{
  g_autoptr(GPtrArray) rows = get_service_rows (GTK_WIDGET (f->page), NULL);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title))
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* A visible row of the form with that title. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static GtkWidget *
find_continue (Fixture *f)
{
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (f->page), "Continue");

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
}

static gboolean
form_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *label = ob_test_gui_find_label (GTK_WIDGET (f->page), "Continue");

  return label != NULL && gtk_widget_get_mapped (label) &&
         !gtk_stack_get_transition_running (GTK_STACK (gtk_widget_get_ancestor (label,
                                                                                GTK_TYPE_STACK)));
}

/* Chooses a service as the person does: activating its row, which is
 * what Enter or a click on a focused row does. */
static void
choose (Fixture    *f,
        const char *title)
{
  GtkWidget *row = find_service_row (f, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_true (gtk_widget_get_focusable (row));
  gtk_widget_grab_focus (row);
  g_assert_true (gtk_widget_activate (row));
  g_assert_true (ob_test_gui_wait_until (form_shown, f, 5000));
}

static gboolean
has_configured (gpointer data)
{
  return ((Fixture *) data)->n_configured > 0;
}

static void
press_continue (Fixture *f)
{
  GtkWidget *button = find_continue (f);

  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (ob_test_gui_wait_until (has_configured, f, 5000));
}

/* Types into an entry row's text, as the keyboard would. */
static void
type_into (GtkWidget  *row,
           const char *text)
{
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_page_list (Fixture *f, gconstpointer data)
{
  GPtrArray *providers = ob_provider_db_get_providers (ob_provider_db_get_default ());
  g_autoptr(GPtrArray) rows = get_service_rows (GTK_WIDGET (f->page), NULL);
  g_autofree char *path = NULL;
  guint n_relays = 0;

  for (guint i = 0; i < providers->len; i++)
    if (ob_provider_is_relay_service (g_ptr_array_index (providers, i)))
      n_relays++;

  g_assert_cmpuint (rows->len, >=, 8);
  g_assert_cmpuint (rows->len, ==, n_relays);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      ObProvider *provider = g_object_get_data (G_OBJECT (row), "ob-provider");

      g_assert_true (ob_provider_is_relay_service (provider));
      g_assert_true (gtk_widget_get_mapped (row));
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                       ob_provider_get_display_name (provider));
      g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    }
  g_assert_nonnull (find_service_row (f, "Twilio SendGrid"));
  g_assert_nonnull (find_service_row (f, "Amazon Simple Email Service"));
  g_assert_null (find_service_row (f, "Gmail"));
  g_assert_null (ob_sending_service_page_get_selected (f->page));

  path = ob_test_gui_screenshot (GTK_WIDGET (f->window), "sending-service-list");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_page_sendgrid (Fixture *f, gconstpointer data)
{
  ObProvider *sendgrid = ob_provider_db_lookup_id (ob_provider_db_get_default (),
                                                   "sendgrid.com");
  const ObProviderServer *server = ob_provider_find_server (sendgrid, NULL);
  GtkWidget *username_row;
  GtkWidget *password_row;
  GtkWidget *continue_button;
  g_autofree char *path = NULL;

  choose (f, "Twilio SendGrid");
  g_assert_cmpstr (ob_sending_service_page_get_selected (f->page), ==, "sendgrid.com");

  /* The fixed user name is shown, not asked for. */
  username_row = find_row (GTK_WIDGET (f->page), "User Name");
  g_assert_nonnull (username_row);
  g_assert_true (ADW_IS_ACTION_ROW (username_row));
  g_assert_false (GTK_IS_EDITABLE (username_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (username_row)), ==, "apikey");
  g_assert_null (find_row (GTK_WIDGET (f->page), "_User Name"));

  password_row = find_row (GTK_WIDGET (f->page), "_API Key");
  g_assert_nonnull (password_row);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));
  g_assert_true (gtk_widget_has_focus (password_row) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         password_row));
  g_assert_nonnull (ob_test_gui_find_label (GTK_WIDGET (f->page),
                                            ob_provider_get_help_text (sendgrid)));

  continue_button = find_continue (f);
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  path = ob_test_gui_screenshot (GTK_WIDGET (f->window), "sending-service-sendgrid");

  type_into (password_row, TEST_KEY);
  g_assert_true (gtk_widget_is_sensitive (continue_button));
  type_into (password_row, "");
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  type_into (password_row, TEST_KEY);

  press_continue (f);
  g_assert_cmpuint (f->n_configured, ==, 1);
  g_assert_true (OB_IS_ACCOUNT (f->account));
  g_assert_true (ob_account_validate (f->account, NULL));
  g_assert_cmpstr (ob_account_get_address (f->account), ==, "ada@example.org");
  g_assert_cmpstr (ob_account_get_sender_name (f->account), ==, "Ada Lovelace");
  g_assert_cmpstr (ob_account_get_host (f->account), ==, "smtp.sendgrid.net");
  g_assert_cmpstr (ob_account_get_host (f->account), ==, server->hostname);
  g_assert_cmpuint (ob_account_get_port (f->account), ==, server->port);
  g_assert_cmpint (ob_account_get_security (f->account), ==, server->security);
  g_assert_cmpstr (ob_account_get_username (f->account), ==, "apikey");
  g_assert_cmpstr (ob_account_get_provider_id (f->account), ==, "sendgrid.com");
  g_assert_cmpint (ob_account_get_origin (f->account), ==, OB_ACCOUNT_ORIGIN_DETECTED);
  g_assert_cmpstr (ob_account_get_detected_source (f->account), ==, "built-in");
  g_assert_true (g_strcmp0 (f->secret, TEST_KEY) == 0);
}

/* Postmark's token is the user name and the password: asked for once, and
 * the account keeps no user name, so the token stays in the keyring. */
static void
test_page_token_as_username (Fixture *f, gconstpointer data)
{
  GtkWidget *password_row;

  choose (f, "Postmark");
  g_assert_null (find_row (GTK_WIDGET (f->page), "_User Name"));
  g_assert_null (find_row (GTK_WIDGET (f->page), "User Name"));
  password_row = find_row (GTK_WIDGET (f->page), "_API Token");
  g_assert_nonnull (password_row);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));
  g_assert_false (gtk_widget_is_sensitive (find_continue (f)));

  type_into (password_row, TEST_KEY);
  press_continue (f);
  g_assert_true (ob_account_validate (f->account, NULL));
  g_assert_null (ob_account_get_username (f->account));
  g_assert_true (ob_account_get_username_is_secret (f->account));
  g_assert_true (ob_account_needs_login (f->account));
  g_assert_true (g_strcmp0 (f->secret, TEST_KEY) == 0);
}

static void
test_page_ses_region (Fixture *f, gconstpointer data)
{
  AdwComboRow *region_row;
  GtkWidget *server_row;
  GListModel *regions;
  guint eu_west_2 = GTK_INVALID_LIST_POSITION;
  g_autofree char *path = NULL;

  choose (f, "Amazon Simple Email Service");
  region_row = ADW_COMBO_ROW (find_row (GTK_WIDGET (f->page), "_Region"));
  g_assert_nonnull (region_row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (region_row)));
  regions = adw_combo_row_get_model (region_row);
  g_assert_cmpuint (g_list_model_get_n_items (regions), ==, 20);
  for (guint i = 0; i < g_list_model_get_n_items (regions); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (regions), i), "eu-west-2"))
      eu_west_2 = i;
  g_assert_cmpuint (eu_west_2, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (region_row, eu_west_2);

  server_row = find_row (GTK_WIDGET (f->page), "Outgoing Server");
  g_assert_nonnull (server_row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (server_row)),
                                   "email-smtp.eu-west-2.amazonaws.com,"));

  /* SES has no fixed user name: both fields are needed. */
  g_assert_null (find_row (GTK_WIDGET (f->page), "User Name"));
  type_into (find_row (GTK_WIDGET (f->page), "_User Name"), "AKIAEXAMPLEUSER");
  g_assert_false (gtk_widget_is_sensitive (find_continue (f)));
  type_into (find_row (GTK_WIDGET (f->page), "_Password"), TEST_KEY);
  g_assert_true (gtk_widget_is_sensitive (find_continue (f)));
  path = ob_test_gui_screenshot (GTK_WIDGET (f->window), "sending-service-ses-region");

  press_continue (f);
  g_assert_cmpstr (ob_account_get_host (f->account), ==, "email-smtp.eu-west-2.amazonaws.com");
  g_assert_cmpuint (ob_account_get_port (f->account), ==, 465);
  g_assert_cmpint (ob_account_get_security (f->account), ==, OB_SECURITY_TLS);
  g_assert_cmpstr (ob_account_get_username (f->account), ==, "AKIAEXAMPLEUSER");
  g_assert_cmpstr (ob_account_get_provider_id (f->account), ==, "amazonses.com");
}

/* Enter in the key's field: GtkText binds Return to its "activate" signal. */
static void
test_page_enter_continues (Fixture *f, gconstpointer data)
{
  GtkWidget *password_row;
  GtkWidget *text;

  choose (f, "Twilio SendGrid");
  password_row = find_row (GTK_WIDGET (f->page), "_API Key");
  text = ob_test_gui_find_widget (password_row, GTK_TYPE_TEXT);
  g_assert_nonnull (text);

  /* Nothing typed: Enter does nothing. */
  g_signal_emit_by_name (text, "activate");
  ob_test_gui_iterate (50);
  g_assert_cmpuint (f->n_configured, ==, 0);

  type_into (password_row, TEST_KEY);
  g_signal_emit_by_name (text, "activate");
  g_assert_true (ob_test_gui_wait_until (has_configured, f, 5000));
  g_assert_cmpstr (ob_account_get_host (f->account), ==, "smtp.sendgrid.net");
}

static gboolean
list_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = find_service_row (f, "Twilio SendGrid");

  return gtk_widget_get_mapped (row) &&
         !gtk_stack_get_transition_running (GTK_STACK (gtk_widget_get_ancestor (row,
                                                                              GTK_TYPE_STACK)));
}

/* Back leaves the form without keeping the key; back from the list is the
 * wizard's to handle. */
static void
test_page_back (Fixture *f, gconstpointer data)
{
  GtkWidget *password_row;

  choose (f, "Twilio SendGrid");
  password_row = find_row (GTK_WIDGET (f->page), "_API Key");
  type_into (password_row, TEST_KEY);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sending-service.back", NULL));
  g_assert_true (ob_test_gui_wait_until (list_shown, f, 5000));
  g_assert_null (ob_sending_service_page_get_selected (f->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  /* The window's focus, whether or not the window is the active one: other
   * test programs share the display. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 find_service_row (f, "Twilio SendGrid"));
  g_assert_cmpuint (f->n_cancelled, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "sending-service.back", NULL));
  g_assert_cmpuint (f->n_cancelled, ==, 1);
  g_assert_cmpuint (f->n_configured, ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/sending-service-page/list", Fixture, NULL,
              fixture_setup, test_page_list, fixture_teardown);
  g_test_add ("/ob/sending-service-page/sendgrid", Fixture, NULL,
              fixture_setup, test_page_sendgrid, fixture_teardown);
  g_test_add ("/ob/sending-service-page/token-as-username", Fixture, NULL,
              fixture_setup, test_page_token_as_username, fixture_teardown);
  g_test_add ("/ob/sending-service-page/ses-region", Fixture, NULL,
              fixture_setup, test_page_ses_region, fixture_teardown);
  g_test_add ("/ob/sending-service-page/enter-continues", Fixture, NULL,
              fixture_setup, test_page_enter_continues, fixture_teardown);
  g_test_add ("/ob/sending-service-page/back", Fixture, NULL,
              fixture_setup, test_page_back, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
