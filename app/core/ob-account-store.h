/* ob-account-store.h — the accounts, kept in a keyfile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-account.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_STORE (ob_account_store_get_type ())

G_DECLARE_FINAL_TYPE (ObAccountStore, ob_account_store, OB, ACCOUNT_STORE, GObject)

/* A GListModel of ObAccount, ordered as stored. */
ObAccountStore *ob_account_store_new              (const char      *path);
ObAccountStore *ob_account_store_new_default      (void);
const char     *ob_account_store_get_path         (ObAccountStore  *self);
gboolean        ob_account_store_load             (ObAccountStore  *self,
                                                   GError         **error);
gboolean        ob_account_store_save             (ObAccountStore  *self,
                                                   GError         **error);
gboolean        ob_account_store_add              (ObAccountStore  *self,
                                                   ObAccount       *account,
                                                   GError         **error);
gboolean        ob_account_store_remove           (ObAccountStore  *self,
                                                   ObAccount       *account,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
ObAccount      *ob_account_store_lookup           (ObAccountStore  *self,
                                                   const char      *id_or_address);
GPtrArray      *ob_account_store_get_load_problems (ObAccountStore *self);

G_END_DECLS
