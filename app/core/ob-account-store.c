/* ob-account-store.c — the accounts, kept in a keyfile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several programs may change the accounts at once (the app, two
 * `outbound accounts add` in a script), so every change is a
 * read-modify-write under an exclusive lock on accounts.ini.lock: the file
 * is read again, this store's changes are merged into what is there, and
 * the result replaces the file atomically. A reader never needs the lock:
 * it sees either the old file or the new one.
 *
 * A file with problems is never lost: before it is first replaced, its
 * exact text is copied to accounts.ini.broken-TIMESTAMP, a name that is
 * never reused.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ob-account-store-private.h"
#include "ob-secrets.h"

/* How long to wait for another program to finish its change: a change
 * takes milliseconds, so this only runs out when something is stuck. */
#define LOCK_TIMEOUT_USEC (10 * G_USEC_PER_SEC)
#define LOCK_RETRY_USEC   (10 * 1000)

struct _ObAccountStore
{
  GObject     parent_instance;

  char       *path;
  GPtrArray  *accounts;       /* ObAccount, in file order */
  GPtrArray  *problems;       /* GError, from the last read of the file */
  GHashTable *known_ids;      /* the ids the file had when last read or written */
  char       *kept_aside_path;
};

static void ob_account_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObAccountStore, ob_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ob_account_store_list_model_init))

G_DEFINE_QUARK (ob-account-store-error-quark, ob_account_store_error)

static GType
ob_account_store_get_item_type (GListModel *model)
{
  return OB_TYPE_ACCOUNT;
}

static guint
ob_account_store_get_n_items (GListModel *model)
{
  return OB_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
ob_account_store_get_item (GListModel *model,
                           guint       position)
{
  ObAccountStore *self = OB_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
ob_account_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ob_account_store_get_item_type;
  iface->get_n_items = ob_account_store_get_n_items;
  iface->get_item = ob_account_store_get_item;
}

static void
ob_account_store_finalize (GObject *object)
{
  ObAccountStore *self = OB_ACCOUNT_STORE (object);

  g_free (self->path);
  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->problems);
  g_hash_table_unref (self->known_ids);
  g_free (self->kept_aside_path);

  G_OBJECT_CLASS (ob_account_store_parent_class)->finalize (object);
}

static void
ob_account_store_class_init (ObAccountStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_account_store_finalize;
}

static void
ob_account_store_init (ObAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * ob_account_store_new:
 * @path: the accounts file; it need not exist yet
 *
 * Returns: (transfer full): an empty store; call ob_account_store_load()
 */
ObAccountStore *
ob_account_store_new (const char *path)
{
  ObAccountStore *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  self = g_object_new (OB_TYPE_ACCOUNT_STORE, NULL);
  self->path = g_strdup (path);
  return self;
}

/**
 * ob_account_store_new_default:
 *
 * Returns: (transfer full): a store for `$XDG_CONFIG_HOME/outbound/accounts.ini`
 */
ObAccountStore *
ob_account_store_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "outbound",
                                            "accounts.ini", NULL);

  return ob_account_store_new (path);
}

const char *
ob_account_store_get_path (ObAccountStore *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), NULL);

  return self->path;
}

/* Reads and parses the file. A missing file is an empty one: @contents is
 * then NULL. */
static gboolean
read_file (ObAccountStore  *self,
           GPtrArray       *accounts,
           GPtrArray       *problems,
           GBytes         **contents,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (self->path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *contents = NULL;
          return TRUE;
        }
      g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_READ,
                   _("The accounts file cannot be read: %s"), local_error->message);
      return FALSE;
    }

  ob_account_store_parse (self->path, data, length, accounts, problems);
  *contents = g_bytes_new_take (g_steal_pointer (&data), length);
  return TRUE;
}

static ObAccount *
find_by_id (GPtrArray  *accounts,
            const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (ob_account_get_id (g_ptr_array_index (accounts, i)), id))
      return g_ptr_array_index (accounts, i);
  return NULL;
}

/* Makes @accounts the model's content, keeping the objects of accounts
 * still there so views and callers holding them stay in step. */
static void
replace_accounts (ObAccountStore *self,
                  GPtrArray      *accounts,
                  gboolean        file_wins)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->accounts);
  guint removed = old->len;

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < accounts->len; i++)
    {
      ObAccount *account = g_ptr_array_index (accounts, i);
      ObAccount *same = find_by_id (old, ob_account_get_id (account));

      if (same != NULL && file_wins)
        ob_account_copy_settings (same, account);
      g_ptr_array_add (self->accounts, g_object_ref (same ? same : account));
    }

  g_hash_table_remove_all (self->known_ids);
  for (guint i = 0; i < self->accounts->len; i++)
    g_hash_table_add (self->known_ids,
                      g_strdup (ob_account_get_id (g_ptr_array_index (self->accounts, i))));

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->accounts->len);
}

static void
take_problems (ObAccountStore *self,
               GPtrArray      *problems)
{
  g_ptr_array_unref (self->problems);
  self->problems = g_ptr_array_ref (problems);
}

