/* ob-mime-file-stream.h — a file opened for GMime to read, with real errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-gmime.h"

G_BEGIN_DECLS

/* Declared by hand: G_DECLARE_FINAL_TYPE() chains up to the parent's
 * g_autoptr() cleanup, which GMime 3.2 does not define. */
#define OB_TYPE_MIME_FILE_STREAM (ob_mime_file_stream_get_type ())
#define OB_MIME_FILE_STREAM(obj) \
  (G_TYPE_CHECK_INSTANCE_CAST ((obj), OB_TYPE_MIME_FILE_STREAM, ObMimeFileStream))
#define OB_IS_MIME_FILE_STREAM(obj) \
  (G_TYPE_CHECK_INSTANCE_TYPE ((obj), OB_TYPE_MIME_FILE_STREAM))

typedef struct _ObMimeFileStream ObMimeFileStream;
typedef struct
{
  GMimeStreamFsClass parent_class;
} ObMimeFileStreamClass;

GType         ob_mime_file_stream_get_type  (void) G_GNUC_CONST;
GMimeStream  *ob_mime_file_stream_open      (GFile             *file,
                                             const char        *name,
                                             GError           **error);
guint64       ob_mime_file_stream_get_size  (ObMimeFileStream  *self);
const GError *ob_mime_file_stream_get_error (ObMimeFileStream  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObMimeFileStream, g_object_unref)

G_END_DECLS
