/* ob-draft-store.c — drafts kept safe on disk while they are written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One keyfile per draft, <dir>/<id>.ini, readable by its owner only (a
 * draft is someone's mail). Each save writes a temporary file, syncs it and
 * renames it over the old one, so a crash leaves either copy whole, never
 * half of one.
 *
 * Every operation runs in one shared worker thread, in the order asked: a
 * save still in flight when its message is sent must not bring the draft
 * back after it was deleted.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ob-draft-store.h"

#define GROUP "Draft"
#define SUFFIX ".ini"

struct _ObDraftStore
{
  GObject  parent_instance;

  char    *dir;
};

G_DEFINE_FINAL_TYPE (ObDraftStore, ob_draft_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ob-draft-store-error-quark, ob_draft_store_error)

typedef enum {
  JOB_SAVE,
  JOB_DELETE,
  JOB_LIST,
} JobKind;

typedef struct
{
  JobKind    kind;
  char      *id;
  char      *data;      /* JOB_SAVE: the keyfile */
  gsize      length;
  GPtrArray *problems;  /* JOB_LIST: GError */
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->data);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static void
ob_draft_store_finalize (GObject *object)
{
  ObDraftStore *self = OB_DRAFT_STORE (object);

  g_free (self->dir);

  G_OBJECT_CLASS (ob_draft_store_parent_class)->finalize (object);
}

static void
ob_draft_store_class_init (ObDraftStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_draft_store_finalize;
}

static void
ob_draft_store_init (ObDraftStore *self)
{
}

/**
 * ob_draft_store_new:
 * @dir: the folder of the drafts; created, private, on the first save
 */
ObDraftStore *
ob_draft_store_new (const char *dir)
{
  ObDraftStore *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (OB_TYPE_DRAFT_STORE, NULL);
  self->dir = g_strdup (dir);
  return self;
}

/* $XDG_DATA_HOME/outbound/drafts */
ObDraftStore *
ob_draft_store_new_default (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "outbound", "drafts", NULL);

  return ob_draft_store_new (dir);
}

const char *
ob_draft_store_get_dir (ObDraftStore *self)
{
  g_return_val_if_fail (OB_IS_DRAFT_STORE (self), NULL);

  return self->dir;
}

char *
ob_draft_store_get_path (ObDraftStore *self,
                         const char   *id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (OB_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  name = g_strconcat (id, SUFFIX, NULL);
  return g_build_filename (self->dir, name, NULL);
}

/* Ids are made here (UUIDs) or read from file names; one that could name
 * another folder never reaches the disk. */
static gboolean
id_is_safe (const char *id)
{
  if (*id == '\0' || *id == '.')
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

static char *
serialize (ObDraft *draft,
           gsize   *length)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  const char * const *attachments = ob_draft_get_attachments (draft);

  g_key_file_set_string (file, GROUP, "Account", ob_draft_get_account_id (draft));
  g_key_file_set_string (file, GROUP, "To", ob_draft_get_to (draft));
  g_key_file_set_string (file, GROUP, "Cc", ob_draft_get_cc (draft));
  g_key_file_set_string (file, GROUP, "Bcc", ob_draft_get_bcc (draft));
  g_key_file_set_string (file, GROUP, "Subject", ob_draft_get_subject (draft));
  g_key_file_set_string (file, GROUP, "Body", ob_draft_get_body (draft));
  g_key_file_set_string_list (file, GROUP, "Attachments", attachments,
                              g_strv_length ((char **) attachments));
  g_key_file_set_int64 (file, GROUP, "Modified", ob_draft_get_modified (draft));
  return g_key_file_to_data (file, length, NULL);
}

static ObDraft *
deserialize (const char  *id,
             const char  *path,
             GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(ObDraft) draft = ob_draft_new (id);
  g_auto(GStrv) attachments = NULL;
  static const char *const keys[] = { "Account", "To", "Cc", "Bcc", "Subject", "Body" };
  static const char *const props[] = { "account-id", "to", "cc", "bcc", "subject", "body" };

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return NULL;
  if (!g_key_file_has_group (file, GROUP))
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                           _("It is not a draft."));
      return NULL;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = NULL;

      if (!g_key_file_has_key (file, GROUP, keys[i], NULL))
        continue;
      value = g_key_file_get_string (file, GROUP, keys[i], error);
      if (value == NULL)
        return NULL;
      g_object_set (draft, props[i], value, NULL);
    }
  if (g_key_file_has_key (file, GROUP, "Attachments", NULL))
    {
      attachments = g_key_file_get_string_list (file, GROUP, "Attachments", NULL, error);
      if (attachments == NULL)
        return NULL;
      ob_draft_set_attachments (draft, (const char * const *) attachments);
    }
  ob_draft_set_modified (draft, g_key_file_get_int64 (file, GROUP, "Modified", NULL));
  return g_steal_pointer (&draft);
}

