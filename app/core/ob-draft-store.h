/* ob-draft-store.h — drafts kept safe on disk while they are written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-draft.h"

G_BEGIN_DECLS

#define OB_DRAFT_STORE_ERROR (ob_draft_store_error_quark ())

/**
 * ObDraftStoreError:
 * @OB_DRAFT_STORE_ERROR_DAMAGED: a draft's file cannot be read as a draft;
 *   it was renamed, with ".broken" added, so nothing is lost and it is not
 *   reported again
 * @OB_DRAFT_STORE_ERROR_WRITE: a draft could not be saved (a full disk,
 *   missing permissions); the previous copy is unchanged
 */
typedef enum {
  OB_DRAFT_STORE_ERROR_DAMAGED,
  OB_DRAFT_STORE_ERROR_WRITE,
} ObDraftStoreError;

#define OB_TYPE_DRAFT_STORE (ob_draft_store_get_type ())

G_DECLARE_FINAL_TYPE (ObDraftStore, ob_draft_store, OB, DRAFT_STORE, GObject)

GQuark        ob_draft_store_error_quark  (void);

ObDraftStore *ob_draft_store_new          (const char          *dir);
ObDraftStore *ob_draft_store_new_default  (void);
const char   *ob_draft_store_get_dir      (ObDraftStore        *self);
char         *ob_draft_store_get_path     (ObDraftStore        *self,
                                           const char          *id);

void          ob_draft_store_save_async   (ObDraftStore        *self,
                                           ObDraft             *draft,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      ob_draft_store_save_finish  (ObDraftStore        *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void          ob_draft_store_delete_async (ObDraftStore        *self,
                                           const char          *id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      ob_draft_store_delete_finish (ObDraftStore       *self,
                                            GAsyncResult       *result,
                                            GError            **error);
void          ob_draft_store_list_async   (ObDraftStore        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray    *ob_draft_store_list_finish  (ObDraftStore        *self,
                                           GAsyncResult        *result,
                                           GPtrArray          **problems,
                                           GError             **error);

G_END_DECLS
