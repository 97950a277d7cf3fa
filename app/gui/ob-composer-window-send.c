/* ob-composer-window-send.c — sending the message, and what became of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Send builds the message, puts it in the outbox (on disk, synced) and only
 * then deletes the draft: at every moment one of the two holds it. Then it
 * flushes the account, showing the upload; Cancel stops it, and a message
 * whose end had not left stays queued. The outcome is read from the
 * outbox's entry, so the window says exactly what the outbox will do.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-application.h"
#include "ob-attachment-row.h"
#include "ob-composer-window-private.h"
#include "ob-envelope.h"
#include "ob-message.h"
#include "ob-outbox.h"

static void
show_progress (ObComposerWindow *self)
{
  ob_send_status_show_progress (self->send_status, ob_outbox_entry_get_bytes_sent (self->entry),
                                ob_outbox_entry_get_size (self->entry));
}

static ObDiagnosis *
diagnose (ObComposerWindow *self,
          const GError     *error)
{
  ObAccount *account = ob_composer_window_get_account (self);
  ObDiagnosisContext context = { 0 };

  if (error == NULL)
    return NULL;
  if (account != NULL)
    {
      context.provider_id = ob_account_get_provider_id (account);
      context.host = ob_account_get_host (account);
      context.port = ob_account_get_port (account);
      context.has_security = TRUE;
      context.security = ob_account_get_security (account);
      context.size_limit = ob_account_get_size_limit (account);
    }
  return ob_diagnosis_new_for_error (error, &context);
}

static const char *
describe_outcome (ObOutboxState state,
                  gboolean      cancelled)
{
  switch (state)
    {
    case OB_OUTBOX_STATE_QUEUED:
      return cancelled ? _("Not sent: still in the outbox.")
                       : _("Not sent yet: the message is still in the outbox and will be sent "
                           "again automatically.");
    case OB_OUTBOX_STATE_FAILED:
      return _("Not sent, and it will not be tried again. It stays in the outbox until you "
               "delete it.");
    case OB_OUTBOX_STATE_UNCERTAIN:
      return _("The connection was lost just as the message was sent: it may have arrived. "
               "It stays in the outbox; check with the recipient before sending it again.");
    case OB_OUTBOX_STATE_HELD:
      return _("Not sent: the message waits in the outbox until the account is fixed.");
    case OB_OUTBOX_STATE_SENDING:
    case OB_OUTBOX_STATE_SENT:
    default:
      return _("The message is still being sent from the outbox.");
    }
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(ObComposerWindow) self = data;
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cancelled;
  ObOutboxState state;

  ob_outbox_flush_finish (OB_OUTBOX (source), result, &error);
  /* Closed meanwhile: the outbox goes on without the window. */
  if (self->entry == NULL)
    return;

  state = ob_outbox_entry_get_state (self->entry);
  if (state == OB_OUTBOX_STATE_SENT)
    {
      ob_composer_window_toast_parent (self, _("Message sent"));
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (!(cancelled && state == OB_OUTBOX_STATE_QUEUED))
    diagnosis = diagnose (self, ob_outbox_entry_get_error (self->entry));
  /* The log shows the explanation under the failure's line too. */
  if (diagnosis != NULL)
    ob_application_report_diagnosis (OB_APPLICATION (g_application_get_default ()), diagnosis);
  ob_send_status_show_outcome (self->send_status, diagnosis, describe_outcome (state, cancelled),
                               state != OB_OUTBOX_STATE_SENDING);
}

static ObMessage *
build_message (ObComposerWindow  *self,
               ObAccount         *account,
               GError           **error)
{
  g_autoptr(ObMessage) message = ob_message_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  if (!ob_message_set_from (message, ob_account_get_sender_name (account),
                            ob_account_get_address (account), error) ||
      !ob_recipient_row_add_to_message (self->to_row, ob_message_add_to, message, error) ||
      !ob_recipient_row_add_to_message (self->cc_row, ob_message_add_cc, message, error) ||
      !ob_recipient_row_add_to_message (self->bcc_row, ob_message_add_bcc, message, error) ||
      !ob_message_set_subject (message, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                               error))
    return NULL;
  if (ob_account_get_reply_to (account) != NULL &&
      !ob_message_set_reply_to (message, ob_account_get_reply_to (account), error))
    return NULL;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  ob_message_set_body (message, body);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      ObAttachmentRow *row = g_ptr_array_index (self->attachments, i);
      g_autoptr(GFile) file = g_file_new_for_path (ob_attachment_row_get_path (row));

      if (!ob_message_add_attachment (message, file, error))
        return NULL;
    }
  return g_steal_pointer (&message);
}

