/* ob-composer-window.c — writing a message, its draft kept safe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change goes into the window's ObDraft at once, and the draft is
 * saved a few seconds after the last one and when the window closes, so a
 * crash loses at most those seconds. Only sending (once the outbox holds
 * the message) or Discard deletes it. Sending is in
 * ob-composer-window-send.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-attachment-row.h"
#include "ob-composer-window-private.h"
#include "ob-window.h"

#define AUTOSAVE_SECONDS 3

G_DEFINE_FINAL_TYPE (ObComposerWindow, ob_composer_window, ADW_TYPE_WINDOW)

static void schedule_autosave (ObComposerWindow *self);

static char *
describe_account (ObAccount *account)
{
  const char *name;

  if (account == NULL)
    return g_strdup ("");
  name = ob_account_get_sender_name (account);
  if (name == NULL || *name == '\0')
    name = ob_account_get_display_name (account);
  if (name == NULL || *name == '\0')
    return g_strdup (ob_account_get_address (account));
  return g_strdup_printf ("%s <%s>", name, ob_account_get_address (account));
}

ObAccount *
ob_composer_window_get_account (ObComposerWindow *self)
{
  return adw_combo_row_get_selected_item (self->from_row);
}

static char *
get_body (ObComposerWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_problem (ObComposerWindow *self)
{
  ObRecipientRow *rows[] = { self->to_row, self->cc_row, self->bcc_row };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    if (ob_recipient_row_get_problem (rows[i]) != NULL)
      {
        ob_composer_window_show_problem (self, ob_recipient_row_get_problem (rows[i]));
        return;
      }
  ob_composer_window_show_problem (self, NULL);
}

void
ob_composer_window_show_problem (ObComposerWindow *self,
                                 const char       *problem)
{
  gtk_label_set_text (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

/* The attachments' total, checked against what the server last said it
 * takes: it would refuse a larger message only after the whole upload. */
static void
update_attachments (ObComposerWindow *self)
{
  GPtrArray *rows = self->attachments;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  ObAccount *account = ob_composer_window_get_account (self);
  guint64 limit = account ? ob_account_get_size_limit (account) : 0;
  g_autofree char *total_text = NULL;
  g_autofree char *description = NULL;
  guint64 total = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      total += ob_attachment_row_get_size (g_ptr_array_index (rows, i));
      g_strv_builder_add (paths, ob_attachment_row_get_path (g_ptr_array_index (rows, i)));
    }
  list = g_strv_builder_end (paths);
  if (!self->loading)
    ob_draft_set_attachments (self->draft, (const char * const *) list);

  total_text = g_format_size (total);
  /* TRANSLATORS: the size of all attachments together, like “4.5 MB” */
  description = g_strdup_printf (_("%s in all"), total_text);
  adw_preferences_group_set_description (self->attachments_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_group), rows->len > 0);

  if (limit > 0 && total > limit)
    {
      g_autofree char *limit_text = g_format_size (limit);
      g_autofree char *warning = NULL;

      /* TRANSLATORS: the first %s is the attachments' size, the second the
       * largest message the server accepts */
      warning = g_strdup_printf (_("The attachments come to %s, more than the %s this "
                                   "server accepts: it would refuse the message. Remove "
                                   "some, or send them another way."),
                                 total_text, limit_text);
      gtk_label_set_text (self->size_warning_label, warning);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->size_warning_label), limit > 0 && total > limit);
}

static void
remove_attachment_cb (ObAttachmentRow  *row,
                      ObComposerWindow *self)
{
  g_ptr_array_remove (self->attachments, row);
  adw_preferences_group_remove (self->attachments_group, GTK_WIDGET (row));
  update_attachments (self);
}

static void
add_attachment_row (ObComposerWindow *self,
                    const char       *path,
                    guint64           size)
{
  GtkWidget *row = ob_attachment_row_new (path, size);

  g_signal_connect_object (row, "remove", G_CALLBACK (remove_attachment_cb), self, 0);
  g_ptr_array_add (self->attachments, row);
  adw_preferences_group_add (self->attachments_group, row);
  update_attachments (self);
}

