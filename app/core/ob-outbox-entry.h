/* ob-outbox-entry.h — one message in the outbox, as the interface shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_OUTBOX_ENTRY (ob_outbox_entry_get_type ())

G_DECLARE_FINAL_TYPE (ObOutboxEntry, ob_outbox_entry, OB, OUTBOX_ENTRY, GObject)

/* Read-only properties, each notified on change: id, account-id, sender,
 * recipients, message-id, subject (nullable), size, created, state (ObOutboxState), waiting
 * (ObOutboxWait), attempts, next-attempt, error-message, diagnosis-title,
 * sent-time, final-reply, queue-id, status-text, bytes-sent (how much of
 * the message the current or last attempt uploaded, out of size; notified
 * on the main thread while it is sent, at most every 100 ms). Times are
 * seconds since the Unix epoch. */
const char         *ob_outbox_entry_get_id              (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_account_id      (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_sender          (ObOutboxEntry *self);
const char * const *ob_outbox_entry_get_recipients      (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_message_id      (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_subject         (ObOutboxEntry *self);
guint64             ob_outbox_entry_get_size            (ObOutboxEntry *self);
guint64             ob_outbox_entry_get_bytes_sent      (ObOutboxEntry *self);
gint64              ob_outbox_entry_get_created         (ObOutboxEntry *self);
ObOutboxState       ob_outbox_entry_get_state           (ObOutboxEntry *self);
ObOutboxWait        ob_outbox_entry_get_waiting         (ObOutboxEntry *self);
guint               ob_outbox_entry_get_attempts        (ObOutboxEntry *self);
gint64              ob_outbox_entry_get_next_attempt    (ObOutboxEntry *self);
const GError       *ob_outbox_entry_get_error           (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_diagnosis_title (ObOutboxEntry *self);
gint64              ob_outbox_entry_get_sent_time       (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_final_reply     (ObOutboxEntry *self);
const char         *ob_outbox_entry_get_queue_id        (ObOutboxEntry *self);
const char * const *ob_outbox_entry_get_refused         (ObOutboxEntry *self);
char               *ob_outbox_entry_dup_status_text     (ObOutboxEntry *self);

G_END_DECLS
