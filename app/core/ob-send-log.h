/* ob-send-log.h — when each account last sent, for its sending limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ObSendLog ObSendLog;

ObSendLog *ob_send_log_new       (const char  *path);
void       ob_send_log_free      (ObSendLog   *self);
gboolean   ob_send_log_reload    (ObSendLog   *self,
                                  gint64       now,
                                  GError     **error);
gboolean   ob_send_log_record    (ObSendLog   *self,
                                  const char  *account_id,
                                  gint64       time,
                                  GError     **error);
guint      ob_send_log_allowance (ObSendLog   *self,
                                  const char  *account_id,
                                  guint        per_minute,
                                  guint        per_day,
                                  gint64       now,
                                  gint64      *next);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSendLog, ob_send_log_free)

G_END_DECLS
