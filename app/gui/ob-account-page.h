/* ob-account-page.h — one account: how it stands, its tools, its outbox, its settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-account-outbox.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_PAGE (ob_account_page_get_type ())

G_DECLARE_FINAL_TYPE (ObAccountPage, ob_account_page, OB, ACCOUNT_PAGE, GtkWidget)

GtkWidget *ob_account_page_new              (ObAccount       *account,
                                             ObAccountOutbox *outbox);
ObAccount *ob_account_page_get_account      (ObAccountPage   *self);
void       ob_account_page_show_test_passed (ObAccountPage   *self,
                                             GDateTime       *tested_at);

G_END_DECLS
