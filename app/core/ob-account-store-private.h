/* ob-account-store-private.h — the accounts file format, shared by the store's two halves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-account-store.c keeps the list, the lock and the atomic writes;
 * ob-account-store-file.c reads and writes the keyfile text.
 */
#pragma once

#include "ob-account-store.h"

G_BEGIN_DECLS

/* More problems than this in one file are summed up in one last problem:
 * a binary file must not make thousands of them. */
#define OB_ACCOUNT_STORE_MAX_PROBLEMS 50

void  ob_account_store_parse     (const char *path,
                                  const char *data,
                                  gsize       length,
                                  GPtrArray  *accounts,
                                  GPtrArray  *problems);
char *ob_account_store_serialize (GPtrArray  *accounts,
                                  gsize      *length);

G_END_DECLS
