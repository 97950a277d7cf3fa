/* outbox-fixture.h — what the outbox's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-account-store.h"
#include "ob-fake-smtp-server.h"
#include "ob-outbox.h"
#include "ob-raw-message.h"

G_BEGIN_DECLS

/* Every wait in these tests ends by then. */
#define OUTBOX_TEST_TIMEOUT_MS 30000

ObAccountStore *outbox_test_store_new          (const char        *dir);
ObAccount      *outbox_test_add_account        (ObAccountStore    *store,
                                                const char        *address,
                                                guint16            port);
ObRawMessage   *outbox_test_message            (guint              n,
                                                gsize              body_size);
char           *outbox_test_enqueue            (ObOutbox          *outbox,
                                                ObAccount         *account,
                                                guint              n);
void            outbox_test_flush              (ObOutbox          *outbox,
                                                const char        *account_id);
gboolean        outbox_test_wait_for_state     (ObOutbox          *outbox,
                                                const char        *id,
                                                ObOutboxState      state);
ObOutboxState   outbox_test_state              (ObOutbox          *outbox,
                                                const char        *id);
void            outbox_test_script_greeting    (ObFakeSmtpServer  *server,
                                                gboolean           pipelining);
void            outbox_test_script_accept      (ObFakeSmtpServer  *server,
                                                guint              n,
                                                const char        *queue_id);
GPtrArray      *outbox_test_message_ids        (GPtrArray         *messages);

G_END_DECLS
