/* ob-secrets.c — the keyring facade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every secret Outbound keeps goes through these three calls (store, look
 * up, clear; each also async), so there is exactly one place that decides
 * how secrets are labelled, found and wiped.
 * There is deliberately no fallback: without a Secret Service the caller gets
 * an error, never a file on disk.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-secrets.h"

G_DEFINE_QUARK (ob-secrets-error-quark, ob_secrets_error)

typedef GList ObSecretItems;

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

static void
set_locked_error (GError **error)
{
  g_set_error_literal (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_LOCKED,
                       _("The keyring is locked. Unlock it to let Outbound "
                         "use the saved password."));
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
      set_locked_error (error);
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

  if (kind == OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN)
    /* TRANSLATORS: the label of a sign-in token in Passwords and Keys;
     * the first %s is a login name, the second a server name */
    label = g_strdup_printf (_("Outbound mail sign-in for %s on %s"), username, host);
  else
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

static void
free_items (GList *items)
{
  g_list_free_full (items, g_object_unref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSecretItems, free_items)

static gboolean
check_unlocked (SecretItem  *item,
                GError     **error)
{
  if (!secret_item_get_locked (item))
    return TRUE;
  set_locked_error (error);
  return FALSE;
}

/**
 * ob_secrets_lookup_sync:
 *
 * Finds the secret, asking the Secret Service to unlock the keyring when it
 * is locked (it shows its own prompt). A prompt the person dismisses is
 * %OB_SECRETS_ERROR_LOCKED, not "no secret". Blocks: call it from a worker
 * thread, or use ob_secrets_lookup_async().
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
  g_autoptr(ObSecretItems) items = NULL;
  g_autoptr(GError) local_error = NULL;
  SecretValue *value;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = secret_password_search_sync (ob_secrets_get_schema (),
                                       SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       cancellable, &local_error,
                                       "account-id", account_id,
                                       "kind", kind_to_string (kind),
                                       NULL);
  if (local_error != NULL)
    {
      translate_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (items == NULL || !check_unlocked (items->data, error))
    return NULL;

  value = secret_item_get_secret (items->data);
  if (value == NULL)
    return NULL;
  return secret_value_unref_to_password (value, NULL);
}

/**
 * ob_secrets_clear_sync:
 *
 * Removes every secret stored for @account_id, unlocking the keyring first
 * if it has to (the Secret Service would otherwise skip locked secrets and
 * leave them behind). Clearing an account that has none is not an error.
 */
gboolean
ob_secrets_clear_sync (const char    *account_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(ObSecretItems) items = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  items = secret_password_search_sync (ob_secrets_get_schema (),
                                       SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                       cancellable, &local_error,
                                       "account-id", account_id,
                                       NULL);
  for (GList *l = items; local_error == NULL && l != NULL; l = l->next)
    if (check_unlocked (l->data, &local_error))
      secret_item_delete_sync (l->data, cancellable, &local_error);

  if (local_error != NULL)
    {
      translate_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The async variants run the sync calls in a worker thread: libsecret's
 * sync calls run their own main context, prompts included, so a GUI never
 * waits on D-Bus or on a person typing the keyring password. */
typedef struct
{
  char         *account_id;
  char         *host;
  char         *username;
  ObSecretKind  kind;
  char         *secret;
} Request;

static void
request_free (Request *request)
{
  g_free (request->account_id);
  g_free (request->host);
  g_free (request->username);
  if (request->secret != NULL)
    explicit_bzero (request->secret, strlen (request->secret));
  g_free (request->secret);
  g_free (request);
}

static GTask *
request_task (gpointer             source_tag,
              const char          *account_id,
              ObSecretKind         kind,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->account_id = g_strdup (account_id);
  request->kind = kind;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (ob_secrets_store_sync (request->account_id, request->host, request->username,
                             request->kind, request->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ob_secrets_store_async:
 *
 * As ob_secrets_store_sync(), without blocking.
 */
void
ob_secrets_store_async (const char          *account_id,
                        const char          *host,
                        const char          *username,
                        ObSecretKind         kind,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (account_id != NULL && *account_id != '\0');
  g_return_if_fail (host != NULL);
  g_return_if_fail (username != NULL);
  g_return_if_fail (secret != NULL);

  task = request_task (ob_secrets_store_async, account_id, kind, cancellable, callback,
                       user_data);
  request = g_task_get_task_data (task);
  request->host = g_strdup (host);
  request->username = g_strdup (username);
  request->secret = g_strdup (secret);
  g_task_run_in_thread (task, store_thread);
}

gboolean
ob_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  char *secret = ob_secrets_lookup_sync (request->account_id, request->kind, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) ob_secrets_free);
}

/**
 * ob_secrets_lookup_async:
 *
 * As ob_secrets_lookup_sync(), without blocking.
 */
void
ob_secrets_lookup_async (const char          *account_id,
                         ObSecretKind         kind,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL && *account_id != '\0');

  task = request_task (ob_secrets_lookup_async, account_id, kind, cancellable, callback,
                       user_data);
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * ob_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with no error
 *   when none is stored. Free it with ob_secrets_free().
 */
char *
ob_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (ob_secrets_clear_sync (request->account_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ob_secrets_clear_async:
 *
 * As ob_secrets_clear_sync(), without blocking.
 */
void
ob_secrets_clear_async (const char          *account_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (account_id != NULL && *account_id != '\0');

  task = request_task (ob_secrets_clear_async, account_id, OB_SECRET_KIND_PASSWORD, cancellable,
                       callback, user_data);
  g_task_run_in_thread (task, clear_thread);
}

gboolean
ob_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_secrets_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ob_secrets_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}
