/* ob-outbox-entry-private.h — what ObOutbox alone changes in an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-outbox-entry.h"
#include "ob-outbox-record.h"

G_BEGIN_DECLS

ObOutboxEntry        *ob_outbox_entry_new         (ObOutboxRecord *record);
const ObOutboxRecord *ob_outbox_entry_get_record  (ObOutboxEntry  *self);
void                  ob_outbox_entry_set_record  (ObOutboxEntry  *self,
                                                   ObOutboxRecord *record);
gboolean              ob_outbox_entry_get_busy    (ObOutboxEntry  *self);
void                  ob_outbox_entry_set_busy    (ObOutboxEntry  *self,
                                                   gboolean        busy);
void                  ob_outbox_entry_set_bytes_sent (ObOutboxEntry *self,
                                                      guint64        bytes_sent);
void                  ob_outbox_entry_set_offline (ObOutboxEntry  *self,
                                                   gboolean        offline);
gboolean              ob_outbox_entry_is_due      (ObOutboxEntry  *self,
                                                   gint64          now);

G_END_DECLS
