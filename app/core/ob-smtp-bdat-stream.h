/* ob-smtp-bdat-stream.h — message data as BDAT chunks (RFC 3030)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-smtp-channel.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_BDAT_STREAM (ob_smtp_bdat_stream_get_type ())

G_DECLARE_FINAL_TYPE (ObSmtpBdatStream, ob_smtp_bdat_stream, OB, SMTP_BDAT_STREAM, GOutputStream)

ObSmtpBdatStream *ob_smtp_bdat_stream_new          (ObSmtpChannel     *channel,
                                                    gsize              chunk_size);
gboolean          ob_smtp_bdat_stream_finish       (ObSmtpBdatStream  *self,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
guint             ob_smtp_bdat_stream_get_n_chunks (ObSmtpBdatStream  *self);

G_END_DECLS
