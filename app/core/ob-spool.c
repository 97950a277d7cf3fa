/* ob-spool.c — the outbox on disk: one directory per message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each message has a directory, named after its id, in outbox/ or sent/:
 *
 *   message.eml  the complete RFC 5322 message, exactly as it will be sent
 *   entry.ini    its record (ObOutboxRecord): envelope, state, attempts…
 *   journal      one line per moment that decides whether the server may
 *                hold the message: "3 end-of-data", then
 *                "3 final-reply TIME 250 …" (3 is the attempt)
 *
 * Crash safety rests on three rules. A file is written under a temporary
 * name, synced, renamed, and its directory synced, so it is either whole
 * or absent. The message is complete on disk before entry.ini first
 * appears, and entry.ini is what makes the entry exist: a directory
 * without it is what a crash during queueing left, and is removed. The
 * journal is appended and synced at the moment itself, before the process
 * acts on it.
 *
 * Several processes may share a spool (the app and `outbound sendmail`), so
 * whoever changes an entry holds an flock(2) on its directory; a new one is
 * made as ".new-ID", locked, and only then renamed. The kernel drops a lock
 * when its process dies, which is also how a later start tells a crashed
 * sender from a live one.
 */
#define _GNU_SOURCE  /* renameat2() */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "ob-message-source.h"
#include "ob-outbox.h"
#include "ob-spool-private.h"

#define MESSAGE_FILE "message.eml"
#define RECORD_FILE  "entry.ini"
#define TEMP_SUFFIX  ".tmp"
/* A message's directory is made under this prefix, then renamed. */
#define NEW_PREFIX   ".new-"

/* Enough for any header block worth reading for its Message-ID. */
#define HEADER_SCAN_LIMIT (256 * 1024)
#define WRITE_BUFFER_SIZE (64 * 1024)

struct _ObSpoolLock
{
  int fd;
};

G_DEFINE_FINAL_TYPE (ObSpool, ob_spool, G_TYPE_OBJECT)

static void
ob_spool_finalize (GObject *object)
{
  ObSpool *self = OB_SPOOL (object);

  g_free (self->root);
  g_free (self->folders[OB_SPOOL_OUTBOX]);
  g_free (self->folders[OB_SPOOL_SENT]);

  G_OBJECT_CLASS (ob_spool_parent_class)->finalize (object);
}

static void
ob_spool_class_init (ObSpoolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_spool_finalize;
}

static void
ob_spool_init (ObSpool *self)
{
}

/**
 * ob_spool_new:
 * @root: the directory holding outbox/ and sent/, usually
 *   `$XDG_DATA_HOME/outbound`
 *
 * Creates nothing yet: see ob_spool_ensure().
 */
ObSpool *
ob_spool_new (const char *root)
{
  ObSpool *self;

  g_return_val_if_fail (root != NULL, NULL);

  self = g_object_new (OB_TYPE_SPOOL, NULL);
  self->root = g_strdup (root);
  self->folders[OB_SPOOL_OUTBOX] = g_build_filename (root, "outbox", NULL);
  self->folders[OB_SPOOL_SENT] = g_build_filename (root, "sent", NULL);
  return self;
}

const char *
ob_spool_get_root (ObSpool *self)
{
  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);

  return self->root;
}

/* Ids come from the command line too: nothing that could leave the folder. */
gboolean
ob_spool_id_is_valid (const char *id)
{
  if (id == NULL || id[0] == '\0' || id[0] == '.' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static GError *
not_found_error (const char *id)
{
  return g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND,
                      _("There is no message “%s” in the outbox."), id);
}

char *
ob_spool_get_entry_path (ObSpool       *self,
                         ObSpoolFolder  folder,
                         const char    *id)
{
  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);
  g_return_val_if_fail (ob_spool_id_is_valid (id), NULL);

  return g_build_filename (self->folders[folder], id, NULL);
}

char *
ob_spool_get_message_path (ObSpool       *self,
                           ObSpoolFolder  folder,
                           const char    *id)
{
  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);
  g_return_val_if_fail (ob_spool_id_is_valid (id), NULL);

  return g_build_filename (self->folders[folder], id, MESSAGE_FILE, NULL);
}

/**
 * ob_spool_error_from_errno:
 * @path: what could not be written
 *
 * Returns: (transfer full): %OB_OUTBOX_ERROR_NO_SPACE for a full disk or
 *   quota, %OB_OUTBOX_ERROR_DISK for anything else
 */
GError *
ob_spool_error_from_errno (int         errsv,
                           const char *path)
{
  if (errsv == ENOSPC || errsv == EDQUOT)
    return g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_SPACE,
                        _("The disk is full, so “%s” could not be written. Free some space and "
                          "try again."), path);
  return g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DISK,
                      _("Could not write “%s”: %s"), path, g_strerror (errsv));
}

