/* ob-smtp-data-stream.h — CRLF line ends and dot-stuffing on the way out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_DATA_STREAM (ob_smtp_data_stream_get_type ())

G_DECLARE_FINAL_TYPE (ObSmtpDataStream, ob_smtp_data_stream, OB, SMTP_DATA_STREAM,
                      GFilterOutputStream)

/**
 * ObSmtpDataStreamProgress:
 * @bytes_out: the octets written to the base stream so far
 * @user_data: the data given with the function
 *
 * Called on the writing thread.
 */
typedef void (*ObSmtpDataStreamProgress) (guint64  bytes_out,
                                          gpointer user_data);

#define OB_SMTP_DATA_STREAM_PROGRESS_STEP (64 * 1024)

ObSmtpDataStream *ob_smtp_data_stream_new            (GOutputStream     *base_stream,
                                                      gboolean           dot_stuffing);
gboolean          ob_smtp_data_stream_finish         (ObSmtpDataStream  *self,
                                                      GCancellable      *cancellable,
                                                      GError           **error);
void              ob_smtp_data_stream_set_progress   (ObSmtpDataStream  *self,
                                                      ObSmtpDataStreamProgress func,
                                                      gpointer           user_data);
guint64           ob_smtp_data_stream_get_bytes_out  (ObSmtpDataStream  *self);
guint64           ob_smtp_data_stream_get_lines      (ObSmtpDataStream  *self);
gboolean          ob_smtp_data_stream_saw_8bit       (ObSmtpDataStream  *self);

G_END_DECLS
