/* ob-mime-output-stream.h — a GMimeStream that writes into a GOutputStream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-gmime.h"

G_BEGIN_DECLS

/* Declared by hand: G_DECLARE_FINAL_TYPE() chains up to the parent's
 * g_autoptr() cleanup, which GMime 3.2 does not define. */
#define OB_TYPE_MIME_OUTPUT_STREAM (ob_mime_output_stream_get_type ())
#define OB_MIME_OUTPUT_STREAM(obj) \
  (G_TYPE_CHECK_INSTANCE_CAST ((obj), OB_TYPE_MIME_OUTPUT_STREAM, ObMimeOutputStream))
#define OB_IS_MIME_OUTPUT_STREAM(obj) \
  (G_TYPE_CHECK_INSTANCE_TYPE ((obj), OB_TYPE_MIME_OUTPUT_STREAM))

typedef struct _ObMimeOutputStream ObMimeOutputStream;
typedef struct
{
  GMimeStreamClass parent_class;
} ObMimeOutputStreamClass;

GType               ob_mime_output_stream_get_type  (void) G_GNUC_CONST;
GMimeStream        *ob_mime_output_stream_new       (GOutputStream       *out,
                                                     GCancellable        *cancellable);
const GError       *ob_mime_output_stream_get_error (ObMimeOutputStream  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObMimeOutputStream, g_object_unref)

G_END_DECLS