gboolean
ob_spool_fail_errno (GError     **error,
            int          errsv,
            const char  *path)
{
  g_propagate_error (error, ob_spool_error_from_errno (errsv, path));
  return FALSE;
}

gboolean
ob_spool_sync_directory (const char  *path,
                GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int errsv;

  if (fd < 0)
    return ob_spool_fail_errno (error, errno, path);
  if (fsync (fd) != 0)
    {
      errsv = errno;
      close (fd);
      return ob_spool_fail_errno (error, errsv, path);
    }
  close (fd);
  return TRUE;
}

gboolean
ob_spool_write_all_fd (int          fd,
              const char  *data,
              gsize        length,
              const char  *path,
              GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return ob_spool_fail_errno (error, errno, path);
      data += n;
      length -= n;
    }
  return TRUE;
}

/* The temporary file, synced, then renamed over @path, then the directory
 * synced: a crash leaves the old file or the new one, whole. */
static gboolean
write_durably (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  g_autofree char *temp = g_strconcat (path, TEMP_SUFFIX, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd, errsv;

  fd = open (temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return ob_spool_fail_errno (error, errno, temp);
  if (!ob_spool_write_all_fd (fd, data, length, temp, error))
    {
      close (fd);
      g_unlink (temp);
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      errsv = errno;
      close (fd);
      g_unlink (temp);
      return ob_spool_fail_errno (error, errsv, temp);
    }
  close (fd);
  if (g_rename (temp, path) != 0)
    {
      errsv = errno;
      g_unlink (temp);
      return ob_spool_fail_errno (error, errsv, path);
    }
  return ob_spool_sync_directory (dir, error);
}

/**
 * ob_spool_ensure:
 *
 * Creates the outbox and sent folders, readable by the person alone.
 */
gboolean
ob_spool_ensure (ObSpool  *self,
                 GError  **error)
{
  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (self->folders); i++)
    if (g_mkdir_with_parents (self->folders[i], 0700) != 0)
      return ob_spool_fail_errno (error, errno, self->folders[i]);
  return TRUE;
}

static ObSpoolLock *
lock_path (const char  *path,
           const char  *id,
           GError     **error)
{
  ObSpoolLock *lock;
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      if (errno == ENOENT || errno == ENOTDIR)
        g_propagate_error (error, not_found_error (id));
      else
        ob_spool_fail_errno (error, errno, path);
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      close (fd);
      if (errsv == EWOULDBLOCK)
        g_set_error_literal (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY,
                             _("This message is being sent right now."));
      else
        ob_spool_fail_errno (error, errsv, path);
      return NULL;
    }
  lock = g_new0 (ObSpoolLock, 1);
  lock->fd = fd;
  return lock;
}

/**
 * ob_spool_lock:
 *
 * Takes the entry for this process, without waiting.
 *
 * Returns: (transfer full) (nullable): the lock, or %NULL with
 *   %OB_OUTBOX_ERROR_BUSY when another holder (in this process or another)
 *   has it, or %OB_OUTBOX_ERROR_NOT_FOUND
 */
ObSpoolLock *
ob_spool_lock (ObSpool        *self,
               ObSpoolFolder   folder,
               const char     *id,
               GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ob_spool_id_is_valid (id))
    {
      g_propagate_error (error, not_found_error (id));
      return NULL;
    }
  path = ob_spool_get_entry_path (self, folder, id);
  return lock_path (path, id, error);
}

void
ob_spool_unlock (ObSpoolLock *lock)
{
  if (lock == NULL)
    return;
  close (lock->fd);
  g_free (lock);
}

/* Ids sort in the order messages were queued, to the microsecond. */
static char *
make_id (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("%s-%06d-%04x", stamp, g_date_time_get_microsecond (now),
                          g_random_int () & 0xffff);
}

/* Unfolds and returns the Message-ID field of the header block in @data. */
static char *
find_message_id (const char *data,
                 gsize       length)
{
  g_autoptr(GString) field = NULL;
  const char *p = data, *end = data + length;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      gsize len = (eol ? eol : end) - p;

      if (len > 0 && p[len - 1] == '\r')
        len--;
      if (len == 0)
        break;
      if (field != NULL && (p[0] == ' ' || p[0] == '\t'))
        g_string_append_len (field, p, len);
      else if (field != NULL)
        break;
      else if (len >= 11 && g_ascii_strncasecmp (p, "Message-ID:", 11) == 0)
        field = g_string_new_len (p + 11, len - 11);
      if (eol == NULL)
        break;
      p = eol + 1;
    }
  if (field == NULL)
    return NULL;
  g_strstrip (field->str);
  return field->str[0] != '\0' && g_utf8_validate (field->str, -1, NULL)
           ? g_strdup (field->str) : NULL;
}

