/* ob-outbox-view.h — an account's outbox: what waits, what failed, what was sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-account-outbox.h"

G_BEGIN_DECLS

#define OB_TYPE_OUTBOX_VIEW (ob_outbox_view_get_type ())

G_DECLARE_FINAL_TYPE (ObOutboxView, ob_outbox_view, OB, OUTBOX_VIEW, GtkWidget)

GtkWidget *ob_outbox_view_new         (void);
void       ob_outbox_view_set_account (ObOutboxView    *self,
                                       ObAccount       *account,
                                       ObAccountOutbox *outbox);

G_END_DECLS