static gboolean
save_job (ObDraftStore  *self,
          Job           *job,
          GError       **error)
{
  g_autofree char *path = ob_draft_store_get_path (self, job->id);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (self->dir, 0700) < 0)
    {
      int saved = errno;

      g_set_error (error, OB_DRAFT_STORE_ERROR, OB_DRAFT_STORE_ERROR_WRITE,
                   _("The draft cannot be saved in %s: %s"), self->dir, g_strerror (saved));
      return FALSE;
    }
  /* A temporary file, synced, then renamed over the old copy. */
  if (!g_file_set_contents_full (path, job->data, job->length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, OB_DRAFT_STORE_ERROR, OB_DRAFT_STORE_ERROR_WRITE,
                   _("The draft could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_job (ObDraftStore  *self,
            Job           *job,
            GError       **error)
{
  g_autofree char *path = ob_draft_store_get_path (self, job->id);

  if (g_unlink (path) < 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The draft %s could not be deleted: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A draft that cannot be read keeps its words under another name, where a
 * person (or a support request) can still get at them. */
static GError *
set_aside (const char   *path,
           const GError *why)
{
  g_autofree char *aside = g_strconcat (path, ".broken", NULL);

  if (g_rename (path, aside) < 0)
    {
      int saved = errno;

      return g_error_new (OB_DRAFT_STORE_ERROR, OB_DRAFT_STORE_ERROR_DAMAGED,
                          _("The draft %s cannot be read (%s), nor renamed: %s"),
                          path, why->message, g_strerror (saved));
    }
  return g_error_new (OB_DRAFT_STORE_ERROR, OB_DRAFT_STORE_ERROR_DAMAGED,
                      _("The draft %s cannot be read (%s). It was kept as %s."),
                      path, why->message, aside);
}

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  gint64 ma = ob_draft_get_modified (*(ObDraft **) a);
  gint64 mb = ob_draft_get_modified (*(ObDraft **) b);

  return ma < mb ? -1 : ma > mb;
}

static GPtrArray *
list_job (ObDraftStore  *self,
          Job           *job,
          GError       **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (self->dir, 0, &local_error);
  const char *name;

  job->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&drafts);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      g_autofree char *path = NULL;
      ObDraft *draft;

      if (!g_str_has_suffix (name, SUFFIX))
        continue;
      id = g_strndup (name, strlen (name) - strlen (SUFFIX));
      if (!id_is_safe (id))
        continue;
      path = g_build_filename (self->dir, name, NULL);
      draft = deserialize (id, path, &local_error);
      if (draft != NULL)
        g_ptr_array_add (drafts, draft);
      else
        {
          g_ptr_array_add (job->problems, set_aside (path, local_error));
          g_clear_error (&local_error);
        }
    }
  g_ptr_array_sort (drafts, compare_modified);
  return g_steal_pointer (&drafts);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  ObDraftStore *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *drafts;

  switch (job->kind)
    {
    case JOB_SAVE:
      if (save_job (self, job, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case JOB_DELETE:
      if (delete_job (self, job, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case JOB_LIST:
      drafts = list_job (self, job, &error);
      if (drafts != NULL)
        g_task_return_pointer (task, drafts, (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, error);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* One thread for every store, never freed: the order of operations is the
 * order they were asked in. */
static void
push_job (ObDraftStore *self,
          Job          *job,
          GCancellable *cancellable,
          gpointer      source_tag,
          GAsyncReadyCallback callback,
          gpointer      user_data)
{
  static GThreadPool *worker;
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (g_once_init_enter (&worker))
    g_once_init_leave (&worker, g_thread_pool_new (run_job, NULL, 1, FALSE, NULL));

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_thread_pool_push (worker, task, NULL);
}

/**
 * ob_draft_store_save_async:
 *
 * Saves what @draft holds now; changes made afterwards need another save.
 */
void
ob_draft_store_save_async (ObDraftStore        *self,
                           ObDraft             *draft,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OB_IS_DRAFT_STORE (self));
  g_return_if_fail (OB_IS_DRAFT (draft));
  g_return_if_fail (id_is_safe (ob_draft_get_id (draft)));

  job = g_new0 (Job, 1);
  job->kind = JOB_SAVE;
  job->id = g_strdup (ob_draft_get_id (draft));
  job->data = serialize (draft, &job->length);
  push_job (self, job, cancellable, ob_draft_store_save_async, callback, user_data);
}

gboolean
ob_draft_store_save_finish (ObDraftStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ob_draft_store_delete_async:
 *
 * Deletes the draft, once its message is safe elsewhere (in the outbox).
 * Saves asked for before take place first. A draft that is not there is
 * not an error.
 */
void
ob_draft_store_delete_async (ObDraftStore        *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OB_IS_DRAFT_STORE (self));
  g_return_if_fail (id != NULL && id_is_safe (id));

  job = g_new0 (Job, 1);
  job->kind = JOB_DELETE;
  job->id = g_strdup (id);
  push_job (self, job, cancellable, ob_draft_store_delete_async, callback, user_data);
}

gboolean
ob_draft_store_delete_finish (ObDraftStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ob_draft_store_list_async:
 *
 * Reads every draft in the folder: after a crash, the ones whose messages
 * were never sent. A draft that cannot be read is set aside (see
 * %OB_DRAFT_STORE_ERROR_DAMAGED) and reported, not returned.
 */
void
ob_draft_store_list_async (ObDraftStore        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OB_IS_DRAFT_STORE (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_LIST;
  push_job (self, job, cancellable, ob_draft_store_list_async, callback, user_data);
}

/**
 * ob_draft_store_list_finish:
 * @problems: (out) (optional) (transfer full) (element-type GError): the
 *   drafts that could not be read
 *
 * Returns: (transfer full) (element-type ObDraft): the drafts, oldest
 *   first, or %NULL when the folder cannot be read
 */
GPtrArray *
ob_draft_store_list_finish (ObDraftStore  *self,
                            GAsyncResult  *result,
                            GPtrArray    **problems,
                            GError       **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (problems != NULL)
    *problems = job->problems ? g_ptr_array_ref (job->problems)
                              : g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  return g_task_propagate_pointer (G_TASK (result), error);
}
