/* ob-domain-check-window.c — a sending domain's health, explained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a domain check as soon as it opens and shows its findings one row
 * each: a grade icon, the finding in a sentence, and, expanded, why it
 * matters, how to fix it and the records as published. Records and
 * anything else read from DNS are shown literally, never as markup.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-address.h"
#include "ob-domain-check-window.h"

struct _ObDomainCheckWindow
{
  AdwWindow       parent_instance;

  ObDomainCheck  *check;
  GCancellable   *cancellable;

  /* template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkLabel       *running_label;
  GtkImage       *grade_icon;
  GtkLabel       *grade_label;
  GtkListBox     *items_list;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (ObDomainCheckWindow, ob_domain_check_window, ADW_TYPE_WINDOW)

typedef struct
{
  const char *icon_name;
  const char *css_class;
  const char *description;
} GradeLook;

static GradeLook
grade_look (ObDomainCheckGrade grade)
{
  switch (grade)
    {
    case OB_DOMAIN_CHECK_GRADE_GOOD:
      return (GradeLook) { "emblem-ok-symbolic", "success", _("Good") };
    case OB_DOMAIN_CHECK_GRADE_WARNING:
      return (GradeLook) { "dialog-warning-symbolic", "warning", _("Could be better") };
    case OB_DOMAIN_CHECK_GRADE_PROBLEM:
      return (GradeLook) { "dialog-error-symbolic", "error", _("Problem") };
    default:
      g_return_val_if_reached (((GradeLook) { "dialog-question-symbolic", "dim-label", "" }));
    }
}

static void
set_grade_icon (GtkImage           *image,
                ObDomainCheckGrade  grade)
{
  static const char *grade_classes[] = { "success", "warning", "error", "dim-label" };
  GradeLook look = grade_look (grade);

  /* The summary's icon is set again by each run. */
  for (gsize i = 0; i < G_N_ELEMENTS (grade_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), grade_classes[i]);
  gtk_image_set_from_icon_name (image, look.icon_name);
  gtk_widget_add_css_class (GTK_WIDGET (image), look.css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), look.description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  look.description, -1);
}

static GtkWidget *
new_text (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_section (GtkBox     *box,
             const char *heading,
             const char *text,
             const char *css_class)
{
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return;
  if (heading != NULL)
    gtk_box_append (box, new_text (heading, "heading"));
  label = new_text (text, css_class);
  gtk_label_set_selectable (GTK_LABEL (label), css_class != NULL);
  gtk_box_append (box, label);
}

static GtkWidget *
create_item_row (gpointer item,
                 gpointer user_data)
{
  ObDomainCheckItem *finding = item;
  const char * const *records = ob_domain_check_item_get_records (finding);
  g_autofree char *record_text = g_strjoinv ("\n", (char **) records);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *details_row = gtk_list_box_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ob_domain_check_item_get_title (finding));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                 ob_domain_check_item_get_summary (finding));
  set_grade_icon (GTK_IMAGE (icon), ob_domain_check_item_get_grade (finding));
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  gtk_widget_set_margin_top (details, 12);
  gtk_widget_set_margin_bottom (details, 12);
  gtk_widget_set_margin_start (details, 12);
  gtk_widget_set_margin_end (details, 12);
  add_section (GTK_BOX (details), NULL, ob_domain_check_item_get_explanation (finding), NULL);
  add_section (GTK_BOX (details), _("How to Fix It"), ob_domain_check_item_get_fix (finding), NULL);
  add_section (GTK_BOX (details), ngettext ("Record", "Records", g_strv_length ((char **) records)),
               record_text, "monospace");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (details_row), details);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (details_row), FALSE);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), details_row);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row),
                                         gtk_widget_get_first_child (details) != NULL);
  return row;
}