/**
 * ob_account_store_load:
 *
 * Reads the file again and makes the store show what it holds. Problems in
 * the file do not make this fail: the usable accounts load, and each
 * problem is listed by ob_account_store_get_load_problems().
 *
 * Returns: %FALSE only when the file exists and cannot be read
 */
gboolean
ob_account_store_load (ObAccountStore  *self,
                       GError         **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_file (self, accounts, problems, &contents, error))
    return FALSE;
  take_problems (self, problems);
  replace_accounts (self, accounts, TRUE);
  return TRUE;
}

static int
lock_file (ObAccountStore  *self,
           GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT_USEC;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) < 0 ||
      (fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_WRITE,
                   _("The accounts cannot be saved in %s: %s"), dir, g_strerror (saved));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) < 0)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || g_get_monotonic_time () > deadline)
        {
          close (fd);
          g_set_error_literal (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_BUSY,
                               _("Another program is changing the accounts and has not "
                                 "finished. Try again in a moment."));
          return -1;
        }
      g_usleep (LOCK_RETRY_USEC);
    }
  return fd;
}

static gboolean
write_exclusive (const char  *path,
                 GBytes      *contents,
                 GError     **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (contents, &length);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                           g_strerror (errno));
      return FALSE;
    }
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  if (fsync (fd) < 0 || close (fd) < 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                           g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Copies the file with problems to a name of its own before it is
 * replaced. O_EXCL makes sure no earlier copy is ever overwritten. */
static gboolean
keep_aside (ObAccountStore  *self,
            GBytes          *contents,
            GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *path = n == 1
        ? g_strdup_printf ("%s.broken-%s", self->path, stamp)
        : g_strdup_printf ("%s.broken-%s-%u", self->path, stamp, n);
      g_autoptr(GError) local_error = NULL;

      if (write_exclusive (path, contents, &local_error))
        {
          g_free (self->kept_aside_path);
          self->kept_aside_path = g_steal_pointer (&path);
          return TRUE;
        }
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST))
        {
          g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_WRITE,
                       _("The accounts file has problems and could not be kept aside "
                         "before saving, so nothing was saved: %s"), local_error->message);
          return FALSE;
        }
    }
  g_set_error_literal (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_WRITE,
                       _("The accounts file has problems and could not be kept aside "
                         "before saving, so nothing was saved."));
  return FALSE;
}

/* What the file should hold now: the file's accounts with this store's
 * changes on top. An account this store knew and no longer has was removed
 * here; one the file no longer has was removed elsewhere; one the file has
 * and this store never saw was added elsewhere. */
static GPtrArray *
merge (ObAccountStore *self,
       GPtrArray      *on_disk)
{
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < on_disk->len; i++)
    {
      ObAccount *account = g_ptr_array_index (on_disk, i);
      const char *id = ob_account_get_id (account);
      ObAccount *mine = find_by_id (self->accounts, id);

      if (mine != NULL)
        g_ptr_array_add (merged, g_object_ref (mine));
      else if (!g_hash_table_contains (self->known_ids, id))
        g_ptr_array_add (merged, g_object_ref (account));
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      ObAccount *mine = g_ptr_array_index (self->accounts, i);
      const char *id = ob_account_get_id (mine);

      if (find_by_id (on_disk, id) == NULL && !g_hash_table_contains (self->known_ids, id))
        g_ptr_array_add (merged, g_object_ref (mine));
    }
  return merged;
}

typedef gboolean (*ChangeFunc) (GPtrArray  *accounts,
                                ObAccount  *account,
                                GError    **error);

static gboolean
validate_all (GPtrArray  *accounts,
              GError    **error)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      ObAccount *account = g_ptr_array_index (accounts, i);

      if (!ob_account_validate (account, error))
        {
          g_prefix_error (error, _("Account %s: "), ob_account_get_address (account));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_file (ObAccountStore  *self,
            GPtrArray       *accounts,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  data = ob_account_store_serialize (accounts, &length);
  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_WRITE,
                   _("The accounts could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The one way the file changes: lock, read, merge, apply @change, keep a
 * file with problems aside, write, unlock. */
static gboolean
change_file (ObAccountStore  *self,
             ChangeFunc       change,
             ObAccount       *account,
             GError         **error)
{
  g_autoptr(GPtrArray) on_disk = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GBytes) contents = NULL;
  gboolean ok;
  int lock;

  lock = lock_file (self, error);
  if (lock < 0)
    return FALSE;

  ok = read_file (self, on_disk, problems, &contents, error);
  if (ok)
    {
      take_problems (self, problems);
      merged = merge (self, on_disk);
      ok = (change == NULL || change (merged, account, error)) &&
           validate_all (merged, error) &&
           (problems->len == 0 || keep_aside (self, contents, error)) &&
           write_file (self, merged, error);
    }
  close (lock);

  if (ok)
    replace_accounts (self, merged, FALSE);
  return ok;
}

/**
 * ob_account_store_save:
 *
 * Writes the accounts, with any changes made to them, merged with what
 * other programs saved in the meantime. Every account must be valid.
 */
gboolean
ob_account_store_save (ObAccountStore  *self,
                       GError         **error)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_file (self, NULL, NULL, error);
}

static gboolean
add_account (GPtrArray  *accounts,
             ObAccount  *account,
             GError    **error)
{
  g_autofree char *address = g_utf8_casefold (ob_account_get_address (account), -1);

  for (guint i = 0; i < accounts->len; i++)
    {
      ObAccount *other = g_ptr_array_index (accounts, i);
      g_autofree char *other_address = g_utf8_casefold (ob_account_get_address (other), -1);

      if (g_str_equal (ob_account_get_id (other), ob_account_get_id (account)) ||
          g_str_equal (address, other_address))
        {
          g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_DUPLICATE,
                       _("There is already an account for %s."),
                       ob_account_get_address (other));
          return FALSE;
        }
    }
  g_ptr_array_add (accounts, g_object_ref (account));
  return TRUE;
}