/* What stops the message before it goes, or NULL. */
static const char *
find_problem (ObComposerWindow *self)
{
  ObRecipientRow *rows[] = { self->to_row, self->cc_row, self->bcc_row };
  gboolean any = FALSE;

  if (ob_composer_window_get_account (self) == NULL)
    return _("There is no account to send from. Add one first.");
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (ob_recipient_row_get_problem (rows[i]) != NULL)
        return ob_recipient_row_get_problem (rows[i]);
      any |= !ob_recipient_row_is_empty (rows[i]);
    }
  if (!any)
    return _("Add at least one recipient.");
  return NULL;
}

/**
 * ob_composer_window_send:
 *
 * Puts the message in the outbox and sends it, or says what must be fixed
 * first.
 */
void
ob_composer_window_send (ObComposerWindow *self)
{
  ObApplication *app = OB_APPLICATION (g_application_get_default ());
  ObOutbox *outbox = ob_application_get_outbox (app);
  ObAccount *account = ob_composer_window_get_account (self);
  const char *problem = find_problem (self);
  g_autoptr(ObMessage) message = NULL;
  g_autoptr(ObEnvelope) envelope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (problem != NULL)
    {
      ob_composer_window_show_problem (self, problem);
      return;
    }
  message = build_message (self, account, &error);
  if (message != NULL)
    {
      envelope = ob_message_make_envelope (message);
      /* Written and synced before it returns, like saving a file: the
       * message must be safe on disk before its draft goes. */
      id = ob_outbox_enqueue (outbox, account, envelope, OB_MESSAGE_SOURCE (message), &error);
    }
  if (id == NULL)
    {
      g_autoptr(ObDiagnosis) diagnosis = diagnose (self, error);

      gtk_widget_set_visible (GTK_WIDGET (self->send_status), TRUE);
      ob_send_status_show_outcome (self->send_status, diagnosis,
                                   _("The message was not put in the outbox. Your draft is "
                                     "kept."), FALSE);
      return;
    }

  ob_composer_window_forget_draft (self);
  ob_composer_window_show_problem (self, NULL);
  ob_composer_window_set_editable (self, FALSE);
  self->entry = g_object_ref (ob_outbox_lookup (outbox, id));
  self->progress_handler = g_signal_connect_swapped (self->entry, "notify::bytes-sent",
                                                     G_CALLBACK (show_progress), self);
  show_progress (self);
  gtk_widget_set_visible (GTK_WIDGET (self->send_status), TRUE);
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  ob_outbox_flush_async (outbox, ob_account_get_id (account), self->send_cancellable,
                         flushed_cb, g_object_ref (self));
}

static void
cancel_cb (ObComposerWindow *self)
{
  if (self->send_cancellable != NULL)
    g_cancellable_cancel (self->send_cancellable);
}

static void
keep_cb (ObComposerWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_cb (ObComposerWindow *self)
{
  ObOutbox *outbox = ob_application_get_outbox (OB_APPLICATION (g_application_get_default ()));
  g_autoptr(GError) error = NULL;

  if (!ob_outbox_drop (outbox, ob_outbox_entry_get_id (self->entry), &error))
    {
      g_autoptr(ObDiagnosis) diagnosis = diagnose (self, error);

      ob_send_status_show_outcome (self->send_status, diagnosis, error->message, TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

void
ob_composer_window_send_init (ObComposerWindow *self)
{
  g_signal_connect_swapped (self->send_status, "cancel", G_CALLBACK (cancel_cb), self);
  g_signal_connect_swapped (self->send_status, "keep", G_CALLBACK (keep_cb), self);
  g_signal_connect_swapped (self->send_status, "delete", G_CALLBACK (delete_cb), self);
}

/* A window closed while its message is sent leaves the sending to the
 * outbox, which goes on and keeps the message whatever happens. */
void
ob_composer_window_send_dispose (ObComposerWindow *self)
{
  if (self->entry != NULL)
    g_clear_signal_handler (&self->progress_handler, self->entry);
  g_clear_object (&self->entry);
  g_clear_object (&self->send_cancellable);
}