static void
attachment_info_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(ObComposerWindow) self = data;
  GFile *file = G_FILE (source);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  info = g_file_query_info_finish (file, result, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ob_composer_window_show_problem (self, error->message);
      return;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *problem = g_strdup_printf (_("“%s” is not a file, so it cannot be "
                                                    "attached."), name);

      ob_composer_window_show_problem (self, problem);
      return;
    }
  add_attachment_row (self, path, g_file_info_get_size (info));
}

/**
 * ob_composer_window_add_attachment:
 * @file: a file on this computer
 *
 * Attaches @file once its size is known.
 */
void
ob_composer_window_add_attachment (ObComposerWindow *self,
                                   GFile            *file)
{
  g_return_if_fail (OB_IS_COMPOSER_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!g_file_is_native (file))
    {
      ob_composer_window_show_problem (self, _("Only files on this computer can be attached."));
      return;
    }
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           attachment_info_cb, g_object_ref (self));
}

static void
draft_saved_on_close_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data)
{
  GApplication *app = data;
  g_autoptr(GError) error = NULL;

  if (!ob_draft_store_save_finish (OB_DRAFT_STORE (source), result, &error))
    g_warning ("The draft could not be saved: %s", error->message);
  if (app != NULL)
    g_application_release (app);
}

static void
draft_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(ObComposerWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!ob_draft_store_save_finish (OB_DRAFT_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_window_title_set_subtitle (self->window_title, error->message);
      return;
    }
  adw_window_title_set_subtitle (self->window_title, _("Draft saved"));
}

static gboolean
autosave_cb (gpointer data)
{
  ObComposerWindow *self = data;

  self->autosave_id = 0;
  if (self->draft == NULL || (ob_draft_is_empty (self->draft) && !self->draft_saved))
    return G_SOURCE_REMOVE;
  self->draft_saved = TRUE;
  ob_draft_store_save_async (self->drafts, self->draft, self->cancellable, draft_saved_cb,
                             g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (ObComposerWindow *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->draft != NULL)
    self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
}

static void
fields_changed_cb (ObComposerWindow *self)
{
  g_autofree char *body = NULL;

  update_problem (self);
  if (self->loading || self->draft == NULL)
    return;
  body = get_body (self);
  ob_draft_set_account_id (self->draft, ob_composer_window_get_account (self)
                                        ? ob_account_get_id (ob_composer_window_get_account (self))
                                        : "");
  ob_draft_set_to (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->to_row)));
  ob_draft_set_cc (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->cc_row)));
  ob_draft_set_bcc (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->bcc_row)));
  ob_draft_set_subject (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  ob_draft_set_body (self->draft, body);
  adw_window_title_set_subtitle (self->window_title, NULL);
  schedule_autosave (self);
}

static void
from_changed_cb (ObComposerWindow *self)
{
  update_attachments (self);
  fields_changed_cb (self);
}

/* The draft is gone with the message (sent, or discarded): nothing more
 * is saved, and the copy on disk is deleted. */
void
ob_composer_window_forget_draft (ObComposerWindow *self)
{
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->draft == NULL)
    return;
  ob_draft_store_delete_async (self->drafts, ob_draft_get_id (self->draft), NULL, NULL, NULL);
  g_clear_object (&self->draft);
}

/* The main window shows what became of the message once the composer is
 * closed. */
void
ob_composer_window_toast_parent (ObComposerWindow *self,
                                 const char       *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  ob_window_add_toast_for_widget (GTK_WIDGET (self), adw_toast_new (markup));
}

void
ob_composer_window_set_editable (ObComposerWindow *self,
                                 gboolean          editable)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_list), editable);
  gtk_text_view_set_editable (self->body_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->attachments_group), editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.attach", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.discard", editable);
}

/* Closing keeps a draft with anything in it, and says so; an empty one
 * is not worth keeping. */
