/* test-domain-check-window.c — a domain's health, checked against canned DNS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake resolver answers every lookup, so the window's check runs on this
 * machine alone.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-domain-check-window.h"
#include "ob-fake-resolver.h"
#include "ob-test-gui.h"

#define WAIT_MS 30000

typedef struct
{
  ObFakeResolver      *resolver;
  GResolver           *previous;
  ObDomainCheckWindow *window;
} Fixture;

static ObApplication *the_app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->previous = g_resolver_get_default ();
  f->resolver = ob_fake_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_resolver_set_default (f->previous);
  g_clear_object (&f->previous);
  g_clear_object (&f->resolver);
}

static void
open_window (Fixture    *f,
             const char *domain)
{
  g_autoptr(ObDomainCheck) check = ob_domain_check_new (domain);

  ob_domain_check_set_server (check, "smtp.example.org");
  f->window = ob_domain_check_window_new (NULL, check);
  gtk_window_present (GTK_WINDOW (f->window));
}

static gboolean
check_is_done (gpointer data)
{
  return !ob_domain_check_window_get_running (OB_DOMAIN_CHECK_WINDOW (data));
}

static gboolean
stack_is_still (gpointer data)
{
  return !gtk_stack_get_transition_running (GTK_STACK (data));
}

static void
test_domain_check_items (Fixture *f, gconstpointer data)
{
  GtkWidget *root;
  GListModel *items;
  g_autofree char *screenshot = NULL;

  ob_fake_resolver_add_mx (f->resolver, "example.org", 10, "mail.example.org");
  ob_fake_resolver_add_address (f->resolver, "mail.example.org", "192.0.2.10");
  ob_fake_resolver_add_address (f->resolver, "smtp.example.org", "192.0.2.25");
  ob_fake_resolver_add_txt (f->resolver, "example.org", "v=spf1 ip4:192.0.2.25 -all", NULL);
  ob_fake_resolver_add_txt (f->resolver, "_dmarc.example.org",
                            "v=DMARC1; p=none; rua=mailto:dmarc@example.org", NULL);

  open_window (f, "example.org");
  root = GTK_WIDGET (f->window);
  g_assert_true (ob_domain_check_window_get_running (f->window));
  g_assert_true (ob_test_gui_wait_until (check_is_done, f->window, WAIT_MS));

  /* One row per finding, each with its grade and its summary. */
  items = ob_domain_check_get_items (ob_domain_check_window_get_check (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (items), >, 0);
  g_assert_cmpuint (ob_test_gui_count_widgets (root, ADW_TYPE_EXPANDER_ROW), ==,
                    g_list_model_get_n_items (items));
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ObDomainCheckItem) item = g_list_model_get_item (items, i);

      g_assert_nonnull (ob_test_gui_find_label (root, ob_domain_check_item_get_title (item)));
    }
  /* The records are shown literally. */
  g_assert_nonnull (ob_test_gui_find_label (root, "v=spf1 ip4:192.0.2.25 -all"));

  /* The SPF finding, opened: why it matters and the record. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (
    ob_test_gui_find_label (root, "v=spf1 ip4:192.0.2.25 -all"), ADW_TYPE_EXPANDER_ROW)), TRUE);
  g_assert_true (ob_test_gui_wait_until (stack_is_still, ob_test_gui_find_widget (root,
                                                                                  GTK_TYPE_STACK),
                                         WAIT_MS));
  ob_test_gui_iterate (300);
  screenshot = ob_test_gui_screenshot (root, "domain-check");
  g_assert_true (g_file_test (screenshot, G_FILE_TEST_EXISTS));
}

/* A domain that does not exist is said in words, with a way to try again. */
static void
test_domain_check_error (Fixture *f, gconstpointer data)
{
  GtkWidget *title;

  open_window (f, "no-such-domain.example");
  g_assert_true (ob_test_gui_wait_until (check_is_done, f->window, WAIT_MS));
  title = ob_test_gui_find_label (GTK_WIDGET (f->window), _("The Domain Could Not Be Checked"));
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_cmpuint (ob_test_gui_count_widgets (GTK_WIDGET (f->window), ADW_TYPE_EXPANDER_ROW),
                    ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  the_app = ob_test_gui_start_app (&argc, &argv, TRUE);

  g_test_add ("/ob/domain-check-window/items", Fixture, NULL,
              fixture_setup, test_domain_check_items, fixture_teardown);
  g_test_add ("/ob/domain-check-window/error", Fixture, NULL,
              fixture_setup, test_domain_check_error, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&the_app);
  return status;
}
