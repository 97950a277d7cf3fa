/* ob-outbox-view.c — an account's outbox: what waits, what failed, what was sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two lists over the account's part of the outbox: messages not sent yet
 * (newest first, failures and questions among them) and the sent messages
 * the outbox still keeps. The rows' buttons name this view's actions, which
 * do the work, send at once what was queued again, and say how it went in
 * a toast.
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
              GVariant     *parameter,
              EntryAction   action)
{
  g_autoptr(GError) error = NULL;

  if (self->outbox == NULL)
    return FALSE;
  if (!action (ob_account_outbox_get_outbox (self->outbox),
               g_variant_get_string (parameter, NULL), &error))
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

  if (run_on_entry (self, parameter, ob_outbox_retry))
    send_now (self);
}

static void
send_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, parameter, send_again))
    send_now (self);
}

static void
mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, parameter, mark_sent))
    toast (self, _("Marked as sent"));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObOutboxView *self = OB_OUTBOX_VIEW (widget);

  if (run_on_entry (self, parameter, ob_outbox_drop))
    toast (self, _("Message deleted"));
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
