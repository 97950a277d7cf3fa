/* ob-account-outbox.h — one account's part of the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ob-outbox.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_OUTBOX (ob_account_outbox_get_type ())

G_DECLARE_FINAL_TYPE (ObAccountOutbox, ob_account_outbox, OB, ACCOUNT_OUTBOX, GObject)

ObAccountOutbox *ob_account_outbox_new             (ObOutbox        *outbox,
                                                    const char      *account_id);
ObOutbox        *ob_account_outbox_get_outbox      (ObAccountOutbox *self);
GListModel      *ob_account_outbox_get_waiting     (ObAccountOutbox *self);
GListModel      *ob_account_outbox_get_sent        (ObAccountOutbox *self);
guint            ob_account_outbox_get_n_waiting   (ObAccountOutbox *self);
guint            ob_account_outbox_get_n_attention (ObAccountOutbox *self);

G_END_DECLS
