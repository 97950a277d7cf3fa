/* ob-deadline.h — a cancellable that also fires after a time limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ObDeadline ObDeadline;

ObDeadline   *ob_deadline_new             (GCancellable  *parent,
                                           guint          timeout_ms);
GCancellable *ob_deadline_get_cancellable (ObDeadline    *self);
gboolean      ob_deadline_check_error     (ObDeadline    *self,
                                           GError       **error,
                                           const char    *what);
void          ob_deadline_free            (ObDeadline    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObDeadline, ob_deadline_free)

G_END_DECLS