/**
 * ob_account_store_add:
 * @account: a valid account that is not in the store
 *
 * Adds @account at the end and saves at once. Two accounts cannot share
 * an id or an address (compared without regard to case).
 */
gboolean
ob_account_store_add (ObAccountStore  *self,
                      ObAccount       *account,
                      GError         **error)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OB_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ob_account_validate (account, error))
    return FALSE;
  return change_file (self, add_account, account, error);
}

static gboolean
remove_account (GPtrArray  *accounts,
                ObAccount  *account,
                GError    **error)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (ob_account_get_id (g_ptr_array_index (accounts, i)),
                     ob_account_get_id (account)))
      {
        g_ptr_array_remove_index (accounts, i);
        return TRUE;
      }

  g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_NOT_FOUND,
               _("The account for %s was already removed."), ob_account_get_address (account));
  return FALSE;
}

static gboolean
check_present (ObAccountStore  *self,
               ObAccount       *account,
               GError         **error)
{
  if (find_by_id (self->accounts, ob_account_get_id (account)) != NULL)
    return TRUE;
  g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_NOT_FOUND,
               _("There is no account for %s."), ob_account_get_address (account));
  return FALSE;
}

/**
 * ob_account_store_remove:
 *
 * Removes @account's secrets from the keyring, then the account itself.
 * When the keyring cannot be reached, the account stays, so that no secret
 * is ever left behind without an account to find it by. Blocks on the
 * keyring: a GUI uses ob_account_store_remove_async().
 *
 * The store drops its reference to @account: hold one to use it afterwards.
 */
gboolean
ob_account_store_remove (ObAccountStore  *self,
                         ObAccount       *account,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (OB_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_present (self, account, error) ||
      !ob_secrets_clear_sync (ob_account_get_id (account), cancellable, error))
    return FALSE;
  return change_file (self, remove_account, account, error);
}

static void
remove_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  ObAccountStore *self = g_task_get_source_object (task);
  ObAccount *account = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ob_secrets_clear_finish (result, &error) ||
      !change_file (self, remove_account, account, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ob_account_store_remove_async:
 *
 * As ob_account_store_remove(), without blocking on the keyring (which may
 * ask the person to unlock it).
 */
void
ob_account_store_remove_async (ObAccountStore      *self,
                               ObAccount           *account,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (OB_IS_ACCOUNT_STORE (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_account_store_remove_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  if (!check_present (self, account, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ob_secrets_clear_async (ob_account_get_id (account), cancellable, remove_cleared_cb,
                          g_steal_pointer (&task));
}

gboolean
ob_account_store_remove_finish (ObAccountStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ob_account_store_lookup:
 * @id_or_address: an account's id, or its address in any case
 *
 * Returns: (transfer none) (nullable): the account
 */
ObAccount *
ob_account_store_lookup (ObAccountStore *self,
                         const char     *id_or_address)
{
  g_autofree char *folded = NULL;
  ObAccount *account;

  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (id_or_address != NULL, NULL);

  account = find_by_id (self->accounts, id_or_address);
  if (account != NULL)
    return account;

  folded = g_utf8_casefold (id_or_address, -1);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_autofree char *address =
        g_utf8_casefold (ob_account_get_address (g_ptr_array_index (self->accounts, i)), -1);

      if (g_str_equal (folded, address))
        return g_ptr_array_index (self->accounts, i);
    }
  return NULL;
}

/**
 * ob_account_store_get_load_problems:
 *
 * Returns: (transfer none) (element-type GError): what was wrong in the
 *   file when it was last read, each naming its line; empty when nothing was
 */
GPtrArray *
ob_account_store_get_load_problems (ObAccountStore *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), NULL);

  return self->problems;
}

/**
 * ob_account_store_get_kept_aside_path:
 *
 * Returns: (nullable): where this store last copied a file with problems
 *   before replacing it, or %NULL if it never had to
 */
const char *
ob_account_store_get_kept_aside_path (ObAccountStore *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (self), NULL);

  return self->kept_aside_path;
}
