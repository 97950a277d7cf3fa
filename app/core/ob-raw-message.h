/* ob-raw-message.h — a complete RFC 5322 message given as a file or bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-message-source.h"

G_BEGIN_DECLS

#define OB_TYPE_RAW_MESSAGE (ob_raw_message_get_type ())

G_DECLARE_FINAL_TYPE (ObRawMessage, ob_raw_message, OB, RAW_MESSAGE, GObject)

ObRawMessage *ob_raw_message_new_from_file  (GFile         *file,
                                             GCancellable  *cancellable,
                                             GError       **error);
ObRawMessage *ob_raw_message_new_from_bytes (GBytes        *bytes,
                                             GError       **error);

char         *ob_raw_message_get_sender     (ObRawMessage  *self);
GStrv         ob_raw_message_get_recipients (ObRawMessage  *self);
void          ob_raw_message_set_strip_bcc  (ObRawMessage  *self,
                                             gboolean       strip_bcc);

G_END_DECLS
