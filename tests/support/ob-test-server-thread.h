/* ob-test-server-thread.h — a TCP listener on 127.0.0.1 with its own thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _ObTestServerThread ObTestServerThread;

/* Called in the server thread for each accepted client. */
typedef void (*ObTestIncomingFunc) (ObTestServerThread *thread,
                                    GSocketConnection  *connection,
                                    gpointer            user_data);
/* Called in the server thread when stopping: end every connection. */
typedef void (*ObTestShutdownFunc) (gpointer            user_data);

ObTestServerThread *ob_test_server_thread_start       (const char         *name,
                                                       ObTestIncomingFunc  incoming,
                                                       ObTestShutdownFunc  shutdown,
                                                       gpointer            user_data,
                                                       GError            **error);
guint16             ob_test_server_thread_get_port    (ObTestServerThread *self);
GMainContext       *ob_test_server_thread_get_context (ObTestServerThread *self);
gboolean            ob_test_server_thread_is_stopping (ObTestServerThread *self);
void                ob_test_server_thread_hold        (ObTestServerThread *self);
void                ob_test_server_thread_release     (ObTestServerThread *self);
void                ob_test_server_thread_stop        (ObTestServerThread *self);

G_END_DECLS
