/* ob-message.h — a message built from a draft, as RFC 5322 + MIME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-message-source.h"

G_BEGIN_DECLS

#define OB_TYPE_MESSAGE (ob_message_get_type ())

G_DECLARE_FINAL_TYPE (ObMessage, ob_message, OB, MESSAGE, GObject)

ObMessage  *ob_message_new              (void);

gboolean    ob_message_set_from         (ObMessage   *self,
                                         const char  *display_name,
                                         const char  *address,
                                         GError     **error);
gboolean    ob_message_add_to           (ObMessage   *self,
                                         const char  *display_name,
                                         const char  *address,
                                         GError     **error);
gboolean    ob_message_add_cc           (ObMessage   *self,
                                         const char  *display_name,
                                         const char  *address,
                                         GError     **error);
gboolean    ob_message_add_bcc          (ObMessage   *self,
                                         const char  *display_name,
                                         const char  *address,
                                         GError     **error);
gboolean    ob_message_set_reply_to     (ObMessage   *self,
                                         const char  *address,
                                         GError     **error);
gboolean    ob_message_set_subject      (ObMessage   *self,
                                         const char  *subject,
                                         GError     **error);
void        ob_message_set_body         (ObMessage   *self,
                                         const char  *text);
gboolean    ob_message_add_attachment   (ObMessage   *self,
                                         GFile       *file,
                                         GError     **error);

const char *ob_message_get_message_id   (ObMessage   *self);
ObEnvelope *ob_message_make_envelope    (ObMessage   *self);

G_END_DECLS
