/* ob-outbox-row.h — one message of an account's outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-outbox-entry.h"

G_BEGIN_DECLS

#define OB_TYPE_OUTBOX_ROW (ob_outbox_row_get_type ())

G_DECLARE_FINAL_TYPE (ObOutboxRow, ob_outbox_row, OB, OUTBOX_ROW, AdwExpanderRow)

GtkWidget     *ob_outbox_row_new       (ObOutboxEntry *entry,
                                        ObAccount     *account);
ObOutboxEntry *ob_outbox_row_get_entry (ObOutboxRow   *self);

G_END_DECLS
