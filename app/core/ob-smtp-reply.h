/* ob-smtp-reply.h — one SMTP reply: code, enhanced status code, text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_REPLY (ob_smtp_reply_get_type ())

GType               ob_smtp_reply_get_type          (void) G_GNUC_CONST;
ObSmtpReply        *ob_smtp_reply_new               (guint               code,
                                                     const char * const *lines);
ObSmtpReply        *ob_smtp_reply_ref               (ObSmtpReply        *reply);
void                ob_smtp_reply_unref             (ObSmtpReply        *reply);

guint               ob_smtp_reply_get_code          (ObSmtpReply        *reply);
const char         *ob_smtp_reply_get_enhanced_code (ObSmtpReply        *reply);
const char * const *ob_smtp_reply_get_lines         (ObSmtpReply        *reply);
const char         *ob_smtp_reply_get_text          (ObSmtpReply        *reply);
char               *ob_smtp_reply_to_string         (ObSmtpReply        *reply);

gboolean            ob_smtp_reply_is_success        (ObSmtpReply        *reply);
gboolean            ob_smtp_reply_is_intermediate   (ObSmtpReply        *reply);
gboolean            ob_smtp_reply_is_transient      (ObSmtpReply        *reply);
gboolean            ob_smtp_reply_is_permanent      (ObSmtpReply        *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSmtpReply, ob_smtp_reply_unref)

G_END_DECLS
