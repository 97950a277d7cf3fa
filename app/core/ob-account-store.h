/* ob-account-store.h — the accounts, kept in a keyfile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-account.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT_STORE (ob_account_store_get_type ())

#define OB_ACCOUNT_STORE_ERROR (ob_account_store_error_quark ())

/**
 * ObAccountStoreError:
 * @OB_ACCOUNT_STORE_ERROR_INVALID_LINE: a line of the file is not a setting,
 *   a section or a comment, or a setting's value cannot be read (a load
 *   problem; the message names the line)
 * @OB_ACCOUNT_STORE_ERROR_INVALID_ACCOUNT: a section describes an account
 *   that cannot be used; it is left out (a load problem)
 * @OB_ACCOUNT_STORE_ERROR_DUPLICATE: an account with the same id or address
 *   is already there
 * @OB_ACCOUNT_STORE_ERROR_NOT_FOUND: the account is not in the store
 * @OB_ACCOUNT_STORE_ERROR_BUSY: another program kept the accounts locked
 *   for too long
 * @OB_ACCOUNT_STORE_ERROR_READ: the file exists but cannot be read; nothing
 *   is written over it
 * @OB_ACCOUNT_STORE_ERROR_WRITE: the file cannot be written (a full disk,
 *   missing permissions); the previous file is unchanged
 */
typedef enum {
  OB_ACCOUNT_STORE_ERROR_INVALID_LINE,
  OB_ACCOUNT_STORE_ERROR_INVALID_ACCOUNT,
  OB_ACCOUNT_STORE_ERROR_DUPLICATE,
  OB_ACCOUNT_STORE_ERROR_NOT_FOUND,
  OB_ACCOUNT_STORE_ERROR_BUSY,
  OB_ACCOUNT_STORE_ERROR_READ,
  OB_ACCOUNT_STORE_ERROR_WRITE,
} ObAccountStoreError;

GQuark          ob_account_store_error_quark      (void);

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
void            ob_account_store_remove_async     (ObAccountStore  *self,
                                                   ObAccount       *account,
                                                   GCancellable    *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer         user_data);
gboolean        ob_account_store_remove_finish    (ObAccountStore  *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);
ObAccount      *ob_account_store_lookup           (ObAccountStore  *self,
                                                   const char      *id_or_address);
GPtrArray      *ob_account_store_get_load_problems (ObAccountStore *self);
const char     *ob_account_store_get_kept_aside_path (ObAccountStore *self);

void            ob_account_copy_settings          (ObAccount       *to,
                                                   ObAccount       *from);

G_END_DECLS
