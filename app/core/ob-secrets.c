/* ob-secrets.c — the keyring facade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every secret Outbound keeps goes through these three calls, so there is
 * exactly one place that decides how secrets are labelled, found and wiped.
 * There is deliberately no fallback: without a Secret Service the caller gets
 * an error, never a file on disk.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-secrets.h"

G_DEFINE_QUARK (ob-secrets-error-quark, ob_secrets_error)

const SecretSchema *
ob_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    OB_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "account-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
kind_to_string (ObSecretKind kind)
{
  switch (kind)
    {
    case OB_SECRET_KIND_PASSWORD:
      return "password";
    case OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN:
      return "oauth2-refresh-token";
    default:
      g_return_val_if_reached ("password");
    }
}

/* libsecret reports a missing service as a raw D-Bus error and a dismissed
 * unlock prompt as a generic one; the UI needs to tell these apart. */
static void
translate_error (GError **error)
{
  GError *e;

  if (error == NULL || *error == NULL)
    return;

  e = *error;
  if (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (e, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (e, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (e, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (e, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (e, G_IO_ERROR, G_IO_ERROR_DBUS_ERROR) ||
      g_error_matches (e, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *detail = g_strdup (e->message);

      g_clear_error (error);
      g_set_error (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_NO_SERVICE,
                   _("No keyring is available to keep the password (%s). "
                     "Outbound stores passwords only in the system keyring: "
                     "start GNOME Keyring or another Secret Service and try again."),
                   detail);
    }
  else if (g_error_matches (e, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_clear_error (error);
      g_set_error_literal (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_LOCKED,
                           _("The keyring is locked. Unlock it to let Outbound "
                             "use the saved password."));
    }
  else if (e->domain != OB_SECRETS_ERROR)
    {
      g_autofree char *detail = g_strdup (e->message);

      g_clear_error (error);
      g_set_error (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_FAILED,
                   _("The keyring reported an error: %s"), detail);
    }
}

/**
 * ob_secrets_store_sync:
 * @account_id: the account the secret belongs to
 * @host: the server the secret is for, shown in the keyring's label
 * @username: the login name, shown in the keyring's label
 * @kind: what the secret is
 * @secret: the secret itself
 *
 * Stores @secret in the default collection, replacing any earlier secret of
 * the same @kind for @account_id. Blocks: call it from a worker thread.
 */
gboolean
ob_secrets_store_sync (const char    *account_id,
                       const char    *host,
                       const char    *username,
                       ObSecretKind   kind,
                       const char    *secret,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* TRANSLATORS: the label of a password in Passwords and Keys;
   * the first %s is a login name, the second a server name */
  label = g_strdup_printf (_("Outbound mail password for %s on %s"), username, host);

  ok = secret_password_store_sync (ob_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, secret, cancellable, error,
                                   "account-id", account_id,
                                   "host", host,
                                   "username", username,
                                   "kind", kind_to_string (kind),
                                   NULL);
  translate_error (error);
  return ok;
}

/**
 * ob_secrets_lookup_sync:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with no error
 *   when none is stored. Free it with ob_secrets_free().
 */
char *
ob_secrets_lookup_sync (const char    *account_id,
                        ObSecretKind   kind,
                        GCancellable  *cancellable,
                        GError       **error)
{
  char *secret;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  secret = secret_password_lookup_sync (ob_secrets_get_schema (), cancellable, error,
                                        "account-id", account_id,
                                        "kind", kind_to_string (kind),
                                        NULL);
  translate_error (error);
  return secret;
}

/**
 * ob_secrets_clear_sync:
 *
 * Removes every secret stored for @account_id. Clearing an account that has
 * none is not an error.
 */
gboolean
ob_secrets_clear_sync (const char    *account_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* secret_password_clear_sync() returns FALSE both for "nothing matched" and
   * for a failure; only the error tells them apart. */
  secret_password_clear_sync (ob_secrets_get_schema (), cancellable, &local_error,
                              "account-id", account_id,
                              NULL);
  if (local_error != NULL)
    {
      translate_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
ob_secrets_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}