static void
show_grade (ObDomainCheckWindow *self)
{
  ObDomainCheckGrade grade = ob_domain_check_get_grade (self->check);
  const char *domain = ob_domain_check_get_domain (self->check);
  g_autofree char *text = NULL;

  set_grade_icon (self->grade_icon, grade);
  switch (grade)
    {
    case OB_DOMAIN_CHECK_GRADE_GOOD:
      /* TRANSLATORS: %s is a domain, like example.org */
      text = g_strdup_printf (_("Mail from %s is set up well"), domain);
      break;
    case OB_DOMAIN_CHECK_GRADE_WARNING:
      /* TRANSLATORS: %s is a domain, like example.org */
      text = g_strdup_printf (_("Mail from %s works, but some things could be better"), domain);
      break;
    case OB_DOMAIN_CHECK_GRADE_PROBLEM:
    default:
      /* TRANSLATORS: %s is a domain, like example.org */
      text = g_strdup_printf (_("Mail from %s may be refused or marked as spam"), domain);
      break;
    }
  gtk_label_set_text (self->grade_label, text);
}

static void
show_error (ObDomainCheckWindow *self,
            const GError        *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
set_running (ObDomainCheckWindow *self,
             gboolean             running)
{
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "domain.check", !running);
  if (running)
    gtk_stack_set_visible_child_name (self->stack, "running");
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ObDomainCheck *check = OB_DOMAIN_CHECK (source);
  g_autoptr(ObDomainCheckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ran = ob_domain_check_run_finish (check, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_running (self, FALSE);
  if (!ran)
    {
      show_error (self, error);
      return;
    }
  show_grade (self);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
start_check (ObDomainCheckWindow *self)
{
  g_autofree char *running = NULL;

  /* TRANSLATORS: %s is a domain, like example.org */
  running = g_strdup_printf (_("Looking up the mail records of %s…"),
                             ob_domain_check_get_domain (self->check));
  gtk_label_set_text (self->running_label, running);
  set_running (self, TRUE);
  ob_domain_check_run_async (self->check, self->cancellable, check_done_cb, g_object_ref (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_check (OB_DOMAIN_CHECK_WINDOW (widget));
}

/**
 * ob_domain_check_window_new:
 * @parent: (nullable): the window it belongs to
 * @check: the check to run, with its domain, server and selectors set
 *
 * Returns: (transfer none): a new window, already checking, not shown
 *   yet; owned by GTK's list of toplevels until closed
 */
ObDomainCheckWindow *
ob_domain_check_window_new (GtkWindow     *parent,
                            ObDomainCheck *check)
{
  ObDomainCheckWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (check), NULL);

  self = g_object_new (OB_TYPE_DOMAIN_CHECK_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->check = g_object_ref (check);
  adw_window_title_set_subtitle (self->window_title, ob_domain_check_get_domain (check));
  gtk_list_box_bind_model (self->items_list, ob_domain_check_get_items (check),
                           create_item_row, NULL, NULL);
  start_check (self);
  return self;
}

/**
 * ob_domain_check_window_new_for_account:
 * @parent: (nullable): the window it belongs to
 * @account: the account whose address's domain to check, sending through
 *   its server
 *
 * Returns: (transfer none): as ob_domain_check_window_new()
 */
ObDomainCheckWindow *
ob_domain_check_window_new_for_account (GtkWindow *parent,
                                        ObAccount *account)
{
  g_autoptr(ObDomainCheck) check = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);

  /* A saved account's address has been validated. */
  if (!ob_address_parse (ob_account_get_address (account), NULL, &domain, NULL))
    g_return_val_if_reached (NULL);
  check = ob_domain_check_new (domain);
  ob_domain_check_set_server (check, ob_account_get_host (account));
  return ob_domain_check_window_new (parent, check);
}

ObDomainCheck *
ob_domain_check_window_get_check (ObDomainCheckWindow *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_WINDOW (self), NULL);

  return self->check;
}

gboolean
ob_domain_check_window_get_running (ObDomainCheckWindow *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_WINDOW (self), FALSE);

  return gtk_spinner_get_spinning (self->spinner);
}

static void
ob_domain_check_window_dispose (GObject *object)
{
  ObDomainCheckWindow *self = OB_DOMAIN_CHECK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_DOMAIN_CHECK_WINDOW);
  g_clear_object (&self->check);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ob_domain_check_window_parent_class)->dispose (object);
}

static void
ob_domain_check_window_class_init (ObDomainCheckWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_domain_check_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-domain-check-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, running_label);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, grade_icon);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, grade_label);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, items_list);
  gtk_widget_class_bind_template_child (widget_class, ObDomainCheckWindow, error_page);

  gtk_widget_class_install_action (widget_class, "domain.check", NULL, check_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ob_domain_check_window_init (ObDomainCheckWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
