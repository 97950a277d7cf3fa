/* ob-send-result.h — what happened to one message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SEND_RESULT (ob_send_result_get_type ())

GType               ob_send_result_get_type            (void) G_GNUC_CONST;
ObSendResult       *ob_send_result_new                 (void);
ObSendResult       *ob_send_result_ref                 (ObSendResult  *result);
void                ob_send_result_unref               (ObSendResult  *result);

void                ob_send_result_add_accepted        (ObSendResult  *result,
                                                        const char    *recipient);
void                ob_send_result_add_rejected        (ObSendResult  *result,
                                                        const char    *recipient,
                                                        ObSmtpReply   *reply);
void                ob_send_result_set_final_reply     (ObSendResult  *result,
                                                        ObSmtpReply   *reply);
void                ob_send_result_set_error           (ObSendResult  *result,
                                                        const GError  *error);
void                ob_send_result_set_size            (ObSendResult  *result,
                                                        guint64        size);

gboolean            ob_send_result_is_sent             (ObSendResult  *result);
const GError       *ob_send_result_get_error           (ObSendResult  *result);
const char * const *ob_send_result_get_accepted        (ObSendResult  *result);
guint               ob_send_result_get_n_rejected      (ObSendResult  *result);
const char         *ob_send_result_get_rejected        (ObSendResult  *result,
                                                        guint          index,
                                                        ObSmtpReply  **reply);
ObSmtpReply        *ob_send_result_get_final_reply     (ObSendResult  *result);
const char         *ob_send_result_get_queue_id        (ObSendResult  *result);
guint64             ob_send_result_get_size            (ObSendResult  *result);

char               *ob_smtp_reply_find_queue_id        (ObSmtpReply   *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSendResult, ob_send_result_unref)

G_END_DECLS