static char *
read_message_id (const char *path)
{
  g_autofree char *data = g_malloc (HEADER_SCAN_LIMIT);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gssize n;

  if (fd < 0)
    return NULL;
  n = read (fd, data, HEADER_SCAN_LIMIT);
  close (fd);
  return n > 0 ? find_message_id (data, n) : NULL;
}

static gboolean
write_message (const char       *path,
               ObMessageSource  *source,
               guint64          *size,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autofree char *temp = g_strconcat (path, TEMP_SUFFIX, NULL);
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;

  fd = open (temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return ob_spool_fail_errno (error, errno, temp);
  raw = g_unix_output_stream_new (fd, TRUE);
  out = g_buffered_output_stream_new_sized (raw, WRITE_BUFFER_SIZE);

  /* Stored as the source has it; whether 8-bit data must be re-encoded is
   * decided for each server when the message is sent. */
  if (!ob_message_source_write (source, out, TRUE, cancellable, &local_error) ||
      !g_output_stream_flush (out, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        g_propagate_error (error, ob_spool_error_from_errno (ENOSPC, path));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (fsync (fd) != 0)
    return ob_spool_fail_errno (error, errno, temp);
  *size = (guint64) lseek (fd, 0, SEEK_CUR);
  if (!g_output_stream_close (raw, cancellable, error))
    return FALSE;
  if (g_rename (temp, path) != 0)
    return ob_spool_fail_errno (error, errno, path);
  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
create_entry (ObSpool          *self,
              const char       *path,
              ObOutboxRecord   *record,
              ObMessageSource  *source,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autofree char *message = g_build_filename (path, MESSAGE_FILE, NULL);
  g_autofree char *record_path = g_build_filename (path, RECORD_FILE, NULL);
  g_autofree char *data = NULL;
  gsize length;

  /* The message's name is on disk before the record's can be; the outbox
   * folder is synced last, for the directory's own name. The journal is
   * made by its first line. */
  if (!write_message (message, source, &record->size, cancellable, error) ||
      !ob_spool_sync_directory (path, error))
    return FALSE;
  record->message_id = read_message_id (message);

  data = ob_outbox_record_to_data (record, &length);
  return write_durably (record_path, data, length, error) &&
         ob_spool_sync_directory (self->folders[OB_SPOOL_OUTBOX], error);
}

/**
 * ob_spool_add:
 * @record: the new message's record; its id, size and message id are
 *   filled in here
 * @source: the message
 *
 * Writes the message and then its record. On any failure, a full disk
 * included, nothing of the message is left behind.
 */
gboolean
ob_spool_add (ObSpool          *self,
              ObOutboxRecord   *record,
              ObMessageSource  *source,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autofree char *path = NULL;
  g_autoptr(ObSpoolLock) lock = NULL;

  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (source), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ob_spool_ensure (self, error))
    return FALSE;

  for (guint tries = 0; lock == NULL; tries++)
    {
      g_autofree char *fresh = NULL;
      int errsv;

      g_free (record->id);
      record->id = make_id ();
      fresh = g_strconcat (self->folders[OB_SPOOL_OUTBOX], G_DIR_SEPARATOR_S, NEW_PREFIX,
                           record->id, NULL);
      g_free (path);
      path = g_build_filename (self->folders[OB_SPOOL_OUTBOX], record->id, NULL);
      if (g_mkdir (fresh, 0700) != 0)
        {
          if (errno == EEXIST && tries < 10)
            continue;
          return ob_spool_fail_errno (error, errno, fresh);
        }
      /* Locked before it takes its name, so another process's listing
       * never takes the incomplete entry for a crash's leftovers. */
      lock = lock_path (fresh, record->id, error);
      if (lock == NULL)
        {
          remove_tree (fresh);
          return FALSE;
        }
      if (renameat2 (AT_FDCWD, fresh, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        break;
      errsv = errno;
      g_clear_pointer (&lock, ob_spool_unlock);
      remove_tree (fresh);
      if ((errsv != EEXIST && errsv != ENOTEMPTY) || tries >= 10)
        return ob_spool_fail_errno (error, errsv, path);
    }

  if (!create_entry (self, path, record, source, cancellable, error))
    {
      remove_tree (path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_record (const char *path)
{
  g_autofree char *record = g_build_filename (path, RECORD_FILE, NULL);

  return g_file_test (record, G_FILE_TEST_EXISTS);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * ob_spool_list:
 *
 * Lists the entries of @folder, oldest first, and removes what a crash
 * while queueing left behind.
 *
 * Returns: (transfer full) (element-type utf8): the ids
 */
GPtrArray *
ob_spool_list (ObSpool        *self,
               ObSpoolFolder   folder,
               GError        **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);

  dir = g_dir_open (self->folders[folder], 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&ids);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(ObSpoolLock) lock = NULL;

      path = g_build_filename (self->folders[folder], name, NULL);
      /* Made by a queueing that a crash interrupted, unless still locked. */
      if (g_str_has_prefix (name, NEW_PREFIX))
        {
          lock = lock_path (path, name, NULL);
          if (lock != NULL)
            remove_tree (path);
          continue;
        }
      if (!ob_spool_id_is_valid (name))
        continue;
      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (has_record (path))
        {
          g_ptr_array_add (ids, g_strdup (name));
          continue;
        }
      /* No record: a message still being queued (locked), or one a crash
       * interrupted, which never existed. */
      lock = lock_path (path, name, NULL);
      if (lock != NULL && !has_record (path))
        remove_tree (path);
    }
  g_ptr_array_sort (ids, compare_ids);
  return g_steal_pointer (&ids);
}

/**
 * ob_spool_read:
 *
 * Returns: (transfer full) (nullable): the entry's record, or %NULL with
 *   %OB_OUTBOX_ERROR_NOT_FOUND or %OB_OUTBOX_ERROR_DAMAGED
 */
ObOutboxRecord *
ob_spool_read (ObSpool        *self,
               ObSpoolFolder   folder,
               const char     *id,
               GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ObOutboxRecord) record = NULL;
  gsize length;

  g_return_val_if_fail (OB_IS_SPOOL (self), NULL);

  if (!ob_spool_id_is_valid (id))
    {
      g_propagate_error (error, not_found_error (id));
      return NULL;
    }
  path = g_build_filename (self->folders[folder], id, RECORD_FILE, NULL);
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, not_found_error (id));
      else
        g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DISK,
                     _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }
  record = ob_outbox_record_new_from_data (data, length, error);
  if (record == NULL)
    return NULL;
  if (!g_str_equal (record->id, id))
    {
      g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DAMAGED,
                   _("The details of this queued message are damaged (%s)."),
                   _("they belong to another message"));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/**
 * ob_spool_write:
 *
 * Replaces the entry's record. The caller holds the entry's lock.
 */
gboolean
ob_spool_write (ObSpool               *self,
                ObSpoolFolder          folder,
                const ObOutboxRecord  *record,
                GError               **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);
  g_return_val_if_fail (ob_spool_id_is_valid (record->id), FALSE);

  path = g_build_filename (self->folders[folder], record->id, RECORD_FILE, NULL);
  data = ob_outbox_record_to_data (record, &length);
  return write_durably (path, data, length, error);
}

/**
 * ob_spool_remove:
 *
 * Removes the entry, its record first: from then on it does not exist,
 * whatever a crash leaves of the rest. The caller holds the entry's lock.
 */
gboolean
ob_spool_remove (ObSpool        *self,
                 ObSpoolFolder   folder,
                 const char     *id,
                 GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *record = NULL;

  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);
  g_return_val_if_fail (ob_spool_id_is_valid (id), FALSE);

  path = g_build_filename (self->folders[folder], id, NULL);
  record = g_build_filename (path, RECORD_FILE, NULL);
  if (g_unlink (record) != 0 && errno != ENOENT)
    return ob_spool_fail_errno (error, errno, record);
  if (!ob_spool_sync_directory (path, error))
    return FALSE;
  remove_tree (path);
  return ob_spool_sync_directory (self->folders[folder], error);
}

/**
 * ob_spool_move_to_sent:
 *
 * Moves the entry, whole, from the outbox to the sent folder. The caller
 * holds the entry's lock.
 */
gboolean
ob_spool_move_to_sent (ObSpool     *self,
                       const char  *id,
                       GError     **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);
  g_return_val_if_fail (ob_spool_id_is_valid (id), FALSE);

  from = g_build_filename (self->folders[OB_SPOOL_OUTBOX], id, NULL);
  to = g_build_filename (self->folders[OB_SPOOL_SENT], id, NULL);
  if (!ob_spool_ensure (self, error))
    return FALSE;
  if (g_rename (from, to) != 0)
    return ob_spool_fail_errno (error, errno, to);
  return ob_spool_sync_directory (self->folders[OB_SPOOL_SENT], error) &&
         ob_spool_sync_directory (self->folders[OB_SPOOL_OUTBOX], error);
}
