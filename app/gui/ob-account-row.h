/* ob-account-row.h — an account in the main window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-account-outbox.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_ROW (ob_account_row_get_type ())

G_DECLARE_FINAL_TYPE (ObAccountRow, ob_account_row, OB, ACCOUNT_ROW, GtkListBoxRow)

GtkWidget *ob_account_row_new         (ObAccount       *account,
                                       ObAccountOutbox *outbox);
ObAccount *ob_account_row_get_account (ObAccountRow    *self);
void       ob_account_row_describe    (ObAccount       *account,
                                       const char     **title,
                                       const char     **subtitle);

G_END_DECLS
