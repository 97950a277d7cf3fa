/* ob-send-status.h — a message being sent: progress, then what became of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-diagnosis.h"

G_BEGIN_DECLS

#define OB_TYPE_SEND_STATUS (ob_send_status_get_type ())

G_DECLARE_FINAL_TYPE (ObSendStatus, ob_send_status, OB, SEND_STATUS, GtkBox)

/* Signals: "cancel" (stop sending), "keep" (leave the message in the
 * outbox), "delete" (take it out of the outbox). */
void ob_send_status_show_progress (ObSendStatus *self,
                                   guint64       bytes_sent,
                                   guint64       total);
void ob_send_status_show_outcome  (ObSendStatus *self,
                                   ObDiagnosis  *diagnosis,
                                   const char   *text,
                                   gboolean      can_delete);

G_END_DECLS
