/* ob-outbox-view.c — an account's outbox: what waits, what failed, what was sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two lists over the account's part of the outbox: messages not sent yet
 * (newest first, failures and questions among them) and the sent messages
 * the outbox still keeps. The rows' buttons name this view's actions, which
 * do the work, send at once what was queued again, and say how it went in
 * a toast. Deleting a message cannot be undone, so it asks first.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-outbox-row.h"
#include "ob-outbox-view.h"
#include "ob-window.h"

struct _ObOutboxView
{
  GtkWidget        parent_instance;

  ObAccount       *account;
  ObAccountOutbox *outbox;
  GCancellable    *cancellable;

  /* template children */
  GtkWidget       *waiting_group;
  GtkListBox      *waiting_list;
  GtkWidget       *sent_group;
  GtkListBox      *sent_list;
};

G_DEFINE_FINAL_TYPE (ObOutboxView, ob_outbox_view, GTK_TYPE_WIDGET)

GtkWidget *
ob_outbox_view_new (void)
{
  return g_object_new (OB_TYPE_OUTBOX_VIEW, NULL);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  ObOutboxView *self = user_data;

  return ob_outbox_row_new (OB_OUTBOX_ENTRY (item), self->account);
}

static void
sent_changed_cb (GListModel   *sent,
                 guint         position,
                 guint         removed,
                 guint         added,
                 ObOutboxView *self)
{
  gtk_widget_set_visible (self->sent_group, g_list_model_get_n_items (sent) > 0);
}

/**
 * ob_outbox_view_set_account:
 * @account: the account whose messages to show
 * @outbox: the account's part of the outbox
 */
void
ob_outbox_view_set_account (ObOutboxView    *self,
                            ObAccount       *account,
                            ObAccountOutbox *outbox)
{
  GListModel *sent;

  g_return_if_fail (OB_IS_OUTBOX_VIEW (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));
  g_return_if_fail (OB_IS_ACCOUNT_OUTBOX (outbox));
  g_return_if_fail (self->outbox == NULL);

  self->account = g_object_ref (account);
  self->outbox = g_object_ref (outbox);
  sent = ob_account_outbox_get_sent (outbox);
  gtk_list_box_bind_model (self->waiting_list, ob_account_outbox_get_waiting (outbox),
                           create_row, self, NULL);
  gtk_list_box_bind_model (self->sent_list, sent, create_row, self, NULL);
  g_signal_connect_object (sent, "items-changed", G_CALLBACK (sent_changed_cb), self, 0);
  sent_changed_cb (sent, 0, 0, 0, self);
}

static void
toast (ObOutboxView *self,
       const char   *title)
{
  ob_window_add_toast_for_widget (GTK_WIDGET (self), adw_toast_new (title));
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ObOutboxView) self = user_data;
  g_autoptr(GError) error = NULL;

  /* How each message went shows on its row; this is the outbox itself
   * failing, a full disk for instance. */
  if (!ob_outbox_flush_finish (OB_OUTBOX (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
send_now (ObOutboxView *self)
{
  ob_outbox_flush_async (ob_account_outbox_get_outbox (self->outbox),
                         ob_account_get_id (self->account), self->cancellable,
                         flushed_cb, g_object_ref (self));
}

typedef gboolean (*EntryAction) (ObOutbox    *outbox,
                                 const char  *id,
                                 GError     **error);

/* Runs @action on the message the button named; returns whether it did.
 * A refusal (the message is being sent right now, say) is news, not a
 * decision: a toast. */
static gboolean
run_on_entry (ObOutboxView *self,
              const char   *id,
              EntryAction   action)
{
  g_autoptr(GError) error = NULL;

  if (self->outbox == NULL)
    return FALSE;
  if (!action (ob_account_outbox_get_outbox (self->outbox), id, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
send_again (ObOutbox    *outbox,
            const char  *id,
            GError     **error)
{
  return ob_outbox_resolve_uncertain (outbox, id, OB_OUTBOX_RESOLUTION_SEND_AGAIN, error);
}

static gboolean
mark_sent (ObOutbox    *outbox,
           const char  *id,
           GError     **error)
{
  return ob_outbox_resolve_uncertain (outbox, id, OB_OUTBOX_RESOLUTION_MARK_SENT, error);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, g_variant_get_string (parameter, NULL), ob_outbox_retry))
    send_now (self);
}

static void
send_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, g_variant_get_string (parameter, NULL), send_again))
    send_now (self);
}

static void
mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, g_variant_get_string (parameter, NULL), mark_sent))
    toast (self, _("Marked as sent"));
}

typedef struct
{
  ObOutboxView *self;
  char         *id;
} PendingDelete;

static void
pending_delete_free (gpointer  data,
                     GClosure *closure)
{
  PendingDelete *pending = data;

  g_object_unref (pending->self);
  g_free (pending->id);
  g_free (pending);
}

/* The view stays alive while the question is open; if its account went
 * meanwhile, the outbox is gone and nothing is deleted. */
static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PendingDelete    *pending)
{
  if (g_str_equal (response, "delete") &&
      run_on_entry (pending->self, pending->id, ob_outbox_drop))
    toast (pending->self, _("Message deleted"));
}

static char *
describe_deletion (ObOutboxEntry *entry)
{
  const char *subject = entry != NULL ? ob_outbox_entry_get_subject (entry) : NULL;

  if (subject == NULL)
    return g_strdup (_("The message will not be sent, and it cannot be recovered."));
  /* TRANSLATORS: %s is the message's subject */
  return g_strdup_printf (_("“%s” will not be sent, and it cannot be recovered."), subject);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *body = NULL;
  PendingDelete *pending;
  GtkWidget *dialog;

  if (self->outbox == NULL)
    return;
  body = describe_deletion (ob_outbox_lookup (ob_account_outbox_get_outbox (self->outbox), id));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete This Message?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  pending = g_new0 (PendingDelete, 1);
  pending->self = g_object_ref (self);
  pending->id = g_strdup (id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), pending,
                         pending_delete_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ob_outbox_view_dispose (GObject *object)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_OUTBOX_VIEW);
  g_clear_object (&self->account);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ob_outbox_view_parent_class)->dispose (object);
}

static void
ob_outbox_view_class_init (ObOutboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_outbox_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-outbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ObOutboxView, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxView, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxView, sent_group);
  gtk_widget_class_bind_template_child (widget_class, ObOutboxView, sent_list);

  gtk_widget_class_install_action (widget_class, "outbox.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "outbox.send-again", "s", send_again_action);
  gtk_widget_class_install_action (widget_class, "outbox.mark-sent", "s", mark_sent_action);
  gtk_widget_class_install_action (widget_class, "outbox.delete", "s", delete_action);
}

static void
ob_outbox_view_init (ObOutboxView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
