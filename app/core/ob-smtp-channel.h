/* ob-smtp-channel.h — the buffered, time-bounded byte pipe under an SMTP client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_CHANNEL (ob_smtp_channel_get_type ())

G_DECLARE_FINAL_TYPE (ObSmtpChannel, ob_smtp_channel, OB, SMTP_CHANNEL, GOutputStream)

ObSmtpChannel *ob_smtp_channel_new              (GIOStream      *stream,
                                                 GMainContext   *context,
                                                 ObTranscript   *transcript,
                                                 guint           timeout_seconds);
GIOStream     *ob_smtp_channel_get_stream       (ObSmtpChannel  *self);
void           ob_smtp_channel_set_stage        (ObSmtpChannel  *self,
                                                 ObSmtpStage     stage);
ObSmtpStage    ob_smtp_channel_get_stage        (ObSmtpChannel  *self);
gsize          ob_smtp_channel_replace_stream   (ObSmtpChannel  *self,
                                                 GIOStream      *stream);

void           ob_smtp_channel_queue_command    (ObSmtpChannel  *self,
                                                 const char     *line);
void           ob_smtp_channel_queue_secret     (ObSmtpChannel  *self,
                                                 const char     *line,
                                                 const char     *what);
void           ob_smtp_channel_queue_raw        (ObSmtpChannel  *self,
                                                 const char     *data,
                                                 gsize           len);
gboolean       ob_smtp_channel_flush_all        (ObSmtpChannel  *self,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
ObSmtpReply   *ob_smtp_channel_read_reply       (ObSmtpChannel  *self,
                                                 guint           deadline_seconds,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
guint          ob_smtp_channel_get_round_trips  (ObSmtpChannel  *self);
guint64        ob_smtp_channel_get_bytes_sent   (ObSmtpChannel  *self);

gboolean       ob_smtp_wait_for                 (GMainContext   *context,
                                                 gboolean       *done,
                                                 gint64          deadline,
                                                 GCancellable   *cancellable);
GError        *ob_smtp_error_from_io            (GError         *io_error,
                                                 ObSmtpStage     stage);

G_END_DECLS
