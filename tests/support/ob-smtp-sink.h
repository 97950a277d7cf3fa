/* ob-smtp-sink.h — an SMTP server that accepts everything, for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OB_TYPE_SMTP_SINK (ob_smtp_sink_get_type ())
G_DECLARE_FINAL_TYPE (ObSmtpSink, ob_smtp_sink, OB, SMTP_SINK, GObject)

ObSmtpSink *ob_smtp_sink_new               (guint        reply_delay_ms);
gboolean    ob_smtp_sink_start             (ObSmtpSink  *self,
                                            GError     **error);
guint16     ob_smtp_sink_get_port          (ObSmtpSink  *self);
gboolean    ob_smtp_sink_wait              (ObSmtpSink  *self,
                                            guint        n_messages,
                                            guint        timeout_ms);
void        ob_smtp_sink_stop              (ObSmtpSink  *self);

guint       ob_smtp_sink_get_n_connections (ObSmtpSink  *self);
guint       ob_smtp_sink_get_n_messages    (ObSmtpSink  *self);
guint64     ob_smtp_sink_get_n_data_bytes  (ObSmtpSink  *self);
guint       ob_smtp_sink_get_n_flights     (ObSmtpSink  *self);

G_END_DECLS
