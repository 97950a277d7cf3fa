/* ob-outbox-actions.c — queueing a message, and the person's actions on one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each of these writes one small record (or removes one message) under the
 * message's lock, so another process sharing the spool never finds it half
 * changed. A message being sent cannot be touched until its run is over.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-envelope.h"
#include "ob-message-source.h"
#include "ob-outbox-private.h"

/**
 * ob_outbox_enqueue:
 * @account: the account to send through
 * @envelope: the sender and recipients
 * @source: the complete message, as it is to be sent
 *
 * Writes the message and its details to disk, synced, and shows it; it is
 * sent at the next chance. Blocks while the message is written, as saving
 * a file does.
 *
 * Returns: (transfer full) (nullable): the new message's id, or %NULL when
 *   it could not be queued (%OB_OUTBOX_ERROR_NO_SPACE for a full disk, or
 *   the source's own error); nothing is left behind then
 */
char *
ob_outbox_enqueue (ObOutbox         *self,
                   ObAccount        *account,
                   ObEnvelope       *envelope,
                   ObMessageSource  *source,
                   GError          **error)
{
  g_autoptr(ObOutboxRecord) record = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (envelope != NULL, NULL);
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ob_envelope_validate (envelope, error))
    return NULL;

  record = ob_outbox_record_new ();
  record->account_id = g_strdup (ob_account_get_id (account));
  ob_outbox_record_take_envelope (record, envelope);
  subject = ob_message_source_dup_subject (source);
  ob_outbox_record_set_subject (record, subject);
  record->state = OB_OUTBOX_STATE_QUEUED;
  record->created = ob_outbox_now ();
  record->since = record->created;
  if (!ob_spool_add (self->spool, record, source, NULL, error))
    return NULL;

  ob_outbox_show_record (self, ob_outbox_record_copy (record));
  ob_outbox_schedule (self);
  return g_strdup (record->id);
}

/* The entry, if the person may act on it now; its lock is in @lock. */
static ObOutboxEntry *
take_entry (ObOutbox     *self,
            const char   *id,
            ObSpoolLock **lock,
            GError      **error)
{
  ObOutboxEntry *entry = ob_outbox_lookup (self, id);
  ObSpoolFolder folder;

  if (entry == NULL)
    {
      g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no message “%s” in the outbox."), id);
      return NULL;
    }
  if (ob_outbox_entry_get_busy (entry))
    {
      g_set_error_literal (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY,
                           _("This message is being sent right now."));
      return NULL;
    }
  folder = ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_SENT ? OB_SPOOL_SENT
                                                                      : OB_SPOOL_OUTBOX;
  *lock = ob_spool_lock (self->spool, folder, id, error);
  return *lock != NULL ? entry : NULL;
}

static gboolean
wrong_state (ObOutboxEntry  *entry,
             GError        **error)
{
  g_autofree char *status = ob_outbox_entry_dup_status_text (entry);

  /* TRANSLATORS: %s is where the message stands, like “Sent at 14:05” */
  g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_WRONG_STATE,
               _("That cannot be done with this message: %s."), status);
  return FALSE;
}

static gboolean
store_and_show (ObOutbox        *self,
                ObOutboxRecord  *record,
                GError         **error)
{
  g_autoptr(ObOutboxRecord) owned = record;

  if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, owned, error))
    return FALSE;
  ob_outbox_show_record (self, g_steal_pointer (&owned));
  ob_outbox_schedule (self);
  return TRUE;
}

/**
 * ob_outbox_retry:
 *
 * Queues a failed, held or waiting message to be sent at once, with a fresh
 * round of attempts. A message whose outcome is uncertain needs
 * ob_outbox_resolve_uncertain() instead.
 */
gboolean
ob_outbox_retry (ObOutbox    *self,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  ObOutboxEntry *entry;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  switch (ob_outbox_entry_get_state (entry))
    {
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_FAILED:
    case OB_OUTBOX_STATE_HELD:
      {
        ObOutboxRecord *record = ob_outbox_record_copy (ob_outbox_entry_get_record (entry));

        ob_outbox_policy_requeue (record, ob_outbox_now ());
        return store_and_show (self, record, error);
      }
    case OB_OUTBOX_STATE_SENDING:
    case OB_OUTBOX_STATE_SENT:
    case OB_OUTBOX_STATE_UNCERTAIN:
    default:
      return wrong_state (entry, error);
    }
}

/**
 * ob_outbox_drop:
 *
 * Removes a message, in whatever state, unless it is being sent. A sent
 * message is removed from the sent folder.
 */
gboolean
ob_outbox_drop (ObOutbox    *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autofree char *owned_id = NULL;
  ObOutboxEntry *entry;
  ObSpoolFolder folder;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  folder = ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_SENT ? OB_SPOOL_SENT
                                                                      : OB_SPOOL_OUTBOX;
  owned_id = g_strdup (id);
  if (!ob_spool_remove (self->spool, folder, owned_id, error))
    return FALSE;
  ob_outbox_forget (self, owned_id);
  ob_outbox_schedule (self);
  return TRUE;
}

/**
 * ob_outbox_resolve_uncertain:
 * @resolution: what the person found out
 *
 * Settles a message whose outcome was uncertain: queued to be sent again,
 * or moved to the sent folder.
 */
gboolean
ob_outbox_resolve_uncertain (ObOutbox            *self,
                             const char          *id,
                             ObOutboxResolution   resolution,
                             GError             **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autoptr(ObOutboxRecord) record = NULL;
  ObOutboxEntry *entry;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (resolution == OB_OUTBOX_RESOLUTION_SEND_AGAIN ||
                        resolution == OB_OUTBOX_RESOLUTION_MARK_SENT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  if (ob_outbox_entry_get_state (entry) != OB_OUTBOX_STATE_UNCERTAIN)
    return wrong_state (entry, error);

  record = ob_outbox_record_copy (ob_outbox_entry_get_record (entry));
  if (resolution == OB_OUTBOX_RESOLUTION_SEND_AGAIN)
    {
      ob_outbox_policy_requeue (record, ob_outbox_now ());
      return store_and_show (self, g_steal_pointer (&record), error);
    }

  ob_outbox_policy_mark_sent (record, ob_outbox_now (), NULL, NULL);
  if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, record, error) ||
      !ob_spool_move_to_sent (self->spool, record->id, error))
    return FALSE;
  ob_outbox_show_record (self, g_steal_pointer (&record));
  return TRUE;
}
