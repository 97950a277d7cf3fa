/* ob-account-wizard.h — adding or editing an account, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_WIZARD (ob_account_wizard_get_type ())

G_DECLARE_FINAL_TYPE (ObAccountWizard, ob_account_wizard, OB, ACCOUNT_WIZARD, AdwWindow)

/* Signal "account-saved" (ObAccount *account): emitted after the account is
 * in the store and its password in the keyring; the wizard then closes. */
ObAccountWizard *ob_account_wizard_new             (GtkWindow *parent);
ObAccountWizard *ob_account_wizard_new_for_account (GtkWindow *parent,
                                                    ObAccount *account);

G_END_DECLS
