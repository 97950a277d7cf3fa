/* ob-secrets.h — the keyring facade: store, look up, clear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include <libsecret/secret.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_SECRETS_SCHEMA_NAME "io.github.outbound.Outbound.Secret"

#define OB_SECRETS_ERROR (ob_secrets_error_quark ())

/**
 * ObSecretsError:
 * @OB_SECRETS_ERROR_NO_SERVICE: no Secret Service answers on the session bus;
 *   Outbound never falls back to a file
 * @OB_SECRETS_ERROR_LOCKED: the keyring stayed locked (the unlock prompt was
 *   dismissed)
 * @OB_SECRETS_ERROR_FAILED: the Secret Service reported another failure
 * @OB_SECRETS_ERROR_NOT_FOUND: no secret is stored for the account; lookups
 *   return %NULL without an error, and callers that need a secret report
 *   its absence with this code
 */
typedef enum {
  OB_SECRETS_ERROR_NO_SERVICE,
  OB_SECRETS_ERROR_LOCKED,
  OB_SECRETS_ERROR_FAILED,
  OB_SECRETS_ERROR_NOT_FOUND,
} ObSecretsError;

/* A secret as returned by lookup: free with ob_secrets_free(), which wipes it. */
typedef char ObSecretString;

GQuark   ob_secrets_error_quark (void);
const SecretSchema *ob_secrets_get_schema (void);

gboolean ob_secrets_store_sync  (const char    *account_id,
                                 const char    *host,
                                 const char    *username,
                                 ObSecretKind   kind,
                                 const char    *secret,
                                 GCancellable  *cancellable,
                                 GError       **error);
char    *ob_secrets_lookup_sync (const char    *account_id,
                                 ObSecretKind   kind,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean ob_secrets_clear_sync  (const char    *account_id,
                                 GCancellable  *cancellable,
                                 GError       **error);
void     ob_secrets_free        (char          *secret);

void     ob_secrets_store_async   (const char          *account_id,
                                   const char          *host,
                                   const char          *username,
                                   ObSecretKind         kind,
                                   const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean ob_secrets_store_finish  (GAsyncResult        *result,
                                   GError             **error);
void     ob_secrets_lookup_async  (const char          *account_id,
                                   ObSecretKind         kind,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
char    *ob_secrets_lookup_finish (GAsyncResult        *result,
                                   GError             **error);
void     ob_secrets_clear_async   (const char          *account_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean ob_secrets_clear_finish  (GAsyncResult        *result,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSecretString, ob_secrets_free)

G_END_DECLS