static gboolean
ob_composer_window_close_request (GtkWindow *window)
{
  ObComposerWindow *self = OB_COMPOSER_WINDOW (window);
  GApplication *app = g_application_get_default ();

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->draft == NULL)
    return GTK_WINDOW_CLASS (ob_composer_window_parent_class)->close_request (window);

  if (ob_draft_is_empty (self->draft))
    ob_composer_window_forget_draft (self);
  else
    {
      /* The app stays until the draft is on disk. */
      if (app != NULL)
        g_application_hold (app);
      ob_draft_store_save_async (self->drafts, self->draft, NULL, draft_saved_on_close_cb, app);
      ob_composer_window_toast_parent (self, _("Draft saved"));
    }
  return GTK_WINDOW_CLASS (ob_composer_window_parent_class)->close_request (window);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ObComposerWindow *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  ob_composer_window_forget_draft (self);
  gtk_window_close (GTK_WINDOW (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ObComposerWindow *self = OB_COMPOSER_WINDOW (widget);
  AdwMessageDialog *dialog;

  if (self->draft == NULL || ob_draft_is_empty (self->draft))
    {
      ob_composer_window_forget_draft (self);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Discard Draft?"),
                                                       _("The message will be deleted; it "
                                                         "cannot be brought back.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     ObComposerWindow *self)
{
  g_autoptr(GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          ob_composer_window_add_attachment (self, file);
        }
    }
  g_object_unref (chooser);
}

/* Through the file chooser portal, so a sandboxed app sees the files the
 * person picked, and only those. */
static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObComposerWindow *self = OB_COMPOSER_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"),
                                         _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         ObComposerWindow *self)
{
  GSList *files = g_value_get_boxed (value);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->attachments_group)) &&
      gtk_widget_get_visible (GTK_WIDGET (self->attachments_group)))
    return FALSE;
  for (GSList *l = files; l != NULL; l = l->next)
    ob_composer_window_add_attachment (self, l->data);
  return files != NULL;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ob_composer_window_send (OB_COMPOSER_WINDOW (widget));
}

static void
select_account (ObComposerWindow *self,
                const char       *account_id)
{
  GListModel *accounts = adw_combo_row_get_model (self->from_row);

  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(ObAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (ob_account_get_id (account), account_id) == 0)
        {
          adw_combo_row_set_selected (self->from_row, i);
          return;
        }
    }
}

/* Fills the fields from the draft; the attachments come back as their
 * files are found again. */
static void
load_draft (ObComposerWindow *self)
{
  ObDraft *draft = self->draft;
  const char * const *paths = ob_draft_get_attachments (draft);

  self->loading = TRUE;
  select_account (self, ob_draft_get_account_id (draft));
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), ob_draft_get_to (draft));
  gtk_editable_set_text (GTK_EDITABLE (self->cc_row), ob_draft_get_cc (draft));
  gtk_editable_set_text (GTK_EDITABLE (self->bcc_row), ob_draft_get_bcc (draft));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), ob_draft_get_subject (draft));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            ob_draft_get_body (draft), -1);
  gtk_toggle_button_set_active (self->cc_toggle, *ob_draft_get_cc (draft) != '\0' ||
                                                 *ob_draft_get_bcc (draft) != '\0');
  self->loading = FALSE;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      ob_composer_window_add_attachment (self, file);
    }
  self->draft_saved = TRUE;
}

static char *
describe_account_cb (ObAccount *account)
{
  return describe_account (account);
}

static void
ob_composer_window_dispose (GObject *object)
{
  ObComposerWindow *self = OB_COMPOSER_WINDOW (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  ob_composer_window_send_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_COMPOSER_WINDOW);

  G_OBJECT_CLASS (ob_composer_window_parent_class)->dispose (object);
}

static void
ob_composer_window_finalize (GObject *object)
{
  ObComposerWindow *self = OB_COMPOSER_WINDOW (object);

  g_clear_object (&self->draft);
  g_clear_object (&self->drafts);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (ob_composer_window_parent_class)->finalize (object);
}

