/* ob-cli-accounts.h — finding accounts from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-account-store.h"

G_BEGIN_DECLS

ObAccountStore *ob_cli_open_accounts (GError         **error);
ObAccount      *ob_cli_find_account  (ObAccountStore  *store,
                                      const char      *name,
                                      GError         **error);

G_END_DECLS