static void
ob_composer_window_class_init (ObComposerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ob_composer_window_dispose;
  object_class->finalize = ob_composer_window_finalize;
  window_class->close_request = ob_composer_window_close_request;

  g_type_ensure (OB_TYPE_RECIPIENT_ROW);
  g_type_ensure (OB_TYPE_SEND_STATUS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/outbound/Outbound/ui/"
                                               "ob-composer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, fields_list);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, from_row);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, to_row);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, cc_row);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, bcc_row);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, cc_toggle);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, subject_row);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, body_view);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, size_warning_label);
  gtk_widget_class_bind_template_child (widget_class, ObComposerWindow, send_status);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "composer.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "composer.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "composer.send", NULL);
  /* Escape closes; the draft is kept. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ob_composer_window_init (ObComposerWindow *self)
{
  ObApplication *app = OB_APPLICATION (g_application_get_default ());
  GtkDropTarget *drop;
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->drafts = ob_draft_store_new_default ();
  self->attachments = g_ptr_array_new ();

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (describe_account_cb), NULL, NULL);
  adw_combo_row_set_expression (self->from_row, expression);
  gtk_expression_unref (expression);
  if (app != NULL)
    adw_combo_row_set_model (self->from_row, G_LIST_MODEL (ob_application_get_accounts (app)));

  g_signal_connect_swapped (self->from_row, "notify::selected", G_CALLBACK (from_changed_cb),
                            self);
  g_signal_connect_swapped (self->to_row, "changed", G_CALLBACK (fields_changed_cb), self);
  g_signal_connect_swapped (self->cc_row, "changed", G_CALLBACK (fields_changed_cb), self);
  g_signal_connect_swapped (self->bcc_row, "changed", G_CALLBACK (fields_changed_cb), self);
  g_signal_connect_swapped (self->subject_row, "changed", G_CALLBACK (fields_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (fields_changed_cb), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  ob_composer_window_send_init (self);
}

/**
 * ob_composer_window_new:
 * @parent: (nullable): the window it was opened from, which shows the
 *   toast when the message is sent
 * @account: (nullable): the account to send from; %NULL for the first one
 *
 * Returns: (transfer none): a new composer, not shown yet, owned by GTK's
 *   list of toplevels until it is closed
 */
ObComposerWindow *
ob_composer_window_new (GtkWindow *parent,
                        ObAccount *account)
{
  ObComposerWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (account == NULL || OB_IS_ACCOUNT (account), NULL);

  self = g_object_new (OB_TYPE_COMPOSER_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->draft = ob_draft_new (NULL);
  if (account != NULL)
    select_account (self, ob_account_get_id (account));
  fields_changed_cb (self);
  return self;
}

/**
 * ob_composer_window_new_for_draft:
 * @draft: a draft, such as one left over after a crash
 *
 * Returns: (transfer none): a composer that goes on with @draft
 */
ObComposerWindow *
ob_composer_window_new_for_draft (GtkWindow *parent,
                                  ObDraft   *draft)
{
  ObComposerWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OB_IS_DRAFT (draft), NULL);

  self = g_object_new (OB_TYPE_COMPOSER_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->draft = g_object_ref (draft);
  load_draft (self);
  return self;
}

/**
 * ob_composer_window_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft being written; %NULL once
 *   the message is in the outbox or the draft was discarded
 */
ObDraft *
ob_composer_window_get_draft (ObComposerWindow *self)
{
  g_return_val_if_fail (OB_IS_COMPOSER_WINDOW (self), NULL);

  return self->draft;
}

static void
drafts_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GtkApplication) app = data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_application_get_active_window (app);

  drafts = ob_draft_store_list_finish (OB_DRAFT_STORE (source), result, &problems, &error);
  if (drafts == NULL)
    {
      g_message ("The drafts could not be read: %s", error->message);
      return;
    }
  for (guint i = 0; i < problems->len; i++)
    g_message ("%s", ((GError *) g_ptr_array_index (problems, i))->message);
  for (guint i = 0; i < drafts->len; i++)
    {
      ObComposerWindow *composer =
        ob_composer_window_new_for_draft (parent, g_ptr_array_index (drafts, i));

      gtk_application_add_window (app, GTK_WINDOW (composer));
      gtk_window_present (GTK_WINDOW (composer));
    }
}

/**
 * ob_composer_window_restore_drafts:
 *
 * Opens a composer for each draft left over, such as after a crash: only
 * the first time it is called in the life of @app.
 */
void
ob_composer_window_restore_drafts (GtkApplication *app)
{
  g_autoptr(ObDraftStore) drafts = NULL;

  g_return_if_fail (GTK_IS_APPLICATION (app));

  if (g_object_get_data (G_OBJECT (app), "ob-drafts-restored") != NULL)
    return;
  g_object_set_data (G_OBJECT (app), "ob-drafts-restored", GINT_TO_POINTER (TRUE));
  drafts = ob_draft_store_new_default ();
  ob_draft_store_list_async (drafts, NULL, drafts_listed_cb, g_object_ref (app));
}
